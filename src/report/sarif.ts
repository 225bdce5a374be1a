/**
 * @module report/sarif
 * The report model as SARIF 2.1.0 (OASIS Standard with Errata 01), the format code-scanning services
 * (GitHub code scanning, Azure DevOps, IDE viewers) and CI gates read. One run per audited app.
 *
 * Choices that a SARIF reader needs to know:
 * - **Where things are.** An audited app is an archive, not a source tree, so every physical location is a
 *   path inside the archive, relative to the base id `APPROOT` ("the contents of the audited file"; its
 *   absolute URI is deliberately unknown: the report never names a directory of the machine). In a split
 *   set the APK of the set comes first, as a folder would: `base.apk/classes.dex`,
 *   `split_config.arm64_v8a.apk/lib/arm64-v8a/libx.so`. Each path segment is percent-encoded, so odd entry
 *   names (spaces, `..`, leading slashes, backslashes) stay inside `APPROOT` and the URI stays valid.
 * - **No regions.** A SARIF region is lines/columns or byte offsets in the artifact. dfslab locates code by
 *   class, method and instruction offset in the method (`pc`, in 16-bit code units), which is neither, so
 *   there is no region: the class/method is a logical location and `pc` is a location property (it is
 *   deterministic, just not a file position).
 * - **Findings with no place.** A finding about the app as a whole (no locations) points at the audited
 *   file itself (`artifacts[0]`), so viewers that need a physical location still show it. A location with
 *   no archive path (only a class, symbol …) is logical only.
 * - **Baselines.** With a baseline, results carry `baselineState` `new`/`unchanged`, and each finding of the
 *   baseline that is gone is an `absent` result with `kind: "pass"` and `level: "none"`, so a consumer that
 *   ignores `baselineState` does not raise an alert for something that was fixed.
 * - **Identity.** `partialFingerprints["dfslabFingerprint/v1"]` is the finding's fingerprint (check id +
 *   semantic location), the same value the JSON report, suppressions and baselines use.
 * - **Severity.** `level` follows the severity (critical/high → error, medium → warning, low/info → note)
 *   and each rule has a `security-severity` score, which GitHub code scanning turns into its own
 *   critical/high/medium/low.
 *
 * Deterministic like every report: stable key order, no clock (`endTimeUtc` only when the model carries
 * `generatedAt`).
 */
import { appIdOf, PLATFORM_TITLE } from './identity.js';
import type { Check } from '../checks/types.js';
import type { Confidence, Location, Severity } from '../findings/types.js';
import { messagesFor } from './i18n/index.js';
import type { ReportFinding, ReportModel } from './model.js';
import { stableStringify } from './stable-json.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** The partial fingerprint key; the version suffix changes only if the fingerprint recipe does. */
export const SARIF_FINGERPRINT_KEY = 'dfslabFingerprint/v1';
export const SARIF_URI_BASE_ID = 'APPROOT';
/** Locations listed per result; the rest are counted, so one noisy finding does not bloat the log. */
export const SARIF_MAX_LOCATIONS = 10;
const INFORMATION_URI = 'https://github.com/dfslab/dfslab';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub code scanning maps this score to its own severity (> 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium,
 * ≥ 0.1 low); the values sit inside those bands so the mapping is unambiguous.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const PRECISION: Readonly<Record<Confidence, SarifPrecision>> = { high: 'high', medium: 'medium', low: 'low' };

type SarifLevel = 'none' | 'note' | 'warning' | 'error';
type SarifPrecision = 'very-high' | 'high' | 'medium' | 'low';

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  index?: number;
  description?: SarifMessage;
}

interface SarifLogicalLocation {
  name?: string;
  fullyQualifiedName?: string;
  decoratedName?: string;
  kind?: string;
}

interface SarifLocation {
  physicalLocation?: { artifactLocation: SarifArtifactLocation };
  logicalLocations?: SarifLogicalLocation[];
  message?: SarifMessage;
  properties?: Record<string, unknown>;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: Record<string, unknown>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind?: 'pass' | 'fail';
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged' | 'absent';
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string; properties?: Record<string, unknown> }>;
  properties: Record<string, unknown>;
}

