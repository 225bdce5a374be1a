/**
 * @module formats/asn1
 * Bounds-checked ASN.1 DER reading (X.690) and the OID names dfslab needs. Malformed input raises
 * `FormatError` with code `DFSLAB_E_ASN1_BAD_DER`.
 */
export {
  Tag,
  TagClass,
  DerCursor,
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
  describeTag,
  elementBytes,
  encodeOid,
  integerBitLength,
  isContext,
  isStringType,
  isUniversal,
  readElement,
  readRootElement,
  valueBytes,
} from './der.js';
export type { DerElement, DerReadOptions } from './der.js';
export { Oid, dnKeyword, isKnownOid, oidName } from './oids.js';
