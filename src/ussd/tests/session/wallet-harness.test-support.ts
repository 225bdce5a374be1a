/**
 * Test support for the USSD test cases of the auth, session and protocol families: starts the reference wallet
 * (`examples/ussd-wallet`) on 127.0.0.1 with a fake clock, connects a target to it in one of its two dialects,
 * and runs test cases through the real runner with the real crawler.
 *
 * The wallet's clock moves 3.5 s per request: the hardened profile admits at most 20 new sessions per number
 * per minute, and a crawl opens one session per path; spreading the requests in (fake) time keeps the
 * throttle out of tests that are not about throttling, without switching any of the wallet's controls off.
 */
import { fileURLToPath } from 'node:url';
import { startWallet, type WalletServer, type WeaknessId } from '../../../../examples/ussd-wallet/src/index.js';
import { crawlMenu, crawlOptionsFor } from '../../crawler.js';
import { dialectById } from '../../dialects/index.js';
import { runUssdTests, type UssdRunResult } from '../../run.js';
import { connectTarget, parseTarget, type Connection } from '../../target.js';
import type { UssdTest } from '../types.js';

export const LAB_CA_PATH = fileURLToPath(new URL('../../../../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url));

export type WalletDialect = 'africastalking' | 'hubtel';

export interface WalletRig {
  wallet: WalletServer;
  conn: Connection;
  /** The wallet's clock (ms since the epoch); tests move it. */
  clock: { t: number };
  run(tests: readonly UssdTest[], opts?: { sleep?: (ms: number) => Promise<void>; crawl?: boolean }): Promise<UssdRunResult>;
  stop(): Promise<void>;
}

export interface RigOptions {
  profile: 'vulnerable' | 'hardened';
  weaknesses?: Partial<Record<WeaknessId, boolean>>;
  dialect: WalletDialect;
  quick?: boolean;
  /** Leave the gateway key out of the target file (a target that declares no auth). */
  noAuth?: boolean;
  /** Extra top-level YAML lines (policies, allowedAmount…). */
  extraYaml?: string;
  /** Milliseconds the wallet's clock moves per request. */
  stepMs?: number;
}

export const JANE = { msisdn: '254711000001', pin: '4826', name: 'JANE WANJIRU MWANGI', nationalId: '28765432', dob: '1990-03-14' };
export const JOHN = { msisdn: '254711000002', pin: '7391', name: 'JOHN KAMAU OTIENO', nationalId: '30123456', dob: '1985-11-02' };

export async function startRig(o: RigOptions): Promise<WalletRig> {
  const clock = { t: Date.UTC(2026, 0, 15, 9, 0, 0) };
  const wallet = await startWallet({ profile: o.profile, weaknesses: o.weaknesses ?? {}, port: 0, now: () => clock.t });
  const path = o.dialect === 'africastalking' ? wallet.paths.africastalking : wallet.paths.hubtel;
  const https = wallet.url.startsWith('https:');
  const yaml = [
    `endpoint: ${wallet.url}${path}`,
    `dialect: ${o.dialect}`,
    `serviceCode: '*384#'`,
    ...(o.noAuth ? [] : [`auth: { headers: { X-Gateway-Key: '${wallet.gatewayKey}' } }`]),
    ...(https ? [`tls: { ca: '${LAB_CA_PATH}' }`] : []),
    'accounts:',
    `  - { msisdn: '${JANE.msisdn}', pin: '${JANE.pin}', role: A, name: '${JANE.name}', nationalId: '${JANE.nationalId}', dob: '${JANE.dob}' }`,
    `  - { msisdn: '${JOHN.msisdn}', pin: '${JOHN.pin}', role: B, name: '${JOHN.name}', nationalId: '${JOHN.nationalId}', dob: '${JOHN.dob}' }`,
    'budget: { maxRequests: 3000, ratePerSecond: 1000 }',
    'allowedAmount: 10',
    `quick: ${o.quick ?? true}`,
    // Fewer probes than the default keep each crawl short; the menu map still has every option.
    `crawl: { probes: ['0', ''] }`,
    ...(o.extraYaml ? [o.extraYaml] : []),
  ].join('\n');
  const target = parseTarget(`${yaml}\n`, 'target.yaml', { env: {} });
  const conn = await connectTarget(target, { dialect: dialectById(o.dialect) });
  const step = o.stepMs ?? 3_500;
  const send = conn.transport.send.bind(conn.transport);
  conn.transport.send = (req, ctx) => {
    clock.t += step;
    return send(req, ctx);
  };
  return {
    wallet,
    conn,
    clock,
    run: (tests, opts = {}) =>
      runUssdTests(conn, tests, {
        ...(opts.crawl === false ? {} : { crawl: () => crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn)) }),
        sleep: opts.sleep ?? (async (ms) => void (clock.t += ms)),
      }),
    stop: () => wallet.stop(),
  };
}

/** A short description of a run for failing assertions. */
export function summary(r: UssdRunResult): string {
  return JSON.stringify(
    {
      findings: r.findings.map((f) => `${f.checkId}: ${f.message}`),
      passes: r.passes.map((p) => `${p.checkId}: ${p.message}`),
      inconclusive: r.inconclusive.map((i) => `${i.testId}: ${i.reason}`),
      failed: r.failed,
      skipped: r.skipped,
      requests: r.stats.requests,
      bySource: requestsBySource(r),
    },
    null,
    2,
  );
}


/** Requests per transcript source (the crawl, then each test). */
export function requestsBySource(r: UssdRunResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of r.transcript) out[e.source] = (out[e.source] ?? 0) + 1;
  return out;
}

/** Transcript ids a finding or pass cites (`transcript: #3, #12`). */
export function citedIds(evidence: readonly string[]): number[] {
  const line = evidence.find((x) => x.startsWith('transcript: ')) ?? '';
  return [...line.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
}
