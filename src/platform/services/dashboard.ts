/**
 * @module platform/services/dashboard
 * What the lab looks at first: unresolved findings by provider and severity, SLA breaches, findings per status
 * the latest scans, and the overdue findings of delivered engagements (by engagement). A provider
 * representative gets the same picture of the findings released to their provider only (no scans: a scan's
 * score reflects findings not released to them).
 */
import type { Queryable } from '../db/db.js';
import { SEVERITIES, type Severity } from '../../findings/types.js';
import { FINDING_STATUSES, type Actor, type FindingStatus } from '../types.js';
import { engagementFor } from './engagements.js';
import { engagementFindings, type EngagementFinding } from './remediation.js';
import { listScans, type Scan } from './scans.js';

export interface ProviderSeverityRow {
  providerId: string;
  providerName: string;
  counts: Record<Severity, number>;
  total: number;
}

export interface OverdueFinding {
  id: string;
  title: string;
  severity: Severity;
  appId: string;
  appName: string;
  providerId: string;
  providerName: string;
  dueAt: Date;
  /** Whole days past the due date. */
  daysOverdue: number;
}

/** An engagement in delivery or remediation with findings past their due or target date. */
export interface OverdueRemediation {
  engagementId: string;
  engagementTitle: string;
  providerName: string;
  phase: string;
  findings: Array<Pick<EngagementFinding, 'id' | 'title' | 'severity' | 'status' | 'app_name' | 'due_at'> & { targetDate: string | null }>;
}

export interface Dashboard {
  /** Unresolved (open, confirmed or assigned) findings per provider and severity, worst first. */
  unresolvedByProvider: ProviderSeverityRow[];
  unresolvedTotals: Record<Severity, number> & { total: number };
  statusCounts: Record<FindingStatus, number>;
  overdue: { count: number; findings: OverdueFinding[] };
  /** The latest scans, as the scans list gives them (empty for provider representatives). */
  recentScans: Scan[];
  /** Overdue findings of engagements in delivery or remediation (see services/remediation.ts), by engagement. */
  overdueRemediation: OverdueRemediation[];
}

const zeroSeverities = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/** How many SLA breaches the dashboard lists (the count covers them all). */
export const OVERDUE_SHOWN = 20;
export const RECENT_SCANS = 10;
/** How many engagements the overdue remediation section looks at (the most recently active first). */
export const REMEDIATION_ENGAGEMENTS = 50;

/** The overdue findings of the delivered engagements the caller reaches (a representative: their provider's). */
export async function overdueRemediation(q: Queryable, actor: Actor): Promise<OverdueRemediation[]> {
  const rep = actor.role === 'provider';
  const engagements = await q.query<{ id: string }>(
    `select id from engagements where org_id = $1 and phase in ('delivered', 'remediation')${rep ? ' and provider_id = $2' : ''}
      order by updated_at desc, id limit ${REMEDIATION_ENGAGEMENTS}`,
    rep ? [actor.orgId, actor.providerId] : [actor.orgId],
  );
  const out: OverdueRemediation[] = [];
  for (const { id } of engagements) {
    // The engagement's own access rule decides what the caller sees of it (released findings for a provider).
    const a = await engagementFor(q, actor, id);
    const findings = (await engagementFindings(q, a)).filter((f) => f.overdue);
    if (findings.length === 0) continue;
    out.push({
      engagementId: a.e.id,
      engagementTitle: a.e.title,
      providerName: a.e.provider_name,
      phase: a.e.phase,
      findings: findings.map((f) => ({ id: f.id, title: f.title, severity: f.severity, status: f.status, app_name: f.app_name, due_at: f.due_at, targetDate: f.response?.target_date ?? null })),
    });
  }
  return out;
}

export async function getDashboard(q: Queryable, actor: Actor): Promise<Dashboard> {
  const rep = actor.role === 'provider';
  // Scope of findings: the organisation; for a representative, their provider's released findings.
  const scope = rep ? ' and f.released_at is not null and a.provider_id = $2' : '';
  const params: unknown[] = rep ? [actor.orgId, actor.providerId] : [actor.orgId];
  const from = 'findings f join apps a on a.org_id = f.org_id and a.id = f.app_id join providers p on p.org_id = a.org_id and p.id = a.provider_id';

  const providers = await q.query<{ id: string; name: string }>(
    `select id, name from providers where org_id = $1${rep ? ' and id = $2' : ''} order by lower(name), id`,
    params,
  );
  const counts = await q.query<{ provider_id: string; severity: Severity; n: number }>(
    `select a.provider_id, f.severity, count(*)::int as n from ${from}
      where f.org_id = $1 and f.status in ('open', 'confirmed', 'assigned')${scope} group by a.provider_id, f.severity`,
    params,
  );
  const byId = new Map<string, ProviderSeverityRow>(providers.map((p) => [p.id, { providerId: p.id, providerName: p.name, counts: zeroSeverities(), total: 0 }]));
  const totals = { ...zeroSeverities(), total: 0 };
  for (const c of counts) {
    const row = byId.get(c.provider_id);
    if (!row) continue;
    row.counts[c.severity] += c.n;
    row.total += c.n;
    totals[c.severity] += c.n;
    totals.total += c.n;
  }
  // Worst first: most critical, then most high, …; ties by name (the provider query's order, kept by a stable sort).
  const unresolvedByProvider = [...byId.values()].sort((x, y) => {
    for (const s of SEVERITIES) if (x.counts[s] !== y.counts[s]) return y.counts[s] - x.counts[s];
    return 0;
  });

  const statusRows = await q.query<{ status: FindingStatus; n: number }>(`select f.status, count(*)::int as n from ${from} where f.org_id = $1${scope} group by f.status`, params);
  const statusCounts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  for (const r of statusRows) statusCounts[r.status] = r.n;

  const overdueWhere = `f.org_id = $1 and f.status = 'assigned' and f.due_at < now()${scope}`;
  const [overdueCount] = await q.query<{ n: number }>(`select count(*)::int as n from ${from} where ${overdueWhere}`, params);
  const overdueRows = await q.query<{ id: string; title: string; severity: Severity; app_id: string; app_name: string; provider_id: string; provider_name: string; due_at: Date; now: Date }>(
    `select f.id, f.title, f.severity, f.app_id, a.name as app_name, a.provider_id, p.name as provider_name, f.due_at, now() as now
       from ${from} where ${overdueWhere} order by f.due_at, f.id limit ${OVERDUE_SHOWN}`,
    params,
  );
  const overdue = {
    count: overdueCount?.n ?? 0,
    findings: overdueRows.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      appId: r.app_id,
      appName: r.app_name,
      providerId: r.provider_id,
      providerName: r.provider_name,
      dueAt: r.due_at,
      daysOverdue: Math.floor((new Date(r.now).getTime() - new Date(r.due_at).getTime()) / 86_400_000),
    })),
  };

  const recentScans = rep ? [] : await listScans(q, actor, { limit: RECENT_SCANS });

  return { unresolvedByProvider, unresolvedTotals: totals, statusCounts, overdue, recentScans, overdueRemediation: await overdueRemediation(q, actor) };
}
