/**
 * @module formats/asn1/oids
 * Names for the object identifiers dfslab meets in APK signatures and certificates. Names follow the
 * registering document (RFC 3279/4055/5480/5758/8410, PKCS #1/#7/#9, X.520) in the spelling most tools
 * print, so reports read like `openssl x509 -text`. Unknown OIDs stay dotted.
 */

export const Oid = {
  // Digests (RFC 3279 2.2, NIST CSOR)
  MD5: '1.2.840.113549.2.5',
  SHA1: '1.3.14.3.2.26',
  SHA224: '2.16.840.1.101.3.4.2.4',
  SHA256: '2.16.840.1.101.3.4.2.1',
  SHA384: '2.16.840.1.101.3.4.2.2',
  SHA512: '2.16.840.1.101.3.4.2.3',
  // RSA (PKCS #1, RFC 8017 A.2)
  RSA_ENCRYPTION: '1.2.840.113549.1.1.1',
  MD5_WITH_RSA: '1.2.840.113549.1.1.4',
  SHA1_WITH_RSA: '1.2.840.113549.1.1.5',
  RSASSA_PSS: '1.2.840.113549.1.1.10',
  SHA256_WITH_RSA: '1.2.840.113549.1.1.11',
  SHA384_WITH_RSA: '1.2.840.113549.1.1.12',
  SHA512_WITH_RSA: '1.2.840.113549.1.1.13',
  SHA224_WITH_RSA: '1.2.840.113549.1.1.14',
  // DSA (RFC 3279 2.3.2, RFC 5758 3.1)
  DSA: '1.2.840.10040.4.1',
  DSA_WITH_SHA1: '1.2.840.10040.4.3',
  DSA_WITH_SHA224: '2.16.840.1.101.3.4.3.1',
  DSA_WITH_SHA256: '2.16.840.1.101.3.4.3.2',
  DSA_WITH_SHA384: '2.16.840.1.101.3.4.3.3',
  DSA_WITH_SHA512: '2.16.840.1.101.3.4.3.4',
  // EC (RFC 5480, RFC 5758 3.2)
  EC_PUBLIC_KEY: '1.2.840.10045.2.1',
  ECDSA_WITH_SHA1: '1.2.840.10045.4.1',
  ECDSA_WITH_SHA224: '1.2.840.10045.4.3.1',
  ECDSA_WITH_SHA256: '1.2.840.10045.4.3.2',
  ECDSA_WITH_SHA384: '1.2.840.10045.4.3.3',
  ECDSA_WITH_SHA512: '1.2.840.10045.4.3.4',
  // EdDSA (RFC 8410)
  ED25519: '1.3.101.112',
  ED448: '1.3.101.113',
  // Named curves (RFC 5480 2.1.1.1, SEC 2)
  P256: '1.2.840.10045.3.1.7',
  P384: '1.3.132.0.34',
  P521: '1.3.132.0.35',
  P224: '1.3.132.0.33',
  SECP256K1: '1.3.132.0.10',
  // PKCS #7 content types (RFC 2315 14) and PKCS #9 attributes (RFC 2985)
  PKCS7_DATA: '1.2.840.113549.1.7.1',
  PKCS7_SIGNED_DATA: '1.2.840.113549.1.7.2',
  CONTENT_TYPE: '1.2.840.113549.1.9.3',
  MESSAGE_DIGEST: '1.2.840.113549.1.9.4',
  SIGNING_TIME: '1.2.840.113549.1.9.5',
  EMAIL_ADDRESS: '1.2.840.113549.1.9.1',
  // X.509 extensions (RFC 5280 4.2)
  SUBJECT_KEY_IDENTIFIER: '2.5.29.14',
  KEY_USAGE: '2.5.29.15',
  SUBJECT_ALT_NAME: '2.5.29.17',
  ISSUER_ALT_NAME: '2.5.29.18',
  BASIC_CONSTRAINTS: '2.5.29.19',
  NAME_CONSTRAINTS: '2.5.29.30',
  CERTIFICATE_POLICIES: '2.5.29.32',
  POLICY_MAPPINGS: '2.5.29.33',
  AUTHORITY_KEY_IDENTIFIER: '2.5.29.35',
  POLICY_CONSTRAINTS: '2.5.29.36',
  EXT_KEY_USAGE: '2.5.29.37',
  INHIBIT_ANY_POLICY: '2.5.29.54',
} as const;

