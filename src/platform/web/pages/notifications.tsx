/**
 * @module platform/web/pages/notifications
 * The caller's notifications: newest first, unread ones marked in words (not by colour alone), each with its
 * link, and the forms that mark one or all of them read. In the reader's language (`lang`, English when not
 * given); a notification's own title and text are written when it is sent, and stay as they were written.
 */
import type { Notification } from '../../services/notifications.js';
import type { Actor } from '../../types.js';
import { When } from '../components.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

/** What a notification is about, in the page's language (an unknown kind as it is). */
function kindName(t: Translate, kind: string): string {
  switch (kind) {
    case 'assignment':
      return t('Team');
    case 'review_requested':
      return t('Review requested');
    case 'review_comment':
      return t('Comment');
    case 'review_decision':
      return t('Review decision');
    case 'approval_withdrawn':
      return t('Approval withdrawn');
    case 'phase':
      return t('Phase');
    case 'delivered':
      return t('Report delivered');
    case 'provider_response':
      return t('Provider answer');
    case 'retest':
      return t('Retest');
    case 'deadline_soon':
      return t('Deadline soon');
    case 'overdue':
    case 'engagement_overdue':
      return t('Overdue');
    case 'advisory':
      return t('Advisory');
    case 'advisory_ack':
      return t('Please acknowledge');
    case 'advisory_comment':
      return t('Advisory comment');
    case 'advisory_acknowledged':
      return t('Acknowledged');
    case 'campaign':
      return t('Campaign');
    case 'library_comment':
      return t('Library');
    default:
      return kind;
  }
}

/** Only the platform's own pages are linked (a link is written by the platform, but never trusted to be one). */
function safeLink(link: string | null): string | undefined {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.includes('\\') ? link : undefined;
}

export function notificationsPage(o: { actor: Actor; csrf?: string | undefined; notifications: Notification[]; unread: number; unreadOnly: boolean; lang?: Lang }): string {
  const t = translator(o.lang);
  return page(
    { title: t('Notifications'), actor: o.actor, csrf: o.csrf, lang: o.lang ?? 'en', path: o.unreadOnly ? '/notifications?unread=1' : '/notifications' },
    <>
      <p class="muted" role="status">
        {o.unread === 0 ? t('Nothing unread.') : o.unread === 1 ? t('{n} unread notification.', { n: 1 }) : t('{n} unread notifications.', { n: o.unread })}{' '}
        {o.unreadOnly ? <a href="/notifications">{t('Show all')}</a> : <a href="/notifications?unread=1">{t('Show unread only')}</a>}
      </p>
      {o.unread > 0 ? (
        <form method="post" action="/notifications/read">
          <CsrfField csrf={o.csrf} />
          <input type="hidden" name="all" value="1" />
          <button type="submit" class="secondary">
            {t('Mark all read')}
          </button>
        </form>
      ) : null}
      {o.notifications.length === 0 ? (
        <p class="muted">{t('No notifications.')}</p>
      ) : (
        <ul class="notifications">
          {o.notifications.map((n) => {
            const href = safeLink(n.link);
            return (
              <li class={n.read_at ? 'card read' : 'card unread'}>
                <p>
                  {n.read_at ? null : <strong>{t('Unread')} · </strong>}
                  <span class="muted">{kindName(t, n.kind)}</span> · <When d={n.created_at} />
                </p>
                <p>{href ? <a href={href}>{n.title}</a> : n.title}</p>
                {n.body ? <p class="muted pre-line">{n.body}</p> : null}
                {n.read_at ? null : (
                  <form class="row-action" method="post" action="/notifications/read">
                    <CsrfField csrf={o.csrf} />
                    <input type="hidden" name="ids" value={String(n.id)} />
                    <button type="submit" class="secondary" aria-label={t('Mark read: {title}', { title: n.title })}>
                      {t('Mark read')}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>,
  );
}
