/**
 * Seeded mutation fuzzing of the DEX reader, the decoder and the code index: truncations, bit flips and
 * "interesting" 32-bit values written over header fields and data. Every outcome must be a result or a
 * typed DfslabError — never a RangeError/TypeError, never a hang.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { ACC_STATIC, DexFile } from './dex-file.js';
import { buildCodeIndex, type Value } from './index.js';
import { containerOf, MiniDex } from './minidex.test-support.js';

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectTyped(e: unknown): void {
  if (!isDfslabError(e)) throw e;
  expect(e.code).toMatch(/^DFSLAB_E_(DEX_BAD_STRUCTURE|DEX_BAD_MAGIC)$/);
}

function touch(v: Value, depth: number): void {
  if (depth > 3) return;
  if (v.k === 'ret') for (const a of v.args) touch(a, depth + 1);
  if (v.k === 'field' && v.object) touch(v.object, depth + 1);
}

/** Uses every part of the API on one input; returns how far it got. */
function exercise(bytes: Uint8Array): 'rejected' | 'indexed' {
  let dexes: DexFile[];
  try {
    dexes = DexFile.parseAll(bytes, { label: 'fuzz.dex' });
  } catch (e) {
    expectTyped(e);
    return 'rejected';
  }
  // Building and querying the index never throws: bad items are skipped and recorded.
  const index = buildCodeIndex(dexes);
  for (const c of index.callsToAny(() => true)) for (const a of c.args) touch(a, 0);
  index.stringUses(() => true);
  index.overrides('run');
  for (const type of index.classes.keys()) {
    index.fieldAccesses(type);
    index.superclassChain(type);
    index.interfacesOf(type);
  }
  for (const dex of dexes) {
    for (let i = 0; i < Math.min(dex.stringCount, 500); i++) {
      try {
        dex.string(i);
      } catch (e) {
        expectTyped(e);
      }
    }
    for (const def of dex.classDefs) {
      try {
        const data = dex.classData(def);
        for (const m of [...data.directMethods, ...data.virtualMethods]) {
          const ref = dex.methodRef(m.methodIdx);
          index.methodBody(def.classType, ref)?.instructions();
        }
      } catch (e) {
        expectTyped(e);
      }
    }
  }
  return 'indexed';
}

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)));

function container(): Uint8Array {
  const a = new MiniDex();
  const target = a.method('Lf/A;', 'sink', 'V', ['Ljava/lang/String;']);
  const s = a.str('fuzz');
  a.addClass('Lf/A;', 'Ljava/lang/Object;', [
    { method: a.method('Lf/A;', 'go', 'V'), flags: ACC_STATIC, registers: 1, ins: 0, outs: 1, insns: [0x001a, s, 0x1071, target, 0, 0x000e] },
  ]);
  const p0 = a.build(41, 0);
  return containerOf([p0, a.build(41, p0.length)]);
}

describe('seeded mutation fuzz', () => {
  const seeds: [string, Uint8Array][] = [
    ['calls.dex', fixture('calls.dex')],
    ['opcodes.dex', fixture('opcodes.dex')],
    ['multidex-b.dex', fixture('multidex-b.dex')],
    ['container41', container()],
  ];
  const INTERESTING = [0, 1, 0x7f, 0x80, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

  it.each(seeds)('%s: 200 mutants each parse, index and query without untyped errors', (_name, original) => {
    const next = rng(0x5eed ^ original.length);
    const outcomes = { rejected: 0, indexed: 0 };
    const started = Date.now();
    for (let n = 0; n < 200; n++) {
      const bytes = original.slice();
      const kind = n % 4;
      if (kind === 0) {
        // Truncation.
        const len = Math.floor(next() * bytes.length);
        outcomes[exercise(bytes.subarray(0, len).slice())]++;
        continue;
      }
      if (kind === 1) {
        // Bit flips anywhere.
        for (let f = 1 + Math.floor(next() * 8); f > 0; f--) {
          const at = Math.floor(next() * bytes.length);
          bytes[at]! ^= 1 << Math.floor(next() * 8);
        }
      } else if (kind === 2) {
        // An interesting value over a header field (sizes and offsets).
        const at = 32 + 4 * Math.floor(next() * 20);
        const v = next() < 0.3 ? Math.floor(next() * bytes.length) : INTERESTING[Math.floor(next() * INTERESTING.length)]!;
        new DataView(bytes.buffer).setUint32(at, v >>> 0, true);
      } else {
        // Interesting values over the data (ids, class data, code items).
        for (let f = 1 + Math.floor(next() * 4); f > 0; f--) {
          const at = 0x70 + Math.floor(next() * (bytes.length - 0x74));
          new DataView(bytes.buffer).setUint32(at, INTERESTING[Math.floor(next() * INTERESTING.length)]! >>> 0, true);
        }
      }
      outcomes[exercise(bytes)]++;
    }
    // Both outcomes happen, so the mutants reach deep into the structures.
    expect(outcomes.rejected).toBeGreaterThan(10);
    expect(outcomes.indexed).toBeGreaterThan(10);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
