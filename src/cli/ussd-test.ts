/**
 * @module cli/ussd-test
 * `dfslab ussd test` runs the USSD test cases against a target and keeps the run (findings, passes, what was
 * inconclusive or skipped, and the whole transcript as evidence); `dfslab ussd replay` sends a saved run's
 * requests again and says which answers changed (to confirm a fix, or to show a provider what was seen).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pc from 'picocolors';
import { ErrorCodes, UsageError, UssdError } from '../errors.js';
import { isSeverity, severityRank, SEVERITIES, type Severity } from '../findings/types.js';
import { readSavedText } from '../findings/result-file.js';
import { stableStringify } from '../report/stable-json.js';
import { crawlMenu, crawlOptionsFor } from '../ussd/crawler.js';
import { planUssdTests, runUssdTests, type UssdRunResult } from '../ussd/run.js';
import { startCamaraMock } from '../ussd/camara-mock.js';
import { sameSubscriber } from '../ussd/session.js';
import { connectTarget, loadTarget, resolveDialect, type UssdTarget } from '../ussd/target.js';
import { ussdTests } from '../ussd/tests/index.js';
import type { UssdTest } from '../ussd/tests/types.js';
import { renderChecksMarkdown } from '../checks/docs.js';
import type { Check } from '../checks/types.js';
import type { TranscriptEntry, UssdHttpRequest } from '../ussd/types.js';
import { SEV_COLOUR } from './audit.js';
import { addReportOptions, modelFor, planReports, writeReports, type ReportFlags } from './report-output.js';
import { ussdRunToAuditResult } from '../ussd/result.js';
import { ExitCode, type CliIO } from './main.js';

interface TestFlags extends ReportFlags {
  target: string;
  output?: string;
  json?: boolean;
  dryRun?: boolean;
  failOn?: string;
  quick?: boolean;
  progress?: boolean;
  color?: boolean;
}

/** The test-case reference (docs/ussd-tests.md) is generated from the tests' metadata, like docs/checks.md. */
export function renderUssdTestsMarkdown(): string {
  return renderChecksMarkdown(
    ussdTests as unknown as Check<unknown>[],
    { title: 'dfslab USSD test cases', command: 'dfslab ussd tests --markdown', noun: 'USSD test cases' },
    (c) => {
      const m = (c as unknown as UssdTest).meta;
      const traits = [m.destructive ? 'changes state (refused on production without authorisation)' : 'read-only', m.movesMoney ? 'may move money (within allowedAmount)' : undefined, m.needsSecondAccount ? 'needs account B' : undefined, m.slow ? 'waits in real time (skipped or shortened in quick mode)' : undefined, m.locksAccount ? 'leaves the test account locked on a correct service (runs last)' : undefined].filter(Boolean);
      return `Reference test: ${m.catalogueId}. ${traits.join('; ')}.`;
    },
  );
}

export function registerUssdTests(ussd: Command, io: CliIO, _setExit: (code: number) => void): void {
  ussd
    .command('tests')
    .description('list the USSD test cases (id, reference test, severity, title)')
    .option('--json', 'print the test cases and their metadata as JSON')
    .option('--markdown', 'print the test-case reference (docs/ussd-tests.md)')
    .action((flags: { json?: boolean; markdown?: boolean }) => {
      if (flags.markdown) return io.out(renderUssdTestsMarkdown());
      const tests = [...ussdTests].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (flags.json) return io.out(`${stableStringify(tests.map((t) => ({ id: t.id, ...t.meta })))}\n`);
      const w = Math.max(...tests.map((t) => t.id.length));
      for (const t of tests) io.out(`${t.id.padEnd(w)}  ${t.meta.catalogueId.padEnd(16)}  ${t.meta.severity.padEnd(8)}  ${t.meta.title}\n`);
      io.out(`${tests.length} USSD test cases\n`);
    });
}

