/**
 * @module formats/apksig/verify
 * The overall verdict, with the semantics of `apksigner verify` (AOSP apksig ApkVerifier.verify) for an SDK
 * range [minSdk, maxSdk] (default: minSdk 1 — pass the manifest's minSdkVersion — to "latest"):
 *
 * - v3.1 is consulted when maxSdk ≥ 33, v3 when maxSdk ≥ 28 (a v3.1 block without a v3 block fails);
 * - v2 is consulted when maxSdk ≥ 24 and (minSdk < 28 or no v3/v3.1 block was found);
 * - v1 is consulted when minSdk < 24 or no v2/v3/v3.1 block was found — so an APK with valid v2/v3 and a
 *   broken v1 still verifies for minSdk ≥ 24, and a v2-only APK does NOT verify for minSdk < 24 (older
 *   platforms only know JAR signing), exactly as apksigner reports;
 * - any error in a consulted scheme fails the APK; stripping protection (X-Android-APK-Signed in .SF, the
 *   v2 stripping attribute, the v3 rotation-min-sdk attribute) turns a removed newer block into an error;
 * - targetSandboxVersion > 1 (maxSdk ≥ 26) and targetSdkVersion ≥ 30 (when maxSdk ≥ it) require v2+;
 * - when v1 and v2 both verify their signers must match; when v3 and v1/v2 verify, the older signer must be
 *   v3's certificate or the root of its proof-of-rotation lineage.
 *
 * Schemes that the verdict does not consult are still verified and reported (`consulted: false`), because
 * an auditor wants to know about a broken v1 block even where no device would check it.
 * Never throws on hostile input; only a nonsensical SDK range is a usage error.
 */
import { ErrorCodes, UsageError } from '../../errors.js';
import type { CertificateInfo } from './certificate.js';
import { computeContentDigests, digestedSections, type ContentDigestResult, type DigestedSections } from './content-digest.js';
import {
  MIN_SDK_WITH_V31,
  SCHEME_NAMES,
  checkContentDigests,
  checkV3SignerRanges,
  schemeHasErrors,
  verifySchemeBlock,
  type SchemeBlockOutcome,
  type SchemeContext,
  type SchemeKind,
} from './scheme-block.js';
import { BlockId, blockIdName, findApkSigningBlock, findPair, type ApkSigningBlock } from './signing-block.js';
import { blockSignatureAlgorithm, hexId, type ContentDigestAlgorithm } from './signature-algorithms.js';
import { verifyV1, type V1Outcome } from './v1.js';
import type { ApkArchiveView, ApkSignatureReport, SchemeResult, SignerReport, VerifyApkOptions } from './types.js';

/** Android API levels the rules refer to. */
const SDK = { N: 24, O: 26, P: 28, R: 30, T: MIN_SDK_WITH_V31 } as const;
/** apksigner's "no upper bound". */
export const LATEST_SDK = 0x7fffffff;

const SCHEME_ID = { v2: 2, v3: 3, v31: 31 } as const;

const SOURCE_STAMP_ENTRY = 'stamp-cert-sha256';

