/**
 * @module report/model
 * The one report structure every output format is rendered from (JSON, SARIF, HTML, PDF, CSV, OSCAL). It is
 * built from an audit result, the catalog and the check metadata, and holds everything a reader needs: who
 * and what was audited, the scope and method, the score with its reasoning, the findings grouped by DFS
 * recommendation area and by MASVS category, the protections found, and the coverage of the catalog (which
 * recommendations were checked automatically, and the manual checklist for the rest).
 *
 * Deterministic: no clock is read here; `generatedAt` is only set when the caller passes a date, and the
 * renderers that need one (OSCAL) take it from the model.
 */
import type { AuditResult } from '../audit.js';
import type { Catalog, CatalogItem } from '../catalog/index.js';
import type { Check } from '../checks/types.js';
import { scoreFindings, type Score } from '../findings/score.js';
import { SEVERITIES, severityRank, type Finding, type Pass, type Severity } from '../findings/types.js';
import { messagesFor, type Lang, type Messages } from './i18n/index.js';

export type { Lang };

/** Why a finding is not counted, when it is not. */
export interface SuppressionInfo {
  reason: string;
  by: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  expires?: string;
  /** Where the suppression was written (`file:line`). */
  source: string;
}

export interface ReportFinding extends Finding {
  /** `open` counts in the score; `suppressed` was accepted with a reason. */
  status: 'open' | 'suppressed';
  suppression?: SuppressionInfo;
  /** A suppression matched but has expired: the finding is open again, and the report says so. */
  expiredSuppression?: SuppressionInfo;
  /** Against a baseline: `new` (not in the baseline) or `unchanged`. Absent without a baseline. */
  baseline?: 'new' | 'unchanged';
  /** The DFS recommendation areas of the catalog items the finding references (report order). */
  areas: string[];
  /** MASVS categories (`MASVS-NETWORK`) of the MASVS controls the finding references. */
  masvsCategories: string[];
}

export type CoverageResult = 'fail' | 'pass' | 'no-finding' | 'not-run';

export interface CoverageCheck {
  checkId: string;
  title: string;
  /** `fail`: it reported a finding; `pass`: it found the protection; `no-finding`: it ran and found nothing; `not-run`: deselected or failed. */
  result: CoverageResult;
}

export interface CoverageRow {
  itemId: string;
  title: string;
  area: string;
  /** `automated`: at least one check of this platform covers the item; `manual`: a person must test it. */
  mode: 'automated' | 'manual';
  /** Worst result over the covering checks (`fail` > `pass` > `no-finding` > `not-run`); absent when manual. */
  result?: CoverageResult;
  checks: CoverageCheck[];
  /** Verification methods of the item (SA-APK, DYN-APP, EVID …). */
  verification: string[];
  /** True when the item also needs a test beyond static analysis (dynamic, server, evidence, questionnaire). */
  manualPart: boolean;
  /** How a person tests it (from the catalog), for the manual checklist. */
  howToTest?: string;
  /** `app`: the item is about the audited app; `other`: another channel or the provider's organisation. */
  scope: 'app' | 'other';
}

export interface FindingGroup {
  /** Area name or MASVS category id. */
  key: string;
  title: string;
  /** Fingerprints of the findings in the group, in report order. */
  findings: string[];
  bySeverity: Record<Severity, number>;
}

export interface ReportModel {
  reportVersion: 1;
  lang: Lang;
  tool: AuditResult['tool'];
  target: AuditResult['target'];
  app: AuditResult['app'];
  /** ISO timestamp, only when the caller asked for one (outputs stay byte-identical otherwise). */
  generatedAt?: string;
  scope: {
    platform: 'android' | 'ios' | 'ussd';
    checksRun: string[];
    checksFailed: AuditResult['checks']['failed'];
    /** Verification method of this audit in the catalog vocabulary (SA-APK, SA-IPA, or DYN-USSD for a USSD run). */
    method: 'SA-APK' | 'SA-IPA' | 'DYN-USSD';
    catalogItems: number;
    suppressionsFile?: string;
    baselineFile?: string;
    /** What this report leaves out (see BuildReportOptions.restriction). */
    restriction?: string;
  };
  summary: {
    findings: number;
    open: number;
    suppressed: number;
    /** Open findings by severity. */
    bySeverity: Record<Severity, number>;
    passes: number;
    /** With a baseline: findings not in it, and baseline findings no longer present. */
    newFindings?: number;
    fixedFindings?: number;
    coverage: { automated: number; manual: number; failed: number; passed: number; appItems: number };
  };
  score: Score;
  /** Open findings first (worst severity first), then suppressed ones. */
  findings: ReportFinding[];
  /** With a baseline: the findings of the baseline that are gone (fixed or no longer detected). */
  fixed?: Array<Pick<Finding, 'checkId' | 'title' | 'severity' | 'fingerprint' | 'locations'>>;
  passes: Pass[];
  byArea: FindingGroup[];
  byMasvs: FindingGroup[];
  coverage: CoverageRow[];
  anomalies: AuditResult['anomalies'];
}

