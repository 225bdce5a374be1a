/**
 * @module platform/web/pages/engagements
 * The engagements list, the "plan an engagement" form and the engagement's page. The engagement's page is a
 * header followed by sections (engagement-sections.tsx), one component each, composed in `ENGAGEMENT_SECTIONS`
 * here: the review, remediation and report parts join the page by adding their data to `EngagementPageData`
 * and their component to that list, without touching the others.
 *
 * In the reader's language (`lang`, English by default); the names of phases, roles and types come from the
 * sections' translated names, the titles and the services' messages stay as written.
 */
import { AUDIT_PROFILES } from '../../../index.js';
import { CHANNEL_LABEL, CHANNELS, type Channel, type EngagementSummary } from '../../services/engagements.js';
import type { App, Provider } from '../../services/providers.js';
import { MANAGERS, type Actor } from '../../types.js';
import { PLATFORM_LABEL, TableWrap } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type Child, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import {
  errorHasPlace,
  HistorySection,
  LinkedScansSection,
  memberRoleName,
  PhaseBadge,
  phaseName,
  PhaseSection,
  PlanSection,
  ScopeSection,
  TeamSection,
  TestingSection,
  typeName,
  WorkSection,
  type EngagementPageData,
} from './engagement-sections.js';

export type { EngagementPageData, PageError, TestingData } from './engagement-sections.js';
export { MEMBER_ROLE_LABEL, PHASE_ACTIONS } from './engagement-sections.js';

/** A date kept as `YYYY-MM-DD` (an engagement's start and end) in a <time> element. */
export function DateOnly(p: { d: string | null | undefined }): SafeHtml | null {
  return p.d ? <time datetime={p.d}>{p.d}</time> : null;
}

