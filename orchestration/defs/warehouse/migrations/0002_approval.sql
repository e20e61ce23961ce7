-- Approval and locking of a region × quarter (issue 10): the audit trail (one row per approve or
-- reopen: who, when, what, why) and the locks in force (orchestration/defs/approval/locks.py).
create schema if not exists raw;
create table if not exists raw.approval_events (
    event_no integer, action varchar, region_code varchar, year integer, quarter integer,
    acted_at timestamp, acted_by varchar, reason varchar);
create table if not exists raw.approval_locks (
    region_code varchar, year integer, quarter integer, approved_at timestamp, approved_by varchar,
    comment varchar, event_no integer);
