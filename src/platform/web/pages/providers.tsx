/**
 * @module platform/web/pages/providers
 * Providers list and a provider's page with its apps, in the reader's language (`lang`, English when not given).
 */
import type { App, Provider } from '../../services/providers.js';
import { MANAGERS, PROVIDER_KINDS, type Actor } from '../../types.js';
import { PLATFORM_LABEL, TableWrap } from '../components.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

/** A provider's kind in the page's language (an unknown one as it is). */
function kindName(t: Translate, kind: string): string {
  switch (kind) {
    case 'bank':
      return t('Bank');
    case 'mno':
      return t('Mobile network operator');
    case 'emi':
      return t('E-money issuer');
    case 'fintech':
      return t('Fintech');
    case 'other':
      return t('Other');
    default:
      return kind;
  }
}

export function providersPage(o: { actor: Actor; csrf?: string | undefined; providers: Array<Provider & { apps: number }>; error?: string; lang?: Lang }): string {
  const canManage = MANAGERS.includes(o.actor.role);
  const t = translator(o.lang);
  return page(
    { title: t('Providers'), actor: o.actor, csrf: o.csrf, nav: 'providers', lang: o.lang ?? 'en', path: '/providers' },
    <>
      <TableWrap>
        <table>
          <caption class="muted">{t('Supervised DFS providers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Kind')}</th>
              <th scope="col">{t('Country')}</th>
              <th scope="col">{t('Licence')}</th>
              <th scope="col">{t('Apps')}</th>
            </tr>
          </thead>
          <tbody>
            {o.providers.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">{t('No provider yet.')}</td>
              </tr>
            ) : (
              o.providers.map((p) => (
                <tr>
                  <td>
                    <a href={`/providers/${p.id}`}>{p.name}</a>
                  </td>
                  <td>{kindName(t, p.kind)}</td>
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
          <h2>{t('Add a provider')}</h2>
          {o.error ? <p class="error" role="alert">{o.error}</p> : null}
          <form class="stack" method="post" action="/providers">
            <CsrfField csrf={o.csrf} />
            <label>
              {t('Name')}
              <input name="name" required maxlength="120" />
            </label>
            <label>
              {t('Kind')}
              <select name="kind" required>
                {PROVIDER_KINDS.map((k) => (
                  <option value={k}>{kindName(t, k)}</option>
                ))}
              </select>
            </label>
            <label>
              {t('Country')}
              <input name="country" maxlength="60" />
            </label>
            <label>
              {t('Licence')}
              <input name="licence" maxlength="120" />
            </label>
            <button type="submit">{t('Add provider')}</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}

export function providerPage(o: { actor: Actor; csrf?: string | undefined; provider: Provider; apps: App[]; error?: string; lang?: Lang }): string {
  const p = o.provider;
  const canManage = MANAGERS.includes(o.actor.role);
  const t = translator(o.lang);
  return page(
    { title: p.name, actor: o.actor, csrf: o.csrf, nav: 'providers', lang: o.lang ?? 'en', path: `/providers/${p.id}` },
    <>
      <p class="muted">
        {kindName(t, p.kind)}
        {p.country ? ` · ${p.country}` : ''}
        {p.licence ? ` · ${t('licence {licence}', { licence: p.licence })}` : ''}
      </p>
      <h2>{t('Apps and USSD services')}</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Platform')}</th>
              <th scope="col">{t('Identifier')}</th>
            </tr>
          </thead>
          <tbody>
            {o.apps.length === 0 ? (
              <tr>
                <td colspan="3" class="muted">{t('No app yet.')}</td>
              </tr>
            ) : (
              o.apps.map((a) => (
                <tr>
                  <td>
                    <a href={`/apps/${a.id}`}>{a.name}</a>
                  </td>
                  <td>{a.platform === 'ussd' ? t('USSD service') : (PLATFORM_LABEL[a.platform] ?? a.platform)}</td>
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
          <h2>{t('Add an app')}</h2>
          {o.error ? <p class="error" role="alert">{o.error}</p> : null}
          <form class="stack" method="post" action={`/providers/${p.id}/apps`}>
            <CsrfField csrf={o.csrf} />
            <label>
              {t('Name')}
              <input name="name" required maxlength="120" />
            </label>
            <label>
              {t('Platform')}
              <select name="platform" required>
                <option value="android">Android</option>
                <option value="ios">iOS</option>
                <option value="ussd">{t('USSD service')}</option>
              </select>
            </label>
            <label>
              {t('Identifier (package name, bundle id or service code)')}
              <input name="identifier" required maxlength="200" />
            </label>
            <button type="submit">{t('Add app')}</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}
