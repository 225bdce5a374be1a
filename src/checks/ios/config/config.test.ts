/** The config family on crafted Info.plists and entitlements. */
import { describe, expect, it } from 'vitest';
import minOs from './min-os.js';
import urlSchemes from './url-schemes.js';
import { buildIpa, buildMachO, entitlements, HARDENED_IMPORTS, infoPlist, machoFixture, run } from '../testing.test-support.js';

describe('ios.config.min-os', () => {
  for (const [v, reported] of [['8.0', true], ['11.4', true], ['9', true], ['12.0', false], ['17.2', false], ['garbage', false]] as const) {
    it(`${reported ? 'reports' : 'accepts'} MinimumOSVersion ${v}`, async () => {
      const f = (await run(buildIpa({ info: infoPlist('', { minOs: v }) }), [minOs])).findings;
      expect(f.length).toBe(reported ? 1 : 0);
      if (reported) expect(f[0]!.evidence).toEqual([`Info.plist MinimumOSVersion = ${v}`]);
    });
  }
  it("falls back to the main binary's minimum OS when Info.plist has none", async () => {
    // hello.arm64 is linked with -platform_version ios 12.0
    expect((await run(buildIpa({ info: infoPlist('', { minOs: null }), main: machoFixture('hello.arm64.gz') }), [minOs])).findings).toEqual([]);
    expect((await run(buildIpa({ info: infoPlist('', { minOs: null }) }), [minOs])).findings).toEqual([]);
  });
});

describe('ios.config.url-schemes', () => {
  const types =
    '<key>CFBundleURLTypes</key><array><dict><key>CFBundleURLName</key><string>pay</string><key>CFBundleURLSchemes</key><array><string>bankpay</string><string>BankPay</string><string>bank-oauth</string></array></dict></array>';

  it('reports nothing without CFBundleURLTypes', async () => {
    expect((await run(buildIpa(), [urlSchemes])).findings).toEqual([]);
  });

  it('reports each distinct scheme at medium severity when there are no universal links', async () => {
    const f = (await run(buildIpa({ info: infoPlist(types) }), [urlSchemes])).findings;
    expect(f.map((x) => [x.locations[0]!.key, x.severity]).sort()).toEqual([
      ['CFBundleURLTypes.CFBundleURLSchemes.bank-oauth', 'medium'],
      ['CFBundleURLTypes.CFBundleURLSchemes.bankpay', 'medium'],
    ]);
    expect(f.find((x) => x.message.includes('"bankpay://"'))!.evidence).toEqual(['CFBundleURLSchemes "bankpay" (CFBundleURLName pay)', 'no applinks: associated domains']);
  });

  it('lowers the severity when the app also has universal links', async () => {
    const ent = entitlements('<key>com.apple.developer.associated-domains</key><array><string>applinks:bank.example.org</string><string>webcredentials:bank.example.org</string></array>');
    const main = buildMachO({ imports: HARDENED_IMPORTS, signature: 'cms', entitlementsXml: ent });
    const f = (await run(buildIpa({ info: infoPlist(types), main }), [urlSchemes])).findings;
    expect(f.map((x) => x.severity)).toEqual(['low', 'low']);
    expect(f.map((x) => x.evidence[1])).toEqual(['applinks: bank.example.org', 'applinks: bank.example.org']);
  });
});
