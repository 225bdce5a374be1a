/**
 * @module cli/audit
 * `dfslab audit <file>`: audit an Android or iOS app, print a readable summary (or the full result with
 * --json), and write the reports asked for with --format/--out.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { audit, type AuditResult, type ProgressEvent } from '../audit.js';
import { ErrorCodes, UsageError } from '../errors.js';
import { isSeverity, severityRank, SEVERITIES, type Severity } from '../findings/types.js';
import { endpointLabel } from '../report/identity.js';
import { formatLocation } from '../report/location.js';
import type { ReportModel } from '../report/model.js';
import { stableStringify } from '../report/stable-json.js';
import { ExitCode, type CliIO } from './main.js';
import { addReportOptions, modelFor, planReports, writeReports, type ReportFlags } from './report-output.js';

export { formatLocation };

interface AuditFlags extends ReportFlags {
  json?: boolean;
  output?: string;
  failOn?: string;
  checks?: string;
  exclude?: string;
  progress?: boolean;
  color?: boolean;
  passes?: boolean;
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function registerAudit(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('audit')
    .description('audit a mobile app (.apk, split set .apks/.xapk, or .ipa) against the DFS security recommendations')
    .argument('<file>', 'the app file')
    .option('--json', 'print the full result as JSON (deterministic) instead of the summary')
    .option('-o, --output <path>', 'also write the JSON result to this file (input of dfslab report, diff and --baseline)')
    .option('--fail-on <severity>', `exit with code 1 when an open finding (a new one, with --baseline) has this severity or worse (${SEVERITIES.join(', ')})`)
    .option('--checks <ids>', 'comma-separated check ids, globs (android.crypto.*) or families to run')
    .option('--exclude <ids>', 'comma-separated check ids, globs or families to skip')
    .option('--passes', 'also list the protections found present')
    .option('--no-progress', 'never show progress')
    .option('--no-color', 'no colours in the summary');
  addReportOptions(cmd).action(async (file: string, flags: AuditFlags) => {
    const failOn = parseFailOn(flags.failOn);
    const plan = planReports(flags, basename(file), io, !flags.json);
    const showProgress = io.isTTY && !flags.json && flags.progress !== false && !process.env.CI;
    const progress = showProgress ? progressPrinter(io) : undefined;
    let result: AuditResult;
    try {
      result = await audit(file, {
        ...(list(flags.checks) ? { checks: list(flags.checks)! } : {}),
        ...(list(flags.exclude) ? { exclude: list(flags.exclude)! } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
      });
    } finally {
      progress?.done();
    }
    const json = stableStringify(result);
    if (flags.output) writeFileSync(flags.output, `${json}\n`);
    const model = modelFor(result, flags, plan, io);
    if (flags.json) io.out(`${json}\n`);
    else if (![...plan.paths.values()].includes('-')) io.out(renderSummary(result, { color: flags.color !== false && io.isTTY, passes: flags.passes === true, model }));
    await writeReports(model, plan, flags, io);
    if (failOn && failingFindings(model, failOn).length > 0) setExit(ExitCode.FINDINGS);
  });
}

export function parseFailOn(v: string | undefined): Severity | undefined {
  if (v === undefined) return undefined;
  if (!isSeverity(v)) throw new UsageError(ErrorCodes.USAGE, `--fail-on takes one of ${SEVERITIES.join(', ')} (got "${v}")`);
  return v;
}

/** Open findings at or above `failOn`; with a baseline, only the new ones (what a CI gate should stop on). */
export function failingFindings(model: ReportModel, failOn: Severity): ReportModel['findings'] {
  return model.findings.filter(
    (f) => f.status === 'open' && f.baseline !== 'unchanged' && severityRank(f.severity) >= severityRank(failOn),
  );
}

