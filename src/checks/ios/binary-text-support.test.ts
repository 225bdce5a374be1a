/** The string extraction behind the code-level checks on hostile executables: no throw, no runaway output. */
import { describe, expect, it } from 'vitest';
import { buildTextMachO } from './binary-text.test-support.js';
import { buildIpa, run } from './testing.test-support.js';
import { allExecutableTexts, bundleTexts } from './binary-text-support.js';
import { codeChecks } from './code/index.js';
import { networkChecks } from './network/index.js';
import { resilienceChecks } from './resilience/index.js';
import { secretsChecks } from './secrets/index.js';
import { storageChecks } from './storage/index.js';

const checks = [...codeChecks, ...secretsChecks, ...networkChecks, ...storageChecks, ...resilienceChecks];
const BASE = buildTextMachO({
  imports: ['_NSLog', '_stat', '_ptrace'],
  exports: ['_OBJC_CLASS_$_LoginViewController'],
  cstrings: ['/Applications/Cydia.app', 'password: %@', 'http://api.bank.example/'],
  classNames: ['LoginViewController'],
  constData: new TextEncoder().encode('\x01\x02sk_live_4eC39HqLyjWDarjtT1zdp7dc\0'),
});

/** xorshift32: a fixed seed makes every run test the same mutations. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

describe('binary-text-support', () => {
  it('reads __cstring, __objc_classname and printable runs of __TEXT,__const', () => {
    const [t] = allExecutableTexts(buildIpa({ main: BASE }));
    expect(t!.strings).toEqual(['/Applications/Cydia.app', 'password: %@', 'http://api.bank.example/', 'LoginViewController', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc']);
    expect(t!.classNames).toEqual(['LoginViewController']);
  });

  it('clamps a section that claims to run past the file', () => {
    const bytes = BASE.slice();
    // find the __const section header and make its size huge
    const name = new TextEncoder().encode('__const\0');
    let at = -1;
    for (let i = 0; i < 400 && at < 0; i++) if (name.every((b, k) => bytes[i + k] === b)) at = i;
    expect(at).toBeGreaterThan(0);
    new DataView(bytes.buffer).setBigUint64(at + 40, 0xffffffffn, true);
    const [t] = allExecutableTexts(buildIpa({ main: bytes }));
    expect(t!.strings).toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('survives 300 truncated and bit-flipped executables without a check failure', async () => {
    const next = rng(0xd15ab);
    for (let n = 0; n < 300; n++) {
      let m: Uint8Array;
      if (n % 3 === 0) m = BASE.subarray(0, next() % BASE.length);
      else {
        m = BASE.slice();
        for (let k = 0; k < 1 + (next() % 8); k++) m[next() % m.length]! ^= 1 << (next() % 8);
      }
      await expect(run(buildIpa({ main: m }), checks)).resolves.toBeDefined();
    }
  });

  it('skips oversized and unreadable resources', () => {
    const app = buildIpa({
      extra: [
        { name: 'big.json', data: `{"a":"${'x'.repeat(600 * 1024)}"}` },
        { name: 'broken.plist', data: new Uint8Array([0x62, 0x70, 0x6c, 0x69, 0x73, 0x74, 0x30, 0x30, 0xff, 0xff]) },
        { name: 'ok.strings', data: '"a" = "b";' },
      ],
    });
    expect(bundleTexts(app).map((b) => b.path).sort()).toEqual(['Info.plist', 'ok.strings']);
  });
});
