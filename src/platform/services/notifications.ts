/**
 * @module platform/services/notifications
 * In-app notifications: assignments, review requests, decisions, provider responses and deadlines. Written in
 * the same transaction as what they tell of. Each user reads (and marks read) only their own. When the
 * platform has an SMTP server (`config.smtp`), `startNotificationMailer` also e-mails each one, once — as far
 * as its `email` level allows: a notification about a TLP:AMBER item is e-mailed as its title and link only (the
 * writer keeps such a title free of the item's content), one about a TLP:RED item not at all
 * (services/sharing-policy.ts, `mayNotifyBy`). Each user chooses how: one e-mail per notification (the
 * default), a daily or weekly digest (services/digests.ts, sent in the same mailer round), or none.
 */
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest } from '../http/routes.js';
import type { Actor } from '../types.js';
import type { NotifyLevel } from './sharing-policy.js';
import { redactSmtpUrl, sendMail, SmtpError } from './mailer.js';
import { startPeriodic } from '../jobs/periodic.js';
import { sendDueDigests } from './digests.js';

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | undefined;
  link?: string | undefined;
  engagementId?: string | undefined;
  /**
   * What its e-mail may carry (default 'content': title, body and link). 'link-only': the title and the link, so
   * the title must not carry what the e-mail may not; 'none': it is not e-mailed.
   */
  email?: NotifyLevel | undefined;
}

/** One notification for each user (duplicates in `userIds` are sent once). */
export async function notify(q: Queryable, userIds: readonly string[], n: NotificationInput): Promise<void> {
  for (const userId of new Set(userIds)) {
    await q.query('insert into notifications (user_id, engagement_id, kind, title, body, link, email_level) values ($1, $2, $3, $4, $5, $6, $7)', [
      userId,
      n.engagementId ?? null,
      n.kind,
      n.title.slice(0, 300),
      n.body?.slice(0, 2000) ?? null,
      n.link ?? null,
      n.email ?? 'content',
    ]);
  }
}

