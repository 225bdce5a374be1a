/**
 * @module platform/services/notifications
 * In-app notifications: assignments, review requests, decisions, provider responses and deadlines. Written in
 * the same transaction as what they tell of; nothing here is sent anywhere by itself.
 */
import type { Queryable } from '../db/db.js';

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | undefined;
  link?: string | undefined;
  engagementId?: string | undefined;
}

/** One notification for each user (duplicates in `userIds` are sent once). */
export async function notify(q: Queryable, userIds: readonly string[], n: NotificationInput): Promise<void> {
  for (const userId of new Set(userIds)) {
    await q.query('insert into notifications (user_id, engagement_id, kind, title, body, link) values ($1, $2, $3, $4, $5, $6)', [
      userId,
      n.engagementId ?? null,
      n.kind,
      n.title.slice(0, 300),
      n.body?.slice(0, 2000) ?? null,
      n.link ?? null,
    ]);
  }
}
