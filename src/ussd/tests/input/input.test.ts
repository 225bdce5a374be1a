import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog, validateReferences } from '../../../catalog/index.js';
import type { UssdRunResult } from '../../run.js';
import { SafetyRails } from '../../target.js';
import type { UssdTest } from '../types.js';
import { amountFuzzingTest } from './amount-fuzzing.js';
import { inputTests } from './index.js';
import { injectionTest } from './injection.js';
import { countryCodeOf, msisdnFormatTest, spellingsOf, withCaller } from './msisdn-format.js';
import { separatorSmugglingTest } from './separator-smuggling.js';
import { leakedInternals } from './support.js';
import { describeRun, startRig, walletPresent, type Dialect, type Rig } from './wallet-rig.test-support.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

async function runOn(dialect: Dialect, test: UssdTest, weaknesses: Record<string, boolean>): Promise<UssdRunResult> {
  rig = await startRig({ dialect, weaknesses });
  return rig.run([test]);
}

const findingsOf = (r: UssdRunResult, t: UssdTest) => r.findings.filter((f) => f.checkId === t.id);

/** Each test, the weakness that alone must make it report, and the dialects through which the wallet shows it. */
const CASES: Array<{ test: UssdTest; weakness: string; dialects: Dialect[] }> = [
  { test: separatorSmugglingTest, weakness: 'separator-smuggling', dialects: ['africastalking'] },
  { test: amountFuzzingTest, weakness: 'amount-validation', dialects: ['africastalking', 'hubtel'] },
  { test: injectionTest, weakness: 'error-leak', dialects: ['africastalking', 'hubtel'] },
  { test: msisdnFormatTest, weakness: 'msisdn-canonicalisation', dialects: ['africastalking', 'hubtel'] },
];

describe('input family against the reference wallet', () => {
  for (const { test, weakness, dialects } of CASES) {
    for (const dialect of ['africastalking', 'hubtel'] as const) {
      if (dialects.includes(dialect)) {
        it(`${test.id} finds "${weakness}" alone (${dialect})`, async (ctx) => {
          if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
          const r = await runOn(dialect, test, { [weakness]: true });
          expect(findingsOf(r, test).length, describeRun(r)).toBeGreaterThan(0);
          for (const f of findingsOf(r, test)) expect(f.evidence.some((e) => e.startsWith('transcript: #'))).toBe(true);
          expect(r.failed).toEqual([]);
          // Nothing moved: the tests never confirm.
          expect(rig!.wallet.ledger().filter((e) => e.channel !== 'seed' && e.status === 'completed')).toEqual([]);
        });
      }
      it(`${test.id} reports nothing against the hardened profile (${dialect})`, async (ctx) => {
        if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
        const r = await runOn(dialect, test, {});
        expect(findingsOf(r, test), describeRun(r)).toEqual([]);
        expect(r.passes.filter((p) => p.checkId === test.id).length + r.inconclusive.filter((i) => i.testId === test.id).length).toBeGreaterThan(0);
        expect(r.failed).toEqual([]);
      });
    }
  }

  it('separator smuggling on a per-hop dialect (Hubtel) is not a finding even with the toggle on', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    const r = await runOn('hubtel', separatorSmugglingTest, { 'separator-smuggling': true });
    expect(findingsOf(r, separatorSmugglingTest), describeRun(r)).toEqual([]);
  });

  it('separator smuggling declines the confirmation it reached, leaving nothing pending', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    const r = await runOn('africastalking', separatorSmugglingTest, { 'separator-smuggling': true });
    expect(findingsOf(r, separatorSmugglingTest).length).toBe(2);
    expect(rig!.wallet.ledger().filter((e) => e.channel !== 'seed' && e.status === 'pending')).toEqual([]);
  });

  it('amount fuzzing reports acceptance and the crash as two findings', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    const r = await runOn('africastalking', amountFuzzingTest, { 'amount-validation': true });
    expect(findingsOf(r, amountFuzzingTest).map((f) => f.locations[0]!.attribute).sort()).toEqual(['amount', 'amount-error']);
  });

  it('msisdn-format without destructive tests compares spellings only', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    rig = await startRig({ dialect: 'africastalking', weaknesses: { 'msisdn-canonicalisation': true } });
    // A production target without written authorisation: the lock-counter part must not run.
    rig.conn.safety = new SafetyRails({ ...rig.conn.target, production: true });
    const r = await rig.run([msisdnFormatTest]);
    expect(findingsOf(r, msisdnFormatTest), describeRun(r)).toEqual([]);
    expect(r.transcript.filter((e) => e.source === msisdnFormatTest.id && /text=1\*\d{4}$/.test(e.request.body ?? '') && !(e.request.body ?? '').endsWith('4826')).length).toBe(0);
  });
});

describe('input family helpers', () => {
  it('country codes and spellings follow E.164', () => {
    expect(countryCodeOf('254711000001')).toBe('254');
    expect(countryCodeOf('27821234567')).toBe('27');
    expect(countryCodeOf('14155550100')).toBe('1');
    expect(countryCodeOf('233201234567')).toBe('233');
    const s = spellingsOf('254711000001', '+254711000001').map((f) => f.raw);
    expect(s[0]).toBe('0711000001');
    expect(s).not.toContain('+254711000001');
    expect(s).toContain('00254711000001');
  });

  it('withCaller rewrites the caller in form and JSON bodies and leaves other fields alone', () => {
    const form = withCaller({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sessionId=x&phoneNumber=%2B254711000001&text=1*254711000001' }, '254711000001', '0711000001');
    expect(form?.body).toBe('sessionId=x&phoneNumber=0711000001&text=1*0711000001');
    const json = withCaller({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Mobile":"254711000001","Sequence":2}' }, '254711000001', '+254 711 000001');
    expect(JSON.parse(json!.body!)).toEqual({ Mobile: '+254 711 000001', Sequence: 2 });
    expect(withCaller({ method: 'POST', headers: {}, body: 'nothing' }, '254711000001', '0711000001')).toBeUndefined();
  });

  it('leakedInternals finds errors but not an echo of the payload', () => {
    expect(leakedInternals(`SQLITE_ERROR: near "x": syntax error in: SELECT a FROM b WHERE c = 'x'`)).toContain('SQL error');
    expect(leakedInternals("TypeError: Cannot read properties of null\n    at parseAmount (/srv/menu.ts:12:5)")).toEqual(expect.arrayContaining(['stack trace', 'exception name']));
    expect(leakedInternals("1' OR '1'='1 is not a valid number", ["1' OR '1'='1"])).toEqual([]);
    expect(leakedInternals('Invalid phone number.\nEnter recipient phone number')).toEqual([]);
  });

  it('every test has valid catalog references, a USSD catalogue id and the family in its id', () => {
    const catalog = loadCatalog();
    for (const t of inputTests) {
      expect(validateReferences(catalog, t.meta.references), t.id).toEqual([]);
      expect(t.id.startsWith('ussd.input.')).toBe(true);
      expect(t.meta.family).toBe('input');
      expect(t.meta.catalogueId).toMatch(/^USSD-INJ-0[1-4]$/);
      expect(t.meta.needsMenu).toBe(true);
    }
  });
});
