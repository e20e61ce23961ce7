"""Approval and locking of region × quarter figures (DHIS2's data approval): `plantrack approve`,
`plantrack reopen`, the lock the loader checks, and the audit trail published for BI (locks.py)."""
