/**
 * @module findings/diff
 * What changed between two audits of an app (usually two versions of it): findings matched by fingerprint
 * (new, fixed, unchanged, or unchanged but with another severity) and the changes of the app's identity and
 * inventory that a reviewer must see — version, SDK / minimum OS, signers, signature schemes, permissions,
 * components, native code, ATS / network security config, URL schemes, entitlements.
 *
 * The two results may come from saved JSON files, which are untrusted: `loadSavedResult` checks the findings,
 * and every identity field is read here through type-checking accessors, so a damaged or hostile `app` object
 * yields fewer reported changes, never a crash or a non-JSON value in the diff.
 */
import type { AuditResult } from '../audit.js';
import { loadSavedResult } from './result-file.js';
import { severityRank, SEVERITIES, type Finding, type Severity } from './types.js';

export interface DiffSide {
  file: string;
  sha256: string;
  platform: string;
  /** Package name (Android) or bundle id (iOS). */
  appId: string;
  /** versionName (versionCode) or version (build), for display. */
  version: string;
  toolVersion: string;
}

export interface ChangedFinding {
  /** The finding as the newer result reports it. */
  finding: Finding;
  severityBefore: Severity;
  severityAfter: Severity;
}

/** One change of the app's identity or inventory. */
export interface IdentityChange {
  /** What changed: `versionCode`, `permission`, `component`, `signer`, `ats.exceptionDomain`, … */
  field: string;
  change: 'added' | 'removed' | 'changed';
  /** For members of a list: the member's key (permission name, component name, signer SHA-256, domain). */
  item?: string;
  before?: DiffValue;
  after?: DiffValue;
  /** A change a reviewer must not miss (another signing key). */
  important?: true;
}

/** Values copied into a diff are always plain JSON scalars or flat records of them. */
export type DiffValue = string | number | boolean | { [k: string]: string | number | boolean };

export interface ResultDiff {
  diffVersion: 1;
  before: DiffSide;
  after: DiffSide;
  /** Both results describe the same app (platform and package name / bundle id). */
  sameApp: boolean;
  /** The signing certificates differ: the newer build is not an update the device would install over the older. */
  signerChanged: boolean;
  /** Things the reader must know before trusting the diff (another app, missing inventory). */
  warnings: string[];
  findings: {
    /** Worst first. */
    new: Finding[];
    fixed: Finding[];
    changed: ChangedFinding[];
    unchanged: Finding[];
  };
  identity: IdentityChange[];
  summary: {
    new: number;
    fixed: number;
    changed: number;
    unchanged: number;
    identityChanges: number;
    newBySeverity: Record<Severity, number>;
  };
}

/** Read a saved result (`dfslab audit --json` / `-o`); a typed ReportError (RESULT_INVALID) when it is not one. */
export function loadResult(path: string): AuditResult {
  return loadSavedResult(path);
}

// ------------------------------------------------------------------------------------------------ accessors
type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
/** A scalar as a diff value (objects and arrays from a hostile file are dropped). */
function scalar(v: unknown): string | number | boolean | undefined {
  return str(v) ?? num(v) ?? bool(v);
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string'))].sort() : [];
}
function records(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRec) : [];
}
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sideOf(r: AuditResult): DiffSide {
  const app: Rec = isRec(r.app) ? (r.app as unknown as Rec) : {};
  const platform = str(app.platform) ?? 'unknown';
  const android = platform === 'android';
  const name = str(android ? app.versionName : app.version);
  const code = scalar(android ? app.versionCode : app.build);
  return {
    file: str(r.target?.file) ?? '',
    sha256: str(r.target?.sha256) ?? '',
    platform,
    appId: str(android ? app.packageName : app.bundleId) ?? '',
    version: `${name ?? '?'}${code === undefined ? '' : ` (${String(code)})`}`,
    toolVersion: str(r.tool?.version) ?? '',
  };
}

// ------------------------------------------------------------------------------------------------ findings
function worstFirst(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || compareText(a.checkId, b.checkId) || compareText(a.fingerprint, b.fingerprint);
}

