/**
 * The "money" family against the reference wallet: each test finds its weakness when that weakness alone is
 * switched on and reports nothing against the hardened profile, through both dialects. Debits are judged by the
 * tests from A's balance screens; the assertions here also look at the wallet's ledger to be sure they are right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCamaraMock, type CamaraMock } from '../../camara-mock.js';
import { AMINA, GRACE, JANE, outcomeOf, runAgainstWallet, type Dialect, type LabOptions } from '../pin/wallet-harness.test-support.js';
import type { UssdTest } from '../types.js';
import { channelLimitsTest } from './channel-limits.js';
import { finalStepReplayTest } from './final-step-replay.js';
import { moneyTests } from './index.js';
import { parallelConfirmTest } from './parallel-confirm.js';
import { probeCamaraMock, simSwapStepUpTest } from './sim-swap-step-up.js';
import { amountFor } from './support.js';

const BOTH: Dialect[] = ['africastalking', 'hubtel'];

async function run(test: UssdTest, o: LabOptions) {
  const r = await runAgainstWallet([test], o);
  const out = outcomeOf(r, test.id);
  expect(out.failed, JSON.stringify(out)).toEqual([]);
  expect(r.result.stoppedBy).toBeUndefined();
  // Failure messages show the outcome and this test's screens, not the whole run.
  const screens = r.result.transcript.filter((e) => e.source === test.id).map((e) => `#${e.id} ${e.hop?.input ?? ''} → ${e.screen?.text ?? e.error?.code ?? ''}`);
  return { ...out, run: r, toString: () => JSON.stringify({ ...out, screens }, null, 1) };
}

describe('money support', () => {
  it('lists every test of the family', () => {
    expect(moneyTests.map((t) => t.id)).toEqual(['ussd.money.final-step-replay', 'ussd.money.parallel-confirm', 'ussd.money.channel-limits', 'ussd.money.sim-swap-step-up']);
    for (const t of moneyTests) expect(t.meta.movesMoney && t.meta.destructive).toBe(true);
  });

  it('chooses amounts that fit allowedAmount', () => {
    const ctx = (allowed: number | undefined, observed = 0) => ({ target: { allowedAmount: allowed }, safety: { observedTotal: observed } }) as unknown as Parameters<typeof amountFor>[0];
    expect(amountFor(ctx(1000), 3)).toBe(10);
    expect(amountFor(ctx(20), 3)).toBe(6);
    expect(amountFor(ctx(20, 18), 3)).toBe(0);
    expect(amountFor(ctx(undefined), 1)).toBe(0);
  });
});

describe.each(BOTH)('money tests against the reference wallet (%s)', (dialect) => {
  let notSwapped: CamaraMock;
  beforeAll(async () => {
    notSwapped = await startCamaraMock({ swapped: () => false });
  });
  afterAll(async () => {
    await notSwapped.stop();
  });

  it('ussd.money.final-step-replay finds final-step-replay and passes on the hardened wallet', async () => {
    const bad = await run(finalStepReplayTest, { dialect, weaknesses: { 'final-step-replay': true }, allowedAmount: 1000 });
    expect(bad.findings, String(bad)).toHaveLength(1);
    const sends = bad.run.wallet.ledger().filter((e) => e.from === JANE.msisdn && e.channel !== 'seed' && e.status === 'completed');
    expect(sends.length).toBeGreaterThan(1);
    const good = await run(finalStepReplayTest, { dialect, allowedAmount: 1000 });
    expect(good.findings).toEqual([]);
    expect(good.passes, String(good)).toHaveLength(1);
    expect(good.run.requests).toBeLessThanOrEqual(20);
  });

  it('ussd.money.parallel-confirm finds parallel-confirm-race and passes on the hardened wallet', async () => {
    const bad = await run(parallelConfirmTest, { dialect, weaknesses: { 'parallel-confirm-race': true }, a: GRACE, allowedAmount: 5000 });
    expect(bad.findings, String(bad)).toHaveLength(1);
    const quick = await run(parallelConfirmTest, { dialect, a: GRACE, allowedAmount: 5000 });
    expect(quick.passes, String(quick)).toHaveLength(1);
    expect(quick.run.requests).toBeLessThanOrEqual(20);
    const good = await run(parallelConfirmTest, { dialect, a: GRACE, allowedAmount: 5000, quick: false });
    expect(good.findings).toEqual([]);
    expect(good.passes, String(good)).toHaveLength(1);
    // The overdraft race ran (GRACE's balance is small) and the wallet refused the second session.
    expect(good.passes[0]).toMatch(/no overdraft/);
    expect(good.run.wallet.balances()[GRACE.msisdn]).toBeGreaterThanOrEqual(0);
  });

  it('ussd.money.channel-limits finds no-channel-limits and passes on the hardened wallet', async () => {
    // Transfers above 10,000 ask the SIM Swap API first: a mock that reports no swap lets the limit decide.
    const o = { dialect, a: AMINA, allowedAmount: 60_000, policies: 'perTransactionLimit: 50000, dailyLimit: 150000', camaraUrl: notSwapped.url };
    const bad = await run(channelLimitsTest, { ...o, weaknesses: { 'no-channel-limits': true } });
    expect(bad.findings, String(bad)).toHaveLength(1);
    const good = await run(channelLimitsTest, o);
    expect(good.findings).toEqual([]);
    expect(good.passes, String(good)).toHaveLength(1);
    expect(good.run.wallet.ledger().filter((e) => e.from === AMINA.msisdn && e.channel !== 'seed' && e.status === 'completed')).toEqual([]);
  });

  it('ussd.money.channel-limits never goes above allowedAmount', async () => {
    const r = await run(channelLimitsTest, { dialect, a: AMINA, allowedAmount: 1000, policies: 'perTransactionLimit: 50000', weaknesses: { 'no-channel-limits': true } });
    expect(r.findings).toEqual([]);
    expect(r.inconclusive[0]).toMatch(/allowedAmount/);
    expect(r.run.requests).toBe(0);
  });
});

describe.each(BOTH)('ussd.money.sim-swap-step-up against the reference wallet and the CAMARA mock (%s)', (dialect) => {
  let swapped: CamaraMock;
  let failing: CamaraMock;
  beforeAll(async () => {
    swapped = await startCamaraMock({ swapped: () => true });
    failing = await startCamaraMock({ fail: '500' });
  });
  afterAll(async () => {
    await swapped.stop();
    await failing.stop();
  });
  const base = { dialect, a: AMINA, allowedAmount: 20_000 };

  it('finds no-sim-swap-check (forgot-PIN and the high-value transfer) and passes on the hardened wallet', async () => {
    const bad = await run(simSwapStepUpTest, { ...base, weaknesses: { 'no-sim-swap-check': true }, camaraUrl: swapped.url, extras: { camaraMock: swapped.url } });
    expect(bad.findings, String(bad)).toHaveLength(2);
    const good = await run(simSwapStepUpTest, { ...base, camaraUrl: swapped.url, extras: { camaraMock: swapped.url } });
    expect(good.findings).toEqual([]);
    expect(good.passes, String(good)).toHaveLength(1);
    expect(good.run.wallet.ledger().filter((e) => e.from === AMINA.msisdn && e.channel !== 'seed' && e.status === 'completed')).toEqual([]);
  });

  it('checks fail-closed when the mock fails', async () => {
    const good = await run(simSwapStepUpTest, { ...base, camaraUrl: failing.url, extras: { camaraMock: failing.url } });
    expect(good.findings).toEqual([]);
    expect(good.passes[0], String(good)).toMatch(/SIM Swap API fails/);
    const bad = await run(simSwapStepUpTest, { ...base, weaknesses: { 'no-sim-swap-check': true }, camaraUrl: failing.url, extras: { camaraMock: failing.url } });
    expect(bad.findings.length, String(bad)).toBe(2);
    expect(bad.findings[0]).toMatch(/fails open/);
  });

  it('is inconclusive without the mock address', async () => {
    const r = await run(simSwapStepUpTest, { ...base, weaknesses: { 'no-sim-swap-check': true } });
    expect(r.findings).toEqual([]);
    expect(r.inconclusive[0]).toMatch(/simSwapMock/);
  });
});

describe('probeCamaraMock', () => {
  it('tells a swapped answer, a failing mock and an unusable one apart', async () => {
    const yes = await startCamaraMock({ swapped: () => true });
    const no = await startCamaraMock({ swapped: () => false });
    const err = await startCamaraMock({ fail: '500' });
    try {
      expect(await probeCamaraMock(yes.url, '254711000003')).toEqual({ mode: 'swapped' });
      expect((await probeCamaraMock(no.url, '254711000003')).mode).toBe('unusable');
      expect((await probeCamaraMock(err.url, '254711000003')).mode).toBe('failing');
      expect((await probeCamaraMock('not a url', '254711000003')).mode).toBe('unusable');
    } finally {
      await Promise.all([yes.stop(), no.stop(), err.stop()]);
    }
  });
});