const NAMES: ReadonlyMap<string, string> = new Map<string, string>([
  [Oid.MD5, 'md5'],
  [Oid.SHA1, 'sha1'],
  [Oid.SHA224, 'sha224'],
  [Oid.SHA256, 'sha256'],
  [Oid.SHA384, 'sha384'],
  [Oid.SHA512, 'sha512'],
  [Oid.RSA_ENCRYPTION, 'rsaEncryption'],
  [Oid.MD5_WITH_RSA, 'md5WithRSAEncryption'],
  [Oid.SHA1_WITH_RSA, 'sha1WithRSAEncryption'],
  [Oid.RSASSA_PSS, 'rsassaPss'],
  [Oid.SHA224_WITH_RSA, 'sha224WithRSAEncryption'],
  [Oid.SHA256_WITH_RSA, 'sha256WithRSAEncryption'],
  [Oid.SHA384_WITH_RSA, 'sha384WithRSAEncryption'],
  [Oid.SHA512_WITH_RSA, 'sha512WithRSAEncryption'],
  [Oid.DSA, 'dsa'],
  [Oid.DSA_WITH_SHA1, 'dsa-with-SHA1'],
  [Oid.DSA_WITH_SHA224, 'dsa-with-SHA224'],
  [Oid.DSA_WITH_SHA256, 'dsa-with-SHA256'],
  [Oid.DSA_WITH_SHA384, 'dsa-with-SHA384'],
  [Oid.DSA_WITH_SHA512, 'dsa-with-SHA512'],
  [Oid.EC_PUBLIC_KEY, 'ecPublicKey'],
  [Oid.ECDSA_WITH_SHA1, 'ecdsa-with-SHA1'],
  [Oid.ECDSA_WITH_SHA224, 'ecdsa-with-SHA224'],
  [Oid.ECDSA_WITH_SHA256, 'ecdsa-with-SHA256'],
  [Oid.ECDSA_WITH_SHA384, 'ecdsa-with-SHA384'],
  [Oid.ECDSA_WITH_SHA512, 'ecdsa-with-SHA512'],
  [Oid.ED25519, 'Ed25519'],
  [Oid.ED448, 'Ed448'],
  [Oid.P256, 'P-256'],
  [Oid.P384, 'P-384'],
  [Oid.P521, 'P-521'],
  [Oid.P224, 'P-224'],
  [Oid.SECP256K1, 'secp256k1'],
  [Oid.PKCS7_DATA, 'data'],
  [Oid.PKCS7_SIGNED_DATA, 'signedData'],
  [Oid.CONTENT_TYPE, 'contentType'],
  [Oid.MESSAGE_DIGEST, 'messageDigest'],
  [Oid.SIGNING_TIME, 'signingTime'],
  [Oid.EMAIL_ADDRESS, 'emailAddress'],
  [Oid.SUBJECT_KEY_IDENTIFIER, 'subjectKeyIdentifier'],
  [Oid.KEY_USAGE, 'keyUsage'],
  [Oid.SUBJECT_ALT_NAME, 'subjectAltName'],
  [Oid.ISSUER_ALT_NAME, 'issuerAltName'],
  [Oid.BASIC_CONSTRAINTS, 'basicConstraints'],
  [Oid.NAME_CONSTRAINTS, 'nameConstraints'],
  [Oid.CERTIFICATE_POLICIES, 'certificatePolicies'],
  [Oid.POLICY_MAPPINGS, 'policyMappings'],
  [Oid.AUTHORITY_KEY_IDENTIFIER, 'authorityKeyIdentifier'],
  [Oid.POLICY_CONSTRAINTS, 'policyConstraints'],
  [Oid.EXT_KEY_USAGE, 'extKeyUsage'],
  [Oid.INHIBIT_ANY_POLICY, 'inhibitAnyPolicy'],
]);

/** The conventional name of an OID, or the dotted form when dfslab does not know it. */
export function oidName(oid: string): string {
  return NAMES.get(oid) ?? oid;
}

/** True when dfslab has a name for this OID. */
export function isKnownOid(oid: string): boolean {
  return NAMES.has(oid);
}

/**
 * Keywords for X.500 attribute types (X.520, RFC 4519, PKCS #9) in the form Java's
 * `X500Principal.toString()` prints them, which is what apksigner shows as "certificate DN".
 */
const DN_KEYWORDS: ReadonlyMap<string, string> = new Map<string, string>([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SURNAME'],
  ['2.5.4.5', 'SERIALNUMBER'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'T'],
  ['2.5.4.42', 'GIVENNAME'],
  ['2.5.4.43', 'INITIALS'],
  ['2.5.4.44', 'GENERATION'],
  ['2.5.4.46', 'DNQUALIFIER'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  [Oid.EMAIL_ADDRESS, 'EMAILADDRESS'],
]);

/** DN keyword for an attribute type, or `OID.<dotted>` as Java prints unknown types. */
export function dnKeyword(oid: string): string {
  return DN_KEYWORDS.get(oid) ?? `OID.${oid}`;
}
