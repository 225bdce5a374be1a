/**
 * Seeded mutation fuzzing: truncations, bit flips, extreme values written into header fields, and
 * insertions/deletions, applied to generated archives. Every case must end in a result or a DfslabError:
 * never a RangeError/TypeError, a hang, or an allocation out of proportion to the input.
 */
import { describe, expect, it } from 'vitest';
import { DfslabError } from '../../errors.js';
import { ZipArchive } from './archive.js';
import { buildZip, type TestZipEntry } from './testing.js';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const entries: TestZipEntry[] = [
  { name: 'AndroidManifest.xml', data: '<manifest package="x"/>'.repeat(20) },
  { name: 'classes.dex', data: 'dex\n035\0'.repeat(200) },
  { name: 'res/raw/a.bin', data: 'stored data here', method: 'store' },
  { name: 'dd.txt', data: 'data descriptor '.repeat(10), dataDescriptor: true },
  { name: 'z64.bin', data: 'zip64 '.repeat(30), zip64: true },
  { name: 'assets/données.txt', data: 'utf8', utf8Flag: true },
  { name: 'lib/arm64-v8a/libx.so', data: 'ELF'.repeat(64), method: 'store', align: 4 },
  { name: 'classes.dex', data: 'duplicate' },
  { name: 'shared', shareLocalWith: 2 },
];
const bases = [
  buildZip(entries),
  buildZip(entries, { zip64: true, comment: 'a comment' }),
  buildZip(entries.slice(0, 4), { prefix: new Uint8Array(64).fill(7), beforeCentralDirectory: new Uint8Array(128) }),
];
const EXTREMES = [0, 1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0x80000000, 0x10000];

function mutate(base: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rand() * n);
  const kind = pick(5);
  if (kind === 0) {
    // Truncation, at the end (most common in practice) or at the start.
    const cut = pick(base.length);
    return rand() < 0.7 ? base.slice(0, cut) : base.slice(cut);
  }
  const bytes = base.slice();
  if (kind === 1) {
    for (let i = 1 + pick(16); i > 0; i--) bytes[pick(bytes.length)]! ^= 1 << pick(8);
    return bytes;
  }
  if (kind === 2) {
    // Structural region: flips in the last 1 KiB (central directory and end records).
    const from = Math.max(0, bytes.length - 1024);
    for (let i = 1 + pick(8); i > 0; i--) bytes[from + pick(bytes.length - from)]! ^= 1 << pick(8);
    return bytes;
  }
  if (kind === 3) {
    // An extreme value written over a u16 or u32 somewhere.
    const view = new DataView(bytes.buffer);
    for (let i = 1 + pick(3); i > 0; i--) {
      const v = EXTREMES[pick(EXTREMES.length)]!;
      const at = pick(bytes.length - 4);
      if (rand() < 0.5) view.setUint16(at, v & 0xffff, true);
      else view.setUint32(at, v >>> 0, true);
    }
    return bytes;
  }
  // Insert or delete a run of bytes.
  const at = pick(bytes.length);
  const n = 1 + pick(64);
  if (rand() < 0.5) {
    return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(Math.min(bytes.length, at + n))]);
  }
  const junk = Uint8Array.from({ length: n }, () => pick(256));
  return new Uint8Array([...bytes.subarray(0, at), ...junk, ...bytes.subarray(at)]);
}

function exercise(bytes: Uint8Array): { opened: boolean; reads: number } {
  let z: ZipArchive;
  try {
    z = ZipArchive.open(bytes, { label: 'fuzz.apk' });
  } catch (e) {
    if (!(e instanceof DfslabError)) throw e;
    return { opened: false, reads: 0 };
  }
  // Cheap invariants that hold whatever the input.
  expect(z.entries.length).toBeLessThanOrEqual(bytes.length / 46);
  expect(z.centralDirectoryOffset + z.centralDirectorySize).toBeLessThanOrEqual(z.eocdOffset);
  for (const a of z.anomalies) expect(a.message.length).toBeGreaterThan(0);
  let reads = 0;
  for (const e of z.entries) {
    // Reads are index-based, so a missing bounds check would show as garbage, not as an exception: check
    // that every local header and data start the reader accepted lies where it must.
    if (e.dataOffset !== -1) {
      expect(e.localHeaderOffset + 30).toBeLessThanOrEqual(e.dataOffset);
      expect(e.dataOffset).toBeLessThanOrEqual(z.centralDirectoryOffset);
    }
    z.has(e.name);
    expect(z.get(e.name)).toBeDefined();
    try {
      const out = z.read(e);
      expect(out.length).toBe(e.uncompressedSize);
      reads++;
    } catch (err) {
      if (!(err instanceof DfslabError)) throw err;
    }
  }
  return { opened: true, reads };
}

describe('ZipArchive fuzz (seeded mutations)', () => {
  it('the unmutated bases open and read', () => {
    for (const base of bases) expect(exercise(base).opened).toBe(true);
  });

  it('600 mutated archives: each ends in a result or a DfslabError', () => {
    const rand = prng(0x5eed);
    let opened = 0;
    let reads = 0;
    for (let i = 0; i < 600; i++) {
      const base = bases[i % bases.length]!;
      const input = mutate(base, rand);
      try {
        const r = exercise(input);
        if (r.opened) opened++;
        reads += r.reads;
      } catch (e) {
        throw new Error(`fuzz case ${i} (base ${i % bases.length}, ${input.length} bytes): ${String(e)}`, { cause: e });
      }
    }
    // The mutations must leave many archives readable, or the fuzzing tests nothing beyond the EOCD search.
    expect(opened).toBeGreaterThan(150);
    expect(reads).toBeGreaterThan(500);
  });

  it('every truncation of a small archive is handled', () => {
    const base = bases[0]!;
    for (let n = 0; n <= base.length; n += 7) exercise(base.subarray(0, n));
    for (let n = 0; n <= base.length; n += 7) exercise(base.subarray(n));
  });
});