/** The SARIF log of a report, as JSON text (sorted keys, two-space indent, trailing newline). */
export function renderSarif(model: ReportModel, checks: readonly Check<unknown>[]): string {
  return `${stableStringify(sarifLog(model, checks))}\n`;
}

/** The SARIF log of a report as an object (what `renderSarif` prints). */
export function sarifLog(model: ReportModel, checks: readonly Check<unknown>[]): Record<string, unknown> {
  const rules = rulesOf(model, checks);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const indexOf = (id: string): number => ruleIndex.get(id)!;
  const targetUri = encodePath(model.target.file);

  const results: SarifResult[] = model.findings.map((f) => resultOf(f, indexOf(f.checkId), targetUri));
  for (const f of model.fixed ?? []) {
    const { shown, more } = locationsOf(f.locations, targetUri);
    results.push({
      ruleId: f.checkId,
      ruleIndex: indexOf(f.checkId),
      kind: 'pass',
      level: 'none',
      message: { text: f.title },
      locations: shown,
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
      baselineState: 'absent',
      properties: { severity: f.severity, ...(more > 0 ? { moreLocations: more } : {}) },
    });
  }

  const failed = model.scope.checksFailed;
  const invocation = {
    executionSuccessful: failed.length === 0,
    ...(model.generatedAt ? { endTimeUtc: model.generatedAt } : {}),
    ...(failed.length > 0
      ? {
          toolExecutionNotifications: [...failed]
            .sort((a, b) => cmp(a.checkId, b.checkId))
            .map((f) => ({
              level: 'error',
              message: { text: `Check ${f.checkId} failed and reported nothing (${f.code}): ${f.message}` },
              associatedRule: ruleIndex.has(f.checkId) ? { id: f.checkId, index: indexOf(f.checkId) } : { id: f.checkId },
              properties: { code: f.code },
            })),
        }
      : {}),
  };

  const appId = appIdOf(model.app);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: model.tool.name,
            version: model.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(model.tool.version) ? { semanticVersion: model.tool.version } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        // GitHub code scanning keeps one set of alerts per category: one per platform and app.
        automationDetails: { id: `dfslab/${model.scope.platform}/${appId}/` },
        language: model.lang,
        originalUriBaseIds: {
          [SARIF_URI_BASE_ID]: {
            description: {
              text: `The contents of the audited file ${model.target.file}: result paths are paths inside this archive (in a split set, below the APK of the set).`,
            },
          },
        },
        artifacts: [
          {
            location: { uri: targetUri },
            description: { text: model.app.platform === 'ussd' ? `The transcript of the USSD test run against ${appId}.` : `The audited ${PLATFORM_TITLE[model.app.platform]} app (${appId}).` },
            length: model.target.size,
            roles: ['analysisTarget'],
            hashes: { 'sha-256': model.target.sha256, 'sha-1': model.target.sha1, md5: model.target.md5 },
          },
        ],
        invocations: [invocation],
        results,
        properties: {
          reportVersion: model.reportVersion,
          app: model.app,
          score: model.score.score,
          grade: model.score.grade,
          scoreGrade: model.score.grade === model.score.scoreGrade ? undefined : model.score.scoreGrade,
          method: model.scope.method,
          summary: model.summary,
          ...(model.scope.suppressionsFile ? { suppressionsFile: model.scope.suppressionsFile } : {}),
          ...(model.scope.baselineFile ? { baselineFile: model.scope.baselineFile } : {}),
          ...(model.scope.restriction ? { restriction: model.scope.restriction } : {}),
          ...(model.anomalies.length > 0 ? { anomalies: model.anomalies } : {}),
        },
      },
    ],
  };
}

