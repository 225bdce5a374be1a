/**
 * @module platform/web/pages/accounts
 * The setup and login pages, accepting an invitation, and one's own account.
 */
import type { Actor } from '../../types.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ROLE_LABEL } from '../components.js';

export function setupPage(o: { token: string; error?: string; values?: Record<string, string> }): string {
  const v = o.values ?? {};
  return page(
    { title: 'Set up your lab', actor: undefined, narrow: true },
    <div class="card">
      <p>Create your lab (the organisation) and its first administrator. You can invite the rest of the team afterwards.</p>
      {o.error ? <p class="error" role="alert">{o.error}</p> : null}
      <form class="stack" method="post" action="/setup">
        <input type="hidden" name="token" value={o.token} />
        <label>
          Lab name
          <input name="orgName" required maxlength="120" value={v.orgName} autocomplete="organization" />
        </label>
        <label>
          Country
          <input name="country" maxlength="60" value={v.country} autocomplete="country-name" />
        </label>
        <label>
          Your name
          <input name="name" required maxlength="120" value={v.name} autocomplete="name" />
        </label>
        <label>
          E-mail
          <input name="email" type="email" required maxlength="254" value={v.email} autocomplete="username" />
        </label>
        <label>
          Password (at least 12 characters)
          <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
        </label>
        <button type="submit">Create the lab</button>
      </form>
    </div>,
  );
}

export function loginPage(o: { next?: string; error?: string; email?: string; notice?: string }): string {
  return page(
    { title: 'Log in', actor: undefined, narrow: true },
    <div class="card">
      {o.notice ? <p class="notice">{o.notice}</p> : null}
      {o.error ? <p class="error" role="alert">{o.error}</p> : null}
      <form class="stack" method="post" action="/login">
        <input type="hidden" name="next" value={o.next ?? '/'} />
        <label>
          E-mail
          <input name="email" type="email" required maxlength="254" value={o.email} autocomplete="username" autofocus />
        </label>
        <label>
          Password
          <input name="password" type="password" required maxlength="256" autocomplete="current-password" />
        </label>
        <button type="submit">Log in</button>
      </form>
    </div>,
  );
}

/** The invitee chooses their password (the page of the one-time invitation link). */
export function invitePage(o: { token: string; email: string; name: string; orgName: string; csrf?: string | undefined; error?: string }): string {
  return page(
    { title: 'Join your lab', actor: undefined, narrow: true },
    <div class="card">
      <p>
        Welcome, {o.name}. You are invited to <strong>{o.orgName}</strong> as <strong>{o.email}</strong>. Choose a password to finish.
      </p>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <form class="stack" method="post" action="/invite">
        {o.csrf ? <CsrfField csrf={o.csrf} /> : null}
        <input type="hidden" name="token" value={o.token} />
        <input type="hidden" name="email" value={o.email} autocomplete="username" />
        <label>
          Password (at least 12 characters)
          <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" autofocus />
        </label>
        <label>
          The same password again
          <input name="confirm" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
        </label>
        <button type="submit">Set my password</button>
      </form>
    </div>,
  );
}

/** One's own account: who they are, and changing the password (which ends their other sessions). */
export function accountPage(o: { actor: Actor; csrf?: string | undefined; error?: string; notice?: string }): string {
  const a = o.actor;
  return page(
    { title: 'Your account', actor: a, csrf: o.csrf, nav: a.role === 'provider' ? 'account' : 'settings' },
    <>
      {o.notice ? (
        <p class="notice" role="status">
          {o.notice}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>Name</dt>
          <dd>{a.name}</dd>
          <dt>E-mail</dt>
          <dd>{a.email}</dd>
          <dt>Role</dt>
          <dd>{ROLE_LABEL[a.role]}</dd>
        </dl>
        <p>
          <a href="/settings/tokens">Your API tokens</a>
        </p>
      </div>
      <div class="card">
        <h2>Change your password</h2>
        <p class="muted">Your other browser sessions end; this one stays.</p>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/account/password">
          <CsrfField csrf={o.csrf} />
          <input type="hidden" name="email" value={a.email} autocomplete="username" />
          <label>
            Current password
            <input name="current" type="password" required maxlength="256" autocomplete="current-password" />
          </label>
          <label>
            New password (at least 12 characters)
            <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
          </label>
          <label>
            The new password again
            <input name="confirm" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
          </label>
          <button type="submit">Change password</button>
        </form>
      </div>
    </>,
  );
}
