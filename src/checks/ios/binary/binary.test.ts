/**
 * The binary family on crafted IPAs: a hardened arm64 executable (nothing to report), one executable per
 * weakness, the committed fat fixture (arm64 PIE ad-hoc + x86_64 non-PIE unsigned), extensions and frameworks.
 */
import { describe, expect, it } from 'vitest';
import { binaryChecks } from './index.js';
import pie from './pie.js';
import stackCanary from './stack-canary.js';
import arc from './arc.js';
import notEncrypted from './not-encrypted.js';
import symbolsNotStripped from './symbols-not-stripped.js';
import rpathHijack from './rpath-hijack.js';
import unsigned from './unsigned.js';
import { buildIpa, buildMachO, byCheck, HARDENED_IMPORTS, machoFixture, run, type MachOSpec } from '../testing.test-support.js';

const HARDENED: MachOSpec = {
  imports: HARDENED_IMPORTS,
  locals: 2,
  dylibs: ['/usr/lib/libobjc.A.dylib', '@rpath/Core.framework/Core'],
  rpaths: ['@executable_path/Frameworks', '@loader_path/Frameworks', '/usr/lib/swift'],
  cryptid: 1,
  signature: 'cms',
};

describe('binary checks on a hardened executable', () => {
  it('report nothing', async () => {
    const out = await run(buildIpa({ main: buildMachO(HARDENED) }), binaryChecks);
    expect(out.findings).toEqual([]);
    expect(out.checksRun).toHaveLength(binaryChecks.length);
  });
});

describe('binary checks, one weakness at a time', () => {
  const cases: Array<[string, MachOSpec, RegExp]> = [
    [pie.id, { ...HARDENED, pie: false }, /MH_PIE/],
    [stackCanary.id, { ...HARDENED, imports: HARDENED_IMPORTS.filter((s) => !s.includes('stack_chk')) }, /___stack_chk/],
    // manual retain/release lowers to _objc_retain/_objc_release calls too: only ARC-only functions count
    [arc.id, { ...HARDENED, imports: ['___stack_chk_fail', '___stack_chk_guard', '_objc_autoreleasePoolPush', '_objc_msgSend', '_objc_release', '_objc_retain'] }, /_objc_storeStrong/],
    [notEncrypted.id, { ...HARDENED, cryptid: 0 }, /cryptid 0/],
    [symbolsNotStripped.id, { ...HARDENED, locals: 40 }, /arm64: 40/],
    [rpathHijack.id, { ...HARDENED, rpaths: ['@executable_path/Frameworks', '/Users/dev/build/Release-iphoneos'] }, /\/Users\/dev\/build/],
    [unsigned.id, { ...HARDENED, signature: 'none' }, /no LC_CODE_SIGNATURE/],
  ];
  for (const [id, spec, evidence] of cases) {
    it(`${id} reports exactly this weakness`, async () => {
      const out = await run(buildIpa({ main: buildMachO(spec) }), binaryChecks);
      expect(out.findings.map((f) => f.checkId)).toEqual([id]);
      const f = out.findings[0]!;
      expect(f.locations).toEqual([{ path: 'Payload/Bank.app/Bank' }]);
      expect(f.evidence.join('\n')).toMatch(evidence);
      expect(f.evidence[0]).toContain('main Payload/Bank.app/Bank [arm64]');
    });
  }
});

describe('ios.binary.not-encrypted', () => {
  it('treats a binary without LC_ENCRYPTION_INFO as not encrypted', async () => {
    const { cryptid: _c, ...spec } = HARDENED;
    const f = byCheck((await run(buildIpa({ main: buildMachO(spec) }), [notEncrypted])).findings, notEncrypted.id);
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence[0]).toMatch(/no LC_ENCRYPTION_INFO/);
  });
});

describe('ios.binary.stack-canary', () => {
  it('lowers confidence when the binary links the Swift runtime', async () => {
    const main = buildMachO({ ...HARDENED, imports: ['_objc_storeStrong'], dylibs: ['/usr/lib/swift/libswiftCore.dylib'] });
    const [f] = (await run(buildIpa({ main }), [stackCanary])).findings;
    expect(f?.confidence).toBe('low');
  });
});

describe('ios.binary.arc', () => {
  it('does not judge binaries that do not use the Objective-C runtime', async () => {
    const main = buildMachO({ ...HARDENED, imports: ['___stack_chk_fail', '___stack_chk_guard', '_strlen'], dylibs: [] });
    expect((await run(buildIpa({ main }), [arc])).findings).toEqual([]);
  });
  it('accepts any ARC-only runtime function as proof of ARC', async () => {
    const main = buildMachO({ ...HARDENED, imports: ['___stack_chk_fail', '_objc_msgSend', '_objc_retainAutoreleasedReturnValue'] });
    expect((await run(buildIpa({ main }), [arc])).findings).toEqual([]);
  });
  it('counts a libobjc link as Objective-C use', async () => {
    const main = buildMachO({ ...HARDENED, imports: ['___stack_chk_fail'], dylibs: ['/usr/lib/libobjc.A.dylib'] });
    expect((await run(buildIpa({ main }), [arc])).findings).toHaveLength(1);
  });
});

