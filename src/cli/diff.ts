/**
 * @module cli/diff
 * `dfslab diff <old> <new>`: what changed between two audits of an app — new, fixed and re-rated findings and
 * the identity changes (version, signers, permissions, components, native code, network configuration).
 * Each side is a saved result (`dfslab audit -o r.json`) or an app file, audited on the fly.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { audit, type AuditResult } from '../audit.js';
import { ErrorCodes, UsageError } from '../errors.js';
import { diffResults, loadResult, newFindingsAtOrAbove, type IdentityChange, type ResultDiff } from '../findings/diff.js';
import { isSeverity, SEVERITIES, type Finding, type Severity } from '../findings/types.js';
import { formatLocation } from '../report/location.js';
import { stableStringify } from '../report/stable-json.js';
import { SEV_COLOUR } from './audit.js';
import { ExitCode, type CliIO } from './main.js';

interface DiffFlags {
  json?: boolean;
  failOnNew?: string;
  unchanged?: boolean;
  color?: boolean;
}

const APP_EXTENSIONS = /\.(apk|apks|xapk|ipa)$/i;

/** A saved result is JSON (`{` after optional BOM/whitespace); anything else is treated as an app file. */
function looksLikeJson(path: string): boolean {
  if (/\.json$/i.test(path)) return true;
  if (APP_EXTENSIONS.test(path)) return false;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return text.startsWith('{');
  } catch {
    // Unreadable: let the app reader give its own clear error (no such file, a directory, …).
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function resultOf(path: string): Promise<AuditResult> {
  return looksLikeJson(path) ? loadResult(path) : audit(path);
}

export function registerDiff(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two audits of an app (saved .json results, or app files audited on the fly): new, fixed and changed findings, identity changes')
    .argument('<old>', 'the older build: a saved result (.json) or an app (.apk, .apks, .xapk, .ipa)')
    .argument('<new>', 'the newer build: a saved result (.json) or an app')
    .option('--json', 'print the diff as JSON (deterministic) instead of the summary')
    .option('--fail-on-new <severity>', `exit with code 1 when a new finding has this severity or worse (${SEVERITIES.join(', ')})`)
    .option('--unchanged', 'also list the unchanged findings')
    .option('--no-color', 'no colours in the summary')
    .action(async (oldPath: string, newPath: string, flags: DiffFlags) => {
      let threshold: Severity | undefined;
      if (flags.failOnNew !== undefined) {
        if (!isSeverity(flags.failOnNew)) throw new UsageError(ErrorCodes.USAGE, `--fail-on-new takes one of ${SEVERITIES.join(', ')} (got "${flags.failOnNew}")`);
        threshold = flags.failOnNew;
      }
      const before = await resultOf(oldPath);
      const after = await resultOf(newPath);
      const diff = diffResults(before, after);
      if (flags.json) io.out(`${stableStringify(diff)}\n`);
      else io.out(renderDiff(diff, { color: flags.color !== false && io.isTTY, unchanged: flags.unchanged === true }));
      if (threshold && newFindingsAtOrAbove(diff, threshold).length > 0) setExit(ExitCode.FINDINGS);
    });
}


function showValue(v: IdentityChange['before']): string {
  if (v === undefined) return '—';
  if (typeof v === 'object') {
    return Object.keys(v)
      .sort()
      .map((k) => `${k}=${String(v[k])}`)
      .join(', ');
  }
  return String(v);
}

function changeLine(c: IdentityChange): string {
  const what = c.item === undefined ? c.field : `${c.field} ${c.item}`;
  if (c.change === 'changed') return `~ ${what}: ${showValue(c.before)} → ${showValue(c.after)}`;
  if (c.change === 'added') return `+ ${what}${c.after === undefined ? '' : `: ${showValue(c.after)}`}`;
  return `- ${what}${c.before === undefined ? '' : `: ${showValue(c.before)}`}`;
}

/** The readable diff: warnings, then new findings (worst first), fixed, changed, identity changes. */
export function renderDiff(d: ResultDiff, opts: { color: boolean; unchanged?: boolean }): string {
  const c = opts.color ? pc : pc.createColors(false);
  const sev = (s: Severity, t: string): string => (opts.color ? SEV_COLOUR[s](t) : t);
  const lines: string[] = [];
  lines.push(c.bold(`${d.before.appId} ${d.before.version} → ${d.after.appId} ${d.after.version}`));
  lines.push(`  old  ${d.before.file} (${d.before.platform}, sha256 ${d.before.sha256.slice(0, 16)}…)`);
  lines.push(`  new  ${d.after.file} (${d.after.platform}, sha256 ${d.after.sha256.slice(0, 16)}…)`);
  for (const w of d.warnings) lines.push(c.bold(c.red(`  ! ${w}`)));
  lines.push('');
  const s = d.summary;
  const counts = SEVERITIES.filter((x) => s.newBySeverity[x] > 0).map((x) => sev(x, `${s.newBySeverity[x]} ${x}`));
  lines.push(`${c.bold(`${s.new} new`)}${counts.length ? ` (${counts.join(', ')})` : ''}, ${s.fixed} fixed, ${s.changed} changed severity, ${s.unchanged} unchanged; ${s.identityChanges} identity change(s)`);
  const listFindings = (title: string, list: readonly Finding[], mark: string): void => {
    if (list.length === 0) return;
    lines.push('');
    lines.push(c.bold(title));
    for (const f of list) {
      lines.push(`  ${sev(f.severity, mark)} ${sev(f.severity, f.severity.toUpperCase())} ${c.bold(f.title)} ${c.dim(`[${f.checkId}]`)}`);
      lines.push(`    ${f.message}`);
      const locs = f.locations.slice(0, 3);
      for (const l of locs) lines.push(c.dim(`    at ${formatLocation(l)}`));
      if (f.locations.length > locs.length) lines.push(c.dim(`    … ${f.locations.length - locs.length} more locations`));
    }
  };
  listFindings('NEW FINDINGS', d.findings.new, '+');
  listFindings('FIXED FINDINGS', d.findings.fixed, '-');
  if (d.findings.changed.length) {
    lines.push('');
    lines.push(c.bold('CHANGED SEVERITY'));
    for (const ch of d.findings.changed) {
      lines.push(`  ~ ${sev(ch.severityBefore, ch.severityBefore)} → ${sev(ch.severityAfter, ch.severityAfter)} ${c.bold(ch.finding.title)} ${c.dim(`[${ch.finding.checkId}]`)}`);
      lines.push(`    ${ch.finding.message}`);
    }
  }
  if (opts.unchanged) listFindings('UNCHANGED FINDINGS', d.findings.unchanged, '=');
  if (d.identity.length) {
    lines.push('');
    lines.push(c.bold('IDENTITY CHANGES'));
    for (const ch of d.identity) {
      const line = `  ${changeLine(ch)}`;
      lines.push(ch.important ? c.bold(c.red(`${line}  (!)`)) : line);
    }
  }
  lines.push('');
  return lines.join('\n');
}
