/**
 * @module cli/ussd
 * `dfslab ussd …`: dynamic tests of a live USSD application, reached through its gateway dialect as
 * described by a target file (docs/ussd.md). Each sub-command is one `registerUssd<Name>` function below;
 * `registerUssd` only creates the `ussd` group and calls them.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { crawlMenu, crawlOptionsFor, renderMenuTree, type CrawlProgress } from '../ussd/crawler.js';
import { stableStringify } from '../report/stable-json.js';
import { connectTarget, loadTarget, resolveDialect, SafetyRails, type UssdTarget } from '../ussd/target.js';
import type { Dialect } from '../ussd/types.js';
import type { CliIO } from './main.js';
import { registerUssdReplay, registerUssdServeExample, registerUssdTest, registerUssdTests } from './ussd-test.js';

export function registerUssd(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const ussd = program
    .command('ussd')
    .description('test a live USSD application through its gateway protocol (staging targets, declared test accounts)');
  registerUssdCrawl(ussd, io, setExit);
  registerUssdTest(ussd, io, setExit);
  registerUssdTests(ussd, io, setExit);
  registerUssdReplay(ussd, io, setExit);
  registerUssdServeExample(ussd, io, setExit);
  registerUssdSimulate(ussd, io, setExit);
}

interface CrawlFlags {
  target: string;
  out?: string;
  json?: boolean;
  dryRun?: boolean;
  transcript?: string;
  progress?: boolean;
}

function registerUssdCrawl(ussd: Command, io: CliIO, _setExit: (code: number) => void): void {
  ussd
    .command('crawl')
    .description('map the menu tree breadth-first (USSD-DISC-01), within the target\'s request budget and rate limit')
    .requiredOption('-t, --target <file>', 'the target file (YAML, see docs/ussd.md)')
    .option('-o, --out <file>', 'write the menu map (JSON) to this file')
    .option('--json', 'print the menu map as JSON instead of the tree')
    .option('--dry-run', 'print what would be crawled and send nothing')
    .option('--transcript <file>', 'write every request and response (JSON) to this file')
    .option('--no-progress', 'never show progress')
    .action(async (flags: CrawlFlags) => {
      const target = loadTarget(flags.target);
      const dialect = await resolveDialect(target);
      if (flags.dryRun) {
        const plan = crawlPlan(target, dialect);
        io.out(flags.json ? `${stableStringify(plan)}\n` : renderPlan(plan));
        return;
      }
      const conn = await connectTarget(target, { dialect, source: 'crawl' });
      const showProgress = io.isTTY && !flags.json && flags.progress !== false && !process.env.CI;
      const progress = showProgress ? progressPrinter(io) : undefined;
      let map;
      try {
        map = await crawlMenu(conn.client, crawlOptionsFor(conn, progress ? { onProgress: progress.update } : {}));
      } finally {
        progress?.done();
        if (flags.transcript) writeFileSync(flags.transcript, `${stableStringify(conn.transport.transcript)}\n`);
      }
      const json = stableStringify(map);
      if (flags.out) writeFileSync(flags.out, `${json}\n`);
      if (flags.json) io.out(`${json}\n`);
      else io.out(renderMenuTree(map));
      if (!map.complete && !flags.json) {
        const why = map.stopReason === 'budget' ? `the request budget (${target.budget.maxRequests}) was spent` : map.stopReason === 'max-nodes' ? `the screen limit (${target.crawl.maxNodes}) was reached` : 'a safety rail stopped it';
        io.err(`dfslab: the crawl is incomplete: ${why}; raise the limit in the target file to see more\n`);
      }
    });
}

/**
 * `ussd simulate`: a phone in the browser (src/ussd/simulator). Runs until SIGINT/SIGTERM, then closes the
 * server. The server module is loaded only here, so the other sub-commands do not pay for it.
 */