function progressPrinter(io: CliIO): { update: (e: ProgressEvent) => void; done: () => void } {
  let shown = false;
  return {
    update(e) {
      const text = e.kind === 'phase' ? e.phase : `checks ${e.index + 1}/${e.total} ${e.id}`;
      io.err(`\r\x1b[2K${pc.dim(text)}`);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}

/** Colour of each severity in terminal output (the words are always printed too). */
export const SEV_COLOUR: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.red(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};


function identityLines(r: AuditResult, c: ReturnType<typeof pc.createColors>): string[] {
  const a = r.app;
  const file = `  file       ${r.target.file} (${r.target.size} bytes, sha256 ${r.target.sha256.slice(0, 16)}…)`;
  if (a.platform === 'ussd') {
    return [
      c.bold(`USSD ${a.serviceCode} at ${endpointLabel(a.endpoint)}`),
      `  dialect    ${a.dialect}; callers ${a.callers.join(', ')}; ${a.requests} requests${a.quick ? ' (quick mode)' : ''}`,
      `  evidence   ${r.target.file} (transcript sha256 ${r.target.sha256.slice(0, 16)}…)`,
    ];
  }
  if (a.platform === 'ios') {
    const main = a.executables.find((x) => x.kind === 'main');
    return [
      c.bold(`${a.bundleId} ${a.version ?? ''}${a.build === undefined ? '' : ` (${a.build})`}`.trim()),
      file,
      `  ios        minimum ${a.minimumOsVersion ?? 'not set'}${main ? `, main binary ${main.cpus.join('+') || 'unreadable'}${main.encrypted ? ', encrypted' : ', not encrypted'}` : ''}`,
      `  signing    ${main?.signed ? 'code signature present' : 'NO CODE SIGNATURE'}${a.signers[0] ? `, ${a.signers[0].subject}` : ''}${a.profile ? `; ${a.profile.kind} profile${a.profile.expirationDate ? ` (expires ${a.profile.expirationDate.slice(0, 10)})` : ''}` : '; no provisioning profile'}`,
      `  code       ${a.executables.length} executable(s): ${a.executables.map((x) => x.path.split('/').pop()).join(', ')}`,
    ];
  }
  const schemes = (['v1', 'v2', 'v3', 'v31'] as const).filter((s) => a.signatureSchemes[s]).join('+') || 'none';
  return [
    c.bold(`${a.packageName} ${a.versionName ?? ''}${a.versionCode === undefined ? '' : ` (${a.versionCode})`}`.trim()),
    file,
    `  sdk        min ${a.minSdk}, target ${a.targetSdk}${a.maxSdk === undefined ? '' : `, max ${a.maxSdk}`}`,
    `  signature  ${schemes}, ${a.signatureVerified ? 'verifies' : 'DOES NOT VERIFY'}${a.signers[0] ? `, ${a.signers[0].subject}` : ''}`,
    `  code       ${a.dexFiles} DEX, ${a.classes} classes, ${a.nativeLibraries} native libraries${a.splits.length ? `, splits: ${a.splits.join(', ')}` : ''}`,
  ];
}

export function renderSummary(r: AuditResult, opts: { color: boolean; passes: boolean; model?: ReportModel }): string {
  const c = opts.color ? pc : pc.createColors(false);
  const sevColour = (s: Severity, t: string): string => (opts.color ? SEV_COLOUR[s](t) : t);
  const lines: string[] = [];
  lines.push(...identityLines(r, c));
  lines.push('');
  const m = opts.model;
  // With a report model: suppressed findings are not listed, and with a baseline only the new ones are.
  const shown = m ? m.findings.filter((f) => f.status === 'open' && f.baseline !== 'unchanged') : r.findings;
  const bySeverity = m ? m.summary.bySeverity : r.summary.bySeverity;
  const open = m ? m.summary.open : r.summary.findings;
  const counts = SEVERITIES.map((s) => sevColour(s, `${bySeverity[s]} ${s}`)).join(', ');
  lines.push(`${c.bold(`${open} findings`)}: ${counts}; ${r.summary.passes} protections found; ${r.summary.checksRun} checks run`);
  if (m) {
    lines.push(`score ${m.score.score}/100, grade ${c.bold(m.score.grade)}${m.score.grade !== m.score.scoreGrade ? ` (capped by the worst finding; the score alone gives ${m.score.scoreGrade})` : ''}`);
    if (m.summary.suppressed) lines.push(c.dim(`${m.summary.suppressed} suppressed finding(s) not listed (${m.scope.suppressionsFile})`));
    const expired = m.findings.filter((f) => f.expiredSuppression).length;
    if (expired) lines.push(c.yellow(`${expired} finding(s) are back: their suppression expired`));
    if (m.scope.baselineFile) {
      lines.push(`against baseline ${m.scope.baselineFile}: ${m.summary.newFindings} new, ${m.summary.fixedFindings} fixed, ${m.summary.open - (m.summary.newFindings ?? 0)} unchanged (only new findings are listed)`);
    }
  }
  for (const sev of SEVERITIES) {
    const group = shown.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    lines.push('');
    lines.push(sevColour(sev, c.bold(sev.toUpperCase())));
    for (const f of group) {
      lines.push(`  ${sevColour(sev, '●')} ${c.bold(f.title)} ${c.dim(`[${f.checkId}]`)}`);
      lines.push(`    ${f.message}`);
      const locs = f.locations.slice(0, 5);
      for (const l of locs) lines.push(c.dim(`    at ${formatLocation(l)}`));
      if (f.locations.length > locs.length) lines.push(c.dim(`    … ${f.locations.length - locs.length} more locations`));
      const refs = [...f.references.dfs, ...f.references.masvs, ...f.references.maswe, ...f.references.cwe];
      if (refs.length) lines.push(c.dim(`    refs ${refs.join(', ')}`));
    }
  }
  if (opts.passes && r.passes.length) {
    lines.push('');
    lines.push(c.bold(c.green('PROTECTIONS FOUND')));
    for (const p of r.passes) {
      lines.push(`  ${c.green('✓')} ${p.message} ${c.dim(`[${p.checkId}]`)}`);
      for (const e of p.evidence.slice(0, 3)) lines.push(c.dim(`    ${e}`));
    }
  }
  if (r.checks.failed.length) {
    lines.push('');
    lines.push(c.yellow(`${r.checks.failed.length} check(s) could not complete:`));
    for (const f of r.checks.failed) lines.push(c.yellow(`  ${f.checkId}: ${f.code}: ${f.message}`));
  }
  if (r.anomalies.length) {
    lines.push('');
    lines.push(c.dim(`${r.anomalies.length} structural anomalies (see --json "anomalies")`));
  }
  lines.push('');
  return lines.join('\n');
}

