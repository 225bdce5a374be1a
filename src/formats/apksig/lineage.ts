/**
 * @module formats/apksig/lineage
 * The proof-of-rotation ("signing certificate lineage") attribute of v3 signers (AOSP apksig
 * V3SigningCertificateLineage; source.android.com "APK Signature Scheme v3" → "Key rotation"):
 *
 *   uint32 version (1) | length-prefixed sequence of length-prefixed nodes, each:
 *     length-prefixed signed data { length-prefixed certificate | uint32 parent signature algorithm }
 *     uint32 flags | uint32 signature algorithm (used by this node to sign the next one)
 *     length-prefixed signature (by the previous node's key over this node's signed data)
 *
 * Oldest certificate first; every node after the first must be signed by its predecessor, so the newest
 * signer can prove it descends from the original one.
 */
import { ByteReader } from '../bytes.js';
import { isDfslabError } from '../../errors.js';
import { parseCertificateDetails, type ParsedCertificate } from './certificate.js';
import { blockSignatureAlgorithm, hexId, importSpki, verifySignature } from './signature-algorithms.js';

export interface LineageNode {
  cert: ParsedCertificate;
  flags: number;
  /** Algorithm the parent used to sign this node (0 for the first node). */
  parentSignatureAlgorithm: number;
  /** Algorithm this node uses to sign the next one. */
  signatureAlgorithm: number;
}

/** Capability flags a lineage node grants (SigningCertificateLineage.SignerCapabilities). */
export const LineageFlag = {
  INSTALLED_DATA: 1,
  SHARED_USER_ID: 2,
  PERMISSION: 4,
  ROLLBACK: 8,
  AUTH: 16,
} as const;

/** Longer lineages are refused: real ones have a handful of keys and each link costs a signature check. */
const MAX_LINEAGE_NODES = 32;

/** Human-readable capability flags of a lineage entry, for reports. */
export function lineageFlagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & LineageFlag.INSTALLED_DATA) names.push('installed-data');
  if (flags & LineageFlag.SHARED_USER_ID) names.push('shared-uid');
  if (flags & LineageFlag.PERMISSION) names.push('permission');
  if (flags & LineageFlag.ROLLBACK) names.push('rollback');
  if (flags & LineageFlag.AUTH) names.push('auth');
  return names;
}

export type LineageResult =
  | { ok: true; nodes: LineageNode[] }
  | { ok: false; kind: 'malformed' | 'did-not-verify'; reason: string };

/** Parses the lineage and checks each link's signature. Never throws. */
export function readLineage(value: Uint8Array): LineageResult {
  const nodes: LineageNode[] = [];
  try {
    const r = new ByteReader(value);
    const version = r.u32le();
    if (version !== 1) return { ok: false, kind: 'malformed', reason: `unknown lineage version ${version}` };
    let previous: LineageNode | undefined;
    while (r.remaining > 0) {
      if (nodes.length === MAX_LINEAGE_NODES) return { ok: false, kind: 'malformed', reason: `more than ${MAX_LINEAGE_NODES} certificates in the lineage` };
      const node = new ByteReader(r.bytesN(r.u32le()));
      const signedData = node.bytesN(node.u32le());
      const flags = node.u32le();
      const signatureAlgorithm = node.u32le();
      const signature = node.bytesN(node.u32le());
      const sd = new ByteReader(signedData);
      const certDer = sd.bytesN(sd.u32le());
      const parentSignatureAlgorithm = sd.u32le();
      const n = nodes.length + 1;
      if (previous !== undefined) {
        const alg = blockSignatureAlgorithm(previous.signatureAlgorithm);
        if (alg === undefined) {
          return { ok: false, kind: 'did-not-verify', reason: `certificate #${n} is signed with unknown algorithm ${hexId(previous.signatureAlgorithm)}` };
        }
        if (parentSignatureAlgorithm !== previous.signatureAlgorithm) {
          return { ok: false, kind: 'did-not-verify', reason: `signing algorithm ID mismatch for certificate #${n}` };
        }
        const key = importSpki(previous.cert.spki);
        if (!key.ok) return { ok: false, kind: 'did-not-verify', reason: `certificate #${n - 1}: ${key.reason}` };
        const v = verifySignature({
          hash: alg.hash,
          key: key.key,
          data: signedData,
          signature,
          keyType: alg.keyType,
          ...(alg.pssSaltLength === undefined ? {} : { pssSaltLength: alg.pssSaltLength }),
        });
        if (!v.ok) return { ok: false, kind: 'did-not-verify', reason: `certificate #${n} is not signed by certificate #${n - 1}: ${v.reason}` };
      }
      const cert = parseCertificateDetails(Uint8Array.from(certDer));
      const entry: LineageNode = { cert, flags, parentSignatureAlgorithm, signatureAlgorithm };
      nodes.push(entry);
      previous = entry;
    }
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    return { ok: false, kind: 'malformed', reason: `malformed lineage: ${e.message}` };
  }
  if (nodes.length === 0) return { ok: false, kind: 'malformed', reason: 'empty lineage' };
  return { ok: true, nodes };
}

export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return Buffer.from(a.info.der).equals(b.info.der);
}

/**
 * Merges the lineages of several v3 signers (SigningCertificateLineage.consolidateLineages): each must be a
 * prefix of the longest one. Returns undefined when they disagree.
 */
export function consolidateLineages(lineages: LineageNode[][]): LineageNode[] | undefined | 'inconsistent' {
  if (lineages.length === 0) return undefined;
  let longest = lineages[0]!;
  for (const l of lineages) if (l.length > longest.length) longest = l;
  for (const l of lineages) {
    for (let i = 0; i < l.length; i++) if (!sameCertificate(l[i]!.cert, longest[i]!.cert)) return 'inconsistent';
  }
  return longest;
}
