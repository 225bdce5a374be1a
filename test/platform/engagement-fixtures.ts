/**
 * A lab ready for an engagement, for the engagement tests: the lab's admin (through the setup page), a lead,
 * two auditors, a reviewer and a read-only user of the lab; an oversight body (another organisation) with a
 * reviewer; a provider with an Android app and a USSD service, and its representative. `planEngagement`
 * plans one through the API, as a lead would.
 *
 * For the remediation tests (API and pages): `addFindings` gives an engagement manual findings, `deliver` puts it
 * in the delivered phase and releases its findings directly in the database, as delivery does (delivery itself,
 * through review and approvals, is tested with the review), and `otherProviderRep` is a representative of
 * another provider of the same lab, who must see none of it.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/platform/types.js';
import { addOrg, addUser, loginAs, setUpAdmin, type Client, type TestPlatform } from './platform.js';

export interface Lab {
  orgId: string;
  oversightOrgId: string;
  providerId: string;
  androidAppId: string;
  ussdAppId: string;
  users: Record<'lead' | 'auditor' | 'auditor2' | 'reviewer' | 'readonly' | 'oversight' | 'provider' | 'outsiderLead', { id: string; email: string }>;
  as: Record<'admin' | 'lead' | 'auditor' | 'auditor2' | 'reviewer' | 'readonly' | 'oversight' | 'provider' | 'outsiderLead', Client>;
}

export const ANDROID_PACKAGE = 'org.dfslab.fixture.insecurewallet';

export async function seedLab(t: TestPlatform, o: { androidIdentifier?: string } = {}): Promise<Lab> {
  const admin = await setUpAdmin(t);
  const orgId = (await t.p.db.one<{ id: string }>('select id from orgs order by created_at limit 1'))!.id;
  const oversightOrgId = await addOrg(t, `ITU oversight ${randomUUID().slice(0, 6)}`);
  const otherLabId = await addOrg(t, `Other lab ${randomUUID().slice(0, 6)}`);
  const p = await admin.request('POST', '/api/v1/providers', { json: { name: 'Testland Mobile Money', kind: 'mno', country: 'Testland' } });
  if (p.status !== 201) throw new Error(`provider: ${p.status} ${p.text_}`);
  const providerId = (JSON.parse(p.text_) as { provider: { id: string } }).provider.id;
  const addApp = async (platform: string, identifier: string, name: string): Promise<string> => {
    const r = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name, platform, identifier } });
    if (r.status !== 201) throw new Error(`app: ${r.status} ${r.text_}`);
    return (JSON.parse(r.text_) as { app: { id: string } }).app.id;
  };
  const androidAppId = await addApp('android', o.androidIdentifier ?? ANDROID_PACKAGE, 'TestPay wallet');
  const ussdAppId = await addApp('ussd', '*384*12#', 'TestPay USSD');
  const make = async (org: string, role: Role, extra: { providerId?: string } = {}) => addUser(t, org, role, extra);
  const users = {
    lead: await make(orgId, 'lead'),
    auditor: await make(orgId, 'auditor'),
    auditor2: await make(orgId, 'auditor'),
    reviewer: await make(orgId, 'reviewer'),
    readonly: await make(orgId, 'readonly'),
    oversight: await make(oversightOrgId, 'reviewer'),
    provider: await make(orgId, 'provider', { providerId }),
    outsiderLead: await make(otherLabId, 'lead'),
  };
  const as = { admin } as Lab['as'];
  for (const [k, u] of Object.entries(users)) as[k as keyof typeof users] = await loginAs(t, u.email);
  return { orgId, oversightOrgId, providerId, androidAppId, ussdAppId, users, as };
}

export interface PlannedEngagement {
  id: string;
  body: Record<string, unknown>;
}

/** Plans an engagement as the lab's lead: both apps, Android + USSD, the given profile; team: auditor, oversight reviewer. */
export async function planEngagement(lab: Lab, o: { profile?: string; approvalsRequired?: number; title?: string; reviewers?: Array<'reviewer' | 'oversight'>; type?: string } = {}): Promise<PlannedEngagement> {
  const r = await lab.as.lead.request('POST', '/api/v1/engagements', {
    json: {
      title: o.title ?? 'TestPay 2026 audit',
      providerId: lab.providerId,
      profile: o.profile ?? 'all',
      channels: ['android', 'ussd'],
      apps: [{ appId: lab.androidAppId, version: '4.2.0' }, { appId: lab.ussdAppId }],
      startsOn: '2026-11-01',
      endsOn: '2026-12-15',
      approvalsRequired: o.approvalsRequired ?? 1,
      ...(o.type ? { type: o.type } : {}),
    },
  });
  if (r.status !== 201) throw new Error(`engagement: ${r.status} ${r.text_}`);
  const body = JSON.parse(r.text_) as { engagement: { id: string } };
  const id = body.engagement.id;
  for (const [who, role] of [['auditor', 'auditor'], ...(o.reviewers ?? ['oversight']).map((x) => [x, 'reviewer'])] as Array<[keyof Lab['users'], string]>) {
    const m = await lab.as.lead.request('POST', `/api/v1/engagements/${id}/members`, { json: { email: lab.users[who].email, role } });
    if (m.status !== 201) throw new Error(`member ${who}: ${m.status} ${m.text_}`);
  }
  return { id, body };
}

