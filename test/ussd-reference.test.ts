/**
 * The whole USSD test suite against the reference service, as a lab runs it (quick mode, one target file):
 * on the **vulnerable** profile every switched-on weakness is found by the test the service says should find
 * it; on the **hardened** profile no test reports a finding. The request rate the target file sets is never
 * exceeded, judged from the service's own request log. Loopback only.
 *
 * The wallet's clock is paced like a lab's real run: a minute passes between tests, and the crawl (one
 * session per menu path) takes 3.5 s of service time per request. The wallet's per-number limits are per
 * minute (20 new sessions); at full loopback speed the crawl alone would trip them.
 *
 * Some weaknesses cannot show while another is on (a header allow-list cannot be told apart when the
 * callback answers everyone; a PIN counter's scope when there is no counter at all), some are seen through
 * one dialect only, and the idle timeout needs real waiting, which quick mode skips: each test's own file
 * proves those one at a time. This run expects every other weakness.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCamaraMock } from '../src/ussd/camara-mock.js';
import { crawlMenu, crawlOptionsFor } from '../src/ussd/crawler.js';
import { dialectById } from '../src/ussd/dialects/index.js';
import { runUssdTests, type UssdRunResult } from '../src/ussd/run.js';
import { connectTarget, parseTarget } from '../src/ussd/target.js';
import { ussdTests } from '../src/ussd/tests/index.js';
import { DEFAULT_ACCOUNTS, startWallet, WEAKNESSES, type WalletServer } from '../examples/ussd-wallet/src/index.js';

const RATE = 100;
const CA_FILE = fileURLToPath(new URL('../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url));

/** Weaknesses this combined quick run cannot show (see the header); their tests' own files prove them alone. */
const MASKED_OR_SKIPPED = new Set(['header-trust', 'pin-counter-per-session', 'msisdn-canonicalisation', 'no-idle-timeout']);
const GATEWAY_KEY = 'reference-suite-gateway-key';
const subscribers = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber');
const unregistered = DEFAULT_ACCOUNTS.find((a) => a.kind === 'unregistered');

function dobIso(ddmmyyyy: string | undefined): string {
  return ddmmyyyy ? `${ddmmyyyy.slice(4)}-${ddmmyyyy.slice(2, 4)}-${ddmmyyyy.slice(0, 2)}` : '1990-01-01';
}

async function runSuite(profile: 'vulnerable' | 'hardened'): Promise<{ result: UssdRunResult; wallet: WalletServer; elapsedMs: number }> {
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
  const camara = await startCamaraMock({ swapped: () => true });
  const wallet = await startWallet({ profile, port: 0, gatewayKey: GATEWAY_KEY, now, camaraUrl: camara.url, camaraTimeoutMs: 300 });
  served = () => wallet.requestLog.length;
  try {
    // A needs a balance above the per-transaction limit for the channel-limit test.
    const a = [...subscribers].sort((x, y) => y.balance - x.balance)[0];
    const b = subscribers.find((x) => x !== a);
    const acct = (x: (typeof subscribers)[number], role: string): string =>
      `  - { msisdn: '${x.msisdn}', pin: '${x.pin}', role: ${role}, nationalId: '${x.nationalId}', dob: '${dobIso(x.dob)}' }`;
    const yaml = `endpoint: ${wallet.url}${wallet.paths.africastalking}
dialect: africastalking
serviceCode: '*384*12#'
auth: { headers: { x-gateway-key: ${GATEWAY_KEY} } }
tls: { ca: '${CA_FILE}' }
accounts:
${acct(a!, 'A')}
${acct(b!, 'B')}
${unregistered ? `  - { msisdn: '${unregistered.msisdn}', pin: '0000', role: U }` : ''}
policies: { lockoutThreshold: 3, sessionTimeoutSeconds: 180, perTransactionLimit: 50000, dailyLimit: 150000 }
budget: { maxRequests: 3000, ratePerSecond: ${RATE} }
quick: true
allowedAmount: 60000
extras: { camaraMock: '${camara.url}' }
`;
    const target = parseTarget(yaml, 'reference-target.yaml');
    const conn = await connectTarget(target, { dialect: dialectById('africastalking') });
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
    });
    return { result, wallet, elapsedMs: Date.now() - t0 };
  } finally {
    await camara.stop();
  }
}

/** Most requests the service saw start within any one second. */
function peakPerSecond(log: ReadonlyArray<{ receivedMs: number }>): number {
  const times = log.map((r) => r.receivedMs).sort((x, y) => x - y);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe('the USSD test suite against the reference service', () => {
  let vulnerable: Awaited<ReturnType<typeof runSuite>>;
  let hardened: Awaited<ReturnType<typeof runSuite>>;

  beforeAll(async () => {
    vulnerable = await runSuite('vulnerable');
    hardened = await runSuite('hardened');
  }, 240_000);

  afterAll(async () => {
    await vulnerable?.wallet.stop();
    await hardened?.wallet.stop();
  });

  it('finds every weakness of the vulnerable profile with the test meant to find it', () => {
    const { result } = vulnerable;
    console.log(
      `vulnerable: ${result.findings.length} findings from ${new Set(result.findings.map((f) => f.checkId)).size} tests, ${result.stats.requests} requests, ${vulnerable.elapsedMs} ms`,
    );
    const foundCatalogueIds = new Set(result.findings.map((f) => ussdTests.find((t) => t.id === f.checkId)!.meta.catalogueId));
    const missed: string[] = [];
    for (const w of WEAKNESSES) {
      if (MASKED_OR_SKIPPED.has(w.id) || !w.dialects.includes('africastalking')) continue;
      const expected = w.harnessTest.split(/[,\s]+/).filter((x) => /^USSD-[A-Z]+-\d+$/.test(x));
      if (!expected.some((id) => foundCatalogueIds.has(id))) missed.push(`${w.id} (${expected.join('/')})`);
    }
    for (const i of result.inconclusive) console.log(`  inconclusive ${i.testId}: ${i.reason}`);
    for (const f of result.failed) console.log(`  failed ${f.testId}: ${f.code} ${f.message}`);
    expect(missed).toEqual([]);
  });

  it('reports no finding on the hardened profile', () => {
    const { result } = hardened;
    console.log(`hardened: ${result.passes.length} controls found, ${result.inconclusive.length} inconclusive, ${result.stats.requests} requests, ${hardened.elapsedMs} ms`);
    expect(result.findings.map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
    expect(result.failed).toEqual([]);
  });

  it('never exceeds the request rate the target file sets (the service\'s own log)', () => {
    for (const run of [vulnerable, hardened]) {
      expect(run.wallet.requestLog.length).toBeGreaterThan(50);
      expect(peakPerSecond(run.wallet.requestLog)).toBeLessThanOrEqual(RATE);
    }
  });
});