export function registerUssdTest(ussd: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = ussd
    .command('test')
    .description('run the USSD security test cases against the target (declared accounts only, rate-limited, with a full transcript)')
    .requiredOption('-t, --target <file>', 'the target file (YAML, see docs/ussd.md)')
    .option('-o, --output <file>', 'write the run (findings, passes, transcript) as JSON to this file (input of dfslab report and ussd replay)')
    .option('--json', 'print the run as JSON instead of the summary')
    .option('--dry-run', 'print which tests would run, which are skipped and why, and send nothing')
    .option('--quick', 'skip long waits (overrides the target file)')
    .option('--fail-on <severity>', `exit with code 1 when a finding has this severity or worse (${SEVERITIES.join(', ')})`)
    .option('--no-progress', 'never show progress')
    .option('--no-color', 'no colours in the summary');
  addReportOptions(cmd).action(async (flags: TestFlags) => {
      let failOn: Severity | undefined;
      if (flags.failOn !== undefined) {
        if (!isSeverity(flags.failOn)) throw new UsageError(ErrorCodes.USAGE, `--fail-on takes one of ${SEVERITIES.join(', ')} (got "${flags.failOn}")`);
        failOn = flags.failOn;
      }
      const plan = planReports(flags, basename(flags.target), io, !flags.json);
      const loaded = loadTarget(flags.target);
      const target = flags.quick ? { ...loaded, quick: true } : loaded;
      const dialect = await resolveDialect(target);
      const conn = await connectTarget(target, { dialect });
      if (flags.dryRun) {
        const plan = planUssdTests(conn, ussdTests);
        const out = { dryRun: true, run: plan.run.map((t) => ({ id: t.id, catalogueId: t.meta.catalogueId, destructive: t.meta.destructive, movesMoney: t.meta.movesMoney })), skipped: plan.skipped };
        if (flags.json) io.out(`${stableStringify(out)}\n`);
        else {
          io.out(`dry run: nothing will be sent to ${target.endpoint}\n`);
          io.out(`${plan.run.length} test(s) would run: ${plan.run.map((t) => t.id).join(', ') || 'none'}\n`);
          for (const s of plan.skipped) io.out(`  skipped ${s.testId}: ${s.reason}\n`);
        }
        return;
      }
      const showProgress = io.isTTY && !flags.json && flags.progress !== false && !process.env.CI;
      // The lab's SIM Swap mock, when the target file asks for one, listens for the whole run.
      const mock = target.simSwapMock ? await startSimSwapMock(target) : undefined;
      let result: UssdRunResult;
      try {
        if (mock) io.err(`dfslab: CAMARA SIM Swap mock listening at ${mock.url} (the staging service must call it)\n`);
        result = await runUssdTests(conn, ussdTests, {
          crawl: () => crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn)),
          ...(showProgress ? { onProgress: (e) => io.err(`\r\x1b[2K${pc.dim(`test ${e.index + 1}/${e.total} ${e.testId}`)}`) } : {}),
        });
      } finally {
        await mock?.stop();
      }
      if (showProgress) io.err('\r\x1b[2K');
      const json = stableStringify(result);
      if (flags.output) writeFileSync(flags.output, `${json}\n`);
      if (flags.json) io.out(`${json}\n`);
      else if (![...plan.paths.values()].includes('-')) io.out(renderRunSummary(result, flags.color !== false && io.isTTY));
      // The same report model and formats as app audits; the transcript is the evidence the findings cite.
      await writeReports(modelFor(ussdRunToAuditResult(result), flags, plan, io), plan, flags, io);
      if (result.stoppedBy) io.err(`dfslab: the run was stopped: ${result.stoppedBy.message}\n`);
      if (failOn && result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn!))) setExit(ExitCode.FINDINGS);
    });
}

/** Starts the CAMARA SIM Swap mock the target file declares, on this machine, and records its URL in the target. */
async function startSimSwapMock(target: UssdTarget): Promise<{ url: string; stop(): Promise<void> }> {
  const spec = target.simSwapMock!;
  const swappedNumbers = spec.swapped === 'all' ? target.accounts.map((a) => a.msisdn) : spec.swapped === 'none' ? [] : target.accounts.filter((a) => (spec.swapped as string[]).includes(a.role)).map((a) => a.msisdn);
  const mock = await startCamaraMock({
    port: spec.port,
    swapped: (phone) => swappedNumbers.some((n) => sameSubscriber(n, phone)),
    fail: spec.fail,
  });
  spec.url = mock.url;
  return mock;
}

