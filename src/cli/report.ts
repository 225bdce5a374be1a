/**
 * @module cli/report
 * `dfslab report <result.json>`: render a saved result (from `dfslab audit -o` / `--json`, or a JSON report)
 * again, in other formats or another language, with the current suppressions and baseline. No app needed.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { failingFindings, parseFailOn, renderSummary } from './audit.js';
import { ExitCode, type CliIO } from './main.js';
import { addReportOptions, loadAnyResult, modelFor, planReports, writeReports, type ReportFlags } from './report-output.js';

interface ReportCommandFlags extends ReportFlags {
  failOn?: string;
  color?: boolean;
  passes?: boolean;
}

export function registerReport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('render a saved audit result (dfslab audit -o result.json) as reports: json, sarif, html, pdf, csv, oscal')
    .argument('<result>', 'a saved result, JSON report, or USSD run (.json)')
    .option('--fail-on <severity>', 'exit with code 1 when an open finding (a new one, with --baseline) has this severity or worse')
    .option('--passes', 'also list the protections found present in the summary')
    .option('--no-color', 'no colours in the summary');
  addReportOptions(cmd).action(async (file: string, flags: ReportCommandFlags) => {
    const failOn = parseFailOn(flags.failOn);
    const plan = planReports(flags, basename(file), io, true);
    const result = loadAnyResult(file);
    const model = modelFor(result, flags, plan, io);
    if (![...plan.paths.values()].includes('-')) io.out(renderSummary(result, { color: flags.color !== false && io.isTTY, passes: flags.passes === true, model }));
    await writeReports(model, plan, flags, io);
    if (failOn && failingFindings(model, failOn).length > 0) setExit(ExitCode.FINDINGS);
  });
}
