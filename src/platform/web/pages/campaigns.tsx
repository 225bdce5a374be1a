/**
 * @module platform/web/pages/campaigns
 * The compliance campaign pages: the list of campaigns with the launch form (title, provider kind, profile,
 * deadline); one campaign's progress per targeted provider (answered items, state, overdue after the deadline);
 * and one provider's self-assessment, which its representative fills in (a form per area: a status and a
 * justification per item, saved as they go, then "submit to the lab") and the lab validates (accept or reject each
 * answer, accept every pending one, return the self-assessment with a note). The rules are in
 * services/campaigns.ts. The pages speak the reader's language (`lang`, English when not given); titles,
 * profiles, catalog items and what people typed are data and stay as they are.
 */
import type { AuditProfile } from '../../../index.js';
import type { ComplianceArea, ComplianceStatus } from '../../../report/compliance.js';
import {
  ANSWER_STATUSES,
  CAMPAIGN_KINDS,
  selfAssessmentPath,
  type Answer,
  type CampaignSummary,
  type CampaignView,
  type ItemState,
  type ProviderState,
  type SelfAssessment,
  type SelfAssessmentItem,
} from '../../services/campaigns.js';
import { MANAGERS, type Actor } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import { complianceStatusName } from '../heatmap.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { providerKindsName } from './compliance.js';

/** A provider's state in a campaign, in the page's language (services' `PROVIDER_STATE_LABEL` in English). */
function providerStateName(t: Translate, state: ProviderState): string {
  switch (state) {
    case 'invited':
      return t('Invited');
    case 'in_progress':
      return t('In progress');
    case 'submitted':
      return t('Submitted to the lab');
    case 'validated':
      return t('Validated');
    case 'returned':
      return t('Returned to the provider');
  }
}

/** An item's state in a self-assessment, in the page's language (services' `ITEM_STATE_LABEL` in English). */
function itemStateName(t: Translate, state: ItemState): string {
  switch (state) {
    case 'unanswered':
      return t('Not answered');
    case 'draft':
      return t('Answered, not submitted');
    case 'pending':
      return t('Awaiting the lab');
    case 'accepted':
      return t('Accepted');
    case 'rejected':
      return t('Rejected: to revise');
  }
}

/** A refused form: where it was (`launch`, `close`, an area id, `submit`, `accept-all`, `return`, `accept:ID`, `reject:ID`), why, and what was typed. */
export interface CampaignPageError {
  at: string;
  message: string;
  values?: Record<string, string>;
}

