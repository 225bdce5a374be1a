/**
 * A lab ready for an engagement, for the engagement tests: the lab's admin (through the setup page), a lead,
 * two auditors, a reviewer and a read-only user of the lab; an oversight body (another organisation) with a
 * reviewer; a provider with an Android app and a USSD service, and its representative. `planEngagement`
 * plans one through the API, as a lead would.
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

export async function getJson<T = Record<string, unknown>>(c: Client, path: string): Promise<{ status: number; body: T }> {
  const r = await c.request('GET', path, { headers: { accept: 'application/json' } });
  return { status: r.status, body: JSON.parse(r.text_ || '{}') as T };
}
