/**
 * @module platform/services/compliance-proposals
 * The status the platform proposes for one provider against each catalog item, from what the lab already
 * knows: the scans of the provider's apps, its USSD runs and the results of its engagements. A person of the
 * lab then confirms a status with evidence that expires (`effectiveStatus` says which one stands). Pure
 * functions: the caller gathers the evidence from the database (see `ProviderEvidence`).
 *
 * What each piece of evidence says about an item (a "verdict"):
 * - A finding of a scan or USSD run counts for every item its check maps to (`references.dfs`).
 *   - Unresolved (open, confirmed, assigned) or accepted as a risk (the weakness is still there), severity
 *     high or critical: non-compliant.
 *   - Unresolved or accepted, severity medium or low: partially compliant.
 *   - Severity info: a note, not a weakness; it says nothing either way.
 *   - Fixed (a retest found it gone): compliant, as in the test plan.
 *   - False positive: nothing (it never was a weakness, and it proves no protection either).
 * - A check that ran to a conclusion in a scan (not stopped on an error, not an inconclusive USSD test) and
 *   covers the item, with no finding counted against the item in that scan: compliant.
 * - A plan row of an engagement whose result the team recorded (a manual test, or an automated row tested by
 *   hand): pass → compliant; not applicable → not applicable; fail → non-compliant whatever the severity the
 *   tester gave (the tester judged the item as a whole; the severity is named in the reason), unless the
 *   row's finding was since fixed (compliant) or marked a false positive (the fail is withdrawn: the row says
 *   nothing). Not tested says nothing. Rows that the linked scans decided are left out: those scans are
 *   evidence of their own, and the latest scans of the apps speak for them.
 *
 * Newer evidence wins over older for the same source. A source is one channel of one app (its Android
 * scans, its iOS scans, its USSD runs: per item, only the newest scan of that app and channel that says
 * anything about the item counts), or the lab's manual testing of the item (per item, only the newest row the
 * team decided, across all the provider's engagements, counts; a row's date is when it was tested, else the
 * engagement's date). Different sources all count.
 *
 * The proposal is the worst verdict of the sources that count: non-compliant, then partially compliant,
 * then compliant, then not applicable (so "not applicable" needs every source to say so); nothing at all is
 * "not assessed". In particular, with several apps (an Android and an iOS app, a USSD service) the worst app
 * decides: a provider is compliant with an item only if each of its channels that was assessed is.
 */
import type { Severity } from '../../findings/types.js';
import {
  COMPLIANCE_STATUS_LABEL,
  compareItemIds,
  type ComplianceRecord,
  type ComplianceStatus,
  type Confirmation,
} from '../../report/compliance.js';
import type { FindingStatus } from '../types.js';
import type { RowResult } from './test-plan.js';

// ─── Input ──────────────────────────────────────────────────────────────────────────────────────────────

/** A finding a scan or USSD run saw (the platform finding with its current status). */
export interface ScanFindingEvidence {
  /** The platform finding id, when known (kept for the caller; not used by the rules). */
  id?: string;
  checkId: string;
  severity: Severity;
  status: FindingStatus;
  /** The catalog items the finding maps to (its `references.dfs`). */
  items: readonly string[];
}

/** A check that ran to a conclusion in a scan (not errored; for USSD, not inconclusive), with the items it covers. */
export interface ConcludedCheck {
  checkId: string;
  items: readonly string[];
}

/** One finished scan (android, ios) or USSD run (ussd) of an app. */
export interface ScanEvidence {
  scanId: string;
  kind: 'android' | 'ios' | 'ussd';
  /** When the scan was made (ISO date-time or Date). */
  date: string | Date;
  /** The app version the scan read (`2.4.0`), if any. */
  version?: string | null;
  findings: readonly ScanFindingEvidence[];
  concluded: readonly ConcludedCheck[];
}

export interface AppEvidence {
  appId: string;
  name: string;
  /** Its finished scans and runs; older ones may be given too, the rules pick the newest. */
  scans: readonly ScanEvidence[];
}

/** One plan row of one of the provider's engagements. */
export interface PlanRowEvidence {
  engagementId: string;
  engagementTitle: string;
  rowId?: string;
  itemId: string;
  result: RowResult | null;
  /** Who decided the result (test-plan.ts `PlanRow.decided_by`); only rows the team decided count. */
  decidedBy: 'scans' | 'team' | null;
  /** When it was tested, else the engagement's date. */
  date: string | Date;
  /** The severity the tester gave a fail. */
  severity?: Severity | null;
  /** The status of the finding recorded with a fail, if any. */
  findingStatus?: FindingStatus | null;
}

