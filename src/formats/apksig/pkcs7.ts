/**
 * @module formats/apksig/pkcs7
 * PKCS #7 / CMS SignedData (RFC 2315 9.1, RFC 5652 5) as found in JAR signature block files
 * (META-INF/*.RSA|DSA|EC). Only the structure is parsed here; v1.ts decides what verifies.
 *
 * BER indefinite lengths are accepted (bounded), because the Android platform and apksigner parse these
 * blocks with a BER parser and some signing tools emit streamed BER.
 */
import {
  DerCursor,
  Oid,
  Tag,
  asn1Error,
  children,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInteger,
  elementBytes,
  isContext,
  isUniversal,
  readRootElement,
  type DerElement,
  type DerReadOptions,
} from '../asn1/index.js';
import { parseName, type X500Name } from './certificate.js';

export interface Pkcs7Attribute {
  type: string;
  /** DER of each value of the attribute's SET OF values. */
  values: Uint8Array[];
  /** The value elements themselves (offsets into the signature block). */
  valueElements: DerElement[];
}

export interface Pkcs7SignerInfo {
  version: number;
  /** SignerIdentifier: issuerAndSerialNumber … */
  issuer?: X500Name;
  serialNumber?: bigint;
  /** … or [0] subjectKeyIdentifier. */
  subjectKeyIdentifier?: Uint8Array;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /**
   * Signed attributes exactly as encoded (the [0] IMPLICIT SET OF element, header included). The signature
   * covers this encoding with its first octet changed to a universal SET (0x31), RFC 5652 5.4.
   */
  signedAttrsEncoding?: Uint8Array;
  signedAttrs?: Pkcs7Attribute[];
  signature: Uint8Array;
}

export interface Pkcs7SignedData {
  version: number;
  digestAlgorithms: string[];
  /** encapContentInfo.eContentType ("1.2.840.113549.1.7.1" for detached JAR signatures). */
  contentType: string;
  /** Present when the content is embedded (never for JAR signatures). */
  content?: Uint8Array;
  /** DER of each certificate in the certificates bag, in order. */
  certificates: Uint8Array[];
  signerInfos: Pkcs7SignerInfo[];
}

/** Parses a ContentInfo wrapping SignedData. Throws `DFSLAB_E_ASN1_BAD_DER` when malformed. */
export function parsePkcs7SignedData(der: Uint8Array, label?: string): Pkcs7SignedData {
  const opts: DerReadOptions = { allowIndefinite: true, ...(label === undefined ? {} : { label }) };
  // Some signers pad the block; the platform ignores bytes after the ContentInfo.
  const root = readRootElement(der, { ...opts, allowTrailing: true });
  if (!isUniversal(root, Tag.SEQUENCE)) throw asn1Error('ContentInfo must be a SEQUENCE', root.start, label);
  const ci = new DerCursor(root, opts);
  const contentType = decodeOid(ci.expect(Tag.OBJECT_IDENTIFIER, 'ContentInfo.contentType'), label);
  if (contentType !== Oid.PKCS7_SIGNED_DATA) {
    throw asn1Error(`ContentInfo.contentType is ${contentType}, not signedData`, root.start, label);
  }
  const explicit = ci.optionalContext(0);
  if (explicit === undefined) throw asn1Error('ContentInfo has no [0] content', root.start, label);
  const sdEl = new DerCursor(explicit, opts).expect(Tag.SEQUENCE, 'SignedData');
  const sd = new DerCursor(sdEl, opts);
  const version = decodeSmallInteger(sd.expect(Tag.INTEGER, 'SignedData.version'), label);
  const digestAlgorithms = children(sd.expect(Tag.SET, 'digestAlgorithms'), opts).map((a) => algorithmOid(a, opts));

  const encap = new DerCursor(sd.expect(Tag.SEQUENCE, 'encapContentInfo'), opts);
  const eContentType = decodeOid(encap.expect(Tag.OBJECT_IDENTIFIER, 'eContentType'), label);
  let content: Uint8Array | undefined;
  const eContent = encap.optionalContext(0);
  if (eContent !== undefined) {
    const inner = new DerCursor(eContent, opts).next('eContent');
    if (isUniversal(inner, Tag.OCTET_STRING) && !inner.constructed) content = decodeOctetString(inner, label);
  }

  const certificates: Uint8Array[] = [];
  const certsEl = sd.optionalContext(0);
  if (certsEl !== undefined) {
    for (const c of children(certsEl, opts)) {
      // CertificateChoices: only plain certificates (a SEQUENCE) are used by APK signers.
      if (isUniversal(c, Tag.SEQUENCE)) certificates.push(elementBytes(c));
    }
  }
  sd.optionalContext(1); // crls
  const signerInfos = children(sd.expect(Tag.SET, 'signerInfos'), opts).map((s) => parseSignerInfo(s, opts));
  return {
    version,
    digestAlgorithms,
    contentType: eContentType,
    ...(content === undefined ? {} : { content }),
    certificates,
    signerInfos,
  };
}

