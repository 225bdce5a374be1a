/**
 * Seeded mutation fuzzing: truncations and bit flips of real signatures must end in a report with errors
 * (verifyApkSignatures) or a typed DfslabError (the standalone parsers) — never a RangeError/TypeError,
 * a hang, or a verified result for bytes that were changed inside what the signatures cover.
 */
import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { parseCertificate } from './certificate.js';
import { parseIdsig } from './idsig.js';
import { readLineage } from './lineage.js';
import { parseJarManifest } from './manifest.js';
import { parsePkcs7SignedData } from './pkcs7.js';
import { verifySchemeBlock } from './scheme-block.js';
import { AttributeId } from './scheme-block.js';
import { BlockId, findApkSigningBlock, findPair } from './signing-block.js';
import { loadFixture, openTestApk } from './test-archive.js';
import type { ApkArchiveView } from './types.js';
import { verifyApkSignatures } from './verify.js';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

function mutate(bytes: Uint8Array, rand: (n: number) => number, from = 0, to = bytes.length, touched: number[] = []): Uint8Array {
  const m = Uint8Array.from(bytes);
  const flips = 1 + rand(3);
  for (let k = 0; k < flips; k++) {
    const at = from + rand(Math.max(1, to - from));
    if (rand(4) === 0) m[at] = rand(256);
    else m[at]! ^= 1 << rand(8);
    if (m[at] !== bytes[at]) touched.push(at);
  }
  return m;
}

/** Only DfslabErrors may escape; returns true when one did. */
function typedOnly(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    if (isDfslabError(e)) return true;
    throw e;
  }
}

