/**
 * @module findings/result-file
 * Reads a saved audit result back (for `dfslab report`, `--baseline` and `dfslab diff`). Accepts the
 * `dfslab audit --json` / `-o` result and the JSON report (`--format json`), which embeds the same data.
 * A saved file is untrusted input: it is size-limited, parsed defensively, and every field the renderers
 * use is type-checked, so a damaged or hostile file gives one clear error instead of a crash later.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AuditResult } from '../audit.js';
import { ErrorCodes, ReportError } from '../errors.js';
import { isSeverity, SEVERITIES, type Finding, type Location, type Pass, type Severity } from './types.js';

const MAX_RESULT_BYTES = 512 * 1024 * 1024;
const LOCATION_STRING_KEYS = ['path', 'archive', 'class', 'method', 'call', 'element', 'attribute', 'symbol', 'key'] as const;

export function loadSavedResult(path: string): AuditResult {
  return parseSavedResult(readSavedText(path), path);
}

/** The text of a saved result file, size-limited, with one clear error for the usual ways reading fails. */
export function readSavedText(path: string): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ReportError(ErrorCodes.RESULT_INVALID, 'this is a directory; give a saved result (.json)', { path });
    if (st.size > MAX_RESULT_BYTES) throw new ReportError(ErrorCodes.RESULT_INVALID, `the file is ${st.size} bytes; the limit is ${MAX_RESULT_BYTES}`, { path });
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ReportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportError(ErrorCodes.RESULT_INVALID, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(e)})`, { path });
  }
}

export function parseSavedResult(text: string, path = 'result.json'): AuditResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ReportError(ErrorCodes.RESULT_INVALID, `not JSON (${e instanceof Error ? e.message : String(e)}); give the file written by "dfslab audit --json" or "--format json"`, { path });
  }
  const fail = (what: string): never => {
    throw new ReportError(ErrorCodes.RESULT_INVALID, `not a dfslab result: ${what}`, { path });
  };
  if (!isObject(data)) return fail('the top level is not an object');
  const isReport = data.reportVersion !== undefined;
  if (isReport ? data.reportVersion !== 1 : data.schemaVersion !== 1) {
    return fail(isReport ? `report version ${String(data.reportVersion)} is not supported (expected 1)` : `"schemaVersion" is ${JSON.stringify(data.schemaVersion ?? null)}, expected 1`);
  }
  const tool = data.tool;
  if (!isObject(tool) || typeof tool.version !== 'string') fail('"tool.version" missing');
  const target = data.target;
  if (!isObject(target) || typeof target.file !== 'string' || typeof target.sha256 !== 'string' || typeof target.size !== 'number') fail('"target" (file, size, sha256) missing');
  const app = isObject(data.app) ? data.app : fail('"app" missing');
  if (app.platform !== 'android' && app.platform !== 'ios' && app.platform !== 'ussd') fail('"app.platform" must be android, ios or ussd');
  if (app.platform === 'ussd' && (typeof app.serviceCode !== 'string' || typeof app.endpoint !== 'string' || typeof app.dialect !== 'string' || !Array.isArray(app.callers))) {
    fail('"app" of a USSD run needs serviceCode, endpoint, dialect and callers');
  }
  if (app.platform === 'android' && typeof app.packageName !== 'string') fail('"app.packageName" missing');
  if (app.platform === 'ios' && typeof app.bundleId !== 'string') fail('"app.bundleId" missing');
  const findings = arrayOf(data.findings, 'findings', fail).map((f, i) => findingOf(f, `findings[${i}]`, fail));
  const passes = arrayOf(data.passes ?? [], 'passes', fail).map((p, i) => passOf(p, `passes[${i}]`, fail));
  const anomalies = arrayOf(data.anomalies ?? [], 'anomalies', fail);
  const checksRun = isReport ? (isObject(data.scope) ? data.scope.checksRun : undefined) : isObject(data.checks) ? data.checks.run : undefined;
  const checksFailed = isReport ? (isObject(data.scope) ? data.scope.checksFailed : undefined) : isObject(data.checks) ? data.checks.failed : undefined;
  const run = arrayOf(checksRun ?? [], 'checks.run', fail).map((x) => (typeof x === 'string' ? x : fail('"checks.run" must list check ids')));
  const failed = arrayOf(checksFailed ?? [], 'checks.failed', fail).map((x) =>
    isObject(x) && typeof x.checkId === 'string' && typeof x.code === 'string' && typeof x.message === 'string' ? { checkId: x.checkId, code: x.code, message: x.message } : fail('"checks.failed" entries need checkId, code, message'),
  );
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return {
    schemaVersion: 1,
    tool: { name: 'dfslab', version: (tool as { version: string }).version },
    target: data.target as AuditResult['target'],
    app: app as unknown as AuditResult['app'],
    summary: { findings: findings.length, passes: passes.length, bySeverity, checksRun: run.length, checksFailed: failed.length },
    findings,
    passes,
    anomalies: anomalies as AuditResult['anomalies'],
    checks: { run, failed: failed as AuditResult['checks']['failed'] },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown, name: string, fail: (w: string) => never): unknown[] {
  return Array.isArray(v) ? v : fail(`"${name}" must be a list`);
}

function strings(v: unknown, name: string, fail: (w: string) => never): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(`"${name}" must be a list of strings`);
  return v as string[];
}

function locationsOf(v: unknown, name: string, fail: (w: string) => never): Location[] {
  return arrayOf(v ?? [], name, fail).map((l, i) => {
    if (!isObject(l)) fail(`"${name}[${i}]" must be an object`);
    const out: Location = {};
    for (const k of LOCATION_STRING_KEYS) {
      const x = (l as Record<string, unknown>)[k];
      if (x === undefined) continue;
      if (typeof x !== 'string') fail(`"${name}[${i}].${k}" must be text`);
      out[k] = x as string;
    }
    const lo = l as Record<string, unknown>;
    if (lo.pc !== undefined) {
      if (typeof lo.pc !== 'number' || !Number.isFinite(lo.pc)) fail(`"${name}[${i}].pc" must be a number`);
      out.pc = lo.pc as number;
    }
    if (lo.library !== undefined) out.library = lo.library === true;
    return out;
  });
}

function referencesOf(v: unknown, name: string, fail: (w: string) => never): Finding['references'] {
  if (!isObject(v)) return fail(`"${name}" must be an object`);
  return { masvs: strings(v.masvs, `${name}.masvs`, fail), maswe: strings(v.maswe, `${name}.maswe`, fail), cwe: strings(v.cwe, `${name}.cwe`, fail), dfs: strings(v.dfs, `${name}.dfs`, fail) };
}

function findingOf(v: unknown, name: string, fail: (w: string) => never): Finding {
  if (!isObject(v)) return fail(`"${name}" must be an object`);
  for (const k of ['checkId', 'title', 'message', 'fingerprint'] as const) if (typeof v[k] !== 'string') fail(`"${name}.${k}" must be text`);
  if (typeof v.severity !== 'string' || !isSeverity(v.severity)) fail(`"${name}.severity" must be one of ${SEVERITIES.join(', ')}`);
  const confidence = v.confidence === 'high' || v.confidence === 'medium' || v.confidence === 'low' ? v.confidence : fail(`"${name}.confidence" must be high, medium or low`);
  return {
    checkId: v.checkId as string,
    title: v.title as string,
    severity: v.severity as Severity,
    confidence,
    message: v.message as string,
    locations: locationsOf(v.locations, `${name}.locations`, fail),
    evidence: strings(v.evidence, `${name}.evidence`, fail),
    remediation: typeof v.remediation === 'string' ? v.remediation : '',
    references: referencesOf(v.references, `${name}.references`, fail),
    fingerprint: v.fingerprint as string,
  };
}

function passOf(v: unknown, name: string, fail: (w: string) => never): Pass {
  if (!isObject(v)) return fail(`"${name}" must be an object`);
  for (const k of ['checkId', 'title', 'message'] as const) if (typeof v[k] !== 'string') fail(`"${name}.${k}" must be text`);
  return {
    checkId: v.checkId as string,
    title: v.title as string,
    message: v.message as string,
    locations: locationsOf(v.locations, `${name}.locations`, fail),
    evidence: strings(v.evidence, `${name}.evidence`, fail),
    references: referencesOf(v.references, `${name}.references`, fail),
  };
}
