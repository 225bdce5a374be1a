import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog, validateReferences } from '../../../catalog/index.js';
import type { UssdRunResult } from '../../run.js';
import type { UssdTest } from '../types.js';
import { describeRun, startRig, walletPresent, type Dialect, type Rig } from '../input/wallet-rig.test-support.js';
import { enumerationTest } from './enumeration.js';
import { hiddenMenusTest } from './hidden-menus.js';
import { idorTest, mentionsName } from './idor.js';
import { authzTests } from './index.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

async function runOn(dialect: Dialect, test: UssdTest, weaknesses: Record<string, boolean>, opts: { withoutU?: boolean } = {}): Promise<UssdRunResult> {
  rig = await startRig({ dialect, weaknesses, ...opts });
  return rig.run([test]);
}

const findingsOf = (r: UssdRunResult, t: UssdTest) => r.findings.filter((f) => f.checkId === t.id);

const CASES: Array<{ test: UssdTest; weakness: string }> = [
  { test: hiddenMenusTest, weakness: 'hidden-menu' },
  { test: idorTest, weakness: 'idor-account' },
  { test: enumerationTest, weakness: 'enumeration' },
];

describe('authz family against the reference wallet', () => {
  for (const { test, weakness } of CASES) {
    for (const dialect of ['africastalking', 'hubtel'] as const) {
      it(`${test.id} finds "${weakness}" alone (${dialect})`, async (ctx) => {
        if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
        const r = await runOn(dialect, test, { [weakness]: true });
        expect(findingsOf(r, test).length, describeRun(r)).toBeGreaterThan(0);
        for (const f of findingsOf(r, test)) expect(f.evidence.some((e) => e.startsWith('transcript: #'))).toBe(true);
        expect(r.failed).toEqual([]);
      });
      it(`${test.id} reports nothing against the hardened profile (${dialect})`, async (ctx) => {
        if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
        const r = await runOn(dialect, test, {});
        expect(findingsOf(r, test), describeRun(r)).toEqual([]);
        expect(r.passes.filter((p) => p.checkId === test.id).length, describeRun(r)).toBeGreaterThan(0);
        expect(r.failed).toEqual([]);
      });
    }
  }

  it('the hidden menu is reported once, with every input that opens it', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    const r = await runOn('africastalking', hiddenMenusTest, { 'hidden-menu': true });
    const f = findingsOf(r, hiddenMenusTest);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/agent/);
    expect(f[0]!.message).toContain('"root: 99"');
  });

  it('idor shows B data with the data weakness (statement of B differs from A)', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    const r = await runOn('hubtel', idorTest, { 'idor-account': true });
    const f = findingsOf(r, idorTest);
    expect(f).toHaveLength(1);
    expect(f[0]!.locations[0]!.key).toMatch(/PIN/);
  });

  it('enumeration reports the name and the registered/unregistered difference separately; without U only the name', async (ctx) => {
    if (!walletPresent) return ctx.skip('examples/ussd-wallet is not present');
    let r = await runOn('africastalking', enumerationTest, { enumeration: true });
    expect(findingsOf(r, enumerationTest).map((f) => f.locations[0]!.attribute).sort()).toEqual(['name', 'registration']);
    await rig!.stop();
    r = await runOn('africastalking', enumerationTest, { enumeration: true }, { withoutU: true });
    expect(findingsOf(r, enumerationTest).map((f) => f.locations[0]!.attribute)).toEqual(['name']);
  });
});

describe('authz helpers', () => {
  it('mentionsName needs two words of the name', () => {
    expect(mentionsName('Send to JOHN KAMAU OTIENO (2547…)\nEnter amount', 'John Kamau Otieno')).toBe(true);
    expect(mentionsName('Send to JOHN\nEnter amount', 'John Kamau Otieno')).toBe(false);
    expect(mentionsName('Enter amount', undefined)).toBe(false);
    expect(mentionsName('Karibu AMINA', 'Amina')).toBe(true);
  });

  it('every test has valid catalog references and the family in its id', () => {
    const catalog = loadCatalog();
    for (const t of authzTests) {
      expect(validateReferences(catalog, t.meta.references), t.id).toEqual([]);
      expect(t.id.startsWith('ussd.authz.')).toBe(true);
      expect(t.meta.family).toBe('authz');
      expect(t.meta.destructive).toBe(false);
    }
  });
});
