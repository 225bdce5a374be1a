/**
 * @module report/engagement
 * The engagement report: the deliverable a lab hands to the audited provider at the end of an engagement
 * (one audit of one provider, several apps and channels, automated scans and manual tests, a review). Unlike
 * the scan report (report/model.ts), which the engine builds from one audit result, this model is gathered
 * by the platform from its database (platform/services/engagement-report.ts) and only rendered here, so the
 * report layer stays free of the platform.
 *
 * Formats: json (the model), html (self-contained, script-free, with a cover page), csv (one line per plan
 * row and per finding, a `record` column tells which), pdf (the HTML printed by Chromium, report/pdf.ts),
 * sarif (one run per linked scan with the findings it saw, plus one run for the manual findings) and oscal
 * (an assessment-results document whose controls are the plan's catalog items).
 *
 * Determinism: every renderer first puts the model in a canonical order (`canonicalEngagementReport`, explicit
 * comparators on every list, never the database's row order). `generatedAt` is the only time of rendering:
 * json, csv and sarif leave it out altogether (so they are byte-identical whatever the render date); html,
 * pdf and oscal print it. Uuids in OSCAL are name-based (report/uuid.ts), never random.
 */
import type { Location, References, Severity } from '../findings/types.js';
import { SEVERITIES, severityRank } from '../findings/types.js';
import { VERSION } from '../version.js';
import { csvCell } from './csv.js';
import { esc } from './html-escape.js';
import { renderMarkdown, REPORT_CSP } from './html.js';
import { formatLocation } from './location.js';
import { contentDigest, dfslabProp, markdownCode, markdownText, OSCAL_VERSION, oscalControlId, oscalStatementId, type OscalProp } from './oscal-catalog.js';
import { stableStringify } from './stable-json.js';
import { uuidV5 } from './uuid.js';

// ─── The model ──────────────────────────────────────────────────────────────────────────────────────────

export const ENGAGEMENT_REPORT_FORMATS = ['json', 'sarif', 'html', 'pdf', 'csv', 'oscal'] as const;
export type EngagementReportFormat = (typeof ENGAGEMENT_REPORT_FORMATS)[number];

/** File name extension of each format. */
export const ENGAGEMENT_FORMAT_EXTENSION: Readonly<Record<EngagementReportFormat, string>> = {
  json: '.json',
  sarif: '.sarif',
  html: '.html',
  pdf: '.pdf',
  csv: '.csv',
  oscal: '.oscal.json',
};

export type PlanResult = 'pass' | 'fail' | 'not_applicable' | 'not_tested';
export type EngagementFindingStatus = 'open' | 'confirmed' | 'false_positive' | 'accepted' | 'assigned' | 'fixed';

export interface EngagementReportApp {
  appId: string;
  name: string;
  platform: 'android' | 'ios' | 'ussd';
  identifier: string;
  /** The version in scope, when the plan named one. */
  version: string | null;
}

export interface EngagementReportMember {
  name: string;
  role: 'lead' | 'auditor' | 'reviewer';
  organisation: string;
}

export interface EngagementReportApproval {
  reviewer: string;
  organisation: string;
  round: number;
  /** ISO timestamp. */
  at: string;
}