function registerUssdSimulate(ussd: Command, io: CliIO, _setExit: (code: number) => void): void {
  ussd
    .command('simulate')
    .description('a phone in your browser: play the target\'s menus by hand through its gateway dialect, with the transcript beside it')
    .requiredOption('-t, --target <file>', 'the target file (YAML, see docs/ussd.md)')
    .option('--port <port>', 'port to listen on (default 8090; 0 picks a free one)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1; any other address exposes the simulator, which has no login, to the network)')
    .option('--caller <role|msisdn>', 'the declared account the phone calls as by default (default: crawl.caller, usually A)')
    .action(async (flags: { target: string; port?: string; host?: string; caller?: string }) => {
      const { ErrorCodes, UsageError } = await import('../errors.js');
      const { DEFAULT_SIM_PORT, startSimulator } = await import('../ussd/simulator/server.js');
      const port = flags.port === undefined ? DEFAULT_SIM_PORT : /^\d{1,5}$/.test(flags.port) ? Number(flags.port) : NaN;
      if (!Number.isInteger(port) || port > 65535) throw new UsageError(ErrorCodes.USAGE, `--port is a number from 0 to 65535 (got "${flags.port}")`);
      const target = loadTarget(flags.target);
      const conn = await connectTarget(target, { source: 'simulate' });
      const sim = await startSimulator({
        conn,
        port,
        ...(flags.host !== undefined ? { host: flags.host, allowNonLoopback: true } : {}),
        ...(flags.caller !== undefined ? { caller: flags.caller } : {}),
      });
      const host = flags.host ?? '127.0.0.1';
      if (!/^(127\.|localhost$|::1$)/.test(host)) {
        io.err(`dfslab: ${pc.yellow('warning')}: the simulator listens on ${host}; anyone who can reach it can call the target as the declared accounts\n`);
      }
      io.out(`USSD simulator for ${target.serviceCode} (${conn.dialect.name}) at ${sim.url}\nPress Ctrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sim.stop().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      io.err(`dfslab: simulator stopped after ${conn.transport.requestsUsed} requests to the target\n`);
    });
}

export interface CrawlPlan {
  dryRun: true;
  endpoint: string;
  dialect: { id: string; name: string; input: string; keyedBy: string };
  serviceCode: string;
  callers: Array<{ role: string; msisdn: string; crawl: boolean }>;
  authHeaders: string[];
  tls: { ca?: string; insecure: boolean };
  budget: UssdTarget['budget'];
  crawl: { deep: boolean; maxDepth: number; maxNodes: number; probes: string[]; stopsAt: string[] };
  safety: { allowedAmount?: number; production: boolean; destructiveTestsAllowed: boolean };
}

/** What `ussd crawl` would do with this target; PINs and header values are never part of it. */
export function crawlPlan(target: UssdTarget, dialect: Dialect): CrawlPlan {
  const safety = new SafetyRails(target);
  return {
    dryRun: true,
    endpoint: target.endpoint,
    dialect: { id: dialect.id, name: dialect.name, input: dialect.semantics.input, keyedBy: dialect.semantics.keyedBy },
    serviceCode: target.serviceCode,
    callers: target.accounts.map((a) => ({ role: a.role, msisdn: a.msisdn, crawl: a.role === target.crawl.caller })),
    authHeaders: Object.keys(target.auth.headers).sort(),
    tls: { ...(target.tls.ca ? { ca: target.tls.ca } : {}), insecure: target.tls.insecure },
    budget: target.budget,
    crawl: {
      deep: target.crawl.deep,
      maxDepth: target.crawl.maxDepth,
      maxNodes: target.crawl.maxNodes,
      probes: target.crawl.probes,
      stopsAt: target.crawl.deep ? ['confirm', 'pin after an amount'] : ['pin', 'amount', 'recipient', 'confirm'],
    },
    safety: {
      ...(target.allowedAmount !== undefined ? { allowedAmount: target.allowedAmount } : {}),
      production: target.production,
      destructiveTestsAllowed: safety.destructiveAllowed(),
    },
  };
}

function renderPlan(p: CrawlPlan): string {
  const probes = p.crawl.probes.map((x) => (x === '' ? '(blank)' : x)).join(', ') || 'none';
  const lines = [
    'dry run: nothing will be sent',
    `endpoint      ${p.endpoint}`,
    `dialect       ${p.dialect.id} (${p.dialect.name}; ${p.dialect.input} input, sessions keyed by ${p.dialect.keyedBy})`,
    `service code  ${p.serviceCode}`,
    `callers       ${p.callers.map((c) => `${c.role} ${c.msisdn}${c.crawl ? ' (crawls)' : ''}`).join(', ')}`,
    `auth headers  ${p.authHeaders.length ? `${p.authHeaders.join(', ')} (values hidden)` : 'none'}`,
    `tls           ${p.endpoint.startsWith('https:') ? (p.tls.insecure ? 'any certificate accepted (insecure)' : p.tls.ca ? `CA ${p.tls.ca}` : 'system CAs') : 'none (plain http)'}`,
    `budget        at most ${p.budget.maxRequests} requests, ${p.budget.ratePerSecond} per second, ${p.budget.timeoutMs} ms timeout, answers up to ${p.budget.maxResponseBytes} bytes`,
    `crawl         breadth-first to depth ${p.crawl.maxDepth}, at most ${p.crawl.maxNodes} screens; every menu option plus probes ${probes}`,
    `              stops at: ${p.crawl.stopsAt.join(', ')}${p.crawl.deep ? ' (deep: enters the declared PIN, allowedAmount and B\'s number)' : ''}; never confirms a transaction`,
    `safety        ${p.safety.allowedAmount === undefined ? 'no money may move (no allowedAmount)' : `allowedAmount ${p.safety.allowedAmount}`}; ${p.safety.production ? `production${p.safety.destructiveTestsAllowed ? ' (authorised)' : ', destructive tests refused'}` : 'not production'}`,
  ];
  return `${lines.join('\n')}\n`;
}

function progressPrinter(io: CliIO): { update: (p: CrawlProgress) => void; done: () => void } {
  let shown = false;
  return {
    update(p) {
      const path = p.path.length ? p.path.map((x) => (x === '' ? '(blank)' : x)).join(' › ') : '(dial)';
      io.err(`\r\x1b[2K${pc.dim(`crawl: ${p.nodes} screens, ${p.requests} requests, ${p.queued} queued — ${path}`)}`);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}
