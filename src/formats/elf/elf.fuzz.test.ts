/**
 * Seeded mutation fuzzing: truncations, bit flips and extreme values written into the header, program
 * and section header tables and the dynamic array of real fixtures (both classes, both byte orders,
 * with and without section headers). Every mutant must give an ElfInfo or a DfslabError, never a
 * RangeError/TypeError, and nothing it returns may outgrow the input.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { parseElf, readRodataStrings } from './index.js';
import { readLayout } from './layout.js';
import { withoutSectionHeaders } from './testing.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Byte ranges worth hitting: the structures the parser trusts least. */
function structuralRanges(bytes: Uint8Array): Array<[number, number]> {
  const layout = readLayout(bytes);
  const { header, data } = layout;
  const ranges: Array<[number, number]> = [[0, data.sizes.ehdr]];
  ranges.push([header.phoff, header.phoff + header.phnum * data.sizes.phdr]);
  if (header.shnum > 0) ranges.push([header.shoff, header.shoff + header.shnum * data.sizes.shdr]);
  for (const ph of layout.programHeaders) {
    if (ph.type === 2) ranges.push([ph.offset, ph.offset + ph.filesz]);
  }
  for (const s of layout.sections) {
    if (s.name === '.dynsym' || s.name === '.gnu.hash' || s.name === '.hash') ranges.push([s.offset, s.offset + s.size]);
  }
  return ranges.filter(([a, b]) => b > a && b <= bytes.length);
}

function check(bytes: Uint8Array, what: string): void {
  let info;
  try {
    info = parseElf(bytes, { label: what });
  } catch (e) {
    if (!isDfslabError(e)) throw new Error(`${what}: parseElf threw a non-dfslab error: ${String(e)}`, { cause: e });
  }
  if (info !== undefined) {
    const symsize = info.class === 64 ? 24 : 16;
    expect(info.dynamicSymbolCount).toBeLessThanOrEqual(Math.ceil(bytes.length / symsize) + 1);
    expect(info.importedSymbols.length + info.exportedSymbols.length).toBeLessThanOrEqual(info.dynamicSymbolCount);
    expect(info.anomalies.length).toBeLessThanOrEqual(65);
    expect(new Set(info.importedSymbols).size).toBe(info.importedSymbols.length);
  }
  try {
    const strings = readRodataStrings(bytes, { minLength: 4 });
    expect(strings.length).toBeLessThanOrEqual(10_000);
  } catch (e) {
    if (!isDfslabError(e)) throw new Error(`${what}: readRodataStrings threw a non-dfslab error: ${String(e)}`, { cause: e });
  }
}

const EXTREMES = [0, 1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x8000_0000];

function mutate(base: Uint8Array, rnd: () => number, ranges: Array<[number, number]>): Uint8Array {
  const pick = rnd();
  if (pick < 0.25) {
    return base.subarray(0, Math.floor(rnd() * base.length));
  }
  const out = base.slice();
  const view = new DataView(out.buffer);
  if (pick < 0.5) {
    const flips = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(rnd() * out.length);
      out[at]! ^= 1 << Math.floor(rnd() * 8);
    }
    return out;
  }
  const writes = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < writes; i++) {
    const [a, b] = ranges[Math.floor(rnd() * ranges.length)]!;
    const at = (a + Math.floor(rnd() * (b - a))) & ~3;
    if (at + 4 > out.length) continue;
    const value = rnd() < 0.7 ? EXTREMES[Math.floor(rnd() * EXTREMES.length)]! : Math.floor(rnd() * 2 * out.length);
    view.setUint32(at, value >>> 0, rnd() < 0.5);
  }
  return out;
}

describe('ELF mutation fuzzing', () => {
  const names = ['x86_64-hardened-stripped.so', 'i386-plain.so', 'aarch64be-hardened.so', 'aarch64be-ilp32.so'];
  for (const name of names) {
    it(`${name}: 200 mutants with section headers, 100 without`, () => {
      const original = new Uint8Array(readFileSync(join(testdata, name)));
      const seed = [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
      const rnd = prng(seed);
      const bare = withoutSectionHeaders(original);
      const ranges = structuralRanges(original);
      const bareRanges = structuralRanges(bare);
      for (let i = 0; i < 200; i++) check(mutate(original, rnd, ranges), `${name}#${i}`);
      for (let i = 0; i < 100; i++) check(mutate(bare, rnd, bareRanges), `${name}/bare#${i}`);
    });
  }

  it('random bytes behind an ELF identification', () => {
    const rnd = prng(42);
    for (let i = 0; i < 200; i++) {
      const len = Math.floor(rnd() * 600);
      const bytes = new Uint8Array(len);
      for (let k = 0; k < len; k++) bytes[k] = Math.floor(rnd() * 256);
      if (len >= 6) {
        bytes.set([0x7f, 0x45, 0x4c, 0x46, 1 + Math.floor(rnd() * 2), 1 + Math.floor(rnd() * 2)], 0);
      }
      check(bytes, `random#${i}`);
    }
  });
});
