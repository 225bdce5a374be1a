/**
 * @module platform/web/pages/library
 * The document library shared between labs: the list with its full-text search and tag filter, the "new
 * document" form (TLP and scope, each choice explained in words), a document's page (its TLP label first, the
 * rendered Markdown, the review date flagged when it has passed, the versions, the attachments, the exports
 * and the comments, the marking history and, for those who may edit it, the form that changes the marking), the
 * edit form that saves a new version, and the diff between two versions. The routes decide what the caller may
 * see (services/library.ts); these pages draw what they are given, in the reader's language (the documents'
 * own words as written).
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
import type { MarkingChange, MarkingFormOptions } from '../../services/sharing.js';
import { WRITERS } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import { fill, translator, type Translate } from '../i18n.js';
import { Fragment, h, raw, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import {
  ChangeMarkingForm,
  ErrorLine,
  ExportSection,
  formValue as one,
  LabThread,
  MarkingHistory,
  markingValues,
  NewItemForm,
  scopeName,
  SharedItemTable,
  TlpBanner,
  type SharedFormValues,
  type SharedItemPageData,
  type SharingPageViewer,
} from './sharing-fields.js';

function Tags(p: { t: Translate; tags: readonly string[] }): SafeHtml | null {
  const t = p.t;
  if (p.tags.length === 0) return null;
  return (
    <ul class="inline" aria-label={t('Tags')}>
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
  const t = translator(o.lang);
  const filtered = o.query !== '' || o.tag !== '';
  const caption = !filtered
    ? t('Documents you can read')
    : o.query && o.tag
      ? t('Documents matching "{query}" and tagged "{tag}"', { query: o.query, tag: o.tag })
      : o.query
        ? t('Documents matching "{query}"', { query: o.query })
        : t('Documents tagged "{tag}"', { tag: o.tag });
  return page(
    { title: t('Library'), actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: '/library' },
    <>
      <p class="muted">
        {t('Methods, checklists and guidance of your lab and those other labs shared with it. Each document is marked with TLP, which says who may read it and whether it may leave the platform.')}
      </p>
      {WRITERS.includes(o.actor.role) ? (
        <p>
          <a class="button" href="/library/new">
            {t('New document')}
          </a>
        </p>
      ) : null}
      <form class="inline" method="get" action="/library" role="search">
        <label>
          {t('Search the library')}
          <input type="search" name="q" maxlength={String(MAX_QUERY)} value={o.query} />
        </label>
        <label>
          {t('Tag')}
          <input name="tag" maxlength="40" value={o.tag} />
        </label>
        <button type="submit">{t('Search')}</button>
        {filtered ? <a href="/library">{t('Clear the search')}</a> : null}
      </form>
      <p class="muted" role="status">
        {filtered
          ? o.items.length === 0
            ? t('No document you can read matches.')
            : o.query
              ? t('Best matches first.')
              : t('Most recently changed first.')
          : o.items.length === 0
            ? t('No document yet.')
            : t('Most recently changed first.')}
      </p>
      {o.items.length ? (
        <SharedItemTable
          t={t}
          caption={caption}
          items={o.items}
          href={(d) => `/library/${d.id}`}
          middle={[{ head: t('Tags'), cell: (d) => <Tags t={t} tags={d.tags} /> }]}
          end={[
            { head: t('Version'), cell: (d) => String(d.currentVersion) },
            {
              head: t('Review on'),
              cell: (d) => [d.reviewOn ? <time datetime={d.reviewOn}>{d.reviewOn}</time> : null, d.reviewOverdue ? <strong> ({t('review overdue')})</strong> : null],
            },
            { head: t('Changed'), cell: (d) => <Day d={d.updatedAt} /> },
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
  const t = translator(o.lang);
  const v = o.values ?? {};
  return page(
    { title: t('New library document'), actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: '/library/new' },
    <NewItemForm
      t={t}
      action="/library"
      csrf={o.csrf}
      error={o.error}
      values={v}
      options={o.options}
      maxTitle={MAX_TITLE}
      intro={t('Everyone the marking and the scope admit is notified when you add it. Content marked AMBER or stricter is never sent by e-mail: the e-mail only says that there is a new document, with a link.')}
      submit={t('Add the document')}
    >
      <label>
        {t('Tags (separated by commas, e.g. ussd, checklist)')}
        <input name="tags" maxlength="1000" value={one(v, 'tags')} />
      </label>
      <label>
        {t('Review on (the day your lab should check it is still right; optional)')}
        <input type="date" name="reviewOn" value={one(v, 'reviewOn')} />
      </label>
      <label>
        {t('Text (Markdown)')}
        <textarea name="body" required maxlength={String(MAX_BODY)} rows="16">
          {one(v, 'body')}
        </textarea>
      </label>
    </NewItemForm>,
  );
}

// --- One document ----------------------------------------------------------------------------------------------

export interface DocumentPageError {
  at: 'comment' | 'attach' | 'marking';
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
  /** The marking changes since publication (everyone who sees the document). */
  markingHistory: MarkingChange[];
  /** The choices of the "change the marking" form, for those who may edit the document; `null` for everyone else. */
  markingOptions: MarkingFormOptions | null;
  error?: DocumentPageError | undefined;
  values?: { body?: string | undefined; marking?: SharedFormValues | undefined } | undefined;
}

