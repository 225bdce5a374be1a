/**
 * @module platform/web/pages/users
 * The users of the lab (administrators): the list with the invitation form, one user's page (role, provider,
 * disable/enable, unlock, new invitation link), and the audit log (administrators and reviewers).
 */
import { INVITE_DAYS, type AuditRow, type User } from '../../services/users.js';
import type { Provider } from '../../services/providers.js';
import { ROLES, type Actor, type Role } from '../../types.js';
import { ROLE_LABEL, TableWrap, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

export { ROLE_LABEL } from '../components.js';

/** A timestamp in UTC to the minute (the same on every server). */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '';
  const x = d instanceof Date ? d : new Date(d);
  return `${x.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function statusText(u: User): string {
  const parts: string[] = [u.status];
  if (u.status === 'invited') parts.push(u.invite_expires_at ? `link valid until ${when(u.invite_expires_at)}` : 'no valid link');
  if (u.locked) parts.push(`locked until ${when(u.locked_until)}`);
  return parts.join(' · ');
}

/** The one-time invitation link, shown to the administrator right after it was made and never again. */
function InviteLink(p: { url: string; email: string }) {
  return (
    <div class="notice" role="status">
      <p>
        Invitation for <strong>{p.email}</strong>. Send this link to them yourself; it is valid for {INVITE_DAYS} days, works once, and is <strong>shown only now</strong>:
      </p>
      <p>
        <label>
          Invitation link
          <input readonly value={p.url} id="invite-link" />
        </label>
      </p>
    </div>
  );
}

function RoleFields(p: { providers: Provider[]; role?: Role; providerId?: string | null }) {
  return (
    <>
      <label>
        Role
        <select name="role" required>
          {ROLES.map((r) => (
            <option value={r} selected={r === (p.role ?? 'auditor')}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Provider (only for a provider representative)
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
}): string {
  const v = o.values ?? {};
  return page(
    { title: 'Users', actor: o.actor, csrf: o.csrf, nav: 'users' },
    <>
      {o.invited ? <InviteLink url={o.invited.url} email={o.invited.email} /> : null}
      <TableWrap>
        <table>
          <caption class="muted">Users of your lab</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
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
                  {ROLE_LABEL[u.role]}
                  {u.provider_name ? ` (${u.provider_name})` : ''}
                </td>
                <td>{statusText(u)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <div class="card">
        <h2>Invite a user</h2>
        <p class="muted">The invitee gets a one-time link to choose their password. Inviting an address that has not accepted yet makes a new link and voids the old one.</p>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/users">
          <CsrfField csrf={o.csrf} />
          <label>
            E-mail
            <input name="email" type="email" required maxlength="254" value={v.email} autocomplete="off" />
          </label>
          <label>
            Name
            <input name="name" required maxlength="120" value={v.name} autocomplete="off" />
          </label>
          <RoleFields providers={o.providers} role={(v.role as Role | undefined) ?? 'auditor'} providerId={v.providerId ?? null} />
          <button type="submit">Invite</button>
        </form>
      </div>
    </>,
  );
}

export function userPage(o: { actor: Actor; csrf?: string | undefined; user: User; providers: Provider[]; error?: string; invited?: { url: string; email: string } }): string {
  const u = o.user;
  const action = (path: string, label: string, cls?: string) => (
    <form method="post" action={`/users/${u.id}/${path}`}>
      <CsrfField csrf={o.csrf} />
      <button type="submit" class={cls}>
        {label}
      </button>
    </form>
  );
  return page(
    { title: u.name, actor: o.actor, csrf: o.csrf, nav: 'users' },
    <>
      <p>
        <a href="/users">All users</a>
      </p>
      {o.invited ? <InviteLink url={o.invited.url} email={o.invited.email} /> : null}
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>E-mail</dt>
          <dd>{u.email}</dd>
          <dt>Role</dt>
          <dd>
            {ROLE_LABEL[u.role]}
            {u.provider_name ? ` (${u.provider_name})` : ''}
          </dd>
          <dt>Status</dt>
          <dd>{statusText(u)}</dd>
          <dt>Failed logins since the last success</dt>
          <dd>{u.failed_logins}</dd>
          <dt>Created</dt>
          <dd>{when(u.created_at)}</dd>
        </dl>
        <div class="inline">
          {u.status === 'disabled' ? action('enable', 'Enable') : action('disable', 'Disable', 'danger')}
          {u.locked || u.failed_logins > 0 ? action('unlock', 'Unlock') : null}
          {u.status === 'invited' ? action('invite', 'New invitation link', 'secondary') : null}
        </div>
      </div>
      <div class="card">
        <h2>Role and name</h2>
        <form class="stack" method="post" action={`/users/${u.id}`}>
          <CsrfField csrf={o.csrf} />
          <label>
            Name
            <input name="name" required maxlength="120" value={u.name} />
          </label>
          <RoleFields providers={o.providers} role={u.role} providerId={u.provider_id} />
          <button type="submit">Save</button>
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

export function auditPage(o: { actor: Actor; csrf?: string | undefined; entries: AuditRow[]; action?: string | undefined; next: number | null }): string {
  return page(
    { title: 'Audit log', actor: o.actor, csrf: o.csrf, nav: 'settings' },
    <>
      <form class="inline" method="get" action="/audit" role="search" aria-label="Filter the audit log">
        <label>
          Action starts with
          <input name="action" maxlength="60" value={o.action} placeholder="user." />
        </label>
        <button type="submit">Filter</button>
      </form>
      <TableWrap>
        <table>
          <caption class="muted">The latest {o.entries.length} entries{o.action ? ` whose action starts with "${o.action}"` : ''}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">Detail</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {o.entries.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  No entry.
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
          <a href={`/audit?before=${o.next}${o.action ? `&action=${encodeURIComponent(o.action)}` : ''}`}>Older entries</a>
        </p>
      ) : null}
    </>,
  );
}