export function renderRunSummary(r: UssdRunResult, color: boolean): string {
  const c = color ? pc : pc.createColors(false);
  const sev = (s: Severity, t: string): string => (color ? SEV_COLOUR[s](t) : t);
  const lines: string[] = [];
  lines.push(c.bold(`USSD ${r.target.serviceCode} at ${r.target.endpoint} (${r.target.dialect})`));
  lines.push(`  ${r.testsRun.length} test(s) run, ${r.stats.requests} requests in ${(r.stats.durationMs / 1000).toFixed(1)} s${r.target.quick ? ' (quick mode)' : ''}`);
  const throttled = r.throttled ?? [];
  if (r.stats.throttleWaits || throttled.some((t) => t.gaveUp > 0)) {
    const gaveUp = throttled.reduce((n, t) => n + t.gaveUp, 0);
    const per = throttled.filter((t) => t.waits > 0).map((t) => `${t.testId} ${t.waits}`).join(', ');
    lines.push(c.yellow(`  the service throttled the tests: waited ${r.stats.throttleWaits ?? 0} time(s) before dialling again${per ? ` (${per})` : ''}${gaveUp ? `; ${gaveUp} dial(s) still refused after the last wait` : ''}`));
  }
  lines.push('');
  const counts = SEVERITIES.map((s) => sev(s, `${r.findings.filter((f) => f.severity === s).length} ${s}`)).join(', ');
  lines.push(`${c.bold(`${r.findings.length} findings`)}: ${counts}; ${r.passes.length} controls found`);
  for (const s of SEVERITIES) {
    for (const f of r.findings.filter((x) => x.severity === s)) {
      lines.push(`  ${sev(s, '●')} ${c.bold(f.title)} ${c.dim(`[${f.checkId}]`)}`);
      lines.push(`    ${f.message}`);
      for (const e of f.evidence) lines.push(c.dim(`    ${e}`));
    }
  }
  if (r.passes.length) {
    lines.push('');
    for (const p of r.passes) lines.push(`  ${c.green('✓')} ${p.message} ${c.dim(`[${p.checkId}]`)}`);
  }
  if (r.inconclusive.length) {
    lines.push('', c.yellow(`${r.inconclusive.length} test(s) could not decide:`));
    for (const i of r.inconclusive) lines.push(c.yellow(`  ${i.testId}: ${i.reason}`));
  }
  if (r.skipped.length) {
    lines.push('', c.dim(`${r.skipped.length} test(s) skipped:`));
    for (const s of r.skipped) lines.push(c.dim(`  ${s.testId}: ${s.reason}`));
  }
  if (r.failed.length) {
    lines.push('', c.yellow(`${r.failed.length} test(s) stopped on an error:`));
    for (const f of r.failed) lines.push(c.yellow(`  ${f.testId}: ${f.code}: ${f.message}`));
  }
  lines.push('');
  return lines.join('\n');
}

interface ReplayFlags {
  target: string;
  run: string;
  test?: string;
  json?: boolean;
}

/** What a saved run's entry becomes when sent again: same method, query and body; the target's own auth. */
function requestOf(entry: TranscriptEntry, endpoint: URL): { request: UssdHttpRequest; path: string } {
  const url = new URL(entry.request.url);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry.request.headers)) {
    // Redacted auth values are replaced by the target's; length and host are the transport's business.
    if (v === '<redacted>' || k === 'content-length' || k === 'host') continue;
    headers[k] = v;
  }
  return {
    request: { method: entry.request.method === 'GET' ? 'GET' : 'POST', headers, ...(Object.keys(query).length ? { query } : {}), ...(entry.request.body !== undefined ? { body: entry.request.body } : {}) },
    path: url.pathname === endpoint.pathname ? '' : url.pathname,
  };
}

