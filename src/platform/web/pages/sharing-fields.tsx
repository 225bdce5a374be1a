/**
 * @module platform/web/pages/sharing-fields
 * The parts of a page that every item shared between labs shows alike (advisories, library documents): the TLP
 * marking as a label and as the banner at the top of an item's page, the marking fields of a "new item" form
 * (the TLP levels and the scopes, each explained in words, and the pickers of peer labs, providers and RED
 * recipients) and the form they stand in, the scope's short name, the table of a list of items, the list of exports with the ones the TLP forbids said so, and the
 * thread of comments between the labs that can read an item, the history of an item's marking changes and the
 * form that changes it. The services (services/sharing.ts, services/sharing-policy.ts) decide; these
 * components draw what they are given.
 *
 * Every component takes the page's translator `t`. The TLP labels (TLP:AMBER) stay as FIRST writes them in every
 * language (they are a standard); their meanings are translated here (`tlpMeaning`, one literal key per level,
 * the English keys being the words of services/sharing.ts `TLP_MEANING`, which exports keep).
 */
import type { MarkingChange, MarkingFormOptions } from '../../services/sharing.js';
import { SCOPE_KINDS, TLPS, tlpLabel, type Marking, type ScopeKind, type Tlp } from '../../services/sharing-policy.js';
import type { Actor } from '../../types.js';
import { TableWrap, When } from '../components.js';
import type { Lang, Translate } from '../i18n.js';
import { Fragment, h, type Child, type SafeHtml } from '../jsx.js';
import { CsrfField } from '../layout.js';
import { renderMarkdown } from '../markdown.js';

/** Who a page of the sharing part is drawn for. */
export interface SharingPageViewer {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
}

/** What the page of every shared item has besides the item: the exports and whether the caller may comment. */
export interface SharedItemPageData extends SharingPageViewer {
  /** Whether the item's TLP lets it be exported in each format. */
  exports: Array<{ format: string; allowed: boolean }>;
  canComment: boolean;
}

/** A refusal shown next to the form it answers (nothing without a message). */
export function ErrorLine(p: { message: string | undefined }): SafeHtml | null {
  if (!p.message) return null;
  return (
    <p class="error" role="alert">
      {p.message}
    </p>
  );
}

/** What a form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type SharedFormValues = Record<string, string | string[] | undefined>;

/** One value of a sent form (the first of a list), or ''. */
export function formValue(v: SharedFormValues, name: string): string {
  const x = v[name];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
}

/** The ids chosen in a sent form's list (a repeated field, or one field with commas or spaces). */
export function formValueSet(v: SharedFormValues, name: string): Set<string> {
  const x = v[name];
  return new Set(typeof x === 'string' ? x.split(/[\s,]+/) : Array.isArray(x) ? x : []);
}

/** What a TLP level means for who may read the item, in the page's language (services/sharing.ts `TLP_MEANING`). */
export function tlpMeaning(t: Translate, tlp: Tlp): string {
  switch (tlp) {
    case 'clear':
      return t('no limit on disclosure: recipients may share it with the world');
    case 'green':
      return t('limited to the community: the labs on this platform and the organisations in the scope');
    case 'amber':
      return t('limited to the organisations named: share it only inside your organisation, on a need-to-know basis');
    case 'amber+strict':
      return t('limited to the owner lab (and the providers named one by one): do not share it further');
    case 'red':
      return t('for the named recipients only: not to be shared, exported or e-mailed');
    default:
      return tlp;
  }
}

/** What a scope means, as the marking form explains it. */
function scopeMeaning(t: Translate, kind: ScopeKind): string {
  switch (kind) {
    case 'lab':
      return t('Your lab only: its staff');
    case 'peers':
      return t('Named peer labs: your staff and the staff of the labs you choose below');
    case 'community':
      return t('The whole community: the staff of every lab on this platform');
    case 'providers':
      return t('Your supervised providers: your staff and the representatives of the providers you choose below (all of them if you choose none)');
    default:
      return kind;
  }
}

/** The short name of a scope for lists and an item's page ("Peer labs"); an unknown one as it is. */
export function scopeName(t: Translate, kind: string): string {
  switch (kind) {
    case 'lab':
      return t('Own lab');
    case 'peers':
      return t('Peer labs');
    case 'community':
      return t('Community');
    case 'providers':
      return t('Providers');
    default:
      return kind;
  }
}