export function verifyApkSignatures(apk: ApkArchiveView, opts: VerifyApkOptions = {}): ApkSignatureReport {
  const minSdk = opts.minSdk ?? 1;
  const maxSdk = opts.maxSdk ?? LATEST_SDK;
  if (!Number.isInteger(minSdk) || !Number.isInteger(maxSdk) || minSdk < 0 || minSdk > maxSdk) {
    throw new UsageError(ErrorCodes.USAGE, `invalid SDK range ${minSdk}..${maxSdk}: minSdk must be ≥ 0 and ≤ maxSdk`);
  }

  const lookup = findApkSigningBlock(apk);
  const block: ApkSigningBlock | undefined = lookup.found ? lookup.block : undefined;
  const value = (id: number): Uint8Array | undefined => (block === undefined ? undefined : findPair(apk, block, id));
  const values = { v2: value(BlockId.V2), v3: value(BlockId.V3), v31: value(BlockId.V31) };

  // Which schemes the verdict consults, and apksigner's "found scheme IDs" as seen by each step.
  const consulted31 = maxSdk >= SDK.T && values.v31 !== undefined;
  const consulted3 = maxSdk >= SDK.P && values.v3 !== undefined;
  const foundBeforeV2 = new Set<number>();
  if (consulted31) foundBeforeV2.add(SCHEME_ID.v31);
  if (consulted3) foundBeforeV2.add(SCHEME_ID.v3);
  const consulted2 = maxSdk >= SDK.N && values.v2 !== undefined && (minSdk < SDK.P || foundBeforeV2.size === 0);
  const foundBeforeV1 = new Set(foundBeforeV2);
  if (consulted2) foundBeforeV1.add(SCHEME_ID.v2);
  const consulted1 = minSdk < SDK.N || foundBeforeV1.size === 0;
  const presentIds = new Set<number>();
  if (values.v2) presentIds.add(SCHEME_ID.v2);
  if (values.v3) presentIds.add(SCHEME_ID.v3);
  if (values.v31) presentIds.add(SCHEME_ID.v31);

  const sections: DigestedSections | undefined =
    block === undefined ? undefined : digestedSections(apk.bytes, block.offset, apk.centralDirectoryOffset, apk.eocdOffset);
  const digestCache = new Map<ContentDigestAlgorithm, ContentDigestResult>();
  const digestsFor = (algs: Set<ContentDigestAlgorithm>): Map<ContentDigestAlgorithm, ContentDigestResult> => {
    const missing = [...algs].filter((a) => !digestCache.has(a));
    if (sections !== undefined && block !== undefined && missing.length > 0) {
      for (const [k, v] of computeContentDigests(sections, missing, block.size)) digestCache.set(k, v);
    }
    return digestCache;
  };
  const runScheme = (kind: SchemeKind, bytes: Uint8Array, ctx: SchemeContext, rangeMin: number): SchemeBlockOutcome => {
    const out = verifySchemeBlock(kind, bytes, ctx);
    // As apksig: integrity and (v3) SDK coverage are only judged once every signer parsed and verified.
    if (schemeHasErrors(out)) return out;
    if (sections === undefined) out.errors.push('the end-of-central-directory record is too short to compute content digests');
    else checkContentDigests(out, digestsFor(out.digestsToVerify));
    if (kind !== 'v2') checkV3SignerRanges(out, rangeMin, ctx.maxSdk, kind === 'v3' ? ctx.rotationMinSdk : undefined);
    return out;
  };
  const supported = supportedSchemeNames(maxSdk);

  // v3.1 (Android 13+): signers that take over from the v3 signer at some SDK level (key rotation).
  let v31: SchemeBlockOutcome | undefined;
  if (values.v31 !== undefined) {
    const hi = consulted31 ? maxSdk : Math.max(maxSdk, SDK.T);
    // v3.1 may target any range from Android 13 on; v3.0 must cover the rest (apksig V3SchemeVerifier.Builder).
    v31 = runScheme('v31', values.v31, { minSdk: hi, maxSdk: hi, supportedSchemes: supported, foundSchemes: presentIds }, hi);
  }
  let rotationMinSdk: number | undefined;
  if (v31 !== undefined && v31.signers.length > 0) {
    const m = Math.min(...v31.signers.map((s) => s.minSdk ?? 0));
    if (m > 0) rotationMinSdk = m;
  }

  let v3: SchemeBlockOutcome | undefined;
  if (values.v3 !== undefined) {
    const hi = consulted3 ? maxSdk : Math.max(maxSdk, SDK.P);
    const lo = Math.min(Math.max(minSdk, SDK.P), hi);
    const ctx: SchemeContext = { minSdk: lo, maxSdk: hi, supportedSchemes: supported, foundSchemes: presentIds };
    if (rotationMinSdk !== undefined && consulted31) ctx.rotationMinSdk = rotationMinSdk;
    v3 = runScheme('v3', values.v3, ctx, lo);
  }

  let v2: SchemeBlockOutcome | undefined;
  if (values.v2 !== undefined) {
    const hi = consulted2 ? maxSdk : Math.max(maxSdk, SDK.N);
    const lo = Math.min(Math.max(minSdk, SDK.N), hi);
    v2 = runScheme(
      'v2',
      values.v2,
      {
        minSdk: lo,
        maxSdk: hi,
        supportedSchemes: consulted2 ? supported : supportedSchemeNames(hi),
        foundSchemes: consulted2 ? foundBeforeV2 : presentIds,
      },
      lo,
    );
  }

  const v1Outcome = verifyV1({
    apk,
    minSdk,
    maxSdk,
    supportedSchemes: supported,
    foundSchemes: consulted1 ? foundBeforeV1 : presentIds,
    checkEntryDigests: consulted1 || (opts.checkUnconsultedJarEntries ?? false),
  });

  // ---- verdict ------------------------------------------------------------------------------------------
  const errors: string[] = [];
  const warnings: string[] = [];
  const v31Result = schemeResult(v31, values.v31 !== undefined, consulted31);
  const v3Result = schemeResult(v3, values.v3 !== undefined, consulted3);
  const v2Result = schemeResult(v2, values.v2 !== undefined, consulted2);
  const v1Result = v1SchemeResult(v1Outcome, consulted1);

  if (consulted31) errors.push(...v31Result.errors.map((e) => `v3.1: ${e}`));
  if (maxSdk >= SDK.P && values.v3 === undefined && consulted31) {
    errors.push('v3.1: an APK Signature Scheme v3.1 block was found without an APK Signature Scheme v3 block');
  }
  if (consulted3) errors.push(...v3Result.errors.map((e) => `v3: ${e}`));
  if (consulted2) errors.push(...v2Result.errors.map((e) => `v2: ${e}`));
  const sandbox = opts.targetSandboxVersion ?? 1;
  if (maxSdk >= SDK.O && sandbox > 1 && foundBeforeV1.size === 0) {
    errors.push(`Missing APK Signature Scheme v2 signature required for target sandbox version ${sandbox}`);
  }
  if (consulted1) errors.push(...v1Result.errors.map((e) => `v1: ${e}`));

  const v1Ok = consulted1 && v1Result.verified;
  const v2Ok = consulted2 && v2Result.verified;
  const v3Ok = consulted3 && v3Result.verified;
  const v31Ok = consulted31 && v31Result.verified;
  if (errors.length === 0) {
    if (v1Ok && v2Ok) crossCheckV1V2(v1Outcome, v2!, errors);
    if (v3Ok && (v1Ok || v2Ok)) crossCheckPastSigners(v1Ok ? v1Outcome.signers[0]?.chain[0]?.info : v2!.signers[0]?.certs[0]?.info, v3!, v1Ok ? v1Outcome.signers.length : v2!.signers.length, errors);
    const target = opts.targetSdk;
    if (target !== undefined && target >= SDK.R && maxSdk >= target && !(v2Ok || v3Ok || v31Ok)) {
      errors.push(`Target SDK version ${target} requires a minimum of signature scheme v2; the APK is not signed with that or a later scheme`);
    }
  }

  for (const [name, r] of [['v3.1', v31Result], ['v3', v3Result], ['v2', v2Result], ['v1', v1Result]] as const) {
    for (const w of r.warnings) warnings.push(`${name}: ${w}`);
    if (!r.consulted && r.present && r.errors.length > 0) {
      warnings.push(`${name}: signature does not verify (${r.errors.length} error(s)), but the verdict for SDK ${minSdk}..${sdkText(maxSdk)} does not depend on it`);
    }
  }
  if (block === undefined && !lookup.found && lookup.magicSeen) warnings.push(`APK Signing Block unusable: ${lookup.reason}`);
  if (block?.pairProblem !== undefined) warnings.push(`APK Signing Block: ${block.pairProblem}; later pairs are ignored, as on Android`);
  const blockIds = block?.pairs.map((p) => p.id) ?? [];
  const sourceStampPresent =
    blockIds.includes(BlockId.SOURCE_STAMP_V1) || blockIds.includes(BlockId.SOURCE_STAMP_V2) || apk.entryNames().includes(SOURCE_STAMP_ENTRY);
  if (sourceStampPresent) warnings.push('source stamp present; dfslab does not verify source stamps (apksigner only warns on them)');

  const verified = errors.length === 0 && (v1Ok || v2Ok || v3Ok || v31Ok);
  if (errors.length === 0 && !verified) errors.push('the APK is not signed with any scheme the SDK range consults');

  const signingBlock: ApkSignatureReport['signingBlock'] = {
    present: block !== undefined,
    blockIds,
    blockNames: blockIds.map(blockIdName),
  };
  if (block !== undefined) {
    signingBlock.offset = block.offset;
    signingBlock.size = block.size;
    if (block.pairProblem !== undefined) signingBlock.problem = block.pairProblem;
  } else if (!lookup.found && lookup.magicSeen) {
    signingBlock.problem = lookup.reason;
  }

  return {
    v1: v1Result,
    v2: v2Result,
    v3: v3Result,
    v31: v31Result,
    signingBlock,
    sourceStampPresent,
    verified,
    errors,
    warnings,
    signerCertificates: signerCertificates(
      [consulted31 ? v31Result : undefined, consulted3 ? v3Result : undefined, consulted2 ? v2Result : undefined, consulted1 ? v1Result : undefined],
    ),
    minSdk,
    maxSdk,
  };
}