function ErrorAt(p: { error?: CampaignPageError | undefined; at: string }): SafeHtml | null {
  if (p.error?.at !== p.at) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

function StateBadge(p: { state: ProviderState; t: Translate }): SafeHtml {
  return <span class={`status campaign-${p.state}`}>{providerStateName(p.t, p.state)}</span>;
}

function ItemStateBadge(p: { state: ItemState; t: Translate }): SafeHtml {
  return <span class={`status item-${p.state}`}>{itemStateName(p.t, p.state)}</span>;
}

function StatusBadge(p: { status: ComplianceStatus; t: Translate }): SafeHtml {
  return <span class={`status compliance-${p.status}`}>{complianceStatusName(p.t, p.status)}</span>;
}

function Overdue(p: { t: Translate }): SafeHtml {
  return <strong class="error">{p.t('Overdue')}</strong>;
}

// ─── The list and the launch form ───────────────────────────────────────────────────────────────────────

export function campaignsPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  list: CampaignSummary[];
  profiles: readonly AuditProfile[];
  today: string;
  error?: CampaignPageError | undefined;
  lang?: Lang | undefined;
}): string {
  const t = translator(o.lang);
  const provider = o.actor.role === 'provider';
  const canLaunch = MANAGERS.includes(o.actor.role);
  const v = o.error?.at === 'launch' ? (o.error.values ?? {}) : {};
  return page(
    { title: t('Compliance campaigns'), actor: o.actor, csrf: o.csrf, nav: 'campaigns', lang: o.lang ?? 'en', path: '/campaigns' },
    <>
      <p class="muted">
        {provider
          ? t('The self-assessments the lab asked your organisation for. Open one to answer it and submit it to the lab.')
          : t(
              'A campaign assesses every provider of a kind against an audit profile by a deadline: each provider fills in a self-assessment, and the lab validates it item by item. Accepted answers become the providers\u2019 confirmed compliance statuses.',
            )}
        {provider ? null : (
          <>
            {' '}
            <a href="/compliance">{t('Sector compliance')}</a>
          </>
        )}
      </p>
      <TableWrap>
        <table>
          <caption class="visually-hidden">{t('Campaigns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Campaign')}</th>
              <th scope="col">{t('Providers')}</th>
              <th scope="col">{t('Profile')}</th>
              <th scope="col">{t('Deadline')}</th>
              <th scope="col">{provider ? t('Your self-assessment') : t('Progress')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {o.list.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  {t('No campaign yet.')}
                </td>
              </tr>
            ) : (
              o.list.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={provider ? selfAssessmentPath(s.campaign.id, o.actor.providerId ?? '') : `/campaigns/${s.campaign.id}`}>{s.campaign.title}</a>
                  </th>
                  <td>{providerKindsName(t, s.campaign.providerKind)}</td>
                  <td>{s.campaign.profileTitle}</td>
                  <td>{s.campaign.deadline}</td>
                  <td>
                    {provider ? (
                      s.ownState ? <StateBadge state={s.ownState} t={t} /> : null
                    ) : (
                      t('{validated} of {providers} validated, {submitted} awaiting the lab', { validated: s.validated, providers: s.providers, submitted: s.submitted })
                    )}
                    {s.overdue ? (
                      <>
                        {' · '}
                        <Overdue t={t} />
                        {provider ? null : ` (${s.overdue})`}
                      </>
                    ) : null}
                  </td>
                  <td>{s.campaign.status === 'open' ? t('Open') : t('Closed')}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {canLaunch ? (
        <form class="card stack" method="post" action="/campaigns">
          <CsrfField csrf={o.csrf} />
          <h2>{t('Launch a campaign')}</h2>
          <p class="muted">{t('Every provider of the chosen kind is asked for a self-assessment, and its representatives are notified.')}</p>
          <ErrorAt error={o.error} at="launch" />
          <div class="fields">
            <label>
              {t('Title')}
              <input name="title" required maxlength="200" value={v.title ?? ''} />
            </label>
            <label>
              {t('Providers')}
              <select name="providerKind" required>
                {CAMPAIGN_KINDS.map((k) => (
                  <option value={k} selected={(v.providerKind ?? 'all') === k}>
                    {providerKindsName(t, k)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('Profile')}
              <select name="profile" required>
                {o.profiles.map((p) => (
                  <option value={p.id} selected={v.profile === p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('Deadline')}
              <input type="date" name="deadline" required min={o.today} value={v.deadline ?? ''} />
            </label>
          </div>
          <button type="submit">{t('Launch the campaign')}</button>
        </form>
      ) : null}
    </>,
  );
}

// ─── One campaign ───────────────────────────────────────────────────────────────────────────────────────

function CampaignFacts(p: { c: CampaignView['campaign']; t: Translate }): SafeHtml {
  const c = p.c;
  const t = p.t;
  return (
    <p>
      {providerKindsName(t, c.providerKind)} · {t('profile {profile}', { profile: c.profileTitle })} ({c.itemIds.length === 1 ? t('1 item') : t('{n} items', { n: c.itemIds.length })}) ·{' '}
      {t('deadline {date}', { date: c.deadline })} · {c.status === 'open' ? t('open') : t('closed')}
      <span class="muted">
        {' '}
        ({fill(t('launched by {who}, {when}'), { who: c.createdBy, when: <When d={c.createdAt} /> })}
        {c.closedAt ? <>; {fill(t('closed by {who}, {when}'), { who: c.closedBy ?? '', when: <When d={c.closedAt} /> })}</> : null})
      </span>
    </p>
  );
}

export function campaignPage(o: { actor: Actor; csrf?: string | undefined; view: CampaignView; error?: CampaignPageError | undefined; lang?: Lang | undefined }): string {
  const t = translator(o.lang);
  const c = o.view.campaign;
  const canClose = MANAGERS.includes(o.actor.role) && c.status === 'open';
  return page(
    { title: t('Campaign: {title}', { title: c.title }), actor: o.actor, csrf: o.csrf, nav: 'campaigns', lang: o.lang ?? 'en', path: `/campaigns/${c.id}` },
    <>
      <p>
        <a href="/campaigns">{t('Campaigns')}</a> · <a href={c.providerKind === 'all' ? '/compliance' : `/compliance?kind=${c.providerKind}`}>{t('Sector compliance')}</a>
      </p>
      <CampaignFacts c={c} t={t} />
      <TableWrap>
        <table>
          <caption>{t('Progress of each provider')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Provider')}</th>
              <th scope="col">{t('State')}</th>
              <th scope="col">{t('Answered')}</th>
              <th scope="col">{t('Accepted')}</th>
              <th scope="col">{t('Submitted')}</th>
              <th scope="col">{t('Compliance')}</th>
            </tr>
          </thead>
          <tbody>
            {o.view.providers.map((p) => (
              <tr>
                <th scope="row">
                  <a href={selfAssessmentPath(c.id, p.provider.id)}>{p.provider.name}</a>
                </th>
                <td>
                  <StateBadge state={p.state} t={t} />
                  {p.overdue ? (
                    <>
                      {' · '}
                      <Overdue t={t} />
                    </>
                  ) : null}
                  {p.state === 'returned' && p.returnNote ? <p class="muted">{p.returnNote}</p> : null}
                </td>
                <td>{t('{n} of {total}', { n: p.answered, total: p.total })}</td>
                <td>
                  {t('{n} of {total}', { n: p.accepted, total: p.total })}
                  {p.rejected ? <span class="muted"> {t('({n} rejected)', { n: p.rejected })}</span> : null}
                </td>
                <td>{p.submittedAt ? <Day d={p.submittedAt} /> : <span class="muted">{t('Not yet')}</span>}</td>
                <td>
                  <a href={`/providers/${p.provider.id}/compliance`}>{t('Compliance of {provider}', { provider: p.provider.name })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canClose ? (
        <form class="card stack" method="post" action={`/campaigns/${c.id}/close`}>
          <CsrfField csrf={o.csrf} />
          <h2>{t('Close the campaign')}</h2>
          <p class="muted">{t('Nothing is answered, submitted or validated in a closed campaign; the statuses already confirmed stay.')}</p>
          <ErrorAt error={o.error} at="close" />
          <button type="submit" class="danger">
            {t('Close the campaign')}
          </button>
        </form>
      ) : null}
    </>,
  );
}

// ─── A provider's self-assessment ───────────────────────────────────────────────────────────────────────

function AnswerText(p: { a: Answer; t: Translate }): SafeHtml {
  const t = p.t;
  return (
    <>
      <StatusBadge status={p.a.status} t={t} /> <span class="muted">{t('by {who},', { who: p.a.answeredBy })}</span> <When d={p.a.answeredAt} />
      <p class="comment">{p.a.justification}</p>
      {p.a.evidence ? <p class="muted">{fill(t('Evidence: {evidence}'), { evidence: p.a.evidence })}</p> : null}
    </>
  );
}

function Decision(p: { a: Answer | null; t: Translate }): SafeHtml | null {
  const t = p.t;
  const d = p.a?.decision;
  if (!d) return null;
  return (
    <p class={d.decision === 'rejected' ? 'error' : 'muted'}>
      {fill(d.decision === 'accepted' ? t('Accepted by {who}, {when}') : t('Rejected by {who}, {when}'), { who: d.by, when: <When d={d.at} /> })}
      {d.note ? <>: {d.note}</> : null}
    </p>
  );
}

function History(p: { item: SelfAssessmentItem; t: Translate }): SafeHtml | null {
  const t = p.t;
  if (p.item.history.length < 2) return null;
  return (
    <details>
      <summary>{t('Earlier answers ({n})', { n: p.item.history.length - 1 })}</summary>
      <ol class="history">
        {p.item.history.slice(1).map((a) => (
          <li>
            <AnswerText a={a} t={t} />
            <Decision a={a} t={t} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One item of a representative's area form: the status radios, the justification and the evidence. */
function AnswerFields(p: { item: SelfAssessmentItem; values?: Record<string, string> | undefined; t: Translate }): SafeHtml {
  const t = p.t;
  const i = p.item;
  const v = p.values;
  const status = v ? (v[`status-${i.itemId}`] ?? '') : (i.answer?.status ?? '');
  const justification = v ? (v[`justification-${i.itemId}`] ?? '') : (i.answer?.justification ?? '');
  const evidence = v ? (v[`evidence-${i.itemId}`] ?? '') : (i.answer?.evidence ?? '');
  return (
    <fieldset id={`item-${i.itemId}`} class="stack">
      <legend>
        <code>{i.itemId}</code> {i.title}
      </legend>
      <input type="hidden" name="itemIds" value={i.itemId} />
      <p>
        <ItemStateBadge state={i.state} t={t} />
      </p>
      <Decision a={i.answer} t={t} />
      <div class="inline" role="radiogroup" aria-label={t('Status of {item}', { item: i.itemId })}>
        {ANSWER_STATUSES.map((s) => (
          <label>
            <input type="radio" name={`status-${i.itemId}`} value={s} checked={status === s} /> {complianceStatusName(t, s)}
          </label>
        ))}
      </div>
      <label>
        {t('Justification for {item} (required with a status: what makes it so)', { item: i.itemId })}
        <textarea name={`justification-${i.itemId}`} maxlength="2000" rows="2">
          {justification}
        </textarea>
      </label>
      <label>
        {t('Evidence for {item} (optional: a document, a policy, a test report)', { item: i.itemId })}
        <input name={`evidence-${i.itemId}`} maxlength="2000" value={evidence} />
      </label>
      <History item={i} t={t} />
    </fieldset>
  );
}

/** One item as the lab (or a representative, read-only) sees it, with the lab's accept and reject forms. */
function ItemRow(p: { sa: SelfAssessment; item: SelfAssessmentItem; csrf?: string | undefined; error?: CampaignPageError | undefined; t: Translate }): SafeHtml {
  const t = p.t;
  const i = p.item;
  const base = selfAssessmentPath(p.sa.campaign.id, p.sa.provider.id);
  const canAccept = p.sa.canDecide && (i.state === 'pending' || i.state === 'rejected');
  const canReject = p.sa.canDecide && i.state === 'pending';
  const rejectError = p.error?.at === `reject:${i.itemId}` ? p.error : undefined;
  return (
    <tr id={`item-${i.itemId}`}>
      <th scope="row">
        <code>{i.itemId}</code> {i.title}
      </th>
      <td>
        <ItemStateBadge state={i.state} t={t} />
      </td>
      <td>
        {i.answer ? <AnswerText a={i.answer} t={t} /> : <span class="muted">{t('No answer')}</span>}
        <Decision a={i.answer} t={t} />
        <History item={i} t={t} />
      </td>
      {p.sa.canDecide ? (
        <td>
          <ErrorAt error={p.error} at={`accept:${i.itemId}`} />
          {canAccept ? (
            <form class="inline" method="post" action={`${base}/items/${encodeURIComponent(i.itemId)}/accept`}>
              <CsrfField csrf={p.csrf} />
              <button type="submit" aria-label={t('Accept the answer of {item}', { item: i.itemId })}>
                {t('Accept')}
              </button>
            </form>
          ) : null}
          {canReject ? (
            <details open={rejectError ? true : undefined}>
              <summary>{t('Reject {item}', { item: i.itemId })}</summary>
              {rejectError ? (
                <p class="error" role="alert">
                  {rejectError.message}
                </p>
              ) : null}
              <form class="stack" method="post" action={`${base}/items/${encodeURIComponent(i.itemId)}/reject`}>
                <CsrfField csrf={p.csrf} />
                <label>
                  {t('What the provider should revise in {item}', { item: i.itemId })}
                  <textarea name="note" required maxlength="2000" rows="2">
                    {rejectError?.values?.note ?? ''}
                  </textarea>
                </label>
                <button type="submit" class="secondary">
                  {t('Reject and return to the provider')}
                </button>
              </form>
            </details>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function AreaForm(p: { sa: SelfAssessment; area: ComplianceArea; items: SelfAssessmentItem[]; csrf?: string | undefined; error?: CampaignPageError | undefined; t: Translate }): SafeHtml {
  const t = p.t;
  const base = selfAssessmentPath(p.sa.campaign.id, p.sa.provider.id);
  const open = p.items.filter((i) => i.state !== 'accepted');
  const accepted = p.items.filter((i) => i.state === 'accepted');
  const mine = p.error?.at === p.area.id ? p.error : undefined;
  return (
    <section aria-labelledby={`area-${p.area.id}`}>
      <h2 id={`area-${p.area.id}`}>{p.area.label}</h2>
      {accepted.length ? (
        <ul>
          {accepted.map((i) => (
            <li>
              <code>{i.itemId}</code> {i.title}: {i.answer ? <StatusBadge status={i.answer.status} t={t} /> : null} <span class="muted">{t('(accepted by the lab)')}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {open.length ? (
        <form class="card stack" method="post" action={`${base}/answers#area-${p.area.id}`}>
          <CsrfField csrf={p.csrf} />
          <input type="hidden" name="area" value={p.area.id} />
          {mine ? (
            <p class="error" role="alert">
              {mine.message}
            </p>
          ) : null}
          {open.map((i) => (
            <AnswerFields item={i} values={mine?.values} t={t} />
          ))}
          <button type="submit">{t('Save the answers of {area}', { area: p.area.label })}</button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * Whether the page shows a refused form's message next to that form; a refusal whose form is not on the page
 * (an answer posted once the self-assessment became read-only) is shown at the top instead.
 */
function errorPlaced(sa: SelfAssessment, areas: readonly ComplianceArea[], at: string): boolean {
  if (sa.canAnswer) {
    if (at === 'submit') return true;
    const area = areas.find((a) => a.id === at);
    return area !== undefined && sa.items.some((i) => i.state !== 'accepted' && area.itemIds.includes(i.itemId));
  }
  if (at === 'return') return sa.canReturn;
  if (at === 'accept-all' || at.startsWith('accept:')) return sa.canDecide;
  if (at.startsWith('reject:')) return sa.canDecide && sa.items.some((i) => `reject:${i.itemId}` === at && i.state === 'pending');
  return false;
}

export function selfAssessmentPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  view: SelfAssessment;
  areas: readonly ComplianceArea[];
  error?: CampaignPageError | undefined;
  lang?: Lang | undefined;
}): string {
  const t = translator(o.lang);
  const sa = o.view;
  const c = sa.campaign;
  const base = selfAssessmentPath(c.id, sa.provider.id);
  const provider = o.actor.role === 'provider';
  const byId = new Map(sa.items.map((i) => [i.itemId, i]));
  const counts = sa.counts;
  const total = sa.items.length;
  return page(
    { title: `${sa.provider.name}: ${c.title}`, actor: o.actor, csrf: o.csrf, nav: 'campaigns', lang: o.lang ?? 'en', path: base },
    <>
      <p>
        <a href="/campaigns">{t('Campaigns')}</a>
        {provider ? null : (
          <>
            {' · '}
            <a href={`/campaigns/${c.id}`}>{c.title}</a>
            {' · '}
            <a href={`/providers/${sa.provider.id}/compliance`}>{t('Compliance of {provider}', { provider: sa.provider.name })}</a>
          </>
        )}
      </p>
      <CampaignFacts c={c} t={t} />
      {o.error && !errorPlaced(sa, o.areas, o.error.at) ? (
        <p class="error" role="alert">
          {o.error.message}
        </p>
      ) : null}
      <p>
        <StateBadge state={sa.state} t={t} />
        {sa.overdue ? (
          <>
            {' · '}
            <Overdue t={t} /> {t('(the deadline was {date})', { date: c.deadline })}
          </>
        ) : null}
        {' · '}
        {t('{answered} of {total} answered, {accepted} accepted', { answered: total - counts.unanswered, total, accepted: counts.accepted })}
        {counts.rejected ? t(', {n} rejected', { n: counts.rejected }) : ''}
        {sa.submittedAt ? (
          <span class="muted">
            {' · '}
            {fill(t('last submitted by {who}, {when}'), { who: sa.submittedBy ?? '', when: <When d={sa.submittedAt} /> })}
          </span>
        ) : null}
        {sa.validatedAt ? (
          <span class="muted">
            {' · '}
            {fill(t('validated by {who}, {when}'), { who: sa.validatedBy ?? '', when: <When d={sa.validatedAt} /> })}
          </span>
        ) : null}
      </p>
      {sa.state === 'returned' && sa.returnNote ? (
        <div class="notice" role="status">
          <p>{fill(t('Returned by {who}, {when}:'), { who: sa.returnedBy ?? '', when: <When d={sa.returnedAt} /> })}</p>
          <p class="comment">{sa.returnNote}</p>
        </div>
      ) : null}
      {provider && sa.state === 'submitted' ? <p class="notice">{t('Submitted to the lab: the answers are read-only until the lab validates them or returns them to you.')}</p> : null}
      {provider && sa.state === 'validated' ? <p class="notice">{t('Validated: the lab accepted every answer; they are your confirmed compliance statuses.')}</p> : null}
      {sa.canAnswer ? (
        <>
          <p class="muted">
            {t(
              'For each item, choose the status that describes your organisation and say why (the justification is required); name the evidence the lab may ask for. Each area is saved on its own; submit to the lab once every item is answered.',
            )}
          </p>
          {o.areas.map((a) => {
            const items = a.itemIds.map((id) => byId.get(id)).filter((i): i is SelfAssessmentItem => i !== undefined);
            return items.length ? <AreaForm sa={sa} area={a} items={items} csrf={o.csrf} error={o.error} t={t} /> : null;
          })}
          <form class="card stack" method="post" action={`${base}/submit`}>
            <CsrfField csrf={o.csrf} />
            <h2>{t('Submit to the lab')}</h2>
            <ErrorAt error={o.error} at="submit" />
            {sa.submitBlockers.length ? (
              <ul>
                {sa.submitBlockers.map((b) => (
                  <li>{b}</li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('Every item is answered. Once submitted, the answers are read-only until the lab returns them.')}</p>
            )}
            <button type="submit">{t('Submit to the lab')}</button>
          </form>
        </>
      ) : (
        <>
          {sa.canDecide ? (
            <form class="card stack" method="post" action={`${base}/accept-all`}>
              <CsrfField csrf={o.csrf} />
              <h2>{t('Validate')}</h2>
              <p class="muted">
                {t("Accepting an answer confirms it as the provider's compliance status for the item, in your name, with its justification as the evidence.")}{' '}
                {counts.pending === 1 ? t('1 answer awaits the lab.') : t('{n} answers await the lab.', { n: counts.pending })}
              </p>
              <ErrorAt error={o.error} at="accept-all" />
              <button type="submit">{t('Accept all the answers awaiting the lab')}</button>
            </form>
          ) : null}
          {sa.canReturn ? (
            <form class="card stack" method="post" action={`${base}/return`}>
              <CsrfField csrf={o.csrf} />
              <h2>{t('Return to the provider')}</h2>
              <ErrorAt error={o.error} at="return" />
              <label>
                {t('Note to the provider (what to complete or revise)')}
                <textarea name="note" required maxlength="2000" rows="2">
                  {o.error?.at === 'return' ? (o.error.values?.note ?? '') : ''}
                </textarea>
              </label>
              <button type="submit" class="secondary">
                {t('Return to the provider')}
              </button>
            </form>
          ) : null}
          {o.areas.map((a) => {
            const items = a.itemIds.map((id) => byId.get(id)).filter((i): i is SelfAssessmentItem => i !== undefined);
            if (items.length === 0) return null;
            return (
              <section aria-labelledby={`area-${a.id}`}>
                <h2 id={`area-${a.id}`}>{a.label}</h2>
                <TableWrap>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('Item')}</th>
                        <th scope="col">{t('State')}</th>
                        <th scope="col">{t('Answer')}</th>
                        {sa.canDecide ? <th scope="col">{t('Decision')}</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((i) => (
                        <ItemRow sa={sa} item={i} csrf={o.csrf} error={o.error} t={t} />
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </section>
            );
          })}
        </>
      )}
    </>,
  );
}
