/**
 * @module formats/apksig/v1
 * JAR signature verification (APK Signature Scheme "v1"), following the rules the Android platform applies
 * as documented and implemented by AOSP apksig (V1SchemeVerifier):
 *
 * 1. No duplicate entry names; META-INF/MANIFEST.MF exists; every named manifest section names an entry
 *    that exists.
 * 2. Each signature block META-INF/X.(RSA|DSA|EC) with a matching X.SF: PKCS #7 SignedData whose
 *    SignerInfo (the first only below API 24, else any) verifies over the .SF bytes — directly, or through
 *    signed attributes (message-digest of the .SF; content-type checked from API 24; refused below API 19
 *    where the platform did not check the digest).
 * 3. Each .SF against the manifest: whole-manifest digest (-Digest-Manifest), main-attributes digest, else
 *    per-section digests; X-Android-APK-Signed stripping protection from API 24.
 * 4. Every entry outside META-INF/ is listed in the manifest, covered by the same set of signers, and its
 *    uncompressed bytes match the strongest digest each platform version would check.
 * Digest and signature algorithm acceptance depends on the API level range (apksig OidConstants).
 */
import { createHash } from 'node:crypto';
import { isDfslabError } from '../../errors.js';
import { Oid, decodeOctetString, decodeOid, isUniversal, oidName, readElement, Tag } from '../asn1/index.js';
import { parseCertificateDetails, x500NamesEqual, type ParsedCertificate } from './certificate.js';
import { attributeValue, parseJarManifest, type JarManifest, type ManifestSection } from './manifest.js';
import { parsePkcs7SignedData, type Pkcs7SignedData, type Pkcs7SignerInfo } from './pkcs7.js';
import {
  DIGEST_OID_TO_HASH,
  SIGNATURE_OID_TO_HASH,
  importSpki,
  keyTypeOfSignatureOid,
  verifySignature,
} from './signature-algorithms.js';
import type { ApkArchiveView } from './types.js';

const MANIFEST_NAME = 'META-INF/MANIFEST.MF';
/** Android API levels the rules below refer to. */
const SDK = { GINGERBREAD: 9, JELLY_BEAN_MR2: 18, KITKAT: 19, N: 24 } as const;
/** apksig Constants.MAX_APK_SIGNERS. */
const MAX_JAR_SIGNERS = 10;
/** Certificates or SignerInfos in one PKCS #7 block beyond which it is refused (each costs a signature check). */
const MAX_BAG_CERTIFICATES = 32;

export interface V1Input {
  apk: ApkArchiveView;
  minSdk: number;
  maxSdk: number;
  /** Scheme IDs (2, 3) the platforms in the range know, with their names, for stripping protection. */
  supportedSchemes: ReadonlyMap<number, string>;
  /** Scheme IDs whose signature blocks were found in the APK Signing Block. */
  foundSchemes: ReadonlySet<number>;
  /** Check every entry's digest (the expensive part). */
  checkEntryDigests: boolean;
}

export interface V1Signer {
  /** Signature block entry name. */
  blockName: string;
  sfName: string;
  chain: ParsedCertificate[];
  digestAlgorithm: string;
  signatureAlgorithm: string;
}

export interface V1Outcome {
  present: boolean;
  verified: boolean;
  errors: string[];
  warnings: string[];
  signers: V1Signer[];
  /** Scheme IDs listed in X-Android-APK-Signed of the .SF files. */
  apkSignedSchemes?: number[];
  /** False when verification stopped before the entry digests because `checkEntryDigests` was off. */
  entriesChecked: boolean;
}

interface SignerState {
  blockName: string;
  sfName: string;
  shortName: string;
  errors: string[];
  warnings: string[];
  ignored: boolean;
  sfBytes?: Uint8Array;
  /** The parsed .SF, once needed. */
  sf?: JarManifest;
  sfEntryNames?: Set<string>;
  chain?: ParsedCertificate[];
  digestAlgorithm?: string;
  signatureAlgorithm?: string;
}

interface NamedDigest {
  /** JCA-style name, e.g. "SHA-256". */
  algorithm: string;
  digest: Buffer;
}

