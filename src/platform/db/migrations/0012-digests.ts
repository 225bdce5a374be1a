/**
 * How each user's notifications reach their mailbox (services/digests.ts):
 *
 * - `users.email_delivery`: 'each' (one e-mail per notification, as it happens: the default and what every
 *   existing account keeps), 'daily' or 'weekly' (one digest e-mail per period), or 'none' (no e-mail; the
 *   notifications stay in the app).
 * - `users.last_digest_at`: when the current digest period started — when the user chose a digest, then when
 *   the last digest was claimed. A digest is due once its period has passed since then. Claiming it moves this
 *   forward under `for update skip locked` (two servers never send the same digest); a failed send moves it
 *   back. A user in a digest mode always has it (the check).
 * - A notification that went out in a digest has `emailed_at` set like one e-mailed alone, so it is never
 *   sent twice, and the next digest picks up every one still without it.
 */
export const id = '0012-digests';

export const sql = /* sql */ `
alter table users add column email_delivery text not null default 'each' check (email_delivery in ('each', 'daily', 'weekly', 'none'));
alter table users add column last_digest_at timestamptz;
alter table users add constraint users_digest_period check (email_delivery not in ('daily', 'weekly') or last_digest_at is not null);
-- The digest round looks for users in a digest mode whose period has passed.
create index users_digest_due on users (last_digest_at) where email_delivery in ('daily', 'weekly');
-- A user's notifications not yet e-mailed (the digest of one user, and the per-notification mailer).
create index notifications_unemailed on notifications (user_id, created_at) where emailed_at is null;
`;
