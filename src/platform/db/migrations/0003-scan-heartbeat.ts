/**
 * A running scan's heartbeat: its worker stamps `heartbeat_at` while it works (jobs/scan-job.ts), so that the
 * sweeper (jobs/sweeper.ts) can tell a scan whose worker died — killed, out of memory, a machine restarted —
 * from a long one, without waiting for the queue's job expiry (30 minutes).
 */
export const id = '0003-scan-heartbeat';

export const sql = /* sql */ `
alter table scans add column heartbeat_at timestamptz;
create index scans_unfinished on scans (status) where status in ('queued', 'running');
`;
