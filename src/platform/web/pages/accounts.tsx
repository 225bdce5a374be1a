/**
 * @module platform/web/pages/accounts
 * The setup and login pages.
 */
import { h } from '../jsx.js';
import { page } from '../layout.js';

export function setupPage(o: { token: string; error?: string; values?: Record<string, string> }): string {
  const v = o.values ?? {};
  return page(
    { title: 'Set up your lab', actor: undefined },
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
    { title: 'Log in', actor: undefined },
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
