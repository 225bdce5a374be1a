import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog, validateReferences } from '../../../catalog/index.js';
import { describeRun, startRig, walletPresent, type Rig } from '../input/wallet-rig.test-support.js';
import { abuseTests } from './index.js';
import { throttlingTest } from './throttling.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('abuse family against the reference wallet', () => {
  for (const dialect of ['africastalking', 'hubtel'] as const) {
    it(`${throttlingTest.id} finds "no-throttling" alone (${dialect})`, async (ctx) => {
      if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
      rig = await startRig({ dialect, weaknesses: { 'no-throttling': true } });
      const r = await rig.run([throttlingTest]);
      const f = r.findings.filter((x) => x.checkId === throttlingTest.id);
      expect(f.map((x) => x.locations[0]!.attribute).sort(), describeRun(r)).toEqual(['pin-failures', 'sessions']);
      for (const x of f) expect(x.message).toMatch(/no .* was observed at that rate/);
      // The burst never locked a declared account: A's correct PIN still opens the balance.
      const s = await rig.conn.client.walk('254711000001', ['1', '4826']);
      expect(s.screen?.text).toMatch(/balance/i);
    });
    it(`${throttlingTest.id} reports nothing against the hardened profile (${dialect})`, async (ctx) => {
      if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
      rig = await startRig({ dialect, weaknesses: {} });
      const r = await rig.run([throttlingTest]);
      expect(r.findings, describeRun(r)).toEqual([]);
      expect(r.passes.filter((p) => p.checkId === throttlingTest.id).map((p) => p.locations[0]!.attribute).sort()).toEqual(['pin-failures', 'sessions']);
    });
  }

  it('is skipped on a production target without authorisation (it changes PIN counters)', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    rig = await startRig({ dialect: 'africastalking' });
    (rig.conn.target as { production: boolean }).production = true;
    const { SafetyRails } = await import('../../target.js');
    rig.conn.safety = new SafetyRails(rig.conn.target);
    const r = await rig.run([throttlingTest]);
    expect(r.skipped.map((s) => s.testId)).toEqual([throttlingTest.id]);
  });

  it('has valid catalog references', () => {
    const catalog = loadCatalog();
    for (const t of abuseTests) expect(validateReferences(catalog, t.meta.references), t.id).toEqual([]);
  });
});