export function engagementsPage(o: { actor: Actor; csrf?: string | undefined; engagements: EngagementSummary[]; lang?: Lang | undefined }): string {
  const t = translator(o.lang);
  const rep = o.actor.role === 'provider';
  return page(
    { title: t('Engagements'), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: '/engagements' },
    <>
      {MANAGERS.includes(o.actor.role) ? (
        <p>
          <a class="button" href="/engagements/new">
            {t('Plan an engagement')}
          </a>{' '}
          <a class="button secondary" href="/training/new">
            {t('Set up a training engagement')}
          </a>
        </p>
      ) : null}
      <TableWrap>
        <table>
          <caption class="muted">{rep ? t('The audits of your services delivered to you, newest first') : t('Engagements you reach, newest first')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Title')}</th>
              <th scope="col">{t('Provider')}</th>
              <th scope="col">{t('Type')}</th>
              <th scope="col">{t('Phase')}</th>
              <th scope="col">{t('Dates')}</th>
              {rep ? null : <th scope="col">{t('Lead')}</th>}
              {rep ? null : <th scope="col">{t('Your role')}</th>}
            </tr>
          </thead>
          <tbody>
            {o.engagements.length === 0 ? (
              <tr>
                <td colspan={rep ? '5' : '7'} class="muted">
                  {rep ? t('No audit report has been delivered to you yet.') : t('No engagement yet.')}
                </td>
              </tr>
            ) : (
              o.engagements.map((e) => (
                <tr>
                  <td>
                    <a href={`/engagements/${e.id}`}>{e.title}</a>
                    {e.org_id !== o.actor.orgId ? <span class="muted"> · {e.org_name}</span> : null}
                  </td>
                  <td>{e.provider_name}</td>
                  <td>{typeName(t, e.type)}</td>
                  <td>
                    <PhaseBadge phase={e.phase} t={t} />
                  </td>
                  <td>
                    <DateOnly d={e.starts_on} />
                    {e.starts_on || e.ends_on ? ' – ' : <span class="muted">–</span>}
                    <DateOnly d={e.ends_on} />
                  </td>
                  {rep ? null : <td>{e.lead_name ?? <span class="muted">–</span>}</td>}
                  {rep ? null : <td>{e.my_role ? memberRoleName(t, e.my_role) : <span class="muted">{t('not in the team')}</span>}</td>}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </>,
  );
}

/** What the "plan an engagement" form was sent with, to fill it again after a refusal. */
export interface EngagementFormValues {
  title?: string;
  type?: string;
  providerId?: string;
  apps?: string[];
  versions?: Record<string, string>;
  channels?: string[];
  profile?: string;
  startsOn?: string;
  endsOn?: string;
  approvalsRequired?: string;
}

/** The form's values from a submitted form body (anything not text is left out). */
export function formValues(body: Record<string, unknown>): EngagementFormValues {
  const text = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 500) : undefined);
  const list = (k: string): string[] => {
    const v = body[k];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 200);
  };
  const versions: Record<string, string> = {};
  for (const id of list('apps')) {
    const v = text(`version_${id}`);
    if (v) versions[id] = v;
  }
  const out: EngagementFormValues = { apps: list('apps'), channels: list('channels'), versions };
  for (const k of ['title', 'type', 'providerId', 'profile', 'startsOn', 'endsOn', 'approvalsRequired'] as const) {
    const v = text(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** How a channel is tested, in the page's language. */
function channelHelp(t: Translate, c: Channel): string {
  switch (c) {
    case 'android':
      return t('the Android app is scanned');
    case 'ios':
      return t('the iOS app is scanned');
    case 'ussd':
      return t('the USSD service is tested live');
    case 'stk':
      return t('SIM toolkit menus, tested by hand');
  }
}

/** The form that plans an engagement. Apps are grouped by provider; the server checks they are the chosen provider's. */
export function newEngagementPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  providers: Provider[];
  apps: App[];
  values?: EngagementFormValues;
  error?: string | undefined;
  lang?: Lang | undefined;
}): string {
  const t = translator(o.lang);
  const v = o.values ?? {};
  const chosenApps = new Set(v.apps ?? []);
  const chosenChannels = new Set(v.channels ?? ['android']);
  const byProvider = o.providers.map((p) => ({ provider: p, apps: o.apps.filter((a) => a.provider_id === p.id) })).filter((g) => g.apps.length > 0);
  return page(
    { title: t('Plan an engagement'), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: '/engagements/new' },
    <>
      <p class="muted">{t("The test plan is made from the profile's recommendations when you save; you lead the engagement and add the team on its page.")}</p>
      <p class="muted">
        {fill(t('To practise the workflow on the bundled sample apps, with an answer key, {link} instead.'), {
          link: <a href="/training/new">{t('set up a training engagement')}</a>,
        })}
      </p>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      {o.providers.length === 0 ? (
        <p class="notice">{fill(t('Register the provider and its apps first, under {providers}.'), { providers: <a href="/providers">{t('Providers')}</a> })}</p>
      ) : null}
      <form class="stack" method="post" action="/engagements">
        <CsrfField csrf={o.csrf} />
        <label>
          {t('Title')}
          <input name="title" required maxlength="200" value={v.title ?? ''} />
        </label>
        <input type="hidden" name="type" value="audit" />
        <label>
          {t('Provider')}
          <select name="providerId" required>
            <option value="">{t('Choose the audited provider')}</option>
            {o.providers.map((p) => (
              <option value={p.id} selected={v.providerId === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="card">
          <legend>{t('Apps in scope')}</legend>
          <p class="muted">{t('Tick the apps of the chosen provider that the engagement audits, with the version under test when it is known.')}</p>
          {byProvider.length === 0 ? <p class="muted">{t('No app is registered yet.')}</p> : null}
          {byProvider.map((g) => (
            <fieldset>
              <legend>{g.provider.name}</legend>
              {g.apps.map((a) => (
                <div class="inline">
                  <label>
                    <input type="checkbox" name="apps" value={a.id} checked={chosenApps.has(a.id)} /> {a.name}{' '}
                    <span class="muted">
                      ({a.platform === 'ussd' ? t('USSD service') : (PLATFORM_LABEL[a.platform] ?? a.platform)}, {a.identifier})
                    </span>
                  </label>
                  <label>
                    {t('Version of {app}', { app: a.name })}
                    <input name={`version_${a.id}`} maxlength="100" value={v.versions?.[a.id] ?? ''} />
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
        </fieldset>
        <fieldset class="card">
          <legend>{t('Channels')}</legend>
          {CHANNELS.map((c) => (
            <label>
              <input type="checkbox" name="channels" value={c} checked={chosenChannels.has(c)} /> {CHANNEL_LABEL[c]} <span class="muted">({channelHelp(t, c)})</span>
            </label>
          ))}
        </fieldset>
        <label>
          {t('Profile')}
          <select name="profile" required aria-describedby="profile-help">
            {AUDIT_PROFILES.map((p) => (
              <option value={p.id} selected={v.profile === p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <dl id="profile-help" class="muted">
          {AUDIT_PROFILES.map((p) => (
            <>
              <dt>{p.title}</dt>
              <dd>{p.description}</dd>
            </>
          ))}
        </dl>
        <label>
          {t('Start date')}
          <input type="date" name="startsOn" value={v.startsOn ?? ''} />
        </label>
        <label>
          {t('End date')}
          <input type="date" name="endsOn" value={v.endsOn ?? ''} />
        </label>
        <label>
          {t('Approvals required before delivery')}
          <input type="number" name="approvalsRequired" min="1" max="5" step="1" value={v.approvalsRequired ?? '1'} aria-describedby="approvals-help" />
        </label>
        <p id="approvals-help" class="muted">
          {t('How many reviewers must approve the report (1 to 5).')}
        </p>
        <button type="submit">{t('Plan the engagement')}</button>
      </form>
    </>,
  );
}

/**
 * The sections of an engagement's page, in order. Each renders nothing when the caller may not see it (its
 * data is absent): a provider representative gets the header and the scope.
 */
export const ENGAGEMENT_SECTIONS: ReadonlyArray<(o: EngagementPageData) => SafeHtml | null> = [
  PhaseSection,
  WorkSection,
  ScopeSection,
  TeamSection,
  TestingSection,
  LinkedScansSection,
  PlanSection,
  HistorySection,
];

export function engagementPage(o: EngagementPageData): string {
  const t = translator(o.lang);
  const e = o.engagement;
  const sections: Child[] = ENGAGEMENT_SECTIONS.map((render) => render(o));
  const unplacedError = o.error && !errorHasPlace(o) ? o.error.message : undefined;
  const by = e.org_id !== o.actor.orgId || o.actor.role === 'provider';
  return page(
    { title: e.title, actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: `/engagements/${e.id}` },
    <>
      <p class="muted">
        {by ? t('{type} of {provider} by {lab}', { type: typeName(t, e.type), provider: e.provider_name, lab: e.org_name }) : t('{type} of {provider}', { type: typeName(t, e.type), provider: e.provider_name })} ·{' '}
        {phaseName(t, e.phase)}
        {e.starts_on || e.ends_on ? (
          <>
            {' '}
            · <DateOnly d={e.starts_on} /> – <DateOnly d={e.ends_on} />
          </>
        ) : null}
      </p>
      {unplacedError ? (
        <p class="error" role="alert">
          {unplacedError}
        </p>
      ) : null}
      {sections}
    </>,
  );
}
