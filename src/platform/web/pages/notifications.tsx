/**
 * @module platform/web/pages/notifications
 * The caller's notifications: newest first, unread ones marked in words (not by colour alone), each with its
 * link, and the forms that mark one or all of them read.
 */
import type { Notification } from '../../services/notifications.js';
import type { Actor } from '../../types.js';
import { When } from '../components.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const KIND_LABEL: Record<string, string> = {
  assignment: 'Team',
  review_requested: 'Review requested',
  review_comment: 'Comment',
  review_decision: 'Review decision',
  approval_withdrawn: 'Approval withdrawn',
  phase: 'Phase',
  delivered: 'Report delivered',
};

/** Only the platform's own pages are linked (a link is written by the platform, but never trusted to be one). */
function safeLink(link: string | null): string | undefined {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.includes('\\') ? link : undefined;
}

export function notificationsPage(o: { actor: Actor; csrf?: string | undefined; notifications: Notification[]; unread: number; unreadOnly: boolean }): string {
  return page(
    { title: 'Notifications', actor: o.actor, csrf: o.csrf },
    <>
      <p class="muted" role="status">
        {o.unread === 0 ? 'Nothing unread.' : `${o.unread} unread.`}{' '}
        {o.unreadOnly ? <a href="/notifications">Show all</a> : <a href="/notifications?unread=1">Show unread only</a>}
      </p>
      {o.unread > 0 ? (
        <form method="post" action="/notifications/read">
          <CsrfField csrf={o.csrf} />
          <input type="hidden" name="all" value="1" />
          <button type="submit" class="secondary">
            Mark all read
          </button>
        </form>
      ) : null}
      {o.notifications.length === 0 ? (
        <p class="muted">No notifications.</p>
      ) : (
        <ul class="notifications">
          {o.notifications.map((n) => {
            const href = safeLink(n.link);
            return (
              <li class={n.read_at ? 'card read' : 'card unread'}>
                <p>
                  {n.read_at ? null : <strong>Unread · </strong>}
                  <span class="muted">{KIND_LABEL[n.kind] ?? n.kind}</span> · <When d={n.created_at} />
                </p>
                <p>{href ? <a href={href}>{n.title}</a> : n.title}</p>
                {n.body ? <p class="muted pre-line">{n.body}</p> : null}
                {n.read_at ? null : (
                  <form class="row-action" method="post" action="/notifications/read">
                    <CsrfField csrf={o.csrf} />
                    <input type="hidden" name="ids" value={String(n.id)} />
                    <button type="submit" class="secondary" aria-label={`Mark read: ${n.title}`}>
                      Mark read
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
