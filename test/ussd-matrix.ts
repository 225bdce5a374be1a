/**
 * Each weakness of the reference service switched on alone is found alone: the whole USSD suite against the
 * hardened service with one weakness on reports findings only from the test(s) the service names for it, and
 * at least one. Loopback, at the pace a service on this machine allows (1,000 requests/s), with the
 * service's clock paced like a lab's run (see ussd-reference.test.ts) and waits that move that clock instead
 * of real time, so the idle-timeout test can run too.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCamaraMock } from '../src/ussd/camara-mock.js';
import { crawlMenu, crawlOptionsFor } from '../src/ussd/crawler.js';
import { dialectById } from '../src/ussd/dialects/index.js';
import { runUssdTests, type UssdRunResult } from '../src/ussd/run.js';
import { connectTarget, parseTarget } from '../src/ussd/target.js';
import { ussdTests } from '../src/ussd/tests/index.js';
import { DEFAULT_ACCOUNTS, startWallet, WEAKNESSES, type WalletServer, type WeaknessId } from '../examples/ussd-wallet/src/index.js';

const GATEWAY_KEY = 'matrix-gateway-key';
const CA_FILE = fileURLToPath(new URL('../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url));
const subscribers = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber');
const unregistered = DEFAULT_ACCOUNTS.find((a) => a.kind === 'unregistered');

const dobIso = (d: string | undefined): string => (d ? `${d.slice(4)}-${d.slice(2, 4)}-${d.slice(0, 2)}` : '1990-01-01');

export interface SuiteRun {
  result: UssdRunResult;
  /** The service after the run (stopped; its request log stays readable). */
  wallet: WalletServer;
  elapsedMs: number;
}

/** The whole suite against the hardened service with one weakness on (the matrix's cell). */
export async function runWithWeakness(weakness: WeaknessId | undefined, dialect: 'africastalking' | 'hubtel' = 'africastalking'): Promise<UssdRunResult> {
  return (await runReferenceSuite({ profile: 'hardened', ...(weakness ? { weakness } : {}), dialect, rate: 1000 })).result;
}

/**
 * The whole USSD suite against the reference service, as a lab runs it from one target file (quick mode
 * unless the cell is the idle timeout). The service's clock is paced like a lab's run: a minute between
 * tests, 3.5 s of service time per crawl request, and waits that move it instead of real time.
 */