function algorithmOid(el: DerElement, opts: DerReadOptions): string {
  if (!isUniversal(el, Tag.SEQUENCE)) throw asn1Error('AlgorithmIdentifier must be a SEQUENCE', el.start, opts.label);
  return decodeOid(new DerCursor(el, opts).expect(Tag.OBJECT_IDENTIFIER, 'AlgorithmIdentifier.algorithm'), opts.label);
}

/**
 * SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 *   signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
 */
function parseSignerInfo(el: DerElement, opts: DerReadOptions): Pkcs7SignerInfo {
  if (!isUniversal(el, Tag.SEQUENCE)) throw asn1Error('SignerInfo must be a SEQUENCE', el.start, opts.label);
  const c = new DerCursor(el, opts);
  const version = decodeSmallInteger(c.expect(Tag.INTEGER, 'SignerInfo.version'), opts.label);
  const sid = c.next('SignerInfo.sid');
  const out: Partial<Pkcs7SignerInfo> = { version };
  if (isUniversal(sid, Tag.SEQUENCE)) {
    const ias = new DerCursor(sid, opts);
    out.issuer = parseName(ias.expect(Tag.SEQUENCE, 'issuer'), opts.label);
    out.serialNumber = decodeInteger(ias.expect(Tag.INTEGER, 'serialNumber'), opts.label);
  } else if (isContext(sid, 0) && !sid.constructed) {
    out.subjectKeyIdentifier = sid.bytes.subarray(sid.valueStart, sid.valueEnd);
  } else {
    throw asn1Error('SignerInfo.sid is neither issuerAndSerialNumber nor subjectKeyIdentifier', sid.start, opts.label);
  }
  out.digestAlgorithm = algorithmOid(c.next('SignerInfo.digestAlgorithm'), opts);
  const signedAttrs = c.optionalContext(0);
  if (signedAttrs !== undefined) {
    out.signedAttrsEncoding = elementBytes(signedAttrs);
    out.signedAttrs = children(signedAttrs, opts).map((a) => parseAttribute(a, opts));
  }
  out.signatureAlgorithm = algorithmOid(c.next('SignerInfo.signatureAlgorithm'), opts);
  const sig = c.expect(Tag.OCTET_STRING, 'SignerInfo.signature');
  out.signature = decodeOctetString(sig, opts.label);
  return out as Pkcs7SignerInfo;
}

function parseAttribute(el: DerElement, opts: DerReadOptions): Pkcs7Attribute {
  if (!isUniversal(el, Tag.SEQUENCE)) throw asn1Error('Attribute must be a SEQUENCE', el.start, opts.label);
  const c = new DerCursor(el, opts);
  const type = decodeOid(c.expect(Tag.OBJECT_IDENTIFIER, 'Attribute.attrType'), opts.label);
  const valueElements = children(c.expect(Tag.SET, 'Attribute.attrValues'), opts);
  return { type, values: valueElements.map(elementBytes), valueElements };
}