function groupByFingerprint(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = m.get(f.fingerprint);
    if (list) list.push(f);
    else m.set(f.fingerprint, [f]);
  }
  return m;
}

function diffFindings(before: readonly Finding[], after: readonly Finding[]): ResultDiff['findings'] {
  const out: ResultDiff['findings'] = { new: [], fixed: [], changed: [], unchanged: [] };
  const b = groupByFingerprint(before);
  const a = groupByFingerprint(after);
  // Two findings with one fingerprint (same check, same place) are paired in order; the extra ones of
  // either side are new or fixed.
  for (const [fp, afterList] of a) {
    const beforeList = b.get(fp) ?? [];
    afterList.forEach((f, i) => {
      const old = beforeList[i];
      if (!old) out.new.push(f);
      else if (old.severity !== f.severity) out.changed.push({ finding: f, severityBefore: old.severity, severityAfter: f.severity });
      else out.unchanged.push(f);
    });
    out.fixed.push(...beforeList.slice(afterList.length));
  }
  for (const [fp, beforeList] of b) if (!a.has(fp)) out.fixed.push(...beforeList);
  out.new.sort(worstFirst);
  out.fixed.sort(worstFirst);
  out.unchanged.sort(worstFirst);
  out.changed.sort((x, y) => worstFirst(x.finding, y.finding));
  return out;
}

// ------------------------------------------------------------------------------------------------ identity
class ChangeList {
  readonly items: IdentityChange[] = [];

  value(field: string, before: unknown, after: unknown, important = false): void {
    const x = scalar(before);
    const y = scalar(after);
    if (x === y) return;
    this.items.push({
      field,
      change: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed',
      ...(x === undefined ? {} : { before: x }),
      ...(y === undefined ? {} : { after: y }),
      ...(important ? { important: true as const } : {}),
    });
  }

  /** Members added and removed between two sets of names. */
  set(field: string, before: unknown, after: unknown, important = false): void {
    const x = strings(before);
    const y = strings(after);
    const xs = new Set(x);
    const ys = new Set(y);
    for (const item of x) if (!ys.has(item)) this.items.push({ field, change: 'removed', item, ...(important ? { important: true as const } : {}) });
    for (const item of y) if (!xs.has(item)) this.items.push({ field, change: 'added', item, ...(important ? { important: true as const } : {}) });
  }

  /**
   * Members of two keyed lists of records: added, removed, and for members on both sides each scalar
   * property that differs (`<field>.<property>`).
   */
  keyed(field: string, before: unknown, after: unknown, keyOf: (r: Rec) => string | undefined, props: readonly string[], important = false): void {
    const index = (v: unknown): Map<string, Rec> => {
      const m = new Map<string, Rec>();
      for (const r of records(v)) {
        const k = keyOf(r);
        if (k !== undefined && !m.has(k)) m.set(k, r);
      }
      return m;
    };
    const x = index(before);
    const y = index(after);
    const flat = (r: Rec): DiffValue => {
      const o: Record<string, string | number | boolean> = {};
      for (const p of props) {
        const v = scalar(r[p]);
        if (v !== undefined) o[p] = v;
      }
      return o;
    };
    const imp = important ? { important: true as const } : {};
    for (const k of [...x.keys()].sort(compareText)) if (!y.has(k)) this.items.push({ field, change: 'removed', item: k, before: flat(x.get(k)!), ...imp });
    for (const k of [...y.keys()].sort(compareText)) {
      const old = x.get(k);
      const now = y.get(k)!;
      if (!old) {
        this.items.push({ field, change: 'added', item: k, after: flat(now), ...imp });
        continue;
      }
      for (const p of props) {
        const a = scalar(old[p]);
        const b = scalar(now[p]);
        if (a === b) continue;
        this.items.push({
          field: `${field}.${p}`,
          change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
          item: k,
          ...(a === undefined ? {} : { before: a }),
          ...(b === undefined ? {} : { after: b }),
          ...imp,
        });
      }
    }
  }
}

const SIGNER_PROPS = ['subject', 'issuer', 'keyType', 'keySize', 'signatureAlgorithm', 'notAfter'] as const;

