"""Departments\x27 quarterly statistical submissions: format, reading, validation, loading, templates, demo."""
