import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { ZipArchive } from '../zip/index.js';
import { parseCertificate } from './certificate.js';
import { computeContentDigests, digestedSections } from './content-digest.js';
import { parseIdsig, verifyIdsigSignature } from './idsig.js';
import { lineageFlagNames } from './lineage.js';
import { BlockId, findApkSigningBlock } from './signing-block.js';
import { loadFixture, openTestApk } from './test-archive.js';
import type { ApkArchiveView } from './types.js';
import { verifyApkSignatures } from './verify.js';

const FIXTURES = [
  'rsa-v1v2v3.apk',
  'ec-v2-only.apk',
  'dsa-v1-only.apk',
  'rsa-verity.apk',
  'v4.apk',
  'rsa-rotated-v3-lineage.apk',
  'jarsigner-v1.apk',
  'v1-broken-v2-valid.apk',
] as const;

const certSha = (name: string): string => parseCertificate(loadFixture(`certs/${name}.der`)).sha256;
const apkOf = (bytes: Uint8Array): ApkArchiveView => openTestApk(bytes);

/** Flips one byte of the stored.txt entry data (stored, so the ZIP stays readable). */
function tamperStoredEntry(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const at = Buffer.from(copy).indexOf('stored entry payload');
  expect(at).toBeGreaterThan(0);
  copy[at + 3]! ^= 0x20;
  return copy;
}

/** Removes the APK Signing Block and points the EOCD at the central directory again. */
function stripSigningBlock(bytes: Uint8Array): Uint8Array {
  const apk = apkOf(bytes);
  const found = findApkSigningBlock(apk);
  if (!found.found) throw new Error('fixture has no signing block');
  const { offset, size } = found.block;
  const out = new Uint8Array(bytes.length - size);
  out.set(bytes.subarray(0, offset));
  out.set(bytes.subarray(offset + size), offset);
  const eocd = apk.eocdOffset - size;
  new DataView(out.buffer).setUint32(eocd + 16, apk.centralDirectoryOffset - size, true);
  return out;
}

/** Rebuilds the signing block with only the pairs whose ID is kept; the block keeps its start offset. */
function keepPairs(bytes: Uint8Array, keep: number[]): Uint8Array {
  return rebuildPairs(bytes, keep.map((id) => ({ id, from: id })));
}

/**
 * Rebuilds the signing block from pairs of the original (`from`), possibly under another ID. The signing
 * block is not covered by the content digests, so the signatures stay valid.
 */
function rebuildPairs(bytes: Uint8Array, wanted: Array<{ id: number; from: number }>): Uint8Array {
  const apk = apkOf(bytes);
  const found = findApkSigningBlock(apk);
  if (!found.found) throw new Error('fixture has no signing block');
  const { offset, pairs, size } = found.block;
  const pairBytes = wanted.map(({ id, from }) => {
    const p = pairs.find((q) => q.id === from)!;
    const b = Buffer.alloc(12 + p.valueLength);
    b.writeBigUInt64LE(BigInt(4 + p.valueLength), 0);
    b.writeUInt32LE(id, 8);
    b.set(bytes.subarray(p.valueOffset, p.valueOffset + p.valueLength), 12);
    return b;
  });
  const inner = Buffer.concat(pairBytes);
  const blockSize = BigInt(inner.length + 24);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(blockSize);
  const block = Buffer.concat([head, inner, head, Buffer.from('APK Sig Block 42')]);
  const out = Buffer.concat([bytes.subarray(0, offset), block, bytes.subarray(offset + size)]);
  const delta = block.length - size;
  out.writeUInt32LE(apk.centralDirectoryOffset + delta, apk.eocdOffset + delta + 16);
  return new Uint8Array(out);
}