/** The TLP marking as text (never colour alone): `TLP:AMBER`, with a class per level for the stylesheet. */
export function TlpLabel(p: { tlp: Tlp }): SafeHtml {
  return <span class={`tlp tlp-${p.tlp.replace('+', '-')}`}>{tlpLabel(p.tlp)}</span>;
}

/** The marking at the top of an item's page: its label and what it means for who may read it. */
export function TlpBanner(p: { tlp: Tlp; t: Translate }): SafeHtml {
  return (
    <p class={`notice tlp-banner tlp-${p.tlp.replace('+', '-')}`} role="note">
      <strong>{tlpLabel(p.tlp)}</strong> — {tlpMeaning(p.t, p.tlp)}
    </p>
  );
}

/** A list to choose several named things from (peer labs, providers), by id. */
function NamePicker(p: { label: string; name: string; choices: ReadonlyArray<{ id: string; name: string }>; chosen: Set<string> }): SafeHtml {
  return (
    <label>
      {p.label}
      <select name={p.name} multiple size="4">
        {p.choices.map((x) => (
          <option value={x.id} selected={p.chosen.has(x.id)}>
            {x.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The marking fields of a "new item" form: a fieldset of the TLP levels and one of the scopes with the peer
 * labs, providers and recipients to choose from, filled again from `values` after a refusal (AMBER to the own
 * lab by default). `providersNote` adds to the words of the providers scope; `children` come after the
 * providers picker (a field that only an item to providers has).
 */
export function MarkingFields(p: { t: Translate; options: MarkingFormOptions; values: SharedFormValues; providersNote?: string | undefined; children?: Child }): SafeHtml {
  const t = p.t;
  const v = p.values;
  const tlp = formValue(v, 'tlp') || 'amber';
  const scope = formValue(v, 'scope') || 'lab';
  const recipients = formValueSet(v, 'recipients');
  const meaning = (s: ScopeKind): string => (s === 'providers' && p.providersNote ? `${scopeMeaning(t, s)}; ${p.providersNote}` : scopeMeaning(t, s));
  return (
    <>
      <fieldset class="card">
        <legend>{t('Marking (TLP 2.0)')}</legend>
        {TLPS.map((level) => (
          <label>
            <input type="radio" name="tlp" value={level} required checked={tlp === level} /> <strong>{tlpLabel(level)}</strong> — {tlpMeaning(t, level)}
          </label>
        ))}
      </fieldset>
      <fieldset class="card">
        <legend>{t('Shared with')}</legend>
        {SCOPE_KINDS.map((s) => (
          <label>
            <input type="radio" name="scope" value={s} required checked={scope === s} /> {meaning(s)}
          </label>
        ))}
        <NamePicker label={t('Peer labs (for "named peer labs")')} name="peers" choices={p.options.orgs} chosen={formValueSet(v, 'peers')} />
        <NamePicker label={t('Providers (for "your supervised providers"; none chosen: all of them)')} name="providers" choices={p.options.providers} chosen={formValueSet(v, 'providers')} />
        {p.children}
        <label>
          {t('Recipients (for TLP:RED only; you are always one)')}
          <select name="recipients" multiple size="6">
            {p.options.people.map((x) => (
              <option value={x.id} selected={recipients.has(x.id)}>
                {x.name} ({x.providerName ? `${x.providerName}, ` : ''}
                {x.orgName})
              </option>
            ))}
          </select>
        </label>
      </fieldset>
    </>
  );
}

/**
 * The form of a new shared item: who will be told of it (and that AMBER and stricter never go by e-mail), the
 * refusal when one came back, the title, the kind's own fields (`children`), the marking fields
 * (`markingExtra` after their providers picker) and the button.
 */
export function NewItemForm(p: {
  t: Translate;
  action: string;
  csrf: string | undefined;
  error: string | undefined;
  values: SharedFormValues;
  options: MarkingFormOptions;
  maxTitle: number;
  /** Who is told when the item is written, and that AMBER and stricter never go by e-mail (the page's sentence). */
  intro: string;
  submit: string;
  providersNote?: string | undefined;
  markingExtra?: Child;
  children?: Child;
}): SafeHtml {
  const t = p.t;
  return (
    <>
      <p class="muted">{p.intro}</p>
      <ErrorLine message={p.error} />
      <form class="stack" method="post" action={p.action}>
        <CsrfField csrf={p.csrf} />
        <label>
          {t('Title')}
          <input name="title" required maxlength={String(p.maxTitle)} value={formValue(p.values, 'title')} />
        </label>
        {p.children}
        <MarkingFields t={p.t} options={p.options} values={p.values} providersNote={p.providersNote}>
          {p.markingExtra}
        </MarkingFields>
        <button type="submit">{p.submit}</button>
      </form>
    </>
  );
}

const FORMAT_NAME: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown', csv: 'CSV' };

/** The "Export" section of an item's page: a link per format its TLP allows, the others said not allowed. */
export function ExportSection(p: { t: Translate; tlp: Tlp; exports: ReadonlyArray<{ format: string; allowed: boolean }>; href: (format: string) => string }): SafeHtml {
  const t = p.t;
  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">{t('Export')}</h2>
      <ul>
        {p.exports.map((e) =>
          e.allowed ? (
            <li>
              <a href={p.href(e.format)}>{FORMAT_NAME[e.format] ?? e.format}</a>
            </li>
          ) : (
            <li class="muted">{t('{format}: not allowed for {tlp}', { format: FORMAT_NAME[e.format] ?? e.format, tlp: tlpLabel(p.tlp) })}</li>
          ),
        )}
      </ul>
    </section>
  );
}

/** A comment of an item's thread, as the services give it. */
export interface ThreadComment {
  id: number;
  at: Date;
  userName: string;
  orgName: string;
  body: string;
}

/**
 * The thread under an item between the labs that can read it (provider representatives do not see it): the
 * comments, oldest first, and the form to add one, with the refusal and the text sent when it was refused.
 * `from` is what the line of a comment says in brackets after its author (the organisation, by default).
 */
export function LabThread<C extends ThreadComment>(p: {
  t: Translate;
  id: string;
  heading: string;
  note: string;
  comments: readonly C[];
  from?: ((c: C) => string) | undefined;
  maxLength: number;
  canComment: boolean;
  action: string;
  csrf: string | undefined;
  error: string | undefined;
  sent: string;
}): SafeHtml {
  const t = p.t;
  return (
    <section aria-labelledby={p.id}>
      <h2 id={p.id}>{p.heading}</h2>
      <p class="muted">{p.note}</p>
      {p.comments.length === 0 ? (
        <p class="muted">{t('No comment yet.')}</p>
      ) : (
        <ol class="history">
          {p.comments.map((c) => (
            <li id={`comment-${c.id}`}>
              <When d={c.at} /> · <strong>{c.userName}</strong> <span class="muted">({p.from ? p.from(c) : c.orgName})</span>
              <div class="comment">{renderMarkdown(c.body, { headingOffset: 3, maxLength: p.maxLength })}</div>
            </li>
          ))}
        </ol>
      )}
      {p.canComment ? (
        <div class="card" id="comment-form">
          <h3>{t('Add a comment')}</h3>
          <ErrorLine message={p.error} />
          <form class="stack" method="post" action={p.action}>
            <CsrfField csrf={p.csrf} />
            <label>
              {t('Comment (Markdown)')}
              <textarea name="body" required maxlength={String(p.maxLength)} rows="4">
                {p.sent}
              </textarea>
            </label>
            <button type="submit">{t('Add the comment')}</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

/** A column of `SharedItemTable` that one kind of item adds: its heading and its cell. */
export interface ItemColumn<T> {
  head: string;
  cell: (item: T) => Child;
}

/**
 * The table of a list of shared items: the marking first (as text), the title linking to the item, the
 * columns the kind adds (`middle`), the owner lab, the scope (with `scopeNote` after it), and the columns the
 * kind adds at the end (`end`).
 */
export function SharedItemTable<T extends { id: string; tlp: Tlp; title: string; orgName: string; scopeKind: string }>(p: {
  t: Translate;
  caption: string;
  items: readonly T[];
  href: (item: T) => string;
  middle: ReadonlyArray<ItemColumn<T>>;
  scopeNote?: ((item: T) => Child) | undefined;
  end: ReadonlyArray<ItemColumn<T>>;
}): SafeHtml {
  const t = p.t;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Marking')}</th>
            <th scope="col">{t('Title')}</th>
            {p.middle.map((c) => (
              <th scope="col">{c.head}</th>
            ))}
            <th scope="col">{t('From')}</th>
            <th scope="col">{t('Shared with')}</th>
            {p.end.map((c) => (
              <th scope="col">{c.head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.items.map((item) => (
            <tr>
              <td>
                <TlpLabel tlp={item.tlp} />
              </td>
              <td>
                <a href={p.href(item)}>{item.title}</a>
              </td>
              {p.middle.map((c) => (
                <td>{c.cell(item)}</td>
              ))}
              <td>{item.orgName}</td>
              <td>
                {scopeName(p.t, item.scopeKind)}
                {p.scopeNote ? p.scopeNote(item) : null}
              </td>
              {p.end.map((c) => (
                <td>{c.cell(item)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

// --- Changing the marking ------------------------------------------------------------------------------------

/** The marking fields filled with an item's current marking (the change form starts from it). */
export function markingValues(m: Marking, extra: SharedFormValues = {}): SharedFormValues {
  return {
    tlp: m.tlp,
    scope: m.scope.kind,
    peers: m.scope.kind === 'peers' ? [...m.scope.orgIds] : [],
    providers: m.scope.kind === 'providers' && m.scope.providerIds !== undefined ? [...m.scope.providerIds] : [],
    recipients: [...m.recipients],
    ...extra,
  };
}

/** A marking in a line of the history: the TLP label and the scope's name. */
function MarkingLine(p: { t: Translate; m: Marking; ackDueOn: string | null }): SafeHtml {
  const t = p.t;
  return (
    <span>
      <TlpLabel tlp={p.m.tlp} /> {scopeName(p.t, p.m.scope.kind)}
      {p.ackDueOn ? ` (${t('acknowledge by {day}', { day: p.ackDueOn })})` : ''}
    </span>
  );
}

/**
 * The history of an item's marking changes (to everyone who sees the item): when, who, from → to, and the
 * reason the owner gave. Nothing when it never changed.
 */
export function MarkingHistory(p: { t: Translate; changes: readonly MarkingChange[] }): SafeHtml | null {
  if (p.changes.length === 0) return null;
  const t = p.t;
  return (
    <section aria-labelledby="marking-history-h" id="marking-history">
      <h2 id="marking-history-h">{t('Marking history')}</h2>
      <TableWrap>
        <table>
          <caption class="muted">{t('Every change of the marking since publication, oldest first')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('When')}</th>
              <th scope="col">{t('By')}</th>
              <th scope="col">{t('From marking')}</th>
              <th scope="col">{t('To marking')}</th>
              <th scope="col">{t('Reason')}</th>
            </tr>
          </thead>
          <tbody>
            {p.changes.map((c) => (
              <tr>
                <td>
                  <When d={c.at} />
                </td>
                <td>
                  {c.userName} <span class="muted">({c.orgName})</span>
                </td>
                <td>
                  <MarkingLine t={t} m={c.from} ackDueOn={c.fromAckDueOn} />
                </td>
                <td>
                  <MarkingLine t={t} m={c.to} ackDueOn={c.toAckDueOn} />
                </td>
                <td>{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/**
 * The form that changes an item's marking (for those who may): the marking fields filled with the current
 * marking (or what was sent, after a refusal), the kind's own field (`children`, after the providers picker),
 * the mandatory reason, and who will be told.
 */
export function ChangeMarkingForm(p: {
  t: Translate;
  action: string;
  csrf: string | undefined;
  error: string | undefined;
  values: SharedFormValues;
  options: MarkingFormOptions;
  providersNote?: string | undefined;
  children?: Child;
}): SafeHtml {
  const t = p.t;
  return (
    <details class="card" id="marking-form" open={p.error ? true : undefined}>
      <summary>{t('Change the marking')}</summary>
      <p class="muted">
        {t('A narrower marking holds at once: whoever it leaves out no longer sees the item, and their unsent e-mails about it are not sent. A wider one tells only the people it newly admits. The change and its reason are recorded and shown to everyone who sees the item.')}
      </p>
      <ErrorLine message={p.error} />
      <form class="stack" method="post" action={p.action}>
        <CsrfField csrf={p.csrf} />
        <MarkingFields t={t} options={p.options} values={p.values} providersNote={p.providersNote}>
          {p.children}
        </MarkingFields>
        <label>
          {t('Reason for the change (required; shown with the marking history)')}
          <textarea name="reason" required maxlength="1000" rows="3">
            {formValue(p.values, 'reason')}
          </textarea>
        </label>
        <button type="submit">{t('Change the marking')}</button>
      </form>
    </details>
  );
}
