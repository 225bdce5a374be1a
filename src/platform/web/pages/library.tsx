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
  type DocumentAttachment,
  type DocumentComment,
  type DocumentFormOptions,
  type DocumentSummary,
  type DocumentVersion,
  type LibraryDocument,
} from '../../services/library.js';
import { diffToHtml, type LineDiff } from '../../services/text-diff.js';
import { formatBytes } from '../../services/uploads.js';
import { WRITERS } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import { Fragment, h, raw, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import {
  ErrorLine,
  ExportSection,
  formValue as one,
  LabThread,
  NewItemForm,
  scopeName,
  SharedItemTable,
  TlpBanner,
  type SharedFormValues,
  type SharedItemPageData,
  type SharingPageViewer,
} from './sharing-fields.js';

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

type Common = SharingPageViewer;

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
        <SharedItemTable
          caption={filtered ? `Documents ${what}` : 'Documents you can read'}
          items={o.items}
          href={(d) => `/library/${d.id}`}
          middle={[{ head: 'Tags', cell: (d) => <Tags tags={d.tags} /> }]}
          end={[
            { head: 'Version', cell: (d) => String(d.currentVersion) },
            {
              head: 'Review on',
              cell: (d) => [d.reviewOn ? <time datetime={d.reviewOn}>{d.reviewOn}</time> : null, d.reviewOverdue ? <strong> (review overdue)</strong> : null],
            },
            { head: 'Changed', cell: (d) => <Day d={d.updatedAt} /> },
          ]}
        />
      ) : null}
    </>,
  );
}

// --- New document ----------------------------------------------------------------------------------------------

/** What a form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type DocumentFormValues = SharedFormValues;

export function newDocumentPage(o: Common & { options: DocumentFormOptions; error?: string | undefined; values?: DocumentFormValues | undefined }): string {
  const v = o.values ?? {};
  return page(
    { title: 'New library document', actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: '/library/new' },
    <NewItemForm action="/library" csrf={o.csrf} error={o.error} values={v} options={o.options} maxTitle={MAX_TITLE} verb="add" noun="document" submit="Add the document">
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
    </NewItemForm>,
  );
}

// --- One document ----------------------------------------------------------------------------------------------

export interface DocumentPageError {
  at: 'comment' | 'attach';
  message: string;
}

export interface DocumentPageData extends SharedItemPageData {
  document: LibraryDocument;
  /** The version shown (the current one unless `?version=` asked for another). */
  shown: { n: number; body: string };
  versions: DocumentVersion[];
  /** The comments, for staff; `null` for a provider's representative (who does not read them). */
  comments: DocumentComment[] | null;
  attachments: DocumentAttachment[];
  canEdit: boolean;
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
        <dd>{scopeName(d.scope.kind)}</dd>
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
      <ExportSection tlp={d.tlp} exports={o.exports} href={(format) => `/api/v1/library/${d.id}/export?format=${format}`} />
      {o.comments ? (
        <LabThread
          id="comments-h"
          heading="Comments"
          note="Between the labs that can read this document; provider representatives do not see them."
          comments={o.comments}
          from={(c) => `${c.orgName}, on version ${c.version}`}
          maxLength={MAX_COMMENT}
          canComment={o.canComment}
          action={`/library/${d.id}/comments`}
          csrf={o.csrf}
          error={errorAt('comment')}
          sent={o.error?.at === 'comment' ? (o.values?.body ?? '') : ''}
        />
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
