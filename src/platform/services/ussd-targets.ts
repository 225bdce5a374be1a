/**
 * @module platform/services/ussd-targets
 * USSD targets: the target files (YAML, docs/ussd.md) with which the lab tests a USSD service live, kept per
 * USSD app, and the runs started from them (a queued scan of kind `ussd`, see jobs/ussd-job.ts).
 *
 * A target file is a secret-bearing document: it holds the test accounts' PINs and the gateway credentials.
 * So the lab's writers create and replace it, the lab's staff read its parsed summary (gateway URL without
 * credentials or query, dialect, service code, accounts by role with the number masked, environment, budget),
 * and nobody reads it back — not on a page, not through the API, not in the audit log. Provider
 * representatives never see targets at all. Every query is bound to the caller's organisation; another
 * organisation's target is "not found".
 *
 * The platform parses a target like the CLI does, with three differences, because here the text comes from a
 * web form and runs on the server: `${NAME}` references are not expanded (the server's environment is not the
 * lab's to read), and nothing names a file on the server (`tls.ca`, `template`) or opens a port on it
 * (`simSwapMock`). Each is refused with the line it is on.
 */
import { randomUUID } from 'node:crypto';
import { DfslabError, ErrorCodes, parseTarget, type UssdTarget } from '../../index.js';
import { UssdError } from '../../errors.js';
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import { STAFF, WRITERS, type Actor } from '../types.js';
import { getApp, type App } from './providers.js';
import { getScan, type Scan } from './scans.js';

/** Largest target file the platform keeps (a real one is a few kilobytes). */
export const MAX_TARGET_BYTES = 256 * 1024;

/** How the target is named in its own error messages (`target.yaml:12:5: …`). */
export const TARGET_LABEL = 'target.yaml';

/** What the lab may see of a target file: everything that says what is tested and how, no secret. */
export interface UssdTargetSummary {
  /** Scheme, host, port and path of the callback URL (no credentials, no query). */
  endpoint: string;
  dialect: string;
  serviceCode: string;
  /** Declared test accounts, by role, with the number masked and never the PIN. */
  accounts: Array<{ role: string; msisdn: string }>;
  /** Names of the auth headers sent on every request (never their values). */
  authHeaders: string[];
  production: boolean;
  /** Whether a production target records the written authorisation for tests that change state. */
  authorised: boolean;
  tlsInsecure: boolean;
  quick: boolean;
  allowedAmount: number | null;
  budget: { maxRequests: number; ratePerSecond: number; timeoutMs: number };
  tests: { include: string[]; exclude: string[] };
}

export interface StoredUssdTarget {
  id: string;
  app_id: string;
  app_name: string;
  app_identifier: string;
  provider_id: string;
  provider_name: string;
  name: string;
  created_by_name: string | null;
  updated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  /** Undefined when the stored text no longer parses (a newer dfslab with stricter rules): see `problem`. */
  summary?: UssdTargetSummary;
  problem?: string;
}

/** A run of a target, for its page. */
export type UssdTargetRun = Pick<Scan, 'id' | 'status' | 'score' | 'grade' | 'created_at' | 'finished_at' | 'error'> & { quick: boolean | null; created_by_name: string | null };

const isStaff = (a: Actor): boolean => STAFF.includes(a.role);

/**
 * Parses a target file as the platform accepts it (see the module comment). Throws `UssdError`
 * (`DFSLAB_E_USSD_TARGET_INVALID`) naming each problem's line, like the CLI.
 */
