"""Departments' quarterly statistical submissions: format, reading, validation, loading, templates, demo."""
