/**
 * @module formats/macho/code-signature
 * The embedded code signature that LC_CODE_SIGNATURE points to: a SuperBlob (xnu osfmk/kern/cs_blobs.h,
 * all fields big-endian) indexing the CodeDirectory blobs, the requirements, the entitlements (XML and
 * DER) and the CMS signature that carries the signing certificates. Nothing is verified here: this reads
 * what the signature declares, for checks such as "ad-hoc signed" or "get-task-allow".
 */
import { DfslabError } from '../../errors.js';
import { parseCertificate, parsePkcs7SignedData, type CertificateInfo } from '../apksig/index.js';

export interface CodeDirectoryInfo {
  version: number;
  /** CS_* flags, e.g. CS_ADHOC 0x2, CS_RUNTIME 0x10000. */
  flags: number;
  /** 'sha1' | 'sha256' | 'sha256-truncated' | 'sha384' | 'sha512' | 'hash_<n>'. */
  hashType: string;
  /** Signing identifier (normally the bundle id). */
  identifier: string;
  teamId?: string;
  nCodeSlots: number;
  nSpecialSlots: number;
  /** CS_EXECSEG_* flags (version >= 0x20400), e.g. CS_EXECSEG_MAIN_BINARY 0x1, CS_EXECSEG_ALLOW_UNSIGNED 0x10. */
  execSegFlags?: bigint;
}

export interface CodeSignature {
  codeDirectories: CodeDirectoryInfo[];
  /** Requirements blob (0xfade0c01), header included. */
  requirementsBytes?: Uint8Array;
  /** Entitlements plist (blob 0xfade7171). */
  entitlementsXml?: string;
  /** DER entitlements (blob 0xfade7172), payload only. */
  entitlementsDer?: Uint8Array;
  /** Certificates of the CMS blob (0xfade0b01), absent when the blob is missing or empty. */
  cms?: { certificates: CertificateInfo[] };
  /** CS_ADHOC set on a CodeDirectory, or no certificate in the signature. */
  adhoc: boolean;
}

// cs_blobs.h magic numbers.
export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const CSMAGIC_EMBEDDED_ENTITLEMENTS = 0xfade7171;
export const CSMAGIC_EMBEDDED_DER_ENTITLEMENTS = 0xfade7172;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
const CS_ADHOC = 0x2;
const CS_SUPPORTSTEAMID = 0x20200;
const CS_SUPPORTSEXECSEG = 0x20400;

const HASH_TYPES = ['none', 'sha1', 'sha256', 'sha256-truncated', 'sha384', 'sha512'];

function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function cString(b: Uint8Array, o: number, max = 1024): string {
  let i = o;
  const end = Math.min(b.length, o + max);
  while (i < end && b[i] !== 0) i++;
  return new TextDecoder('utf-8').decode(b.subarray(o, i));
}

/**
 * Reads the superblob in `data` (exactly the LC_CODE_SIGNATURE range). Malformed parts are reported
 * through `anomaly` and skipped; the result holds whatever was readable.
 */
export function readCodeSignature(data: Uint8Array, anomaly: (kind: string, message: string) => void): CodeSignature {
  const sig: CodeSignature = { codeDirectories: [], adhoc: false };
  if (data.length < 12 || u32be(data, 0) !== CSMAGIC_EMBEDDED_SIGNATURE) {
    anomaly('code-signature-bad-magic', `code signature does not start with an embedded-signature superblob (0x${data.length >= 4 ? u32be(data, 0).toString(16) : ''})`);
    sig.adhoc = true;
    return sig;
  }
  const length = Math.min(u32be(data, 4), data.length);
  let count = u32be(data, 8);
  // Each index entry is 8 bytes (CS_BlobIndex): the count cannot exceed what the superblob holds.
  const fit = Math.floor(Math.max(0, length - 12) / 8);
  if (count > fit) {
    anomaly('code-signature-count', `superblob declares ${count} blobs, ${fit} fit in ${length} bytes`);
    count = fit;
  }
  for (let i = 0; i < count; i++) {
    const slot = u32be(data, 12 + i * 8);
    const off = u32be(data, 16 + i * 8);
    if (off + 8 > length) {
      anomaly('code-signature-blob-out-of-range', `blob ${i} (slot 0x${slot.toString(16)}) at ${off} lies outside the superblob`);
      continue;
    }
    const magic = u32be(data, off);
    const blobLen = u32be(data, off + 4);
    if (blobLen < 8 || blobLen > length - off) {
      anomaly('code-signature-blob-length', `blob ${i} (magic 0x${magic.toString(16)}) declares ${blobLen} bytes at ${off}`);
      continue;
    }
    const blob = data.subarray(off, off + blobLen);
    switch (magic) {
      case CSMAGIC_CODEDIRECTORY: {
        const cd = readCodeDirectory(blob, anomaly);
        if (cd) sig.codeDirectories.push(cd);
        break;
      }
      case CSMAGIC_REQUIREMENTS:
        sig.requirementsBytes = blob;
        break;
      case CSMAGIC_EMBEDDED_ENTITLEMENTS:
        sig.entitlementsXml = new TextDecoder('utf-8').decode(blob.subarray(8));
        break;
      case CSMAGIC_EMBEDDED_DER_ENTITLEMENTS:
        sig.entitlementsDer = blob.subarray(8);
        break;
      case CSMAGIC_BLOBWRAPPER:
        // An ad-hoc signature carries an empty wrapper (8 bytes) in the CMS slot.
        if (blobLen > 8) {
          try {
            const signed = parsePkcs7SignedData(blob.subarray(8), 'code signature CMS');
            sig.cms = { certificates: signed.certificates.map((der) => parseCertificate(der)) };
          } catch (e) {
            if (!(e instanceof DfslabError)) throw e;
            anomaly('code-signature-cms', `CMS signature blob unreadable: ${e.message}`);
          }
        }
        break;
      default:
        break;
    }
  }
  const noCertificates = sig.cms === undefined || sig.cms.certificates.length === 0;
  sig.adhoc = noCertificates || sig.codeDirectories.some((cd) => (cd.flags & CS_ADHOC) !== 0);
  return sig;
}

/** CS_CodeDirectory, cs_blobs.h; later fields exist only from the version that introduced them. */
function readCodeDirectory(b: Uint8Array, anomaly: (kind: string, message: string) => void): CodeDirectoryInfo | undefined {
  if (b.length < 44) {
    anomaly('code-directory-short', `CodeDirectory of ${b.length} bytes is shorter than its header`);
    return undefined;
  }
  const version = u32be(b, 8);
  const flags = u32be(b, 12);
  const identOffset = u32be(b, 20);
  const hashType = b[37]!;
  const cd: CodeDirectoryInfo = {
    version,
    flags,
    hashType: HASH_TYPES[hashType] ?? `hash_${hashType}`,
    identifier: '',
    nSpecialSlots: u32be(b, 24),
    nCodeSlots: u32be(b, 28),
  };
  if (identOffset >= 44 && identOffset < b.length) cd.identifier = cString(b, identOffset);
  else anomaly('code-directory-identifier', `CodeDirectory identifier offset ${identOffset} outside the blob`);
  if (version >= CS_SUPPORTSTEAMID && b.length >= 52) {
    const teamOffset = u32be(b, 48);
    if (teamOffset !== 0 && teamOffset < b.length) cd.teamId = cString(b, teamOffset);
  }
  if (version >= CS_SUPPORTSEXECSEG && b.length >= 88) {
    cd.execSegFlags = (BigInt(u32be(b, 80)) << 32n) | BigInt(u32be(b, 84));
  }
  return cd;
}