/** Everything the platform knows about one provider. */
export interface ProviderEvidence {
  apps: readonly AppEvidence[];
  rows: readonly PlanRowEvidence[];
}

// ─── Output ─────────────────────────────────────────────────────────────────────────────────────────────

/** A piece of evidence that counted for an item, with what it says. */
export interface ProposalSource {
  kind: 'scan' | 'ussd_run' | 'engagement';
  /** The scan id, or the engagement id. */
  id: string;
  appId?: string;
  rowId?: string;
  /** "the scan of 2026-11-02 of MobiCash Wallet 2.4.0", "engagement "Audit 2026"". */
  label: string;
  /** ISO date-time. */
  date: string;
  /** What this source says about the item (`not_assessed` when it only holds notes). */
  verdict: ComplianceStatus;
}

export interface Proposal {
  itemId: string;
  status: ComplianceStatus;
  /** One short sentence per fact, worst first, naming its source. */
  reasons: string[];
  /** The sources that counted, worst first then newest first. */
  sources: ProposalSource[];
  /** The date (ISO date-time) of the newest evidence that counted; null when nothing did. */
  basedOn: string | null;
}

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────────────

/** Worse is larger; `null` (a note) says nothing. */
const VERDICT_RANK: Readonly<Record<ComplianceStatus, number>> = { not_assessed: 0, not_applicable: 1, compliant: 2, partially: 3, non_compliant: 4 };

interface Fact {
  verdict: ComplianceStatus | null;
  reason: string;
}

interface Counted {
  source: Omit<ProposalSource, 'verdict'>;
  facts: Fact[];
}

function iso(d: string | Date): string {
  const t = new Date(d);
  if (Number.isNaN(t.getTime())) throw new TypeError(`not a date: ${JSON.stringify(String(d))}`);
  return t.toISOString();
}

const day = (isoDate: string): string => isoDate.slice(0, 10);

function worst(verdicts: Iterable<ComplianceStatus | null>): ComplianceStatus {
  let w: ComplianceStatus = 'not_assessed';
  for (const v of verdicts) if (v && VERDICT_RANK[v] > VERDICT_RANK[w]) w = v;
  return w;
}

/** Newest first; ties by id, so the choice never depends on input order. */
function newer(a: { date: string; id: string }, b: { date: string; id: string }): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const STATUS_WORD: Readonly<Record<FindingStatus, string>> = {
  open: 'open',
  confirmed: 'confirmed',
  assigned: 'assigned',
  accepted: 'accepted-risk',
  fixed: 'fixed',
  false_positive: 'false-positive',
};

/** What one scan says about one item: its facts, empty when it says nothing. */
function scanFacts(scan: ScanEvidence, itemId: string, label: string): Fact[] {
  const facts: Fact[] = [];
  const mapped = scan.findings.filter((f) => f.items.includes(itemId));
  const against = new Set<string>();
  for (const f of mapped) {
    const finding = `${STATUS_WORD[f.status]} ${f.severity} finding ${f.checkId} in ${label}`;
    if (f.status === 'false_positive') facts.push({ verdict: null, reason: `${finding} does not count (not a weakness)` });
    else if (f.status === 'fixed') facts.push({ verdict: 'compliant', reason: `${finding} (fixed, verified by a retest)` });
    else if (f.severity === 'info') facts.push({ verdict: null, reason: `${finding} is informational and does not count` });
    else {
      against.add(f.checkId);
      facts.push({ verdict: f.severity === 'critical' || f.severity === 'high' ? 'non_compliant' : 'partially', reason: finding });
    }
  }
  const passed = [...new Set(scan.concluded.filter((c) => c.items.includes(itemId) && !against.has(c.checkId)).map((c) => c.checkId))].sort();
  if (passed.length === 1) facts.push({ verdict: 'compliant', reason: `check ${passed[0] as string} ran in ${label} with nothing unresolved` });
  else if (passed.length > 1) facts.push({ verdict: 'compliant', reason: `checks ${passed.join(', ')} ran in ${label} with nothing unresolved` });
  return facts;
}

