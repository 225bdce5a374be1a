import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import { plistToJson, readPlist } from './index.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const seeds = ['all-types.bplist', 'all-types.xml'].map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(testdata, n))) }));

/** Values that break counts, offsets and markers. */
const INTERESTING = [0x00, 0x0f, 0x10, 0x13, 0x14, 0x4f, 0x5f, 0x6f, 0x7f, 0x80, 0xaf, 0xdf, 0xff, 0x3c, 0x3e, 0x26];

function mutate(src: Uint8Array, rng: Rng): Uint8Array {
  switch (rng.int(4)) {
    case 0:
      return src.slice(0, rng.int(src.length));
    case 1: {
      const b = Uint8Array.from(src);
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips; i++) {
        const o = rng.int(b.length);
        b[o] = b[o]! ^ (1 << rng.int(8));
      }
      return b;
    }
    case 2: {
      // Hit the trailer / offset table of binary plists, where one byte redirects everything.
      const b = Uint8Array.from(src);
      const o = Math.max(0, b.length - 1 - rng.int(Math.min(b.length, 80)));
      b[o] = rng.pick(INTERESTING);
      return b;
    }
    default: {
      const b = Uint8Array.from(src);
      for (let i = 0; i < 4; i++) b[rng.int(b.length)] = rng.pick(INTERESTING);
      return b;
    }
  }
}

describe('plist mutation fuzz (seeded)', () => {
  for (const seed of seeds) {
    it(`never throws an untyped error or hangs on 400 mutations of ${seed.name}`, () => {
      const rng = new Rng(0x5eed + seed.bytes.length);
      let parsed = 0;
      for (let i = 0; i < 400; i++) {
        const m = mutate(seed.bytes, rng);
        try {
          plistToJson(readPlist(m, { maxObjects: 10_000 }));
          parsed++;
        } catch (e) {
          if (!isDfslabError(e)) throw new Error(`case ${i}: untyped ${String(e)}`, { cause: e });
        }
      }
      // The mutations must leave some files readable, or the fuzz explores nothing beyond the header.
      expect(parsed).toBeGreaterThan(10);
    });
  }
});
