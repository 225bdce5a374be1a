/**
 * @module cli/report-output
 * What `dfslab audit` and `dfslab report` share: the report options (--format, --out, --lang,
 * --suppressions, --baseline, --as-of, --chromium), building the report model, and writing each format.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import type { AuditResult } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import { ErrorCodes, ReportError, UsageError } from '../errors.js';
import { parseSavedResult, readSavedText } from '../findings/result-file.js';
import { applySuppressions, loadSuppressions, unusedSuppressions } from '../findings/suppress.js';
import { isLang, LANGS, type Lang } from '../report/i18n/index.js';
import { buildReport, type ReportModel } from '../report/model.js';
import { FORMAT_EXTENSION, isReportFormat, REPORT_FORMATS, renderReport, TIMESTAMPED_FORMATS, type ReportFormat } from '../report/render.js';
import { ussdRunToAuditResult, ussdTestsAsChecks } from '../ussd/result.js';
import type { UssdRunResult } from '../ussd/run.js';
import type { CliIO } from './main.js';

/** Every check and USSD test case: reports look titles, remediation and catalog coverage up here. */
export const REPORT_CHECKS: readonly Check<unknown>[] = [...allChecks, ...ussdTestsAsChecks];

/**
 * A saved result for `dfslab report`, `--baseline` and `dfslab diff`: an app audit result, a JSON report, or
 * a USSD run (`dfslab ussd test -o run.json`), which is turned into the same result shape.
 */
