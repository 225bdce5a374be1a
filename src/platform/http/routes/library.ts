/**
 * @module platform/http/routes/library
 * The document library shared between labs: its API and pages (the list with full-text search and the tag
 * filter, the "new document" form, a document's page with its versions, comments and attachments, the edit
 * form that saves a new version, the diff between two versions, exports and attachment downloads). The routes
 * let in everyone who may come (provider representatives included where they may read); services/library.ts,
 * through the sharing policy, decides what each caller sees — a document the caller may not see answers 404
 * like a missing one, on every path. Forms answer 303 back to the page, or show the page again with the
 * refusal next to the form (400, 409, 413).
 */
import {
  addComment,
  addVersion,
  canEditDocument,
  changeDocumentMarking,
  createDocument,
  diffVersions,
  discardAttachment,
  documentFormOptions,
  documentJson,
  DOCUMENT_EXPORT_FORMATS,
  exportDocument,
  getDocument,
  getVersion,
  listAttachments,
  listComments,
  listDocuments,
  listVersions,
  openAttachment,
  parseDocumentInput,
  parseVersionInput,
  receiveAttachment,
  requireAttachAccess,
  requireEditAccess,
  saveAttachments,
  versionNumber,
  type LibraryDocument,
  type ReceivedAttachment,
} from '../../services/library.js';
import { downloadHeaders } from '../../services/evidence.js';
import { formatAllowed } from '../../services/sharing-policy.js';
import { markingHistory } from '../../services/sharing.js';
import { receiveFileParts } from '../../services/uploads.js';
import { WRITERS } from '../../types.js';
import { diffPage, documentPage, editDocumentPage, libraryPage, newDocumentPage, type DocumentFormValues, type DocumentPageError } from '../../web/pages/library.js';
import { badRequest, forbidden, formMessage, formStatus, route, type AnyRoute, type HandlerContext } from '../routes.js';
import type { SharedFormValues } from '../../web/pages/sharing-fields.js';
import { commentRoutes, MARKING_FORM_FIELDS, markingHistoryJson, markingRoutes, newSharedItemRoutes, sentFormValues } from './sharing.js';

/** `:documentId` and `:attachmentId` name a document and its attachment: a malformed id is refused with 404 before the handler. */
const DOCUMENT = 'document' as const;
const ATTACHMENT = 'documentAttachment' as const;
const documentParams = { documentId: DOCUMENT };

/** A single query value (a repeated one is a 400), or undefined. */
function queryValue(query: Record<string, string> | undefined, name: string): string | undefined {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`give "${name}" once`);
  return v;
}

function limitOf(query: Record<string, string> | undefined): number | undefined {
  const l = queryValue(query, 'limit');
  if (l === undefined || l === '') return undefined;
  if (!/^\d{1,4}$/.test(l)) throw badRequest('"limit" must be a whole number from 1 to 200');
  return Number(l);
}

/** `?version=n` of a document's page or API object, or the current version. */
function versionOf(query: Record<string, string> | undefined): number | undefined {
  const v = queryValue(query, 'version');
  return v === undefined || v === '' ? undefined : versionNumber(v, 'version');
}

/** `?from=&to=` of a diff: both required; `from` defaults to the version before `to` only when absent. */
function diffRange(query: Record<string, string> | undefined, current: number): { from: number; to: number } {
  const toRaw = queryValue(query, 'to');
  const fromRaw = queryValue(query, 'from');
  const to = toRaw === undefined || toRaw === '' ? current : versionNumber(toRaw, 'to');
  const from = fromRaw === undefined || fromRaw === '' ? Math.max(1, to - 1) : versionNumber(fromRaw, 'from');
  return { from, to };
}

/** The fields of the library's forms (new document, edit), sent back to fill a refused form again. */
const FORM_FIELDS = ['title', 'tags', 'reviewOn', 'body', 'note', 'baseVersion', 'tlp', 'scope', 'peers', 'providers', 'recipients'] as const;
const MAX_SENT_TEXT = 250_000;

/** The fields of a form as they were sent (strings and lists of strings only), to fill it again. */
function sentValues(body: Record<string, unknown>): DocumentFormValues {
  return sentFormValues(body, FORM_FIELDS, MAX_SENT_TEXT);
}

/**
 * Receives the file parts of a multipart body (field "file", one or more) into the library's storage. Nothing is
 * recorded here; on any failure the files already received are removed.
 */
