/**
 * @module audit
 * The one engine behind the CLI, the library and the platform: read an app file, build its model, run the
 * selected checks, and return a deterministic result (same input → byte-identical JSON: sorted findings, no
 * timestamps, no absolute paths).
 */
import { createHash, webcrypto } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AndroidApp, type Anomaly } from './app/android.js';
import type { ComponentType } from './app/android-manifest.js';
import type { NscTrustAnchor } from './app/android-nsc.js';
import { IosApp, looksLikeIpa, plistBool, plistDict, plistString } from './app/ios.js';
import { isPlistDict } from './formats/plist/index.js';
import { androidChecks } from './checks/android/index.js';
import { allChecks } from './checks/registry.js';
import type { Check } from './checks/types.js';
import { runChecks, selectChecks, type CheckFailure, type RunOutcome } from './checks/runner.js';
import { ErrorCodes, InputError, isDfslabError } from './errors.js';
import { SEVERITIES, type Finding, type Pass, type Severity } from './findings/types.js';
import { isZip, ZipArchive } from './formats/zip/index.js';
import { parseIdsig, verifyIdsigSignature } from './formats/apksig/index.js';
import { VERSION } from './version.js';

export interface AuditOptions {
  /** Check ids, globs (`android.crypto.*`) or family names to run; default all. */
  checks?: string[];
  exclude?: string[];
  /** Name shown for the input (default: the file's base name). */
  label?: string;
  /** Largest input accepted, in bytes (default 2 GiB). */
  maxInputBytes?: number;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Let the audit hand work to libuv's thread pool (default true): DEX inflation and the file hashes then run
   * beside the signature checks, so a lone audit finishes sooner on an idle machine. `false` keeps every step
   * on the calling thread (the result is the same): the choice of a scan worker kept to one core, where the
   * other cores are busy with other workers and the hand-off would only cost time.
   */
  threadPool?: boolean;
}

export type ProgressEvent =
  | { kind: 'phase'; phase: string }
  | { kind: 'check'; id: string; index: number; total: number };

export interface SignerSummary {
  subject: string;
  issuer: string;
  sha256: string;
  keyType: string;
  keySize: number;
  signatureAlgorithm: string;
  notAfter: string;
}

export type AppIdentity = AndroidIdentity | IosIdentity | UssdIdentity;

/** A USSD service tested live by `dfslab ussd test` (its findings use the same report model as app audits). */
export interface UssdIdentity {
  platform: 'ussd';
  container: 'ussd-run';
  endpoint: string;
  dialect: string;
  serviceCode: string;
  /** The declared test subscribers the harness called as. */
  callers: string[];
  production: boolean;
  quick: boolean;
  /** Requests sent in the run (all kept in the transcript). */
  requests: number;
}

export interface AndroidIdentity {
  platform: 'android';
  container: 'apk' | 'apks' | 'xapk';
  packageName: string;
  versionName: string | undefined;
  versionCode: number | undefined;
  minSdk: number;
  targetSdk: number;
  maxSdk: number | undefined;
  splits: string[];
  signatureSchemes: { v1: boolean; v2: boolean; v3: boolean; v31: boolean; v4: boolean };
  /** v4 (`<apk>.idsig` beside the file, used for incremental install): what was found, if anything. */
  v4?: { file: string; verified: boolean; error?: string };
  signatureVerified: boolean;
  signers: SignerSummary[];
  dexFiles: number;
  classes: number;
  methods: number;
  nativeLibraries: number;
  files: number;
  /** What the app asks for and exposes, for `dfslab diff` and reviewers (every list sorted). */
  inventory: AndroidInventory;
}

export interface AndroidComponentSummary {
  kind: ComponentType;
  name: string;
  /** Effective exported state, as the platform decides it. */
  exported: boolean;
  /** Effective permission guarding the component (its own or the application's). */
  permission?: string;
}

