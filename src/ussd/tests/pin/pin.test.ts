/**
 * The "pin" family against the reference wallet: each test finds its weakness when that weakness alone is
 * switched on, and reports nothing (a pass or an inconclusive result) against the hardened profile, for the
 * dialects through which the weakness is observable.
 */
import { describe, expect, it } from 'vitest';
import { counterScopeTest } from './counter-scope.js';
import { dialStringTest } from './dial-string.js';
import { echoTest } from './echo.js';
import { lockoutTest } from './lockout.js';
import { resetKnowableDataTest } from './reset-knowable-data.js';
import { outcomeOf, runAgainstWallet, type Dialect } from './wallet-harness.test-support.js';
import { weakCandidates, weakPinTest } from './weak-pin.js';
import { pinTests } from './index.js';
import type { UssdTest } from '../types.js';
import { startCamaraMock } from '../../camara-mock.js';
import type { WeaknessId } from '../../../../examples/ussd-wallet/src/weaknesses.js';

const BOTH: Dialect[] = ['africastalking', 'hubtel'];

async function expectFinds(test: UssdTest, dialect: Dialect, weakness: WeaknessId, extra: { allowedAmount?: number } = {}): Promise<void> {
  const run = await runAgainstWallet([test], { dialect, weaknesses: { [weakness]: true }, ...extra });
  const o = outcomeOf(run, test.id);
  expect(o.failed, JSON.stringify(o)).toEqual([]);
  expect(o.findings.length, JSON.stringify(o)).toBeGreaterThan(0);
  const finding = run.result.findings.find((f) => f.checkId === test.id)!;
  // Every finding cites transcript entries of this test.
  const ids = new Set(run.result.transcript.filter((e) => e.source === test.id).map((e) => e.id));
  const cited = (finding.evidence.find((e) => e.startsWith('transcript:')) ?? '').match(/#(\d+)/g)?.map((x) => Number(x.slice(1))) ?? [];
  expect(cited.length).toBeGreaterThan(0);
  for (const id of cited) expect(ids.has(id)).toBe(true);
}

async function expectQuiet(test: UssdTest, dialect: Dialect, extra: { allowedAmount?: number } = {}): Promise<ReturnType<typeof outcomeOf> & { requests: number }> {
  const run = await runAgainstWallet([test], { dialect, ...extra });
  const o = outcomeOf(run, test.id);
  expect(o.failed, JSON.stringify(o)).toEqual([]);
  expect(o.findings, JSON.stringify(o)).toEqual([]);
  expect(o.passes.length + o.inconclusive.length).toBe(1);
  return { ...o, requests: run.requests };
}

describe('pin support', () => {
  it('lists the guessable PINs in the length of the declared PIN', () => {
    expect(weakCandidates('4826')).toEqual(['4826', '0000', '1234', '1111', '1212']);
    expect(weakCandidates('123456')).toEqual(['123456', '000000', '111111', '121212']);
  });

  it('lists every test of the family with a unique id', () => {
    expect(pinTests.map((t) => t.id)).toEqual([
      'ussd.pin.echo',
      'ussd.pin.dial-string',
      'ussd.pin.weak-pin',
      'ussd.pin.reset-knowable-data',
      'ussd.pin.counter-scope',
      'ussd.pin.lockout',
    ]);
  });
});

describe.each(BOTH)('pin tests against the reference wallet (%s)', (dialect) => {
  it('ussd.pin.lockout finds no-pin-lockout and passes on the hardened wallet', async () => {
    await expectFinds(lockoutTest, dialect, 'no-pin-lockout');
    const q = await expectQuiet(lockoutTest, dialect);
    expect(q.passes).toHaveLength(1);
  });

  it('ussd.pin.counter-scope finds pin-counter-per-session and passes on the hardened wallet', async () => {
    await expectFinds(counterScopeTest, dialect, 'pin-counter-per-session');
    const q = await expectQuiet(counterScopeTest, dialect);
    expect(q.passes).toHaveLength(1);
    // With no counter at all the scope cannot be judged: that is ussd.pin.lockout's finding.
    const none = await runAgainstWallet([counterScopeTest], { dialect, weaknesses: { 'no-pin-lockout': true } });
    expect(outcomeOf(none, counterScopeTest.id).inconclusive).toHaveLength(1);
  });

  it('ussd.pin.echo finds pin-echo and passes on the hardened wallet', async () => {
    await expectFinds(echoTest, dialect, 'pin-echo', { allowedAmount: 100 });
    const q = await expectQuiet(echoTest, dialect, { allowedAmount: 100 });
    expect(q.passes).toHaveLength(1);
  });

  it('ussd.pin.weak-pin finds weak-pin-accepted and passes on the hardened wallet', async () => {
    await expectFinds(weakPinTest, dialect, 'weak-pin-accepted');
    const q = await expectQuiet(weakPinTest, dialect);
    expect(q.passes).toHaveLength(1);
  });

  it('ussd.pin.reset-knowable-data finds no-sim-swap-check and reports nothing on the hardened wallet', async () => {
    await expectFinds(resetKnowableDataTest, dialect, 'no-sim-swap-check');
    await expectQuiet(resetKnowableDataTest, dialect);
  });

  it('ussd.pin.reset-knowable-data reads the SIM Swap mock: a reset gated by the check passes, one without it is found', async () => {
    const camara = await startCamaraMock({ swapped: () => false });
    try {
      const lab = { dialect, camaraUrl: camara.url, extras: { camaraMock: camara.url } };
      const gated = outcomeOf(await runAgainstWallet([resetKnowableDataTest], lab), resetKnowableDataTest.id);
      expect(gated.findings, JSON.stringify(gated)).toEqual([]);
      expect(gated.passes[0]).toMatch(/only after asking the SIM Swap API about A \(1 query, answered "not swapped"\)/);
      const run = await runAgainstWallet([resetKnowableDataTest], { ...lab, weaknesses: { 'no-sim-swap-check': true } });
      const open = outcomeOf(run, resetKnowableDataTest.id);
      expect(open.findings[0]).toMatch(/received no query about A during the flow/);
      expect(run.result.findings[0]!.confidence).toBe('high');
    } finally {
      await camara.stop();
    }
    // Without a readable mock the finding says the check is not visible, with medium confidence.
    const blind = await runAgainstWallet([resetKnowableDataTest], { dialect, weaknesses: { 'no-sim-swap-check': true } });
    expect(blind.result.findings[0]!.message).toMatch(/not visible: no readable dfslab SIM Swap mock declared/);
    expect(blind.result.findings[0]!.confidence).toBe('medium');
  });
});

describe('ussd.pin.dial-string', () => {
  it('finds pin-in-dial-string through Hubtel and passes on the hardened wallet', async () => {
    await expectFinds(dialStringTest, 'hubtel', 'pin-in-dial-string');
    const q = await expectQuiet(dialStringTest, 'hubtel');
    expect(q.passes).toHaveLength(1);
  });

  it("is inconclusive through Africa's Talking, which does not forward the dial string", async () => {
    const run = await runAgainstWallet([dialStringTest], { dialect: 'africastalking', weaknesses: { 'pin-in-dial-string': true } });
    const o = outcomeOf(run, dialStringTest.id);
    expect(o.findings).toEqual([]);
    expect(o.inconclusive[0]).toMatch(/does not forward the dialled string/);
    expect(run.requests).toBe(0);
  });
});
