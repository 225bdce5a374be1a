/**
 * @module platform/services/scans
 * Scans of apps: creating one from a stored artifact, listing and reading them, a scan's findings, the diff
 * against the app's previous scan, and the report. Every query is bound to the caller's organisation; a
 * provider representative reaches only the scans of their provider's apps, and of those only the status and
 * score, the findings released to them, and a report of those findings only. Another organisation's scan is
 * "not found".
 */
import { randomUUID } from 'node:crypto';
import { allChecks, buildReport, diffResults, loadCatalog, parseSavedResult, renderReport, ussdTestsAsChecks, type AuditResult, type ReportFormat, type ResultDiff } from '../../index.js';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, forbidden, isUuid, notFound } from '../http/routes.js';
import { STAFF, WRITERS, type Actor } from '../types.js';
import { getApp, type App } from './providers.js';
import type { StoredArtifact } from './uploads.js';

export type ScanStatus = 'queued' | 'running' | 'done' | 'failed';

/** What the scan's job last reported (see jobs/scan-job.ts). */
export interface ScanProgress {
  phase?: string;
  check?: string;
  index?: number;
  total?: number;
}

export interface Scan {
  id: string;
  app_id: string;
  app_name: string;
  app_identifier: string;
  provider_id: string;
  provider_name: string;
  kind: 'android' | 'ios' | 'ussd';
  status: ScanStatus;
  file_name: string;
  artifact_sha256: string | null;
  artifact_size: number | null;
  version_name: string | null;
  version_code: string | null;
  identifier: string | null;
  progress: ScanProgress;
  error: string | null;
  score: number | null;
  grade: string | null;
  attempts: number;
  findings: number | null;
  created_by_name: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The part of a scan a provider representative sees. */
export type ProviderScan = Pick<Scan, 'id' | 'app_id' | 'app_name' | 'app_identifier' | 'provider_id' | 'provider_name' | 'kind' | 'status' | 'version_name' | 'version_code' | 'score' | 'grade' | 'created_at' | 'finished_at'>;

const isStaff = (a: Actor): boolean => STAFF.includes(a.role);

/** What of a scan the actor may see. */
export function scanForActor(actor: Actor, s: Scan): Scan | ProviderScan {
  if (isStaff(actor)) return s;
  const { id, app_id, app_name, app_identifier, provider_id, provider_name, kind, status, version_name, version_code, score, grade, created_at, finished_at } = s;
  return { id, app_id, app_name, app_identifier, provider_id, provider_name, kind, status, version_name, version_code, score, grade, created_at, finished_at };
}

const SCAN_COLUMNS = `s.id, s.app_id, a.name as app_name, a.identifier as app_identifier, s.provider_id, p.name as provider_name, s.kind, s.status,
  s.file_name, s.artifact_sha256, s.artifact_size, s.version_name, s.version_code, s.identifier, s.progress, s.error, s.score, s.grade,
  s.attempts, (select count(*)::int from scan_findings sf where sf.scan_id = s.id) as findings, u.name as created_by_name,
  s.created_at, s.started_at, s.finished_at`;
const SCAN_FROM = `scans s join apps a on a.id = s.app_id join providers p on p.id = s.provider_id left join users u on u.id = s.created_by`;

function scope(actor: Actor, next: number): { sql: string; params: unknown[] } {
  return actor.role === 'provider' ? { sql: ` and s.provider_id = $${next}`, params: [actor.providerId] } : { sql: '', params: [] };
}

function normalise(s: Scan): Scan {
  const progress = typeof s.progress === 'string' ? (JSON.parse(s.progress) as ScanProgress) : (s.progress ?? {});
  return { ...s, progress, findings: s.status === 'done' ? s.findings : null };
}

export async function listScans(q: Queryable, actor: Actor, o: { appId?: string; limit?: number } = {}): Promise<Scan[]> {
  const params: unknown[] = [actor.orgId];
  let where = 's.org_id = $1';
  if (o.appId) {
    params.push(o.appId);
    where += ` and s.app_id = $${params.length}`;
  }
  const s = scope(actor, params.length + 1);
  params.push(...s.params);
  const limit = Math.min(Math.max(1, Math.trunc(o.limit ?? 200)), 1000);
  const rows = await q.query<Scan>(`select ${SCAN_COLUMNS} from ${SCAN_FROM} where ${where}${s.sql} order by s.created_at desc, s.id desc limit ${limit}`, params);
  return rows.map(normalise);
}

export async function getScan(q: Queryable, actor: Actor, id: string): Promise<Scan> {
  if (!isUuid(id)) throw notFound('no such scan');
  const s = scope(actor, 3);
  const [row] = await q.query<Scan>(`select ${SCAN_COLUMNS} from ${SCAN_FROM} where s.org_id = $1 and s.id = $2${s.sql}`, [actor.orgId, id, ...s.params]);
  if (!row) throw notFound('no such scan');
  return normalise(row);
}

/** The stored audit result of a finished scan (staff only). */
export async function getScanResult(q: Queryable, actor: Actor, id: string): Promise<{ scan: Scan; result: AuditResult }> {
  if (!isStaff(actor)) {
    await getScan(q, actor, id);
    throw forbidden('the full result of a scan is for the lab; the findings released to you are under Findings');
  }
  return readScanResult(q, actor, id);
}

/** The stored result, for any reader the caller has already decided may see (a part of) it. */
async function readScanResult(q: Queryable, actor: Actor, id: string): Promise<{ scan: Scan; result: AuditResult }> {
  const scan = await getScan(q, actor, id);
  if (scan.status !== 'done') throw badRequest(`the scan is ${scan.status}; its result is there when it is done`);
  // Read as text and checked like a saved result file: a damaged stored result is a clear error, not a crash.
  const [row] = await q.query<{ result: string | null }>('select result::text as result from scans where org_id = $1 and id = $2', [actor.orgId, id]);
  if (!row?.result) throw notFound('the scan has no stored result');
  return { scan, result: parseSavedResult(row.result, `scan ${id}`) };
}

/** Creates the queued scan of an uploaded artifact (the caller enqueues it after the commit). */
export async function createScan(q: Queryable, actor: Actor, appId: string, artifact: StoredArtifact, ip?: string): Promise<Scan> {
  if (!WRITERS.includes(actor.role)) throw forbidden();
  const app = await getApp(q, actor, appId);
  checkArtifactFitsApp(app, artifact);
  const id = randomUUID();
  await q.query(
    `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, artifact_sha256, artifact_size, identifier, created_by)
     values ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10)`,
    [id, actor.orgId, app.id, app.provider_id, artifact.kind, artifact.fileName, artifact.sha256, artifact.size, artifact.identifier, actor.userId],
  );
  await recordAudit(q, actor, { action: 'scan.created', objectType: 'scan', objectId: id, detail: { appId: app.id, file: artifact.fileName, sha256: artifact.sha256, size: artifact.size, kind: artifact.kind, container: artifact.container } }, ip);
  return getScan(q, actor, id);
}

const PLATFORM_NAME = { android: 'an Android app', ios: 'an iOS app', ussd: 'a USSD service' } as const;

/** The uploaded file must be a build of the registered app: same platform, same package name / bundle id. */
export function checkArtifactFitsApp(app: Pick<App, 'platform' | 'identifier' | 'name'>, artifact: Pick<StoredArtifact, 'kind' | 'identifier' | 'container'>): void {
  if (app.platform !== artifact.kind) {
    throw badRequest(`the file is ${PLATFORM_NAME[artifact.kind]} (${artifact.container}), but "${app.name}" is registered as ${PLATFORM_NAME[app.platform]}`);
  }
  if (app.identifier !== artifact.identifier) {
    throw badRequest(`the file is ${artifact.identifier || '(no identifier)'}, but "${app.name}" is registered as ${app.identifier}; register that app, or upload a build of this one`);
  }
}

export interface ScanFinding {
  id: string;
  fingerprint: string;
  check_id: string;
  title: string;
  severity: string;
  status: string;
  released_at: Date | null;
}

/** The findings this scan saw, worst first; a provider representative sees only those released to them. */
export async function listScanFindings(q: Queryable, actor: Actor, scanId: string): Promise<ScanFinding[]> {
  await getScan(q, actor, scanId);
  return q.query<ScanFinding>(
    `select f.id, f.fingerprint, f.check_id, f.title, f.severity, f.status, f.released_at
       from scan_findings sf join findings f on f.id = sf.finding_id
      where sf.scan_id = $1 and f.org_id = $2${actor.role === 'provider' ? ' and f.released_at is not null' : ''}
      order by case f.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end, f.check_id, f.fingerprint`,
    [scanId, actor.orgId],
  );
}

/** The app's last finished scan before this one. */
export async function previousScan(q: Queryable, actor: Actor, scan: Scan): Promise<Scan | undefined> {
  const [row] = await q.query<{ id: string }>(
    `select id from scans where org_id = $1 and app_id = $2 and status = 'done' and id <> $3 and (created_at, id) < ($4, $3)
      order by created_at desc, id desc limit 1`,
    [actor.orgId, scan.app_id, scan.id, scan.created_at],
  );
  return row ? getScan(q, actor, row.id) : undefined;
}

export interface ScanDiff {
  scan: Scan;
  previous: Scan | null;
  /** Absent when the scan is not done or is the app's first. */
  diff: ResultDiff | null;
}

/** What changed since the app's previous finished scan (staff only). */
export async function scanDiff(q: Queryable, actor: Actor, scanId: string): Promise<ScanDiff> {
  const scan = await getScan(q, actor, scanId);
  if (!isStaff(actor)) throw forbidden('version diffs are for the lab');
  if (scan.status !== 'done') return { scan, previous: null, diff: null };
  const prev = await previousScan(q, actor, scan);
  if (!prev) return { scan, previous: null, diff: null };
  const [after, before] = await Promise.all([getScanResult(q, actor, scan.id), getScanResult(q, actor, prev.id)]);
  return { scan, previous: prev, diff: diffResults(before.result, after.result) };
}

export const REPORT_CONTENT_TYPE: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  oscal: 'application/json; charset=utf-8',
};

