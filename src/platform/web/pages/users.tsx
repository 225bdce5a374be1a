/**
 * @module platform/web/pages/users
 * The users of the lab (administrators): the list with the invitation form, one user's page (role, provider,
 * disable/enable, unlock, new invitation link), and the audit log (administrators and reviewers). In the
 * reader's language (`lang`, English when not given); names, e-mail addresses and audit entries stay as written.
 */
import { INVITE_DAYS, type AuditRow, type User } from '../../services/users.js';
import type { Provider } from '../../services/providers.js';
import { ROLES, type Actor, type Role } from '../../types.js';
import { TableWrap, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page, roleLabel } from '../layout.js';

export { ROLE_LABEL } from '../components.js';

/** A timestamp in UTC to the minute (the same on every server). */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '';
  const x = d instanceof Date ? d : new Date(d);
  return `${x.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A user's status in the page's language (an unknown one as it is). */
function userStatusName(t: Translate, status: string): string {
  switch (status) {
    case 'active':
      return t('active');
    case 'invited':
      return t('invited');
    case 'disabled':
      return t('disabled');
    default:
      return status;
  }
}

function statusText(t: Translate, u: User): string {
  const parts: string[] = [userStatusName(t, u.status)];
  if (u.status === 'invited') parts.push(u.invite_expires_at ? t('link valid until {when}', { when: when(u.invite_expires_at) }) : t('no valid link'));
  if (u.locked) parts.push(t('locked until {when}', { when: when(u.locked_until) }));
  return parts.join(' · ');
}

/** The one-time invitation link, shown to the administrator right after it was made and never again. */
function InviteLink(p: { url: string; email: string; t: Translate }) {
  const { t } = p;
  return (
    <div class="notice" role="status">
      <p>
        {fill(t('Invitation for {email}. Send this link to them yourself; it is valid for {days} days, works once, and is {shown}:'), {
          email: <strong>{p.email}</strong>,
          days: INVITE_DAYS,
          shown: <strong>{t('shown only now')}</strong>,
        })}
      </p>
      <p>
        <label>
          {t('Invitation link')}
          <input readonly value={p.url} id="invite-link" />
        </label>
      </p>
    </div>
  );
}

function RoleFields(p: { providers: Provider[]; role?: Role; providerId?: string | null; t: Translate }) {
  const { t } = p;
  return (
    <>
      <label>
        {t('Role')}
        <select name="role" required>
          {ROLES.map((r) => (
            <option value={r} selected={r === (p.role ?? 'auditor')}>
              {roleLabel(t, r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Provider (only for a provider representative)')}
        <select name="providerId">
          <option value="">—</option>
          {p.providers.map((x) => (
            <option value={x.id} selected={x.id === p.providerId}>
              {x.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function usersPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  users: User[];
  providers: Provider[];
  error?: string;
  invited?: { url: string; email: string };
  values?: Record<string, string | undefined>;
  lang?: Lang;
}): string {
  const v = o.values ?? {};
  const t = translator(o.lang);
  return page(
    { title: t('Users'), actor: o.actor, csrf: o.csrf, nav: 'users', lang: o.lang ?? 'en', path: '/users' },
    <>
      {o.invited ? <InviteLink url={o.invited.url} email={o.invited.email} t={t} /> : null}
      <TableWrap>
        <table>
          <caption class="muted">{t('Users of your lab')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('E-mail')}</th>
              <th scope="col">{t('Role')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {o.users.map((u) => (
              <tr>
                <td>
                  <a href={`/users/${u.id}`}>{u.name}</a>
                </td>
                <td>{u.email}</td>
                <td>
                  {roleLabel(t, u.role)}
                  {u.provider_name ? ` (${u.provider_name})` : ''}
                </td>
                <td>{statusText(t, u)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <div class="card">
        <h2>{t('Invite a user')}</h2>
        <p class="muted">{t('The invitee gets a one-time link to choose their password. Inviting an address that has not accepted yet makes a new link and voids the old one.')}</p>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/users">
          <CsrfField csrf={o.csrf} />
          <label>
            {t('E-mail')}
            <input name="email" type="email" required maxlength="254" value={v.email} autocomplete="off" />
          </label>
          <label>
            {t('Name')}
            <input name="name" required maxlength="120" value={v.name} autocomplete="off" />
          </label>
          <RoleFields providers={o.providers} role={(v.role as Role | undefined) ?? 'auditor'} providerId={v.providerId ?? null} t={t} />
          <button type="submit">{t('Invite')}</button>
        </form>
      </div>
    </>,
  );
}

export function userPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  user: User;
  providers: Provider[];
  error?: string;
  invited?: { url: string; email: string };
  lang?: Lang;
}): string {
  const u = o.user;
  const t = translator(o.lang);
  const action = (path: string, label: string, cls?: string) => (
    <form method="post" action={`/users/${u.id}/${path}`}>
      <CsrfField csrf={o.csrf} />
      <button type="submit" class={cls}>
        {label}
      </button>
    </form>
  );
  return page(
    { title: u.name, actor: o.actor, csrf: o.csrf, nav: 'users', lang: o.lang ?? 'en', path: `/users/${u.id}` },
    <>
      <p>
        <a href="/users">{t('All users')}</a>
      </p>
      {o.invited ? <InviteLink url={o.invited.url} email={o.invited.email} t={t} /> : null}
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>{t('E-mail')}</dt>
          <dd>{u.email}</dd>
          <dt>{t('Role')}</dt>
          <dd>
            {roleLabel(t, u.role)}
            {u.provider_name ? ` (${u.provider_name})` : ''}
          </dd>
          <dt>{t('Status')}</dt>
          <dd>{statusText(t, u)}</dd>
          <dt>{t('Failed logins since the last success')}</dt>
          <dd>{u.failed_logins}</dd>
          <dt>{t('Created')}</dt>
          <dd>{when(u.created_at)}</dd>
        </dl>
        <div class="inline">
          {u.status === 'disabled' ? action('enable', t('Enable')) : action('disable', t('Disable'), 'danger')}
          {u.locked || u.failed_logins > 0 ? action('unlock', t('Unlock')) : null}
          {u.status === 'invited' ? action('invite', t('New invitation link'), 'secondary') : null}
        </div>
      </div>
      <div class="card">
        <h2>{t('Role and name')}</h2>
        <form class="stack" method="post" action={`/users/${u.id}`}>
          <CsrfField csrf={o.csrf} />
          <label>
            {t('Name')}
            <input name="name" required maxlength="120" value={u.name} />
          </label>
          <RoleFields providers={o.providers} role={u.role} providerId={u.provider_id} t={t} />
          <button type="submit">{t('Save')}</button>
        </form>
      </div>
    </>,
  );
}

/** Pages of the objects an audit entry can name (users only for administrators, who alone may open them). */
const OBJECT_PAGE: Record<string, string> = { finding: '/findings/', scan: '/scans/', provider: '/providers/', app: '/apps/', user: '/users/' };

/** The object of an audit entry: linked to its page (by the id's first characters) when the reader may open it. */
function AuditObject(p: { type: string | null; id: string | null; actor: Actor }): SafeHtml | null {
  if (!p.type) return null;
  const base = OBJECT_PAGE[p.type];
  const linkable = base && p.id && /^[0-9a-f-]{36}$/i.test(p.id) && (p.type !== 'user' || p.actor.role === 'admin');
  return (
    <>
      {p.type}{' '}
      {linkable ? (
        <a href={`${base}${p.id}`} title={p.id ?? undefined}>
          <code>{(p.id ?? '').slice(0, 8)}…</code>
        </a>
      ) : (
        <code class="detail">{p.id ?? ''}</code>
      )}
    </>
  );
}

export function auditPage(o: { actor: Actor; csrf?: string | undefined; entries: AuditRow[]; action?: string | undefined; next: number | null; lang?: Lang }): string {
  const t = translator(o.lang);
  const n = o.entries.length;
  return page(
    { title: t('Audit log'), actor: o.actor, csrf: o.csrf, nav: 'settings', lang: o.lang ?? 'en', path: o.action ? `/audit?action=${encodeURIComponent(o.action)}` : '/audit' },
    <>
      <form class="inline" method="get" action="/audit" role="search" aria-label={t('Filter the audit log')}>
        <label>
          {t('Action starts with')}
          <input name="action" maxlength="60" value={o.action} placeholder="user." />
        </label>
        <button type="submit">{t('Filter')}</button>
      </form>
      <TableWrap>
        <table>
          <caption class="muted">
            {o.action ? t('The latest {n} entries whose action starts with "{prefix}", newest first', { n, prefix: o.action }) : t('The latest {n} entries, newest first', { n })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('When')}</th>
              <th scope="col">{t('Who')}</th>
              <th scope="col">{t('Action')}</th>
              <th scope="col">{t('Object')}</th>
              <th scope="col">{t('Detail')}</th>
              <th scope="col">{t('Address')}</th>
            </tr>
          </thead>
          <tbody>
            {o.entries.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  {t('No entry.')}
                </td>
              </tr>
            ) : (
              o.entries.map((e) => (
                <tr>
                  <td>
                    <When d={e.at} />
                  </td>
                  <td>{e.user_email ?? ''}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    <AuditObject type={e.object_type} id={e.object_id} actor={o.actor} />
                  </td>
                  <td>
                    <code class="detail">{Object.keys(e.detail ?? {}).length ? JSON.stringify(e.detail) : ''}</code>
                  </td>
                  <td>{e.ip ?? ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {o.next !== null ? (
        <p>
          <a href={`/audit?before=${o.next}${o.action ? `&action=${encodeURIComponent(o.action)}` : ''}`}>{t('Older entries')}</a>
        </p>
      ) : null}
    </>,
  );
}
