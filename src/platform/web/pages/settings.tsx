/**
 * @module platform/web/pages/settings
 * The lab's settings (the remediation SLA per severity) and the API tokens page, in the reader's language
 * (`lang`, English when not given); token names and e-mail addresses stay as written.
 */
import type { ApiToken } from '../../services/tokens.js';
import type { SlaDays } from '../../services/settings.js';
import { MANAGERS, type Actor } from '../../types.js';
import { SEVERITIES } from '../../../index.js';
import { Notice, TableWrap, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

/** A severity's name as a label, capitalised (an unknown one as it is). */
function severityLabel(t: Translate, severity: string): string {
  switch (severity) {
    case 'critical':
      return t('Critical');
    case 'high':
      return t('High');
    case 'medium':
      return t('Medium');
    case 'low':
      return t('Low');
    case 'info':
      return t('Info');
    default:
      return severity;
  }
}

export function settingsPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  slaDays: SlaDays;
  error?: string;
  notice?: string;
  values?: Record<string, string>;
  lang?: Lang;
}): string {
  const t = translator(o.lang);
  const canChange = MANAGERS.includes(o.actor.role);
  const links = [
    { href: '/settings/tokens', label: t('API tokens'), show: true },
    { href: '/account', label: t('Your account and password'), show: true },
    { href: '/users', label: t('Users'), show: o.actor.role === 'admin' },
    { href: '/audit', label: t('Audit log'), show: o.actor.role === 'admin' || o.actor.role === 'reviewer' },
  ].filter((l) => l.show);
  return page(
    { title: t('Settings'), actor: o.actor, csrf: o.csrf, nav: 'settings', lang: o.lang ?? 'en', path: '/settings' },
    <>
      <nav aria-label={t('Settings')} class="card">
        <ul>
          {links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="card">
        <h2>{t('Remediation deadlines (SLA)')}</h2>
        <p class="muted">{t('Days a provider has to fix a finding assigned to it, by severity. A more severe finding never gets more time than a less severe one.')}</p>
        <Notice text={o.notice} />
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        {canChange ? (
          <form method="post" action="/settings">
            <CsrfField csrf={o.csrf} />
            <div class="fields sla">
              {SEVERITIES.map((s) => (
                <label>
                  {t('{severity} (days)', { severity: severityLabel(t, s) })}
                  <input name={s} type="number" inputmode="numeric" required min="1" max="3650" step="1" value={o.values?.[s] ?? String(o.slaDays[s])} />
                </label>
              ))}
              <div class="actions">
                <button type="submit">{t('Save')}</button>
              </div>
            </div>
          </form>
        ) : (
          <table class="narrow">
            <thead>
              <tr>
                <th scope="col">{t('Severity')}</th>
                <th scope="col">{t('Days')}</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((s) => (
                <tr>
                  <th scope="row">{severityLabel(t, s)}</th>
                  <td>{o.slaDays[s]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>,
  );
}

/** A token's state in the page's language (an unknown one as it is). */
function tokenStateName(t: Translate, state: string): string {
  switch (state) {
    case 'active':
      return t('Active');
    case 'expired':
      return t('Expired');
    case 'revoked':
      return t('Revoked');
    default:
      return state;
  }
}

function TokenTable(p: { tokens: ApiToken[]; csrf?: string | undefined; owner: boolean; caption: string; t: Translate }) {
  const { t } = p;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.owner ? t('Name · user') : t('Name')}</th>
            <th scope="col">{t('Starts with')}</th>
            <th scope="col">{t('Created')}</th>
            <th scope="col">{t('Last used')}</th>
            <th scope="col">{t('Expires')}</th>
            <th scope="col">{t('State')}</th>
          </tr>
        </thead>
        <tbody>
          {p.tokens.length === 0 ? (
            <tr>
              <td colspan="6" class="muted">
                {t('No token.')}
              </td>
            </tr>
          ) : (
            p.tokens.map((k) => (
              <tr>
                <td>
                  {k.name}
                  {p.owner ? (
                    <>
                      <br />
                      <span class="muted">{k.user_email}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  <When d={k.created_at} />
                </td>
                <td>{k.last_used_at ? <When d={k.last_used_at} /> : t('never')}</td>
                <td>{k.expires_at ? <When d={k.expires_at} /> : t('never')}</td>
                <td>
                  {tokenStateName(t, k.state)}
                  {k.state === 'revoked' ? null : (
                    <form class="row-action" method="post" action={`/settings/tokens/${k.id}/revoke`}>
                      <CsrfField csrf={p.csrf} />
                      <button type="submit" class="danger" aria-label={t('Revoke token {name}', { name: k.name })}>
                        {t('Revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function tokensPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  tokens: ApiToken[];
  orgTokens?: ApiToken[];
  error?: string;
  created?: { name: string; secret: string };
  values?: Record<string, string | undefined>;
  lang?: Lang;
}): string {
  const v = o.values ?? {};
  const t = translator(o.lang);
  return page(
    { title: t('API tokens'), actor: o.actor, csrf: o.csrf, nav: o.actor.role === 'provider' ? 'tokens' : 'settings', lang: o.lang ?? 'en', path: '/settings/tokens' },
    <>
      <p class="muted">
        {fill(t('A token acts as you on the HTTP API ({header}), for CI pipelines and scripts; it cannot open pages. See {api}.'), {
          header: <code>Authorization: Bearer dfs_…</code>,
          api: <a href="/api/openapi.json">{t('the API description')}</a>,
        })}
      </p>
      {o.created ? (
        <div class="notice" role="status">
          <p>
            {fill(t('Token {name} created. Copy it now: it is {shown}.'), { name: <strong>{o.created.name}</strong>, shown: <strong>{t('shown only once')}</strong> })}
          </p>
          <label>
            {t('Token secret')}
            <input readonly value={o.created.secret} id="token-secret" />
          </label>
        </div>
      ) : null}
      <TokenTable tokens={o.tokens} csrf={o.csrf} owner={false} caption={t('Your tokens')} t={t} />
      <div class="card">
        <h2>{t('New token')}</h2>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/settings/tokens">
          <CsrfField csrf={o.csrf} />
          <label>
            {t('Name (what it is for)')}
            <input name="name" required maxlength="100" value={v.name} />
          </label>
          <label>
            {t('Expires after (days, 1 to 365; empty: never)')}
            <input name="expiresInDays" type="number" inputmode="numeric" min="1" max="365" step="1" value={v.expiresInDays} />
          </label>
          <button type="submit">{t('Create token')}</button>
        </form>
      </div>
      {o.orgTokens ? (
        <>
          <h2>{t('Every token of the lab')}</h2>
          <TokenTable tokens={o.orgTokens} csrf={o.csrf} owner={true} caption={t('Tokens of all users (administrators only)')} t={t} />
        </>
      ) : null}
    </>,
  );
}