export function verifyV1(input: V1Input): V1Outcome {
  const out: V1Outcome = { present: false, verified: false, errors: [], warnings: [], signers: [], entriesChecked: true };
  const { apk, minSdk, maxSdk } = input;
  const names = apk.entryNames();

  let manifestName: string | undefined;
  const sfNames = new Set<string>();
  const blockNames: string[] = [];
  for (const name of names) {
    if (!name.startsWith('META-INF/')) continue;
    if (manifestName === undefined && name === MANIFEST_NAME) {
      manifestName = name;
      continue;
    }
    if (name.endsWith('.SF')) sfNames.add(name);
    else if (name.endsWith('.RSA') || name.endsWith('.DSA') || name.endsWith('.EC')) blockNames.push(name);
  }
  out.present = sfNames.size > 0 || blockNames.length > 0;

  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      if (!reported.has(name)) out.errors.push(`duplicate entry in the APK: ${name}`);
      reported.add(name);
    }
    seen.add(name);
  }
  if (out.errors.length > 0) return out;

  if (manifestName === undefined) {
    out.errors.push(`Missing ${MANIFEST_NAME}`);
    return out;
  }
  const manifestBytes = readEntry(apk, manifestName, out.errors);
  if (manifestBytes === undefined) return out;
  const manifest = parseJarManifest(manifestBytes);
  const sectionsByName = new Map<string, ManifestSection>();
  manifest.sections.forEach((section, i) => {
    if (section.name === undefined) {
      out.errors.push(`Malformed ${MANIFEST_NAME}: individual section #${i + 1} does not have a name`);
    } else if (sectionsByName.has(section.name)) {
      out.errors.push(`Malformed ${MANIFEST_NAME}: duplicate section for ${section.name}`);
    } else {
      sectionsByName.set(section.name, section);
      if (!seen.has(section.name)) out.errors.push(`${section.name} entry referenced by ${MANIFEST_NAME} not found in the APK`);
    }
  });
  if (out.errors.length > 0) return out;

  const signers: SignerState[] = [];
  for (const blockName of blockNames) {
    const sfName = `${blockName.slice(0, blockName.lastIndexOf('.'))}.SF`;
    if (!sfNames.has(sfName)) {
      out.warnings.push(`JAR signature block ${blockName} has no matching signature file ${sfName}; ignored`);
      continue;
    }
    signers.push({ blockName, sfName, shortName: blockName.slice('META-INF/'.length), errors: [], warnings: [], ignored: false });
  }
  if (signers.length === 0) {
    out.errors.push('No JAR signatures');
    return out;
  }
  if (signers.length > MAX_JAR_SIGNERS) {
    out.errors.push(`${signers.length} JAR signers, more than the ${MAX_JAR_SIGNERS} the platform accepts`);
    return out;
  }

  // Step 2: signature block against signature file. Any error stops verification, as on Android.
  for (const s of signers) verifyBlockAgainstSignatureFile(apk, s, minSdk, maxSdk);
  const apkSigned = collectApkSignedSchemes(signers);
  if (apkSigned.length > 0) out.apkSignedSchemes = apkSigned;
  if (signers.some((s) => s.errors.length > 0)) {
    for (const s of signers) pushSignerIssues(out, s);
    return out;
  }

  // Step 3: signature files against the manifest. Signers the platform would ignore do not count.
  const remaining: SignerState[] = [];
  for (const s of signers) {
    verifySignatureFileAgainstManifest(s, manifestBytes, manifest, sectionsByName, input);
    if (s.ignored) {
      for (const e of s.errors) out.warnings.push(`JAR signer ${s.shortName} ignored: ${e}`);
      for (const w of s.warnings) out.warnings.push(`JAR signer ${s.shortName}: ${w}`);
    } else if (s.errors.length > 0) {
      pushSignerIssues(out, s);
    } else {
      remaining.push(s);
    }
  }
  if (out.errors.length > 0) return out;
  if (remaining.length === 0) {
    out.errors.push('No JAR signatures');
    return out;
  }
  for (const s of remaining) for (const w of s.warnings) out.warnings.push(`JAR signer ${s.shortName}: ${w}`);

  // Step 4: entries against the manifest and the .SF files.
  let apkSigners: SignerState[] = remaining;
  if (input.checkEntryDigests) {
    apkSigners = verifyEntries(apk, names, sectionsByName, remaining, minSdk, maxSdk, out.errors);
    if (out.errors.length > 0) return out;
  }

  const protectedNames = new Set<string>([manifestName]);
  for (const s of apkSigners) protectedNames.add(s.blockName).add(s.sfName);
  for (const name of names) {
    if (name.startsWith('META-INF/') && !name.endsWith('/') && !protectedNames.has(name)) {
      out.warnings.push(`${name} not protected by signature. Unauthorized modifications to this JAR entry will not be detected`);
    }
  }
  for (const s of apkSigners) {
    out.signers.push({
      blockName: s.blockName,
      sfName: s.sfName,
      chain: s.chain ?? [],
      digestAlgorithm: s.digestAlgorithm ?? '',
      signatureAlgorithm: s.signatureAlgorithm ?? '',
    });
  }
  if (!input.checkEntryDigests) {
    out.entriesChecked = false;
    out.warnings.push('JAR entry digests not checked: v1 is not consulted for this SDK range (see checkUnconsultedJarEntries)');
    return out;
  }
  out.verified = true;
  return out;
}

function pushSignerIssues(out: V1Outcome, s: SignerState): void {
  for (const e of s.errors) out.errors.push(`JAR signer ${s.shortName}: ${e}`);
  for (const w of s.warnings) out.warnings.push(`JAR signer ${s.shortName}: ${w}`);
}