export interface AndroidInventory {
  /** `<uses-permission>` names, unique. */
  permissions: string[];
  /** Sorted by kind, then name. */
  components: AndroidComponentSummary[];
  /** `lib/<abi>/<name>.so` paths (of every APK of a split set), unique. */
  nativeLibraries: string[];
  /** `android:debuggable` is true. */
  debuggable: boolean;
  /** Backup allowed: `android:allowBackup` is not false (the platform default is true). */
  allowBackup: boolean;
  /** Effective `android:usesCleartextTraffic` (default true below targetSdk 28), before any NSC. */
  usesCleartextTraffic: boolean;
  networkSecurityConfig?: NscSummary;
}

export interface NscSummary {
  path: string;
  /** `base-config cleartextTrafficPermitted`, when set. */
  cleartextPermitted?: boolean;
  /** Domains of `domain-config`s that permit clear text. */
  cleartextDomains: string[];
  /** User-installed CAs are trusted by the base or a domain config. */
  userCAsTrusted: boolean;
  /** Domains with a `pin-set`. */
  pinnedDomains: string[];
  /** Trust anchors a `debug-overrides` adds (used only by debuggable builds). */
  debugOverrides: string[];
}

export interface IosExecutableSummary {
  path: string;
  kind: 'main' | 'extension' | 'framework' | 'dylib';
  cpus: string[];
  /** LC_ENCRYPTION_INFO cryptid of every slice is non-zero (App Store encryption still on). */
  encrypted: boolean;
  /** Has an LC_CODE_SIGNATURE. */
  signed: boolean;
  error?: string;
}

export interface IosIdentity {
  platform: 'ios';
  container: 'ipa';
  bundleId: string;
  displayName: string | undefined;
  version: string | undefined;
  build: string | undefined;
  minimumOsVersion: string | undefined;
  executables: IosExecutableSummary[];
  profile?: { kind: string; name?: string; teamName?: string; expirationDate?: string; error?: string };
  signers: SignerSummary[];
  files: number;
  /** What the app asks for and exposes, for `dfslab diff` and reviewers (every list sorted). */
  inventory: IosInventory;
}

export interface AtsExceptionSummary {
  domain: string;
  includesSubdomains: boolean;
  /** `NS(Temporary|ThirdParty)ExceptionAllowsInsecureHTTPLoads`. */
  allowsInsecureHTTPLoads: boolean;
  /** `NS…ExceptionRequiresForwardSecrecy` is false. */
  forwardSecrecyNotRequired: boolean;
  minimumTLSVersion?: string;
}

export interface IosInventory {
  urlSchemes: string[];
  /** `com.apple.developer.associated-domains` entries as written (`applinks:…`, `webcredentials:…`). */
  associatedDomains: string[];
  ats: {
    present: boolean;
    allowsArbitraryLoads: boolean;
    allowsArbitraryLoadsForMedia: boolean;
    allowsArbitraryLoadsInWebContent: boolean;
    allowsLocalNetworking: boolean;
    exceptionDomains: AtsExceptionSummary[];
  };
  /** Keys of the entitlements embedded in the main binary's signature. */
  entitlements: string[];
  /** Install names of the libraries the main binary links (every slice). */
  linkedLibraries: string[];
  /** Embedded frameworks and dylibs, as bundle-relative paths of their binaries. */
  frameworks: string[];
  /** `NS…UsageDescription` keys of Info.plist. */
  usageDescriptions: string[];
}

export interface AuditResult {
  schemaVersion: 1;
  tool: { name: 'dfslab'; version: string };
  target: { file: string; size: number; sha256: string; sha1: string; md5: string };
  app: AppIdentity;
  summary: { findings: number; passes: number; bySeverity: Record<Severity, number>; checksRun: number; checksFailed: number };
  findings: Finding[];
  passes: Pass[];
  anomalies: Anomaly[];
  checks: { run: string[]; failed: CheckFailure[] };
}

const DEFAULT_MAX_INPUT = 2 * 1024 * 1024 * 1024 - 1;

/** Above this size the file hashes are computed here: WebCrypto copies its input, which would double memory. */
const ASYNC_HASH_MAX_BYTES = 64 * 1024 * 1024;

