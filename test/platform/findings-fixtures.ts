/**
 * Findings straight in the database, for tests of triage and the dashboard that should not wait for a real
 * scan: a provider, an app, a finished scan and finding rows shaped like the ingest writes them.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db/db.js';
import type { Finding, Severity } from '../../src/findings/types.js';
import type { FindingStatus } from '../../src/platform/types.js';

export async function addProvider(q: Queryable, orgId: string, name = `Provider ${randomUUID().slice(0, 8)}`): Promise<string> {
  const id = randomUUID();
  await q.query(`insert into providers (id, org_id, name, kind) values ($1, $2, $3, 'bank')`, [id, orgId, name]);
  return id;
}

export async function addApp(q: Queryable, orgId: string, providerId: string, name = `App ${randomUUID().slice(0, 8)}`): Promise<string> {
  const id = randomUUID();
  await q.query(`insert into apps (id, org_id, provider_id, name, platform, identifier) values ($1, $2, $3, $4, 'android', $5)`, [id, orgId, providerId, name, `com.test.a${id.replace(/-/g, '')}`]);
  return id;
}

export async function addDoneScan(q: Queryable, orgId: string, appId: string, providerId: string, o: { score?: number; grade?: string; fileName?: string; createdAt?: Date } = {}): Promise<string> {
  const id = randomUUID();
  await q.query(
    `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, score, grade, created_at, started_at, finished_at)
     values ($1, $2, $3, $4, 'android', 'done', $5, $6, $7, $8, $8, $8)`,
    [id, orgId, appId, providerId, o.fileName ?? 'app.apk', o.score ?? 72, o.grade ?? 'C', o.createdAt ?? new Date()],
  );
  return id;
}

export function findingData(o: { checkId?: string; title?: string; severity?: Severity; fingerprint?: string } = {}): Finding {
  const checkId = o.checkId ?? 'android.manifest.debuggable';
  return {
    checkId,
    title: o.title ?? 'The app is debuggable',
    severity: o.severity ?? 'high',
    confidence: 'high',
    message: 'android:debuggable="true" lets anyone attach a debugger <and read memory>.',
    locations: [{ path: 'AndroidManifest.xml', element: 'manifest/application', attribute: 'android:debuggable' }],
    evidence: ['<application android:debuggable="true">'],
    remediation: 'Remove android:debuggable from release builds.',
    references: { masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0067'], cwe: ['CWE-489'], dfs: ['APP-01'] },
    fingerprint: o.fingerprint ?? randomUUID(),
  };
}

export interface FindingSeed {
  severity?: Severity;
  status?: FindingStatus;
  /** Released to the provider (set for `assigned` unless false). */
  released?: boolean;
  dueAt?: Date | null;
  acceptedUntil?: Date | null;
  checkId?: string;
  title?: string;
}

export async function addFinding(q: Queryable, orgId: string, appId: string, scanId: string, o: FindingSeed = {}): Promise<string> {
  const id = randomUUID();
  const status = o.status ?? 'open';
  const data = findingData({ severity: o.severity ?? 'high', ...(o.checkId ? { checkId: o.checkId } : {}), ...(o.title ? { title: o.title } : {}) });
  const released = o.released ?? status === 'assigned';
  const due = o.dueAt !== undefined ? o.dueAt : status === 'assigned' ? new Date(Date.now() + 30 * 86_400_000) : null;
  await q.query(
    `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, reason, accepted_until, due_at, released_at, first_scan_id, last_scan_id, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)`,
    [
      id, orgId, appId, data.fingerprint, data.checkId, data.title, data.severity, status,
      status === 'false_positive' || status === 'accepted' ? 'seeded reason' : null,
      status === 'accepted' ? (o.acceptedUntil ?? new Date(Date.now() + 90 * 86_400_000)) : null,
      due, released ? new Date(Date.now() - 86_400_000) : null, scanId, JSON.stringify(data),
    ],
  );
  await q.query('insert into scan_findings (scan_id, finding_id) values ($1, $2)', [scanId, id]);
  return id;
}

/** A provider with one app and one finished scan, ready for findings. */
export async function seedApp(q: Queryable, orgId: string, providerName?: string): Promise<{ providerId: string; appId: string; scanId: string }> {
  const providerId = await addProvider(q, orgId, providerName);
  const appId = await addApp(q, orgId, providerId);
  const scanId = await addDoneScan(q, orgId, appId, providerId);
  return { providerId, appId, scanId };
}