describe('ios.binary.rpath-hijack', () => {
  // [rpath, reported, severity]: `..` out of the bundle lands in the read-only bundle container (low).
  const rpathCases: Array<[string, boolean, string?]> = [
    ['@executable_path/Frameworks', false],
    ['@loader_path/Frameworks/../Frameworks', false],
    ['/usr/lib/swift', false],
    ['/System/Library/Frameworks', false],
    ['@loader_path/../Frameworks', true, 'low'],
    ['@executable_path/../Documents', true, 'low'],
    ['@loader_path/../../../../../../var/mobile', true, 'low'],
    ['/var/mobile/Library/lib', true, 'medium'],
    ['/Users/dev/build/Release-iphoneos', true, 'medium'],
    ['Frameworks', true, 'medium'],
  ];
  for (const [rpath, bad, severity] of rpathCases) {
    it(`${bad ? 'reports' : 'accepts'} ${rpath}`, async () => {
      const main = buildMachO({ ...HARDENED, rpaths: [rpath], dylibs: ['@rpath/Core.framework/Core'] });
      const f = (await run(buildIpa({ main }), [rpathHijack])).findings;
      expect(f.length).toBe(bad ? 1 : 0);
      if (bad) expect(f[0]!.evidence[0]).toContain(`LC_RPATH "${rpath}"`);
      if (bad) expect(f[0]!.evidence[0]).toContain('@rpath/Core.framework/Core');
      if (bad) expect(f[0]!.severity).toBe(severity);
    });
  }
  it('resolves @loader_path from a framework, not from the main binary', async () => {
    // Frameworks/Core.framework/../../ is still inside Bank.app; one more level is not.
    const inside = buildMachO({ ...HARDENED, filetype: 6, rpaths: ['@loader_path/../../'] });
    const outside = buildMachO({ ...HARDENED, filetype: 6, rpaths: ['@loader_path/../../../'] });
    for (const [fw, n] of [[inside, 0], [outside, 1]] as const) {
      const app = buildIpa({ main: buildMachO(HARDENED), extra: [{ name: 'Frameworks/Core.framework/Core', data: fw }] });
      const f = (await run(app, [rpathHijack])).findings;
      expect(f.length).toBe(n);
      if (n) expect(f[0]!.locations[0]!.path).toBe('Payload/Bank.app/Frameworks/Core.framework/Core');
    }
  });
});

describe('ios.binary.unsigned', () => {
  it('reports an ad-hoc-only signature at medium severity', async () => {
    const [f] = (await run(buildIpa({ main: buildMachO({ ...HARDENED, signature: 'adhoc' }) }), [unsigned])).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.evidence).toEqual(['main Payload/Bank.app/Bank [arm64]: ad-hoc code signature (no signer certificate)']);
  });
});

describe('binary checks on the committed Mach-O fixtures', () => {
  it('judge each slice of the fat fixture (arm64 PIE ad-hoc, x86_64 non-PIE unsigned)', async () => {
    const out = await run(buildIpa({ main: machoFixture('hello.fat.gz') }), binaryChecks);
    const ids = out.findings.map((f) => f.checkId).sort();
    // canaries present on both slices; no Objective-C; rpaths inside the bundle; only linker locals.
    expect(ids).toEqual([notEncrypted.id, pie.id, unsigned.id]);
    expect(byCheck(out.findings, pie.id)[0]!.evidence).toEqual(['main Payload/Bank.app/Bank [x86_64]: Mach-O header flags without MH_PIE']);
    expect(byCheck(out.findings, unsigned.id)[0]!.evidence).toEqual([
      'main Payload/Bank.app/Bank [x86_64]: no LC_CODE_SIGNATURE',
      'main Payload/Bank.app/Bank [arm64]: ad-hoc code signature (no signer certificate)',
    ]);
    expect(byCheck(out.findings, unsigned.id)[0]!.severity).toBe('high');
  });

  it('judge app extensions and frameworks by their own rules', async () => {
    const appex = '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleExecutable</key><string>Share</string></dict></plist>';
    const app = buildIpa({
      main: buildMachO(HARDENED),
      extra: [
        { name: 'PlugIns/Share.appex/Info.plist', data: appex },
        { name: 'PlugIns/Share.appex/Share', data: buildMachO({ ...HARDENED, pie: false }) },
        { name: 'Frameworks/Foo.framework/Foo', data: machoFixture('Foo.gz') },
      ],
    });
    const out = await run(app, binaryChecks);
    const got = out.findings.map((f) => `${f.checkId} ${f.locations[0]!.path}`).sort();
    expect(got).toEqual([
      // the framework is ad-hoc signed and imports no canary; PIE and encryption are not judged on dylibs
      `${stackCanary.id} Payload/Bank.app/Frameworks/Foo.framework/Foo`,
      `${unsigned.id} Payload/Bank.app/Frameworks/Foo.framework/Foo`,
      `${pie.id} Payload/Bank.app/PlugIns/Share.appex/Share`,
    ].sort());
  });

  it('skip an unreadable binary without failing', async () => {
    const out = await run(buildIpa({ main: new TextEncoder().encode('not a mach-o at all') }), binaryChecks);
    expect(out.findings).toEqual([]);
    expect(out.failures).toEqual([]);
  });
});
