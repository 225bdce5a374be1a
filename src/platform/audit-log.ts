/**
 * @module platform/audit-log
 * The audit log: every change anyone makes (and every login, failed or not) is one row, written in the same
 * transaction as the change so that neither exists without the other.
 */
import type { Queryable } from './db/db.js';
import type { Actor } from './types.js';

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(q: Queryable, who: Pick<Actor, 'orgId' | 'userId'> | { orgId: string | null; userId: string | null }, e: AuditEntry, ip?: string): Promise<void> {
  await q.query(
    'insert into audit_log (org_id, user_id, action, object_type, object_id, detail, ip) values ($1, $2, $3, $4, $5, $6, $7)',
    [who.orgId, who.userId, e.action, e.objectType ?? null, e.objectId ?? null, JSON.stringify(e.detail ?? {}), ip ?? null],
  );
}
