/**
 * @module platform/web/pages/sharing-fields
 * The parts of a page that every item shared between labs shows alike (advisories, library documents): the TLP
 * marking as a label and as the banner at the top of an item's page, the marking fields of a "new item" form
 * (the TLP levels and the scopes, each explained in words, and the pickers of peer labs, providers and RED
 * recipients) and the form they stand in, the scope's short name, the table of a list of items, the list of exports with the ones the TLP forbids said so, and the
 * thread of comments between the labs that can read an item. The services (services/sharing.ts,
 * services/sharing-policy.ts) decide; these components draw what they are given.
 */
import { TLP_MEANING, type MarkingFormOptions } from '../../services/sharing.js';
import { SCOPE_KINDS, TLPS, tlpLabel, type ScopeKind, type Tlp } from '../../services/sharing-policy.js';
import type { Actor } from '../../types.js';
import { TableWrap, When } from '../components.js';
import type { Lang } from '../i18n.js';
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

const SCOPE_MEANING: Readonly<Record<ScopeKind, string>> = {
  lab: 'Your lab only: its staff',
  peers: 'Named peer labs: your staff and the staff of the labs you choose below',
  community: 'The whole community: the staff of every lab on this platform',
  providers: 'Your supervised providers: your staff and the representatives of the providers you choose below (all of them if you choose none)',
};

const SCOPE_SHORT: Readonly<Record<string, string>> = { lab: 'Own lab', peers: 'Peer labs', community: 'Community', providers: 'Providers' };

/** The short name of a scope for lists and an item's page ("Peer labs"); an unknown one as it is. */
export function scopeName(kind: string): string {
  return SCOPE_SHORT[kind] ?? kind;
}

/** The TLP marking as text (never colour alone): `TLP:AMBER`, with a class per level for the stylesheet. */
export function TlpLabel(p: { tlp: Tlp }): SafeHtml {
  return <span class={`tlp tlp-${p.tlp.replace('+', '-')}`}>{tlpLabel(p.tlp)}</span>;
}

/** The marking at the top of an item's page: its label and what it means for who may read it. */
export function TlpBanner(p: { tlp: Tlp }): SafeHtml {
  return (
    <p class={`notice tlp-banner tlp-${p.tlp.replace('+', '-')}`} role="note">
      <strong>{tlpLabel(p.tlp)}</strong> — {TLP_MEANING[p.tlp]}
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
export function MarkingFields(p: { options: MarkingFormOptions; values: SharedFormValues; providersNote?: string | undefined; children?: Child }): SafeHtml {
  const v = p.values;
  const tlp = formValue(v, 'tlp') || 'amber';
  const scope = formValue(v, 'scope') || 'lab';
  const recipients = formValueSet(v, 'recipients');
  const meaning = (s: ScopeKind): string => (s === 'providers' && p.providersNote ? `${SCOPE_MEANING[s]}; ${p.providersNote}` : SCOPE_MEANING[s]);
  return (
    <>
      <fieldset class="card">
        <legend>Marking (TLP 2.0)</legend>
        {TLPS.map((t) => (
          <label>
            <input type="radio" name="tlp" value={t} required checked={tlp === t} /> <strong>{tlpLabel(t)}</strong> — {TLP_MEANING[t]}
          </label>
        ))}
      </fieldset>
      <fieldset class="card">
        <legend>Shared with</legend>
        {SCOPE_KINDS.map((s) => (
          <label>
            <input type="radio" name="scope" value={s} required checked={scope === s} /> {meaning(s)}
          </label>
        ))}
        <NamePicker label='Peer labs (for "named peer labs")' name="peers" choices={p.options.orgs} chosen={formValueSet(v, 'peers')} />
        <NamePicker label='Providers (for "your supervised providers"; none chosen: all of them)' name="providers" choices={p.options.providers} chosen={formValueSet(v, 'providers')} />
        {p.children}
        <label>
          Recipients (for TLP:RED only; you are always one)
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
  action: string;
  csrf: string | undefined;
  error: string | undefined;
  values: SharedFormValues;
  options: MarkingFormOptions;
  maxTitle: number;
  /** What the author does ("publish"), and what the item is called ("advisory"). */
  verb: string;
  noun: string;
  submit: string;
  providersNote?: string | undefined;
  markingExtra?: Child;
  children?: Child;
}): SafeHtml {
  return (
    <>
      <p class="muted">{`Everyone the marking and the scope admit is notified when you ${p.verb} it. Content marked AMBER or stricter is never sent by e-mail: the e-mail only says that there is a new ${p.noun}, with a link.`}</p>
      <ErrorLine message={p.error} />
      <form class="stack" method="post" action={p.action}>
        <CsrfField csrf={p.csrf} />
        <label>
          Title
          <input name="title" required maxlength={String(p.maxTitle)} value={formValue(p.values, 'title')} />
        </label>
        {p.children}
        <MarkingFields options={p.options} values={p.values} providersNote={p.providersNote}>
          {p.markingExtra}
        </MarkingFields>
        <button type="submit">{p.submit}</button>
      </form>
    </>
  );
}

const FORMAT_NAME: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown', csv: 'CSV' };

/** The "Export" section of an item's page: a link per format its TLP allows, the others said not allowed. */
export function ExportSection(p: { tlp: Tlp; exports: ReadonlyArray<{ format: string; allowed: boolean }>; href: (format: string) => string }): SafeHtml {
  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <ul>
        {p.exports.map((e) =>
          e.allowed ? (
            <li>
              <a href={p.href(e.format)}>{FORMAT_NAME[e.format] ?? e.format}</a>
            </li>
          ) : (
            <li class="muted">
              {FORMAT_NAME[e.format] ?? e.format}: not allowed for {tlpLabel(p.tlp)}
            </li>
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
  return (
    <section aria-labelledby={p.id}>
      <h2 id={p.id}>{p.heading}</h2>
      <p class="muted">{p.note}</p>
      {p.comments.length === 0 ? (
        <p class="muted">No comment yet.</p>
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
          <h3>Add a comment</h3>
          <ErrorLine message={p.error} />
          <form class="stack" method="post" action={p.action}>
            <CsrfField csrf={p.csrf} />
            <label>
              Comment (Markdown)
              <textarea name="body" required maxlength={String(p.maxLength)} rows="4">
                {p.sent}
              </textarea>
            </label>
            <button type="submit">Add the comment</button>
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
  caption: string;
  items: readonly T[];
  href: (item: T) => string;
  middle: ReadonlyArray<ItemColumn<T>>;
  scopeNote?: ((item: T) => Child) | undefined;
  end: ReadonlyArray<ItemColumn<T>>;
}): SafeHtml {
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Marking</th>
            <th scope="col">Title</th>
            {p.middle.map((c) => (
              <th scope="col">{c.head}</th>
            ))}
            <th scope="col">From</th>
            <th scope="col">Shared with</th>
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
                {scopeName(item.scopeKind)}
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
