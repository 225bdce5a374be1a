/**
 * @module platform/web/pages/accounts
 * The setup and login pages, accepting an invitation, one's own account, and how one's notifications reach
 * one's mailbox (services/digests.ts), in the reader's language (`lang`, English when not given).
 */
import type { EmailDelivery, EmailDeliveryState } from '../../services/digests.js';
import type { Actor } from '../../types.js';
import { Notice, When } from '../components.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page, roleLabel } from '../layout.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';

export function setupPage(o: { token: string; error?: string; values?: Record<string, string>; lang?: Lang }): string {
  const v = o.values ?? {};
  const t = translator(o.lang);
  return page(
    { title: t('Set up your lab'), actor: undefined, narrow: true, lang: o.lang ?? 'en', path: `/setup?token=${encodeURIComponent(o.token)}` },
    <div class="card">
      <p>{t('Create your lab (the organisation) and its first administrator. You can invite the rest of the team afterwards.')}</p>
      {o.error ? <p class="error" role="alert">{o.error}</p> : null}
      <form class="stack" method="post" action="/setup">
        <input type="hidden" name="token" value={o.token} />
        <label>
          {t('Lab name')}
          <input name="orgName" required maxlength="120" value={v.orgName} autocomplete="organization" />
        </label>
        <label>
          {t('Country')}
          <input name="country" maxlength="60" value={v.country} autocomplete="country-name" />
        </label>
        <label>
          {t('Your name')}
          <input name="name" required maxlength="120" value={v.name} autocomplete="name" />
        </label>
        <label>
          {t('E-mail')}
          <input name="email" type="email" required maxlength="254" value={v.email} autocomplete="username" />
        </label>
        <label>
          {t('Password (at least 12 characters)')}
          <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
        </label>
        <button type="submit">{t('Create the lab')}</button>
      </form>
    </div>,
  );
}