/** Formats that show when the report was made (the others stay byte-identical for the same scan). */
const TIMESTAMPED: ReadonlySet<ReportFormat> = new Set(['html', 'pdf', 'oscal']);

/** The checks reports are rendered with: the app checks and the USSD test cases (a USSD run's titles, rules, coverage). */
const REPORT_CHECKS = [...allChecks, ...ussdTestsAsChecks];

/**
 * The report of a finished scan in one format (staff only). The lab's triage shows in it: findings marked
 * false positive, or accepted (until their expiry), are listed as suppressed with the recorded reason.
 */
export async function scanReport(q: Queryable, actor: Actor, scanId: string, format: ReportFormat, o: { now?: Date; chromiumPath?: string } = {}): Promise<{ scan: Scan; body: string | Uint8Array }> {
  const full = actor.role === 'provider' ? await readScanResult(q, actor, scanId) : await getScanResult(q, actor, scanId);
  const { scan } = full;
  let result = full.result;
  let restriction: string | undefined;
  if (actor.role === 'provider') {
    const released = await q.query<{ fingerprint: string }>(
      `select f.fingerprint from scan_findings sf join findings f on f.id = sf.finding_id where sf.scan_id = $1 and f.org_id = $2 and f.released_at is not null`,
      [scanId, actor.orgId],
    );
    result = releasedPart(result, new Set(released.map((r) => r.fingerprint)));
    restriction = `Only the ${result.findings.length === 1 ? 'finding' : `${result.findings.length} findings`} of this scan that the lab has released to ${scan.provider_name}. The score and the coverage count these findings only; checks whose findings the lab has not released are shown as not run.`;
  }
  const now = o.now ?? new Date();
  const triaged = await q.query<{ fingerprint: string; status: string; reason: string | null; accepted_until: Date | null }>(
    `select f.fingerprint, f.status, f.reason, f.accepted_until from scan_findings sf join findings f on f.id = sf.finding_id
      where sf.scan_id = $1 and f.org_id = $2 and f.status in ('false_positive', 'accepted')`,
    [scanId, actor.orgId],
  );
  const suppressions = new Map<string, { active?: { reason: string; by: string; expires?: string; source: string }; expired?: { reason: string; by: string; expires?: string; source: string } }>();
  for (const t of triaged) {
    const until = t.accepted_until ? new Date(t.accepted_until) : undefined;
    const info = {
      reason: t.reason ?? (t.status === 'false_positive' ? 'false positive' : 'risk accepted'),
      by: 'lab triage',
      ...(until ? { expires: until.toISOString().slice(0, 10) } : {}),
      source: 'dfslab platform',
    };
    if (t.status === 'accepted' && until && until.getTime() < now.getTime()) suppressions.set(t.fingerprint, { expired: info });
    else suppressions.set(t.fingerprint, { active: info });
  }
  const model = buildReport(result, {
    catalog: loadCatalog(),
    checks: REPORT_CHECKS,
    ...(suppressions.size ? { suppressions, suppressionsFile: 'lab triage' } : {}),
    ...(TIMESTAMPED.has(format) ? { generatedAt: now } : {}),
    ...(restriction ? { restriction } : {}),
  });
  const body = await renderReport(model, format, { checks: REPORT_CHECKS, ...(o.chromiumPath ? { chromiumPath: o.chromiumPath } : {}) });
  return { scan, body };
}

