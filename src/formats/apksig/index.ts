/**
 * @module formats/apksig
 * APK signature verification — JAR signing (v1), APK Signature Scheme v2, v3, v3.1 and the v4 .idsig
 * file — with apksigner's verdict semantics, plus X.509 certificate facts and PKCS #7 parsing.
 * Cryptography is `node:crypto`; every parser is bounds-checked and turns malformed input into errors
 * in the report (or a typed DfslabError for the standalone parsers), never a crash.
 */
export { verifyApkSignatures, LATEST_SDK } from './verify.js';
export { lineageFlagNames, LineageFlag } from './lineage.js';
export type {
  ApkArchiveView,
  ApkSignatureReport,
  LineageEntry,
  SchemeResult,
  SignerReport,
  SigningBlockReport,
  VerifyApkOptions,
} from './types.js';
export {
  AOSP_TEST_KEY_SUBJECT,
  formatDn,
  parseCertificate,
  parseCertificateDetails,
  x500NamesEqual,
  type CertificateInfo,
  type ParsedCertificate,
  type X500Name,
} from './certificate.js';
export { parsePkcs7SignedData, type Pkcs7Attribute, type Pkcs7SignedData, type Pkcs7SignerInfo } from './pkcs7.js';
export { parseJarManifest, attributeValue, type JarManifest, type ManifestSection, type ManifestAttribute } from './manifest.js';
export { BlockId, blockIdName, findApkSigningBlock, type ApkSigningBlock, type SigningBlockLookup } from './signing-block.js';
export { BLOCK_SIGNATURE_ALGORITHMS, blockSignatureAlgorithm, type BlockSignatureAlgorithm } from './signature-algorithms.js';
export { parseIdsig, verifyIdsigSignature, type IdsigFile, type IdsigSigningInfo, type IdsigVerification } from './idsig.js';
