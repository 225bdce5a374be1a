import { describe, expect, it } from 'vitest';
import { verifySchemeBlock } from './scheme-block.js';
import { BlockId, blockIdName, findApkSigningBlock, findPair } from './signing-block.js';
import type { ApkArchiveView } from './types.js';

const le32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const le64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const lp = (...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([le32(body.length), body]);
};

/** `entries | block | fake central directory | EOCD`, with the EOCD pointing at the central directory. */
function apkWithBlock(block: Buffer, opts: { gapBeforeEocd?: number } = {}): ApkArchiveView {
  const entries = Buffer.alloc(64, 0x11);
  const cd = Buffer.alloc(46, 0x22);
  const gap = Buffer.alloc(opts.gapBeforeEocd ?? 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(entries.length + block.length, 16);
  const bytes = new Uint8Array(Buffer.concat([entries, block, cd, gap, eocd]));
  return {
    bytes,
    eocdOffset: bytes.length - 22,
    centralDirectoryOffset: entries.length + block.length,
    centralDirectorySize: cd.length,
    entryNames: () => [],
    read: () => new Uint8Array(0),
  };
}

function block(pairs: Buffer[], sizeAdjust = 0): Buffer {
  const inner = Buffer.concat(pairs);
  const size = inner.length + 24;
  return Buffer.concat([le64(size + sizeAdjust), inner, le64(size), Buffer.from('APK Sig Block 42')]);
}

const pair = (id: number, value: Buffer): Buffer => Buffer.concat([le64(4 + value.length), le32(id), value]);

describe('findApkSigningBlock', () => {
  it('finds the block right before the central directory and lists its pairs', () => {
    const apk = apkWithBlock(block([pair(BlockId.V2, Buffer.from('two')), pair(BlockId.VERITY_PADDING, Buffer.alloc(8))]));
    const found = findApkSigningBlock(apk);
    expect(found.found).toBe(true);
    if (!found.found) return;
    expect(found.block.offset).toBe(64);
    expect(found.block.pairs.map((p) => p.id)).toEqual([BlockId.V2, BlockId.VERITY_PADDING]);
    expect(Buffer.from(findPair(apk, found.block, BlockId.V2)!).toString()).toBe('two');
    expect(findPair(apk, found.block, BlockId.V3)).toBeUndefined();
    expect(blockIdName(BlockId.VERITY_PADDING)).toBe('verity padding');
    expect(blockIdName(0x12345678)).toBe('0x12345678');
  });

  it('refuses mismatched size fields, a missing magic, or a gap between central directory and EOCD', () => {
    expect(findApkSigningBlock(apkWithBlock(block([pair(BlockId.V2, Buffer.from('x'))], 1)))).toMatchObject({
      found: false,
      magicSeen: true,
      reason: expect.stringMatching(/do not match/),
    });
    const noMagic = block([pair(BlockId.V2, Buffer.from('x'))]);
    noMagic[noMagic.length - 1] = 0x30;
    expect(findApkSigningBlock(apkWithBlock(noMagic))).toMatchObject({ found: false, magicSeen: false });
    expect(findApkSigningBlock(apkWithBlock(block([pair(BlockId.V2, Buffer.from('x'))]), { gapBeforeEocd: 4 }))).toMatchObject({
      found: false,
      reason: expect.stringMatching(/not immediately followed/),
    });
  });

  it('stops at a malformed pair, hiding the pairs after it (as the platform does)', () => {
    const bad = Buffer.concat([le64(1_000_000), le32(BlockId.V3)]);
    const found = findApkSigningBlock(apkWithBlock(block([pair(BlockId.V2, Buffer.from('x')), bad])));
    expect(found.found && found.block.pairs.map((p) => p.id)).toEqual([BlockId.V2]);
    expect(found.found && found.block.pairProblem).toMatch(/pair #2 size 1000000 out of range/);
  });
});

describe('verifySchemeBlock structure errors', () => {
  const ctx = { minSdk: 24, maxSdk: 0x7fffffff, supportedSchemes: new Map<number, string>(), foundSchemes: new Set<number>() };
  /** One entry of the signer list: lp(lp(signed data) | lp(signatures) | lp(public key)). */
  const emptySigner = lp(lp(lp(), lp(), lp()), lp(), lp());

  it('reports empty, malformed and oversized signer lists', () => {
    expect(verifySchemeBlock('v2', lp(), ctx).errors).toEqual(['No signers']);
    expect(verifySchemeBlock('v2', Buffer.from([1, 2]), ctx).errors).toEqual(['Malformed list of signers']);
    const truncated = verifySchemeBlock('v2', lp(Buffer.concat([le32(100), Buffer.alloc(3)])), ctx);
    expect(truncated.signers[0]!.errors).toEqual(['Malformed signer block']);
    const many = verifySchemeBlock('v2', lp(...Array.from({ length: 11 }, () => emptySigner)), ctx);
    expect(many.errors).toEqual(['more than the 10 signers the platform accepts']);
    expect(many.signers).toHaveLength(10);
  });

  it('reports signers without signatures or with only unknown algorithms', () => {
    expect(verifySchemeBlock('v2', lp(emptySigner), ctx).signers[0]!.errors).toEqual(['No signatures']);
    const unknownOnly = lp(lp(lp(), lp(), lp()), lp(lp(le32(0x9999), lp(Buffer.from('sig')))), lp());
    const r = verifySchemeBlock('v2', lp(unknownOnly), ctx).signers[0]!;
    expect(r.warnings).toEqual(['Unknown signature algorithm: 0x9999']);
    expect(r.errors[0]).toMatch(/^No supported signatures/);
  });
});
