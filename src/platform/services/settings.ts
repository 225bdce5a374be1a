/**
 * @module platform/services/settings
 * The lab's settings: the remediation deadline (SLA, in days) per finding severity, from which a finding
 * assigned to a provider gets its due date. Every staff member reads them; administrators and leads change them.
 */
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, forbidden } from '../http/routes.js';
import { MANAGERS, STAFF, type Actor } from '../types.js';
import { SEVERITIES, type Severity } from '../../index.js';

export type SlaDays = Record<Severity, number>;

/** The defaults of the schema (migration 0001, org_settings.sla_days). */
export const DEFAULT_SLA_DAYS: Readonly<SlaDays> = Object.freeze({ critical: 7, high: 30, medium: 90, low: 180, info: 365 });
export const SLA_MAX_DAYS = 3650;

export interface Settings {
  slaDays: SlaDays;
}

/**
 * The SLA days of an organisation. A missing settings row, or a missing or unusable value, falls back to the
 * default of that severity, so a due date can always be computed.
 */
export async function getSlaDays(q: Queryable, orgId: string): Promise<Record<Severity, number>> {
  const [row] = await q.query<{ sla_days: unknown }>('select sla_days from org_settings where org_id = $1', [orgId]);
  const stored = row?.sla_days && typeof row.sla_days === 'object' ? (row.sla_days as Record<string, unknown>) : {};
  const out = { ...DEFAULT_SLA_DAYS };
  for (const s of SEVERITIES) {
    const v = stored[s];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= SLA_MAX_DAYS) out[s] = v;
  }
  return out;
}

/**
 * Checks SLA days given as JSON numbers or form text: every severity present, each a whole number from 1 to
 * 3650, no unknown key, and never more time for a more severe finding (critical ≤ high ≤ medium ≤ low ≤ info).
 */
export function parseSlaDays(raw: unknown): SlaDays {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('"slaDays" must be an object with the days per severity');
  const src = raw as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (!(SEVERITIES as readonly string[]).includes(k)) throw badRequest(`"${k.slice(0, 40)}" is not a severity (${SEVERITIES.join(', ')})`);
  }
  const out = {} as SlaDays;
  for (const s of SEVERITIES) {
    const v = src[s];
    const problem = badRequest(`the SLA of ${s} findings must be a whole number of days from 1 to ${SLA_MAX_DAYS}`);
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v)) n = Number(v.trim());
    else if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) throw badRequest(`the SLA of ${s} findings is required`);
    else throw problem;
    if (!Number.isInteger(n) || n < 1 || n > SLA_MAX_DAYS) throw problem;
    out[s] = n;
  }
  for (let i = 1; i < SEVERITIES.length; i++) {
    const more = SEVERITIES[i - 1]!;
    const less = SEVERITIES[i]!;
    if (out[more] > out[less]) throw badRequest(`${more} findings cannot get more days (${out[more]}) than ${less} findings (${out[less]})`);
  }
  return out;
}

export async function getSettings(q: Queryable, actor: Actor): Promise<Settings> {
  if (!STAFF.includes(actor.role)) throw forbidden();
  return { slaDays: await getSlaDays(q, actor.orgId) };
}

export async function updateSettings(q: Queryable, actor: Actor, input: { slaDays: unknown }, ip?: string): Promise<Settings> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only an administrator or a lead auditor changes the settings');
  const slaDays = parseSlaDays(input.slaDays);
  const before = await getSlaDays(q, actor.orgId);
  await q.query(
    `insert into org_settings (org_id, sla_days) values ($1, $2::jsonb) on conflict (org_id) do update set sla_days = excluded.sla_days`,
    [actor.orgId, JSON.stringify(slaDays)],
  );
  if (SEVERITIES.some((s) => before[s] !== slaDays[s])) {
    await recordAudit(q, actor, { action: 'settings.sla_changed', objectType: 'org', objectId: actor.orgId, detail: { from: before, to: slaDays } }, ip);
  }
  return { slaDays };
}