export interface BuildReportOptions {
  lang?: Lang;
  catalog: Catalog;
  /** The checks of the engine (for titles, remediation and the coverage of the catalog). */
  checks: readonly Check<unknown>[];
  /** Suppression state per finding fingerprint (from findings/suppress). */
  suppressions?: ReadonlyMap<string, { active?: SuppressionInfo; expired?: SuppressionInfo }>;
  suppressionsFile?: string;
  /** Fingerprints present in the baseline, and the baseline's findings (for the fixed list). */
  baseline?: { file: string; findings: readonly Finding[] };
  /** Stamp the report with this time (OSCAL needs one; default none). */
  generatedAt?: Date;
  /**
   * Set when the result given was cut down for its reader (e.g. only the findings the lab released to a
   * provider): one sentence saying what is left out, shown at the top of the report and kept in every format.
   */
  restriction?: string;
}

const COVERAGE_ORDER: Record<CoverageResult, number> = { fail: 3, pass: 2, 'no-finding': 1, 'not-run': 0 };

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function masvsCategory(id: string): string {
  return id.replace(/-\d+$/, '');
}

/** Report order of findings: open before suppressed, worse severity first, then check id, then fingerprint. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  const s = severityRank(b.severity) - severityRank(a.severity);
  if (s !== 0) return s;
  if (a.checkId !== b.checkId) return a.checkId < b.checkId ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

/** Title and remediation of a check in the report language (English from the check when untranslated). */
export function localizedCheck(messages: Messages, check: Check<unknown> | undefined, checkId: string, fallback: { title: string; remediation: string }): { title: string; remediation: string } {
  const t = messages.check(checkId);
  return {
    title: t?.title ?? check?.meta.title ?? fallback.title,
    remediation: t?.remediation ?? check?.meta.remediation ?? fallback.remediation,
  };
}

export function buildReport(result: AuditResult, options: BuildReportOptions): ReportModel {
  const lang = options.lang ?? 'en';
  const messages = messagesFor(lang);
  const { catalog } = options;
  const platform = result.app.platform;
  const checksById = new Map(options.checks.map((c) => [c.id, c]));
  const areaOrder = catalog.areas();

  const findings: ReportFinding[] = result.findings.map((f) => {
    const s = options.suppressions?.get(f.fingerprint);
    const areas = [...new Set(f.references.dfs.map((id) => catalog.get(id)?.area).filter((a): a is string => a !== undefined))].sort(
      (a, b) => areaOrder.indexOf(a) - areaOrder.indexOf(b),
    );
    const masvsCategories = [...new Set(f.references.masvs.map(masvsCategory))].sort();
    const text = localizedCheck(messages, checksById.get(f.checkId), f.checkId, f);
    return {
      ...f,
      ...text,
      status: s?.active ? 'suppressed' : 'open',
      ...(s?.active ? { suppression: s.active } : {}),
      ...(s?.expired && !s.active ? { expiredSuppression: s.expired } : {}),
      areas,
      masvsCategories,
    };
  });

  let fixed: ReportModel['fixed'];
  if (options.baseline) {
    const before = new Set(options.baseline.findings.map((f) => f.fingerprint));
    const now = new Set(findings.map((f) => f.fingerprint));
    for (const f of findings) f.baseline = before.has(f.fingerprint) ? 'unchanged' : 'new';
    fixed = options.baseline.findings
      .filter((f) => !now.has(f.fingerprint))
      .map((f) => ({ checkId: f.checkId, title: f.title, severity: f.severity, fingerprint: f.fingerprint, locations: f.locations }))
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.fingerprint < b.fingerprint ? -1 : 1));
  }
  findings.sort(compareFindings);
  const open = findings.filter((f) => f.status === 'open');
  const bySeverity = emptyCounts();
  for (const f of open) bySeverity[f.severity]++;

  const passes = result.passes.map((p) => ({ ...p, title: localizedCheck(messages, checksById.get(p.checkId), p.checkId, { title: p.title, remediation: '' }).title }));

  const group = (keyOf: (f: ReportFinding) => string[], titleOf: (k: string) => string, order: (a: string, b: string) => number): FindingGroup[] => {
    const groups = new Map<string, FindingGroup>();
    for (const f of findings) {
      for (const k of keyOf(f)) {
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { key: k, title: titleOf(k), findings: [], bySeverity: emptyCounts() }));
        g.findings.push(f.fingerprint);
        if (f.status === 'open') g.bySeverity[f.severity]++;
      }
    }
    return [...groups.values()].sort((a, b) => order(a.key, b.key));
  };
  const noArea = messages.ui('report.area.none');
  const byArea = group(
    (f) => (f.areas.length ? f.areas : [noArea]),
    (k) => messages.area(k) ?? k,
    (a, b) => rankOf(areaOrder, a) - rankOf(areaOrder, b),
  );
  const byMasvs = group(
    (f) => f.masvsCategories,
    (k) => k,
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );

  const coverage = coverageOf(result, catalog, options.checks, platform, messages);
  const score = scoreFindings(open);
  const method = METHOD_OF[platform];
  return {
    reportVersion: 1,
    lang,
    tool: result.tool,
    target: result.target,
    app: result.app,
    ...(options.generatedAt ? { generatedAt: options.generatedAt.toISOString() } : {}),
    scope: {
      platform,
      checksRun: result.checks.run,
      checksFailed: result.checks.failed,
      method,
      catalogItems: catalog.items.size,
      ...(options.suppressionsFile ? { suppressionsFile: options.suppressionsFile } : {}),
      ...(options.baseline ? { baselineFile: options.baseline.file } : {}),
      ...(options.restriction ? { restriction: options.restriction } : {}),
    },
    summary: {
      findings: findings.length,
      open: open.length,
      suppressed: findings.length - open.length,
      bySeverity,
      passes: passes.length,
      ...(options.baseline ? { newFindings: findings.filter((f) => f.baseline === 'new').length, fixedFindings: fixed!.length } : {}),
      coverage: {
        automated: coverage.filter((r) => r.mode === 'automated').length,
        manual: coverage.filter((r) => r.mode === 'manual' || r.manualPart).length,
        failed: coverage.filter((r) => r.result === 'fail').length,
        passed: coverage.filter((r) => r.result === 'pass' || r.result === 'no-finding').length,
        appItems: coverage.filter((r) => r.scope === 'app').length,
      },
    },
    score,
    findings,
    ...(fixed ? { fixed } : {}),
    passes,
    byArea,
    byMasvs,
    coverage,
    anomalies: result.anomalies,
  };
}

