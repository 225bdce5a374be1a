/**
 * @module platform/services/digests
 * How notifications reach each user's mailbox: one e-mail each as it happens ('each', the default), a daily or
 * weekly digest, or no e-mail ('none'). Only the e-mail changes: every notification stays in the app.
 *
 * A digest is one plain-text e-mail (in English: the platform keeps no language per user) with the
 * notifications not yet e-mailed, grouped by engagement or kind, newest first, at most `DIGEST_MAX_ITEMS` of them
 * and then "and N more, in the app". Each item is written exactly as its single e-mail would be allowed to be:
 * at the 'link-only' level (a TLP:AMBER item) its title and link, and a sentence saying that its marking keeps
 * the content off e-mail; at the 'none' level (TLP:RED) it is left out entirely — not listed, not counted, and
 * a digest holding only such items is not sent, so the mailbox does not even learn that one exists.
 *
 * Timing: a digest is due once its period (24 hours, 7 days) has passed since the previous one, the first one a
 * period after the user chose it (`users.last_digest_at`). It covers every notification of the user not yet
 * e-mailed, created since the previous digest began or up to `LOOKBACK` before (the notifications written while
 * a digest was being claimed, and the ones still waiting for a single e-mail when the user switched to a digest).
 *
 * Sending follows `sendQueuedNotifications`: a short transaction claims the due users (`for update skip locked`,
 * moving their period forward) and their notifications (`emailed_at`), then the e-mails go out with no
 * transaction open. When the server fails, the failed digest and the ones not yet tried are given back —
 * period and notifications — for the next round: nothing is lost, nothing sent twice. A recipient the server
 * refuses for good is reported and skipped. Users who are not active get nothing (their digest waits).
 * `now` is a parameter so that tests move the clock instead of waiting a day.
 */
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, notFound } from '../http/routes.js';
import type { Actor } from '../types.js';
import { SmtpError } from './mailer.js';
import type { NotifyLevel } from './sharing-policy.js';

export const EMAIL_DELIVERIES = ['each', 'daily', 'weekly', 'none'] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];
export type DigestMode = Extract<EmailDelivery, 'daily' | 'weekly'>;

/** The length of a digest period. */
export const DIGEST_PERIOD_MS: Readonly<Record<DigestMode, number>> = { daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 };
/** Items listed in one digest; the rest are counted ("and N more, in the app"). */
export const DIGEST_MAX_ITEMS = 100;
/** How far before the start of its period a digest still picks up a notification not e-mailed (as the single mailer's age limit). */
const LOOKBACK = '3 days';
/** Users whose digest is claimed (and sent) per round. */
const DIGEST_BATCH = 20;
/** A body is cut to this length in a digest (a single e-mail carries up to 2,000 characters). */
const BODY_MAX = 500;

const isDigest = (d: EmailDelivery): d is DigestMode => d === 'daily' || d === 'weekly';

export interface EmailDeliveryState {
  delivery: EmailDelivery;
  /** When the next digest is due (digest modes only). */
  nextDigestAt: Date | null;
}

function stateOf(row: { email_delivery: EmailDelivery; last_digest_at: Date | null }): EmailDeliveryState {
  const d = row.email_delivery;
  return { delivery: d, nextDigestAt: isDigest(d) && row.last_digest_at ? new Date(new Date(row.last_digest_at).getTime() + DIGEST_PERIOD_MS[d]) : null };
}

/** How the user's notifications reach their mailbox. */
export async function getEmailDelivery(q: Queryable, userId: string): Promise<EmailDeliveryState> {
  const [row] = await q.query<{ email_delivery: EmailDelivery; last_digest_at: Date | null }>('select email_delivery, last_digest_at from users where id = $1', [userId]);
  if (!row) throw notFound('no such user');
  return stateOf(row);
}

/** Checks a choice coming from a form or the API. */
export function parseEmailDelivery(v: unknown): EmailDelivery {
  if (typeof v !== 'string' || !(EMAIL_DELIVERIES as readonly string[]).includes(v)) throw badRequest(`"delivery" must be one of ${EMAIL_DELIVERIES.join(', ')}`);
  return v as EmailDelivery;
}

/**
 * The caller chooses how their notifications reach their mailbox. Choosing a digest (or another period) starts
 * its period now: the first digest comes one period later. Choosing the same again changes nothing (it does not
 * put the next digest off).
 */
