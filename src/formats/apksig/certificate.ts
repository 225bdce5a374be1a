/**
 * @module formats/apksig/certificate
 * X.509 certificates (RFC 5280 4.1) as APK signers use them: the facts an auditor needs (who, which key,
 * which algorithm, validity, fingerprints, debug/test keys) plus what signature verification needs
 * (SubjectPublicKeyInfo, issuer + serial for PKCS #7 SignerInfo matching, keyUsage, critical extensions).
 *
 * Parsing is our own DER reader; `node:crypto` only imports the public key and checks signatures.
 * The DER is fingerprinted exactly as stored (apksigner does the same: it keeps the original encoding even
 * when the certificate is not strict DER).
 */
import { createHash } from 'node:crypto';
import {
  DerCursor,
  Oid,
  Tag,
  asn1Error,
  children,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeIntegerHex,
  decodeOctetString,
  decodeOid,
  decodeSmallInteger,
  decodeString,
  decodeTime,
  dnKeyword,
  elementBytes,
  integerBitLength,
  isStringType,
  isUniversal,
  oidName,
  readElement,
  readRootElement,
  type DerElement,
} from '../asn1/index.js';
import { SIGNATURE_OID_TO_HASH, importSpki, keyTypeOfSignatureOid, verifySignature } from './signature-algorithms.js';