export function parseLabTarget(text: string, label = TARGET_LABEL): UssdTarget {
  if (Buffer.byteLength(text, 'utf8') > MAX_TARGET_BYTES) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `the target file is larger than ${MAX_TARGET_BYTES / 1024} KiB`);
  // A CA file is not read: the placeholder lets the parse go on, and the key is refused below with its line.
  const target = parseTarget(text, label, { baseDir: '/', env: {}, readFile: () => '-----BEGIN CERTIFICATE-----\n(not read on the lab platform)\n' });
  const problems: string[] = [];
  const at = (key: string): string => target.at[key] ?? `${label}:1:1`;
  if (target.tls.ca !== undefined) problems.push(`${at('tls')}: "tls.ca" names a file, and the lab platform reads no files from its server; for a lab target with its own certificate use "tls: { insecure: true }" (the certificate is still recorded in the transcript), or the CLI`);
  if (target.template !== undefined) problems.push(`${at('template')}: "template" names a dialect template file, which the lab platform does not read; use a built-in "dialect", or the CLI for a template`);
  if (target.simSwapMock !== undefined) problems.push(`${at('simSwapMock')}: "simSwapMock" would open a port on the platform's worker; run the mock yourself and name it with "extras: { camaraMock: <url> }", or use the CLI`);
  if (problems.length) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `invalid target file:\n  ${problems.join('\n  ')}`);
  return target;
}

/** `254711000001` → `254•••••••01`: enough to tell the accounts apart, not to dial them. */
export function maskMsisdn(msisdn: string): string {
  if (msisdn.length <= 5) return '•'.repeat(msisdn.length);
  return `${msisdn.slice(0, 3)}${'•'.repeat(msisdn.length - 5)}${msisdn.slice(-2)}`;
}

/** Scheme, host and path of a URL: credentials and query (where API keys hide) left out. */
export function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export function summariseTarget(t: UssdTarget): UssdTargetSummary {
  return {
    endpoint: endpointOf(t.endpoint),
    dialect: t.dialect ?? 'template',
    serviceCode: t.serviceCode,
    accounts: t.accounts.map((a) => ({ role: a.role, msisdn: maskMsisdn(a.msisdn) })),
    authHeaders: Object.keys(t.auth.headers).sort(),
    production: t.production,
    authorised: t.authorised !== undefined,
    tlsInsecure: t.tls.insecure,
    quick: t.quick,
    allowedAmount: t.allowedAmount ?? null,
    budget: { maxRequests: t.budget.maxRequests, ratePerSecond: t.budget.ratePerSecond, timeoutMs: t.budget.timeoutMs },
    tests: { include: [...t.tests.include], exclude: [...t.tests.exclude] },
  };
}

/** The target must dial the service the app is registered as. */
function checkFitsApp(app: App, t: UssdTarget): void {
  if (app.platform !== 'ussd') throw badRequest(`"${app.name}" is ${app.platform === 'ios' ? 'an iOS' : 'an Android'} app: USSD targets belong to USSD services (register the service code as an app of platform ussd)`);
  if (t.serviceCode !== app.identifier) {
    throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `invalid target file:\n  ${t.at.serviceCode ?? TARGET_LABEL}: the target dials ${t.serviceCode}, but "${app.name}" is registered as ${app.identifier}; give its service code, or register the other service`);
  }
}

function checkName(name: string): void {
  if (!name || name.length > 120 || /[\u0000-\u001f\u007f]/.test(name)) throw badRequest('the target needs a name of at most 120 characters, on one line');
}

const TARGET_COLUMNS = `t.id, t.app_id, a.name as app_name, a.identifier as app_identifier, a.provider_id, p.name as provider_name, t.name,
  cu.name as created_by_name, uu.name as updated_by_name, t.created_at, t.updated_at`;
const TARGET_FROM = `ussd_targets t join apps a on a.id = t.app_id join providers p on p.id = a.provider_id
  left join users cu on cu.id = t.created_by left join users uu on uu.id = t.updated_by`;

type TargetRow = Omit<StoredUssdTarget, 'summary' | 'problem'> & { target_text: string };

function withSummary(row: TargetRow): StoredUssdTarget {
  const { target_text, ...rest } = row;
  try {
    return { ...rest, summary: summariseTarget(parseLabTarget(target_text)) };
  } catch (e) {
    if (!(e instanceof DfslabError)) throw e;
    return { ...rest, problem: e.message };
  }
}

