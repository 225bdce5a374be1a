/**
 * @module formats/apksig/types
 * Public result types of APK signature verification and the archive view it needs.
 */
import type { CertificateInfo } from './certificate.js';

/**
 * What signature verification needs from a ZIP reader. `ZipArchive` (formats/zip) satisfies it; the
 * signature code does not depend on it.
 */
export interface ApkArchiveView {
  /** The whole APK. */
  readonly bytes: Uint8Array;
  readonly eocdOffset: number;
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  /** Entry names in central-directory order, duplicates included. */
  entryNames(): string[];
  /** Uncompressed bytes of an entry (the first one for a duplicated name). May throw a DfslabError. */
  read(name: string): Uint8Array;
}

export interface LineageEntry {
  certificate: CertificateInfo;
  /** Capability flags the newer signer grants this one (installed data, shared UID, permission, rollback, auth). */
  flags: number;
}

export interface SignerReport {
  /** Signer certificate first, then the rest of its chain / bag. */
  certificates: CertificateInfo[];
  /** v1: the SignerInfo digest algorithm; v2/v3: the content digests (CHUNKED_SHA256…). */
  digestAlgorithms: string[];
  /** v1: the SignerInfo signature algorithm; v2/v3: the signature algorithms in the signer block. */
  signatureAlgorithms: string[];
  /** v3/v3.1: the SDK range this signer targets. */
  minSdk?: number;
  maxSdk?: number;
  /** v1: signature block entry name (e.g. "META-INF/CERT.RSA"). */
  name?: string;
  /** v3/v3.1: proof-of-rotation lineage, oldest certificate first. */
  lineage?: LineageEntry[];
}

export interface SchemeResult {
  /** The scheme's signature data is in the APK. */
  present: boolean;
  /** The scheme verified with no error over the SDK range it covers (false when not checked in full). */
  verified: boolean;
  /**
   * How much was checked: 'full'; 'partial' for a JAR signature whose entry digests were skipped because
   * the verdict does not consult it (see `checkUnconsultedJarEntries`); 'none' when the scheme is absent.
   */
  checked: 'full' | 'partial' | 'none';
  /**
   * Whether apksigner's verdict for the requested SDK range depends on this scheme (e.g. v1 is not
   * consulted when minSdk ≥ 24 and a v2/v3 signature is present). A broken scheme that is not consulted
   * does not make the APK fail, but its errors are still reported.
   */
  consulted: boolean;
  errors: string[];
  warnings: string[];
  signers: SignerReport[];
}

export interface SigningBlockReport {
  present: boolean;
  offset?: number;
  size?: number;
  /** IDs of the ID-value pairs, in order. */
  blockIds: number[];
  /** Readable names of `blockIds` ("APK Signature Scheme v2", "verity padding", …; hex when unknown). */
  blockNames: string[];
  /** Why a block that looks present could not be used (size mismatch, malformed pair…). */
  problem?: string;
}

export interface ApkSignatureReport {
  /** JAR signing. `signedWithApkSignedHeader`: the X-Android-APK-Signed scheme IDs found in .SF files. */
  v1: SchemeResult & { signedWithApkSignedHeader?: number[] };
  v2: SchemeResult;
  v3: SchemeResult;
  v31: SchemeResult;
  signingBlock: SigningBlockReport;
  /** Source stamp (Play) block or stamp-cert-sha256 entry seen; not verified (apksigner only warns on it). */
  sourceStampPresent: boolean;
  /** apksigner's overall verdict for the SDK range. */
  verified: boolean;
  /** The errors that decided the verdict (scheme errors are prefixed with the scheme). */
  errors: string[];
  warnings: string[];
  /** The signer certificates apksigner would print ("Signer #n certificate"). */
  signerCertificates: CertificateInfo[];
  /** The SDK range the verdict applies to. */
  minSdk: number;
  maxSdk: number;
}

export interface VerifyApkOptions {
  /** Lowest Android API level to verify for (default 1: the APK's minSdkVersion should be passed). */
  minSdk?: number;
  /** Highest API level (default: no limit, like apksigner). */
  maxSdk?: number;
  /** android:targetSdkVersion; from 30 (Android 11) the platform requires v2 or newer. */
  targetSdk?: number;
  /** android:targetSandboxVersion; above 1 the platform requires v2 or newer (Android 8+). */
  targetSandboxVersion?: number;
  /**
   * Also check the per-entry digests of a JAR signature the verdict does not consult (default false).
   * That means inflating every entry (≈ 0.4 s for an 18 MB APK), for a signature no device in the SDK range
   * checks; without it the unconsulted v1 signature is still parsed and its PKCS #7 signature over the .SF
   * verified, and it is reported with `checked: 'partial'`. v2/v3/v3.1 are always verified in full: their
   * content digests are computed once and shared.
   */
  checkUnconsultedJarEntries?: boolean;
}