function signersOf(app: Rec): string[] {
  return strings(records(app.signers).map((s) => str(s.sha256)));
}

function diffAndroid(c: ChangeList, x: Rec, y: Rec): void {
  c.value('versionName', x.versionName, y.versionName);
  c.value('versionCode', x.versionCode, y.versionCode);
  c.value('minSdk', x.minSdk, y.minSdk);
  c.value('targetSdk', x.targetSdk, y.targetSdk);
  c.value('maxSdk', x.maxSdk, y.maxSdk);
  c.value('container', x.container, y.container);
  c.set('split', x.splits, y.splits);
  c.keyed('signer', x.signers, y.signers, (s) => str(s.sha256), SIGNER_PROPS, true);
  c.value('signatureVerified', x.signatureVerified, y.signatureVerified, true);
  const xs = isRec(x.signatureSchemes) ? x.signatureSchemes : {};
  const ys = isRec(y.signatureSchemes) ? y.signatureSchemes : {};
  for (const s of ['v1', 'v2', 'v3', 'v31', 'v4']) c.value(`signatureScheme.${s}`, xs[s], ys[s]);
  const xi = x.inventory as Rec;
  const yi = y.inventory as Rec;
  c.set('permission', xi.permissions, yi.permissions);
  const componentKey = (r: Rec): string | undefined => str(r.name);
  c.keyed('component', xi.components, yi.components, componentKey, ['kind', 'exported', 'permission']);
  c.set('nativeLibrary', xi.nativeLibraries, yi.nativeLibraries);
  c.value('debuggable', xi.debuggable, yi.debuggable);
  c.value('allowBackup', xi.allowBackup, yi.allowBackup);
  c.value('usesCleartextTraffic', xi.usesCleartextTraffic, yi.usesCleartextTraffic);
  const xn = isRec(xi.networkSecurityConfig) ? xi.networkSecurityConfig : undefined;
  const yn = isRec(yi.networkSecurityConfig) ? yi.networkSecurityConfig : undefined;
  c.value('networkSecurityConfig', xn ? (str(xn.path) ?? '') : undefined, yn ? (str(yn.path) ?? '') : undefined);
  const xnr = xn ?? {};
  const ynr = yn ?? {};
  c.value('networkSecurityConfig.cleartextPermitted', xnr.cleartextPermitted, ynr.cleartextPermitted);
  c.set('networkSecurityConfig.cleartextDomain', xnr.cleartextDomains, ynr.cleartextDomains);
  c.value('networkSecurityConfig.userCAsTrusted', xnr.userCAsTrusted, ynr.userCAsTrusted);
  c.set('networkSecurityConfig.pinnedDomain', xnr.pinnedDomains, ynr.pinnedDomains);
  c.set('networkSecurityConfig.debugOverride', xnr.debugOverrides, ynr.debugOverrides);
}

function diffIos(c: ChangeList, x: Rec, y: Rec): void {
  c.value('version', x.version, y.version);
  c.value('build', x.build, y.build);
  c.value('minimumOsVersion', x.minimumOsVersion, y.minimumOsVersion);
  c.keyed('signer', x.signers, y.signers, (s) => str(s.sha256), SIGNER_PROPS, true);
  const xp = isRec(x.profile) ? x.profile : {};
  const yp = isRec(y.profile) ? y.profile : {};
  c.value('profile.kind', xp.kind, yp.kind);
  c.value('profile.teamName', xp.teamName, yp.teamName);
  c.keyed('executable', x.executables, y.executables, (e) => str(e.path), ['kind', 'encrypted', 'signed']);
  const xi = x.inventory as Rec;
  const yi = y.inventory as Rec;
  c.set('urlScheme', xi.urlSchemes, yi.urlSchemes);
  c.set('associatedDomain', xi.associatedDomains, yi.associatedDomains);
  const xa = isRec(xi.ats) ? xi.ats : {};
  const ya = isRec(yi.ats) ? yi.ats : {};
  for (const k of ['present', 'allowsArbitraryLoads', 'allowsArbitraryLoadsForMedia', 'allowsArbitraryLoadsInWebContent', 'allowsLocalNetworking']) c.value(`ats.${k}`, xa[k], ya[k]);
  c.keyed('ats.exceptionDomain', xa.exceptionDomains, ya.exceptionDomains, (d) => str(d.domain), ['includesSubdomains', 'allowsInsecureHTTPLoads', 'forwardSecrecyNotRequired', 'minimumTLSVersion']);
  c.set('entitlement', xi.entitlements, yi.entitlements);
  c.set('linkedLibrary', xi.linkedLibraries, yi.linkedLibraries);
  c.set('framework', xi.frameworks, yi.frameworks);
  c.set('usageDescription', xi.usageDescriptions, yi.usageDescriptions);
}