/** Scheme IDs the platforms up to maxSdk know, for stripping protection (apksig getSupportedSchemeNames). */
function supportedSchemeNames(maxSdk: number): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  if (maxSdk >= SDK.N) m.set(SCHEME_ID.v2, SCHEME_NAMES.v2);
  if (maxSdk >= SDK.P) m.set(SCHEME_ID.v3, SCHEME_NAMES.v3);
  return m;
}

function sdkText(sdk: number): string {
  return sdk >= LATEST_SDK ? 'latest' : String(sdk);
}

function schemeResult(out: SchemeBlockOutcome | undefined, present: boolean, consulted: boolean): SchemeResult {
  const r: SchemeResult = { present, verified: false, checked: out === undefined ? 'none' : 'full', consulted, errors: [], warnings: [], signers: [] };
  if (out === undefined) return r;
  r.errors.push(...out.errors);
  r.warnings.push(...out.warnings);
  for (const s of out.signers) {
    for (const e of s.errors) r.errors.push(`signer #${s.index + 1}: ${e}`);
    for (const w of s.warnings) r.warnings.push(`signer #${s.index + 1}: ${w}`);
    const report: SignerReport = {
      certificates: s.certs.map((c) => c.info),
      digestAlgorithms: [...new Set(s.digests.map((d) => digestNameOf(d.id)))],
      signatureAlgorithms: s.signatures.map((x) => signatureNameOf(x.id)),
    };
    if (s.minSdk !== undefined) report.minSdk = s.minSdk;
    if (s.maxSdk !== undefined) report.maxSdk = s.maxSdk;
    if (s.lineage !== undefined) report.lineage = s.lineage.map((n) => ({ certificate: n.cert.info, flags: n.flags }));
    r.signers.push(report);
  }
  r.verified = present && r.errors.length === 0 && out.signers.length > 0;
  return r;
}