/**
 * SHA-256, SHA-1 and MD5 of the input. For files up to 64 MiB (with `threadPool`), SHA-256 and SHA-1 run on
 * the thread pool (WebCrypto is asynchronous) while the audit goes on; others are hashed here without copies.
 */
async function fileHashes(bytes: Uint8Array, threadPool: boolean): Promise<{ sha256: string; sha1: string; md5: string }> {
  const md5 = (): string => createHash('md5').update(bytes).digest('hex');
  if (!threadPool || bytes.length > ASYNC_HASH_MAX_BYTES) {
    return { sha256: createHash('sha256').update(bytes).digest('hex'), sha1: createHash('sha1').update(bytes).digest('hex'), md5: md5() };
  }
  const hex = (b: ArrayBuffer): string => Buffer.from(b).toString('hex');
  const [sha256, sha1] = await Promise.all([webcrypto.subtle.digest('SHA-256', bytes), webcrypto.subtle.digest('SHA-1', bytes)]);
  return { sha256: hex(sha256), sha1: hex(sha1), md5: md5() };
}

/** Read an input file with clear errors for the usual ways it goes wrong. */
export function readInput(path: string, maxBytes = DEFAULT_MAX_INPUT): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(ErrorCodes.INPUT_UNREADABLE, 'this is a directory; give the path of an .apk, .apks or .xapk file', { path });
    size = st.size;
  } catch (e) {
    if (isDfslabError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(ErrorCodes.INPUT_NOT_FOUND, 'no such file', { path });
    throw new InputError(ErrorCodes.INPUT_UNREADABLE, `cannot read the file (${code ?? String(e)})`, { path });
  }
  if (size > maxBytes) throw new InputError(ErrorCodes.INPUT_TOO_LARGE, `the file is ${size} bytes; the limit is ${maxBytes}`, { path });
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(ErrorCodes.INPUT_UNREADABLE, `cannot read the file (${code ?? String(e)})`, { path });
  }
}

/** Audit an app given as a path or as bytes. */
export async function audit(input: string | Uint8Array, options: AuditOptions = {}): Promise<AuditResult> {
  const progress = options.onProgress;
  const bytes = typeof input === 'string' ? readInput(input, options.maxInputBytes) : input;
  const label = options.label ?? (typeof input === 'string' ? basename(input) : 'app.apk');
  if (bytes.length === 0) throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, 'the file is empty', { path: label });
  if (!isZip(bytes)) {
    throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, 'not an APK, split set or IPA (the file is not a ZIP archive)', { path: label });
  }
  progress?.({ kind: 'phase', phase: 'reading archive' });
  // The central directory is read once and handed to whichever model the archive turns out to hold.
  const zip = ZipArchive.open(bytes, { label });
  if (isIpa(zip)) return auditIos(bytes, zip, label, options);
  const app = AndroidApp.open(bytes, { label, zip, onPhase: (phase) => progress?.({ kind: 'phase', phase }) });
  // Work that can leave this thread starts first: DEX inflation and the file hashes run on the thread pool
  // while signatures are verified here (unless `threadPool: false`); the result does not depend on the order.
  const threadPool = options.threadPool !== false;
  const hashes = fileHashes(bytes, threadPool);
  const code = threadPool ? app.prefetchCode() : undefined;
  void app.signatures;
  await code;
  const checks = selectFor('android', options) as typeof androidChecks;
  const outcome = await runChecks(app, checks, (id, index, total) => progress?.({ kind: 'check', id, index, total }));
  const identity = identityOf(app, typeof input === 'string' ? v4Beside(input, bytes.length) : undefined);
  return resultOf({ file: label, size: bytes.length, ...(await hashes) }, identity, outcome, app.anomalies);
}

