/**
 * Runs USSD test cases against the reference wallet (`examples/ussd-wallet`) as the lab would: a target file
 * (parsed like a user's), a connection, the crawl, then `runUssdTests`. The wallet's clock is a fake one: the
 * crawl and each test's sessions would otherwise trip its per-number session limit (20 per minute), which is
 * not what these tests are about; the clock moves a minute on between the crawl and the test.
 */
import { fileURLToPath } from 'node:url';
import { startWallet, type WalletServer } from '../../../../examples/ussd-wallet/src/index.js';
import type { WeaknessId } from '../../../../examples/ussd-wallet/src/weaknesses.js';
import { crawlMenu, crawlOptionsFor, type MenuMap } from '../../crawler.js';
import { dialectById } from '../../dialects/index.js';
import { runUssdTests, type UssdRunResult } from '../../run.js';
import { connectTarget, parseTarget } from '../../target.js';
import type { UssdTest } from '../types.js';

export const CA_FILE = fileURLToPath(new URL('../../../../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url));

export interface LabAccount {
  msisdn: string;
  pin: string;
  nationalId?: string;
  dob?: string;
}

export const JANE: LabAccount = { msisdn: '254711000001', pin: '4826', nationalId: '28765432', dob: '1990-03-14' };
export const JOHN: LabAccount = { msisdn: '254711000002', pin: '7391', nationalId: '30123456', dob: '1985-11-02' };
export const AMINA: LabAccount = { msisdn: '254711000003', pin: '5067', nationalId: '25678901', dob: '1978-07-21' };
export const GRACE: LabAccount = { msisdn: '254711000004', pin: '9153', nationalId: '33456789', dob: '2001-09-09' };

export type Dialect = 'africastalking' | 'hubtel';

export interface LabRun {
  result: UssdRunResult;
  wallet: WalletServer;
  menu: MenuMap;
  /** Requests the test itself sent (the crawl excluded). */
  requests: number;
}

export interface LabOptions {
  dialect: Dialect;
  weaknesses?: Partial<Record<WeaknessId, boolean>>;
  a?: LabAccount;
  b?: LabAccount;
  policies?: string;
  allowedAmount?: number;
  extras?: Record<string, string>;
  camaraUrl?: string;
  quick?: boolean;
}

function account(a: LabAccount, role: string): string {
  const extra = `${a.nationalId ? `, nationalId: '${a.nationalId}'` : ''}${a.dob ? `, dob: '${a.dob}'` : ''}`;
  return `  - { msisdn: '${a.msisdn}', pin: '${a.pin}', role: ${role}${extra} }`;
}

/** Starts a hardened wallet with `weaknesses` switched on, crawls it and runs `tests`; stops the wallet unless `keep`. */
export async function runAgainstWallet(tests: readonly UssdTest[], o: LabOptions): Promise<LabRun> {
  let now = Date.UTC(2026, 10, 2, 9, 0, 0);
  const wallet = await startWallet({ profile: 'hardened', weaknesses: o.weaknesses ?? {}, port: 0, now: () => now, ...(o.camaraUrl ? { camaraUrl: o.camaraUrl } : {}) });
  try {
    const path = o.dialect === 'africastalking' ? wallet.paths.africastalking : wallet.paths.hubtel;
    const extras = o.extras && Object.keys(o.extras).length ? `extras:\n${Object.entries(o.extras).map(([k, v]) => `  ${k}: '${v}'`).join('\n')}\n` : '';
    const yaml = [
      `endpoint: ${wallet.url}${path}`,
      `dialect: ${o.dialect}`,
      `serviceCode: '*384#'`,
      `auth: { headers: { X-Gateway-Key: '${wallet.gatewayKey}' } }`,
      wallet.url.startsWith('https:') ? `tls: { ca: '${CA_FILE}' }` : '',
      'accounts:',
      account(o.a ?? JANE, 'A'),
      account(o.b ?? JOHN, 'B'),
      `policies: { lockoutThreshold: 3, sessionTimeoutSeconds: 180${o.policies ? `, ${o.policies}` : ''} }`,
      'budget: { maxRequests: 2000, ratePerSecond: 1000 }',
      `quick: ${o.quick ?? true}`,
      o.allowedAmount !== undefined ? `allowedAmount: ${o.allowedAmount}` : '',
      "crawl: { probes: [] }",
      extras,
    ]
      .filter(Boolean)
      .join('\n');
    const target = parseTarget(yaml, 'target.yaml');
    const conn = await connectTarget(target, { dialect: dialectById(o.dialect) });
    const menu = await crawlMenu(conn.client, crawlOptionsFor(conn));
    const crawlRequests = conn.transport.requestsUsed;
    now += 61_000;
    const result = await runUssdTests(conn, tests, { crawl: async () => menu, sleep: async () => undefined });
    return { result, wallet, menu, requests: conn.transport.requestsUsed - crawlRequests };
  } finally {
    await wallet.stop();
  }
}

/** Findings, passes and inconclusive results of one test, for assertions and failure messages. */
export function outcomeOf(run: LabRun, id: string): { findings: string[]; passes: string[]; inconclusive: string[]; failed: string[] } {
  return {
    findings: run.result.findings.filter((f) => f.checkId === id).map((f) => f.message),
    passes: run.result.passes.filter((p) => p.checkId === id).map((p) => p.message),
    inconclusive: run.result.inconclusive.filter((i) => i.testId === id).map((i) => i.reason),
    failed: run.result.failed.filter((f) => f.testId === id).map((f) => `${f.code}: ${f.message}`),
  };
}