/** One rule per check that ran (and per check a result names, should a baseline hold a check that did not). */
function rulesOf(model: ReportModel, checks: readonly Check<unknown>[]): SarifRule[] {
  const messages = messagesFor(model.lang);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const seenIn = new Map<string, Pick<ReportFinding, 'title' | 'severity'> & Partial<Pick<ReportFinding, 'confidence' | 'references' | 'remediation'>>>();
  for (const f of [...(model.fixed ?? []), ...model.findings]) seenIn.set(f.checkId, f);
  const ids = [...new Set([...model.scope.checksRun, ...seenIn.keys()])].sort(cmp);
  return ids.map((id) => {
    const check = byId.get(id);
    const seen = seenIn.get(id);
    const meta = check?.meta;
    const translated = messages.check(id);
    const title = translated?.title ?? meta?.title ?? seen?.title ?? id;
    const remediation = translated?.remediation ?? meta?.remediation ?? seen?.remediation ?? '';
    const severity = meta?.severity ?? seen?.severity ?? 'info';
    const confidence = meta?.confidence ?? seen?.confidence;
    const refs = meta?.references ?? seen?.references ?? { masvs: [], maswe: [], cwe: [], dfs: [] };
    const sections: Array<[string, string]> = [];
    if (meta?.description) sections.push(['', meta.description]);
    if (meta?.manual) sections.push(['How to verify manually', meta.manual]);
    if (remediation) sections.push(['Remediation', remediation]);
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: title },
      ...(meta?.description ? { fullDescription: { text: meta.description } } : {}),
      ...(sections.length > 0
        ? {
            help: {
              text: sections.map(([h, body]) => (h ? `${h}: ${body}` : body)).join('\n\n'),
              markdown: sections.map(([h, body]) => (h ? `**${h}**\n\n${body}` : body)).join('\n\n'),
            },
          }
        : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        'security-severity': SECURITY_SEVERITY[severity],
        ...(confidence ? { precision: PRECISION[confidence] } : {}),
        tags: [...new Set(['security', ...refs.masvs, ...refs.maswe, ...refs.cwe.map(cweTag), ...refs.dfs])],
        severity,
        ...(meta ? { family: meta.family, kind: meta.kind } : {}),
      },
    };
  });
}

function resultOf(f: ReportFinding, ruleIndex: number, targetUri: string): SarifResult {
  const { shown, more } = locationsOf(f.locations, targetUri);
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: shown,
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: f.suppression.reason,
              properties: { by: f.suppression.by, source: f.suppression.source, ...(f.suppression.expires ? { expires: f.suppression.expires } : {}) },
            },
          ],
        }
      : {}),
    properties: {
      title: f.title,
      severity: f.severity,
      confidence: f.confidence,
      status: f.status,
      references: f.references,
      areas: f.areas,
      masvsCategories: f.masvsCategories,
      evidence: f.evidence,
      ...(f.baseline ? { baseline: f.baseline } : {}),
      ...(f.expiredSuppression ? { expiredSuppression: f.expiredSuppression } : {}),
      ...(more > 0 ? { moreLocations: more } : {}),
    },
  };
}

function locationsOf(locations: readonly Location[], targetUri: string): { shown: SarifLocation[]; more: number } {
  if (locations.length === 0) {
    return { shown: [{ physicalLocation: { artifactLocation: { uri: targetUri, index: 0 } }, message: { text: 'The app as a whole.' } }], more: 0 };
  }
  const shown = locations.slice(0, SARIF_MAX_LOCATIONS).map(locationOf);
  return { shown, more: locations.length - shown.length };
}

function locationOf(loc: Location): SarifLocation {
  const out: SarifLocation = {};
  const uri = loc.path !== undefined ? encodePath(loc.archive !== undefined ? `${loc.archive}/${loc.path}` : loc.path) : undefined;
  if (uri) out.physicalLocation = { artifactLocation: { uri, uriBaseId: SARIF_URI_BASE_ID } };
  const logical = logicalLocationsOf(loc);
  if (logical.length > 0) out.logicalLocations = logical;
  const notes: string[] = [];
  if (loc.call !== undefined) notes.push(`calls ${loc.call}`);
  if (loc.attribute !== undefined) notes.push(`attribute ${loc.attribute}`);
  if (loc.pc !== undefined) notes.push(`at instruction offset ${loc.pc} (16-bit code units from the start of the method)`);
  if (loc.library) notes.push('in third-party library code');
  if (loc.archive !== undefined && loc.path === undefined) notes.push(`in ${loc.archive}`);
  if (notes.length > 0) out.message = { text: `${capitalize(notes.join(', '))}.` };
  const properties: Record<string, unknown> = {
    archive: loc.archive,
    call: loc.call,
    attribute: loc.attribute,
    pc: loc.pc,
    library: loc.library,
  };
  if (Object.values(properties).some((v) => v !== undefined)) out.properties = properties;
  return out;
}

