/**
 * The iOS app model on the corpus IPAs (skipped when the corpus is absent) and on crafted bundles.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IosApp } from './ios.js';
import { isDfslabError } from '../errors.js';
import { buildSwiftMachO } from '../formats/macho/testing.js';
import { buildZip } from '../formats/zip/testing.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../test/corpus.js';

const dir = corpusDir();

const INFO = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>org.example.bank</string>
<key>CFBundleShortVersionString</key><string>2.1</string>
<key>CFBundleVersion</key><string>42</string>
<key>CFBundleExecutable</key><string>Bank</string>
<key>MinimumOSVersion</key><string>12.0</string>
<key>CFBundleURLTypes</key><array><dict><key>CFBundleURLName</key><string>pay</string><key>CFBundleURLSchemes</key><array><string>bankpay</string></array></dict></array>
<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/></dict>
<key>NSCameraUsageDescription</key><string>Scan QR codes</string>
</dict></plist>`;

describe('IosApp on a crafted bundle', () => {
  it('reads identity, URL schemes, ATS, usage strings and finds the executables', () => {
    const ipa = buildZip([
      { name: 'Payload/Bank.app/Info.plist', data: INFO },
      { name: 'Payload/Bank.app/Bank', data: 'not a mach-o' },
      { name: 'Payload/Bank.app/Frameworks/Core.framework/Core', data: 'x' },
      { name: 'Payload/Bank.app/Frameworks/libswiftCore.dylib', data: 'x' },
    ]);
    const app = IosApp.open(ipa, { label: 'bank.ipa' });
    expect(app.bundleId).toBe('org.example.bank');
    expect([app.version, app.build, app.minimumOsVersion]).toEqual(['2.1', '42', '12.0']);
    expect(app.urlSchemes).toEqual([{ scheme: 'bankpay', name: 'pay' }]);
    expect(app.ats?.get('NSAllowsArbitraryLoads')).toBe(true);
    expect(app.usageDescriptions).toEqual([{ key: 'NSCameraUsageDescription', text: 'Scan QR codes' }]);
    expect(app.executables.map((e) => `${e.kind}:${e.path}`)).toEqual([
      'main:Payload/Bank.app/Bank',
      'framework:Payload/Bank.app/Frameworks/Core.framework/Core',
      'dylib:Payload/Bank.app/Frameworks/libswiftCore.dylib',
    ]);
    // an unreadable binary is a typed error on that executable, not a crash
    expect(app.machO('Payload/Bank.app/Bank').error).toMatch(/^DFSLAB_E_MACHO_BAD/);
    expect(app.mainBinary).toBeUndefined();
    expect(app.entitlements).toBeUndefined();
    expect(app.provisioningProfile).toEqual({});
  });

  it('refuses a ZIP without an app bundle, and a broken Info.plist, with typed errors', () => {
    for (const entries of [[{ name: 'readme.txt', data: 'x' }], [{ name: 'Payload/A.app/Info.plist', data: '<plist><dict><key>a</key></plist>' }]]) {
      try {
        IosApp.open(buildZip(entries));
        expect.unreachable();
      } catch (e) {
        expect(isDfslabError(e)).toBe(true);
      }
    }
  });
});

describe('IosApp.callSites on the fixture IPAs', () => {
  const open = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', name)), { label: name });

  it('gives the arm64 call sites of an import with their constant arguments, cached', () => {
    const app = open('vulnerable-bank.ipa');
    const main = 'Payload/VulnerableBank.app/VulnerableBank';
    const sites = app.callSites(main, '_CCCrypt');
    // the fat binary also has an x86_64 slice: it is not decoded, so every site is arm64
    expect(sites.map((s) => [s.cpu, s.caller, s.args.slice(0, 3)])).toEqual([
      ['arm64', '_vb_encrypt_pin', [0, 1, 3]],
      ['arm64', '_vb_encrypt_with', [0, undefined, 1]],
    ]);
    expect(sites[0]!.address).toBeLessThan(sites[1]!.address);
    expect(app.callSites(main, '_CCCrypt')).toBe(sites);
    expect(app.callSites(main, '_CC_SHA256')).toEqual([]);
    expect(app.callSites('Payload/VulnerableBank.app/missing', '_CCCrypt')).toEqual([]);
  });

  it('has no caller names in a stripped binary', () => {
    const app = open('hardened-bank.ipa');
    const [site] = app.callSites('Payload/HardenedBank.app/HardenedBank', '_ptrace');
    expect(site).toMatchObject({ cpu: 'arm64', args: [31, 0, 0, 0, undefined, undefined, undefined, undefined] });
    expect(site!.caller).toBeUndefined();
  });
});

describe.skipIf(!dir)('IosApp on the corpus IPAs', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  for (const [file, devProfile] of [['UnCrackable-iOS-Level1.ipa', false], ['UnCrackable-iOS-Level1-2017.ipa', true]] as const) {
    it(file, () => {
      const app = IosApp.open(readFileSync(join(dir!, file)), { label: file });
      expect(app.bundleId).toMatch(/\S/);
      expect(app.minimumOsVersion).toBe('8.0');
      const main = app.mainBinary!;
      expect(main.fat).toBe(true);
      expect(main.slices.map((s) => s.cpu).sort()).toEqual(['arm64', 'armv7']);
      for (const s of main.slices) expect(s.encryption?.cryptid).toBe(0);
      expect(app.entitlements?.get('get-task-allow')).toBe(devProfile);
      expect(app.provisioningProfile.value?.kind).toBe(devProfile ? 'development' : 'enterprise');
    });
  }
});

describe('IosApp.swiftTypes', () => {
  it('reads the Swift types of each executable once, and nothing from unreadable binaries', () => {
    const main = buildSwiftMachO({
      descriptors: [{ id: 'm', kind: 0, name: 'Bank' }, { id: 'c', kind: 16, parent: 'm', name: 'PinPad' }, { id: 'p', kind: 3, parent: 'm', name: 'Signing' }],
      types: ['c'],
      protos: ['p'],
    });
    const ipa = buildZip([
      { name: 'Payload/Bank.app/Info.plist', data: INFO },
      { name: 'Payload/Bank.app/Bank', data: main },
      { name: 'Payload/Bank.app/Frameworks/Core.framework/Core', data: 'x' },
    ]);
    const app = IosApp.open(ipa);
    const types = app.swiftTypes('Payload/Bank.app/Bank');
    expect(types).toEqual([
      { name: 'Bank.PinPad', kind: 'class', module: 'Bank' },
      { name: 'Bank.Signing', kind: 'protocol', module: 'Bank' },
    ]);
    expect(app.swiftTypes('Payload/Bank.app/Bank')).toBe(types);
    expect(app.swiftTypes('Payload/Bank.app/Frameworks/Core.framework/Core')).toEqual([]);
  });

  it.skipIf(!dir)(`prints the Swift types of the corpus IPAs (Objective-C apps may have none)${dir ? '' : ` — ${CORPUS_SKIP_MESSAGE}`}`, () => {
    for (const f of readdirSync(dir!).filter((n) => n.endsWith('.ipa')).sort()) {
      const app = IosApp.open(readFileSync(join(dir!, f)), { label: f });
      for (const exe of app.executables) {
        const types = app.swiftTypes(exe.path);
        for (const t of types) expect(t.name.length).toBeGreaterThan(0);
        const sample = types.slice(0, 5).map((t) => `${t.kind} ${t.name}`).join(', ');
        console.log(`${f} ${exe.path}: ${types.length} Swift types${sample ? `, e.g. ${sample}` : ''}`);
      }
    }
  });
});