export async function setEmailDelivery(q: Queryable, actor: Actor, choice: unknown, ip?: string, now: Date = new Date()): Promise<EmailDeliveryState> {
  const delivery = parseEmailDelivery(choice);
  const [before] = await q.query<{ email_delivery: EmailDelivery }>('select email_delivery from users where id = $1 for update', [actor.userId]);
  if (!before) throw notFound('no such user');
  const [row] = await q.query<{ email_delivery: EmailDelivery; last_digest_at: Date | null }>(
    `update users set email_delivery = $2,
            last_digest_at = case when $2 in ('daily', 'weekly') and email_delivery <> $2 then $3::timestamptz
                                  when $2 in ('daily', 'weekly') then last_digest_at else null end
      where id = $1 returning email_delivery, last_digest_at`,
    [actor.userId, delivery, now],
  );
  if (before.email_delivery !== delivery) {
    await recordAudit(q, actor, { action: 'account.email_delivery_changed', objectType: 'user', objectId: actor.userId, detail: { from: before.email_delivery, to: delivery } }, ip);
  }
  return stateOf(row!);
}

/** One notification as a digest lists it. */
export interface DigestItem {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  email_level: NotifyLevel;
  created_at: Date;
  engagement_id: string | null;
  /** The engagement's title (for the group heading of items at the 'content' level). */
  engagement_title: string | null;
}

/** Headings of the kinds of notification (others: the kind itself, in words). */
const KIND_HEADINGS: Readonly<Record<string, string>> = {
  assignment: 'Assignments',
  review_requested: 'Review requests',
  review_decision: 'Review decisions',
  review_comment: 'Review comments',
  approval_withdrawn: 'Withdrawn approvals',
  provider_response: 'Provider answers',
  delivered: 'Deliveries',
  reopened: 'Reopened findings',
  phase: 'Engagement phases',
  deadline: 'Deadlines',
  advisory: 'Advisories',
  advisory_comment: 'Advisories',
  advisory_ack: 'Advisories',
  advisory_acknowledged: 'Advisories',
  library_document: 'Library',
  library_version: 'Library',
  library_comment: 'Library',
  campaign: 'Campaigns',
};

export function kindHeading(kind: string): string {
  const known = KIND_HEADINGS[kind];
  if (known) return known;
  const words = kind.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Other';
}

const when = (d: Date): string => new Date(d).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const absolute = (publicUrl: string, link: string): string => `${publicUrl.replace(/\/+$/, '')}${link.startsWith('/') ? '' : '/'}${link}`;
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The digest e-mail of one user: `items` are the notifications it covers (any order, any level; those at the
 * 'none' level are dropped here too). Undefined when nothing may be e-mailed.
 */
export function digestEmail(publicUrl: string, mode: DigestMode, items: readonly DigestItem[], since: Date): { subject: string; text: string } | undefined {
  const mailable = items.filter((n) => n.email_level === 'content' || n.email_level === 'link-only');
  if (mailable.length === 0) return undefined;
  mailable.sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime() || b.id - a.id);
  const listed = mailable.slice(0, DIGEST_MAX_ITEMS);
  const more = mailable.length - listed.length;
  // Groups in the order of their newest item. An engagement's title heads only items that may carry content.
  const groups = new Map<string, { heading: string; items: DigestItem[] }>();
  for (const n of listed) {
    const byEngagement = n.email_level === 'content' && n.engagement_id !== null && n.engagement_title !== null;
    const key = byEngagement ? `e:${n.engagement_id}` : `k:${kindHeading(n.kind)}`;
    const heading = byEngagement ? `Engagement "${oneLine(n.engagement_title!)}"` : kindHeading(n.kind);
    const g = groups.get(key) ?? { heading, items: [] };
    g.items.push(n);
    groups.set(key, g);
  }
  const count = mailable.length === 1 ? '1 notification' : `${mailable.length} notifications`;
  const period = mode === 'daily' ? 'daily' : 'weekly';
  const out = [`Your ${period} digest: ${count} since ${when(since)}, newest first.`];
  for (const g of groups.values()) {
    out.push('', `== ${g.heading} ==`);
    for (const n of g.items) {
      out.push('', `- ${oneLine(n.title)} (${when(n.created_at)})`);
      if (n.email_level === 'link-only') out.push('  Its marking keeps the content off e-mail: log in to read it.');
      else if (n.body) {
        const body = n.body.length > BODY_MAX ? `${n.body.slice(0, BODY_MAX)}…` : n.body;
        for (const line of body.replace(/\r\n?/g, '\n').split('\n')) out.push(`  ${line}`.trimEnd());
      }
      if (n.link) out.push(`  Open: ${absolute(publicUrl, n.link)}`);
    }
  }
  if (more > 0) out.push('', `And ${more} more, in the app: ${absolute(publicUrl, '/notifications')}`);
  out.push(
    '',
    '--',
    `dfslab lab platform, ${publicUrl}`,
    `You receive this ${period} digest because you chose it for your account; change it at ${absolute(publicUrl, '/account/email-delivery')}. Every notification is also in the app.`,
  );
  return { subject: `[dfslab] Your ${period} digest: ${count}`, text: out.join('\n') };
}