/** What one team-decided plan row says about its item; undefined when it says nothing (so an older row may). */
function rowFacts(row: PlanRowEvidence, label: string, on: string): Fact[] | undefined {
  if (row.result === 'pass') return [{ verdict: 'compliant', reason: `manual test passed in ${label} on ${on}` }];
  if (row.result === 'not_applicable') return [{ verdict: 'not_applicable', reason: `marked not applicable in ${label} on ${on}` }];
  if (row.result !== 'fail' || row.findingStatus === 'false_positive') return undefined;
  const failed = `manual test failed${row.severity ? ` (severity ${row.severity})` : ''} in ${label} on ${on}`;
  if (row.findingStatus === 'fixed') return [{ verdict: 'compliant', reason: `${failed}; its finding was since fixed (verified by a retest)` }];
  return [{ verdict: 'non_compliant', reason: row.findingStatus === 'accepted' ? `${failed}; the risk was accepted` : failed }];
}

/**
 * The proposed status of each item for one provider (the rules are in the module comment). With `itemIds`,
 * one proposal per listed item in that order (items without evidence are "not assessed"; evidence about
 * other items is left out); without, one per item that any evidence mentions, in catalog order.
 */
export function proposeStatuses(evidence: ProviderEvidence, itemIds?: readonly string[]): Proposal[] {
  // Each app channel's scans, newest first.
  const channels = new Map<string, { app: AppEvidence; scans: Array<ScanEvidence & { iso: string }> }>();
  for (const app of evidence.apps) {
    for (const scan of app.scans) {
      const key = `${app.appId}\u0000${scan.kind}`;
      const ch = channels.get(key) ?? { app, scans: [] };
      ch.scans.push({ ...scan, iso: iso(scan.date) });
      channels.set(key, ch);
    }
  }
  for (const ch of channels.values()) ch.scans.sort((a, b) => newer({ date: a.iso, id: a.scanId }, { date: b.iso, id: b.scanId }));
  const rowsByItem = new Map<string, Array<PlanRowEvidence & { iso: string }>>();
  for (const row of evidence.rows) {
    if (row.decidedBy !== 'team' || row.result === null || row.result === 'not_tested') continue;
    rowsByItem.set(row.itemId, [...(rowsByItem.get(row.itemId) ?? []), { ...row, iso: iso(row.date) }]);
  }
  for (const rows of rowsByItem.values()) rows.sort((a, b) => newer({ date: a.iso, id: `${a.engagementId}/${a.rowId ?? ''}` }, { date: b.iso, id: `${b.engagementId}/${b.rowId ?? ''}` }));

  let items: string[];
  if (itemIds) items = [...new Set(itemIds)];
  else {
    const mentioned = new Set<string>(rowsByItem.keys());
    for (const ch of channels.values()) {
      for (const s of ch.scans) {
        for (const f of s.findings) for (const i of f.items) mentioned.add(i);
        for (const c of s.concluded) for (const i of c.items) mentioned.add(i);
      }
    }
    items = [...mentioned].sort(compareItemIds);
  }

  return items.map((itemId) => {
    const counted: Counted[] = [];
    for (const { app, scans } of channels.values()) {
      for (const scan of scans) {
        const what = scan.kind === 'ussd' ? 'USSD run' : 'scan';
        const label = `the ${what} of ${day(scan.iso)} of ${[app.name, scan.version].filter(Boolean).join(' ')}`;
        const facts = scanFacts(scan, itemId, label);
        if (facts.length === 0) continue;
        counted.push({ source: { kind: scan.kind === 'ussd' ? 'ussd_run' : 'scan', id: scan.scanId, appId: app.appId, label, date: scan.iso }, facts });
        break; // the newest scan of this channel that says something about the item
      }
    }
    for (const row of rowsByItem.get(itemId) ?? []) {
      const label = `engagement "${row.engagementTitle}"`;
      const facts = rowFacts(row, label, day(row.iso));
      if (!facts) continue;
      counted.push({ source: { kind: 'engagement', id: row.engagementId, ...(row.rowId ? { rowId: row.rowId } : {}), label, date: row.iso }, facts });
      break; // the newest row the team decided
    }
    const sources: ProposalSource[] = counted.map((c) => ({ ...c.source, verdict: worst(c.facts.map((f) => f.verdict)) }));
    const facts = counted.flatMap((c) => c.facts.map((f) => ({ ...f, date: c.source.date })));
    const byVerdictThenDate = (a: { verdict: ComplianceStatus | null; date: string }, b: { verdict: ComplianceStatus | null; date: string }): number =>
      (b.verdict ? VERDICT_RANK[b.verdict] : -1) - (a.verdict ? VERDICT_RANK[a.verdict] : -1) || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    facts.sort((a, b) => byVerdictThenDate(a, b) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
    sources.sort((a, b) => byVerdictThenDate(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const basedOn = counted.reduce<string | null>((latest, c) => (latest === null || c.source.date > latest ? c.source.date : latest), null);
    return { itemId, status: worst(facts.map((f) => f.verdict)), reasons: facts.map((f) => f.reason), sources, basedOn };
  });
}

// ─── What stands ────────────────────────────────────────────────────────────────────────────────────────

/** A status a person of the lab confirmed. */
export interface ConfirmedStatus {
  status: ComplianceStatus;
  /** Who confirmed it (the assessor's name). */
  by: string;
  /** When (ISO date or date-time, or Date). */
  at: string | Date;
  /** The evidence recorded with it. */
  evidence: string | null;
  /** The last day the evidence is valid (inclusive; ISO date, or a Date whose UTC day is taken); null: no expiry. */
  expires: string | Date | null;
}

export interface EffectiveStatus {
  /** The status to show and count: the confirmed one while its evidence is valid, else the proposal's. */
  status: ComplianceStatus;
  confirmation: Confirmation;
  /** Text for a badge: "Non-compliant", "Compliant (proposed, unconfirmed)", "Expired, re-assess (proposed: …)". */
  label: string;
  /**
   * True when a confirmed status stands but newer evidence proposes another verdict (the proposal is based on
   * evidence dated after the confirmation): worth a look, though the person's status still stands.
   */
  newerProposal: boolean;
}

/** `YYYY-MM-DD` (UTC) of a date or date-time; a bare date is taken as written. */
function utcDay(d: string | Date): string {
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  return iso(d).slice(0, 10);
}

/** Whether evidence valid through `expires` (inclusive) has expired at `now` (compared by UTC day). */
export function evidenceExpired(expires: string | Date | null, now: Date): boolean {
  return expires !== null && utcDay(now) > utcDay(expires);
}

/**
 * The status that stands for one item: the confirmed one unless its evidence expired; then (or when nothing is
 * confirmed) the proposal, flagged as unconfirmed — "expired, re-assess" when a confirmation lapsed.
 */
export function effectiveStatus(confirmed: ConfirmedStatus | null, proposal: Proposal | null, now: Date): EffectiveStatus {
  const proposed = proposal?.status ?? 'not_assessed';
  if (confirmed && !evidenceExpired(confirmed.expires, now)) {
    const newerProposal =
      proposal !== null &&
      proposal.basedOn !== null &&
      proposed !== 'not_assessed' &&
      proposed !== confirmed.status &&
      proposal.basedOn > iso(typeof confirmed.at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(confirmed.at) ? `${confirmed.at}T23:59:59.999Z` : confirmed.at);
    return { status: confirmed.status, confirmation: 'confirmed', label: COMPLIANCE_STATUS_LABEL[confirmed.status], newerProposal };
  }
  if (confirmed) {
    return { status: proposed, confirmation: 'expired', label: `Expired, re-assess (proposed: ${COMPLIANCE_STATUS_LABEL[proposed]})`, newerProposal: false };
  }
  return {
    status: proposed,
    confirmation: 'unconfirmed',
    label: proposal ? `${COMPLIANCE_STATUS_LABEL[proposed]} (proposed, unconfirmed)` : COMPLIANCE_STATUS_LABEL.not_assessed,
    newerProposal: false,
  };
}

/** The record the exports (report/compliance.ts) take for one item: what stands, who confirmed it, the proposal. */
export function complianceRecord(itemId: string, confirmed: ConfirmedStatus | null, proposal: Proposal | null, now: Date): ComplianceRecord {
  const e = effectiveStatus(confirmed, proposal, now);
  return {
    itemId,
    status: e.status,
    confirmation: e.confirmation,
    confirmedBy: confirmed?.by ?? null,
    confirmedAt: confirmed?.at ?? null,
    evidence: confirmed?.evidence ?? null,
    evidenceExpires: confirmed?.expires ?? null,
    proposedStatus: proposal?.status ?? null,
    proposedAt: proposal?.basedOn ?? null,
    reasons: proposal?.reasons ?? [],
  };
}