/** The result structure, the same for every platform. */
function resultOf(target: AuditResult['target'], app: AppIdentity, outcome: RunOutcome, anomalies: Anomaly[]): AuditResult {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of outcome.findings) bySeverity[f.severity]++;
  return {
    schemaVersion: 1,
    tool: { name: 'dfslab', version: VERSION },
    target,
    app,
    summary: {
      findings: outcome.findings.length,
      passes: outcome.passes.length,
      bySeverity,
      checksRun: outcome.checksRun.length,
      checksFailed: outcome.failures.length,
    },
    findings: outcome.findings,
    passes: outcome.passes,
    anomalies,
    checks: { run: outcome.checksRun, failed: outcome.failures },
  };
}

/** Check selection is validated against every check (an id of the other platform is not a typo). */
function selectFor(platform: 'android' | 'ios', options: AuditOptions): readonly Check<unknown>[] {
  return selectChecks(allChecks, options.checks, options.exclude).filter((c) => c.platform === platform);
}

/** An IPA: a ZIP with a `Payload/<name>.app/` folder and no Android manifest. */
function isIpa(zip: ZipArchive): boolean {
  return !zip.has('AndroidManifest.xml') && looksLikeIpa(zip);
}

async function auditIos(bytes: Uint8Array, zip: ZipArchive, label: string, options: AuditOptions): Promise<AuditResult> {
  const progress = options.onProgress;
  const hashes = fileHashes(bytes, options.threadPool !== false);
  const app = IosApp.open(bytes, { label, zip });
  const checks = selectFor('ios', options) as unknown as Check<IosApp>[];
  const outcome = await runChecks(app, checks, (id, index, total) => progress?.({ kind: 'check', id, index, total }));
  const anomalies: Anomaly[] = app.zip.anomalies.map((a) => ({ source: 'zip', archive: undefined, ...(a.entry === undefined ? {} : { path: a.entry }), kind: a.kind, message: a.message }));
  for (const exe of app.executables) {
    for (const a of app.machO(exe.path).file?.anomalies ?? []) anomalies.push({ source: 'container', archive: undefined, path: exe.path, kind: a.kind, message: a.message });
  }
  return resultOf({ file: label, size: bytes.length, ...(await hashes) }, iosIdentityOf(app), outcome, anomalies);
}

function iosIdentityOf(app: IosApp): IosIdentity {
  const executables: IosExecutableSummary[] = app.executables.map((exe) => {
    const r = app.machO(exe.path);
    const slices = r.file?.slices ?? [];
    return {
      path: exe.path,
      kind: exe.kind,
      cpus: slices.map((s) => s.cpu),
      encrypted: slices.length > 0 && slices.every((s) => (s.encryption?.cryptid ?? 0) !== 0),
      signed: slices.length > 0 && slices.every((s) => s.codeSignature !== undefined),
      ...(r.error ? { error: r.error } : {}),
    };
  });
  const signers: SignerSummary[] = [];
  const seen = new Set<string>();
  for (const s of app.mainBinary?.slices ?? []) {
    for (const c of s.codeSignature?.cms?.certificates.slice(0, 1) ?? []) {
      if (seen.has(c.sha256)) continue;
      seen.add(c.sha256);
      signers.push({ subject: c.subject, issuer: c.issuer, sha256: c.sha256, keyType: c.keyType, keySize: c.keySize, signatureAlgorithm: c.signatureAlgorithm, notAfter: c.notAfter });
    }
  }
  const p = app.provisioningProfile;
  const profile: IosIdentity['profile'] = p.value
    ? {
        kind: p.value.kind,
        ...(p.value.name ? { name: p.value.name } : {}),
        ...(p.value.teamName ? { teamName: p.value.teamName } : {}),
        ...(p.value.expirationDate ? { expirationDate: p.value.expirationDate.toISOString() } : {}),
      }
    : p.error
      ? { kind: 'unreadable', error: p.error }
      : undefined;
  return {
    platform: 'ios',
    container: 'ipa',
    bundleId: app.bundleId,
    displayName: app.displayName,
    version: app.version,
    build: app.build,
    minimumOsVersion: app.minimumOsVersion,
    executables,
    ...(profile ? { profile } : {}),
    signers,
    files: app.files.length,
    inventory: iosInventoryOf(app),
  };
}

/** Sorted, unique: the order of a plist, manifest or zip must not show up as a change. */
function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

