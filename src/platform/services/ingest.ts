/**
 * @module platform/services/ingest
 * Turning one scan's findings into the app's findings. A finding is one weakness of one app, kept across
 * versions by its fingerprint, so the lab's triage carries over to the next version:
 * - a fingerprint never seen for the app → a new finding, `open` (event `detected`);
 * - seen before and `fixed` → `open` again (event `reopened`);
 * - `accepted` whose acceptance has expired → `open` (event `acceptance-expired`);
 * - otherwise its status stays (confirmed, false positive, accepted, assigned, open) and its data, severity and
 *   title follow the newest scan;
 * - a finding of the app that this scan did not see, while `open`, `confirmed` or `assigned` → `fixed`
 *   (event `not-seen`). False positives and accepted risks stay as they are. When the scan names the checks
 *   that decided (`checksDecided`: a USSD run, whose tests can be deselected, skipped or inconclusive), only
 *   findings of those checks are fixed this way: a test that did not decide saw nothing either way.
 * Runs inside the transaction that marks the scan done (see jobs/scan-job.ts), so a scan is never half stored.
 */
import { randomUUID } from 'node:crypto';
import type { Finding } from '../../index.js';
import type { Queryable } from '../db/db.js';

export interface IngestTarget {
  orgId: string;
  appId: string;
  scanId: string;
  /** When given, only findings of these checks can be marked fixed by not being seen (see above). */
  checksDecided?: readonly string[];
}

export interface IngestSummary {
  /** Findings of the scan (unique fingerprints). */
  seen: number;
  detected: number;
  reopened: number;
  acceptanceExpired: number;
  /** Seen again, status kept. */
  carried: number;
  /** Not seen any more: marked fixed. */
  fixed: number;
}

interface Existing {
  id: string;
  status: string;
  accepted_until: Date | null;
}

/** Statuses that a scan not seeing the finding turns into `fixed`. */
const FIXABLE: readonly string[] = ['open', 'confirmed', 'assigned'];

export async function ingestScanFindings(q: Queryable, t: IngestTarget, findings: readonly Finding[], now: Date = new Date()): Promise<IngestSummary> {
  // One row per fingerprint (the engine already gives unique fingerprints; a damaged result must not break the store).
  const unique = new Map<string, Finding>();
  for (const f of findings) if (!unique.has(f.fingerprint)) unique.set(f.fingerprint, f);
  const sum: IngestSummary = { seen: unique.size, detected: 0, reopened: 0, acceptanceExpired: 0, carried: 0, fixed: 0 };
  const event = (findingId: string, kind: string, from: string | null, to: string | null) =>
    q.query('insert into finding_events (org_id, finding_id, kind, from_status, to_status, scan_id, at) values ($1, $2, $3, $4, $5, $6, $7)', [t.orgId, findingId, kind, from, to, t.scanId, now]);

  for (const [fingerprint, f] of [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const data = JSON.stringify(f);
    const inserted = await q.query<{ id: string }>(
      `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, first_scan_id, last_scan_id, last_seen_at, data, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8, $9, $10, $9)
       on conflict (app_id, fingerprint) do nothing returning id`,
      [randomUUID(), t.orgId, t.appId, fingerprint, f.checkId, f.title, f.severity, t.scanId, now, data],
    );
    let findingId: string;
    if (inserted[0]) {
      findingId = inserted[0].id;
      sum.detected++;
      await event(findingId, 'detected', null, 'open');
    } else {
      const [cur] = await q.query<Existing>('select id, status, accepted_until from findings where org_id = $1 and app_id = $2 and fingerprint = $3 for update', [t.orgId, t.appId, fingerprint]);
      if (!cur) throw new Error(`finding ${fingerprint} of app ${t.appId} vanished during ingest`);
      findingId = cur.id;
      let status = cur.status;
      if (cur.status === 'fixed') {
        status = 'open';
        sum.reopened++;
        await event(findingId, 'reopened', cur.status, status);
      } else if (cur.status === 'accepted' && cur.accepted_until && new Date(cur.accepted_until).getTime() < now.getTime()) {
        status = 'open';
        sum.acceptanceExpired++;
        await event(findingId, 'acceptance-expired', cur.status, status);
      } else sum.carried++;
      await q.query(
        `update findings set status = $2, check_id = $3, title = $4, severity = $5, last_scan_id = $6, last_seen_at = $7, data = $8, updated_at = $7
          where id = $1`,
        [findingId, status, f.checkId, f.title, f.severity, t.scanId, now, data],
      );
    }
    await q.query('insert into scan_findings (scan_id, finding_id) values ($1, $2) on conflict do nothing', [t.scanId, findingId]);
  }

  const gone = await q.query<{ id: string; status: string }>(
    `select f.id, f.status from findings f
      where f.org_id = $1 and f.app_id = $2 and f.status in (${FIXABLE.map((s) => `'${s}'`).join(', ')})
        and not exists (select 1 from scan_findings sf where sf.scan_id = $3 and sf.finding_id = f.id)${t.checksDecided ? `
        and f.check_id in (select jsonb_array_elements_text($4::jsonb))` : ''}
      order by f.fingerprint for update`,
    [t.orgId, t.appId, t.scanId, ...(t.checksDecided ? [JSON.stringify(t.checksDecided)] : [])],
  );
  for (const g of gone) {
    await q.query("update findings set status = 'fixed', updated_at = $2 where id = $1", [g.id, now]);
    await event(g.id, 'not-seen', g.status, 'fixed');
    sum.fixed++;
  }
  return sum;
}