export interface CertificateInfo {
  /** Subject DN as Java's `X500Principal.toString()` prints it (the form apksigner shows). */
  subject: string;
  issuer: string;
  /** Serial number, lower-case hex without redundant leading zeros. */
  serialNumber: string;
  /** ISO-8601 UTC. */
  notBefore: string;
  notAfter: string;
  /** e.g. "sha256WithRSAEncryption", "sha1WithRSAEncryption", "ecdsa-with-SHA256", "dsa-with-SHA1". */
  signatureAlgorithm: string;
  keyType: 'RSA' | 'EC' | 'DSA' | 'Ed25519' | string;
  /** RSA modulus bits, DSA p bits, EC field bits. 0 when unknown. */
  keySize: number;
  /** Named curve for EC keys ("P-256", "P-384", "P-521", …). */
  curve?: string;
  /** Hex SHA-256 / SHA-1 of the certificate DER exactly as stored. */
  sha256: string;
  sha1: string;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER (apksigner's "public key SHA-256 digest"). */
  publicKeySha256: string;
  /** Issuer equals subject and the certificate's own key verifies its signature. */
  selfSigned: boolean;
  /** Subject CN=Android Debug: the key the Android SDK generates in ~/.android/debug.keystore. */
  isAndroidDebug: boolean;
  /**
   * Subject is the AOSP test/platform key DN. The AOSP source tree publishes the private keys of these
   * certificates (build/target/product/security: testkey, platform, shared, media, networkstack), so
   * anything signed with them can be re-signed by anyone: an app signed with them has no signer identity.
   */
  isAospTestKey: boolean;
  der: Uint8Array;
}

/** Everything verification needs beyond the public facts. */
export interface ParsedCertificate {
  info: CertificateInfo;
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signature: Uint8Array;
  spki: Uint8Array;
  keyAlgorithmOid: string;
  serial: bigint;
  issuerName: X500Name;
  subjectName: X500Name;
  /** KeyUsage bits (RFC 5280 4.2.1.3) when the extension is present: index 0 = digitalSignature. */
  keyUsage?: boolean[];
  subjectKeyIdentifier?: Uint8Array;
  /** OIDs of critical extensions this reader does not understand. */
  unsupportedCriticalExtensions: string[];
}

export interface X500Attribute {
  type: string;
  /** Decoded text when the value is a string type. */
  text?: string;
  /** Full DER of the value. */
  valueDer: Uint8Array;
}

export interface X500Name {
  der: Uint8Array;
  rdns: X500Attribute[][];
}

/** DN of the AOSP test keys (see `isAospTestKey`). */
export const AOSP_TEST_KEY_SUBJECT =
  'EMAILADDRESS=android@android.com, CN=Android, OU=Android, O=Android, L=Mountain View, ST=California, C=US';

/** Extensions Java's certificate implementation understands, so a critical one does not reject the signer. */
const UNDERSTOOD_EXTENSIONS = new Set<string>([
  Oid.SUBJECT_KEY_IDENTIFIER,
  Oid.KEY_USAGE,
  Oid.SUBJECT_ALT_NAME,
  Oid.ISSUER_ALT_NAME,
  Oid.BASIC_CONSTRAINTS,
  Oid.NAME_CONSTRAINTS,
  Oid.CERTIFICATE_POLICIES,
  Oid.POLICY_MAPPINGS,
  Oid.AUTHORITY_KEY_IDENTIFIER,
  Oid.POLICY_CONSTRAINTS,
  Oid.EXT_KEY_USAGE,
  Oid.INHIBIT_ANY_POLICY,
]);

const CURVE_BITS: ReadonlyMap<string, number> = new Map([
  [Oid.P256, 256],
  [Oid.P384, 384],
  [Oid.P521, 521],
  [Oid.P224, 224],
  [Oid.SECP256K1, 256],
]);

/** Parses an X.509 certificate; throws `DFSLAB_E_ASN1_BAD_DER` when it is malformed. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  return parseCertificateDetails(der).info;
}

export function parseCertificateDetails(der: Uint8Array, label?: string): ParsedCertificate {
  const opts = label === undefined ? {} : { label };
  const root = readRootElement(der, opts);
  if (!isUniversal(root, Tag.SEQUENCE)) throw asn1Error('a certificate must be a SEQUENCE', root.start, label);
  const top = new DerCursor(root, opts);
  const tbsEl = top.expect(Tag.SEQUENCE, 'tbsCertificate');
  const sigAlgEl = top.expect(Tag.SEQUENCE, 'signatureAlgorithm');
  const sigValEl = top.expect(Tag.BIT_STRING, 'signatureValue');
  const signatureAlgorithmOid = decodeOid(new DerCursor(sigAlgEl, opts).expect(Tag.OBJECT_IDENTIFIER, 'algorithm'), label);
  const signature = decodeBitString(sigValEl, label).bytes;

  const tbs = new DerCursor(tbsEl, opts);
  const versionEl = tbs.optionalContext(0);
  if (versionEl !== undefined) {
    const v = decodeSmallInteger(new DerCursor(versionEl, opts).expect(Tag.INTEGER, 'version'), label);
    if (v < 0 || v > 2) throw asn1Error(`unknown certificate version ${v + 1}`, versionEl.start, label);
  }
  const serialEl = tbs.expect(Tag.INTEGER, 'serialNumber');
  tbs.expect(Tag.SEQUENCE, 'signature');
  const issuerEl = tbs.expect(Tag.SEQUENCE, 'issuer');
  const validity = new DerCursor(tbs.expect(Tag.SEQUENCE, 'validity'), opts);
  const notBefore = decodeTime(validity.next('notBefore'), label);
  const notAfter = decodeTime(validity.next('notAfter'), label);
  const subjectEl = tbs.expect(Tag.SEQUENCE, 'subject');
  const spkiEl = tbs.expect(Tag.SEQUENCE, 'subjectPublicKeyInfo');
  tbs.optionalContext(1); // issuerUniqueID
  tbs.optionalContext(2); // subjectUniqueID
  const extsEl = tbs.optionalContext(3);

  const issuerName = parseName(issuerEl, label);
  const subjectName = parseName(subjectEl, label);
  const key = describePublicKey(spkiEl, label);

  let keyUsage: boolean[] | undefined;
  let subjectKeyIdentifier: Uint8Array | undefined;
  const unsupportedCriticalExtensions: string[] = [];
  if (extsEl !== undefined) {
    const exts = new DerCursor(extsEl, opts).expect(Tag.SEQUENCE, 'extensions');
    for (const ext of children(exts, opts)) {
      const c = new DerCursor(ext, opts);
      const oid = decodeOid(c.expect(Tag.OBJECT_IDENTIFIER, 'extnID'), label);
      const criticalEl = c.optionalUniversal(Tag.BOOLEAN);
      const critical = criticalEl !== undefined && decodeBoolean(criticalEl, label);
      const value = decodeOctetString(c.expect(Tag.OCTET_STRING, 'extnValue'), label);
      if (oid === Oid.KEY_USAGE) {
        keyUsage = decodeKeyUsage(value, label);
      } else if (oid === Oid.SUBJECT_KEY_IDENTIFIER) {
        const inner = readElement(value, 0, value.length, opts);
        if (isUniversal(inner, Tag.OCTET_STRING)) subjectKeyIdentifier = decodeOctetString(inner, label);
      }
      if (critical && !UNDERSTOOD_EXTENSIONS.has(oid)) unsupportedCriticalExtensions.push(oid);
    }
  }

  const spki = elementBytes(spkiEl);
  const subject = formatDn(subjectName);
  const tbsBytes = elementBytes(tbsEl);
  const namesEqual = x500NamesEqual(issuerName, subjectName);
  const info: CertificateInfo = {
    subject,
    issuer: formatDn(issuerName),
    serialNumber: decodeIntegerHex(serialEl, label),
    notBefore,
    notAfter,
    signatureAlgorithm: oidName(signatureAlgorithmOid),
    keyType: key.keyType,
    keySize: key.keySize,
    ...(key.curve === undefined ? {} : { curve: key.curve }),
    sha256: createHash('sha256').update(der).digest('hex'),
    sha1: createHash('sha1').update(der).digest('hex'),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    selfSigned: namesEqual && checkOwnSignature(spki, signatureAlgorithmOid, tbsBytes, signature),
    isAndroidDebug: subjectName.rdns.some((rdn) => rdn.some((a) => a.type === '2.5.4.3' && a.text === 'Android Debug')),
    isAospTestKey: subject === AOSP_TEST_KEY_SUBJECT,
    der,
  };
  return {
    info,
    tbs: tbsBytes,
    signatureAlgorithmOid,
    signature,
    spki,
    keyAlgorithmOid: key.algorithmOid,
    serial: decodeInteger(serialEl, label),
    issuerName,
    subjectName,
    ...(keyUsage === undefined ? {} : { keyUsage }),
    ...(subjectKeyIdentifier === undefined ? {} : { subjectKeyIdentifier }),
    unsupportedCriticalExtensions,
  };
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue), RFC 5280 4.1.2.4. */
export function parseName(el: DerElement, label?: string): X500Name {
  const opts = label === undefined ? {} : { label };
  const rdns: X500Attribute[][] = [];
  for (const rdnEl of children(el, opts)) {
    if (!isUniversal(rdnEl, Tag.SET)) throw asn1Error('RelativeDistinguishedName must be a SET', rdnEl.start, label);
    const rdn: X500Attribute[] = [];
    for (const atv of children(rdnEl, opts)) {
      const c = new DerCursor(atv, opts);
      const type = decodeOid(c.expect(Tag.OBJECT_IDENTIFIER, 'attribute type'), label);
      const valueEl = c.next('attribute value');
      const attr: X500Attribute = { type, valueDer: elementBytes(valueEl) };
      if (isStringType(valueEl) && !valueEl.constructed) attr.text = decodeString(valueEl, label);
      rdn.push(attr);
    }
    rdns.push(rdn);
  }
  return { der: elementBytes(el), rdns };
}

/**
 * Java-style DN: RDNs from last to first joined by ", ", multi-valued RDNs joined by " + ", values quoted
 * when they hold RFC 1779 special characters, non-string values as #hex.
 */
export function formatDn(name: X500Name): string {
  const parts: string[] = [];
  for (let i = name.rdns.length - 1; i >= 0; i--) {
    parts.push(name.rdns[i]!.map((a) => `${dnKeyword(a.type)}=${formatDnValue(a)}`).join(' + '));
  }
  return parts.join(', ');
}

function formatDnValue(a: X500Attribute): string {
  if (a.text === undefined) return `#${Buffer.from(a.valueDer).toString('hex')}`;
  const v = a.text;
  const needsQuotes = v.length === 0 || /[,+=\n<>#;"\\]/.test(v) || /^\s|\s$/.test(v);
  return needsQuotes ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v;
}

/**
 * Name equality in the spirit of RFC 5280 7.1 / Java's X500Principal.equals: same RDN structure, same
 * attribute types, string values compared case-insensitively with whitespace collapsed (the encoding type —
 * PrintableString vs UTF8String — does not matter), other values compared byte for byte.
 */
export function x500NamesEqual(a: X500Name, b: X500Name): boolean {
  if (a.rdns.length !== b.rdns.length) return false;
  for (let i = 0; i < a.rdns.length; i++) {
    const ra = a.rdns[i]!.map(canonicalAttribute).sort();
    const rb = b.rdns[i]!.map(canonicalAttribute).sort();
    if (ra.length !== rb.length) return false;
    for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return false;
  }
  return true;
}

function canonicalAttribute(a: X500Attribute): string {
  if (a.text !== undefined) return `${a.type}=s:${a.text.normalize('NFKD').trim().replace(/\s+/g, ' ').toLowerCase()}`;
  return `${a.type}=#${Buffer.from(a.valueDer).toString('hex')}`;
}

interface PublicKeyFacts {
  algorithmOid: string;
  keyType: string;
  keySize: number;
  curve?: string;
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
function describePublicKey(spkiEl: DerElement, label?: string): PublicKeyFacts {
  const opts = label === undefined ? {} : { label };
  const c = new DerCursor(spkiEl, opts);
  const algEl = c.expect(Tag.SEQUENCE, 'SubjectPublicKeyInfo.algorithm');
  const keyBits = decodeBitString(c.expect(Tag.BIT_STRING, 'subjectPublicKey'), label).bytes;
  const alg = new DerCursor(algEl, opts);
  const algorithmOid = decodeOid(alg.expect(Tag.OBJECT_IDENTIFIER, 'algorithm'), label);
  const params = alg.hasMore ? alg.next('parameters') : undefined;
  switch (algorithmOid) {
    case Oid.RSA_ENCRYPTION:
    case Oid.RSASSA_PSS: {
      // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
      const rsa = readElement(keyBits, 0, keyBits.length, opts);
      const modulus = new DerCursor(rsa, opts).expect(Tag.INTEGER, 'modulus');
      return { algorithmOid, keyType: 'RSA', keySize: integerBitLength(modulus, label) };
    }
    case Oid.DSA: {
      // Dss-Parms ::= SEQUENCE { p, q, g } (RFC 3279 2.3.2); absent parameters are inherited from a CA.
      if (params === undefined || !isUniversal(params, Tag.SEQUENCE)) return { algorithmOid, keyType: 'DSA', keySize: 0 };
      const p = new DerCursor(params, opts).expect(Tag.INTEGER, 'p');
      return { algorithmOid, keyType: 'DSA', keySize: integerBitLength(p, label) };
    }
    case Oid.EC_PUBLIC_KEY: {
      if (params !== undefined && isUniversal(params, Tag.OBJECT_IDENTIFIER)) {
        const curveOid = decodeOid(params, label);
        const bits = CURVE_BITS.get(curveOid);
        // An unknown named curve: the uncompressed point (04 || X || Y) still tells the field size.
        const size = bits ?? (keyBits.length > 1 ? ((keyBits.length - 1) / 2) * 8 : 0);
        return { algorithmOid, keyType: 'EC', keySize: size, curve: oidName(curveOid) };
      }
      return { algorithmOid, keyType: 'EC', keySize: keyBits.length > 1 ? Math.floor((keyBits.length - 1) / 2) * 8 : 0 };
    }
    case Oid.ED25519:
      return { algorithmOid, keyType: 'Ed25519', keySize: 256 };
    case Oid.ED448:
      return { algorithmOid, keyType: 'Ed448', keySize: 456 };
    default:
      return { algorithmOid, keyType: oidName(algorithmOid), keySize: 0 };
  }
}

/** KeyUsage ::= BIT STRING; bit 0 (the most significant bit of the first octet) is digitalSignature. */
function decodeKeyUsage(extnValue: Uint8Array, label?: string): boolean[] {
  const el = readElement(extnValue, 0, extnValue.length, label === undefined ? {} : { label });
  if (!isUniversal(el, Tag.BIT_STRING)) throw asn1Error('keyUsage must be a BIT STRING', el.start, label);
  const { unusedBits, bytes } = decodeBitString(el, label);
  const bits: boolean[] = [];
  const total = bytes.length * 8 - unusedBits;
  for (let i = 0; i < total; i++) bits.push((bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0);
  return bits;
}

function checkOwnSignature(spki: Uint8Array, sigOid: string, tbs: Uint8Array, signature: Uint8Array): boolean {
  const hash = SIGNATURE_OID_TO_HASH.get(sigOid);
  const keyType = keyTypeOfSignatureOid(sigOid);
  if (hash === undefined || keyType === undefined) return false;
  const key = importSpki(spki);
  if (!key.ok) return false;
  return verifySignature({ hash, key: key.key, data: tbs, signature, keyType }).ok;
}
