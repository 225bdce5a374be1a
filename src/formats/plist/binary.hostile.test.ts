import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../../errors.js';
import { buildBplist, enc } from './bplist-builder.test-support.js';
import { readPlist, type PlistValue } from './index.js';

const bplistFixture = new Uint8Array(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'all-types.bplist')),
);

function errorOf(f: () => unknown): { code: string; offset: number | undefined } {
  try {
    f();
  } catch (e) {
    if (isDfslabError(e)) return { code: e.code, offset: e.offset };
    throw e;
  }
  return { code: 'no error', offset: undefined };
}
const codeOf = (b: Uint8Array, opts = {}): string => errorOf(() => readPlist(b, opts)).code;

describe('binary plist: hostile structure', () => {
  it('detects an array that contains itself', () => {
    expect(codeOf(buildBplist({ objects: [enc.array([0])] }))).toBe(ErrorCodes.PLIST_CYCLE);
  });

  it('detects an indirect cycle through a dict value', () => {
    const b = buildBplist({ objects: [enc.array([1]), enc.dict([2], [0]), enc.ascii('k')] });
    expect(codeOf(b)).toBe(ErrorCodes.PLIST_CYCLE);
  });

  it('accepts shared (non-cyclic) references and yields a tree', () => {
    const b = buildBplist({ objects: [enc.array([1, 1, 2, 2]), enc.array([2]), enc.ascii('s')] });
    const v = readPlist(b) as PlistValue[];
    expect(v).toEqual([['s'], ['s'], 's', 's']);
    expect(v[0]).not.toBe(v[1]);
  });

  it('bounds the exponential expansion of shared containers with maxObjects', () => {
    // Object i is an array holding object i+1 twice: 2^40 leaves from a few hundred bytes.
    const n = 40;
    const objects = Array.from({ length: n }, (_, i) => enc.array([i + 1, i + 1]));
    objects.push(enc.int8(1));
    expect(codeOf(buildBplist({ objects }), { maxObjects: 100_000 })).toBe(ErrorCodes.LIMIT_EXCEEDED);
  });

  it('bounds nesting with maxDepth', () => {
    const n = 300;
    const objects = Array.from({ length: n }, (_, i) => enc.array([i + 1], 2));
    objects.push(enc.int8(1));
    const b = buildBplist({ objects, refSize: 2 });
    expect(codeOf(b)).toBe(ErrorCodes.LIMIT_EXCEEDED);
    expect(codeOf(b, { maxDepth: 400 })).toBe('no error');
  });

  it('rejects object references out of range', () => {
    expect(codeOf(buildBplist({ objects: [enc.array([5])] }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ objects: [enc.dict([1], [7]), enc.ascii('k')] }))).toBe(ErrorCodes.PLIST_BAD);
  });

  it('rejects non-string dict keys', () => {
    expect(codeOf(buildBplist({ objects: [enc.dict([1], [1]), enc.int8(3)] }))).toBe(ErrorCodes.PLIST_BAD);
  });

  it('rejects a huge declared count (1e9) without allocating', () => {
    for (const type of [0xa, 0xc, 0xd, 0x4, 0x5, 0x6]) {
      const b = buildBplist({ objects: [enc.lyingCount(type, 1_000_000_000)] });
      const e = errorOf(() => readPlist(b));
      expect(e.code).toBe(ErrorCodes.PLIST_BAD);
      expect(e.offset).toBeGreaterThanOrEqual(8);
    }
  });

  it('rejects lying trailers and offset tables', () => {
    const base = { objects: [enc.array([1]), enc.ascii('x')] };
    expect(codeOf(buildBplist({ ...base, numObjects: 1e9 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, numObjects: 2 ** 60 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, numObjects: 0 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, top: 2 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, tableOffset: 3 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, tableOffset: 1e6 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, offsetIntSize: 0 }))).toBe(ErrorCodes.PLIST_BAD);
    expect(codeOf(buildBplist({ ...base, refSize: 9 }))).toBe(ErrorCodes.PLIST_BAD);
    // Offset table entries pointing into the header, the offset table itself, the trailer, or past the end.
    for (const off of [0, 7, 12, 13, 30, 65535]) {
      expect(codeOf(buildBplist({ ...base, offsets: { 1: off } }))).toBe(ErrorCodes.PLIST_BAD);
    }
  });

  it('rejects null/fill markers, unknown markers and odd sizes', () => {
    for (const raw of [[0x00], [0x0f], [0x70], [0x90], [0xe0], [0xf0], [0x15, 1], [0x24, 0], [0x34, 0], [0x4f, 0x20, 1], [0x4f, 0x14]]) {
      expect(codeOf(buildBplist({ objects: [Uint8Array.from(raw)] }))).toBe(ErrorCodes.PLIST_BAD);
    }
  });

  it('turns every truncation of a real file into a typed error', () => {
    for (let n = 0; n < bplistFixture.length; n++) {
      const code = codeOf(bplistFixture.subarray(0, n));
      expect(code === ErrorCodes.PLIST_BAD || code === ErrorCodes.PLIST_CYCLE || code === ErrorCodes.LIMIT_EXCEEDED).toBe(true);
    }
  });

  it('reads objects that end exactly at the offset table but not beyond', () => {
    const ok = buildBplist({ objects: [enc.ascii('abc')] });
    expect(readPlist(ok)).toBe('abc');
    // Claim 4 characters where 3 are present: the 4th would be the offset table.
    const lying = buildBplist({ objects: [Uint8Array.from([0x54, 0x61, 0x62, 0x63])] });
    expect(errorOf(() => readPlist(lying))).toMatchObject({ code: ErrorCodes.PLIST_BAD, offset: 9 });
  });
});