/**
 * The part of a result a provider representative may read: the released findings, the passes, and the checks
 * that ran — less those whose findings are withheld, so that an unreleased weakness never reads as "checked,
 * nothing found". The lab's own notes (anomalies, checks that crashed) are left out.
 */
export function releasedPart(result: AuditResult, released: ReadonlySet<string>): AuditResult {
  const findings = result.findings.filter((f) => released.has(f.fingerprint));
  const withheld = new Set(result.findings.filter((f) => !released.has(f.fingerprint)).map((f) => f.checkId));
  const run = result.checks.run.filter((id) => !withheld.has(id));
  const bySeverity = Object.fromEntries(Object.keys(result.summary.bySeverity).map((k) => [k, 0])) as AuditResult['summary']['bySeverity'];
  for (const f of findings) bySeverity[f.severity]++;
  return {
    ...result,
    summary: { findings: findings.length, passes: result.passes.length, bySeverity, checksRun: run.length, checksFailed: 0 },
    findings,
    anomalies: [],
    checks: { run, failed: [] },
  };
}

/** A download name: `<identifier>-<version>-<scan>.<ext>`, with only safe characters. */
export function reportFileName(scan: Pick<Scan, 'id' | 'identifier' | 'app_identifier' | 'version_name' | 'version_code'>, ext: string): string {
  const parts = [scan.identifier ?? scan.app_identifier, scan.version_name ?? scan.version_code ?? undefined, scan.id.slice(0, 8)].filter((x): x is string => !!x);
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150)}${ext}`;
}