describe('verifyApkSignatures on apksigner-made fixtures', () => {
  it('v1+v2+v3 (RSA) verifies for the manifest minSdk 21 with every scheme consulted', () => {
    const r = verifyApkSignatures(apkOf(loadFixture('rsa-v1v2v3.apk')), { minSdk: 21, targetSdk: 30 });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    for (const s of [r.v1, r.v2, r.v3]) expect(s).toMatchObject({ present: true, verified: true, consulted: true, checked: 'full' });
    expect(r.v31).toMatchObject({ present: false, verified: false, checked: 'none' });
    expect(r.v1.signedWithApkSignedHeader).toEqual([2, 3]);
    expect(r.v1.signers[0]).toMatchObject({ name: 'META-INF/RSA.RSA', digestAlgorithms: ['SHA-256'], signatureAlgorithms: ['rsaEncryption'] });
    expect(r.v2.signers[0]).toMatchObject({ digestAlgorithms: ['CHUNKED_SHA256'], signatureAlgorithms: ['RSA_PKCS1_V1_5_WITH_SHA256'] });
    expect(r.v3.signers[0]).toMatchObject({ minSdk: 24, maxSdk: 0x7fffffff });
    expect(r.signerCertificates.map((c) => c.sha256)).toEqual([certSha('rsa')]);
    expect(r.signingBlock).toMatchObject({ present: true, blockIds: expect.arrayContaining([BlockId.V2, BlockId.V3]) });
    expect(r.signingBlock.blockNames).toContain('APK Signature Scheme v3');
  });

  it('does not consult v1/v2 from minSdk 28 but still verifies and reports them', () => {
    const r = verifyApkSignatures(apkOf(loadFixture('rsa-v1v2v3.apk')), { minSdk: 28 });
    expect(r.verified).toBe(true);
    expect(r.v3.consulted).toBe(true);
    expect(r.v2).toMatchObject({ consulted: false, verified: true, checked: 'full' });
    expect(r.v1).toMatchObject({ consulted: false, verified: false, checked: 'partial' });
    const full = verifyApkSignatures(apkOf(loadFixture('rsa-v1v2v3.apk')), { minSdk: 28, checkUnconsultedJarEntries: true });
    expect(full.v1).toMatchObject({ consulted: false, verified: true, checked: 'full' });
  });

  it('a flipped byte in an entry breaks v1 (entry digest) and v2/v3 (content digest)', () => {
    const r = verifyApkSignatures(apkOf(tamperStoredEntry(loadFixture('rsa-v1v2v3.apk'))), { minSdk: 21 });
    expect(r.verified).toBe(false);
    expect(r.v1.errors.join()).toMatch(/SHA-256 digest of stored\.txt does not match/);
    expect(r.v2.errors.join()).toMatch(/CHUNKED_SHA256 digest mismatch/);
    expect(r.v3.errors.join()).toMatch(/CHUNKED_SHA256 digest mismatch/);
    // Also through the real ZIP reader, which refuses the entry on its CRC-32 before any digest.
    const viaZip = verifyApkSignatures(ZipArchive.open(tamperStoredEntry(loadFixture('rsa-v1v2v3.apk'))), { minSdk: 21 });
    expect(viaZip.verified).toBe(false);
  });

  it('a flipped byte in a v3 signature is caught', () => {
    const bytes = Uint8Array.from(loadFixture('rsa-v1v2v3.apk'));
    const found = findApkSigningBlock(apkOf(bytes));
    if (!found.found) throw new Error('no block');
    const v3 = found.block.pairs.find((p) => p.id === BlockId.V3)!;
    bytes[v3.valueOffset + v3.valueLength - 10]! ^= 1; // inside the public key or signature
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(r.verified).toBe(false);
    expect(r.v3.verified).toBe(false);
    expect(r.v2.verified).toBe(true);
  });

  it('stripping the signing block is detected through X-Android-APK-Signed from API 24 (as apksigner)', () => {
    const stripped = stripSigningBlock(loadFixture('rsa-v1v2v3.apk'));
    const r = verifyApkSignatures(apkOf(stripped), { minSdk: 21 });
    expect(r.signingBlock.present).toBe(false);
    expect(r.verified).toBe(false);
    expect(r.errors.join()).toMatch(/APK Signature Scheme v2 but no such signature was found\. Signature stripped\?/);
    // Platforms before Android 7.0 know nothing of v2: for them the JAR signature alone is fine.
    expect(verifyApkSignatures(apkOf(stripped), { minSdk: 21, maxSdk: 23 }).verified).toBe(true);
  });

  it('stripping only the v3 block is detected through the v2 stripping-protection attribute', () => {
    const onlyV2 = keepPairs(loadFixture('rsa-v1v2v3.apk'), [BlockId.V2]);
    const r = verifyApkSignatures(apkOf(onlyV2), { minSdk: 24 });
    expect(r.v3.present).toBe(false);
    expect(r.verified).toBe(false);
    expect(r.v2.errors.join()).toMatch(/indicates the APK is signed using APK Signature Scheme v3 but no such signature was found/);
    // Android 7.x does not know v3, so for SDK 24..27 nothing was stripped.
    expect(verifyApkSignatures(apkOf(onlyV2), { minSdk: 24, maxSdk: 27 }).verified).toBe(true);
  });

  it('v3.1: consulted from API 33, takes precedence for the signer, and cannot stand without v3', () => {
    // No tool here writes v3.1 blocks, so reuse the v3 signer (new key + lineage) as the v3.1 block.
    const bytes = rebuildPairs(loadFixture('rsa-rotated-v3-lineage.apk'), [
      { id: BlockId.V2, from: BlockId.V2 },
      { id: BlockId.V3, from: BlockId.V3 },
      { id: BlockId.V31, from: BlockId.V3 },
    ]);
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(r.errors).toEqual([]);
    expect(r.v31).toMatchObject({ present: true, consulted: true, verified: true });
    expect(r.signerCertificates.map((c) => c.sha256)).toEqual([certSha('rsa-new')]);
    // The v3 signer does not name the v3.1 rotation level: a warning, as in apksig.
    expect(r.warnings.join()).toMatch(/no rotation-min-sdk-version attribute/);
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21, maxSdk: 32 }).v31.consulted).toBe(false);
    const withoutV3 = rebuildPairs(loadFixture('rsa-rotated-v3-lineage.apk'), [
      { id: BlockId.V2, from: BlockId.V2 },
      { id: BlockId.V31, from: BlockId.V3 },
    ]);
    const bad = verifyApkSignatures(apkOf(withoutV3), { minSdk: 21 });
    expect(bad.verified).toBe(false);
    expect(bad.errors.join()).toMatch(/v3\.1 block was found without an APK Signature Scheme v3 block/);
  });

  it('v2-only verifies only when the range starts at API 24 (older platforms need v1)', () => {
    const bytes = loadFixture('ec-v2-only.apk');
    const low = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(low.verified).toBe(false);
    expect(low.v2.verified).toBe(true);
    expect(low.errors).toEqual(['v1: Missing META-INF/MANIFEST.MF']);
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 24 });
    expect(r.verified).toBe(true);
    expect(r.signerCertificates[0]!.sha256).toBe(certSha('ec'));
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21, maxSdk: 23 }).verified).toBe(false);
  });

  it('v1-only (DSA) verifies, but not for targetSdk ≥ 30 or targetSandboxVersion 2', () => {
    const bytes = loadFixture('dsa-v1-only.apk');
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(r.verified).toBe(true);
    expect(r.v1.signers[0]).toMatchObject({ digestAlgorithms: ['SHA-256'], signatureAlgorithms: ['dsa-with-SHA256'] });
    expect(r.v1.signers[0]!.certificates[0]!.sha256).toBe(certSha('dsa'));
    expect(r.v1.signedWithApkSignedHeader).toBeUndefined();
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21, targetSdk: 30 }).errors.join()).toMatch(/Target SDK version 30 requires/);
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21, targetSdk: 30, maxSdk: 29 }).verified).toBe(true);
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21, targetSandboxVersion: 2 }).errors.join()).toMatch(/target sandbox version 2/);
  });

  it('a broken v1 next to a valid v2 still verifies from API 24, as apksigner says, and is reported', () => {
    const bytes = loadFixture('v1-broken-v2-valid.apk');
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 24 });
    expect(r.verified).toBe(true);
    expect(r.v1).toMatchObject({ present: true, consulted: false, checked: 'partial' });
    const full = verifyApkSignatures(apkOf(bytes), { minSdk: 24, checkUnconsultedJarEntries: true });
    expect(full.verified).toBe(true);
    expect(full.v1.verified).toBe(false);
    expect(full.v1.errors.join()).toMatch(/digest of stored\.txt does not match/);
    expect(full.warnings.join()).toMatch(/v1: signature does not verify .* does not depend on it/);
    const low = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(low.verified).toBe(false);
    expect(low.errors.join()).toMatch(/v1: .*digest of stored\.txt/);
  });

  it('v3 key rotation: the lineage links the old key (v1/v2) to the new one (v3)', () => {
    const r = verifyApkSignatures(apkOf(loadFixture('rsa-rotated-v3-lineage.apk')), { minSdk: 21 });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    const lineage = r.v3.signers[0]!.lineage!;
    expect(lineage.map((l) => l.certificate.sha256)).toEqual([certSha('rsa'), certSha('rsa-new')]);
    // apksigner rotate grants the old key every capability except rollback by default.
    expect(lineageFlagNames(lineage[0]!.flags)).toEqual(['installed-data', 'shared-uid', 'permission', 'auth']);
    expect(r.v3.signers[0]!.certificates[0]!.sha256).toBe(certSha('rsa-new'));
    expect(r.v2.signers[0]!.certificates[0]!.sha256).toBe(certSha('rsa'));
    expect(r.signerCertificates.map((c) => c.sha256)).toEqual([certSha('rsa-new')]);
  });

  it('verity signatures (0x0421) are checked against the fs-verity Merkle root', () => {
    const bytes = loadFixture('rsa-verity.apk');
    const r = verifyApkSignatures(apkOf(bytes), { minSdk: 21 });
    expect(r.verified).toBe(true);
    expect(r.v3.signers[0]!.signatureAlgorithms).toContain('VERITY_RSA_PKCS1_V1_5_WITH_SHA256');
    expect(r.v3.signers[0]!.digestAlgorithms).toContain('VERITY_CHUNKED_SHA256');
    const bad = verifyApkSignatures(apkOf(tamperStoredEntry(bytes)), { minSdk: 28 });
    expect(bad.v3.errors.join()).toMatch(/VERITY_CHUNKED_SHA256 digest mismatch/);
  });

  it('JAR signatures with PKCS #7 signed attributes (jarsigner) verify, except below API 19', () => {
    const bytes = loadFixture('jarsigner-v1.apk');
    expect(verifyApkSignatures(apkOf(bytes), { minSdk: 21 }).verified).toBe(true);
    const old = verifyApkSignatures(apkOf(bytes), { minSdk: 18 });
    expect(old.verified).toBe(false);
    expect(old.errors.join()).toMatch(/Signed Attributes broken on platforms with API Level < 19/);
  });

  it('works on formats/zip ZipArchive exactly as on the test reader', () => {
    for (const name of FIXTURES) {
      const bytes = loadFixture(name);
      const zip: ApkArchiveView = ZipArchive.open(bytes);
      for (const minSdk of [21, 24, 28]) {
        const a = verifyApkSignatures(zip, { minSdk });
        const b = verifyApkSignatures(apkOf(bytes), { minSdk });
        expect([name, minSdk, a.verified, a.errors]).toEqual([name, minSdk, b.verified, b.errors]);
      }
    }
  });

  it('refuses a nonsensical SDK range as a usage error', () => {
    expect(() => verifyApkSignatures(apkOf(loadFixture('v4.apk')), { minSdk: 30, maxSdk: 29 })).toThrow(/invalid SDK range/);
  });
});