// ------------------------------------------------------------------------------------------------ diff
/** Compare two audit results: `before` is the older build (or the baseline), `after` the newer one. */
export function diffResults(before: AuditResult, after: AuditResult): ResultDiff {
  const x: Rec = isRec(before.app) ? (before.app as unknown as Rec) : {};
  const y: Rec = isRec(after.app) ? (after.app as unknown as Rec) : {};
  const sb = sideOf(before);
  const sa = sideOf(after);
  const warnings: string[] = [];
  const sameApp = sb.platform === sa.platform && sb.appId === sa.appId;
  if (sb.platform !== sa.platform) {
    warnings.push(`DIFFERENT PLATFORMS: ${sb.platform} (${sb.appId}) vs ${sa.platform} (${sa.appId}); the findings are compared, but they describe two different apps`);
  } else if (!sameApp) {
    warnings.push(`DIFFERENT APPS: ${sb.appId} vs ${sa.appId}; the findings are compared, but they describe two different apps`);
  }
  const changes = new ChangeList();
  if (sb.platform === sa.platform && (sb.platform === 'android' || sb.platform === 'ios')) {
    const missing = [isRec(x.inventory) ? undefined : 'older', isRec(y.inventory) ? undefined : 'newer'].filter((w) => w !== undefined);
    if (missing.length) {
      warnings.push(`the ${missing.join(' and ')} result has no app inventory (made by an older dfslab): permissions, components, native code and network configuration are not compared; audit the app again`);
    }
    // Without both inventories, compare the identity fields only.
    const xx = missing.length ? { ...x, inventory: {} } : x;
    const yy = missing.length ? { ...y, inventory: {} } : y;
    if (sb.platform === 'android') diffAndroid(changes, xx, yy);
    else diffIos(changes, xx, yy);
  }
  const bs = signersOf(x);
  const as = signersOf(y);
  const signerChanged = sameApp && bs.join(',') !== as.join(',');
  if (signerChanged) {
    warnings.push(
      as.length === 0
        ? 'THE NEWER BUILD IS NOT SIGNED (or its signature could not be read)'
        : 'SIGNING CERTIFICATE CHANGED: the newer build is signed by another key; find out why before trusting it (a repackaged app, a lost key, or a rotation the older build did not declare)',
    );
  }
  const findings = diffFindings(safeFindings(before), safeFindings(after));
  const newBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings.new) newBySeverity[f.severity]++;
  return {
    diffVersion: 1,
    before: sb,
    after: sa,
    sameApp,
    signerChanged,
    warnings,
    findings,
    identity: changes.items,
    summary: {
      new: findings.new.length,
      fixed: findings.fixed.length,
      changed: findings.changed.length,
      unchanged: findings.unchanged.length,
      identityChanges: changes.items.length,
      newBySeverity,
    },
  };
}

/** Findings whose fingerprint and severity can be trusted (a result built in code may bypass loadResult). */
function safeFindings(r: AuditResult): Finding[] {
  const list: unknown = r.findings;
  if (!Array.isArray(list)) return [];
  return list.filter((f): f is Finding => isRec(f) && typeof f.fingerprint === 'string' && typeof f.checkId === 'string' && (SEVERITIES as readonly unknown[]).includes(f.severity));
}

/** New findings at or above `threshold` (what a CI gate on a diff stops on). */
export function newFindingsAtOrAbove(diff: ResultDiff, threshold: Severity): Finding[] {
  return diff.findings.new.filter((f) => severityRank(f.severity) >= severityRank(threshold));
}