/** The USSD targets of a USSD app (staff only). */
export async function listUssdTargets(q: Queryable, actor: Actor, appId: string): Promise<StoredUssdTarget[]> {
  if (!isUuid(appId)) throw notFound('no such app');
  const app = await getApp(q, actor, appId);
  if (!isStaff(actor)) throw forbidden('target files hold the test accounts; they are for the lab');
  const rows = await q.query<TargetRow>(`select ${TARGET_COLUMNS}, t.target_text from ${TARGET_FROM} where t.org_id = $1 and t.app_id = $2 order by lower(t.name), t.id`, [actor.orgId, app.id]);
  return rows.map(withSummary);
}

/** One target, as its summary (staff only). */
export async function getUssdTarget(q: Queryable, actor: Actor, id: string): Promise<StoredUssdTarget> {
  return withSummary(await targetRow(q, actor, id));
}

async function targetRow(q: Queryable, actor: Actor, id: string, lock = false): Promise<TargetRow> {
  if (!isUuid(id)) throw notFound('no such USSD target');
  // A provider representative is told "not found" like for another organisation's object: targets are not theirs to know of.
  if (!isStaff(actor)) throw notFound('no such USSD target');
  const [row] = await q.query<TargetRow>(`select ${TARGET_COLUMNS}, t.target_text from ${TARGET_FROM} where t.org_id = $1 and t.id = $2${lock ? ' for update of t' : ''}`, [actor.orgId, id]);
  if (!row) throw notFound('no such USSD target');
  return row;
}

export interface UssdTargetInput {
  name?: string | undefined;
  /** The target file's text (YAML). */
  text?: string | undefined;
}

async function checkUniqueName(q: Queryable, actor: Actor, appId: string, name: string, except?: string): Promise<void> {
  const dup = await q.query('select 1 from ussd_targets where org_id = $1 and app_id = $2 and lower(name) = lower($3) and id <> $4', [actor.orgId, appId, name, except ?? '00000000-0000-4000-8000-000000000000']);
  if (dup.length) throw conflict(`this service already has a target named "${name}"`);
}

/** What the audit log keeps of a target: what it points at, never what it holds. */
function auditDetail(t: UssdTarget, name: string, appId: string): Record<string, unknown> {
  return { appId, name, endpoint: endpointOf(t.endpoint), dialect: t.dialect ?? 'template', serviceCode: t.serviceCode, accounts: t.accounts.map((a) => a.role), production: t.production };
}

export async function createUssdTarget(q: Queryable, actor: Actor, appId: string, input: UssdTargetInput, ip?: string): Promise<StoredUssdTarget> {
  if (!isUuid(appId)) throw notFound('no such app');
  const app = await getApp(q, actor, appId);
  if (!WRITERS.includes(actor.role)) throw forbidden();
  const name = input.name ?? '';
  checkName(name);
  if (input.text === undefined || input.text.trim() === '') throw badRequest('"target" (the target file, YAML) is required; see docs/ussd.md "Target file"');
  const target = parseLabTarget(input.text);
  checkFitsApp(app, target);
  await checkUniqueName(q, actor, app.id, name);
  const id = randomUUID();
  await q.query(
    'insert into ussd_targets (id, org_id, app_id, name, target_text, created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $6)',
    [id, actor.orgId, app.id, name, input.text, actor.userId],
  );
  await recordAudit(q, actor, { action: 'ussd_target.created', objectType: 'ussd_target', objectId: id, detail: auditDetail(target, name, app.id) }, ip);
  return getUssdTarget(q, actor, id);
}