export function documentPage(o: DocumentPageData): string {
  const t = translator(o.lang);
  const d = o.document;
  const current = o.shown.n === d.currentVersion;
  const errorAt = (at: DocumentPageError['at']): string | undefined => (o.error?.at === at ? o.error.message : undefined);
  return page(
    { title: d.title, actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}` },
    <>
      <TlpBanner tlp={d.tlp} t={t} />
      {d.reviewOverdue ? (
        <p class="notice" role="note">
          {fill(t('{overdue} the review date ({day}) has passed. The owner lab should check that this document is still right and save a new version with a new review date.'), {
            overdue: <strong>{t('Review overdue:')}</strong>,
            day: <time datetime={d.reviewOn!}>{d.reviewOn!}</time>,
          })}
        </p>
      ) : null}
      <dl>
        <dt>{t('From')}</dt>
        <dd>
          {d.orgName} <span class="muted">({t('owner: {name}', { name: d.ownerName })})</span>
        </dd>
        <dt>{t('Shared with')}</dt>
        <dd>{scopeName(t, d.scope.kind)}</dd>
        <dt>{t('Tags')}</dt>
        <dd>{d.tags.length ? <Tags t={t} tags={d.tags} /> : <span class="muted">{t('none')}</span>}</dd>
        <dt>{t('Review on')}</dt>
        <dd>{d.reviewOn ? <time datetime={d.reviewOn}>{d.reviewOn}</time> : <span class="muted">{t('no date set')}</span>}</dd>
        <dt>{t('Version')}</dt>
        <dd>
          {current ? t('{n} (current)', { n: d.currentVersion }) : t('{n} of {total} — an older version', { n: o.shown.n, total: d.currentVersion })}
          {current ? null : (
            <>
              {' '}
              <a href={`/library/${d.id}`}>{t('Show the current version')}</a>
            </>
          )}
        </dd>
        <dt>{t('Changed')}</dt>
        <dd>
          <When d={d.updatedAt} />
        </dd>
      </dl>
      {o.canEdit ? (
        <p>
          <a class="button" href={`/library/${d.id}/edit`}>
            {t('Edit (saves a new version)')}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="text-h">
        <h2 id="text-h">{current ? t('Text') : t('Text of version {n}', { n: o.shown.n })}</h2>
        <div class="markdown">{renderMarkdown(o.shown.body, { headingOffset: 2, maxLength: MAX_BODY })}</div>
      </section>
      <section aria-labelledby="attachments-h">
        <h2 id="attachments-h">{t('Attachments')}</h2>
        {o.attachments.length === 0 ? (
          <p class="muted">{t('No file attached.')}</p>
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
            <h3>{t('Attach files')}</h3>
            <ErrorLine message={errorAt('attach')} />
            <form class="stack" method="post" action={`/library/${d.id}/attachments?_csrf=${encodeURIComponent(o.csrf ?? '')}`} enctype="multipart/form-data">
              <label>
                {t('Files (the SHA-256 of each is kept and checked on every download)')}
                <input type="file" name="file" multiple required />
              </label>
              <button type="submit">{t('Attach')}</button>
            </form>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">{t('Versions')}</h2>
        <TableWrap>
          <table>
            <caption class="muted">{t('Every saved version, newest first')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Version')}</th>
                <th scope="col">{t('Saved')}</th>
                <th scope="col">{t('By')}</th>
                <th scope="col">{t('Change note')}</th>
                <th scope="col">{t('Changes')}</th>
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
                  <td>{v.note ?? (v.n === 1 ? t('first version') : '')}</td>
                  <td>{v.n > 1 ? <a href={`/library/${d.id}/diff?from=${v.n - 1}&to=${v.n}`}>{t('Compare with version {n}', { n: v.n - 1 })}</a> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <ExportSection t={t} tlp={d.tlp} exports={o.exports} href={(format) => `/api/v1/library/${d.id}/export?format=${format}`} />
      <MarkingHistory t={t} changes={o.markingHistory} />
      {o.markingOptions ? (
        <ChangeMarkingForm
          t={t}
          action={`/library/${d.id}/marking`}
          csrf={o.csrf}
          error={errorAt('marking')}
          values={o.error?.at === 'marking' && o.values?.marking ? o.values.marking : markingValues(d)}
          options={o.markingOptions}
        />
      ) : null}
      {o.comments ? (
        <LabThread
          t={t}
          id="comments-h"
          heading={t('Comments')}
          note={t('Between the labs that can read this document; provider representatives do not see them.')}
          comments={o.comments}
          from={(c) => t('{org}, on version {n}', { org: c.orgName, n: c.version })}
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
  const t = translator(o.lang);
  const d = o.document;
  const v = o.values;
  const val = (name: string, fallback: string): string => (v && typeof v[name] === 'string' ? (v[name] as string) : fallback);
  return page(
    { title: t('Edit: {title}', { title: d.title }), actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}/edit` },
    <>
      <TlpBanner tlp={d.tlp} t={t} />
      <p class="muted">{t('Saving makes version {n}; the earlier versions stay, and anyone who can read the document can compare them. Everyone who can read it is told of the new version.', { n: d.currentVersion + 1 })}</p>
      <ErrorLine message={o.error} />
      <form class="stack" method="post" action={`/library/${d.id}/versions`}>
        <CsrfField csrf={o.csrf} />
        <input type="hidden" name="baseVersion" value={val('baseVersion', String(d.currentVersion))} />
        <label>
          {t('Title')}
          <input name="title" required maxlength={String(MAX_TITLE)} value={val('title', d.title)} />
        </label>
        <label>
          {t('Tags (separated by commas)')}
          <input name="tags" maxlength="1000" value={val('tags', d.tags.join(', '))} />
        </label>
        <label>
          {t('Review on (optional)')}
          <input type="date" name="reviewOn" value={val('reviewOn', d.reviewOn ?? '')} />
        </label>
        <label>
          {t('Text (Markdown)')}
          <textarea name="body" required maxlength={String(MAX_BODY)} rows="20">
            {val('body', d.body)}
          </textarea>
        </label>
        <label>
          {t('Change note (what changed and why; optional)')}
          <input name="note" maxlength={String(MAX_NOTE)} value={val('note', '')} />
        </label>
        <button type="submit">{t('Save as version {n}', { n: d.currentVersion + 1 })}</button>
      </form>
      <p>
        <a href={`/library/${d.id}`}>{t('Back to the document')}</a>
      </p>
    </>,
  );
}