async function receiveFiles(c: HandlerContext): Promise<ReceivedAttachment[]> {
  const { config } = c.platform;
  return receiveFileParts(c.req, config.maxEvidenceBytes, {
    receive: (part) => receiveAttachment(config, part),
    discard: (r) => discardAttachment(config, r),
    noFile: 'the upload holds no file: choose a file to attach',
  });
}

/** Receives and records the files of the request (the caller's right to attach is checked before reading). */
async function attachFiles(c: HandlerContext): Promise<void> {
  await requireAttachAccess(c.db, c.actor, c.params.documentId!);
  const received = await receiveFiles(c);
  try {
    await c.db.tx((q) => saveAttachments(q, c.actor, c.params.documentId!, received, c.req.ip));
  } catch (e) {
    for (const r of received) discardAttachment(c.platform.config, r);
    throw e;
  }
}

/** The document's page for the caller (one version of it), with the forms they may use. */
async function renderDocument(c: HandlerContext, d: LibraryDocument, n?: number, error?: DocumentPageError, values?: { body?: string | undefined; marking?: SharedFormValues | undefined }): Promise<string> {
  const staff = c.actor.role !== 'provider';
  const shown = n === undefined || n === d.currentVersion ? { n: d.currentVersion, body: d.body } : await getVersion(c.db, c.actor, d, n);
  return documentPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    document: d,
    shown: { n: shown.n, body: shown.body },
    versions: await listVersions(c.db, c.actor, d),
    comments: staff ? await listComments(c.db, c.actor, d) : null,
    attachments: await listAttachments(c.db, c.actor, d),
    exports: DOCUMENT_EXPORT_FORMATS.map((format) => ({ format, allowed: formatAllowed(d.tlp, format) })),
    canEdit: canEditDocument(c.actor, d),
    canComment: staff,
    markingHistory: await markingHistory(c.db, 'document', d.id),
    markingOptions: canEditDocument(c.actor, d) ? await documentFormOptions(c.db, c.actor) : null,
    error,
    values,
  });
}

async function refusedOnDocument(c: HandlerContext, e: unknown, at: DocumentPageError['at'], values: { body?: string | undefined; marking?: SharedFormValues | undefined } = {}): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const d = await getDocument(c.db, c.actor, c.params.documentId!);
  return c.reply.code(status).type('text/html').send(await renderDocument(c, d, undefined, { at, message: formMessage(e) }, values));
}

const DOCUMENT_BODY = {
  type: 'object',
  required: ['title', 'body', 'tlp', 'scope'],
  properties: {
    title: { type: 'string', maxLength: 200 },
    body: { type: 'string', description: 'Markdown' },
    tags: { type: 'array', items: { type: 'string' }, description: 'or one string, separated by commas' },
    reviewOn: { type: 'string', format: 'date' },
    tlp: { type: 'string', enum: ['clear', 'green', 'amber', 'amber+strict', 'red'] },
    scope: { type: 'string', enum: ['lab', 'peers', 'community', 'providers'] },
    peers: { type: 'array', items: { type: 'string', format: 'uuid' } },
    providers: { type: 'array', items: { type: 'string', format: 'uuid' } },
    recipients: { type: 'array', items: { type: 'string', format: 'uuid' } },
  },
};

const documentCommentRoutes = commentRoutes({
  path: '/library',
  param: 'documentId',
  kind: DOCUMENT,
  summaries: { api: 'Comment on a document (staff who can read it; body: Markdown)', page: 'Comment on a document from its page' },
  add: addComment,
  refused: (c, e, body) => refusedOnDocument(c, e, 'comment', { body }),
});

const documentMarkingRoutes = markingRoutes({
  path: '/library',
  param: 'documentId',
  kind: DOCUMENT,
  access: WRITERS,
  summaries: {
    api: "Change a document's marking (those who may edit it: the owner lab's writers): tlp, scope, peers, providers, recipients and reason; checked as at creation, recorded, and only the newly admitted are notified",
    page: "Change the document's marking from its page (with a reason); back to the page with the reason when refused",
  },
  change: changeDocumentMarking,
  answer: async (c) => {
    const d = await getDocument(c.db, c.actor, c.params.documentId!);
    return { document: documentJson(d, c.actor), markingHistory: await markingHistoryJson(c, 'document', d) };
  },
  refused: (c, e) => refusedOnDocument(c, e, 'marking', { marking: sentFormValues(c.body, MARKING_FORM_FIELDS, 1000) }),
});