/** Renames a target and/or replaces its file (the whole text: it is never read back to be edited). */
export async function updateUssdTarget(q: Queryable, actor: Actor, id: string, input: UssdTargetInput, ip?: string): Promise<StoredUssdTarget> {
  const row = await targetRow(q, actor, id, true);
  if (!WRITERS.includes(actor.role)) throw forbidden();
  if (input.name === undefined && (input.text === undefined || input.text.trim() === '')) throw badRequest('give a new "name", a new "target" file, or both');
  const name = input.name ?? row.name;
  checkName(name);
  const text = input.text !== undefined && input.text.trim() !== '' ? input.text : row.target_text;
  const target = parseLabTarget(text);
  checkFitsApp(await getApp(q, actor, row.app_id), target);
  if (name.toLowerCase() !== row.name.toLowerCase()) await checkUniqueName(q, actor, row.app_id, name, row.id);
  await q.query('update ussd_targets set name = $3, target_text = $4, updated_by = $5, updated_at = now() where org_id = $1 and id = $2', [actor.orgId, row.id, name, text, actor.userId]);
  await recordAudit(
    q,
    actor,
    { action: 'ussd_target.updated', objectType: 'ussd_target', objectId: row.id, detail: { ...auditDetail(target, name, row.app_id), renamed: name !== row.name, fileReplaced: text !== row.target_text } },
    ip,
  );
  return getUssdTarget(q, actor, row.id);
}

/**
 * Queues a run of the target: a scan of kind `ussd` that keeps a copy of the target text as it is now (the
 * caller enqueues it after the commit). `quick` runs the short suite like `dfslab ussd test --quick`; without
 * it, the target file's own `quick` applies.
 */
export async function runUssdTarget(q: Queryable, actor: Actor, targetId: string, o: { quick?: boolean } = {}, ip?: string): Promise<Scan> {
  const row = await targetRow(q, actor, targetId);
  if (!WRITERS.includes(actor.role)) throw forbidden();
  const app = await getApp(q, actor, row.app_id);
  // Checked again: the rules (or the app) may have changed since the target was saved.
  const target = parseLabTarget(row.target_text);
  checkFitsApp(app, target);
  const quick = o.quick ?? true;
  const id = randomUUID();
  await q.query(
    `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, identifier, ussd_target_id, ussd_target_text, ussd_quick, created_by)
     values ($1, $2, $3, $4, 'ussd', 'queued', $5, $6, $7, $8, $9, $10)`,
    [id, actor.orgId, app.id, app.provider_id, row.name, app.identifier, row.id, row.target_text, quick, actor.userId],
  );
  await recordAudit(
    q,
    actor,
    { action: 'scan.created', objectType: 'scan', objectId: id, detail: { appId: app.id, kind: 'ussd', ussdTargetId: row.id, target: row.name, endpoint: endpointOf(target.endpoint), quick } },
    ip,
  );
  return getScan(q, actor, id);
}

/** The runs of a target, newest first (staff only). */
export async function listUssdTargetRuns(q: Queryable, actor: Actor, targetId: string, limit = 50): Promise<UssdTargetRun[]> {
  const row = await targetRow(q, actor, targetId);
  return q.query<UssdTargetRun>(
    `select s.id, s.status, s.score, s.grade, s.created_at, s.finished_at, s.error, s.ussd_quick as quick, u.name as created_by_name
       from scans s left join users u on u.id = s.created_by
      where s.org_id = $1 and s.ussd_target_id = $2 order by s.created_at desc, s.id desc limit ${Math.min(Math.max(1, Math.trunc(limit)), 500)}`,
    [actor.orgId, row.id],
  );
}

/**
 * The USSD run a scan stored as evidence (findings, passes, what was skipped or inconclusive, and the whole
 * transcript), as `dfslab ussd test -o` writes it: for `dfslab report` and `dfslab ussd replay`. The
 * transcript carries the test PINs in request bodies, so only the lab's writers (who write the targets) get it.
 */
export async function getUssdRunEvidence(q: Queryable, actor: Actor, scanId: string): Promise<{ scan: Scan; json: string }> {
  const scan = await getScan(q, actor, scanId);
  if (!WRITERS.includes(actor.role)) throw forbidden('the transcript of a USSD run holds the test accounts\' PINs; it is for the lab\'s auditors');
  if (scan.kind !== 'ussd') throw notFound('this scan is not a USSD run');
  const [row] = await q.query<{ evidence: string | null }>('select evidence::text as evidence from scans where org_id = $1 and id = $2', [actor.orgId, scan.id]);
  if (!row?.evidence) throw notFound(scan.status === 'done' ? 'this run kept no transcript' : `the run is ${scan.status}; its transcript is there when it is done`);
  return { scan, json: row.evidence };
}