/** POSTs a phase change as `c`; returns the status and the parsed body. */
export async function movePhase(c: Client, id: string, phase: string, reason?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await c.request('POST', `/api/v1/engagements/${id}/phase`, { json: { phase, ...(reason ? { reason } : {}) } });
  return { status: r.status, body: JSON.parse(r.text_ || '{}') as Record<string, unknown> };
}

/** A finding to seed on an engagement (defaults: high, confirmed, no due date). */
export interface SeededFinding {
  title: string;
  severity?: string;
  status?: string;
  dueAt?: Date | null;
}

/** Adds manual findings to the engagement, as failed manual rows would have made them; returns their ids in order. */
export async function addFindings(t: TestPlatform, lab: Lab, engagementId: string, findings: readonly SeededFinding[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of findings) {
    const id = randomUUID();
    const data = { checkId: 'manual.APP-02', title: f.title, severity: f.severity ?? 'high', message: f.title, locations: [], evidence: [], references: {}, fingerprint: id };
    await t.p.db.query(
      `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, reason, source, engagement_id, due_at, data)
       values ($1, $2, $3, $4, 'manual.APP-02', $5, $6, $7, $8, 'manual', $9, $10, $11)`,
      [id, lab.orgId, lab.androidAppId, `manual:${id}`, f.title, f.severity ?? 'high', f.status ?? 'confirmed', f.status === 'false_positive' ? 'the lab test device was rooted' : null, engagementId, f.dueAt ?? null, JSON.stringify(data)],
    );
    ids.push(id);
  }
  return ids;
}

/**
 * Puts the engagement in the delivered phase and releases its findings (those of its linked scans and its own)
 * but the false positives, as delivery does.
 */
export async function deliver(t: TestPlatform, engagementId: string): Promise<void> {
  await t.p.db.query("update engagements set phase = 'delivered', delivered_at = now() where id = $1", [engagementId]);
  await t.p.db.query(
    `update findings set released_at = now() where released_at is null and status <> 'false_positive' and id in (
       select sf.finding_id from scan_findings sf join engagement_scans es on es.scan_id = sf.scan_id where es.engagement_id = $1
       union select id from findings where engagement_id = $1)`,
    [engagementId],
  );
}

/** Logs in a representative of another provider ("Other Bank") of the lab. */
export async function otherProviderRep(t: TestPlatform, lab: Lab): Promise<Client> {
  const p = await lab.as.admin.request('POST', '/api/v1/providers', { json: { name: 'Other Bank', kind: 'bank', country: 'Testland' } });
  if (p.status !== 201) throw new Error(`provider: ${p.status} ${p.text_}`);
  const otherProviderId = (JSON.parse(p.text_) as { provider: { id: string } }).provider.id;
  return loginAs(t, (await addUser(t, lab.orgId, 'provider', { providerId: otherProviderId })).email);
}

export async function getJson<T = Record<string, unknown>>(c: Client, path: string): Promise<{ status: number; body: T }> {
  const r = await c.request('GET', path, { headers: { accept: 'application/json' } });
  return { status: r.status, body: JSON.parse(r.text_ || '{}') as T };
}