// --- Diff --------------------------------------------------------------------------------------------------------

export function diffPage(o: Common & { document: LibraryDocument; from: DocumentVersion; to: DocumentVersion; diff: LineDiff; versions: DocumentVersion[] }): string {
  const t = translator(o.lang);
  const d = o.document;
  return page(
    { title: t('Changes: {title}', { title: d.title }), actor: o.actor, csrf: o.csrf, nav: 'library', lang: o.lang, path: `/library/${d.id}/diff?from=${o.from.n}&to=${o.to.n}` },
    <>
      <TlpBanner tlp={d.tlp} t={t} />
      <p>
        <a href={`/library/${d.id}`}>{t('Back to the document')}</a>
      </p>
      <form class="inline" method="get" action={`/library/${d.id}/diff`}>
        <label>
          {t('From version')}
          <select name="from">
            {o.versions.map((v) => (
              <option value={String(v.n)} selected={v.n === o.from.n}>
                {String(v.n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('To version')}
          <select name="to">
            {o.versions.map((v) => (
              <option value={String(v.n)} selected={v.n === o.to.n}>
                {String(v.n)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('Compare')}</button>
      </form>
      <p class="muted">
        {fill(t('Version {from} ({fromWhen}, {fromWho}) → version {to} ({toWhen}, {toWho}).'), {
          from: String(o.from.n),
          fromWhen: <When d={o.from.at} />,
          fromWho: o.from.authorName,
          to: String(o.to.n),
          toWhen: <When d={o.to.at} />,
          toWho: o.to.note ? `${o.to.authorName}: ${o.to.note}` : o.to.authorName,
        })}
        {o.from.title !== o.to.title ? ` ${t('The title changed from "{from}" to "{to}".', { from: o.from.title, to: o.to.title })}` : ''}
      </p>
      {raw(diffToHtml(o.diff, { old: t('Version {n}', { n: o.from.n }), new: t('Version {n}', { n: o.to.n }) }))}
    </>,
  );
}