const ATS_HTTP_KEYS = ['NSExceptionAllowsInsecureHTTPLoads', 'NSTemporaryExceptionAllowsInsecureHTTPLoads', 'NSThirdPartyExceptionAllowsInsecureHTTPLoads'];
const ATS_FS_KEYS = ['NSExceptionRequiresForwardSecrecy', 'NSTemporaryExceptionRequiresForwardSecrecy', 'NSThirdPartyExceptionRequiresForwardSecrecy'];
const ATS_TLS_KEYS = ['NSExceptionMinimumTLSVersion', 'NSTemporaryExceptionMinimumTLSVersion', 'NSThirdPartyExceptionMinimumTLSVersion'];

/** Only what the model has already read (Info.plist, entitlements, the main binary the checks parsed). */
function iosInventoryOf(app: IosApp): IosInventory {
  const ats = app.ats;
  const exceptionDomains: AtsExceptionSummary[] = [];
  for (const [domain, v] of plistDict(ats, 'NSExceptionDomains') ?? []) {
    if (!isPlistDict(v)) continue;
    const tls = ATS_TLS_KEYS.map((k) => plistString(v, k)).find((x) => x !== undefined);
    exceptionDomains.push({
      domain,
      includesSubdomains: plistBool(v, 'NSIncludesSubdomains') === true,
      allowsInsecureHTTPLoads: ATS_HTTP_KEYS.some((k) => plistBool(v, k) === true),
      forwardSecrecyNotRequired: ATS_FS_KEYS.some((k) => plistBool(v, k) === false),
      ...(tls === undefined ? {} : { minimumTLSVersion: tls }),
    });
  }
  exceptionDomains.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  const ent = app.entitlements;
  const assoc = ent?.get('com.apple.developer.associated-domains');
  const linked = (app.mainBinary?.slices ?? []).flatMap((s) => s.dylibs.map((d) => d.name));
  return {
    urlSchemes: sortedSet(app.urlSchemes.map((u) => u.scheme)),
    associatedDomains: sortedSet(Array.isArray(assoc) ? assoc.filter((x): x is string => typeof x === 'string') : []),
    ats: {
      present: ats !== undefined,
      allowsArbitraryLoads: plistBool(ats, 'NSAllowsArbitraryLoads') === true,
      allowsArbitraryLoadsForMedia: plistBool(ats, 'NSAllowsArbitraryLoadsForMedia') === true,
      allowsArbitraryLoadsInWebContent: plistBool(ats, 'NSAllowsArbitraryLoadsInWebContent') === true,
      allowsLocalNetworking: plistBool(ats, 'NSAllowsLocalNetworking') === true,
      exceptionDomains,
    },
    entitlements: sortedSet(ent ? [...ent.keys()] : []),
    linkedLibraries: sortedSet(linked),
    frameworks: sortedSet(app.executables.filter((x) => x.kind === 'framework' || x.kind === 'dylib').map((x) => x.path.slice(app.bundleRoot.length))),
    usageDescriptions: sortedSet(app.usageDescriptions.map((u) => u.key)),
  };
}

/** APK Signature Scheme v4 lives in a separate `.idsig` file next to the APK. */
function v4Beside(path: string, apkSize: number): AndroidIdentity['v4'] {
  const idsigPath = `${path}.idsig`;
  if (!existsSync(idsigPath)) return undefined;
  const file = basename(idsigPath);
  try {
    const v = verifyIdsigSignature(parseIdsig(readFileSync(idsigPath)), apkSize);
    return v.ok ? { file, verified: true } : { file, verified: false, error: v.reason };
  } catch (e) {
    if (isDfslabError(e)) return { file, verified: false, error: e.message };
    throw e;
  }
}

