/**
 * @module cli/audit
 * `dfslab audit <file>`: audit an Android app and print a readable summary, or the full result with --json.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { audit, type AuditResult, type ProgressEvent } from '../audit.js';
import { ErrorCodes, UsageError } from '../errors.js';
import { isSeverity, severityRank, SEVERITIES, type Location, type Severity } from '../findings/types.js';
import { stableStringify } from '../report/stable-json.js';
import { ExitCode, type CliIO } from './main.js';

interface AuditFlags {
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
  program
    .command('audit')
    .description('audit a mobile app (.apk, split set .apks/.xapk, or .ipa) against the DFS security recommendations')
    .argument('<file>', 'the app file')
    .option('--json', 'print the full result as JSON (deterministic) instead of the summary')
    .option('-o, --output <path>', 'also write the JSON result to this file')
    .option('--fail-on <severity>', `exit with code 1 when a finding has this severity or worse (${SEVERITIES.join(', ')})`)
    .option('--checks <ids>', 'comma-separated check ids, globs (android.crypto.*) or families to run')
    .option('--exclude <ids>', 'comma-separated check ids, globs or families to skip')
    .option('--passes', 'also list the protections found present')
    .option('--no-progress', 'never show progress')
    .option('--no-color', 'no colours in the summary')
    .action(async (file: string, flags: AuditFlags) => {
      let failOn: Severity | undefined;
      if (flags.failOn !== undefined) {
        if (!isSeverity(flags.failOn)) {
          throw new UsageError(ErrorCodes.USAGE, `--fail-on takes one of ${SEVERITIES.join(', ')} (got "${flags.failOn}")`);
        }
        failOn = flags.failOn;
      }
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
      if (flags.json) io.out(`${json}\n`);
      else io.out(renderSummary(result, { color: flags.color !== false && io.isTTY, passes: flags.passes === true }));
      if (failOn && result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn!))) setExit(ExitCode.FINDINGS);
    });
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

const SEV_COLOUR: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.red(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};

export function formatLocation(l: Location): string {
  const parts: string[] = [];
  if (l.archive) parts.push(`${l.archive}!`);
  if (l.class) {
    parts.push(l.method ? `${l.class}.${l.method}` : l.class);
    if (l.pc !== undefined) parts.push(`@${l.pc}`);
  } else if (l.element) {
    parts.push(l.element + (l.attribute ? ` ${l.attribute}` : ''));
  } else if (l.path) {
    parts.push(l.path + (l.key ? ` ${l.key}` : '') + (l.symbol ? ` ${l.symbol}` : ''));
  } else if (l.symbol) {
    parts.push(l.symbol);
  }
  if (l.call) parts.push(`→ ${l.call}`);
  if (l.library) parts.push('(library code)');
  return parts.join(' ');
}

function identityLines(r: AuditResult, c: ReturnType<typeof pc.createColors>): string[] {
  const a = r.app;
  const file = `  file       ${r.target.file} (${r.target.size} bytes, sha256 ${r.target.sha256.slice(0, 16)}…)`;
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

export function renderSummary(r: AuditResult, opts: { color: boolean; passes: boolean }): string {
  const c = opts.color ? pc : pc.createColors(false);
  const sevColour = (s: Severity, t: string): string => (opts.color ? SEV_COLOUR[s](t) : t);
  const lines: string[] = [];
  lines.push(...identityLines(r, c));
  lines.push('');
  const counts = SEVERITIES.map((s) => sevColour(s, `${r.summary.bySeverity[s]} ${s}`)).join(', ');
  lines.push(`${c.bold(`${r.summary.findings} findings`)}: ${counts}; ${r.summary.passes} protections found; ${r.summary.checksRun} checks run`);
  for (const sev of SEVERITIES) {
    const group = r.findings.filter((f) => f.severity === sev);
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

