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
  const sorted = [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sum: IngestSummary = { seen: unique.size, detected: 0, reopened: 0, acceptanceExpired: 0, carried: 0, fixed: 0 };
  // A few set-based statements whatever the number of findings (not a round trip or three per finding):
  // rows travel as one JSON parameter each, which both backends take the same way.
  const events: Array<{ finding_id: string; kind: string; from_status: string | null; to_status: string }> = [];

  // 1. New fingerprints become open findings (a concurrent scan of the same app may have inserted some first).
  const inserted = await q.query<{ id: string; fingerprint: string }>(
    `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, first_scan_id, last_scan_id, last_seen_at, data, updated_at)
     select r.id, $1, $2, r.fingerprint, r.check_id, r.title, r.severity, 'open', $3, $3, $4, r.data, $4
       from jsonb_to_recordset($5::jsonb) as r(id uuid, fingerprint text, check_id text, title text, severity text, data jsonb)
      order by r.fingerprint
     on conflict (app_id, fingerprint) do nothing
     returning id, fingerprint`,
    [t.orgId, t.appId, t.scanId, now, JSON.stringify(sorted.map(([fingerprint, f]) => ({ id: randomUUID(), fingerprint, check_id: f.checkId, title: f.title, severity: f.severity, data: f })))],
  );
  const ids = new Map<string, string>();
  for (const r of inserted) {
    ids.set(r.fingerprint, r.id);
    events.push({ finding_id: r.id, kind: 'detected', from_status: null, to_status: 'open' });
    sum.detected++;
  }

  // 2. The others existed: reopen the fixed ones and the expired acceptances, keep the rest; data follows the scan.
  const known = sorted.filter(([fp]) => !ids.has(fp));
  if (known.length) {
    const existing = await q.query<Existing & { fingerprint: string }>(
      `select id, fingerprint, status, accepted_until from findings
        where org_id = $1 and app_id = $2 and fingerprint in (select jsonb_array_elements_text($3::jsonb)) order by fingerprint for update`,
      [t.orgId, t.appId, JSON.stringify(known.map(([fp]) => fp))],
    );
    const byFp = new Map(existing.map((e) => [e.fingerprint, e]));
    const updates: Array<{ id: string; status: string; check_id: string; title: string; severity: string; data: Finding }> = [];
    for (const [fingerprint, f] of known) {
      const cur = byFp.get(fingerprint);
      if (!cur) throw new Error(`finding ${fingerprint} of app ${t.appId} vanished during ingest`);
      ids.set(fingerprint, cur.id);
      let status = cur.status;
      if (cur.status === 'fixed') {
        status = 'open';
        sum.reopened++;
        events.push({ finding_id: cur.id, kind: 'reopened', from_status: cur.status, to_status: status });
      } else if (cur.status === 'accepted' && cur.accepted_until && new Date(cur.accepted_until).getTime() < now.getTime()) {
        status = 'open';
        sum.acceptanceExpired++;
        events.push({ finding_id: cur.id, kind: 'acceptance-expired', from_status: cur.status, to_status: status });
      } else sum.carried++;
      updates.push({ id: cur.id, status, check_id: f.checkId, title: f.title, severity: f.severity, data: f });
    }
    await q.query(
      `update findings f set status = r.status, check_id = r.check_id, title = r.title, severity = r.severity, last_scan_id = $1, last_seen_at = $2, data = r.data, updated_at = $2
         from jsonb_to_recordset($3::jsonb) as r(id uuid, status text, check_id text, title text, severity text, data jsonb)
        where f.id = r.id`,
      [t.scanId, now, JSON.stringify(updates)],
    );
  }

  // 3. What this scan saw.
  if (ids.size) {
    await q.query(
      `insert into scan_findings (scan_id, finding_id) select $1, x::uuid from jsonb_array_elements_text($2::jsonb) as x on conflict do nothing`,
      [t.scanId, JSON.stringify(sorted.map(([fp]) => ids.get(fp)))],
    );
  }

  // 4. Findings of the app this scan did not see: fixed, from the statuses that allow it.
  const gone = await q.query<{ id: string; status: string }>(
    `select f.id, f.status from findings f
      where f.org_id = $1 and f.app_id = $2 and f.status in (${FIXABLE.map((s) => `'${s}'`).join(', ')})
        and not exists (select 1 from scan_findings sf where sf.scan_id = $3 and sf.finding_id = f.id)${t.checksDecided ? `
        and f.check_id in (select jsonb_array_elements_text($4::jsonb))` : ''}
      order by f.fingerprint for update`,
    [t.orgId, t.appId, t.scanId, ...(t.checksDecided ? [JSON.stringify(t.checksDecided)] : [])],
  );
  if (gone.length) {
    await q.query(`update findings set status = 'fixed', updated_at = $2 where id in (select x::uuid from jsonb_array_elements_text($1::jsonb) as x)`, [JSON.stringify(gone.map((g) => g.id)), now]);
    for (const g of gone) events.push({ finding_id: g.id, kind: 'not-seen', from_status: g.status, to_status: 'fixed' });
    sum.fixed = gone.length;
  }

  // 5. The events, in the order they were decided.
  if (events.length) {
    await q.query(
      `insert into finding_events (org_id, finding_id, kind, from_status, to_status, scan_id, at)
       select $1, (e.v->>'finding_id')::uuid, e.v->>'kind', e.v->>'from_status', e.v->>'to_status', $2, $3
         from jsonb_array_elements($4::jsonb) with ordinality as e(v, n)
        order by e.n`,
      [t.orgId, t.scanId, now, JSON.stringify(events)],
    );
  }
  return sum;
}