export function loginPage(o: { next?: string; error?: string; email?: string; notice?: string; lang?: Lang }): string {
  const t = translator(o.lang);
  const next = o.next ?? '/';
  return page(
    { title: t('Log in'), actor: undefined, narrow: true, lang: o.lang ?? 'en', path: next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}` },
    <div class="card">
      {o.notice ? <p class="notice">{o.notice}</p> : null}
      {o.error ? <p class="error" role="alert">{o.error}</p> : null}
      <form class="stack" method="post" action="/login">
        <input type="hidden" name="next" value={next} />
        <label>
          {t('E-mail')}
          <input name="email" type="email" required maxlength="254" value={o.email} autocomplete="username" autofocus />
        </label>
        <label>
          {t('Password')}
          <input name="password" type="password" required maxlength="256" autocomplete="current-password" />
        </label>
        <button type="submit">{t('Log in')}</button>
      </form>
    </div>,
  );
}

/** The invitee chooses their password (the page of the one-time invitation link). */
export function invitePage(o: { token: string; email: string; name: string; orgName: string; csrf?: string | undefined; error?: string; lang?: Lang }): string {
  const t = translator(o.lang);
  return page(
    { title: t('Join your lab'), actor: undefined, narrow: true, lang: o.lang ?? 'en', csrf: o.csrf, path: `/invite?token=${encodeURIComponent(o.token)}` },
    <div class="card">
      <p>
        {fill(t('Welcome, {name}. You are invited to {lab} as {email}. Choose a password to finish.'), {
          name: o.name,
          lab: <strong>{o.orgName}</strong>,
          email: <strong>{o.email}</strong>,
        })}
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
          {t('Password (at least 12 characters)')}
          <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" autofocus />
        </label>
        <label>
          {t('The same password again')}
          <input name="confirm" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
        </label>
        <button type="submit">{t('Set my password')}</button>
      </form>
    </div>,
  );
}

/** The choices of `email_delivery`, in words. */
function deliveryLabel(t: Translate, d: EmailDelivery): string {
  switch (d) {
    case 'each':
      return t('Each one as it happens');
    case 'daily':
      return t('A daily digest');
    case 'weekly':
      return t('A weekly digest');
    case 'none':
      return t('No e-mail');
  }
}

/**
 * How one's notifications reach one's mailbox: the form (one e-mail each, a daily or weekly digest, none), when
 * the next digest is due, and what the TLP markings keep off e-mail. `smtp` says whether this platform sends
 * e-mail at all.
 */
export function emailDeliveryPage(o: { actor: Actor; state: EmailDeliveryState; smtp: boolean; csrf?: string | undefined; error?: string; notice?: string; lang?: Lang }): string {
  const t = translator(o.lang);
  const a = o.actor;
  const choices: EmailDelivery[] = ['each', 'daily', 'weekly', 'none'];
  return page(
    { title: t('E-mail notifications'), actor: a, csrf: o.csrf, nav: a.role === 'provider' ? 'account' : 'settings', lang: o.lang ?? 'en', path: '/account/email-delivery' },
    <>
      <Notice text={o.notice} />
      <div class="card">
        <p>{t('Choose how your notifications reach your mailbox. Whatever you choose, every notification stays in the app.')}</p>
        {o.smtp ? null : <p class="muted">{t('This platform sends no e-mail yet (no mail server is set up); your choice applies once it does.')}</p>}
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/account/email-delivery">
          <CsrfField csrf={o.csrf} />
          <fieldset class="stack">
            <legend>{t('Send my notifications by e-mail')}</legend>
            {choices.map((c) => (
              <label>
                <input type="radio" name="delivery" value={c} required checked={o.state.delivery === c} /> {deliveryLabel(t, c)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('Save')}</button>
        </form>
        {o.state.nextDigestAt ? <p>{fill(t('Your next digest is due at {when}.'), { when: <When d={o.state.nextDigestAt} /> })}</p> : null}
        <p class="muted">{t('A digest lists the notifications not yet e-mailed, newest first, at most 100, and is written in English.')}</p>
        <p class="muted">{t('Items marked TLP:AMBER are e-mailed as their title and link only; items marked TLP:RED are never e-mailed, not even in a digest.')}</p>
      </div>
    </>,
  );
}

/** One's own account: who they are, and changing the password (which ends their other sessions). */
export function accountPage(o: { actor: Actor; csrf?: string | undefined; error?: string; notice?: string; lang?: Lang; /** How notifications reach the mailbox, when the route knows it. */ emailDelivery?: EmailDelivery | undefined }): string {
  const a = o.actor;
  const t = translator(o.lang);
  return page(
    { title: t('Your account'), actor: a, csrf: o.csrf, nav: a.role === 'provider' ? 'account' : 'settings', lang: o.lang ?? 'en', path: '/account' },
    <>
      <Notice text={o.notice} />
      <div class="card">
        <dl>
          <dt>{t('Name')}</dt>
          <dd>{a.name}</dd>
          <dt>{t('E-mail')}</dt>
          <dd>{a.email}</dd>
          <dt>{t('Role')}</dt>
          <dd>{roleLabel(t, a.role)}</dd>
        </dl>
        <p>
          <a href="/settings/tokens">{t('Your API tokens')}</a>
        </p>
      </div>
      <div class="card">
        <h2>{t('E-mail notifications')}</h2>
        {o.emailDelivery ? <p>{fill(t('Your notifications reach your mailbox as: {choice}.'), { choice: <strong>{deliveryLabel(t, o.emailDelivery)}</strong> })}</p> : null}
        <p>
          <a href="/account/email-delivery">{t('Choose how notifications reach your mailbox')}</a>
        </p>
      </div>
      <div class="card">
        <h2>{t('Change your password')}</h2>
        <p class="muted">{t('Your other browser sessions end; this one stays.')}</p>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/account/password">
          <CsrfField csrf={o.csrf} />
          <input type="hidden" name="email" value={a.email} autocomplete="username" />
          <label>
            {t('Current password')}
            <input name="current" type="password" required maxlength="256" autocomplete="current-password" />
          </label>
          <label>
            {t('New password (at least 12 characters)')}
            <input name="password" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
          </label>
          <label>
            {t('The new password again')}
            <input name="confirm" type="password" required minlength="12" maxlength="256" autocomplete="new-password" />
          </label>
          <button type="submit">{t('Change password')}</button>
        </form>
      </div>
    </>,
  );
}
