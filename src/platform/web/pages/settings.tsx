/**
 * @module platform/web/pages/settings
 * The lab's settings (the remediation SLA per severity) and the API tokens page.
 */
import type { ApiToken } from '../../services/tokens.js';
import type { SlaDays } from '../../services/settings.js';
import { MANAGERS, type Actor } from '../../types.js';
import { SEVERITIES } from '../../../index.js';
import { TableWrap, When } from '../components.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const SEVERITY_LABEL: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

export function settingsPage(o: { actor: Actor; csrf?: string | undefined; slaDays: SlaDays; error?: string; notice?: string; values?: Record<string, string> }): string {
  const canChange = MANAGERS.includes(o.actor.role);
  const links = [
    { href: '/settings/tokens', label: 'API tokens', show: true },
    { href: '/account', label: 'Your account and password', show: true },
    { href: '/users', label: 'Users', show: o.actor.role === 'admin' },
    { href: '/audit', label: 'Audit log', show: o.actor.role === 'admin' || o.actor.role === 'reviewer' },
  ].filter((l) => l.show);
  return page(
    { title: 'Settings', actor: o.actor, csrf: o.csrf, nav: 'settings' },
    <>
      <nav aria-label="Settings" class="card">
        <ul>
          {links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="card">
        <h2>Remediation deadlines (SLA)</h2>
        <p class="muted">Days a provider has to fix a finding assigned to it, by severity. A more severe finding never gets more time than a less severe one.</p>
        {o.notice ? (
          <p class="notice" role="status">
            {o.notice}
          </p>
        ) : null}
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
                  {SEVERITY_LABEL[s]} (days)
                  <input name={s} type="number" inputmode="numeric" required min="1" max="3650" step="1" value={o.values?.[s] ?? String(o.slaDays[s])} />
                </label>
              ))}
              <div class="actions">
                <button type="submit">Save</button>
              </div>
            </div>
          </form>
        ) : (
          <table class="narrow">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Days</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((s) => (
                <tr>
                  <th scope="row">{SEVERITY_LABEL[s]}</th>
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

const TOKEN_STATE_LABEL: Record<string, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

function TokenTable(p: { tokens: ApiToken[]; csrf?: string | undefined; owner: boolean; caption: string }) {
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.owner ? 'Name · user' : 'Name'}</th>
            <th scope="col">Starts with</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {p.tokens.length === 0 ? (
            <tr>
              <td colspan="6" class="muted">
                No token.
              </td>
            </tr>
          ) : (
            p.tokens.map((t) => (
              <tr>
                <td>
                  {t.name}
                  {p.owner ? (
                    <>
                      <br />
                      <span class="muted">{t.user_email}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>
                  <When d={t.created_at} />
                </td>
                <td>{t.last_used_at ? <When d={t.last_used_at} /> : 'never'}</td>
                <td>{t.expires_at ? <When d={t.expires_at} /> : 'never'}</td>
                <td>
                  {TOKEN_STATE_LABEL[t.state] ?? t.state}
                  {t.state === 'revoked' ? null : (
                    <form class="row-action" method="post" action={`/settings/tokens/${t.id}/revoke`}>
                      <CsrfField csrf={p.csrf} />
                      <button type="submit" class="danger" aria-label={`Revoke token ${t.name}`}>
                        Revoke
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

export function tokensPage(o: { actor: Actor; csrf?: string | undefined; tokens: ApiToken[]; orgTokens?: ApiToken[]; error?: string; created?: { name: string; secret: string }; values?: Record<string, string | undefined> }): string {
  const v = o.values ?? {};
  return page(
    { title: 'API tokens', actor: o.actor, csrf: o.csrf, nav: o.actor.role === 'provider' ? 'tokens' : 'settings' },
    <>
      <p class="muted">
        A token acts as you on the HTTP API (<code>Authorization: Bearer dfs_…</code>), for CI pipelines and scripts; it cannot open pages. See <a href="/api/openapi.json">the API description</a>.
      </p>
      {o.created ? (
        <div class="notice" role="status">
          <p>
            Token <strong>{o.created.name}</strong> created. Copy it now: it is <strong>shown only once</strong>.
          </p>
          <label>
            Token secret
            <input readonly value={o.created.secret} id="token-secret" />
          </label>
        </div>
      ) : null}
      <TokenTable tokens={o.tokens} csrf={o.csrf} owner={false} caption="Your tokens" />
      <div class="card">
        <h2>New token</h2>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form class="stack" method="post" action="/settings/tokens">
          <CsrfField csrf={o.csrf} />
          <label>
            Name (what it is for)
            <input name="name" required maxlength="100" value={v.name} />
          </label>
          <label>
            Expires after (days, 1 to 365; empty: never)
            <input name="expiresInDays" type="number" inputmode="numeric" min="1" max="365" step="1" value={v.expiresInDays} />
          </label>
          <button type="submit">Create token</button>
        </form>
      </div>
      {o.orgTokens ? (
        <>
          <h2>Every token of the lab</h2>
          <TokenTable tokens={o.orgTokens} csrf={o.csrf} owner={true} caption="Tokens of all users (administrators only)" />
        </>
      ) : null}
    </>,
  );
}