export function loadAnyResult(path: string): AuditResult {
  const text = readSavedText(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (data && typeof data === 'object' && (data as { kind?: unknown }).kind === 'ussd') {
    const run = data as UssdRunResult;
    if (!Array.isArray(run.findings) || !Array.isArray(run.transcript) || !run.target || typeof run.target.serviceCode !== 'string') {
      throw new ReportError(ErrorCodes.RESULT_INVALID, 'not a complete USSD run (written by dfslab ussd test -o)', { path });
    }
    // The findings are checked like any saved result's before they reach a renderer.
    const converted = ussdRunToAuditResult(run);
    return parseSavedResult(JSON.stringify(converted), path);
  }
  return parseSavedResult(text, path);
}

export interface ReportFlags {
  format?: string[];
  out?: string;
  lang?: string;
  suppressions?: string;
  baseline?: string;
  asOf?: string;
  chromium?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <formats>', `report format(s), comma-separated or repeated: ${REPORT_FORMATS.join(', ')}`, collect)
    .option('--out <path>', 'where to write the report: a file for one format; for several, a folder or a base name (extensions added)')
    .option('--lang <lang>', `report language: ${LANGS.join(', ')}`, 'en')
    .option('--suppressions <file>', 'YAML file of accepted findings (fingerprint or check + location, reason, by, expires)')
    .option('--baseline <result.json>', 'a previous result or JSON report: mark what is new, and fail only on new findings')
    .option('--as-of <date>', 'judge suppression expiry on this day (YYYY-MM-DD; default today)')
    .option('--chromium <path>', 'Chromium executable for --format pdf (default: CHROMIUM_PATH, then /usr/bin/chromium)');
}

export interface ReportPlan {
  formats: ReportFormat[];
  /** Output path per format; '-' means standard output. */
  paths: Map<ReportFormat, string>;
  lang: Lang;
  asOf: string;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Validates the report flags before any work is done, so a typo fails fast. */
export function planReports(flags: ReportFlags, inputLabel: string, io: CliIO, stdoutFree: boolean): ReportPlan {
  const formats: ReportFormat[] = [];
  for (const f of flags.format ?? []) {
    const name = f.toLowerCase();
    if (!isReportFormat(name)) throw new UsageError(ErrorCodes.USAGE, `unknown report format "${f}" (use ${REPORT_FORMATS.join(', ')})`);
    if (!formats.includes(name)) formats.push(name);
  }
  const lang = (flags.lang ?? 'en').toLowerCase();
  if (!isLang(lang)) throw new UsageError(ErrorCodes.USAGE, `--lang takes one of ${LANGS.join(', ')} (got "${flags.lang}")`);
  const asOf = flags.asOf ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new UsageError(ErrorCodes.USAGE, `--as-of takes a date written YYYY-MM-DD (got "${asOf}")`);
  }
  if (flags.out !== undefined && formats.length === 0) throw new UsageError(ErrorCodes.USAGE, '--out needs --format (which report to write)');
  const paths = new Map<ReportFormat, string>();
  if (formats.length === 1 && flags.out === undefined) {
    if (!stdoutFree) throw new UsageError(ErrorCodes.USAGE, 'the report and --json cannot both go to standard output; add --out <file>');
    if (formats[0] === 'pdf' && io.stdoutIsTTY) throw new UsageError(ErrorCodes.USAGE, 'a PDF is binary: add --out report.pdf (or redirect standard output)');
    paths.set(formats[0]!, '-');
  } else if (formats.length > 1 && flags.out === undefined) {
    throw new UsageError(ErrorCodes.USAGE, `several formats need --out <folder or base name> (formats: ${formats.join(', ')})`);
  } else if (flags.out !== undefined) {
    const out = flags.out;
    if (formats.length === 1) paths.set(formats[0]!, out);
    else {
      const isDir = out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
      const stem = inputLabel.replace(/\.(apk|apks|xapk|ipa|json|ya?ml)$/i, '');
      for (const f of formats) {
        if (isDir) paths.set(f, join(out, `${stem}${FORMAT_EXTENSION[f]}`));
        else {
          const ext = extname(out);
          const base = ext && Object.values(FORMAT_EXTENSION).some((e) => e.endsWith(ext)) ? out.slice(0, -ext.length).replace(/\.oscal$/, '') : out;
          paths.set(f, `${base}${FORMAT_EXTENSION[f]}`);
        }
      }
    }
  }
  return { formats, paths, lang, asOf };
}

/** The report model of a result with the lab's suppressions and baseline applied. */
export function modelFor(result: AuditResult, flags: ReportFlags, plan: Pick<ReportPlan, 'lang' | 'asOf'>, io: CliIO): ReportModel {
  const suppressions = flags.suppressions ? loadSuppressions(flags.suppressions) : undefined;
  const baseline = flags.baseline ? loadAnyResult(flags.baseline) : undefined;
  if (suppressions) {
    for (const s of unusedSuppressions(result.findings, suppressions)) io.err(`dfslab: note: suppression at ${s.source} matches no finding\n`);
  }
  return buildReport(result, {
    lang: plan.lang,
    catalog: loadCatalog(),
    checks: REPORT_CHECKS,
    ...(suppressions ? { suppressions: applySuppressions(result.findings, suppressions, plan.asOf), suppressionsFile: basename(flags.suppressions!) } : {}),
    ...(baseline ? { baseline: { file: basename(flags.baseline!), findings: baseline.findings } } : {}),
  });
}

/** The moment HTML, PDF and OSCAL reports say they were made: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function reportTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

export async function writeReports(model: ReportModel, plan: ReportPlan, flags: ReportFlags, io: CliIO): Promise<void> {
  if (plan.formats.length === 0) return;
  const stamped: ReportModel = { ...model, generatedAt: reportTime().toISOString() };
  for (const format of plan.formats) {
    const body = await renderReport(TIMESTAMPED_FORMATS.has(format) ? stamped : model, format, {
      checks: REPORT_CHECKS,
      ...(flags.chromium ? { chromiumPath: flags.chromium } : {}),
    });
    const path = plan.paths.get(format)!;
    if (path === '-') {
      if (io.outBytes) io.outBytes(body);
      else io.out(typeof body === 'string' ? body : Buffer.from(body).toString('latin1'));
      continue;
    }
    const dir = dirname(path);
    if (dir && !existsSync(dir)) mkdirSync(dir, { recursive: true });
    writeFileSync(path, body);
    io.err(`dfslab: wrote ${format} report to ${path}\n`);
  }
}