function v1SchemeResult(out: V1Outcome, consulted: boolean): ApkSignatureReport['v1'] {
  const r: ApkSignatureReport['v1'] = {
    present: out.present,
    verified: out.verified,
    checked: !out.present ? 'none' : out.entriesChecked ? 'full' : 'partial',
    consulted,
    errors: [...out.errors],
    warnings: [...out.warnings],
    signers: out.signers.map((s) => ({
      certificates: s.chain.map((c) => c.info),
      digestAlgorithms: [s.digestAlgorithm],
      signatureAlgorithms: [s.signatureAlgorithm],
      name: s.blockName,
    })),
  };
  if (out.apkSignedSchemes !== undefined) r.signedWithApkSignedHeader = out.apkSignedSchemes;
  return r;
}

function digestNameOf(id: number): string {
  return blockSignatureAlgorithm(id)?.digest ?? hexId(id);
}

function signatureNameOf(id: number): string {
  return blockSignatureAlgorithm(id)?.name ?? hexId(id);
}

/** When both JAR and v2 signatures verify, each side's signer certificates must appear on the other side. */
function crossCheckV1V2(v1: V1Outcome, v2: SchemeBlockOutcome, errors: string[]): void {
  const v1Certs = v1.signers.map((s) => s.chain[0]?.info.sha256);
  const v2Certs = v2.signers.map((s) => s.certs[0]?.info.sha256);
  const missingInV2 = v1.signers.find((s, i) => !v2Certs.includes(v1Certs[i]));
  if (missingInV2 !== undefined) {
    errors.push(`v1: JAR signer ${missingInV2.blockName} has no matching APK Signature Scheme v2 signer (v2 signature stripped or signers differ)`);
  }
  const missingInV1 = v2.signers.find((s, i) => !v1Certs.includes(v2Certs[i]));
  if (missingInV1 !== undefined) {
    errors.push(`v2: signer #${missingInV1.index + 1} has no matching JAR signer (JAR signature stripped or signers differ)`);
  }
}

/**
 * With v3 and an older scheme both verifying: without rotation the older signer must be v3's only signer;
 * with a lineage it must be the lineage's root (the original key).
 */
function crossCheckPastSigners(old: CertificateInfo | undefined, v3: SchemeBlockOutcome, oldSignerCount: number, errors: string[]): void {
  if (oldSignerCount !== 1) errors.push('v3: APK Signature Scheme v3 supports a single past signer, but the v1/v2 signature has several');
  if (old === undefined) return;
  const lineage = v3.lineage;
  if (lineage === undefined) {
    if (v3.signers.length !== 1) errors.push('v3: several v3 signers without a proof-of-rotation lineage');
    const current = v3.signers[0]?.certs[0]?.info;
    if (current !== undefined && current.sha256 !== old.sha256) {
      errors.push('v3: the v1/v2 signer differs from the v3 signer and no proof-of-rotation lineage links them');
    }
    return;
  }
  const at = lineage.findIndex((n) => n.cert.info.sha256 === old.sha256);
  if (at !== 0) errors.push('v3: the v1/v2 signer is not the root of the v3 proof-of-rotation lineage');
}

/** apksigner's "Signer #n" list: the last v3.1/v3 signer, else every v2 signer, else every JAR signer. */
function signerCertificates(ordered: Array<SchemeResult | undefined>): CertificateInfo[] {
  const [v31, v3, v2, v1] = ordered;
  for (const r of [v31, v3]) {
    const last = r?.signers[r.signers.length - 1]?.certificates[0];
    if (r !== undefined && last !== undefined) return [last];
  }
  for (const r of [v2, v1]) {
    if (r === undefined || r.signers.length === 0) continue;
    return r.signers.map((s) => s.certificates[0]).filter((c): c is CertificateInfo => c !== undefined);
  }
  return [];
}