interface ClaimedDigest {
  userId: string;
  email: string;
  mode: DigestMode;
  previous: Date;
  items: DigestItem[];
}

/** Claims the due digests (users and their notifications) in one short transaction. */
async function claimDigests(db: Db, now: Date): Promise<ClaimedDigest[]> {
  return db.tx(async (q) => {
    const users = await q.query<{ id: string; email: string; email_delivery: DigestMode; previous: Date }>(
      `with due as (
         select id, last_digest_at as previous from users
          where status = 'active' and email_delivery in ('daily', 'weekly')
            and last_digest_at <= $1::timestamptz - case email_delivery when 'daily' then interval '1 day' else interval '7 days' end
          order by last_digest_at, id limit ${DIGEST_BATCH} for update skip locked)
       update users u set last_digest_at = $1::timestamptz from due
        where u.id = due.id and u.status = 'active' and u.email_delivery in ('daily', 'weekly')
          and u.last_digest_at <= $1::timestamptz - case u.email_delivery when 'daily' then interval '1 day' else interval '7 days' end
       returning u.id, u.email, u.email_delivery, due.previous`,
      [now],
    );
    const out: ClaimedDigest[] = [];
    for (const u of users.sort((a, b) => a.id.localeCompare(b.id))) {
      const items = await q.query<DigestItem>(
        `with mine as (
           update notifications set emailed_at = $2::timestamptz
            where user_id = $1 and emailed_at is null and email_level <> 'none' and created_at > $3::timestamptz - interval '${LOOKBACK}'
            returning id, kind, title, body, link, email_level, created_at, engagement_id)
         select m.*, e.title as engagement_title from mine m left join engagements e on e.id = m.engagement_id`,
        [u.id, now, u.previous],
      );
      out.push({ userId: u.id, email: u.email, mode: u.email_delivery, previous: new Date(u.previous), items });
    }
    return out;
  });
}

/** Gives claimed digests back: their period and their notifications, unless the user changed mode meanwhile. */
async function giveBack(db: Queryable, digests: readonly ClaimedDigest[], now: Date): Promise<void> {
  for (const d of digests) {
    await db.query('update users set last_digest_at = $2 where id = $1 and last_digest_at = $3::timestamptz', [d.userId, d.previous, now]);
    if (d.items.length) await db.query('update notifications set emailed_at = null where id = any($1::bigint[]) and emailed_at = $2::timestamptz', [d.items.map((n) => n.id), now]);
  }
}

/**
 * One round of digests: claims the due ones and sends them. A digest with nothing to e-mail is not sent (its
 * period still restarts). On an SMTP failure the failed digest and those not yet tried are given back and the
 * error is thrown; a recipient refused for good is reported in `refused` and not retried.
 */
export async function sendDueDigests(
  db: Db,
  config: PlatformConfig,
  send: (msg: { to: string; subject: string; text: string }) => Promise<void>,
  o: { now?: Date } = {},
): Promise<{ sent: number; refused: Array<{ userId: string; to: string; reason: string }> }> {
  const now = o.now ?? new Date();
  let sent = 0;
  const refused: Array<{ userId: string; to: string; reason: string }> = [];
  for (;;) {
    const claimed = await claimDigests(db, now);
    for (const [i, d] of claimed.entries()) {
      const mail = digestEmail(config.publicUrl, d.mode, d.items, d.previous);
      if (!mail) continue;
      try {
        await send({ to: d.email, ...mail });
        sent++;
      } catch (e) {
        if (e instanceof SmtpError && e.recipientRefused) {
          refused.push({ userId: d.userId, to: d.email, reason: e.message });
          continue;
        }
        await giveBack(db, claimed.slice(i), now);
        throw e;
      }
    }
    if (claimed.length < DIGEST_BATCH) return { sent, refused };
  }
}