describe('mutation fuzzing', () => {
  it('whole APKs: flips in the signing block, central directory and anywhere, plus truncations', () => {
    const rand = rng(0xdf51ab);
    let verified = 0;
    for (const name of ['rsa-v1v2v3.apk', 'rsa-rotated-v3-lineage.apk', 'rsa-verity.apk', 'jarsigner-v1.apk']) {
      const bytes = loadFixture(name);
      const apk = openTestApk(bytes);
      const block = findApkSigningBlock(apk);
      const blockRange = block.found ? [block.block.offset, block.block.offset + block.block.size] : [0, bytes.length];
      for (let i = 0; i < 60; i++) {
        const mode = i % 4;
        const m =
          mode === 0
            ? mutate(bytes, rand, blockRange[0], blockRange[1])
            : mode === 1
              ? mutate(bytes, rand, apk.centralDirectoryOffset, bytes.length)
              : mode === 2
                ? mutate(bytes, rand)
                : bytes.subarray(0, rand(bytes.length));
        let view: ApkArchiveView;
        try {
          view = openTestApk(m);
        } catch (e) {
          if (!isDfslabError(e)) throw e;
          continue;
        }
        const r = verifyApkSignatures(view, { minSdk: 21 });
        expect(typeof r.verified).toBe('boolean');
        if (r.verified) verified++;
      }
    }
    // Some flips land in bytes nothing covers (the signing block's verity padding, unused extra fields);
    // most must be caught.
    expect(verified).toBeLessThan(60);
  });

  it('JAR signature files: mutated MANIFEST.MF, .SF and PKCS #7 blocks never verify and never crash', () => {
    const rand = rng(0x5eed1);
    for (const name of ['jarsigner-v1.apk', 'dsa-v1-only.apk', 'rsa-v1v2v3.apk']) {
      const base = openTestApk(loadFixture(name));
      const metaInf = base.entryNames().filter((n) => n.startsWith('META-INF/'));
      const manifest = base.read('META-INF/MANIFEST.MF');
      const mainSectionEnd = parseJarManifest(manifest).main!.size;
      let accepted = 0;
      for (let i = 0; i < 60; i++) {
        const target = metaInf[rand(metaInf.length)]!;
        const original = base.read(target);
        const touched: number[] = [];
        const truncated = i % 5 === 4;
        const changed = truncated ? original.subarray(0, rand(original.length)) : mutate(original, rand, 0, original.length, touched);
        const view: ApkArchiveView = {
          bytes: base.bytes,
          eocdOffset: base.eocdOffset,
          centralDirectoryOffset: base.centralDirectoryOffset,
          centralDirectorySize: base.centralDirectorySize,
          entryNames: () => base.entryNames(),
          read: (n) => (n === target ? changed : base.read(n)),
        };
        // maxSdk 23: only v1 decides, so any accepted mutation would be a real hole.
        const r = verifyApkSignatures(view, { minSdk: 21, maxSdk: 23 });
        if (r.verified && touched.length > 0) {
          accepted++;
          // Some bytes are legitimately not covered (the certificate's own signature, .SF header values,
          // the manifest's main attributes when the .SF has no main-attributes digest) — but no byte of
          // a manifest entry section may change undetected.
          if (target === 'META-INF/MANIFEST.MF') expect(touched.every((p) => p < mainSectionEnd)).toBe(true);
        }
        if (truncated && changed.length < original.length && target === 'META-INF/MANIFEST.MF') expect(r.verified).toBe(false);
      }
      expect(accepted).toBeLessThan(20);
    }
  });

  it('standalone parsers: certificates, PKCS #7, .idsig, lineage, manifests, scheme blocks', () => {
    const rand = rng(0xc0ffee);
    const cert = loadFixture('certs/leaf-issued-by-rsa.der');
    const apk = openTestApk(loadFixture('rsa-rotated-v3-lineage.apk'));
    const pkcs7 = apk.read(apk.entryNames().find((n) => n.endsWith('.RSA'))!);
    const idsig = loadFixture('v4.apk.idsig');
    const block = findApkSigningBlock(apk);
    if (!block.found) throw new Error('fixture has no signing block');
    const v2 = findPair(apk, block.block, BlockId.V2)!;
    const v3 = findPair(apk, block.block, BlockId.V3)!;
    const lineageAttr = findLineage(v3);
    let typed = 0;
    for (let i = 0; i < 150; i++) {
      const cut = i % 6 === 5;
      const pick = <T extends Uint8Array>(b: T): Uint8Array => (cut ? b.subarray(0, rand(b.length)) : mutate(b, rand));
      if (typedOnly(() => parseCertificate(pick(cert)))) typed++;
      if (typedOnly(() => parsePkcs7SignedData(pick(pkcs7)))) typed++;
      if (typedOnly(() => parseIdsig(pick(idsig)))) typed++;
      const l = readLineage(pick(lineageAttr));
      expect(typeof l.ok).toBe('boolean');
      parseJarManifest(pick(pkcs7));
      const ctx = { minSdk: 24, maxSdk: 0x7fffffff, supportedSchemes: new Map([[3, 'v3']]), foundSchemes: new Set([3]) };
      verifySchemeBlock('v2', pick(v2), ctx);
      verifySchemeBlock('v3', pick(v3), ctx);
    }
    expect(typed).toBeGreaterThan(100);
  });
});

/** The proof-of-rotation attribute value inside the first v3 signer (walks the length-prefixed layout). */
function findLineage(v3: Uint8Array): Uint8Array {
  const dv = new DataView(v3.buffer, v3.byteOffset, v3.byteLength);
  let p = 4 + 4; // signers length, first signer length
  const signedDataLen = dv.getUint32(p, true);
  const signedData = p + 4;
  p = signedData;
  p += 4 + dv.getUint32(p, true); // digests
  p += 4 + dv.getUint32(p, true); // certificates
  p += 8; // min/max SDK
  const attrsEnd = p + 4 + dv.getUint32(p, true);
  p += 4;
  while (p < attrsEnd && p < signedData + signedDataLen) {
    const len = dv.getUint32(p, true);
    if (dv.getUint32(p + 4, true) === AttributeId.PROOF_OF_ROTATION) return v3.subarray(p + 8, p + 4 + len);
    p += 4 + len;
  }
  throw new Error('no lineage attribute');
}
