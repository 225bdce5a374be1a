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
import { beforeAll, describe, expect, it } from 'vitest';
import { ussdTests } from '../src/ussd/tests/index.js';
import { WEAKNESSES } from '../examples/ussd-wallet/src/index.js';
import { runReferenceSuite, type SuiteRun } from './ussd-matrix.js';

const RATE = 100;

/** Weaknesses this combined quick run cannot show (see the header); their tests' own files prove them alone. */
const MASKED_OR_SKIPPED = new Set(['header-trust', 'pin-counter-per-session', 'msisdn-canonicalisation', 'no-idle-timeout']);

const runSuite = (profile: 'vulnerable' | 'hardened'): Promise<SuiteRun> => runReferenceSuite({ profile, dialect: 'africastalking', rate: RATE });

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
  let vulnerable: SuiteRun;
  let hardened: SuiteRun;

  beforeAll(async () => {
    vulnerable = await runSuite('vulnerable');
    hardened = await runSuite('hardened');
  }, 240_000);

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
