/** The resilience controls: pass with evidence when present, a finding when absent. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildSwiftMachO } from '../../../formats/macho/testing.js';
import { buildTextMachO, type TextMachOSpec } from '../binary-text.test-support.js';
import { buildIpa, run } from '../testing.test-support.js';
import { resilienceChecks } from './index.js';
import appAttest from './app-attest.js';
import debuggerDetection from './debugger-detection.js';
import hookingDetection from './hooking-detection.js';
import integrityCheck from './integrity-check.js';
import jailbreakDetection from './jailbreak-detection.js';
import obfuscation, { isReadableName } from './obfuscation.js';

const fixtureApp = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`)), { label: `${name}.ipa` });
const crafted = (spec: TextMachOSpec) => buildIpa({ main: buildTextMachO(spec) });

describe('resilience controls on the fixture apps', () => {
  it('hardened-bank: jailbreak, debugger, hooking and attestation present, no integrity self-check; stripped, so obfuscation not judged', async () => {
    const out = await run(fixtureApp('hardened-bank'), resilienceChecks);
    expect(out.findings.map((f) => f.checkId)).toEqual([integrityCheck.id]);
    expect(out.passes.map((p) => p.checkId).sort()).toEqual([appAttest.id, debuggerDetection.id, hookingDetection.id, jailbreakDetection.id]);
    const ev = (id: string) => out.passes.find((p) => p.checkId === id)!.evidence.join('\n');
    expect(ev(jailbreakDetection.id)).toContain('"/Applications/Cydia.app"');
    expect(ev(jailbreakDetection.id)).toMatch(/probes: .*_stat/);
    expect(ev(debuggerDetection.id)).toContain('imports _ptrace, _sysctl');
    expect(ev(appAttest.id)).toContain('DCAppAttestService');
    expect(ev(hookingDetection.id)).toContain('"/Library/MobileSubstrate/MobileSubstrate.dylib"');
  });

  it('vulnerable-bank: every control absent, readable class names', async () => {
    const out = await run(fixtureApp('vulnerable-bank'), resilienceChecks);
    expect(out.passes).toEqual([]);
    expect(out.findings.map((f) => f.checkId).sort()).toEqual(resilienceChecks.map((c) => c.id).sort());
    expect(out.findings.find((f) => f.checkId === obfuscation.id)!.evidence[0]).toContain('VBLoginViewController');
  });
});

describe('ios.resilience.jailbreak-detection', () => {
  it('needs both an artefact and a probe', async () => {
    const cases: Array<[TextMachOSpec, boolean]> = [
      [{ cstrings: ['/Applications/Cydia.app'] }, false],
      [{ imports: ['_stat', '_fopen'] }, false],
      [{ cstrings: ['/Library/MobileSubstrate/DynamicLibraries/x.plist'], imports: ['_access'] }, true],
      [{ cstrings: ['cydia://package/com.example', 'canOpenURL:'] }, true],
      [{ cstrings: ['/var/jb/usr/bin/su', 'fileExistsAtPath:'] }, true],
      [{ cstrings: ['run /bin/bash -c x', 'Cydia is cool'], imports: ['_stat'] }, false],
    ];
    for (const [spec, present] of cases) {
      const out = await run(crafted(spec), [jailbreakDetection]);
      expect(out.passes.length > 0, JSON.stringify(spec)).toBe(present);
      expect(out.findings.length, JSON.stringify(spec)).toBe(present ? 0 : 1);
    }
  });
});

describe('ios.resilience.debugger-detection', () => {
  it('is decided by imports, not by names', async () => {
    const named = await run(crafted({ cstrings: ['UnDebuggable', 'AntiDebug', 'isDebuggerAttached'], classNames: ['AntiDebugger'] }), [debuggerDetection]);
    expect(named.findings).toHaveLength(1);
    expect(named.passes).toEqual([]);
    const got = await run(crafted({ imports: ['_task_get_exception_ports'] }), [debuggerDetection]);
    expect(got.passes[0]?.evidence[0]).toContain('_task_get_exception_ports');
  });
  it('recognises ptrace resolved with dlsym', async () => {
    const out = await run(crafted({ imports: ['_dlsym', '_dlopen'], cstrings: ['ptrace'] }), [debuggerDetection]);
    expect(out.passes[0]?.evidence).toEqual(['Payload/Bank.app/Bank: C string "ptrace" and imports _dlsym (ptrace resolved at run time)']);
    const noDlsym = await run(crafted({ cstrings: ['ptrace'] }), [debuggerDetection]);
    expect(noDlsym.passes).toEqual([]);
  });
});

describe('ios.resilience.app-attest', () => {
  it('passes on DCDevice by name and reports otherwise', async () => {
    expect((await run(crafted({ cstrings: ['DCDevice'] }), [appAttest])).passes).toHaveLength(1);
    expect((await run(crafted({ cstrings: ['DCDeviceCheckHelperX'] }), [appAttest])).findings).toHaveLength(1);
  });
});

describe('ios.resilience.obfuscation', () => {
  it('tells readable from renamed class names', () => {
    for (const n of ['ViewController', 'AppDelegate', 'VBLoginViewController', 'PinPadView2', 'HTTPClient']) expect(isReadableName(n), n).toBe(true);
    for (const n of ['kQ8rT2x', 'a1b2c3d4', 'Xk', 'Zqwrtp', 'bcdfgh', 'O0O0O0lI']) expect(isReadableName(n), n).toBe(false);
  });
  it('passes when most app classes are renamed; ignores Apple protocols, compiler helpers and library classes', async () => {
    const renamed = await run(crafted({ classNames: ['kQ8rT2x', 'zXq9Lm', 'AppDelegate', 'UIApplicationDelegate', '__ARCLite__', 'AFHTTPSessionManager'] }), [obfuscation]);
    expect(renamed.findings).toEqual([]);
    expect(renamed.passes[0]?.message).toContain('only 1 of 3');
  });
  it('reads Swift-mangled class names and exported class symbols', async () => {
    const out = await run(crafted({ classNames: ['_TtC6MyBank19LoginViewController'], exports: ['_OBJC_CLASS_$_PaymentService'] }), [obfuscation]);
    expect(out.findings[0]?.evidence[0]).toBe('readable class names: LoginViewController, PaymentService');
  });
  it('does not judge a binary without class names', async () => {
    const out = await run(crafted({ imports: ['_printf'] }), [obfuscation]);
    expect(out.findings).toEqual([]);
    expect(out.passes).toEqual([]);
  });
});

describe('ios.resilience.hooking-detection', () => {
  it('needs a hooking-framework name and a probe', async () => {
    const cases: Array<[TextMachOSpec, boolean]> = [
      [{ cstrings: ['FridaGadget'] }, false],
      [{ imports: ['__dyld_image_count', '__dyld_get_image_name', '_dlopen', '_connect'] }, false],
      [{ cstrings: ['FridaGadget', 'libcycript'], imports: ['__dyld_image_count', '__dyld_get_image_name'] }, true],
      [{ cstrings: ['/Library/MobileSubstrate/DynamicLibraries'], imports: ['_stat'] }, true],
      [{ cstrings: ['SSLKillSwitch2.dylib', 'fileExistsAtPath:'] }, true],
      [{ cstrings: ['frida-server'], imports: ['_connect'] }, true],
      [{ cstrings: ['Have a nice Friday', 'HookManager'], imports: ['_dlopen', '_stat'] }, false],
    ];
    for (const [spec, present] of cases) {
      const out = await run(crafted(spec), [hookingDetection]);
      expect(out.passes.length > 0, JSON.stringify(spec)).toBe(present);
      expect(out.findings.length, JSON.stringify(spec)).toBe(present ? 0 : 1);
    }
  });
  it('names the markers and probes in the evidence', async () => {
    const out = await run(crafted({ cstrings: ['gum-js-loop'], imports: ['__dyld_get_image_name'] }), [hookingDetection]);
    expect(out.passes[0]!.evidence).toEqual(['Payload/Bank.app/Bank: strings "gum-js-loop"', 'Payload/Bank.app/Bank: probes: __dyld_get_image_name']);
    expect(out.passes[0]!.locations).toEqual([{ path: 'Payload/Bank.app/Bank', symbol: '__dyld_get_image_name' }]);
  });
});

describe('ios.resilience.integrity-check', () => {
  it('recognises the three self-checks and nothing less', async () => {
    const cases: Array<[TextMachOSpec, boolean]> = [
      [{ cstrings: ['embedded.mobileprovision'], imports: ['_fopen'] }, true],
      [{ cstrings: ['embedded', 'mobileprovision', 'pathForResource:ofType:'] }, true],
      [{ cstrings: ['_CodeSignature/CodeResources', 'dataWithContentsOfFile:'] }, true],
      [{ cstrings: ['cryptid'], imports: ['__dyld_get_image_header'] }, true],
      [{ cstrings: ['executablePath'], imports: ['_CC_SHA256'] }, true],
      [{ cstrings: ['embedded.mobileprovision'] }, false],
      [{ cstrings: ['embedded', 'fileExistsAtPath:'] }, false],
      [{ cstrings: ['cryptid'] }, false],
      [{ imports: ['_CC_SHA256', '__dyld_get_image_header', '_fopen'] }, false],
      [{ cstrings: ['executablePath'], imports: ['_CC_MD5'] }, false],
    ];
    for (const [spec, present] of cases) {
      const out = await run(crafted(spec), [integrityCheck]);
      expect(out.passes.length > 0, JSON.stringify(spec)).toBe(present);
      expect(out.findings.length, JSON.stringify(spec)).toBe(present ? 0 : 1);
    }
  });
  it('reports absence at low severity on the main binary', async () => {
    const [f] = (await run(crafted({ imports: ['_printf'] }), [integrityCheck])).findings;
    expect(f!.severity).toBe('low');
    expect(f!.locations).toEqual([{ path: 'Payload/Bank.app/Bank' }]);
  });
});

describe('Swift types of protection libraries', () => {
  /** A Swift binary declaring `types` (each `Module.Name`, classes) and nothing else: no strings, no imports. */
  const swiftApp = (types: string[], classNames: string[] = []) => {
    const modules = [...new Set(types.map((t) => t.split('.')[0]!))];
    const descriptors = [
      ...modules.map((m) => ({ id: `m:${m}`, kind: 0, name: m })),
      ...types.map((t) => ({ id: t, kind: 16, parent: `m:${t.split('.')[0]}`, name: t.split('.')[1]! })),
    ];
    return buildIpa({ main: buildSwiftMachO({ descriptors, types, classNames }) });
  };

  it('jailbreak detection passes on IOSSecuritySuite.JailbreakChecker, not on a look-alike', async () => {
    const got = await run(swiftApp(['IOSSecuritySuite.JailbreakChecker', 'MyBank.LoginViewController']), [jailbreakDetection]);
    expect(got.findings).toEqual([]);
    expect(got.passes.map((p) => p.evidence)).toEqual([['Swift types: IOSSecuritySuite.JailbreakChecker']]);
    for (const types of [['MyBank.JailbreakChecker'], ['IOSSecuritySuite.DebuggerChecker']]) {
      expect((await run(swiftApp(types), [jailbreakDetection])).findings, types.join()).toHaveLength(1);
    }
  });

  it('hooking detection passes on IOSSecuritySuite hook checkers', async () => {
    const got = await run(swiftApp(['IOSSecuritySuite.RuntimeHookChecker', 'IOSSecuritySuite.FishHookChecker']), [hookingDetection]);
    expect(got.passes[0]?.evidence).toEqual(['Payload/Bank.app/Bank: Swift types IOSSecuritySuite.RuntimeHookChecker, IOSSecuritySuite.FishHookChecker']);
    expect((await run(swiftApp(['MyBank.RuntimeHookChecker']), [hookingDetection])).passes).toEqual([]);
  });

  it('integrity self-check passes on IOSSecuritySuite.IntegrityChecker', async () => {
    const got = await run(swiftApp(['IOSSecuritySuite.IntegrityChecker']), [integrityCheck]);
    expect(got.passes[0]?.evidence).toEqual(['Payload/Bank.app/Bank: contains an integrity-check library (Swift types IOSSecuritySuite.IntegrityChecker)']);
    expect((await run(swiftApp(['IOSSecuritySuite.EmulatorChecker']), [integrityCheck])).findings).toHaveLength(1);
  });

  it('also sees the library through the Objective-C runtime name of a Swift class', async () => {
    const got = await run(swiftApp([], ['_TtC16IOSSecuritySuite16JailbreakChecker']), [jailbreakDetection]);
    expect(got.passes).toHaveLength(1);
  });
});
