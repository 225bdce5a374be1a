/**
 * @module platform/web/pages/providers
 * Providers list and a provider's page with its apps.
 */
import type { App, Provider } from '../../services/providers.js';
import { MANAGERS, PROVIDER_KINDS, type Actor } from '../../types.js';
import { PLATFORM_LABEL, TableWrap } from '../components.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const KIND_LABEL: Record<string, string> = { bank: 'Bank', mno: 'Mobile network operator', emi: 'E-money issuer', fintech: 'Fintech', other: 'Other' };

export function providersPage(o: { actor: Actor; csrf?: string | undefined; providers: Array<Provider & { apps: number }>; error?: string }): string {
  const canManage = MANAGERS.includes(o.actor.role);
  return page(
    { title: 'Providers', actor: o.actor, csrf: o.csrf, nav: 'providers' },
    <>
      <TableWrap>
        <table>
          <caption class="muted">Supervised DFS providers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Country</th>
              <th scope="col">Licence</th>
              <th scope="col">Apps</th>
            </tr>
          </thead>
          <tbody>
            {o.providers.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">No provider yet.</td>
              </tr>
            ) : (
              o.providers.map((p) => (
                <tr>
                  <td>
                    <a href={`/providers/${p.id}`}>{p.name}</a>
                  </td>
                  <td>{KIND_LABEL[p.kind] ?? p.kind}</td>
                  <td>{p.country ?? ''}</td>
                  <td>{p.licence ?? ''}</td>
                  <td>{p.apps}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {canManage ? (
        <div class="card">
          <h2>Add a provider</h2>
          {o.error ? <p class="error" role="alert">{o.error}</p> : null}
          <form class="stack" method="post" action="/providers">
            <CsrfField csrf={o.csrf} />
            <label>
              Name
              <input name="name" required maxlength="120" />
            </label>
            <label>
              Kind
              <select name="kind" required>
                {PROVIDER_KINDS.map((k) => (
                  <option value={k}>{KIND_LABEL[k]}</option>
                ))}
              </select>
            </label>
            <label>
              Country
              <input name="country" maxlength="60" />
            </label>
            <label>
              Licence
              <input name="licence" maxlength="120" />
            </label>
            <button type="submit">Add provider</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}

export function providerPage(o: { actor: Actor; csrf?: string | undefined; provider: Provider; apps: App[]; error?: string }): string {
  const p = o.provider;
  const canManage = MANAGERS.includes(o.actor.role);
  return page(
    { title: p.name, actor: o.actor, csrf: o.csrf, nav: 'providers' },
    <>
      <p class="muted">
        {KIND_LABEL[p.kind] ?? p.kind}
        {p.country ? ` · ${p.country}` : ''}
        {p.licence ? ` · licence ${p.licence}` : ''}
      </p>
      <h2>Apps and USSD services</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Platform</th>
              <th scope="col">Identifier</th>
            </tr>
          </thead>
          <tbody>
            {o.apps.length === 0 ? (
              <tr>
                <td colspan="3" class="muted">No app yet.</td>
              </tr>
            ) : (
              o.apps.map((a) => (
                <tr>
                  <td>
                    <a href={`/apps/${a.id}`}>{a.name}</a>
                  </td>
                  <td>{a.platform === 'ussd' ? 'USSD service' : (PLATFORM_LABEL[a.platform] ?? a.platform)}</td>
                  <td>
                    <code>{a.identifier}</code>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {canManage ? (
        <div class="card">
          <h2>Add an app</h2>
          {o.error ? <p class="error" role="alert">{o.error}</p> : null}
          <form class="stack" method="post" action={`/providers/${p.id}/apps`}>
            <CsrfField csrf={o.csrf} />
            <label>
              Name
              <input name="name" required maxlength="120" />
            </label>
            <label>
              Platform
              <select name="platform" required>
                <option value="android">Android</option>
                <option value="ios">iOS</option>
                <option value="ussd">USSD service</option>
              </select>
            </label>
            <label>
              Identifier (package name, bundle id or service code)
              <input name="identifier" required maxlength="200" />
            </label>
            <button type="submit">Add app</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}