export const libraryRoutes: AnyRoute[] = [
  // --- API ---
  route({
    method: 'GET', url: '/api/v1/library', kind: 'api', access: 'user', providerScoped: true,
    summary: 'Library documents the caller may read, most recently changed first; ?q= full-text search (words, "phrases", or, -word), best match first; ?tag= one tag; ?limit= 1..200',
    handler: async (c) => {
      const documents = await listDocuments(c.db, c.actor, { query: queryValue(c.query, 'q'), tag: queryValue(c.query, 'tag'), limit: limitOf(c.query) });
      return { documents, count: documents.length };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/library', kind: 'api', access: WRITERS,
    summary: 'Add a document to the library for your lab (title, body, tags, reviewOn, tlp, scope, peers, providers, recipients); notifies its audience',
    requestBody: DOCUMENT_BODY,
    handler: async (c) => {
      const input = parseDocumentInput(c.body, c.actor);
      const d = await c.db.tx((q) => createDocument(q, c.actor, input, c.req.ip));
      return c.reply.code(201).send({ document: documentJson(d, c.actor) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/library/:documentId', kind: 'api', access: 'user', providerScoped: true, params: documentParams,
    summary: 'One document (?version=n: that version\'s body; 404 when the caller may not read it), with its versions, attachments and (staff) comments',
    handler: async (c) => {
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      const n = versionOf(c.query);
      const shown = n === undefined ? { n: d.currentVersion, body: d.body } : await getVersion(c.db, c.actor, d, n);
      return {
        document: documentJson(d, c.actor, { n: shown.n, body: shown.body }),
        versions: await listVersions(c.db, c.actor, d),
        attachments: await listAttachments(c.db, c.actor, d),
        ...(c.actor.role !== 'provider' ? { comments: await listComments(c.db, c.actor, d) } : {}),
        markingHistory: await markingHistoryJson(c, 'document', d),
      };
    },
  }),
  documentMarkingRoutes.api,
  route({
    method: 'POST', url: '/api/v1/library/:documentId/versions', kind: 'api', access: WRITERS, params: documentParams,
    summary: "Save a new version (the owner lab's writers): body, note, and optionally title, tags, reviewOn; baseVersion refuses (409) an edit of an older version",
    requestBody: {
      type: 'object',
      required: ['body'],
      properties: {
        body: { type: 'string', description: 'Markdown' },
        note: { type: 'string', maxLength: 500 },
        title: { type: 'string', maxLength: 200 },
        tags: { type: 'array', items: { type: 'string' } },
        reviewOn: { type: 'string', format: 'date', description: 'empty to clear' },
        baseVersion: { type: 'integer', minimum: 1 },
      },
    },
    handler: async (c) => {
      // Who may edit is answered before what was sent: a document the caller may not see stays a 404.
      await requireEditAccess(c.db, c.actor, c.params.documentId!);
      const input = parseVersionInput(c.body);
      const d = await c.db.tx((q) => addVersion(q, c.actor, c.params.documentId!, input, c.req.ip));
      return c.reply.code(201).send({ document: documentJson(d, c.actor) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/library/:documentId/diff', kind: 'api', access: 'user', providerScoped: true, params: documentParams,
    summary: 'The line diff between two versions: ?from=&to= (default: the current version and the one before), as counts and unified text',
    handler: async (c) => {
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      const { from, to } = diffRange(c.query, d.currentVersion);
      const r = await diffVersions(c.db, c.actor, d.id, from, to);
      const counts = r.diff.kind === 'changed' ? { added: r.diff.added, removed: r.diff.removed, approximate: r.diff.approximate } : { added: 0, removed: 0, approximate: false };
      return { from: r.from, to: r.to, kind: r.diff.kind, ...counts, unified: r.unified };
    },
  }),
  documentCommentRoutes.api,
  route({
    method: 'POST', url: '/api/v1/library/:documentId/attachments', kind: 'api', access: WRITERS, params: documentParams, multipart: true,
    requestBody: { type: 'object', required: ['file'], properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } },
    summary: "Attach files to a document (the owner lab's writers; multipart, field \"file\"; SHA-256 kept and checked on every download)",
    handler: async (c) => {
      await attachFiles(c);
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      return c.reply.code(201).send({ attachments: await listAttachments(c.db, c.actor, d) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/library/:documentId/attachments/:attachmentId', kind: 'api', access: 'user', providerScoped: true, params: { documentId: DOCUMENT, attachmentId: ATTACHMENT },
    summary: 'Download an attachment (always as a file); 404 when the caller may not read the document; 409 when it no longer matches its SHA-256',
    handler: async (c) => {
      const opened = await openAttachment(c.db, c.platform.config, c.actor, c.params.documentId!, c.params.attachmentId!);
      return c.reply.headers(downloadHeaders(opened, 'x-content-sha256')).send(opened.stream);
    },
  }),
  route({
    method: 'GET', url: '/api/v1/library/:documentId/export', kind: 'api', access: 'user', providerScoped: true, params: documentParams,
    summary: 'The current version as a file carrying its TLP marking: ?format=markdown|json (403 with the reason when its TLP forbids it — RED always; 404 when the caller may not read it)',
    handler: async (c) => {
      const f = await exportDocument(c.db, c.actor, c.params.documentId!, queryValue(c.query, 'format') ?? 'markdown', c.req.ip);
      return c.reply
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .type(f.contentType)
        .send(f.body);
    },
  }),

  // --- Pages ---
  route({
    method: 'GET', url: '/library', kind: 'page', access: 'user', providerScoped: true,
    summary: 'The library: the documents the caller may read, full-text search (?q=) and the tag filter (?tag=)',
    handler: async (c) => {
      const query = (queryValue(c.query, 'q') ?? '').slice(0, 200);
      const tag = (queryValue(c.query, 'tag') ?? '').slice(0, 40);
      const items = await listDocuments(c.db, c.actor, { query, tag });
      return c.reply.type('text/html').send(libraryPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, items, query, tag }));
    },
  }),
  ...newSharedItemRoutes({
    path: '/library',
    access: WRITERS,
    summaries: { form: 'The "new document" form', create: 'Add a document from the form; back to the form with the reason when refused' },
    fields: FORM_FIELDS,
    maxText: MAX_SENT_TEXT,
    options: documentFormOptions,
    parse: parseDocumentInput,
    create: createDocument,
    page: newDocumentPage,
  }),
  route({
    method: 'GET', url: '/library/:documentId', kind: 'page', access: 'user', providerScoped: true, params: documentParams,
    summary: "A document's page (?version=n for an older one): TLP label, rendered text, versions, attachments, exports and (staff) comments",
    handler: async (c) => {
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      return c.reply.type('text/html').send(await renderDocument(c, d, versionOf(c.query)));
    },
  }),
  route({
    method: 'GET', url: '/library/:documentId/edit', kind: 'page', access: WRITERS, params: documentParams,
    summary: "The edit form of a document (the owner lab's writers): saving makes a new version",
    handler: async (c) => {
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      if (!canEditDocument(c.actor, d)) throw forbidden('only the writers (admin, lead, auditor) of the lab that owns this document may edit it');
      return c.reply.type('text/html').send(editDocumentPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, document: d }));
    },
  }),
  route({
    method: 'POST', url: '/library/:documentId/versions', kind: 'page', access: WRITERS, params: documentParams,
    summary: 'Save the edit form as a new version; back to the form with the reason when refused (409 when someone saved meanwhile)',
    handler: async (c) => {
      await requireEditAccess(c.db, c.actor, c.params.documentId!);
      try {
        const input = parseVersionInput(c.body);
        await c.db.tx((q) => addVersion(q, c.actor, c.params.documentId!, input, c.req.ip));
        return c.reply.redirect(`/library/${c.params.documentId!}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const d = await getDocument(c.db, c.actor, c.params.documentId!);
        return c.reply.code(status).type('text/html').send(editDocumentPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, document: d, error: formMessage(e), values: sentValues(c.body) }));
      }
    },
  }),
  route({
    method: 'GET', url: '/library/:documentId/diff', kind: 'page', access: 'user', providerScoped: true, params: documentParams,
    summary: 'What changed between two versions: ?from=&to= (default: the current version and the one before)',
    handler: async (c) => {
      const d = await getDocument(c.db, c.actor, c.params.documentId!);
      const { from, to } = diffRange(c.query, d.currentVersion);
      const r = await diffVersions(c.db, c.actor, d.id, from, to);
      return c.reply.type('text/html').send(diffPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, document: d, from: r.from, to: r.to, diff: r.diff, versions: await listVersions(c.db, c.actor, d) }));
    },
  }),
  documentCommentRoutes.page,
  documentMarkingRoutes.page,
  route({
    method: 'POST', url: '/library/:documentId/attachments', kind: 'page', access: WRITERS, params: documentParams, multipart: true,
    summary: "Attach files to a document from its page (the owner lab's writers; multipart field \"file\"; the CSRF token in ?_csrf=)",
    handler: async (c) => {
      try {
        await attachFiles(c);
        return c.reply.redirect(`/library/${c.params.documentId!}#attachments-h`, 303);
      } catch (e) {
        return refusedOnDocument(c, e, 'attach');
      }
    },
  }),
];
