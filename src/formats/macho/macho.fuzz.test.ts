import { describe, expect, it } from 'vitest';
import { DfslabError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import { cStrings, objcClassNames, objcSelectors, readMachOFile } from './index.js';
import { blob, buildThin, codeDirectory, concat, fixture, superBlob } from './testing.js';

/** Seeded mutations: every outcome must be a result or a DfslabError, never a RangeError/TypeError or a hang. */
describe('Mach-O mutation fuzz', () => {
  const signed = (() => {
    const sb = superBlob([[0, codeDirectory({ flags: 2, identifier: 'x', teamId: 'T' })], [5, blob(0xfade7171, new Uint8Array(8))], [0x10000, blob(0xfade0b01, fixture('cms-detached.der'))]]);
    const lc = new Uint8Array(8);
    new DataView(lc.buffer).setUint32(0, 48, true);
    new DataView(lc.buffer).setUint32(4, sb.length, true);
    return buildThin({ commands: [{ cmd: 0x1d, body: lc }], tail: sb });
  })();
  const seeds: Array<[string, Uint8Array]> = [
    ['arm64', fixture('hello.arm64.gz')],
    ['fat', fixture('hello.fat.gz')],
    ['dylib', fixture('Foo.gz')],
    ['signed', signed],
  ];
  const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

  for (const [name, seed] of seeds) {
    it(`survives 150 mutations of ${name}`, () => {
      const rng = new Rng(0x4d41 + seed.length);
      let flagged = 0;
      for (let i = 0; i < 150; i++) {
        let b: Uint8Array;
        const mode = rng.int(3);
        // Most structure lives in the first pages (headers, load commands) and the tail (linkedit).
        const hot = rng.int(2) === 0 ? Math.min(seed.length, 0x1000) : seed.length;
        if (mode === 0) {
          b = seed.subarray(0, rng.int(seed.length));
        } else if (mode === 1) {
          b = Uint8Array.from(seed);
          for (let k = 0; k < 1 + rng.int(8); k++) {
            const o = rng.int(hot);
            b[o] = b[o]! ^ (1 << rng.int(8));
          }
        } else {
          b = Uint8Array.from(seed);
          const o = rng.int(Math.max(1, hot - 4)) & ~3;
          new DataView(b.buffer).setUint32(o, rng.pick(INTERESTING), rng.int(2) === 0);
        }
        try {
          const f = readMachOFile(concat([b]));
          if (f.anomalies.length > 0) flagged++;
          for (const s of f.slices) {
            cStrings(b, s);
            objcClassNames(b, s);
            objcSelectors(b, s);
          }
        } catch (e) {
          if (!(e instanceof DfslabError)) throw new Error(`${name} case ${i}: ${String(e)}`, { cause: e });
          flagged++;
        }
      }
      // The mutations must reach the parser's checks, not only bytes it never looks at.
      expect(flagged).toBeGreaterThan(20);
    });
  }
});