function identityOf(app: AndroidApp, v4: AndroidIdentity['v4']): AndroidIdentity {
  const m = app.manifest;
  const sig = app.signatures;
  const signers: SignerSummary[] = [];
  const seen = new Set<string>();
  for (const scheme of [sig.v31, sig.v3, sig.v2, sig.v1]) {
    for (const s of scheme.signers) {
      const c = s.certificates[0];
      if (!c || seen.has(c.sha256)) continue;
      seen.add(c.sha256);
      signers.push({
        subject: c.subject,
        issuer: c.issuer,
        sha256: c.sha256,
        keyType: c.keyType,
        keySize: c.keySize,
        signatureAlgorithm: c.signatureAlgorithm,
        notAfter: c.notAfter,
      });
    }
  }
  const dex = app.dex;
  let classes = 0;
  let methods = 0;
  for (const d of dex.files) {
    classes += d.classDefs.length;
    methods += d.methodCount;
  }
  return {
    platform: 'android',
    container: app.container,
    packageName: m.packageName,
    versionName: m.versionName,
    versionCode: m.versionCode,
    minSdk: m.minSdk,
    targetSdk: m.targetSdk,
    maxSdk: m.maxSdk,
    splits: app.parts.filter((p) => !p.isBase).map((p) => p.split ?? p.name).sort(),
    signatureSchemes: { v1: sig.v1.present, v2: sig.v2.present, v3: sig.v3.present, v31: sig.v31.present, v4: v4 !== undefined },
    ...(v4 ? { v4 } : {}),
    signatureVerified: sig.verified,
    signers,
    dexFiles: dex.files.length,
    classes,
    methods,
    nativeLibraries: app.nativeLibs.length,
    files: app.files.length,
    inventory: androidInventoryOf(app),
  };
}

const COMPONENT_ORDER: readonly ComponentType[] = ['activity', 'activity-alias', 'service', 'receiver', 'provider'];

/** Only what the model has already read (manifest, native library list) or caches (the NSC). */
function androidInventoryOf(app: AndroidApp): AndroidInventory {
  const m = app.manifest;
  const flags = m.application;
  const components: AndroidComponentSummary[] = m.components.map((c) => ({
    kind: c.type,
    name: c.name,
    exported: c.exported,
    ...(c.permission === undefined ? {} : { permission: c.permission }),
  }));
  components.sort((a, b) => COMPONENT_ORDER.indexOf(a.kind) - COMPONENT_ORDER.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || Number(a.exported) - Number(b.exported));
  const nsc = app.networkSecurityConfig;
  return {
    permissions: sortedSet(m.usesPermissions.map((p) => p.name)),
    components,
    nativeLibraries: sortedSet(app.nativeLibs.map((l) => l.path)),
    debuggable: flags.debuggable === true,
    allowBackup: flags.allowBackup !== false,
    // AOSP ApplicationInfo: usesCleartextTraffic defaults to true before targetSdk 28 (P).
    usesCleartextTraffic: flags.usesCleartextTraffic ?? m.targetSdk < 28,
    ...(nsc ? { networkSecurityConfig: nscSummaryOf(nsc) } : {}),
  };
}

function nscSummaryOf(nsc: NonNullable<AndroidApp['networkSecurityConfig']>): NscSummary {
  const trustsUser = (anchors: NscTrustAnchor[] | undefined): boolean => (anchors ?? []).some((a) => a.src === 'user');
  const domainsOf = (pred: (d: (typeof nsc.domains)[number]) => boolean): string[] =>
    sortedSet(nsc.domains.filter(pred).flatMap((d) => d.domains.map((x) => (x.includeSubdomains ? `*.${x.name}` : x.name))));
  return {
    path: nsc.path,
    ...(nsc.base?.cleartextTrafficPermitted === undefined ? {} : { cleartextPermitted: nsc.base.cleartextTrafficPermitted }),
    cleartextDomains: domainsOf((d) => d.cleartextTrafficPermitted === true),
    userCAsTrusted: trustsUser(nsc.base?.trustAnchors) || nsc.domains.some((d) => trustsUser(d.trustAnchors)),
    pinnedDomains: domainsOf((d) => (d.pinSet?.pins.length ?? 0) > 0),
    debugOverrides: sortedSet((nsc.debugOverrides?.trustAnchors ?? []).map((a) => a.src)),
  };
}
