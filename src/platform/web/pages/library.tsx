/**
 * @module platform/web/pages/library
 * The document library shared between labs: the list with its full-text search and tag filter, the "new
 * document" form (TLP and scope, each choice explained in words), a document's page (its TLP label first, the
 * rendered Markdown, the review date flagged when it has passed, the versions, the attachments, the exports
 * and the comments), the edit form that saves a new version, and the diff between two versions. The routes
 * decide what the caller may see (services/library.ts); these pages draw what they are given.
 */
import {
  MAX_BODY,
  MAX_COMMENT,
  MAX_NOTE,
  MAX_QUERY,
  MAX_TITLE,
  TLP_MEANING,
  type DocumentAttachment,
  type DocumentComment,
  type DocumentFormOptions,
  type DocumentSummary,
  type DocumentVersion,
  type LibraryDocument,
} from '../../services/library.js';
import { SCOPE_KINDS, TLPS, tlpLabel, type ScopeKind, type Tlp } from '../../services/sharing-policy.js';
import { diffToHtml, type LineDiff } from '../../services/text-diff.js';
import { formatBytes } from '../../services/uploads.js';
import { WRITERS, type Actor } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import type { Lang } from '../i18n.js';
import { Fragment, h, raw, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';

const SCOPE_MEANING: Readonly<Record<ScopeKind, string>> = {
  lab: 'Your lab only: its staff',
  peers: 'Named peer labs: your staff and the staff of the labs you choose below',
  community: 'The whole community: the staff of every lab on this platform',
  providers: 'Your supervised providers: your staff and the representatives of the providers you choose below (all of them if you choose none)',
};

const SCOPE_SHORT: Readonly<Record<string, string>> = { lab: 'Own lab', peers: 'Peer labs', community: 'Community', providers: 'Providers' };

const FORMAT_NAME: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown' };

/** The TLP marking as text (never colour alone): `TLP:AMBER`, with a class per level for the stylesheet. */
function TlpLabel(p: { tlp: Tlp }): SafeHtml {
  return <span class={`tlp tlp-${p.tlp.replace('+', '-')}`}>{tlpLabel(p.tlp)}</span>;
}

function TlpBanner(p: { tlp: Tlp }): SafeHtml {
  return (
    <p class={`notice tlp-banner tlp-${p.tlp.replace('+', '-')}`} role="note">
      <strong>{tlpLabel(p.tlp)}</strong> — {TLP_MEANING[p.tlp]}
    </p>
  );
}

function Tags(p: { tags: readonly string[] }): SafeHtml | null {
  if (p.tags.length === 0) return null;
  return (
    <ul class="inline" aria-label="Tags">
      {p.tags.map((t) => (
        <li>
          <a href={`/library?tag=${encodeURIComponent(t)}`}>#{t}</a>
        </li>
      ))}
    </ul>
  );
}

function ErrorLine(p: { message: string | undefined }): SafeHtml | null {
  if (!p.message) return null;
  return (
    <p class="error" role="alert">
      {p.message}
    </p>
  );
}

interface Common {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
}

// --- List ----------------------------------------------------------------------------------------------------

export interface LibraryListData extends Common {
  items: DocumentSummary[];
  query: string;
  tag: string;
}

export function libraryPage(o: LibraryListData): string {
  const filtered = o.query !== '' || o.tag !== '';
  const what = [o.query ? `matching "${o.query}"` : '', o.tag ? `tagged "${o.tag}"` : ''].filter(Boolean).join(' and ');
  return page(
    { title: 'Library', actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: '/library' },
    <>
      <p class="muted">
        Methods, checklists and guidance of your lab and those other labs shared with it. Each document is marked with TLP, which says who may read it and whether it may leave the platform.
      </p>
      {WRITERS.includes(o.actor.role) ? (
        <p>
          <a class="button" href="/library/new">
            New document
          </a>
        </p>
      ) : null}
      <form class="inline" method="get" action="/library" role="search">
        <label>
          Search the library
          <input type="search" name="q" maxlength={String(MAX_QUERY)} value={o.query} />
        </label>
        <label>
          Tag
          <input name="tag" maxlength="40" value={o.tag} />
        </label>
        <button type="submit">Search</button>
        {filtered ? <a href="/library">Clear the search</a> : null}
      </form>
      <p class="muted" role="status">
        {filtered ? (o.items.length === 0 ? 'No document you can read matches.' : o.query ? 'Best matches first.' : 'Most recently changed first.') : o.items.length === 0 ? 'No document yet.' : 'Most recently changed first.'}
      </p>
      {o.items.length ? (
        <TableWrap>
          <table>
            <caption class="muted">{filtered ? `Documents ${what}` : 'Documents you can read'}</caption>
            <thead>
              <tr>
                <th scope="col">Marking</th>
                <th scope="col">Title</th>
                <th scope="col">Tags</th>
                <th scope="col">From</th>
                <th scope="col">Shared with</th>
                <th scope="col">Version</th>
                <th scope="col">Review on</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {o.items.map((d) => (
                <tr>
                  <td>
                    <TlpLabel tlp={d.tlp} />
                  </td>
                  <td>
                    <a href={`/library/${d.id}`}>{d.title}</a>
                  </td>
                  <td>
                    <Tags tags={d.tags} />
                  </td>
                  <td>{d.orgName}</td>
                  <td>{SCOPE_SHORT[d.scopeKind] ?? d.scopeKind}</td>
                  <td>{String(d.currentVersion)}</td>
                  <td>
                    {d.reviewOn ? <time datetime={d.reviewOn}>{d.reviewOn}</time> : null}
                    {d.reviewOverdue ? <strong> (review overdue)</strong> : null}
                  </td>
                  <td>
                    <Day d={d.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>,
  );
}

// --- New document ----------------------------------------------------------------------------------------------

/** What a form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type DocumentFormValues = Record<string, string | string[] | undefined>;

function one(v: DocumentFormValues, name: string): string {
  const x = v[name];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
}
function many(v: DocumentFormValues, name: string): Set<string> {
  const x = v[name];
  return new Set(typeof x === 'string' ? x.split(/[\s,]+/) : Array.isArray(x) ? x : []);
}

export function newDocumentPage(o: Common & { options: DocumentFormOptions; error?: string | undefined; values?: DocumentFormValues | undefined }): string {
  const v = o.values ?? {};
  const tlp = one(v, 'tlp') || 'amber';
  const scope = one(v, 'scope') || 'lab';
  const peers = many(v, 'peers');
  const providers = many(v, 'providers');
  const recipients = many(v, 'recipients');
  return page(
    { title: 'New library document', actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: '/library/new' },
    <>
      <p class="muted">
        Everyone the marking and the scope admit is notified when you add it. Content marked AMBER or stricter is never sent by e-mail: the e-mail only says that there is a new document, with a link.
      </p>
      <ErrorLine message={o.error} />
      <form class="stack" method="post" action="/library">
        <CsrfField csrf={o.csrf} />
        <label>
          Title
          <input name="title" required maxlength={String(MAX_TITLE)} value={one(v, 'title')} />
        </label>
        <label>
          Tags (separated by commas, e.g. ussd, checklist)
          <input name="tags" maxlength="1000" value={one(v, 'tags')} />
        </label>
        <label>
          Review on (the day your lab should check it is still right; optional)
          <input type="date" name="reviewOn" value={one(v, 'reviewOn')} />
        </label>
        <label>
          Text (Markdown)
          <textarea name="body" required maxlength={String(MAX_BODY)} rows="16">
            {one(v, 'body')}
          </textarea>
        </label>
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
              <input type="radio" name="scope" value={s} required checked={scope === s} /> {SCOPE_MEANING[s]}
            </label>
          ))}
          <label>
            Peer labs (for "named peer labs")
            <select name="peers" multiple size="4">
              {o.options.orgs.map((x) => (
                <option value={x.id} selected={peers.has(x.id)}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Providers (for "your supervised providers"; none chosen: all of them)
            <select name="providers" multiple size="4">
              {o.options.providers.map((x) => (
                <option value={x.id} selected={providers.has(x.id)}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Recipients (for TLP:RED only; you are always one)
            <select name="recipients" multiple size="6">
              {o.options.people.map((x) => (
                <option value={x.id} selected={recipients.has(x.id)}>
                  {x.name} ({x.providerName ? `${x.providerName}, ` : ''}
                  {x.orgName})
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <button type="submit">Add the document</button>
      </form>
    </>,
  );
}

// --- One document ----------------------------------------------------------------------------------------------

export interface DocumentPageError {
  at: 'comment' | 'attach';
  message: string;
}

export interface DocumentPageData extends Common {
  document: LibraryDocument;
  /** The version shown (the current one unless `?version=` asked for another). */
  shown: { n: number; body: string };
  versions: DocumentVersion[];
  /** The comments, for staff; `null` for a provider's representative (who does not read them). */
  comments: DocumentComment[] | null;
  attachments: DocumentAttachment[];
  /** Whether the TLP lets the document be exported as Markdown / JSON. */
  exports: Array<{ format: string; allowed: boolean }>;
  canEdit: boolean;
  canComment: boolean;
  error?: DocumentPageError | undefined;
  values?: { body?: string | undefined } | undefined;
}

export function documentPage(o: DocumentPageData): string {
  const d = o.document;
  const current = o.shown.n === d.currentVersion;
  const errorAt = (at: DocumentPageError['at']): string | undefined => (o.error?.at === at ? o.error.message : undefined);
  return page(
    { title: d.title, actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}` },
    <>
      <TlpBanner tlp={d.tlp} />
      {d.reviewOverdue ? (
        <p class="notice" role="note">
          <strong>Review overdue:</strong> the review date (<time datetime={d.reviewOn!}>{d.reviewOn!}</time>) has passed. The owner lab should check that this document is still right and save a new version with a new review date.
        </p>
      ) : null}
      <dl class="fields">
        <dt>From</dt>
        <dd>
          {d.orgName} <span class="muted">(owner: {d.ownerName})</span>
        </dd>
        <dt>Shared with</dt>
        <dd>{SCOPE_SHORT[d.scope.kind] ?? d.scope.kind}</dd>
        <dt>Tags</dt>
        <dd>{d.tags.length ? <Tags tags={d.tags} /> : <span class="muted">none</span>}</dd>
        <dt>Review on</dt>
        <dd>{d.reviewOn ? <time datetime={d.reviewOn}>{d.reviewOn}</time> : <span class="muted">no date set</span>}</dd>
        <dt>Version</dt>
        <dd>
          {current ? `${d.currentVersion} (current)` : `${o.shown.n} of ${d.currentVersion} — an older version`}
          {current ? null : (
            <>
              {' '}
              <a href={`/library/${d.id}`}>Show the current version</a>
            </>
          )}
        </dd>
        <dt>Changed</dt>
        <dd>
          <When d={d.updatedAt} />
        </dd>
      </dl>
      {o.canEdit ? (
        <p>
          <a class="button" href={`/library/${d.id}/edit`}>
            Edit (saves a new version)
          </a>
        </p>
      ) : null}
      <section aria-labelledby="text-h">
        <h2 id="text-h">{current ? 'Text' : `Text of version ${o.shown.n}`}</h2>
        <div class="markdown">{renderMarkdown(o.shown.body, { headingOffset: 2, maxLength: MAX_BODY })}</div>
      </section>
      <section aria-labelledby="attachments-h">
        <h2 id="attachments-h">Attachments</h2>
        {o.attachments.length === 0 ? (
          <p class="muted">No file attached.</p>
        ) : (
          <ul>
            {o.attachments.map((a) => (
              <li>
                <a href={`/api/v1/library/${d.id}/attachments/${a.id}`}>{a.fileName}</a> <span class="muted">({formatBytes(a.size)}, SHA-256 <code>{a.sha256}</code>, {a.uploadedByName}, <Day d={a.uploadedAt} />)</span>
              </li>
            ))}
          </ul>
        )}
        {o.canEdit ? (
          <div class="card" id="attach-form">
            <h3>Attach files</h3>
            <ErrorLine message={errorAt('attach')} />
            <form class="stack" method="post" action={`/library/${d.id}/attachments?_csrf=${encodeURIComponent(o.csrf ?? '')}`} enctype="multipart/form-data">
              <label>
                Files (the SHA-256 of each is kept and checked on every download)
                <input type="file" name="file" multiple required />
              </label>
              <button type="submit">Attach</button>
            </form>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">Versions</h2>
        <TableWrap>
          <table>
            <caption class="muted">Every saved version, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">Change note</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {o.versions.map((v) => (
                <tr>
                  <td>
                    <a href={v.n === d.currentVersion ? `/library/${d.id}` : `/library/${d.id}?version=${v.n}`} aria-current={v.n === o.shown.n ? 'page' : undefined}>
                      {String(v.n)}
                    </a>
                  </td>
                  <td>
                    <When d={v.at} />
                  </td>
                  <td>{v.authorName}</td>
                  <td>{v.note ?? (v.n === 1 ? 'first version' : '')}</td>
                  <td>{v.n > 1 ? <a href={`/library/${d.id}/diff?from=${v.n - 1}&to=${v.n}`}>Compare with version {String(v.n - 1)}</a> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="export-h">
        <h2 id="export-h">Export</h2>
        <ul>
          {o.exports.map((e) =>
            e.allowed ? (
              <li>
                <a href={`/api/v1/library/${d.id}/export?format=${e.format}`}>{FORMAT_NAME[e.format] ?? e.format}</a>
              </li>
            ) : (
              <li class="muted">
                {FORMAT_NAME[e.format] ?? e.format}: not allowed for {tlpLabel(d.tlp)}
              </li>
            ),
          )}
        </ul>
      </section>
      {o.comments ? (
        <section aria-labelledby="comments-h">
          <h2 id="comments-h">Comments</h2>
          <p class="muted">Between the labs that can read this document; provider representatives do not see them.</p>
          {o.comments.length === 0 ? (
            <p class="muted">No comment yet.</p>
          ) : (
            <ol class="history">
              {o.comments.map((c) => (
                <li id={`comment-${c.id}`}>
                  <When d={c.at} /> · <strong>{c.userName}</strong> <span class="muted">({c.orgName}, on version {String(c.version)})</span>
                  <div class="comment">{renderMarkdown(c.body, { headingOffset: 3, maxLength: MAX_COMMENT })}</div>
                </li>
              ))}
            </ol>
          )}
          {o.canComment ? (
            <div class="card" id="comment-form">
              <h3>Add a comment</h3>
              <ErrorLine message={errorAt('comment')} />
              <form class="stack" method="post" action={`/library/${d.id}/comments`}>
                <CsrfField csrf={o.csrf} />
                <label>
                  Comment (Markdown)
                  <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4">
                    {o.error?.at === 'comment' ? (o.values?.body ?? '') : ''}
                  </textarea>
                </label>
                <button type="submit">Add the comment</button>
              </form>
            </div>
          ) : null}
        </section>
      ) : null}
    </>,
  );
}

// --- Edit --------------------------------------------------------------------------------------------------------

export function editDocumentPage(o: Common & { document: LibraryDocument; error?: string | undefined; values?: DocumentFormValues | undefined }): string {
  const d = o.document;
  const v = o.values;
  const val = (name: string, fallback: string): string => (v && typeof v[name] === 'string' ? (v[name] as string) : fallback);
  return page(
    { title: `Edit: ${d.title}`, actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}/edit` },
    <>
      <TlpBanner tlp={d.tlp} />
      <p class="muted">Saving makes version {String(d.currentVersion + 1)}; the earlier versions stay, and anyone who can read the document can compare them. Everyone who can read it is told of the new version.</p>
      <ErrorLine message={o.error} />
      <form class="stack" method="post" action={`/library/${d.id}/versions`}>
        <CsrfField csrf={o.csrf} />
        <input type="hidden" name="baseVersion" value={val('baseVersion', String(d.currentVersion))} />
        <label>
          Title
          <input name="title" required maxlength={String(MAX_TITLE)} value={val('title', d.title)} />
        </label>
        <label>
          Tags (separated by commas)
          <input name="tags" maxlength="1000" value={val('tags', d.tags.join(', '))} />
        </label>
        <label>
          Review on (optional)
          <input type="date" name="reviewOn" value={val('reviewOn', d.reviewOn ?? '')} />
        </label>
        <label>
          Text (Markdown)
          <textarea name="body" required maxlength={String(MAX_BODY)} rows="20">
            {val('body', d.body)}
          </textarea>
        </label>
        <label>
          Change note (what changed and why; optional)
          <input name="note" maxlength={String(MAX_NOTE)} value={val('note', '')} />
        </label>
        <button type="submit">Save as version {String(d.currentVersion + 1)}</button>
      </form>
      <p>
        <a href={`/library/${d.id}`}>Back to the document</a>
      </p>
    </>,
  );
}

// --- Diff --------------------------------------------------------------------------------------------------------

export function diffPage(o: Common & { document: LibraryDocument; from: DocumentVersion; to: DocumentVersion; diff: LineDiff; versions: DocumentVersion[] }): string {
  const d = o.document;
  return page(
    { title: `Changes: ${d.title}`, actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}/diff?from=${o.from.n}&to=${o.to.n}` },
    <>
      <TlpBanner tlp={d.tlp} />
      <p>
        <a href={`/library/${d.id}`}>Back to the document</a>
      </p>
      <form class="inline" method="get" action={`/library/${d.id}/diff`}>
        <label>
          From version
          <select name="from">
            {o.versions.map((v) => (
              <option value={String(v.n)} selected={v.n === o.from.n}>
                {String(v.n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          To version
          <select name="to">
            {o.versions.map((v) => (
              <option value={String(v.n)} selected={v.n === o.to.n}>
                {String(v.n)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      <p class="muted">
        Version {String(o.from.n)} (<When d={o.from.at} />, {o.from.authorName}) → version {String(o.to.n)} (<When d={o.to.at} />, {o.to.authorName}
        {o.to.note ? `: ${o.to.note}` : ''}).
        {o.from.title !== o.to.title ? ` The title changed from "${o.from.title}" to "${o.to.title}".` : ''}
      </p>
      {raw(diffToHtml(o.diff, { old: `Version ${o.from.n}`, new: `Version ${o.to.n}` }))}
    </>,
  );
}