export interface Notification {
  id: number;
  engagement_id: string | null;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** The caller's own notifications, newest first (at most `limit`, 1..200, default 50). */
export async function listNotifications(q: Queryable, actor: Actor, o: { unreadOnly?: boolean; limit?: number } = {}): Promise<Notification[]> {
  const limit = o.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badRequest('"limit" must be a whole number from 1 to 200');
  return q.query<Notification>(
    `select id, engagement_id, kind, title, body, link, created_at, read_at from notifications
      where user_id = $1 and ($2::boolean = false or read_at is null) order by created_at desc, id desc limit $3`,
    [actor.userId, o.unreadOnly === true, limit],
  );
}

/**
 * Marks the caller's notifications read: the given ids, or all. Ids of other users' notifications are
 * ignored like unknown ones (nothing tells whether they exist). Returns how many were newly marked.
 */
export async function markRead(q: Queryable, actor: Actor, ids: readonly number[] | 'all'): Promise<number> {
  if (ids !== 'all') {
    if (!Array.isArray(ids) || ids.length > 1000 || !ids.every((i) => Number.isSafeInteger(i) && i > 0)) {
      throw badRequest('"ids" must be a list of at most 1000 notification ids (whole numbers)');
    }
    if (ids.length === 0) return 0;
  }
  const rows = await q.query<{ id: number }>(
    `update notifications set read_at = now() where user_id = $1 and read_at is null ${ids === 'all' ? '' : 'and id = any($2::bigint[])'} returning id`,
    ids === 'all' ? [actor.userId] : [actor.userId, [...ids]],
  );
  return rows.length;
}

export async function unreadCount(q: Queryable, userId: string): Promise<number> {
  const [row] = await q.query<{ n: number }>('select count(*)::int as n from notifications where user_id = $1 and read_at is null', [userId]);
  return row?.n ?? 0;
}

/** Notifications older than this are not e-mailed any more (a server whose SMTP was down for days does not flood inboxes). */
const EMAIL_MAX_AGE = '3 days';
/** Notifications claimed (and sent) per round. */
const EMAIL_BATCH = 50;

interface QueuedEmail {
  id: number;
  title: string;
  body: string | null;
  link: string | null;
  email: string;
  email_level: NotifyLevel;
}

/**
 * The text of a notification's e-mail: title, body, and the full link. At the 'link-only' level the body stays
 * in the platform and the e-mail says that the reader logs in to read it.
 */
export function notificationEmail(publicUrl: string, n: Pick<QueuedEmail, 'title' | 'body' | 'link'> & { email_level?: NotifyLevel | undefined }): { subject: string; text: string } {
  const parts = [n.title];
  if (n.email_level === 'link-only') parts.push('', 'Its marking keeps the content off e-mail: log in to read it.');
  else if (n.body) parts.push('', n.body);
  if (n.link) parts.push('', `Open: ${publicUrl.replace(/\/+$/, '')}${n.link.startsWith('/') ? '' : '/'}${n.link}`);
  parts.push('', '--', `dfslab lab platform, ${publicUrl}`, 'You receive this because you have an account there; the notification is also in the app.');
  return { subject: `[dfslab] ${n.title}`, text: parts.join('\n') };
}

/**
 * One round of the mailer: claims the unsent notifications of active users who take them one by one
 * (`email_delivery` 'each'; the others get digests, services/digests.ts) — recent ones, not those whose level
 * is 'none' — sends them, and on
 * an SMTP failure gives the failed and the not yet tried ones back for the next round.
 *
 * Claiming sets `emailed_at` before sending, with `skip locked`, so that two servers never send the same one;
 * the price is that a process dying between the claim and the send loses that e-mail (the notification stays
 * in the app). Sending inside a transaction instead would hold it open during network I/O, which on the
 * embedded database (one session) stops every request.
 */
export async function sendQueuedNotifications(
  db: Queryable,
  config: PlatformConfig,
  send: (msg: { to: string; subject: string; text: string }) => Promise<void>,
): Promise<{ sent: number; refused: Array<{ id: number; to: string; reason: string }> }> {
  const claimed = await db.query<QueuedEmail>(
    `update notifications n set emailed_at = now() from users u
      where n.id in (select nn.id from notifications nn join users uu on uu.id = nn.user_id
                      where nn.emailed_at is null and nn.email_level <> 'none' and nn.created_at > now() - interval '${EMAIL_MAX_AGE}' and uu.status = 'active' and uu.email_delivery = 'each'
                      order by nn.id limit ${EMAIL_BATCH} for update of nn skip locked)
        and n.emailed_at is null and u.id = n.user_id
      returning n.id, n.title, n.body, n.link, n.email_level, u.email`,
  );
  claimed.sort((x, y) => x.id - y.id);
  let sent = 0;
  const refused: Array<{ id: number; to: string; reason: string }> = [];
  for (const [i, n] of claimed.entries()) {
    try {
      await send({ to: n.email, ...notificationEmail(config.publicUrl, n) });
      sent++;
    } catch (e) {
      if (e instanceof SmtpError && e.recipientRefused) {
        // This address will never take it: trying again each round would hold up everyone else's mail.
        refused.push({ id: n.id, to: n.email, reason: e.message });
        continue;
      }
      // The server failed: give this one and the rest back for the next round.
      await db.query('update notifications set emailed_at = null where id = any($1::bigint[])', [claimed.slice(i).map((c) => c.id)]);
      throw e;
    }
  }
  return { sent, refused };
}

export interface NotificationMailer {
  stop(): Promise<void>;
}

/**
 * E-mails notifications when `config.smtp` is set: a round at once and then every `intervalMs` (default 30 s);
 * without SMTP it does nothing. A round sends the single e-mails, then the digests that are due (not when the
 * server just failed). `stop()` waits for a round in progress.
 */
export function startNotificationMailer(
  db: Db,
  config: PlatformConfig,
  o: { intervalMs?: number; log?: (line: string) => void; timeoutMs?: number; /** A private CA to trust for the SMTP server's certificate. */ ca?: string | Buffer } = {},
): NotificationMailer {
  const smtp = config.smtp;
  if (!smtp) return { stop: async () => undefined };
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let lastError: string | undefined;
  // A server that stays down is reported once, not every round.
  const failed = (message: string): void => {
    if (message !== lastError) log(`dfslab: e-mail through ${redactSmtpUrl(smtp.url)} failed (will retry): ${message}`);
    lastError = message;
  };
  return startPeriodic(
    o.intervalMs ?? 30_000,
    async () => {
      try {
        const send = (msg: { to: string; subject: string; text: string }) => sendMail(smtp, msg, { ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }), ...(o.ca ? { ca: o.ca } : {}) });
        const r = await sendQueuedNotifications(db, config, send);
        for (const x of r.refused) log(`dfslab: notification ${x.id} not e-mailed to ${x.to}: ${x.reason}`);
        const d = await sendDueDigests(db, config, send);
        for (const x of d.refused) log(`dfslab: digest not e-mailed to ${x.to}: ${x.reason}`);
        if (lastError) log(`dfslab: e-mail through ${redactSmtpUrl(smtp.url)} works again`);
        lastError = undefined;
      } catch (e) {
        failed((e as Error).message);
      }
    },
    (e) => failed(e.message),
  );
}
