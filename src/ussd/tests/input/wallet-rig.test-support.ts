/**
 * Test support for the input, authz and abuse USSD test cases: the reference wallet (`examples/ussd-wallet`) on
 * 127.0.0.1 with a fake clock, a target file for it in one of its dialects, and a run of test cases through the
 * real runner and the real crawler.
 *
 * The wallet's clock moves 3.5 s per crawl request (the hardened profile admits 20 new sessions per number per
 * minute, and a crawl opens one per path), then a minute passes, then it moves 200 ms per test request: the
 * pace of the default rate of 5 requests/s, so the throttling test meets the wallet's limits as it would live.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crawlMenu, crawlOptionsFor } from '../../crawler.js';
import { dialectById } from '../../dialects/index.js';
import { runUssdTests, type UssdRunResult } from '../../run.js';
import { connectTarget, parseTarget, type Connection } from '../../target.js';
import type { UssdTest } from '../types.js';

const WALLET_ENTRY = fileURLToPath(new URL('../../../../examples/ussd-wallet/src/index.ts', import.meta.url));
const LAB_CA = fileURLToPath(new URL('../../../../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url));

export const walletPresent = existsSync(WALLET_ENTRY);

export type Dialect = 'africastalking' | 'hubtel';

export const ACCOUNT_A = { msisdn: '254711000001', pin: '4826', name: 'JANE WANJIRU MWANGI' };
export const ACCOUNT_B = { msisdn: '254711000002', pin: '7391', name: 'JOHN KAMAU OTIENO' };
/** Seeded as unregistered in the wallet. */
export const ACCOUNT_U = { msisdn: '254711000009', pin: '1357' };

interface WalletLike {
  url: string;
  paths: { africastalking: string; hubtel: string };
  gatewayKey: string;
  ledger(): ReadonlyArray<{ status: string; channel: string }>;
  stop(): Promise<void>;
}

export interface Rig {
  wallet: WalletLike;
  conn: Connection;
  run(tests: readonly UssdTest[]): Promise<UssdRunResult>;
  stop(): Promise<void>;
}

export async function startRig(o: { weaknesses?: Record<string, boolean>; dialect: Dialect; quick?: boolean; withoutU?: boolean }): Promise<Rig> {
  const mod = (await import(WALLET_ENTRY)) as {
    startWallet: (x: { profile: 'hardened'; weaknesses: Record<string, boolean>; port: number; now: () => number }) => Promise<WalletLike>;
  };
  const clock = { t: Date.UTC(2026, 2, 2, 8, 0, 0) };
  const wallet = await mod.startWallet({ profile: 'hardened', weaknesses: o.weaknesses ?? {}, port: 0, now: () => clock.t });
  const https = wallet.url.startsWith('https:');
  const yaml = [
    `endpoint: ${wallet.url}${o.dialect === 'africastalking' ? wallet.paths.africastalking : wallet.paths.hubtel}`,
    `dialect: ${o.dialect}`,
    `serviceCode: '*384#'`,
    `auth: { headers: { X-Gateway-Key: '${wallet.gatewayKey}' } }`,
    ...(https ? [`tls: { ca: '${LAB_CA}' }`] : []),
    'accounts:',
    `  - { msisdn: '${ACCOUNT_A.msisdn}', pin: '${ACCOUNT_A.pin}', role: A, name: '${ACCOUNT_A.name}' }`,
    `  - { msisdn: '${ACCOUNT_B.msisdn}', pin: '${ACCOUNT_B.pin}', role: B, name: '${ACCOUNT_B.name}' }`,
    ...(o.withoutU ? [] : [`  - { msisdn: '${ACCOUNT_U.msisdn}', pin: '${ACCOUNT_U.pin}', role: U }`]),
    'policies: { lockoutThreshold: 3, sessionTimeoutSeconds: 180 }',
    'budget: { maxRequests: 5000, ratePerSecond: 1000 }',
    'allowedAmount: 10',
    // Every flow these tests need starts within two screens of the root; a shallower crawl keeps the suite quick.
    'crawl: { maxDepth: 3 }',
    `quick: ${o.quick ?? true}`,
  ].join('\n');
  const target = parseTarget(`${yaml}\n`, 'wallet.yaml', { env: {} });
  const conn = await connectTarget(target, { dialect: dialectById(o.dialect) });
  const send = conn.transport.send.bind(conn.transport);
  conn.transport.send = (req, ctx) => {
    clock.t += ctx.source === 'crawl' ? 3_500 : 200;
    return send(req, ctx);
  };
  return {
    wallet,
    conn,
    run: (tests) =>
      runUssdTests(conn, tests, {
        crawl: async () => {
          const map = await crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn));
          clock.t += 61_000;
          return map;
        },
        sleep: async (ms) => void (clock.t += ms),
      }),
    stop: () => wallet.stop(),
  };
}

/** A run in a few lines, for failing assertions. */
export function describeRun(r: UssdRunResult): string {
  return JSON.stringify(
    {
      findings: r.findings.map((f) => `${f.checkId} [${f.severity}/${f.confidence}]: ${f.message}`),
      passes: r.passes.map((p) => `${p.checkId}: ${p.message}`),
      inconclusive: r.inconclusive.map((i) => `${i.testId}: ${i.reason}`),
      failed: r.failed,
      skipped: r.skipped,
      requests: r.stats.requests,
      byTest: requestsByTest(r),
    },
    null,
    2,
  );
}

/** Requests each test (and the crawl) sent. */
export function requestsByTest(r: UssdRunResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of r.transcript) out[e.source] = (out[e.source] ?? 0) + 1;
  return out;
}