describe('APK Signature Scheme v4 (.idsig)', () => {
  it('parses the file apksigner wrote and checks its signature and APK digest', () => {
    const apkBytes = loadFixture('v4.apk');
    const idsig = parseIdsig(loadFixture('v4.apk.idsig'));
    expect(idsig).toMatchObject({ version: 2, hashAlgorithm: 1, hashAlgorithmName: 'SHA-256', log2BlockSize: 12 });
    expect(idsig.rawRootHash.length).toBe(32);
    expect(idsig.merkleTreeSize).toBeGreaterThan(0);
    expect(idsig.signingInfo.signatureAlgorithm).toBe('ECDSA_WITH_SHA256');
    expect(idsig.signingInfo.certificate?.sha256).toBe(certSha('ec'));
    expect(verifyIdsigSignature(idsig, apkBytes.length)).toEqual({ ok: true });
    expect(verifyIdsigSignature(idsig, apkBytes.length + 1).ok).toBe(false);
    // The v4 signature binds to the v2/v3 content digest of the APK.
    const apk = apkOf(apkBytes);
    const found = findApkSigningBlock(apk);
    if (!found.found) throw new Error('no block');
    const sections = digestedSections(apkBytes, found.block.offset, apk.centralDirectoryOffset, apk.eocdOffset)!;
    const digest = computeContentDigests(sections, ['CHUNKED_SHA256'], found.block.size).get('CHUNKED_SHA256');
    expect(digest?.ok && Buffer.from(idsig.signingInfo.apkDigest).equals(digest.digest)).toBe(true);
  });

  it('raises DFSLAB_E_APKSIG_BAD_IDSIG on malformed files', () => {
    const good = loadFixture('v4.apk.idsig');
    const badVersion = Uint8Array.from(good);
    badVersion[0] = 9;
    for (const bad of [new Uint8Array(0), good.subarray(0, 30), badVersion]) {
      try {
        parseIdsig(bad);
        throw new Error('parsed a malformed .idsig');
      } catch (e) {
        expect(isDfslabError(e) && e.code).toBe('DFSLAB_E_APKSIG_BAD_IDSIG');
      }
    }
  });
});