function readEntry(apk: ApkArchiveView, name: string, errors: string[]): Uint8Array | undefined {
  try {
    return apk.read(name);
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    errors.push(`cannot read ${name}: ${e.message}`);
    return undefined;
  }
}

function collectApkSignedSchemes(signers: SignerState[]): number[] {
  const ids: number[] = [];
  for (const s of signers) {
    if (s.sfBytes === undefined) continue;
    const v = attributeValue(parsedSignatureFile(s).main, 'X-Android-APK-Signed');
    if (v === undefined) continue;
    for (const token of v.split(',')) {
      const id = parseJavaInt(token.trim());
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function parsedSignatureFile(s: SignerState): JarManifest {
  s.sf ??= parseJarManifest(s.sfBytes ?? new Uint8Array(0));
  return s.sf;
}

/** Integer.parseInt semantics: optional sign, decimal digits, 32-bit range. */
function parseJavaInt(text: string): number | undefined {
  if (!/^[+-]?\d{1,10}$/.test(text)) return undefined;
  const v = Number(text);
  return v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

// ---- step 2: PKCS #7 signature block over the .SF ----------------------------------------------------

function verifyBlockAgainstSignatureFile(apk: ApkArchiveView, s: SignerState, minSdk: number, maxSdk: number): void {
  const blockBytes = readEntry(apk, s.blockName, s.errors);
  const sfBytes = readEntry(apk, s.sfName, s.errors);
  if (blockBytes === undefined || sfBytes === undefined) return;
  s.sfBytes = sfBytes;

  let signedData: Pkcs7SignedData;
  try {
    signedData = parsePkcs7SignedData(blockBytes, s.blockName);
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    s.errors.push(`Failed to parse JAR signature ${s.blockName}: ${e.message}`);
    return;
  }
  if (signedData.signerInfos.length === 0) {
    s.errors.push(`JAR signature ${s.blockName} contains no signers`);
    return;
  }
  if (signedData.signerInfos.length > MAX_BAG_CERTIFICATES) {
    s.errors.push(`Failed to parse JAR signature ${s.blockName}: more than ${MAX_BAG_CERTIFICATES} SignerInfos`);
    return;
  }
  if (signedData.certificates.length > MAX_BAG_CERTIFICATES) {
    s.errors.push(`Failed to parse JAR signature ${s.blockName}: more than ${MAX_BAG_CERTIFICATES} certificates`);
    return;
  }
  let certs: ParsedCertificate[];
  try {
    certs = signedData.certificates.map((der) => parseCertificateDetails(der, s.blockName));
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    s.errors.push(`Failed to parse JAR signature ${s.blockName}: bad certificate: ${e.message}`);
    return;
  }
  // Before Android 7.0 only the first SignerInfo is tried; from 7.0 the first that verifies is used.
  const toTry = minSdk < SDK.N ? signedData.signerInfos.slice(0, 1) : signedData.signerInfos;
  let winner: { info: Pkcs7SignerInfo; cert: ParsedCertificate } | undefined;
  for (const info of toTry) {
    const r = verifySignerInfo(s, signedData, certs, info, sfBytes, minSdk, maxSdk);
    if (s.errors.length > 0) return;
    if (r !== undefined && winner === undefined) winner = { info, cert: r };
  }
  if (winner === undefined) {
    s.errors.push(`JAR signature ${s.blockName} did not verify against ${s.sfName}`);
    return;
  }
  s.chain = certificateChain(certs, winner.cert);
  s.digestAlgorithm = digestDisplayName(winner.info.digestAlgorithm);
  s.signatureAlgorithm = oidName(winner.info.signatureAlgorithm);
}

/** Returns the signing certificate when this SignerInfo verifies, undefined when it does not; errors go to `s.errors`. */
function verifySignerInfo(
  s: SignerState,
  signedData: Pkcs7SignedData,
  certs: ParsedCertificate[],
  info: Pkcs7SignerInfo,
  sfBytes: Uint8Array,
  minSdk: number,
  maxSdk: number,
): ParsedCertificate | undefined {
  const verifyFailure = (why: string): undefined => {
    s.errors.push(`Failed to verify JAR signature ${s.blockName} against ${s.sfName}: ${why}`);
    return undefined;
  };
  const unsupported = unsupportedApiLevels(info.digestAlgorithm, info.signatureAlgorithm, minSdk, maxSdk);
  if (unsupported !== undefined) {
    s.errors.push(
      `JAR signature ${s.blockName} uses digest algorithm ${digestDisplayName(info.digestAlgorithm)} and signature algorithm ` +
        `${signatureDisplayName(info.signatureAlgorithm)} which is not supported on API Level(s) ${unsupported} for which this APK is being verified`,
    );
    return undefined;
  }
  const cert = certs.find((c) => signerIdentifies(info, c));
  if (cert === undefined) return verifyFailure('Signing certificate referenced in SignerInfo not found in SignedData');
  if (cert.unsupportedCriticalExtensions.length > 0) {
    return verifyFailure(`Signing certificate has unsupported critical extensions (${cert.unsupportedCriticalExtensions.join(', ')})`);
  }
  if (cert.keyUsage !== undefined && !cert.keyUsage[0] && !cert.keyUsage[1]) {
    return verifyFailure('Signing certificate not authorized for use in digital signatures: keyUsage extension missing digitalSignature and nonRepudiation');
  }
  const hash =
    SIGNATURE_OID_TO_HASH.get(info.signatureAlgorithm) ??
    (isPlainKeyOid(info.signatureAlgorithm) ? DIGEST_OID_TO_HASH.get(info.digestAlgorithm) : undefined);
  const keyType = keyTypeOfSignatureOid(info.signatureAlgorithm);
  if (hash === undefined || keyType === undefined) {
    return verifyFailure(`unsupported signature algorithm ${info.signatureAlgorithm} with digest ${info.digestAlgorithm}`);
  }
  const key = importSpki(cert.spki);
  if (!key.ok) return verifyFailure(key.reason);

  let signedBytes: Uint8Array | Uint8Array[];
  if (info.signedAttrs !== undefined && info.signedAttrsEncoding !== undefined) {
    // Before KitKat the platform verified signed attributes without checking the digest they carry, so
    // such a signature protects nothing there; apksigner refuses it for those levels and so do we.
    if (minSdk < SDK.KITKAT) return verifyFailure(`APKs with Signed Attributes broken on platforms with API Level < ${SDK.KITKAT}`);
    const byType = new Map<string, Uint8Array[]>();
    for (const a of info.signedAttrs) {
      if (byType.has(a.type)) {
        s.errors.push(`Failed to parse JAR signature ${s.blockName}: Duplicate signed attribute: ${a.type}`);
        return undefined;
      }
      byType.set(a.type, a.values);
    }
    const single = (oid: string): Uint8Array | undefined | 'multiple' => {
      const values = byType.get(oid);
      if (values === undefined || values.length === 0) return undefined;
      return values.length > 1 ? 'multiple' : values[0];
    };
    if (maxSdk >= SDK.N) {
      // The content-type attribute is checked from Android 7.0 on.
      const ct = single(Oid.CONTENT_TYPE);
      if (ct === 'multiple') {
        s.errors.push(`Failed to parse JAR signature ${s.blockName}: Attribute ${Oid.CONTENT_TYPE} has multiple values`);
        return undefined;
      }
      if (ct === undefined) return verifyFailure('No Content Type in signed attributes');
      const oid = decodeSingleValue(ct, Tag.OBJECT_IDENTIFIER, (el) => decodeOid(el));
      if (oid === undefined) {
        s.errors.push(`Failed to parse JAR signature ${s.blockName}: content-type attribute is not an OBJECT IDENTIFIER`);
        return undefined;
      }
      if (oid !== signedData.contentType) return undefined;
    }
    const md = single(Oid.MESSAGE_DIGEST);
    if (md === 'multiple') {
      s.errors.push(`Failed to parse JAR signature ${s.blockName}: Attribute ${Oid.MESSAGE_DIGEST} has multiple values`);
      return undefined;
    }
    if (md === undefined) return verifyFailure('No content digest in signed attributes');
    const expected = decodeSingleValue(md, Tag.OCTET_STRING, (el) => decodeOctetString(el));
    if (expected === undefined) {
      s.errors.push(`Failed to parse JAR signature ${s.blockName}: message-digest attribute is not an OCTET STRING`);
      return undefined;
    }
    const digestHash = DIGEST_OID_TO_HASH.get(info.digestAlgorithm);
    if (digestHash === undefined) return verifyFailure(`Unsupported digest algorithm: ${info.digestAlgorithm}`);
    const actual = createHash(digestHash).update(sfBytes).digest();
    if (!actual.equals(expected)) return undefined;
    // RFC 5652 5.4: the signature covers the DER of the attributes with the [0] IMPLICIT tag replaced by a
    // universal SET tag. Like the platform, re-tag the original encoding rather than re-encode it.
    const enc = info.signedAttrsEncoding;
    signedBytes = [Uint8Array.of(0x31), enc.subarray(1)];
  } else {
    signedBytes = sfBytes;
  }
  const r = verifySignature({ hash, key: key.key, data: signedBytes, signature: info.signature, keyType });
  if (r.ok) return cert;
  if (r.reason.startsWith('signature could not be checked') || r.reason.startsWith('key type')) return verifyFailure(r.reason);
  return undefined;
}

function decodeSingleValue<T>(der: Uint8Array, tag: number, decode: (el: ReturnType<typeof readElement>) => T): T | undefined {
  try {
    const el = readElement(der, 0, der.length);
    if (!isUniversal(el, tag) || el.end !== der.length) return undefined;
    return decode(el);
  } catch (e) {
    if (isDfslabError(e)) return undefined;
    throw e;
  }
}

function signerIdentifies(info: Pkcs7SignerInfo, cert: ParsedCertificate): boolean {
  if (info.issuer !== undefined && info.serialNumber !== undefined) {
    return info.serialNumber === cert.serial && x500NamesEqual(info.issuer, cert.issuerName);
  }
  if (info.subjectKeyIdentifier !== undefined && cert.subjectKeyIdentifier !== undefined) {
    return Buffer.from(info.subjectKeyIdentifier).equals(cert.subjectKeyIdentifier);
  }
  return false;
}

/** Signer certificate, then its issuers found in the bag (by name), as apksig's getCertificateChain. */
function certificateChain(certs: ParsedCertificate[], leaf: ParsedCertificate): ParsedCertificate[] {
  const unused = certs.filter((c) => c !== leaf);
  const chain = [leaf];
  let current = leaf;
  while (!x500NamesEqual(current.subjectName, current.issuerName)) {
    const i = unused.findIndex((c) => x500NamesEqual(c.subjectName, current.issuerName));
    if (i < 0) break;
    current = unused.splice(i, 1)[0]!;
    chain.push(current);
  }
  return chain;
}

function isPlainKeyOid(oid: string): boolean {
  return oid === Oid.RSA_ENCRYPTION || oid === Oid.DSA || oid === Oid.EC_PUBLIC_KEY;
}

const DIGEST_DISPLAY: ReadonlyMap<string, string> = new Map([
  [Oid.MD5, 'MD5'],
  [Oid.SHA1, 'SHA-1'],
  [Oid.SHA224, 'SHA-224'],
  [Oid.SHA256, 'SHA-256'],
  [Oid.SHA384, 'SHA-384'],
  [Oid.SHA512, 'SHA-512'],
]);

function digestDisplayName(oid: string): string {
  return DIGEST_DISPLAY.get(oid) ?? oid;
}

function signatureDisplayName(oid: string): string {
  const keyType = keyTypeOfSignatureOid(oid);
  const hash = SIGNATURE_OID_TO_HASH.get(oid);
  const keyName = keyType === 'rsa' ? 'RSA' : keyType === 'dsa' ? 'DSA' : keyType === 'ec' ? 'ECDSA' : undefined;
  if (keyName === undefined) return oid;
  if (hash === undefined) return keyName;
  return `${hash === 'md5' ? 'MD5' : `SHA-${hash === 'sha1' ? '1' : hash.slice(3)}`} with ${keyName}`;
}

// ---- which (digest, signature) pairs which API levels accept (AOSP apksig OidConstants) --------------

type Range = readonly [number, number];
const INF = Number.POSITIVE_INFINITY;
const MISMATCHED_DIGEST: readonly Range[] = [[21, 23]];

const DIGEST_ORDER = [Oid.MD5, Oid.SHA1, Oid.SHA224, Oid.SHA256, Oid.SHA384, Oid.SHA512] as const;

/** Plain key OIDs (digest taken from the SignerInfo's digestAlgorithm). */
const KEY_OID_SUPPORT: ReadonlyMap<string, ReadonlyMap<string, readonly Range[]>> = new Map([
  [
    Oid.RSA_ENCRYPTION,
    new Map<string, readonly Range[]>([
      [Oid.MD5, [[0, INF]]],
      [Oid.SHA1, [[0, INF]]],
      [Oid.SHA224, [[0, 8], [21, INF]]],
      [Oid.SHA256, [[0, 8], [18, INF]]],
      [Oid.SHA384, [[18, INF]]],
      [Oid.SHA512, [[18, INF]]],
    ]),
  ],
  [
    Oid.DSA,
    new Map<string, readonly Range[]>([
      [Oid.SHA1, [[0, INF]]],
      [Oid.SHA224, [[22, INF]]],
      [Oid.SHA256, [[22, INF]]],
    ]),
  ],
  [
    Oid.EC_PUBLIC_KEY,
    new Map<string, readonly Range[]>([
      [Oid.SHA1, [[18, INF]]],
      [Oid.SHA224, [[21, INF]]],
      [Oid.SHA256, [[18, INF]]],
      [Oid.SHA384, [[18, INF]]],
      [Oid.SHA512, [[18, INF]]],
    ]),
  ],
]);

/**
 * "XwithY" OIDs: accepted ranges when the SignerInfo digest matches X. A different digest is accepted only
 * on API 21-23 (with three exceptions limited to API 21). SHA-384/512 with DSA are never accepted.
 */
const NAMED_OID_SUPPORT: ReadonlyMap<string, readonly Range[]> = new Map<string, readonly Range[]>([
  [Oid.MD5_WITH_RSA, [[0, 8], [21, INF]]],
  [Oid.SHA1_WITH_RSA, [[0, INF]]],
  [Oid.SHA224_WITH_RSA, [[0, 8], [21, INF]]],
  [Oid.SHA256_WITH_RSA, [[0, 8], [18, INF]]],
  [Oid.SHA384_WITH_RSA, [[21, INF]]],
  [Oid.SHA512_WITH_RSA, [[21, INF]]],
  [Oid.DSA_WITH_SHA1, [[9, INF]]],
  [Oid.DSA_WITH_SHA224, [[21, INF]]],
  [Oid.DSA_WITH_SHA256, [[21, INF]]],
  [Oid.ECDSA_WITH_SHA1, [[18, INF]]],
  [Oid.ECDSA_WITH_SHA224, [[21, INF]]],
  [Oid.ECDSA_WITH_SHA256, [[21, INF]]],
  [Oid.ECDSA_WITH_SHA384, [[21, INF]]],
  [Oid.ECDSA_WITH_SHA512, [[21, INF]]],
]);

const API_21_ONLY = new Set<string>([
  `${Oid.SHA224}|${Oid.SHA256_WITH_RSA}`,
  `${Oid.SHA256}|${Oid.SHA1_WITH_RSA}`,
  `${Oid.SHA512}|${Oid.SHA384_WITH_RSA}`,
]);

function supportedRanges(digestOid: string, sigOid: string): readonly Range[] {
  const byKey = KEY_OID_SUPPORT.get(sigOid);
  if (byKey !== undefined) return byKey.get(digestOid) ?? [];
  const named = NAMED_OID_SUPPORT.get(sigOid);
  if (named === undefined || !(DIGEST_ORDER as readonly string[]).includes(digestOid)) return [];
  if (SIGNATURE_OID_TO_HASH.get(sigOid) === DIGEST_OID_TO_HASH.get(digestOid)) return named;
  if (API_21_ONLY.has(`${digestOid}|${sigOid}`)) return [[21, 21]];
  return MISMATCHED_DIGEST;
}

/** The API levels of [minSdk, maxSdk] where the pair is not accepted, as "23+", "9-17, 19"; undefined if none. */
function unsupportedApiLevels(digestOid: string, sigOid: string, minSdk: number, maxSdk: number): string | undefined {
  const ranges = [...supportedRanges(digestOid, sigOid)].sort((a, b) => a[0] - b[0]);
  const gaps: Range[] = [];
  let cursor = minSdk;
  for (const [from, to] of ranges) {
    if (cursor > maxSdk) break;
    if (to < cursor) continue;
    if (from > cursor) gaps.push([cursor, Math.min(from - 1, maxSdk)]);
    cursor = to === INF ? INF : to + 1;
  }
  if (cursor <= maxSdk) gaps.push([cursor, maxSdk]);
  if (gaps.length === 0) return undefined;
  return gaps
    .map(([a, b]) => (a === b ? `${a}` : b >= 0x7fffffff ? `${a}+` : `${a}-${b}`))
    .join(', ');
}

// ---- step 3: .SF against the manifest ----------------------------------------------------------------

function verifySignatureFileAgainstManifest(
  s: SignerState,
  manifestBytes: Uint8Array,
  manifest: JarManifest,
  sectionsByName: ReadonlyMap<string, ManifestSection>,
  input: V1Input,
): void {
  const { minSdk, maxSdk } = input;
  const sf = parsedSignatureFile(s);
  const sfMain = sf.main;
  if (attributeValue(sfMain, 'Signature-Version') === undefined) {
    s.errors.push(`Missing Signature-Version attribute in ${s.sfName}`);
    s.ignored = true;
    return;
  }
  if (maxSdk >= SDK.N) {
    checkStrippedSchemes(s, sfMain, input);
    if (s.errors.length > 0) return;
  }
  const createdBySigntool = (attributeValue(sfMain, 'Created-By') ?? '').includes('signtool');
  const manifestDigestVerified = verifyWholeManifestDigest(s, sfMain, createdBySigntool, manifestBytes, minSdk, maxSdk);
  if (!createdBySigntool && manifest.main !== undefined) {
    for (const expected of digestsToVerify(sfMain, '-Digest-Manifest-Main-Attributes', minSdk, maxSdk)) {
      const actual = digestOf(expected.algorithm, manifestBytes.subarray(manifest.main.start, manifest.main.start + manifest.main.size));
      if (!actual.equals(expected.digest)) {
        s.errors.push(
          `${expected.algorithm} digest of ${MANIFEST_NAME} main section does not match the digest specified in ${s.sfName}. ` +
            `Expected: <${expected.digest.toString('base64')}>, actual: <${actual.toString('base64')}>`,
        );
      }
    }
  }
  if (s.errors.length > 0) return;

  const sfEntryNames = new Set<string>();
  let sectionNumber = 0;
  for (const sfSection of sf.sections) {
    sectionNumber++;
    const entryName = sfSection.name;
    if (entryName === undefined) {
      s.errors.push(`Malformed ${s.sfName}: individual section #${sectionNumber} does not have a name`);
      s.ignored = true;
      return;
    }
    if (sfEntryNames.has(entryName)) {
      s.errors.push(`Malformed ${s.sfName}: duplicate section for ${entryName}`);
      s.ignored = true;
      return;
    }
    sfEntryNames.add(entryName);
    if (manifestDigestVerified) continue;
    const manifestSection = sectionsByName.get(entryName);
    if (manifestSection === undefined) {
      s.errors.push(`No digest for ${entryName} in ${MANIFEST_NAME} although ${s.sfName} lists it`);
      s.ignored = true;
      continue;
    }
    const expectedDigests = digestsToVerify(sfSection, '-Digest', minSdk, maxSdk);
    if (expectedDigests.length === 0) {
      s.errors.push(`No digest for ${entryName} in ${s.sfName}`);
      continue;
    }
    let size = manifestSection.size;
    const end = manifestSection.start + size;
    // Sun's signtool digested manifest sections without their last newline when it was doubled.
    if (createdBySigntool && size >= 2 && manifestBytes[end - 1] === 0x0a && manifestBytes[end - 2] === 0x0a) size--;
    const sectionBytes = manifestBytes.subarray(manifestSection.start, manifestSection.start + size);
    for (const expected of expectedDigests) {
      const actual = digestOf(expected.algorithm, sectionBytes);
      if (!actual.equals(expected.digest)) {
        s.errors.push(
          `${expected.algorithm} digest of ${MANIFEST_NAME} section for ${entryName} does not match the digest specified in ${s.sfName}. ` +
            `Expected: <${expected.digest.toString('base64')}>, actual: <${actual.toString('base64')}>`,
        );
      }
    }
  }
  s.sfEntryNames = sfEntryNames;
}

function verifyWholeManifestDigest(
  s: SignerState,
  sfMain: ManifestSection | undefined,
  createdBySigntool: boolean,
  manifestBytes: Uint8Array,
  minSdk: number,
  maxSdk: number,
): boolean {
  const expectedDigests = digestsToVerify(sfMain, createdBySigntool ? '-Digest' : '-Digest-Manifest', minSdk, maxSdk);
  if (expectedDigests.length === 0) {
    s.warnings.push(`${s.sfName} has no digest of the whole ${MANIFEST_NAME}; per-section digests are used`);
    return false;
  }
  let verified = true;
  for (const expected of expectedDigests) {
    const actual = digestOf(expected.algorithm, manifestBytes);
    if (!actual.equals(expected.digest)) {
      // Not an error: the per-section digests are checked instead (JAR spec "Signature validation").
      s.warnings.push(
        `${expected.algorithm} digest of ${MANIFEST_NAME} does not match the digest specified in ${s.sfName}. ` +
          `Expected: <${expected.digest.toString('base64')}>, actual: <${actual.toString('base64')}>`,
      );
      verified = false;
    }
  }
  return verified;
}

function checkStrippedSchemes(s: SignerState, sfMain: ManifestSection | undefined, input: V1Input): void {
  const value = attributeValue(sfMain, 'X-Android-APK-Signed');
  if (value === undefined) {
    if (input.foundSchemes.size > 0) {
      s.warnings.push(`${s.sfName} does not protect against APK Signature Scheme v2 signature stripping (no X-Android-APK-Signed)`);
    }
    return;
  }
  if (input.supportedSchemes.size === 0) return;
  const expected: number[] = [];
  for (const token of value.split(',')) {
    const text = token.trim();
    if (text === '') continue;
    const id = parseJavaInt(text);
    if (id === undefined) continue;
    if (input.supportedSchemes.has(id)) {
      if (!expected.includes(id)) expected.push(id);
    } else {
      s.warnings.push(`JAR signature ${s.sfName} references unknown APK signature scheme ID: ${id}`);
    }
  }
  for (const id of expected) {
    if (!input.foundSchemes.has(id)) {
      s.errors.push(
        `JAR signature ${s.sfName} indicates the APK is signed using ${input.supportedSchemes.get(id)} but no such signature was found. Signature stripped?`,
      );
    }
  }
}

/** Digest algorithm names as they appear in attribute names, mapped to the canonical JCA name. */
const CANONICAL_DIGEST: ReadonlyMap<string, string> = new Map([
  ['MD5', 'MD5'],
  ['SHA', 'SHA-1'],
  ['SHA1', 'SHA-1'],
  ['SHA-1', 'SHA-1'],
  ['SHA-256', 'SHA-256'],
  ['SHA-384', 'SHA-384'],
  ['SHA-512', 'SHA-512'],
]);
/** First API level whose manifest/.SF parser accepts each digest. */
const DIGEST_MIN_SDK: ReadonlyMap<string, number> = new Map([
  ['MD5', 0],
  ['SHA-1', 0],
  ['SHA-256', 0],
  ['SHA-384', SDK.GINGERBREAD],
  ['SHA-512', SDK.GINGERBREAD],
]);
const JB_MR2_DIGESTS = ['SHA-512', 'SHA-384', 'SHA-256', 'SHA-1'] as const;

/**
 * The digests the platforms in [minSdk, maxSdk] would check for a section: before Android 4.3 (API 18)
 * the first supported algorithm listed in "Digest-Algorithms" (default "SHA SHA1"); from 4.3 the strongest
 * of SHA-512, SHA-384, SHA-256, SHA-1 present. Both may apply to a range.
 */
function digestsToVerify(section: ManifestSection | undefined, suffix: string, minSdk: number, maxSdk: number): NamedDigest[] {
  const result: NamedDigest[] = [];
  if (minSdk < SDK.JELLY_BEAN_MR2) {
    const algs = attributeValue(section, 'Digest-Algorithms') ?? 'SHA SHA1';
    for (const alg of algs.split(/[ \t\n\r\f]+/)) {
      if (alg === '') continue;
      const b64 = attributeValue(section, `${alg}${suffix}`);
      if (b64 === undefined) continue;
      const canonical = CANONICAL_DIGEST.get(alg.toUpperCase());
      if (canonical === undefined || (DIGEST_MIN_SDK.get(canonical) ?? INF) > minSdk) continue;
      result.push({ algorithm: canonical, digest: Buffer.from(b64, 'base64') });
      break;
    }
    if (result.length === 0) return result;
  }
  if (maxSdk >= SDK.JELLY_BEAN_MR2) {
    for (const alg of JB_MR2_DIGESTS) {
      const b64 = attributeValue(section, `${alg === 'SHA-1' ? 'SHA1' : alg}${suffix}`);
      if (b64 === undefined) continue;
      const digest = Buffer.from(b64, 'base64');
      const already = result.find((d) => d.algorithm === alg);
      if (already === undefined || !already.digest.equals(digest)) result.push({ algorithm: alg, digest });
      break;
    }
  }
  return result;
}

const JCA_TO_NODE_HASH: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

function digestOf(jcaName: string, bytes: Uint8Array): Buffer {
  return createHash(JCA_TO_NODE_HASH.get(jcaName) ?? 'sha256').update(bytes).digest();
}

// ---- step 4: entries ------------------------------------------------------------------------------------

/** Entries the manifest must cover on Android: everything outside META-INF/ that is not a directory. */
function needsManifestDigest(name: string): boolean {
  return !name.startsWith('META-INF/') && !name.endsWith('/');
}

function verifyEntries(
  apk: ApkArchiveView,
  names: string[],
  sectionsByName: ReadonlyMap<string, ManifestSection>,
  signers: SignerState[],
  minSdk: number,
  maxSdk: number,
  errors: string[],
): SignerState[] {
  let firstSigners: SignerState[] | undefined;
  let firstName = '';
  for (const name of names) {
    if (!needsManifestDigest(name)) continue;
    const section = sectionsByName.get(name);
    if (section === undefined) {
      errors.push(`No JAR entry digest in ${MANIFEST_NAME} for ${name}: the entry is not signed`);
      continue;
    }
    const entrySigners = signers.filter((s) => s.sfEntryNames?.has(name));
    if (entrySigners.length === 0) {
      errors.push(`${name} is not covered by any JAR signature file`);
      continue;
    }
    if (firstSigners === undefined) {
      firstSigners = entrySigners;
      firstName = name;
    } else if (entrySigners.length !== firstSigners.length || entrySigners.some((s, i) => s !== firstSigners![i])) {
      errors.push(
        `Entries ${firstName} and ${name} are signed with different sets of signers: ` +
          `[${firstSigners.map((s) => s.shortName).join(', ')}] vs [${entrySigners.map((s) => s.shortName).join(', ')}]`,
      );
      continue;
    }
    const expected = digestsToVerify(section, '-Digest', minSdk, maxSdk);
    if (expected.length === 0) {
      errors.push(`No JAR entry digest in ${MANIFEST_NAME} for ${name}: the entry is not signed`);
      continue;
    }
    const data = readEntry(apk, name, errors);
    if (data === undefined) continue;
    for (const e of expected) {
      const actual = digestOf(e.algorithm, data);
      if (!actual.equals(e.digest)) {
        errors.push(
          `${e.algorithm} digest of ${name} does not match the digest specified in ${MANIFEST_NAME}. ` +
            `Expected: <${e.digest.toString('base64')}>, actual: <${actual.toString('base64')}>`,
        );
      }
    }
  }
  if (firstSigners === undefined) {
    errors.push('No JAR entries covered by JAR signatures');
    return [];
  }
  return firstSigners;
}
