/**
 * @module platform/web/pages/campaigns
 * The compliance campaign pages: the list of campaigns with the launch form (title, provider kind, profile,
 * deadline); one campaign's progress per targeted provider (answered items, state, overdue after the deadline);
 * and one provider's self-assessment, which its representative fills in (a form per area: a status and a
 * justification per item, saved as they go, then "submit to the lab") and the lab validates (accept or reject each
 * answer, accept every pending one, return the self-assessment with a note). The rules are in
 * services/campaigns.ts.
 */
import type { AuditProfile } from '../../../index.js';
import { COMPLIANCE_STATUS_LABEL, type ComplianceArea, type ComplianceStatus } from '../../../report/compliance.js';
import {
  ANSWER_STATUSES,
  CAMPAIGN_KINDS,
  ITEM_STATE_LABEL,
  PROVIDER_STATE_LABEL,
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
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const KIND_LABEL: Record<string, string> = {
  bank: 'Banks',
  mno: 'Mobile network operators',
  emi: 'E-money issuers',
  fintech: 'Fintechs',
  other: 'Other providers',
  all: 'All providers',
};

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

function StateBadge(p: { state: ProviderState }): SafeHtml {
  return <span class={`status campaign-${p.state}`}>{PROVIDER_STATE_LABEL[p.state]}</span>;
}

function ItemStateBadge(p: { state: ItemState }): SafeHtml {
  return <span class={`status item-${p.state}`}>{ITEM_STATE_LABEL[p.state]}</span>;
}

function StatusBadge(p: { status: ComplianceStatus }): SafeHtml {
  return <span class={`status compliance-${p.status}`}>{COMPLIANCE_STATUS_LABEL[p.status]}</span>;
}

function Overdue(): SafeHtml {
  return <strong class="error">Overdue</strong>;
}

// ─── The list and the launch form ───────────────────────────────────────────────────────────────────────

export function campaignsPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  list: CampaignSummary[];
  profiles: readonly AuditProfile[];
  today: string;
  error?: CampaignPageError | undefined;
}): string {
  const provider = o.actor.role === 'provider';
  const canLaunch = MANAGERS.includes(o.actor.role);
  const v = o.error?.at === 'launch' ? (o.error.values ?? {}) : {};
  return page(
    { title: 'Compliance campaigns', actor: o.actor, csrf: o.csrf, nav: 'campaigns' },
    <>
      <p class="muted">
        {provider
          ? 'The self-assessments the lab asked your organisation for. Open one to answer it and submit it to the lab.'
          : 'A campaign assesses every provider of a kind against an audit profile by a deadline: each provider fills in a self-assessment, and the lab validates it item by item. Accepted answers become the providers\u2019 confirmed compliance statuses.'}
        {provider ? null : (
          <>
            {' '}
            <a href="/compliance">Sector compliance</a>
          </>
        )}
      </p>
      <TableWrap>
        <table>
          <caption class="visually-hidden">Campaigns</caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Providers</th>
              <th scope="col">Profile</th>
              <th scope="col">Deadline</th>
              <th scope="col">{provider ? 'Your self-assessment' : 'Progress'}</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {o.list.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  No campaign yet.
                </td>
              </tr>
            ) : (
              o.list.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={provider ? selfAssessmentPath(s.campaign.id, o.actor.providerId ?? '') : `/campaigns/${s.campaign.id}`}>{s.campaign.title}</a>
                  </th>
                  <td>{KIND_LABEL[s.campaign.providerKind] ?? s.campaign.providerKind}</td>
                  <td>{s.campaign.profileTitle}</td>
                  <td>{s.campaign.deadline}</td>
                  <td>
                    {provider ? (
                      s.ownState ? <StateBadge state={s.ownState} /> : null
                    ) : (
                      <>
                        {s.validated} of {s.providers} validated, {s.submitted} awaiting the lab
                      </>
                    )}
                    {s.overdue ? (
                      <>
                        {' · '}
                        <Overdue />
                        {provider ? null : ` (${s.overdue})`}
                      </>
                    ) : null}
                  </td>
                  <td>{s.campaign.status === 'open' ? 'Open' : 'Closed'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {canLaunch ? (
        <form class="card stack" method="post" action="/campaigns">
          <CsrfField csrf={o.csrf} />
          <h2>Launch a campaign</h2>
          <p class="muted">Every provider of the chosen kind is asked for a self-assessment, and its representatives are notified.</p>
          <ErrorAt error={o.error} at="launch" />
          <div class="fields">
            <label>
              Title
              <input name="title" required maxlength="200" value={v.title ?? ''} />
            </label>
            <label>
              Providers
              <select name="providerKind" required>
                {CAMPAIGN_KINDS.map((k) => (
                  <option value={k} selected={(v.providerKind ?? 'all') === k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Profile
              <select name="profile" required>
                {o.profiles.map((p) => (
                  <option value={p.id} selected={v.profile === p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Deadline
              <input type="date" name="deadline" required min={o.today} value={v.deadline ?? ''} />
            </label>
          </div>
          <button type="submit">Launch the campaign</button>
        </form>
      ) : null}
    </>,
  );
}

// ─── One campaign ───────────────────────────────────────────────────────────────────────────────────────

function CampaignFacts(p: { c: CampaignView['campaign'] }): SafeHtml {
  const c = p.c;
  return (
    <p>
      {KIND_LABEL[c.providerKind] ?? c.providerKind} · profile {c.profileTitle} ({c.itemIds.length === 1 ? '1 item' : `${c.itemIds.length} items`}) · deadline{' '}
      {c.deadline} · {c.status === 'open' ? 'open' : 'closed'}
      <span class="muted">
        {' '}
        (launched by {c.createdBy}, <When d={c.createdAt} />
        {c.closedAt ? (
          <>
            ; closed by {c.closedBy}, <When d={c.closedAt} />
          </>
        ) : null}
        )
      </span>
    </p>
  );
}

export function campaignPage(o: { actor: Actor; csrf?: string | undefined; view: CampaignView; error?: CampaignPageError | undefined }): string {
  const c = o.view.campaign;
  const canClose = MANAGERS.includes(o.actor.role) && c.status === 'open';
  return page(
    { title: `Campaign: ${c.title}`, actor: o.actor, csrf: o.csrf, nav: 'campaigns' },
    <>
      <p>
        <a href="/campaigns">Campaigns</a> · <a href={c.providerKind === 'all' ? '/compliance' : `/compliance?kind=${c.providerKind}`}>Sector compliance</a>
      </p>
      <CampaignFacts c={c} />
      <TableWrap>
        <table>
          <caption>Progress of each provider</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">State</th>
              <th scope="col">Answered</th>
              <th scope="col">Accepted</th>
              <th scope="col">Submitted</th>
              <th scope="col">Compliance</th>
            </tr>
          </thead>
          <tbody>
            {o.view.providers.map((p) => (
              <tr>
                <th scope="row">
                  <a href={selfAssessmentPath(c.id, p.provider.id)}>{p.provider.name}</a>
                </th>
                <td>
                  <StateBadge state={p.state} />
                  {p.overdue ? (
                    <>
                      {' · '}
                      <Overdue />
                    </>
                  ) : null}
                  {p.state === 'returned' && p.returnNote ? <p class="muted">{p.returnNote}</p> : null}
                </td>
                <td>
                  {p.answered} of {p.total}
                </td>
                <td>
                  {p.accepted} of {p.total}
                  {p.rejected ? <span class="muted"> ({p.rejected} rejected)</span> : null}
                </td>
                <td>{p.submittedAt ? <Day d={p.submittedAt} /> : <span class="muted">Not yet</span>}</td>
                <td>
                  <a href={`/providers/${p.provider.id}/compliance`}>Compliance of {p.provider.name}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canClose ? (
        <form class="card stack" method="post" action={`/campaigns/${c.id}/close`}>
          <CsrfField csrf={o.csrf} />
          <h2>Close the campaign</h2>
          <p class="muted">Nothing is answered, submitted or validated in a closed campaign; the statuses already confirmed stay.</p>
          <ErrorAt error={o.error} at="close" />
          <button type="submit" class="danger">
            Close the campaign
          </button>
        </form>
      ) : null}
    </>,
  );
}

// ─── A provider's self-assessment ───────────────────────────────────────────────────────────────────────

function AnswerText(p: { a: Answer }): SafeHtml {
  return (
    <>
      <StatusBadge status={p.a.status} /> <span class="muted">by {p.a.answeredBy},</span> <When d={p.a.answeredAt} />
      <p class="comment">{p.a.justification}</p>
      {p.a.evidence ? <p class="muted">Evidence: {p.a.evidence}</p> : null}
    </>
  );
}

function Decision(p: { a: Answer | null }): SafeHtml | null {
  const d = p.a?.decision;
  if (!d) return null;
  return (
    <p class={d.decision === 'rejected' ? 'error' : 'muted'}>
      {d.decision === 'accepted' ? 'Accepted' : 'Rejected'} by {d.by}, <When d={d.at} />
      {d.note ? <>: {d.note}</> : null}
    </p>
  );
}

function History(p: { item: SelfAssessmentItem }): SafeHtml | null {
  if (p.item.history.length < 2) return null;
  return (
    <details>
      <summary>Earlier answers ({p.item.history.length - 1})</summary>
      <ol class="history">
        {p.item.history.slice(1).map((a) => (
          <li>
            <AnswerText a={a} />
            <Decision a={a} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One item of a representative's area form: the status radios, the justification and the evidence. */
function AnswerFields(p: { item: SelfAssessmentItem; values?: Record<string, string> | undefined }): SafeHtml {
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
        <ItemStateBadge state={i.state} />
      </p>
      <Decision a={i.answer} />
      <div class="inline" role="radiogroup" aria-label={`Status of ${i.itemId}`}>
        {ANSWER_STATUSES.map((s) => (
          <label>
            <input type="radio" name={`status-${i.itemId}`} value={s} checked={status === s} /> {COMPLIANCE_STATUS_LABEL[s]}
          </label>
        ))}
      </div>
      <label>
        Justification for {i.itemId} (required with a status: what makes it so)
        <textarea name={`justification-${i.itemId}`} maxlength="2000" rows="2">
          {justification}
        </textarea>
      </label>
      <label>
        Evidence for {i.itemId} (optional: a document, a policy, a test report)
        <input name={`evidence-${i.itemId}`} maxlength="2000" value={evidence} />
      </label>
      <History item={i} />
    </fieldset>
  );
}

/** One item as the lab (or a representative, read-only) sees it, with the lab's accept and reject forms. */
function ItemRow(p: { sa: SelfAssessment; item: SelfAssessmentItem; csrf?: string | undefined; error?: CampaignPageError | undefined }): SafeHtml {
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
        <ItemStateBadge state={i.state} />
      </td>
      <td>
        {i.answer ? <AnswerText a={i.answer} /> : <span class="muted">No answer</span>}
        <Decision a={i.answer} />
        <History item={i} />
      </td>
      {p.sa.canDecide ? (
        <td>
          <ErrorAt error={p.error} at={`accept:${i.itemId}`} />
          {canAccept ? (
            <form class="inline" method="post" action={`${base}/items/${encodeURIComponent(i.itemId)}/accept`}>
              <CsrfField csrf={p.csrf} />
              <button type="submit" aria-label={`Accept the answer of ${i.itemId}`}>
                Accept
              </button>
            </form>
          ) : null}
          {canReject ? (
            <details open={rejectError ? true : undefined}>
              <summary>Reject {i.itemId}</summary>
              {rejectError ? (
                <p class="error" role="alert">
                  {rejectError.message}
                </p>
              ) : null}
              <form class="stack" method="post" action={`${base}/items/${encodeURIComponent(i.itemId)}/reject`}>
                <CsrfField csrf={p.csrf} />
                <label>
                  What the provider should revise in {i.itemId}
                  <textarea name="note" required maxlength="2000" rows="2">
                    {rejectError?.values?.note ?? ''}
                  </textarea>
                </label>
                <button type="submit" class="secondary">
                  Reject and return to the provider
                </button>
              </form>
            </details>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function AreaForm(p: { sa: SelfAssessment; area: ComplianceArea; items: SelfAssessmentItem[]; csrf?: string | undefined; error?: CampaignPageError | undefined }): SafeHtml {
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
              <code>{i.itemId}</code> {i.title}: {i.answer ? <StatusBadge status={i.answer.status} /> : null} <span class="muted">(accepted by the lab)</span>
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
            <AnswerFields item={i} values={mine?.values} />
          ))}
          <button type="submit">Save the answers of {p.area.label}</button>
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

export function selfAssessmentPage(o: { actor: Actor; csrf?: string | undefined; view: SelfAssessment; areas: readonly ComplianceArea[]; error?: CampaignPageError | undefined }): string {
  const sa = o.view;
  const c = sa.campaign;
  const base = selfAssessmentPath(c.id, sa.provider.id);
  const provider = o.actor.role === 'provider';
  const byId = new Map(sa.items.map((i) => [i.itemId, i]));
  const counts = sa.counts;
  const total = sa.items.length;
  return page(
    { title: `${sa.provider.name}: ${c.title}`, actor: o.actor, csrf: o.csrf, nav: 'campaigns' },
    <>
      <p>
        <a href="/campaigns">Campaigns</a>
        {provider ? null : (
          <>
            {' · '}
            <a href={`/campaigns/${c.id}`}>{c.title}</a>
            {' · '}
            <a href={`/providers/${sa.provider.id}/compliance`}>Compliance of {sa.provider.name}</a>
          </>
        )}
      </p>
      <CampaignFacts c={c} />
      {o.error && !errorPlaced(sa, o.areas, o.error.at) ? (
        <p class="error" role="alert">
          {o.error.message}
        </p>
      ) : null}
      <p>
        <StateBadge state={sa.state} />
        {sa.overdue ? (
          <>
            {' · '}
            <Overdue /> (the deadline was {c.deadline})
          </>
        ) : null}
        {' · '}
        {total - counts.unanswered} of {total} answered, {counts.accepted} accepted
        {counts.rejected ? `, ${counts.rejected} rejected` : ''}
        {sa.submittedAt ? (
          <span class="muted">
            {' '}
            · last submitted by {sa.submittedBy}, <When d={sa.submittedAt} />
          </span>
        ) : null}
        {sa.validatedAt ? (
          <span class="muted">
            {' '}
            · validated by {sa.validatedBy}, <When d={sa.validatedAt} />
          </span>
        ) : null}
      </p>
      {sa.state === 'returned' && sa.returnNote ? (
        <div class="notice" role="status">
          <p>
            Returned by {sa.returnedBy}, <When d={sa.returnedAt} />:
          </p>
          <p class="comment">{sa.returnNote}</p>
        </div>
      ) : null}
      {provider && sa.state === 'submitted' ? <p class="notice">Submitted to the lab: the answers are read-only until the lab validates them or returns them to you.</p> : null}
      {provider && sa.state === 'validated' ? <p class="notice">Validated: the lab accepted every answer; they are your confirmed compliance statuses.</p> : null}
      {sa.canAnswer ? (
        <>
          <p class="muted">
            For each item, choose the status that describes your organisation and say why (the justification is required); name the evidence the lab
            may ask for. Each area is saved on its own; submit to the lab once every item is answered.
          </p>
          {o.areas.map((a) => {
            const items = a.itemIds.map((id) => byId.get(id)).filter((i): i is SelfAssessmentItem => i !== undefined);
            return items.length ? <AreaForm sa={sa} area={a} items={items} csrf={o.csrf} error={o.error} /> : null;
          })}
          <form class="card stack" method="post" action={`${base}/submit`}>
            <CsrfField csrf={o.csrf} />
            <h2>Submit to the lab</h2>
            <ErrorAt error={o.error} at="submit" />
            {sa.submitBlockers.length ? (
              <ul>
                {sa.submitBlockers.map((b) => (
                  <li>{b}</li>
                ))}
              </ul>
            ) : (
              <p class="muted">Every item is answered. Once submitted, the answers are read-only until the lab returns them.</p>
            )}
            <button type="submit">Submit to the lab</button>
          </form>
        </>
      ) : (
        <>
          {sa.canDecide ? (
            <form class="card stack" method="post" action={`${base}/accept-all`}>
              <CsrfField csrf={o.csrf} />
              <h2>Validate</h2>
              <p class="muted">
                Accepting an answer confirms it as the provider's compliance status for the item, in your name, with its justification as the evidence.{' '}
                {counts.pending === 1 ? '1 answer awaits' : `${counts.pending} answers await`} the lab.
              </p>
              <ErrorAt error={o.error} at="accept-all" />
              <button type="submit">Accept all the answers awaiting the lab</button>
            </form>
          ) : null}
          {sa.canReturn ? (
            <form class="card stack" method="post" action={`${base}/return`}>
              <CsrfField csrf={o.csrf} />
              <h2>Return to the provider</h2>
              <ErrorAt error={o.error} at="return" />
              <label>
                Note to the provider (what to complete or revise)
                <textarea name="note" required maxlength="2000" rows="2">
                  {o.error?.at === 'return' ? (o.error.values?.note ?? '') : ''}
                </textarea>
              </label>
              <button type="submit" class="secondary">
                Return to the provider
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
                        <th scope="col">Item</th>
                        <th scope="col">State</th>
                        <th scope="col">Answer</th>
                        {sa.canDecide ? <th scope="col">Decision</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((i) => (
                        <ItemRow sa={sa} item={i} csrf={o.csrf} error={o.error} />
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