export function registerUssdReplay(ussd: Command, io: CliIO, setExit: (code: number) => void): void {
  ussd
    .command('replay')
    .description('send the requests of a saved run (dfslab ussd test -o run.json) again and compare the answers')
    .requiredOption('-t, --target <file>', 'the target file (the same service, or its fixed version)')
    .requiredOption('--run <file>', 'a saved run')
    .option('--test <id>', 'only the requests of this test')
    .option('--json', 'print the comparison as JSON')
    .action(async (flags: ReplayFlags) => {
      let run: UssdRunResult;
      const text = readSavedText(flags.run);
      try {
        run = JSON.parse(text) as UssdRunResult;
      } catch (e) {
        throw new UssdError(ErrorCodes.RESULT_INVALID, `cannot read the saved run (${e instanceof Error ? e.message : String(e)})`, { path: flags.run });
      }
      if (run?.kind !== 'ussd' || !Array.isArray(run.transcript)) throw new UssdError(ErrorCodes.RESULT_INVALID, 'not a saved USSD run (written by dfslab ussd test -o)', { path: flags.run });
      const target = loadTarget(flags.target);
      const conn = await connectTarget(target, { source: 'replay' });
      const endpoint = new URL(target.endpoint);
      const entries = run.transcript.filter((e) => e && typeof e === 'object' && e.request && typeof e.request.url === 'string' && (!flags.test || e.source === flags.test));
      const rows: Array<{ id: number; source: string; before: string; after: string; same: boolean }> = [];
      for (const e of entries) {
        // Only the target's declared test subscribers may call, in a replay as in a run.
        if (e.hop) conn.client.assertCaller(e.hop.msisdn);
        const { request, path } = requestOf(e, endpoint);
        let after: string;
        try {
          const r = await conn.transport.send(request, { source: `replay:${e.source}`, ...(path ? { path } : {}) });
          after = `${r.response.status} ${r.response.body}`;
        } catch (err) {
          if (err instanceof UssdError && (err.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || err.code === ErrorCodes.USSD_SAFETY_STOP)) throw err;
          after = err instanceof UssdError ? err.code : String(err);
        }
        const before = e.response ? `${e.response.status} ${e.response.body}` : (e.error?.code ?? 'no answer');
        rows.push({ id: e.id, source: e.source, before, after, same: before === after });
      }
      const changed = rows.filter((r) => !r.same).length;
      if (flags.json) io.out(`${stableStringify({ replayed: rows.length, changed, rows })}\n`);
      else {
        for (const r of rows) io.out(`${r.same ? '=' : '≠'} #${r.id} [${r.source}]\n    before: ${oneLine(r.before)}\n    after:  ${oneLine(r.after)}\n`);
        io.out(`${rows.length} request(s) replayed, ${changed} answer(s) changed\n`);
      }
      if (changed > 0) setExit(ExitCode.FINDINGS);
    });
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}

/** Where the compiled reference service is: beside the bundle, beside dist/cli/, or the sources (tests). */
const EXAMPLE_CANDIDATES = [
  new URL('./examples/ussd-wallet/index.js', import.meta.url),
  new URL('../examples/ussd-wallet/index.js', import.meta.url),
  new URL('../../examples/ussd-wallet/src/index.ts', import.meta.url),
];

interface WalletModule {
  runWalletCli(argv: readonly string[], io?: { out: (line: string) => void }): Promise<{ stop(): Promise<void> }>;
}

export async function loadExampleWallet(): Promise<WalletModule> {
  for (const u of EXAMPLE_CANDIDATES) {
    if (existsSync(fileURLToPath(u))) return (await import(u.href)) as WalletModule;
  }
  throw new UsageError(ErrorCodes.USAGE, 'the reference USSD service is not built; run `npm run build` in the dfslab folder');
}

export function registerUssdServeExample(ussd: Command, io: CliIO, _setExit: (code: number) => void): void {
  ussd
    .command('serve-example')
    .description('start the reference mobile-money USSD service (training target and demo; every weakness switchable)')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[args...]', '--profile vulnerable|hardened, --port N, --host H, --enable ids, --disable ids, --gateway-key K, --camara-url URL')
    .action(async (args: string[]) => {
      const wallet = await loadExampleWallet();
      let server: { stop(): Promise<void> };
      try {
        server = await wallet.runWalletCli(args, { out: (l) => io.out(`${l}\n`) });
      } catch (e) {
        // The example is standalone and throws its own error type with dfslab's usage code.
        if ((e as { code?: unknown })?.code === ErrorCodes.USAGE) throw new UsageError(ErrorCodes.USAGE, (e as Error).message);
        throw e;
      }
      io.out('Press Ctrl-C to stop.\n');
      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.stop().then(resolveStop);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