function logicalLocationsOf(loc: Location): SarifLogicalLocation[] {
  const out: SarifLogicalLocation[] = [];
  if (loc.class !== undefined && loc.method !== undefined) {
    const m = parseMethod(loc.method);
    out.push({
      name: m.name,
      fullyQualifiedName: `${loc.class}.${m.readable}`,
      ...(m.descriptor ? { decoratedName: `L${loc.class.replace(/\./g, '/')};->${loc.method}` } : {}),
      kind: 'function',
    });
  } else if (loc.class !== undefined) {
    out.push({ name: loc.class.slice(loc.class.lastIndexOf('.') + 1), fullyQualifiedName: loc.class, kind: 'type' });
  } else if (loc.method !== undefined) {
    const m = parseMethod(loc.method);
    out.push({ name: m.name, fullyQualifiedName: m.readable, kind: 'function' });
  }
  if (loc.element !== undefined) {
    out.push({ name: lastElement(loc.element), fullyQualifiedName: loc.element, kind: 'element' });
  }
  // Plist and resource key paths may contain dots inside one key (domain names), so the path stays whole.
  if (loc.key !== undefined) out.push({ name: loc.key, fullyQualifiedName: loc.key, kind: 'member' });
  // A symbol may be a native function, a data symbol or a resource name: no kind is claimed.
  if (loc.symbol !== undefined) out.push({ name: loc.symbol, fullyQualifiedName: loc.symbol });
  return out;
}

/** `login(Ljava/lang/String;I)Z` → name `login`, readable `login(String, int)`; other forms stay as they are. */
function parseMethod(method: string): { name: string; readable: string; descriptor: boolean } {
  const m = /^([^(]+)\(([^)]*)\)(.+)$/.exec(method);
  if (!m) return { name: method, readable: method, descriptor: false };
  const params = descriptorTypes(m[2]!);
  if (!params) return { name: m[1]!, readable: method, descriptor: false };
  return { name: m[1]!, readable: `${m[1]!}(${params.join(', ')})`, descriptor: true };
}

const PRIMITIVES: Readonly<Record<string, string>> = { Z: 'boolean', B: 'byte', S: 'short', C: 'char', I: 'int', J: 'long', F: 'float', D: 'double', V: 'void' };

/** The parameter list of a DEX method descriptor as simple Java type names (Dalvik "TypeDescriptor" syntax). */
function descriptorTypes(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let dims = 0;
    while (s[i] === '[') {
      dims++;
      i++;
    }
    const c = s[i];
    let base: string;
    if (c === 'L') {
      const end = s.indexOf(';', i);
      if (end < 0) return undefined;
      const full = s.slice(i + 1, end);
      base = full.slice(full.lastIndexOf('/') + 1);
      i = end + 1;
    } else if (c !== undefined && Object.hasOwn(PRIMITIVES, c)) {
      base = PRIMITIVES[c]!;
      i++;
    } else {
      return undefined;
    }
    out.push(base + '[]'.repeat(dims));
  }
  return out;
}

/** `manifest/application/activity[com.x.Main]` → `activity[com.x.Main]` (a class name's dots are not separators). */
function lastElement(element: string): string {
  let depth = 0;
  for (let i = element.length - 1; i >= 0; i--) {
    const c = element[i];
    if (c === ']') depth++;
    else if (c === '[') depth--;
    else if (c === '/' && depth === 0) return element.slice(i + 1);
  }
  return element;
}

/**
 * A path inside the archive as a relative URI reference: each segment percent-encoded (RFC 3986 §2.1), empty
 * segments dropped (a leading `/` would make it absolute) and dot segments encoded, so that resolving it
 * against `APPROOT` can never leave the archive.
 */
function encodePath(path: string): string {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s)));
  return segments.length > 0 ? segments.join('/') : '%2E';
}

function cweTag(id: string): string {
  const n = /^CWE-(\d+)$/i.exec(id);
  return n ? `external/cwe/cwe-${n[1]!}` : id;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function capitalize(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
