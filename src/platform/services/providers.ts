/**
 * @module platform/services/providers
 * The supervised DFS providers and their apps. Every query is bound to the caller's organisation, and a
 * provider representative only ever reaches their own provider: an object of another organisation or
 * provider is "not found", never "forbidden" (its existence is not revealed).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, conflict, forbidden, notFound } from '../http/routes.js';
import { MANAGERS, PROVIDER_KINDS, type Actor, type ProviderKind } from '../types.js';

export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  country: string | null;
  licence: string | null;
  created_at: Date;
}

export interface App {
  id: string;
  provider_id: string;
  provider_name: string;
  name: string;
  platform: 'android' | 'ios' | 'ussd';
  identifier: string;
  created_at: Date;
}

/** SQL condition (and its parameter) limiting a provider representative to their provider. */
function providerScope(actor: Actor, column: string, next: number): { sql: string; params: unknown[] } {
  return actor.role === 'provider' ? { sql: ` and ${column} = $${next}`, params: [actor.providerId] } : { sql: '', params: [] };
}

export async function listProviders(q: Queryable, actor: Actor): Promise<Array<Provider & { apps: number }>> {
  const s = providerScope(actor, 'p.id', 2);
  return q.query(
    `select p.id, p.name, p.kind, p.country, p.licence, p.created_at, (select count(*)::int from apps a where a.provider_id = p.id) as apps
       from providers p where p.org_id = $1${s.sql} order by lower(p.name)`,
    [actor.orgId, ...s.params],
  );
}

export async function getProvider(q: Queryable, actor: Actor, id: string): Promise<Provider> {
  const s = providerScope(actor, 'id', 3);
  const [p] = await q.query<Provider>(`select id, name, kind, country, licence, created_at from providers where org_id = $1 and id = $2${s.sql}`, [actor.orgId, id, ...s.params]);
  if (!p) throw notFound('no such provider');
  return p;
}

export interface ProviderInput {
  name: string;
  kind: string;
  country?: string | undefined;
  licence?: string | undefined;
}

function checkProvider(input: ProviderInput): asserts input is ProviderInput & { kind: ProviderKind } {
  if (!input.name || input.name.length > 120) throw badRequest('the provider needs a name of at most 120 characters');
  if (!(PROVIDER_KINDS as readonly string[]).includes(input.kind)) throw badRequest(`kind must be one of ${PROVIDER_KINDS.join(', ')}`);
}

export async function createProvider(q: Queryable, actor: Actor, input: ProviderInput, ip?: string): Promise<Provider> {
  if (!MANAGERS.includes(actor.role)) throw forbidden();
  checkProvider(input);
  const id = randomUUID();
  const dup = await q.query('select 1 from providers where org_id = $1 and lower(name) = lower($2)', [actor.orgId, input.name]);
  if (dup.length) throw conflict(`a provider named "${input.name}" already exists`);
  await q.query('insert into providers (id, org_id, name, kind, country, licence) values ($1, $2, $3, $4, $5, $6)', [id, actor.orgId, input.name, input.kind, input.country ?? null, input.licence ?? null]);
  await recordAudit(q, actor, { action: 'provider.created', objectType: 'provider', objectId: id, detail: { name: input.name, kind: input.kind } }, ip);
  return getProvider(q, actor, id);
}

export async function updateProvider(q: Queryable, actor: Actor, id: string, input: ProviderInput, ip?: string): Promise<Provider> {
  if (!MANAGERS.includes(actor.role)) throw forbidden();
  await getProvider(q, actor, id);
  checkProvider(input);
  await q.query('update providers set name = $3, kind = $4, country = $5, licence = $6 where org_id = $1 and id = $2', [actor.orgId, id, input.name, input.kind, input.country ?? null, input.licence ?? null]);
  await recordAudit(q, actor, { action: 'provider.updated', objectType: 'provider', objectId: id, detail: { ...input } }, ip);
  return getProvider(q, actor, id);
}

export async function listApps(q: Queryable, actor: Actor, providerId?: string): Promise<App[]> {
  const s = providerScope(actor, 'a.provider_id', providerId ? 3 : 2);
  return q.query(
    `select a.id, a.provider_id, p.name as provider_name, a.name, a.platform, a.identifier, a.created_at
       from apps a join providers p on p.id = a.provider_id
      where a.org_id = $1${providerId ? ' and a.provider_id = $2' : ''}${s.sql}
      order by lower(p.name), lower(a.name), a.platform`,
    [actor.orgId, ...(providerId ? [providerId] : []), ...s.params],
  );
}

export async function getApp(q: Queryable, actor: Actor, id: string): Promise<App> {
  const s = providerScope(actor, 'a.provider_id', 3);
  const [a] = await q.query<App>(
    `select a.id, a.provider_id, p.name as provider_name, a.name, a.platform, a.identifier, a.created_at
       from apps a join providers p on p.id = a.provider_id where a.org_id = $1 and a.id = $2${s.sql}`,
    [actor.orgId, id, ...s.params],
  );
  if (!a) throw notFound('no such app');
  return a;
}

const IDENTIFIER: Record<App['platform'], RegExp> = {
  // Android package names (JLS-like segments), iOS bundle ids, USSD service codes (*123*4#).
  android: /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/,
  ios: /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
  ussd: /^\*[0-9]{1,6}(\*[0-9]{1,6})*#$/,
};

export async function createApp(q: Queryable, actor: Actor, providerId: string, input: { name: string; platform: string; identifier: string }, ip?: string): Promise<App> {
  if (!MANAGERS.includes(actor.role)) throw forbidden();
  await getProvider(q, actor, providerId);
  if (!input.name || input.name.length > 120) throw badRequest('the app needs a name of at most 120 characters');
  if (!['android', 'ios', 'ussd'].includes(input.platform)) throw badRequest('platform must be android, ios or ussd');
  const platform = input.platform as App['platform'];
  if (input.identifier.length > 200 || !IDENTIFIER[platform].test(input.identifier)) {
    throw badRequest(platform === 'ussd' ? 'a USSD service code looks like *384*12#' : `"${input.identifier.slice(0, 60)}" is not a valid ${platform === 'android' ? 'Android package name' : 'iOS bundle id'}`);
  }
  const dup = await q.query('select 1 from apps where org_id = $1 and platform = $2 and identifier = $3', [actor.orgId, platform, input.identifier]);
  if (dup.length) throw conflict(`an ${platform} app with identifier ${input.identifier} already exists`);
  const id = randomUUID();
  await q.query('insert into apps (id, org_id, provider_id, name, platform, identifier) values ($1, $2, $3, $4, $5, $6)', [id, actor.orgId, providerId, input.name, platform, input.identifier]);
  await recordAudit(q, actor, { action: 'app.created', objectType: 'app', objectId: id, detail: { ...input, providerId } }, ip);
  return getApp(q, actor, id);
}