export async function runReferenceSuite(o: { profile: 'vulnerable' | 'hardened'; weakness?: WeaknessId; dialect: 'africastalking' | 'hubtel'; rate: number }): Promise<SuiteRun> {
  const { weakness, dialect } = o;
  let clock = Date.UTC(2026, 10, 2, 9, 0, 0);
  let crawling = false;
  let lastServed = 0;
  let served = (): number => 0;
  const now = (): number => {
    const n = served();
    if (crawling) clock += (n - lastServed) * 3_500;
    lastServed = n;
    return clock;
  };
  // The lab's SIM-swap mock says "swapped" (so the step-up test has something to step up on), except for
  // the channel-limit weakness: a large transfer by a swapped SIM is refused by the step-up before any limit.
  // With the SIM not swapped, the service lets the forgot-PIN flow go on after its SIM-swap check; the
  // reset-knowable-data test reads the mock's call log, sees the check, and passes.
  const camara = await startCamaraMock({ swapped: () => weakness !== 'no-channel-limits' });
  const wallet = await startWallet({ profile: o.profile, weaknesses: weakness ? { [weakness]: true } : {}, port: 0, gatewayKey: GATEWAY_KEY, now, camaraUrl: camara.url, camaraTimeoutMs: 300 });
  served = () => wallet.requestLog.length;
  try {
    const a = [...subscribers].sort((x, y) => y.balance - x.balance)[0]!;
    const b = subscribers.find((x) => x !== a)!;
    const acct = (x: (typeof subscribers)[number], role: string): string =>
      `  - { msisdn: '${x.msisdn}', pin: '${x.pin}', role: ${role}, name: '${x.name}', nationalId: '${x.nationalId}', dob: '${dobIso(x.dob)}' }`;
    const yaml = `endpoint: ${wallet.url}${dialect === 'africastalking' ? wallet.paths.africastalking : wallet.paths.hubtel}
dialect: ${dialect}
serviceCode: '*384*12#'
auth: { headers: { x-gateway-key: ${GATEWAY_KEY} } }
tls: { ca: '${CA_FILE}' }
accounts:
${acct(a, 'A')}
${acct(b, 'B')}
${unregistered ? `  - { msisdn: '${unregistered.msisdn}', pin: '0000', role: U }` : ''}
policies: { lockoutThreshold: 3, sessionTimeoutSeconds: 180, perTransactionLimit: 50000, dailyLimit: 150000 }
budget: { maxRequests: 5000, ratePerSecond: ${o.rate} }
quick: ${weakness === 'no-idle-timeout' ? 'false' : 'true'}
allowedAmount: 60000
extras: { camaraMock: '${camara.url}' }
`;
    const conn = await connectTarget(parseTarget(yaml, 'matrix-target.yaml'), { dialect: dialectById(dialect) });
    const t0 = Date.now();
    const result = await runUssdTests(conn, ussdTests, {
      crawl: async () => {
        crawling = true;
        try {
          return await crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn));
        } finally {
          crawling = false;
        }
      },
      onProgress: () => {
        clock += 61_000;
      },
      // Waits move the service's clock, not real time.
      sleep: async (ms) => {
        clock += ms;
      },
    });
    return { result, wallet, elapsedMs: Date.now() - t0 };
  } finally {
    await wallet.stop();
    await camara.stop();
  }
}

const catalogueOf = new Map(ussdTests.map((t) => [t.id, t.meta.catalogueId]));

/**
 * Weaknesses that are, by their nature, also another test's weakness: a confirm hop that can be replayed
 * also debits again when sent five times at once (the race test sees it), and a PIN counter that restarts
 * with each session defeats the lockout across sessions (the lockout test sees it).
 */
const ALSO_SEEN_BY: Partial<Record<WeaknessId, readonly string[]>> = {
  'final-step-replay': ['USSD-RACE-01'],
  'pin-counter-per-session': ['USSD-PIN-01'],
};

/** The weaknesses of one slice of the matrix (the matrix is split over files so test workers share it). */
export function describeMatrix(slice: number, slices: number): void {
  const weaknesses = WEAKNESSES.filter((_, i) => i % slices === slice);
  describe(`each weakness of the reference service alone (part ${slice + 1} of ${slices})`, () => {
    it.each(weaknesses.map((w) => [w.id, w] as const))('%s alone is found alone', async (_id, w) => {
      const dialect = w.dialects.includes('africastalking') ? 'africastalking' : 'hubtel';
      const result = await runWithWeakness(w.id, dialect);
      const expected = new Set(w.harnessTest.split(/[,\s]+/).filter((x) => /^USSD-[A-Z]+-\d+$/.test(x)));
      const allowed = new Set([...expected, ...(ALSO_SEEN_BY[w.id] ?? [])]);
      const found = result.findings.map((f) => `${catalogueOf.get(f.checkId)} ${f.checkId}: ${f.message}`);
      const intended = result.findings.filter((f) => expected.has(catalogueOf.get(f.checkId)!));
      expect(intended.length, `no finding from ${[...expected].join('/')}; got: ${found.join(' | ') || 'none'}; inconclusive: ${result.inconclusive.map((i) => `${i.testId}: ${i.reason}`).join(' | ')}`).toBeGreaterThan(0);
      expect(found.filter((f) => !allowed.has(f.split(' ')[0]!))).toEqual([]);
      expect(result.failed).toEqual([]);
    }, 120_000);
  });
}