function rankOf(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

const STATIC_METHODS = new Set(['SA-APK', 'SA-IPA']);

/** The catalog's verification method that each kind of dfslab run performs. */
const METHOD_OF = { android: 'SA-APK', ios: 'SA-IPA', ussd: 'DYN-USSD' } as const;

/** For every DFS item: which checks of this platform cover it and with what result, or the manual test. */
function coverageOf(result: AuditResult, catalog: Catalog, checks: readonly Check<unknown>[], platform: 'android' | 'ios' | 'ussd', messages: Messages): CoverageRow[] {
  const ran = new Set(result.checks.run);
  const failedChecks = new Set(result.checks.failed.map((f) => f.checkId));
  const withFinding = new Set(result.findings.map((f) => f.checkId));
  const withPass = new Set(result.passes.map((p) => p.checkId));
  const covering = new Map<string, Check<unknown>[]>();
  for (const c of checks) {
    if (c.platform !== platform) continue;
    for (const id of c.meta.references.dfs) {
      const list = covering.get(id) ?? [];
      list.push(c);
      covering.set(id, list);
    }
  }
  const ownMethod = METHOD_OF[platform];
  const rows: CoverageRow[] = [];
  for (const item of catalog.items.values()) {
    const cs = (covering.get(item.id) ?? []).slice().sort((a, b) => (a.id < b.id ? -1 : 1));
    const checkRows: CoverageCheck[] = cs.map((c) => ({
      checkId: c.id,
      title: messages.check(c.id)?.title ?? c.meta.title,
      result: !ran.has(c.id) || failedChecks.has(c.id) ? 'not-run' : withFinding.has(c.id) ? 'fail' : withPass.has(c.id) ? 'pass' : 'no-finding',
    }));
    const automated = checkRows.length > 0;
    const result = automated ? checkRows.reduce<CoverageResult>((w, r) => (COVERAGE_ORDER[r.result] > COVERAGE_ORDER[w] ? r.result : w), 'not-run') : undefined;
    rows.push({
      itemId: item.id,
      title: messages.item(item.id)?.title ?? item.title,
      area: item.area,
      mode: automated ? 'automated' : 'manual',
      ...(result ? { result } : {}),
      checks: checkRows,
      verification: item.verification,
      manualPart: item.verification.some((v) => v !== ownMethod && !STATIC_METHODS.has(v)),
      ...(item.howToTest ? { howToTest: messages.item(item.id)?.howToTest ?? item.howToTest } : {}),
      scope: (platform === 'ussd' ? isUssdItem(item) : isAppItem(item, ownMethod)) ? 'app' : 'other',
    });
  }
  return rows;
}

/** For a USSD run, the items "about the subject" are those a USSD test can verify. */
function isUssdItem(item: CatalogItem): boolean {
  return item.verification.includes('DYN-USSD') || item.area.startsWith('USSD');
}

function isAppItem(item: CatalogItem, ownMethod: string): boolean {
  return item.verification.includes(ownMethod) || item.verification.includes('DYN-APP') || item.area.startsWith('App:');
}