/** A review decision as recorded (approvals that a later change withdrew included). Lab readers only. */
export interface EngagementReportDecision extends EngagementReportApproval {
  decision: 'approve' | 'request_changes';
  body: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export interface EngagementReportComment {
  author: string;
  organisation: string;
  round: number;
  target: 'engagement' | 'row' | 'finding';
  /** The plan item id or finding id the comment is on. */
  targetId: string | null;
  body: string;
  at: string;
}

export interface EngagementReportPlanRow {
  position: number;
  itemId: string;
  title: string;
  mode: 'automated' | 'manual';
  /** Recorded (manual) or computed from the linked scans (automated); null: no result. */
  result: PlanResult | null;
  /** The tester's notes on a manual row (absent in the provider's copy). */
  notes?: string | null;
  severity: Severity | null;
  /** The app a manual result is about, when the tester named one. */
  app: string | null;
  testedBy: string | null;
  testedAt: string | null;
  evidence: number;
  /** Automated rows: the covering checks on the channels in scope. */
  checks: string[];
  /** Automated rows: the linked scans that ran a covering check. */
  scans: string[];
  /** The findings of the row (ids of `findings`): a manual row's own finding, or an automated row's checks' findings. */
  findings: string[];
}

export interface EngagementReportScan {
  scanId: string;
  app: string;
  kind: 'android' | 'ios' | 'ussd';
  status: string;
  version: string | null;
  score: number | null;
  grade: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface EngagementReportResponse {
  plan: string;
  targetDate: string | null;
  fixed: boolean;
  by: string;
  at: string;
}

export interface EngagementReportFinding {
  id: string;
  source: 'scan' | 'manual';
  severity: Severity;
  status: EngagementFindingStatus;
  title: string;
  checkId: string;
  fingerprint: string;
  app: string;
  message: string;
  confidence: 'high' | 'medium' | 'low' | null;
  locations: Location[];
  evidence: string[];
  remediation: string;
  references: References;
  /** Linked scans that saw it. */
  scans: string[];
  /** Plan items it belongs to. */
  items: string[];
  releasedAt: string | null;
  dueAt: string | null;
  /** The lab's triage reason (false positive, accepted risk). Lab readers only. */
  triageNote?: string | null;
  /** The provider's latest answer. */
  response: EngagementReportResponse | null;
}

export interface EngagementReportEvidence {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  /** The plan item the file documents, or null (a provider's response file). */
  itemId: string | null;
  /** Set when the file came with a provider's remediation response. */
  forResponse: boolean;
}

export interface EngagementReportSummary {
  plan: { total: number; automated: number; manual: number; pass: number; fail: number; not_applicable: number; not_tested: number; pending: number };
  findings: { total: number; bySeverity: Record<Severity, number>; byStatus: Record<EngagementFindingStatus, number>; manual: number; fromScans: number };
  scans: number;
  evidence: number;
}

export interface EngagementReport {
  reportVersion: 1;
  kind: 'engagement-report';
  tool: { name: string; version: string };
  /** The time of rendering, the only one (printed by html, pdf and oscal only). */
  generatedAt: string;
  /** `lab`: the full report for the lab's staff and the team; `provider`: the delivered copy. */
  audience: 'lab' | 'provider';
  /** True while the engagement is before delivery: the cover says "Draft — not approved". */
  draft: boolean;
  /** What the provider's copy leaves out (absent in the lab's). */
  restriction?: string;
  engagement: {
    id: string;
    title: string;
    type: 'audit' | 'training';
    lab: string;
    provider: string;
    profile: { id: string; title: string };
    channels: string[];
    phase: string;
    startsOn: string | null;
    endsOn: string | null;
    deliveredAt: string | null;
    closedAt: string | null;
  };
  scope: EngagementReportApp[];
  team: EngagementReportMember[];
  review: {
    rounds: number;
    approvalsRequired: number;
    /** Active approvals of the last round (withdrawn ones are not approvals). */
    approvals: EngagementReportApproval[];
    /** Lab readers only: every decision of every round, withdrawn ones with why. */
    decisions?: EngagementReportDecision[];
    /** Lab readers only. */
    comments?: EngagementReportComment[];
  };
  summary: EngagementReportSummary;
  plan: EngagementReportPlanRow[];
  scans: EngagementReportScan[];
  findings: EngagementReportFinding[];
  evidence: EngagementReportEvidence[];
}

// ─── Canonical order ────────────────────────────────────────────────────────────────────────────────────

function cmp(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** First non-zero comparison. */
function by<T>(...keys: Array<(a: T, b: T) => number>): (a: T, b: T) => number {
  return (a, b) => {
    for (const k of keys) {
      const r = k(a, b);
      if (r !== 0) return r;
    }
    return 0;
  };
}

const ROLE_ORDER: Readonly<Record<EngagementReportMember['role'], number>> = { lead: 0, auditor: 1, reviewer: 2 };
const STATUS_ORDER: Readonly<Record<EngagementFindingStatus, number>> = { open: 0, confirmed: 1, assigned: 2, accepted: 3, fixed: 4, false_positive: 5 };
const STATUSES = Object.keys(STATUS_ORDER) as EngagementFindingStatus[];

/** Report order of findings: worse severity first, unresolved before resolved, then check, app, fingerprint, id. */
export function compareEngagementFindings(a: EngagementReportFinding, b: EngagementReportFinding): number {
  return by<EngagementReportFinding>(
    (x, y) => severityRank(y.severity) - severityRank(x.severity),
    (x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status],
    (x, y) => cmp(x.checkId, y.checkId),
    (x, y) => cmp(x.app, y.app),
    (x, y) => cmp(x.fingerprint, y.fingerprint),
    (x, y) => cmp(x.id, y.id),
  )(a, b);
}

const sortedStrings = (xs: readonly string[]): string[] => [...new Set(xs)].sort(cmp);

/**
 * The model with every list in its one report order, so that two gatherings of the same data render the same
 * bytes whatever order the database returned rows in. Every renderer starts from this.
 */
export function canonicalEngagementReport(r: EngagementReport): EngagementReport {
  const review: EngagementReport['review'] = {
    rounds: r.review.rounds,
    approvalsRequired: r.review.approvalsRequired,
    approvals: [...r.review.approvals].sort(by((a, b) => cmp(a.round, b.round), (a, b) => cmp(a.at, b.at), (a, b) => cmp(a.reviewer, b.reviewer), (a, b) => cmp(a.organisation, b.organisation))),
  };
  if (r.review.decisions) {
    review.decisions = [...r.review.decisions].sort(
      by((a, b) => cmp(a.round, b.round), (a, b) => cmp(a.at, b.at), (a, b) => cmp(a.reviewer, b.reviewer), (a, b) => cmp(a.decision, b.decision), (a, b) => cmp(a.body, b.body)),
    );
  }
  if (r.review.comments) {
    review.comments = [...r.review.comments].sort(
      by((a, b) => cmp(a.round, b.round), (a, b) => cmp(a.at, b.at), (a, b) => cmp(a.author, b.author), (a, b) => cmp(a.target, b.target), (a, b) => cmp(a.targetId, b.targetId), (a, b) => cmp(a.body, b.body)),
    );
  }
  return {
    ...r,
    engagement: { ...r.engagement, profile: { ...r.engagement.profile }, channels: [...r.engagement.channels] },
    scope: [...r.scope].sort(by((a, b) => cmp(a.platform, b.platform), (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()), (a, b) => cmp(a.identifier, b.identifier), (a, b) => cmp(a.appId, b.appId))),
    team: [...r.team].sort(by((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role], (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()), (a, b) => cmp(a.name, b.name), (a, b) => cmp(a.organisation, b.organisation))),
    review,
    plan: r.plan
      .map((row) => ({ ...row, checks: sortedStrings(row.checks), scans: sortedStrings(row.scans), findings: sortedStrings(row.findings) }))
      .sort(by((a, b) => a.position - b.position, (a, b) => cmp(a.itemId, b.itemId))),
    scans: [...r.scans].sort(by((a, b) => cmp(a.createdAt, b.createdAt), (a, b) => cmp(a.scanId, b.scanId))),
    findings: r.findings.map((f) => ({ ...f, scans: sortedStrings(f.scans), items: sortedStrings(f.items) })).sort(compareEngagementFindings),
    evidence: [...r.evidence].sort(by((a, b) => cmp(a.uploadedAt, b.uploadedAt), (a, b) => cmp(a.fileName, b.fileName), (a, b) => cmp(a.id, b.id))),
  };
}

/** The summary counts of a model's plan, findings, scans and evidence. */
export function summarizeEngagement(r: Pick<EngagementReport, 'plan' | 'findings' | 'scans' | 'evidence'>): EngagementReportSummary {
  const plan = { total: r.plan.length, automated: 0, manual: 0, pass: 0, fail: 0, not_applicable: 0, not_tested: 0, pending: 0 };
  for (const row of r.plan) {
    plan[row.mode]++;
    if (row.result) plan[row.result]++;
    else plan.pending++;
  }
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<EngagementFindingStatus, number>;
  for (const f of r.findings) {
    bySeverity[f.severity]++;
    byStatus[f.status]++;
  }
  const manual = r.findings.filter((f) => f.source === 'manual').length;
  return { plan, findings: { total: r.findings.length, bySeverity, byStatus, manual, fromScans: r.findings.length - manual }, scans: r.scans.length, evidence: r.evidence.length };
}

// ─── Render entry point ─────────────────────────────────────────────────────────────────────────────────

export interface RenderEngagementOptions {
  /** For PDF: the Chromium executable (default: CHROMIUM_PATH, then the usual system paths). */
  chromiumPath?: string;
}

/** The report in one format. PDF loads playwright-core on first use only. */
export async function renderEngagementReport(report: EngagementReport, format: EngagementReportFormat, o: RenderEngagementOptions = {}): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return renderEngagementJson(report);
    case 'csv':
      return renderEngagementCsv(report);
    case 'sarif':
      return renderEngagementSarif(report);
    case 'html':
      return renderEngagementHtml(report);
    case 'oscal':
      return renderEngagementOscal(report);
    case 'pdf': {
      const { renderPdf } = await import('./pdf.js');
      return renderPdf(renderEngagementHtml(report), o.chromiumPath ? { chromiumPath: o.chromiumPath } : {});
    }
  }
}

// ─── JSON ───────────────────────────────────────────────────────────────────────────────────────────────

/** The model with sorted keys and lists; without `generatedAt`, so the bytes depend on the data only. */
export function renderEngagementJson(report: EngagementReport): string {
  const { generatedAt: _renderTime, ...data } = canonicalEngagementReport(report);
  return `${stableStringify(data)}\n`;
}

// ─── CSV ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One table, two kinds of line (`record` = `plan-row` or `finding`), so one sheet filters either; the columns
 * a kind does not use stay empty. Plan rows come first in plan order, then findings in report order.
 */
export const ENGAGEMENT_CSV_COLUMNS = [
  'record',
  'position',
  'item_id',
  'title',
  'mode',
  'result',
  'severity',
  'status',
  'source',
  'app',
  'check_id',
  'finding_id',
  'message',
  'locations',
  'notes',
  'tested_by',
  'tested_at',
  'evidence',
  'checks',
  'scans',
  'findings',
  'items',
  'dfs',
  'masvs',
  'cwe',
  'remediation',
  'released_at',
  'due_at',
  'response_plan',
  'response_target_date',
  'response_fixed',
  'response_by',
  'response_at',
] as const;
type CsvColumn = (typeof ENGAGEMENT_CSV_COLUMNS)[number];

/** RFC 4180 with CRLF and a byte-order mark, formula-looking cells neutralised (as report/csv.ts). */
export function renderEngagementCsv(report: EngagementReport): string {
  const r = canonicalEngagementReport(report);
  const lines: string[] = [ENGAGEMENT_CSV_COLUMNS.join(',')];
  const line = (cells: Partial<Record<CsvColumn, string | number | null | undefined>>): void => {
    lines.push(ENGAGEMENT_CSV_COLUMNS.map((c) => csvCell(cells[c] === undefined || cells[c] === null ? '' : String(cells[c]))).join(','));
  };
  for (const row of r.plan) {
    line({
      record: 'plan-row',
      position: row.position,
      item_id: row.itemId,
      title: row.title,
      mode: row.mode,
      result: row.result ?? 'pending',
      severity: row.severity,
      app: row.app,
      notes: row.notes,
      tested_by: row.testedBy,
      tested_at: row.testedAt,
      evidence: row.evidence,
      checks: row.checks.join(' '),
      scans: row.scans.join(' '),
      findings: row.findings.join(' '),
    });
  }
  for (const f of r.findings) {
    line({
      record: 'finding',
      title: f.title,
      severity: f.severity,
      status: f.status,
      source: f.source,
      app: f.app,
      check_id: f.checkId,
      finding_id: f.id,
      message: f.message,
      locations: f.locations.map(formatLocation).join('\n'),
      notes: f.triageNote,
      scans: f.scans.join(' '),
      items: f.items.join(' '),
      dfs: f.references.dfs.join(' '),
      masvs: f.references.masvs.join(' '),
      cwe: f.references.cwe.join(' '),
      remediation: f.remediation,
      released_at: f.releasedAt,
      due_at: f.dueAt,
      response_plan: f.response?.plan,
      response_target_date: f.response?.targetDate,
      response_fixed: f.response ? (f.response.fixed ? 'yes' : 'no') : undefined,
      response_by: f.response?.by,
      response_at: f.response?.at,
    });
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

// ─── HTML ───────────────────────────────────────────────────────────────────────────────────────────────


export const RESULT_LABEL: Readonly<Record<PlanResult, string>> = { pass: 'Pass', fail: 'Fail', not_applicable: 'Not applicable', not_tested: 'Not tested' };
const STATUS_LABEL: Readonly<Record<EngagementFindingStatus, string>> = {
  open: 'Open',
  confirmed: 'Confirmed',
  assigned: 'Assigned',
  accepted: 'Risk accepted',
  fixed: 'Fixed',
  false_positive: 'False positive',
};
const ROLE_LABEL: Readonly<Record<EngagementReportMember['role'], string>> = { lead: 'Lead auditor', auditor: 'Auditor', reviewer: 'Reviewer' };
const PLATFORM_LABEL: Readonly<Record<string, string>> = { android: 'Android', ios: 'iOS', ussd: 'USSD', stk: 'STK/SIM' };
const PHASE_LABEL: Readonly<Record<string, string>> = {
  planning: 'Planning',
  testing: 'Testing',
  reporting: 'Reporting',
  review: 'In review',
  delivered: 'Delivered',
  remediation: 'Remediation',
  closed: 'Closed',
};

/** The draft mark on the cover of a report not yet delivered. */
export const DRAFT_LABEL = 'Draft — not approved';

/** `2026-11-30T09:15:00.000Z` → `2026-11-30 09:15 UTC`; a plain date stays as it is. */
function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((d) => `<td>${d}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function facts(pairs: Array<[string, string]>): string {
  return `<dl class="facts">${pairs
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`)
    .join('')}</dl>`;
}

function sevBadge(s: Severity): string {
  return `<span class="sev sev-${s}">${esc(s)}</span>`;
}

function resultBadge(r: PlanResult | null): string {
  return r ? `<span class="res res-${r}">${esc(RESULT_LABEL[r])}</span>` : '<span class="res res-pending">Pending</span>';
}

function cover(r: EngagementReport): string {
  const e = r.engagement;
  const stamp = r.draft
    ? `<p class="draft" role="note">${esc(DRAFT_LABEL)}</p>`
    : e.deliveredAt
      ? `<p class="delivered" role="note">Report delivered to ${esc(e.provider)} on ${esc(day(e.deliveredAt))}</p>`
      : '';
  const scope = r.scope.map((a) => [esc(a.name), esc(PLATFORM_LABEL[a.platform] ?? a.platform), `<code>${esc(a.identifier)}</code>`, esc(a.version ?? 'any')]);
  const team = r.team.map((m) => [esc(m.name), esc(ROLE_LABEL[m.role]), esc(m.organisation)]);
  const approvals = r.review.approvals.map((a) => `<li>${esc(a.reviewer)} (${esc(a.organisation)}), ${esc(when(a.at))}</li>`).join('');
  return `<header id="cover" class="cover">
<p class="kicker">${esc(e.type === 'training' ? 'Training engagement report' : 'Security audit report')}</p>
<h1>${esc(e.title)}</h1>
${stamp}
${facts([
  ['Audited provider', esc(e.provider)],
  ['Laboratory', esc(e.lab)],
  ['Engagement type', esc(e.type === 'training' ? 'Training' : 'Audit')],
  ['Profile', `${esc(e.profile.title)} <code>${esc(e.profile.id)}</code>`],
  ['Channels', esc(e.channels.map((c) => PLATFORM_LABEL[c] ?? c).join(', '))],
  ['Dates', esc([e.startsOn ?? '…', e.endsOn ?? '…'].join(' to '))],
  ['Phase', esc(PHASE_LABEL[e.phase] ?? e.phase)],
  ['Review rounds', esc(r.review.rounds)],
  ['Approvals', approvals ? `<ul class="plain">${approvals}</ul>` : esc(`none (${r.review.approvalsRequired} required)`)],
  ['Delivered', esc(day(e.deliveredAt))],
  ['Report generated', esc(when(r.generatedAt))],
  ['Tool', esc(`${r.tool.name} ${r.tool.version}`)],
])}
${r.restriction ? `<p class="restriction" role="note"><strong>This copy:</strong> ${esc(r.restriction)}</p>` : ''}
<h2 class="minor">Scope</h2>
${scope.length ? table(['App', 'Platform', 'Identifier', 'Version in scope'], scope) : '<p class="muted">No app in scope.</p>'}
<h2 class="minor">Team</h2>
${team.length ? table(['Name', 'Role', 'Organisation'], team) : '<p class="muted">No team recorded.</p>'}
</header>`;
}

function summarySection(r: EngagementReport): string {
  const s = r.summary;
  const sev = SEVERITIES.map((k) => `<div class="count count-${k}"><span class="n">${s.findings.bySeverity[k]}</span><span class="l">${esc(k)}</span></div>`).join('');
  const unresolved = s.findings.byStatus.open + s.findings.byStatus.confirmed + s.findings.byStatus.assigned;
  return `<section id="summary" class="major"><h2>Summary</h2>
<p>The test plan has ${s.plan.total} items (${s.plan.automated} automated, ${s.plan.manual} manual): ${s.plan.pass} passed, ${s.plan.fail} failed, ${s.plan.not_applicable} not applicable, ${s.plan.not_tested} not tested${s.plan.pending ? `, ${s.plan.pending} without a result` : ''}.</p>
<p>${s.findings.total} finding${s.findings.total === 1 ? '' : 's'} (${s.findings.fromScans} from ${s.scans} linked scan${s.scans === 1 ? '' : 's'}, ${s.findings.manual} from manual tests), ${unresolved} unresolved; ${s.evidence} evidence file${s.evidence === 1 ? '' : 's'}.</p>
<div class="counts">${sev}</div>
</section>`;
}

function planSection(r: EngagementReport): string {
  const lab = r.audience === 'lab';
  const head = ['#', 'Item', 'Mode', 'Result', 'Details', 'Tested', 'Evidence'];
  const rows = r.plan.map((row) => {
    const details: string[] = [];
    if (row.mode === 'automated') {
      if (row.checks.length) details.push(`<div class="small">Checks: ${row.checks.map((c) => `<code>${esc(c)}</code>`).join(' ')}</div>`);
      if (row.scans.length) details.push(`<div class="small">Scans: ${row.scans.map((c) => `<code>${esc(c.slice(0, 8))}</code>`).join(' ')}</div>`);
    }
    if (row.severity) details.push(`<div>${sevBadge(row.severity)}</div>`);
    if (row.app) details.push(`<div class="small">App: ${esc(row.app)}</div>`);
    if (lab && row.notes) details.push(`<div class="notes">${esc(row.notes)}</div>`);
    if (row.findings.length) details.push(`<div class="small">Findings: ${row.findings.map((id) => `<a href="#f-${esc(id)}">${esc(id.slice(0, 8))}</a>`).join(' ')}</div>`);
    return [
      `<span class="num">${row.position}</span>`,
      `<code>${esc(row.itemId)}</code><br>${esc(row.title)}`,
      esc(row.mode === 'automated' ? 'Automated' : 'Manual'),
      resultBadge(row.result),
      details.join(''),
      esc([row.testedBy ?? '', when(row.testedAt)].filter(Boolean).join(', ')),
      `<span class="num">${row.evidence}</span>`,
    ];
  });
  return `<section id="plan" class="major"><h2>Test plan</h2>${rows.length ? table(head, rows, 'plan') : '<p class="muted">The plan is empty.</p>'}</section>`;
}

function scansSection(r: EngagementReport): string {
  if (!r.scans.length) return '<section id="scans"><h2 class="minor">Linked scans</h2><p class="muted">No scan is linked to this engagement.</p></section>';
  const rows = r.scans.map((s) => [
    `<code>${esc(s.scanId.slice(0, 8))}</code>`,
    esc(s.app),
    esc(PLATFORM_LABEL[s.kind] ?? s.kind),
    esc(s.version ?? ''),
    esc(s.score === null ? '' : `${s.score}/100${s.grade ? ` (${s.grade})` : ''}`),
    esc(s.status),
    esc(when(s.finishedAt)),
  ]);
  return `<section id="scans"><h2 class="minor">Linked scans</h2>${table(['Scan', 'App', 'Kind', 'Version', 'Score', 'Status', 'Finished'], rows)}</section>`;
}

function findingCard(r: EngagementReport, f: EngagementReportFinding): string {
  const locs = f.locations.map((l) => `<li><code>${esc(formatLocation(l))}</code></li>`).join('');
  const ev = f.evidence.map((x) => `<li><code>${esc(x)}</code></li>`).join('');
  const refs = (['dfs', 'masvs', 'maswe', 'cwe'] as const)
    .filter((k) => f.references[k].length)
    .map((k) => `<span class="ref">${esc(k.toUpperCase())}</span> ${f.references[k].map((x) => `<code>${esc(x)}</code>`).join(' ')}`)
    .join('<br>');
  const resp = f.response
    ? `${esc(f.response.plan)}<div class="small">${esc(`${f.response.by}, ${when(f.response.at)}`)}${f.response.targetDate ? esc(`; target date ${f.response.targetDate}`) : ''}${f.response.fixed ? '; <strong>reported fixed</strong>' : ''}</div>`
    : '';
  return `<article class="finding sevb-${f.severity}" id="f-${esc(f.id)}">
<h4>${sevBadge(f.severity)} <span class="tag">${esc(STATUS_LABEL[f.status])}</span> ${esc(f.title)}</h4>
<p class="msg">${esc(f.message)}</p>
<dl class="fields">
<dt>Check</dt><dd><code>${esc(f.checkId)}</code> (${esc(f.source === 'manual' ? 'manual test' : 'scan')})</dd>
<dt>App</dt><dd>${esc(f.app)}</dd>
${f.items.length ? `<dt>Plan items</dt><dd>${f.items.map((i) => `<code>${esc(i)}</code>`).join(' ')}</dd>` : ''}
${locs ? `<dt>Locations</dt><dd><ul class="locs">${locs}</ul></dd>` : ''}
${ev ? `<dt>Evidence</dt><dd><ul class="evidence">${ev}</ul></dd>` : ''}
${f.remediation ? `<dt>Remediation</dt><dd class="md">${renderMarkdown(f.remediation)}</dd>` : ''}
${refs ? `<dt>References</dt><dd>${refs}</dd>` : ''}
${f.dueAt ? `<dt>Due</dt><dd>${esc(day(f.dueAt))}</dd>` : ''}
${r.audience === 'lab' && f.triageNote ? `<dt>Triage note</dt><dd class="notes">${esc(f.triageNote)}</dd>` : ''}
${resp ? `<dt>Provider response</dt><dd>${resp}</dd>` : ''}
</dl>
<p class="meta"><code>${esc(f.id)}</code>${f.releasedAt ? esc(` · released ${day(f.releasedAt)}`) : r.audience === 'lab' ? ' · not released' : ''}</p>
</article>`;
}

function findingsSection(r: EngagementReport): string {
  return `<section id="findings" class="major"><h2>Findings</h2>${r.findings.length ? r.findings.map((f) => findingCard(r, f)).join('\n') : '<p class="muted">No finding.</p>'}</section>`;
}

function evidenceSection(r: EngagementReport): string {
  if (!r.evidence.length) return '<section id="evidence"><h2 class="minor">Evidence files</h2><p class="muted">No evidence file.</p></section>';
  const rows = r.evidence.map((x) => [
    esc(x.fileName),
    esc(x.itemId ?? (x.forResponse ? 'provider response' : '')),
    `<span class="num">${x.size}</span>`,
    `<code class="hash">${esc(x.sha256)}</code>`,
    esc(x.uploadedBy ?? ''),
    esc(when(x.uploadedAt)),
  ]);
  return `<section id="evidence"><h2 class="minor">Evidence files</h2>${table(['File', 'For', 'Bytes', 'SHA-256', 'Uploaded by', 'Uploaded'], rows, 'evidence')}</section>`;
}

function reviewSection(r: EngagementReport): string {
  const rv = r.review;
  const parts = [`<p>${rv.rounds} review round${rv.rounds === 1 ? '' : 's'}; ${rv.approvals.length} of ${rv.approvalsRequired} required approval${rv.approvalsRequired === 1 ? '' : 's'} in the last round.</p>`];
  if (rv.approvals.length) parts.push(table(['Reviewer', 'Organisation', 'Round', 'Approved'], rv.approvals.map((a) => [esc(a.reviewer), esc(a.organisation), esc(a.round), esc(when(a.at))])));
  if (rv.decisions?.length) {
    parts.push('<h3>Decisions</h3>');
    parts.push(
      table(
        ['Round', 'Reviewer', 'Decision', 'When', 'Note'],
        rv.decisions.map((d) => [
          esc(d.round),
          esc(`${d.reviewer} (${d.organisation})`),
          esc(d.decision === 'approve' ? 'Approve' : 'Request changes'),
          esc(when(d.at)),
          esc([d.body ?? '', d.withdrawnAt ? `Withdrawn ${when(d.withdrawnAt)}${d.withdrawnReason ? `: ${d.withdrawnReason}` : ''}` : ''].filter(Boolean).join(' — ')),
        ]),
      ),
    );
  }
  if (rv.comments?.length) {
    parts.push('<h3>Comments</h3>');
    parts.push(
      table(
        ['Round', 'Author', 'On', 'When', 'Comment'],
        rv.comments.map((c) => [esc(c.round), esc(`${c.author} (${c.organisation})`), esc(c.targetId ? `${c.target} ${c.targetId}` : c.target), esc(when(c.at)), `<span class="notes">${esc(c.body)}</span>`]),
      ),
    );
  }
  return `<section id="review" class="major"><h2>Review record</h2>${parts.join('\n')}</section>`;
}

const STYLE = `
:root{--ink:#1b1f24;--muted:#5b6470;--line:#d5dae0;--soft:#f4f6f8;--accent:#0b4f8a;--critical:#5c0a0a;--high:#b3261e;--medium:#c77700;--low:#2f6fb0;--info:#6b7580;--ok:#1e6b35}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;color:var(--ink);background:#fff;font:14px/1.5 system-ui,-apple-system,"Segoe UI","DejaVu Sans","Liberation Sans",Arial,sans-serif}
main{max-width:62rem;margin:0 auto;padding:1.5rem 1.5rem 3rem}
h1{font-size:2rem;margin:.2rem 0 .8rem;line-height:1.2;word-break:break-word}
h2{font-size:1.4rem;margin:2rem 0 .8rem;padding-bottom:.3rem;border-bottom:3px solid var(--accent);color:var(--accent)}
h2.minor{font-size:1.15rem;border-bottom-width:1px}
h3{font-size:1.05rem;margin:1.2rem 0 .5rem}
h4{font-size:1rem;margin:0 0 .4rem}
code{font-family:"DejaVu Sans Mono","Liberation Mono",Consolas,monospace;font-size:.86em;background:var(--soft);padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
.small{font-size:.82em}.muted{color:var(--muted)}.hash{overflow-wrap:anywhere}
.kicker{text-transform:uppercase;letter-spacing:.08em;color:var(--accent);font-weight:600;margin:0}
.cover{border-bottom:1px solid var(--line);padding-bottom:1rem}
.draft{display:inline-block;border:3px solid var(--high);color:var(--high);font-weight:800;font-size:1.2rem;padding:.2rem .8rem;border-radius:4px;text-transform:uppercase;letter-spacing:.04em}
.delivered{display:inline-block;border:2px solid var(--ok);color:var(--ok);font-weight:700;padding:.2rem .8rem;border-radius:4px}
.restriction{border:2px solid var(--accent);border-radius:6px;padding:.5rem .75rem;margin:.75rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;word-break:break-word}
ul.plain{margin:0;padding-left:1.1rem}
.counts{display:flex;gap:.5rem;flex-wrap:wrap}
.count{flex:1 1 6rem;border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:.3rem .6rem}
.count .n{display:block;font-size:1.5rem;font-weight:700}.count .l{font-size:.85rem;color:var(--muted);text-transform:capitalize}
.count-critical{border-left-color:var(--critical)}.count-high{border-left-color:var(--high)}.count-medium{border-left-color:var(--medium)}.count-low{border-left-color:var(--low)}.count-info{border-left-color:var(--info)}
.sev,.tag,.res{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:.05rem .4rem;border-radius:3px;vertical-align:.1em;white-space:nowrap}
.sev{color:#fff}.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.tag{border:1px solid var(--ink)}
.res{border:1px solid currentColor}.res-fail{color:var(--high)}.res-pass{color:var(--ok)}.res-not_applicable,.res-not_tested,.res-pending{color:var(--muted);border-style:dashed}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;padding:.7rem .9rem;margin:.8rem 0;break-inside:avoid;page-break-inside:avoid}
.sevb-critical{border-left-color:var(--critical)}.sevb-high{border-left-color:var(--high)}.sevb-medium{border-left-color:var(--medium)}.sevb-low{border-left-color:var(--low)}
.msg{margin:.1rem 0 .35rem}
dl.fields{display:grid;grid-template-columns:9.5rem 1fr;gap:.25rem .8rem;margin:.2rem 0;font-size:.9rem}
dl.fields dt{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.03em;padding-top:.15rem}
dl.fields dd{margin:0;min-width:0}
.notes{white-space:pre-wrap;overflow-wrap:anywhere}
ul.locs,ul.evidence{margin:0;padding-left:1.1rem}
.md p{margin:.2rem 0}.md ol,.md ul{margin:.2rem 0;padding-left:1.3rem}
.ref{font-weight:700}
.meta{font-size:.78rem;color:var(--muted);margin-top:.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.86rem}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--soft)}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}
.num{display:block;text-align:right;font-variant-numeric:tabular-nums}
table.plan td:first-child{width:1%}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{html{font-size:9.5pt}main{max-width:none;padding:0}section.major{break-before:page;page-break-before:always}h2,h3,h4{break-after:avoid;page-break-after:avoid}a{color:inherit;text-decoration:none}}
`;

/** The report as one self-contained, script-free HTML document: cover, summary, plan, findings, evidence, review. */
export function renderEngagementHtml(report: EngagementReport): string {
  const r = canonicalEngagementReport(report);
  const title = `${r.engagement.title} — ${r.engagement.provider}${r.draft ? ` (${DRAFT_LABEL})` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${r.tool.name} ${r.tool.version}`)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${cover(r)}
${summarySection(r)}
${planSection(r)}
${scansSection(r)}
${findingsSection(r)}
${evidenceSection(r)}
${reviewSection(r)}
</main>
</body>
</html>
`;
}

// ─── SARIF ──────────────────────────────────────────────────────────────────────────────────────────────

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/dfslab/dfslab';
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
/** The partial fingerprint key of report/sarif.ts: the same value identifies a finding in both logs. */
const FINGERPRINT_KEY = 'dfslabFingerprint/v1';
const MAX_LOCATIONS = 10;

/** A path inside the archive as a relative URI that cannot leave it (each segment encoded, dot segments too). */
function encodePath(path: string): string {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s)));
  return segments.length > 0 ? segments.join('/') : '%2E';
}

function sarifLocation(l: Location): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (l.path !== undefined) out.physicalLocation = { artifactLocation: { uri: encodePath(l.archive !== undefined ? `${l.archive}/${l.path}` : l.path), uriBaseId: 'APPROOT' } };
  const name = formatLocation(l);
  if (name) out.logicalLocations = [{ fullyQualifiedName: name }];
  return out;
}

function sarifRun(r: EngagementReport, findings: readonly EngagementReportFinding[], automationId: string, description: string, extra: Record<string, unknown>): Record<string, unknown> {
  const ruleIds = sortedStrings(findings.map((f) => f.checkId));
  const first = new Map<string, EngagementReportFinding>();
  for (const f of findings) if (!first.has(f.checkId)) first.set(f.checkId, f);
  const rules = ruleIds.map((id) => {
    const f = first.get(id)!;
    return {
      id,
      shortDescription: { text: f.title },
      ...(f.remediation ? { help: { text: f.remediation } } : {}),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { 'security-severity': SECURITY_SEVERITY[f.severity], severity: f.severity, tags: sortedStrings(['security', ...f.references.masvs, ...f.references.cwe, ...f.references.dfs]) },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = findings.map((f) => {
    const shown = f.locations.slice(0, MAX_LOCATIONS).map(sarifLocation).filter((l) => Object.keys(l).length > 0);
    return {
      ruleId: f.checkId,
      ruleIndex: index.get(f.checkId)!,
      level: LEVEL[f.severity],
      message: { text: f.message || f.title },
      ...(shown.length ? { locations: shown } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      properties: {
        findingId: f.id,
        title: f.title,
        severity: f.severity,
        status: f.status,
        source: f.source,
        app: f.app,
        items: f.items,
        references: f.references,
        evidence: f.evidence,
        ...(f.locations.length > MAX_LOCATIONS ? { moreLocations: f.locations.length - MAX_LOCATIONS } : {}),
        ...(f.response ? { providerResponse: f.response } : {}),
      },
    };
  });
  return {
    tool: { driver: { name: r.tool.name, version: r.tool.version, informationUri: INFORMATION_URI, rules } },
    automationDetails: { id: automationId, description: { text: description } },
    results,
    properties: { engagementId: r.engagement.id, engagement: r.engagement.title, provider: r.engagement.provider, ...extra },
  };
}

/** SARIF 2.1.0: one run per linked scan (the engagement findings it saw), then one run for the manual findings. */
export function renderEngagementSarif(report: EngagementReport): string {
  const r = canonicalEngagementReport(report);
  const runs = r.scans.map((s) =>
    sarifRun(
      r,
      r.findings.filter((f) => f.scans.includes(s.scanId)),
      `dfslab/engagement/${r.engagement.id}/scan/${s.scanId}/`,
      `Scan ${s.scanId} of ${s.app}${s.version ? ` ${s.version}` : ''} (${s.kind}), linked to the engagement "${r.engagement.title}".`,
      { scanId: s.scanId, app: s.app, kind: s.kind, version: s.version, score: s.score, grade: s.grade, finishedAt: s.finishedAt },
    ),
  );
  runs.push(
    sarifRun(
      r,
      r.findings.filter((f) => f.source === 'manual'),
      `dfslab/engagement/${r.engagement.id}/manual/`,
      `Findings of the manual tests of the engagement "${r.engagement.title}".`,
      { manual: true },
    ),
  );
  return `${stableStringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs })}\n`;
}

// ─── OSCAL ──────────────────────────────────────────────────────────────────────────────────────────────

const UNMAPPED_TARGET = 'dfslab-unmapped';

/**
 * OSCAL 1.0.4 assessment results: one result for the engagement; its reviewed controls are the plan's items
 * (catalog controls of dfslab's OSCAL catalog), an observation per finding, and findings: one per engagement
 * finding (`not-satisfied`, on its first plan item) and one per passed plan item (`satisfied`). Items not
 * applicable or not tested get no finding (not assessed). Dates are `generatedAt`; uuids are version-5 from
 * the engagement id and the subject, so a re-render from the same data at the same time is byte-identical.
 */
export function renderEngagementOscal(report: EngagementReport): string {
  const r = canonicalEngagementReport(report);
  const time = r.generatedAt;
  const base = `engagement/${r.engagement.id}`;
  const seen = new Map<string, number>();
  const uuid = (name: string): string => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return uuidV5(`${base}/${name}${n ? `#${n}` : ''}`);
  };
  const ids = { plan: uuid('resource/plan'), tool: uuidV5('component/tool/dfslab'), lab: uuid('party/lab') };
  const planItems = new Set(r.plan.map((p) => p.itemId));
  const observations: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  const components = r.scope.map((a) => ({
    uuid: uuidV5(`component/app/${a.platform}/${a.identifier}`),
    type: 'software',
    title: markdownText(a.name),
    description: `${PLATFORM_LABEL[a.platform] ?? a.platform} app ${markdownCode(a.identifier)}${a.version ? `, version ${markdownText(a.version)}` : ''}.`,
    props: [...dfslabProp('platform', a.platform), ...dfslabProp('identifier', a.identifier), ...(a.version ? dfslabProp('version', a.version) : [])],
    status: { state: 'other', remarks: 'In the scope of the engagement.' },
  }));
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }];
  for (const f of r.findings) {
    const obs = uuid(`observation/${f.id}`);
    const evidence = [...f.locations.map((l) => `Location: ${markdownCode(formatLocation(l))}`), ...f.evidence.filter((e) => e.trim() !== '').map((e) => `Evidence: ${markdownCode(e)}`)].filter((d) => d.trim() !== '');
    observations.push({
      uuid: obs,
      title: markdownText(f.title),
      description: markdownText(f.message || f.title),
      props: [...dfslabProp('finding-id', f.id), ...dfslabProp('check-id', f.checkId), ...dfslabProp('severity', f.severity), ...dfslabProp('status', f.status), ...dfslabProp('source', f.source), ...dfslabProp('app', f.app)],
      methods: [f.source === 'manual' ? 'EXAMINE' : 'TEST'],
      types: ['finding'],
      origins,
      ...(evidence.length ? { 'relevant-evidence': evidence.map((description) => ({ description })) } : {}),
      collected: time,
    });
    const item = f.items.find((i) => planItems.has(i)) ?? f.references.dfs[0];
    const response = f.response;
    findings.push({
      uuid: uuid(`finding/${f.id}`),
      title: markdownText(f.title),
      description: markdownText(f.message || f.title),
      props: [...dfslabProp('finding-id', f.id), ...dfslabProp('severity', f.severity), ...dfslabProp('status', f.status), ...dfslabProp('fingerprint', f.fingerprint), ...f.items.flatMap((i) => dfslabProp('dfs-item', i))],
      origins,
      target: {
        type: 'statement-id',
        'target-id': item ? oscalStatementId(item) : UNMAPPED_TARGET,
        status: { state: f.status === 'fixed' || f.status === 'false_positive' ? 'satisfied' : 'not-satisfied', reason: f.status === 'fixed' || f.status === 'false_positive' ? 'pass' : 'fail' },
      },
      'related-observations': [{ 'observation-uuid': obs }],
      remarks: [
        f.remediation ? `Remediation: ${markdownText(f.remediation)}` : '',
        response ? `Provider response (${response.at.slice(0, 10)}): ${markdownText(response.plan)}${response.targetDate ? ` Target date ${response.targetDate}.` : ''}${response.fixed ? ' Reported fixed.' : ''}` : '',
      ]
        .filter(Boolean)
        .join('\n\n') || 'No remediation text.',
    });
  }
  for (const row of r.plan) {
    if (row.result !== 'pass') continue;
    findings.push({
      uuid: uuid(`item/${row.itemId}`),
      title: `${row.itemId}: ${markdownText(row.title)}`,
      description: row.mode === 'automated' ? `The covering checks ran in the linked scans and nothing is left unresolved.` : `The manual test passed.`,
      props: [...dfslabProp('dfs-item', row.itemId), ...dfslabProp('mode', row.mode), ...dfslabProp('result', row.result)],
      origins,
      target: { type: 'statement-id', 'target-id': oscalStatementId(row.itemId), status: { state: 'satisfied', reason: 'pass' } },
    });
  }
  const assessed = r.plan.filter((p) => p.result === 'pass' || p.result === 'fail');
  const s = r.summary;
  const resultBody = {
    title: markdownText(r.engagement.title),
    description: `${r.engagement.type === 'training' ? 'Training engagement' : 'Security audit'} of ${markdownText(r.engagement.provider)} by ${markdownText(r.engagement.lab)} against the profile ${markdownText(r.engagement.profile.title)}: ${s.plan.total} plan items, ${s.plan.pass} passed, ${s.plan.fail} failed; ${s.findings.total} findings.`,
    start: time,
    props: [
      ...dfslabProp('engagement-id', r.engagement.id),
      ...dfslabProp('phase', r.engagement.phase),
      ...dfslabProp('profile', r.engagement.profile.id),
      ...dfslabProp('draft', r.draft),
      ...(r.restriction ? dfslabProp('restriction', r.restriction) : []),
    ] as OscalProp[],
    'local-definitions': {
      ...(components.length ? { components } : {}),
      'assessment-assets': {
        components: [{ uuid: ids.tool, type: 'software', title: r.tool.name, description: 'dfslab lab platform and audit engine.', props: dfslabProp('version', r.tool.version), status: { state: 'operational' } }],
        'assessment-platforms': [{ uuid: uuidV5('assessment-platform/dfslab'), title: r.tool.name, 'uses-components': [{ 'component-uuid': ids.tool }] }],
      },
    },
    'reviewed-controls': {
      description: 'The catalog items of the engagement\'s test plan.',
      'control-selections': [r.plan.length ? { 'include-controls': r.plan.map((p) => ({ 'control-id': oscalControlId(p.itemId) })) } : { remarks: 'The plan is empty.' }],
      remarks: `${assessed.length} of ${r.plan.length} items have a pass or fail result; the others are not applicable, not tested or pending.`,
    },
    ...(observations.length ? { observations } : {}),
    ...(findings.length ? { findings } : {}),
  };
  const result = { uuid: uuidV5(`result/${contentDigest(resultBody)}`), ...resultBody };
  const body = {
    metadata: {
      title: `${markdownText(r.engagement.title)} (${markdownText(r.engagement.provider)})`,
      'last-modified': time,
      version: r.tool.version,
      'oscal-version': OSCAL_VERSION,
      parties: [{ uuid: ids.lab, type: 'organization', name: r.engagement.lab }],
      ...(r.draft ? { remarks: DRAFT_LABEL } : {}),
    },
    'import-ap': { href: `#${ids.plan}`, remarks: 'The assessment plan is the engagement\'s test plan, described by this back-matter resource.' },
    results: [result],
    'back-matter': {
      resources: [
        {
          uuid: ids.plan,
          title: `Test plan of ${markdownText(r.engagement.title)}`,
          description: `Profile ${markdownText(r.engagement.profile.title)} (${markdownText(r.engagement.profile.id)}), channels ${r.engagement.channels.join(', ')}: ${s.plan.automated} automated and ${s.plan.manual} manual items.`,
          props: [{ name: 'type', value: 'plan' }],
        },
      ],
    },
  };
  return stableStringify({ 'assessment-results': { uuid: uuidV5(`assessment-results/${contentDigest(body)}`), ...body } });
}

/** The tool block every engagement report carries. */
export const ENGAGEMENT_REPORT_TOOL: Readonly<{ name: string; version: string }> = { name: 'dfslab', version: VERSION };
