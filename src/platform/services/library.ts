/**
 * @module platform/services/library
 * The document library shared between labs: Markdown documents (methods, checklists, guidance), each with an
 * owner, tags, a review date, a TLP 2.0 marking with a sharing scope, an append-only history of versions with
 * the diff between any two, comments, and attached files.
 *
 * Every read goes through the sharing policy (services/sharing-policy.ts): one document through `canSee`,
 * lists and full-text search through `sqlVisibility` in the same WHERE as the match, exports through
 * `canExport`, and notifications go only to people `canSee` admits, e-mailed only as `mayNotifyBy` allows. A
 * document the caller may not see is "not found", exactly like one that does not exist — and so are its
 * versions, diffs, comments and attachments.
 *
 * Who does what:
 * - the writers (admin, lead, auditor) of a lab write documents for their lab, and only the owner lab's writers
 *   edit one (an edit is a new version: nothing is ever overwritten) or attach files to it;
 * - everyone the policy admits reads a document, its history and its attachments, and exports it in the
 *   formats its TLP allows;
 * - the staff who see a document comment on it. Provider representatives (who see documents scoped to their
 *   provider) do not read the comments: they are where the labs talk between themselves;
 * - those who may edit a document (the owner lab's writers) change its marking after publication
 *   (`changeDocumentMarking`, with a reason; services/sharing.ts `applyMarkingChange` records it and restricts
 *   what was already notified); only the people newly admitted are told.
 *
 * Search: `documents.search` is a stored tsvector of the title (weight A), the tags (B) and the current body
 * (C), written by the same statement that moves `current_version` (`SEARCH_VECTOR`), with a GIN index; a
 * search is `search @@ websearch_to_tsquery(...)` and the visibility condition in one WHERE, ranked by
 * `ts_rank`.
 *
 * Attachments are kept at `<dataDir>/library/<id>` (a random id, never the client's name), streamed through
 * `<dataDir>/library/.incoming/` while they are counted and hashed (SHA-256). Before a download the file is
 * hashed again from the descriptor that is then sent; a file that changed or vanished is refused (409) and
 * the refusal is audited in its own transaction. Downloads are attachments, `nosniff`, with a content type from
 * the evidence allow-list (services/evidence.ts), so an uploaded HTML file never renders on the platform.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { recordAudit } from '../audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest, conflict, field, forbidden, HttpError, isUuid, notFound } from '../http/routes.js';
import { WRITERS, type Actor } from '../types.js';
import { attachmentDisposition, cleanContentType, openVerifiedFile, servedContentType } from './evidence.js';
import { notify } from './notifications.js';
import { applyMarkingChange, audienceUsers, checkMarking, markingFormOptions, markingJson, parseMarkingChange, sameMarking, tlpBanner, TLP_MEANING, viewerOf, type MarkingFormOptions, type SharingUser } from './sharing.js';
import { canExport, canSee, isStaff, markingColumns, markingFromRow, mayNotifyBy, parseMarking, sqlVisibility, tlpLabel, type Marking, type SharedItem, type Tlp, type Viewer } from './sharing-policy.js';
import { diffLines, formatUnified, type LineDiff } from './text-diff.js';
import { storeUploadedFile } from './uploads.js';

export const MAX_TITLE = 200;
export const MAX_BODY = 200_000;
export const MAX_NOTE = 500;
export const MAX_COMMENT = 4000;
export const MAX_QUERY = 200;
export const MAX_TAGS = 20;
export const MAX_TAG = 40;

/** The formats `exportDocument` writes (a subset of the policy's `EXPORT_FORMATS`). */
export const DOCUMENT_EXPORT_FORMATS = ['markdown', 'json'] as const;
export type DocumentExportFormat = (typeof DOCUMENT_EXPORT_FORMATS)[number];

/** A document as the services and pages use it: the shared item (owner lab and marking) and its content. */
export interface LibraryDocument extends SharedItem {
  id: string;
  orgName: string;
  ownerId: string;
  ownerName: string;
  title: string;
  tags: string[];
  /** `YYYY-MM-DD`: the day the owner should look at it again. */
  reviewOn: string | null;
  /** The review date has passed. */
  reviewOverdue: boolean;
  currentVersion: number;
  /** The body of the current version. */
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A line of a list or a search hit. */
export interface DocumentSummary {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  tags: string[];
  tlp: Tlp;
  scopeKind: string;
  reviewOn: string | null;
  reviewOverdue: boolean;
  currentVersion: number;
  updatedAt: Date;
  /** The search rank (0 without a query). */
  rank: number;
}

export interface DocumentVersion {
  n: number;
  title: string;
  authorId: string;
  authorName: string;
  note: string | null;
  at: Date;
}

export interface DocumentComment {
  id: number;
  /** The version that was current when it was written. */
  version: number;
  body: string;
  userId: string;
  userName: string;
  orgName: string;
  at: Date;
}

export interface DocumentAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedByName: string;
  uploadedAt: Date;
}

interface DocumentRow {
  id: string;
  org_id: string;
  org_name: string;
  owner_id: string;
  owner_name: string;
  title: string;
  tags: string[];
  review_on: string | null;
  tlp: string;
  scope_kind: string;
  scope_org_ids: string[];
  scope_provider_ids: string[] | null;
  recipients: string[];
  current_version: number;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const DOCUMENT_COLUMNS = `d.id, d.org_id, o.name as org_name, d.owner_id, u.name as owner_name, d.title, d.tags, d.review_on::text as review_on,
  d.tlp, d.scope_kind, d.scope_org_ids, d.scope_provider_ids, d.recipients, d.current_version, v.body, d.created_at, d.updated_at`;
const DOCUMENT_FROM = `documents d join orgs o on o.id = d.org_id join users u on u.id = d.owner_id
  join document_versions v on v.document_id = d.id and v.n = d.current_version`;

/**
 * The stored search vector, from the parameters holding the title, the tags (text[]) and the body. Every
 * statement that writes a title, tags or a current body writes this with them.
 */
function searchVectorSql(title: string, tags: string, body: string): string {
  return `setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('english', array_to_string(${tags}::text[], ' ')), 'B') || setweight(to_tsvector('english', ${body}), 'C')`;
}

/** Today in UTC, `YYYY-MM-DD` (review dates are days; the platform's dates are UTC). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function toDocument(r: DocumentRow): LibraryDocument {
  const reviewOn = r.review_on === null ? null : String(r.review_on).slice(0, 10);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    ...markingFromRow(r),
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    title: r.title,
    tags: [...(r.tags ?? [])],
    reviewOn,
    reviewOverdue: reviewOn !== null && reviewOn < today(),
    currentVersion: Number(r.current_version),
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The caller writes in the document's owner lab (and sees the document: a RED one names them). */
export function canEditDocument(actor: Viewer, d: SharedItem): boolean {
  return canSee(actor, d) && actor.orgId === d.orgId && WRITERS.includes(actor.role);
}

function requireEditor(actor: Viewer, d: SharedItem, what: string): void {
  if (!canEditDocument(actor, d)) throw forbidden(`only the writers (admin, lead, auditor) of the lab that owns this document may ${what}`);
}

// --- Input -------------------------------------------------------------------------------------------------

/** A text field: line ends made `\n`, trailing space removed; NUL (which the database refuses) is a 400. */
function textField(body: Record<string, unknown>, name: string, max: number, required: boolean): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest(`"${name}" is required`);
    return '';
  }
  if (typeof v !== 'string') throw badRequest(`"${name}" must be text`);
  if (v.includes('\u0000')) throw badRequest(`"${name}" holds a NUL character, which is not text`);
  const s = v.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (s.length > max) throw badRequest(`"${name}" is longer than ${max.toLocaleString('en')} characters`);
  if (required && s.trim() === '') throw badRequest(`"${name}" is required`);
  return s;
}

function titleField(body: Record<string, unknown>): string {
  const t = field(body, 'title', MAX_TITLE);
  if (t === undefined) throw badRequest('"title" is required');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t)) throw badRequest('"title" must be one line of text');
  return t;
}

/** Tags from a form (one field, separated by commas) or a JSON list: lower case, at most `MAX_TAGS`. */
export function parseTags(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  const parts: unknown[] = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') throw badRequest('"tags" must be text (separated by commas) or a list of text');
    for (const raw of p.split(',')) {
      const tag = raw.trim().replace(/\s+/g, ' ').toLowerCase();
      if (tag === '') continue;
      if (tag.length > MAX_TAG) throw badRequest(`the tag "${tag.slice(0, MAX_TAG)}…" is longer than ${MAX_TAG} characters`);
      if (!/^[\p{L}\p{N}][\p{L}\p{N} ._+#/-]*$/u.test(tag)) throw badRequest(`the tag "${tag}" may hold letters, digits, spaces and . _ + # / - only, and starts with a letter or digit`);
      if (!out.includes(tag)) out.push(tag);
      if (out.length > MAX_TAGS) throw badRequest(`a document has at most ${MAX_TAGS} tags`);
    }
  }
  return out;
}

/** A review date `YYYY-MM-DD` (a real day), or null when empty. */
export function parseReviewOn(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw badRequest('"reviewOn" must be a date (YYYY-MM-DD)');
  const s = v.trim();
  if (s === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) {
    throw badRequest('"reviewOn" must be a date (YYYY-MM-DD)');
  }
  if (s < '2000-01-01' || s > '2999-12-31') throw badRequest('"reviewOn" must be a date between 2000 and 2999');
  return s;
}

export interface DocumentInput {
  title: string;
  tags: string[];
  reviewOn: string | null;
  body: string;
  marking: Marking;
}

/** The fields of the "new document" form or JSON body, with clear 400s. Peers, providers and recipients are checked on create. */
export function parseDocumentInput(body: Record<string, unknown>, author: Viewer): DocumentInput {
  return {
    title: titleField(body),
    tags: parseTags(body.tags),
    reviewOn: parseReviewOn(body.reviewOn),
    body: textField(body, 'body', MAX_BODY, true),
    marking: parseMarking(body, author),
  };
}

export interface VersionInput {
  body: string;
  note: string | null;
  /** Absent: keep the document's. */
  title?: string;
  tags?: string[];
  reviewOn?: string | null;
  /** The version the editor started from: saving over a newer one is refused (409). */
  baseVersion?: number;
}

/** The fields of the edit form or JSON body: the new body (required), a change note, and optionally title, tags, review date. */
export function parseVersionInput(body: Record<string, unknown>): VersionInput {
  const out: VersionInput = { body: textField(body, 'body', MAX_BODY, true), note: textField(body, 'note', MAX_NOTE, false).trim() || null };
  if ('title' in body) out.title = titleField(body);
  if ('tags' in body) out.tags = parseTags(body.tags);
  if ('reviewOn' in body) out.reviewOn = parseReviewOn(body.reviewOn);
  if (body.baseVersion !== undefined && body.baseVersion !== '') out.baseVersion = versionNumber(body.baseVersion, 'baseVersion');
  return out;
}

/** A version number from a query or a body: a whole number from 1. */
export function versionNumber(v: unknown, name: string): number {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^[1-9]\d{0,8}$/.test(s.trim())) throw badRequest(`"${name}" must be a version number (1, 2, ...)`);
  return Number(s);
}

// --- Reads -------------------------------------------------------------------------------------------------

/** The document (its current version), when the caller may see it; otherwise 404 — the same as a missing one. */
export async function getDocument(q: Queryable, actor: Viewer, id: string): Promise<LibraryDocument> {
  if (!isUuid(id)) throw notFound('no such document');
  const [row] = await q.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from ${DOCUMENT_FROM} where d.id = $1`, [id]);
  if (!row) throw notFound('no such document');
  const d = toDocument(row);
  if (!canSee(actor, d)) throw notFound('no such document');
  return d;
}

/** One version of a document the caller sees (404 for a version it does not have). */
export async function getVersion(q: Queryable, actor: Viewer, d: LibraryDocument, n: number): Promise<DocumentVersion & { body: string }> {
  if (!canSee(actor, d)) throw notFound('no such document');
  const [r] = await q.query<{ n: number; title: string; body: string; author_id: string; author_name: string; note: string | null; at: Date }>(
    `select v.n, v.title, v.body, v.author_id, u.name as author_name, v.note, v.at
       from document_versions v join users u on u.id = v.author_id where v.document_id = $1 and v.n = $2`,
    [d.id, n],
  );
  if (!r) throw notFound(`this document has no version ${n} (it has ${d.currentVersion})`);
  return { n: Number(r.n), title: r.title, body: r.body, authorId: r.author_id, authorName: r.author_name, note: r.note, at: r.at };
}

/** The history of a document the caller sees, newest first. */
export async function listVersions(q: Queryable, actor: Viewer, d: LibraryDocument): Promise<DocumentVersion[]> {
  if (!canSee(actor, d)) throw notFound('no such document');
  const rows = await q.query<{ n: number; title: string; author_id: string; author_name: string; note: string | null; at: Date }>(
    `select v.n, v.title, v.author_id, u.name as author_name, v.note, v.at
       from document_versions v join users u on u.id = v.author_id where v.document_id = $1 order by v.n desc`,
    [d.id],
  );
  return rows.map((r) => ({ n: Number(r.n), title: r.title, authorId: r.author_id, authorName: r.author_name, note: r.note, at: r.at }));
}

export interface ListOptions {
  query?: string | undefined;
  tag?: string | undefined;
  limit?: number | undefined;
}

/**
 * The documents the caller may see, most recently changed first; with `query`, those matching it (PostgreSQL's
 * `websearch_to_tsquery`: words, "quoted phrases", or, -excluded), best match first; with `tag`, those that
 * carry it. The visibility condition is in the same WHERE as the match, so nothing the caller may not see is
 * counted, ranked or returned.
 */
export async function listDocuments(q: Queryable, actor: Viewer, o: ListOptions = {}): Promise<DocumentSummary[]> {
  const limit = o.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badRequest('"limit" must be a whole number from 1 to 200');
  const query = (o.query ?? '').trim();
  if (query.length > MAX_QUERY) throw badRequest(`the search is longer than ${MAX_QUERY} characters`);
  if (query.includes('\u0000')) throw badRequest('the search holds a NUL character');
  const params: unknown[] = [limit];
  const where: string[] = [];
  let rank = '0::real';
  let order = 'd.updated_at desc, d.id';
  if (query !== '') {
    params.push(query);
    const tsq = `websearch_to_tsquery('english', $${params.length})`;
    where.push(`d.search @@ ${tsq}`);
    rank = `ts_rank(d.search, ${tsq})`;
    order = 'rank desc, d.updated_at desc, d.id';
  }
  if (o.tag !== undefined && o.tag !== '') {
    const [tag] = parseTags(o.tag);
    if (tag === undefined || parseTags(o.tag).length !== 1) throw badRequest('"tag" names one tag');
    params.push([tag]);
    where.push(`d.tags @> $${params.length}::text[]`);
  }
  const v = sqlVisibility(actor, params.length + 1, 'd');
  params.push(...v.params);
  where.unshift(v.sql);
  const rows = await q.query<{ id: string; org_id: string; org_name: string; title: string; tags: string[]; tlp: Tlp; scope_kind: string; review_on: string | null; current_version: number; updated_at: Date; rank: number }>(
    `select d.id, d.org_id, o.name as org_name, d.title, d.tags, d.tlp, d.scope_kind, d.review_on::text as review_on, d.current_version, d.updated_at, ${rank} as rank
       from documents d join orgs o on o.id = d.org_id
      where ${where.join(' and ')}
      order by ${order} limit $1`,
    params,
  );
  const now = today();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    tags: [...(r.tags ?? [])],
    tlp: r.tlp,
    scopeKind: r.scope_kind,
    reviewOn: r.review_on,
    reviewOverdue: r.review_on !== null && r.review_on < now,
    currentVersion: Number(r.current_version),
    updatedAt: r.updated_at,
    rank: Number(r.rank),
  }));
}

/** The comments on a document; staff who see it only (provider representatives do not read them). */
export async function listComments(q: Queryable, actor: Viewer, d: LibraryDocument): Promise<DocumentComment[]> {
  if (!canSee(actor, d)) throw notFound('no such document');
  if (!isStaff(actor)) throw forbidden('the comments on a document are between the labs');
  const rows = await q.query<{ id: string | number; version: number; body: string; user_id: string; user_name: string; org_name: string; at: Date }>(
    `select c.id, c.version, c.body, c.user_id, u.name as user_name, o.name as org_name, c.at
       from document_comments c join users u on u.id = c.user_id join orgs o on o.id = c.org_id
      where c.document_id = $1 order by c.id`,
    [d.id],
  );
  return rows.map((r) => ({ id: Number(r.id), version: Number(r.version), body: r.body, userId: r.user_id, userName: r.user_name, orgName: r.org_name, at: r.at }));
}

interface AttachmentRow {
  id: string;
  file_name: string;
  content_type: string;
  size: string | number;
  sha256: string;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: Date;
}
const ATTACHMENT_SELECT = `select a.id, a.file_name, a.content_type, a.size, a.sha256, a.uploaded_by, u.name as uploaded_by_name, a.uploaded_at
  from document_attachments a join users u on u.id = a.uploaded_by`;
const toAttachment = (r: AttachmentRow): DocumentAttachment => ({
  id: r.id,
  fileName: r.file_name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedByName: r.uploaded_by_name,
  uploadedAt: r.uploaded_at,
});

/** The files attached to a document the caller sees, oldest first. */
export async function listAttachments(q: Queryable, actor: Viewer, d: LibraryDocument): Promise<DocumentAttachment[]> {
  if (!canSee(actor, d)) throw notFound('no such document');
  const rows = await q.query<AttachmentRow>(`${ATTACHMENT_SELECT} where a.document_id = $1 order by a.uploaded_at, a.id`, [d.id]);
  return rows.map(toAttachment);
}

/** The line diff between two versions of a document the caller sees (404 for a version it does not have). */
export async function diffVersions(q: Queryable, actor: Viewer, documentId: string, from: number, to: number): Promise<{ document: LibraryDocument; from: DocumentVersion; to: DocumentVersion; diff: LineDiff; unified: string }> {
  const d = await getDocument(q, actor, documentId);
  const a = await getVersion(q, actor, d, from);
  const b = await getVersion(q, actor, d, to);
  const diff = diffLines(a.body, b.body);
  const strip = ({ body: _body, ...v }: DocumentVersion & { body: string }): DocumentVersion => v;
  return { document: d, from: strip(a), to: strip(b), diff, unified: formatUnified(diff) };
}

// --- Writes ------------------------------------------------------------------------------------------------

/** The library reaches active users only (see services/sharing.ts). */
const PEOPLE = { withInvited: false } as const;

/**
 * Tells everyone who may see the document (but the actor) of a new document or version. The title carries the
 * TLP and the owner lab only, never the document's words: it is what a link-only e-mail (AMBER) sends; the body
 * (the document's title) stays in the app for those levels.
 */
async function notifyAudience(q: Queryable, actor: Actor, d: LibraryDocument, what: 'new' | 'version'): Promise<void> {
  if (mayNotifyBy(d, 'app') === 'none') return;
  const people = await audienceUsers(q, d, actor.userId, PEOPLE);
  const title = what === 'new' ? `New ${tlpLabel(d.tlp)} document in the library from ${d.orgName}` : `New version of a ${tlpLabel(d.tlp)} library document from ${d.orgName}`;
  await notify(
    q,
    people.map((u) => u.id),
    { kind: what === 'new' ? 'library_document' : 'library_version', title, body: what === 'new' ? d.title : `${d.title} (version ${d.currentVersion})`, link: `/library/${d.id}`, email: mayNotifyBy(d, 'email') },
  );
}

/** Writes a document for the caller's lab (writers) as its version 1, and notifies everyone who may see it. */
export async function createDocument(q: Queryable, actor: Actor, input: DocumentInput, ip?: string): Promise<LibraryDocument> {
  if (!WRITERS.includes(actor.role)) throw forbidden('only the writers of a lab (admin, lead, auditor) add documents to the library');
  await checkMarking(q, actor, input.marking);
  const id = randomUUID();
  const c = markingColumns(input.marking);
  await q.query(
    `insert into documents (id, org_id, owner_id, title, tags, review_on, tlp, scope_kind, scope_org_ids, scope_provider_ids, recipients, current_version, search)
     values ($1, $2, $3, $4, $5::text[], $6::date, $7, $8, $9::uuid[], $10::uuid[], $11::uuid[], 1, ${searchVectorSql('$4', '$5', '$12')})`,
    [id, actor.orgId, actor.userId, input.title, input.tags, input.reviewOn, c.tlp, c.scope_kind, c.scope_org_ids, c.scope_provider_ids, c.recipients, input.body],
  );
  await q.query('insert into document_versions (document_id, n, title, body, author_id, note) values ($1, 1, $2, $3, $4, null)', [id, input.title, input.body, actor.userId]);
  await recordAudit(q, actor, { action: 'library.create', objectType: 'document', objectId: id, detail: { tlp: c.tlp, scope: c.scope_kind } }, ip);
  const d = await getDocument(q, actor, id);
  await notifyAudience(q, actor, d, 'new');
  return d;
}

/**
 * Saves an edit as the next version (the owner lab's writers). With `baseVersion`, an edit started from an
 * older version than the current one is refused (409), so that nobody overwrites a colleague's edit unseen;
 * the conditional update also refuses the second of two edits saved at the same moment.
 */
export async function addVersion(q: Queryable, actor: Actor, documentId: string, input: VersionInput, ip?: string): Promise<LibraryDocument> {
  const d = await getDocument(q, actor, documentId);
  requireEditor(actor, d, 'edit it');
  const base = input.baseVersion ?? d.currentVersion;
  const stale = (): HttpError => conflict(`the document changed since you opened it: version ${d.currentVersion} is now the current one. Open it again, bring your changes over and save`);
  if (base !== d.currentVersion) throw stale();
  const title = input.title ?? d.title;
  const tags = input.tags ?? d.tags;
  const reviewOn = input.reviewOn === undefined ? d.reviewOn : input.reviewOn;
  if (input.body === d.body && title === d.title && tags.join(',') === d.tags.join(',') && reviewOn === d.reviewOn) {
    throw badRequest('nothing changed: edit the text, the title, the tags or the review date before saving a new version');
  }
  const updated = await q.query<{ current_version: number }>(
    `update documents set current_version = current_version + 1, title = $3, tags = $4::text[], review_on = $5::date, updated_at = now(),
            search = ${searchVectorSql('$3', '$4', '$6')}
      where id = $1 and current_version = $2 returning current_version`,
    [d.id, base, title, tags, reviewOn, input.body],
  );
  if (updated.length === 0) throw stale();
  const n = Number(updated[0]!.current_version);
  await q.query('insert into document_versions (document_id, n, title, body, author_id, note) values ($1, $2, $3, $4, $5, $6)', [d.id, n, title, input.body, actor.userId, input.note]);
  await recordAudit(q, actor, { action: 'library.version', objectType: 'document', objectId: d.id, detail: { version: n } }, ip);
  const after = await getDocument(q, actor, d.id);
  await notifyAudience(q, actor, after, 'version');
  return after;
}

/**
 * Changes the marking of a document (those who may edit it: 404 unseen, 403 otherwise): checked like at
 * creation, recorded with its reason, what was already notified restricted at once, and the people newly
 * admitted told (and only them).
 */
/** Changes a document's marking from a form or JSON body, read (`parseMarkingChange`) once the caller may change it. */
export async function changeDocumentMarking(q: Queryable, actor: Actor, documentId: string, body: Record<string, unknown>, ip?: string): Promise<LibraryDocument> {
  const before = await getDocument(q, actor, documentId);
  requireEditor(actor, before, 'change its marking');
  const input = parseMarkingChange(body, actor);
  if (sameMarking(before, input.marking)) throw badRequest('nothing changed: choose another marking or scope');
  await checkMarking(q, actor, input.marking);
  const c = markingColumns(input.marking);
  await q.query(
    'update documents set tlp = $2, scope_kind = $3, scope_org_ids = $4::uuid[], scope_provider_ids = $5::uuid[], recipients = $6::uuid[], updated_at = now() where id = $1',
    [before.id, c.tlp, c.scope_kind, c.scope_org_ids, c.scope_provider_ids, c.recipients],
  );
  const [row] = await q.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from ${DOCUMENT_FROM} where d.id = $1`, [before.id]);
  const d = toDocument(row!);
  const link = `/library/${d.id}`;
  const admitted = await applyMarkingChange(q, actor, { kind: 'document', itemId: d.id, before, after: d, reason: input.reason, link, withInvited: PEOPLE.withInvited }, ip);
  if (mayNotifyBy(d, 'app') !== 'none' && admitted.length) {
    // The title carries the TLP and the owner lab only (what a link-only e-mail sends).
    await notify(
      q,
      admitted.map((u) => u.id),
      { kind: 'library_document', title: `A ${tlpLabel(d.tlp)} library document from ${d.orgName} is now shared with you`, body: d.title, link, email: mayNotifyBy(d, 'email') },
    );
  }
  return d;
}

/** A comment on the current version (staff who see the document); the owner and earlier commenters are told. */
export async function addComment(q: Queryable, actor: Actor, documentId: string, body: unknown, ip?: string): Promise<DocumentComment> {
  const d = await getDocument(q, actor, documentId);
  if (!isStaff(actor)) throw forbidden('the comments on a document are between the labs');
  const text = textField({ body }, 'body', MAX_COMMENT, true);
  const [row] = await q.query<{ id: string | number; at: Date }>(
    'insert into document_comments (document_id, version, org_id, user_id, body) values ($1, $2, $3, $4, $5) returning id, at',
    [d.id, d.currentVersion, actor.orgId, actor.userId, text],
  );
  await recordAudit(q, actor, { action: 'library.comment', objectType: 'document', objectId: d.id }, ip);
  const earlier = await q.query<SharingUser>(
    `select u.id, u.org_id, u.role, u.provider_id, u.name from users u
      where u.status = 'active' and u.id <> $2 and (u.id = $3 or u.id in (select user_id from document_comments where document_id = $1))`,
    [d.id, actor.userId, d.ownerId],
  );
  // Someone may have lost sight of it since (a changed role): the policy is asked again for each.
  const told = earlier.filter((u) => isStaff(viewerOf(u)) && canSee(viewerOf(u), d)).map((u) => u.id);
  await notify(q, told, { kind: 'library_comment', title: `New comment on a ${tlpLabel(d.tlp)} library document`, body: d.title, link: `/library/${d.id}#comment-${row!.id}`, email: mayNotifyBy(d, 'email') });
  const [org] = await q.query<{ name: string }>('select name from orgs where id = $1', [actor.orgId]);
  return { id: Number(row!.id), version: d.currentVersion, body: text, userId: actor.userId, userName: actor.name, orgName: org?.name ?? '', at: row!.at };
}

// --- Attachments -------------------------------------------------------------------------------------------

/** An uploaded file on disk, hashed and counted, not yet recorded. */
export interface ReceivedAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export function libraryDir(dataDir: string): string {
  return join(dataDir, 'library');
}

/** Where the attachment `id` is kept; refuses anything but an id (so no value can point elsewhere). */
export function attachmentPath(dataDir: string, id: string): string {
  if (!isUuid(id)) throw new Error(`not an attachment id: ${id}`);
  return join(libraryDir(dataDir), id);
}

/**
 * Streams an uploaded file to `<dataDir>/library/.incoming/`, counting it against `config.maxEvidenceBytes`
 * (413) and hashing it, then moves it to `<dataDir>/library/<new id>`. Undefined for the empty file box of a
 * form sent without a file; an empty file with a name is a 400. Nothing is left on disk when it throws.
 */
export async function receiveAttachment(config: PlatformConfig, part: { file: Readable; filename: string; mimetype: string }): Promise<ReceivedAttachment | undefined> {
  const place = { dir: libraryDir(config.dataDir), pathOf: (id: string) => attachmentPath(config.dataDir, id), maxBytes: config.maxEvidenceBytes };
  const r = await storeUploadedFile(place, part.file, part.filename, true);
  return r && { id: r.id, fileName: r.fileName, contentType: cleanContentType(part.mimetype), size: r.size, sha256: r.sha256 };
}

/** Removes a received file that will not be recorded (its transaction failed or the request was refused). */
export function discardAttachment(config: PlatformConfig, r: Pick<ReceivedAttachment, 'id'>): void {
  rmSync(attachmentPath(config.dataDir, r.id), { force: true });
}

/** Checks, before an edit is read, that the caller may edit the document (404 unseen, 403 not an editor of its owner lab). */
export async function requireEditAccess(q: Queryable, actor: Actor, documentId: string): Promise<LibraryDocument> {
  const d = await getDocument(q, actor, documentId);
  requireEditor(actor, d, 'edit it');
  return d;
}

/** Checks, before an upload is read, that the caller may attach files to the document (404 unseen, 403 not an editor). */
export async function requireAttachAccess(q: Queryable, actor: Actor, documentId: string): Promise<LibraryDocument> {
  const d = await getDocument(q, actor, documentId);
  requireEditor(actor, d, 'attach files to it');
  return d;
}

/** Records received files as attachments of the document (the owner lab's writers). Call in `db.tx`; on failure discard the files. */
export async function saveAttachments(q: Queryable, actor: Actor, documentId: string, files: readonly ReceivedAttachment[], ip?: string): Promise<DocumentAttachment[]> {
  const d = await requireAttachAccess(q, actor, documentId);
  const out: DocumentAttachment[] = [];
  for (const f of files) {
    await q.query('insert into document_attachments (id, document_id, file_name, content_type, size, sha256, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7)', [
      f.id,
      d.id,
      f.fileName,
      f.contentType,
      f.size,
      f.sha256,
      actor.userId,
    ]);
    await recordAudit(q, actor, { action: 'library.attach', objectType: 'document', objectId: d.id, detail: { attachmentId: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size } }, ip);
    const [row] = await q.query<AttachmentRow>(`${ATTACHMENT_SELECT} where a.id = $1`, [f.id]);
    out.push(toAttachment(row!));
  }
  await q.query('update documents set updated_at = now() where id = $1', [d.id]);
  return out;
}

export interface OpenedAttachment {
  file: DocumentAttachment;
  /** The verified content, read from the descriptor that was hashed (a file swapped after the check is not what is sent). */
  stream: Readable;
  contentType: string;
  disposition: string;
}

/**
 * Opens an attachment for download: 404 unless the caller sees its document (and it is that document's);
 * 409 when the file on disk no longer matches its SHA-256 or is missing, with the refusal audited in a
 * transaction of its own (kept although the request fails).
 */
export async function openAttachment(db: Db, config: PlatformConfig, actor: Actor, documentId: string, attachmentId: string): Promise<OpenedAttachment> {
  const d = await getDocument(db, actor, documentId);
  if (!isUuid(attachmentId)) throw notFound('no such attachment');
  const [row] = await db.query<AttachmentRow>(`${ATTACHMENT_SELECT} where a.id = $1 and a.document_id = $2`, [attachmentId, d.id]);
  if (!row) throw notFound('no such attachment');
  const file = toAttachment(row);
  const opened = await openVerifiedFile(attachmentPath(config.dataDir, file.id), file);
  if (opened.status === 'ok') {
    return { file, stream: opened.stream, contentType: servedContentType(file.contentType), disposition: attachmentDisposition(file.fileName) };
  }
  const { status, actual } = opened;
  await db.tx((q) =>
    recordAudit(q, actor, { action: 'library.attachment_integrity_failed', objectType: 'document', objectId: d.id, detail: { attachmentId: file.id, fileName: file.fileName, status, sha256: file.sha256, actualSha256: actual?.sha256 ?? null } }),
  );
  if (actual === null) {
    throw new HttpError(409, 'attachment_missing', `the file "${file.fileName}" (SHA-256 recorded ${file.sha256}) is missing from the server's storage; it was not sent. Tell the lab's administrator: it must be restored from a backup`);
  }
  throw new HttpError(
    409,
    'attachment_tampered',
    `the file "${file.fileName}" no longer matches what was uploaded (SHA-256 recorded ${file.sha256}, on disk now ${actual.sha256}); it was not sent. Tell the lab's administrator: the stored file was changed and must be restored from a backup`,
  );
}

// --- Export ------------------------------------------------------------------------------------------------

/** Why the TLP keeps the document from leaving the platform in this format (the 403's message). */
function exportRefusal(tlp: Tlp, format: DocumentExportFormat): string {
  if (tlp === 'red') return 'TLP:RED is never exported: it stays in the platform, for the named recipients only';
  return `${tlpLabel(tlp)} may not be exported as ${format}`;
}

/**
 * The current version as a file in `format`, through `canExport`: 404 when the caller cannot see the document,
 * 403 with the reason when its TLP forbids the format (RED: always). Both formats carry the marking.
 */
export async function exportDocument(q: Queryable, actor: Actor, documentId: string, format: string, ip?: string): Promise<{ fileName: string; contentType: string; body: string }> {
  if (!(DOCUMENT_EXPORT_FORMATS as readonly string[]).includes(format)) throw badRequest(`"format" must be one of ${DOCUMENT_EXPORT_FORMATS.join(', ')}`);
  const f = format as DocumentExportFormat;
  const d = await getDocument(q, actor, documentId);
  if (!canExport(actor, d, f)) throw forbidden(exportRefusal(d.tlp, f));
  const attachments = await listAttachments(q, actor, d);
  const [version] = (await listVersions(q, actor, d)).filter((v) => v.n === d.currentVersion);
  await recordAudit(q, actor, { action: 'library.export', objectType: 'document', objectId: d.id, detail: { format: f, tlp: d.tlp, version: d.currentVersion } }, ip);
  const base = `document-${d.id.slice(0, 8)}-v${d.currentVersion}`;
  if (f === 'json') {
    const out = {
      tlp: tlpLabel(d.tlp),
      marking: TLP_MEANING[d.tlp],
      id: d.id,
      organisation: d.orgName,
      owner: d.ownerName,
      title: d.title,
      tags: d.tags,
      reviewOn: d.reviewOn,
      version: d.currentVersion,
      versionAt: version ? new Date(version.at).toISOString() : null,
      versionAuthor: version?.authorName ?? null,
      body: d.body,
      attachments: attachments.map((a) => ({ fileName: a.fileName, size: a.size, sha256: a.sha256 })),
      createdAt: new Date(d.createdAt).toISOString(),
      updatedAt: new Date(d.updatedAt).toISOString(),
    };
    return { fileName: `${base}.json`, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(out, null, 2)}\n` };
  }
  const banner = `**${tlpBanner(d.tlp)}**`;
  const lines = [
    banner,
    '',
    `# ${d.title}`,
    '',
    `- Organisation: ${d.orgName}`,
    `- Owner: ${d.ownerName}`,
    `- Version: ${d.currentVersion}${version ? ` (${new Date(version.at).toISOString().slice(0, 10)}, ${version.authorName})` : ''}`,
    ...(d.tags.length ? [`- Tags: ${d.tags.join(', ')}`] : []),
    ...(d.reviewOn ? [`- Review on: ${d.reviewOn}`] : []),
    ...(attachments.length ? [`- Attachments: ${attachments.map((a) => `${a.fileName} (SHA-256 ${a.sha256})`).join('; ')}`] : []),
    '',
    '---',
    '',
    d.body,
    '',
    '---',
    '',
    banner,
    '',
  ];
  return { fileName: `${base}.md`, contentType: 'text/markdown; charset=utf-8', body: lines.join('\n') };
}

// --- Form choices and JSON ---------------------------------------------------------------------------------

/** The choices of the "new document" form (see services/sharing.ts). */
export type DocumentFormOptions = MarkingFormOptions;

/** What the "new document" form offers a writer to choose from. */
export async function documentFormOptions(q: Queryable, actor: Actor): Promise<DocumentFormOptions> {
  if (!WRITERS.includes(actor.role)) throw forbidden('only the writers of a lab (admin, lead, auditor) add documents to the library');
  return markingFormOptions(q, actor, PEOPLE);
}

/**
 * The document as the API returns it. The owner lab's staff see the whole marking; everyone else sees the
 * scope's kind only (a peer lab does not learn which other labs, providers or people received it).
 */
export function documentJson(d: LibraryDocument, actor: Viewer, body: { n: number; body: string } = { n: d.currentVersion, body: d.body }): Record<string, unknown> {
  return {
    id: d.id,
    orgId: d.orgId,
    orgName: d.orgName,
    ownerId: d.ownerId,
    ownerName: d.ownerName,
    title: d.title,
    tags: d.tags,
    reviewOn: d.reviewOn,
    reviewOverdue: d.reviewOverdue,
    ...markingJson(d, actor),
    currentVersion: d.currentVersion,
    version: body.n,
    body: body.body,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

// --- Seeding (benchmarks) ----------------------------------------------------------------------------------

/** Words the seeded documents are written with (DFS security vocabulary, so searches find realistic shares). */
const SEED_WORDS = (
  'sim swap fraud agent wallet pin reset ussd session timeout menu injection otp sms interception ss7 signalling ' +
  'android ios certificate pinning root detection jailbreak obfuscation keystore biometric authentication ' +
  'transaction limit reconciliation merchant settlement api gateway token replay tls downgrade phishing vishing ' +
  'social engineering insider collusion mule account onboarding kyc identity verification device binding ' +
  'encryption hashing logging monitoring incident response backup recovery availability outage patch ' +
  'vulnerability disclosure remediation audit checklist guidance method evidence review supervision regulator ' +
  'provider operator bank emi fintech interoperability switch ledger float liquidity cash-out cash-in ' +
  'stk applet ota bearer channel sessionless callback webhook secret rotation privilege access control'
).split(' ');

export interface SeedOptions {
  orgId: string;
  /** An active user of `orgId`: the owner and author of every document. */
  ownerId: string;
  count: number;
  /** Markings given in turn (document i gets `markings[i % length]`); default GREEN to the community. */
  markings?: readonly Marking[];
  /** Words per body (default 300). */
  words?: number;
}

/**
 * Inserts `count` documents of `orgId` quickly, for benchmarks and tests of search at scale: per marking, one
 * statement that inserts every document with its version 1 and its search vector (generated in SQL from a fixed
 * vocabulary, deterministic bodies). Bypasses the service: no audit rows, no notifications. Returns the number
 * inserted.
 */
export async function seedLibraryDocuments(q: Queryable, o: SeedOptions): Promise<number> {
  if (!Number.isInteger(o.count) || o.count < 0 || o.count > 1_000_000) throw new Error('count must be a whole number from 0 to 1,000,000');
  const words = o.words ?? 300;
  const markings = o.markings?.length ? o.markings : [{ tlp: 'green', scope: { kind: 'community' }, recipients: [] } satisfies Marking];
  // A word index from a hash of the document number and the word's place: well spread, the same on every run.
  const pick = (key: string): string => `((hashtext(${key})::bigint + 2147483648) % w.len)`;
  let done = 0;
  for (const [k, m] of markings.entries()) {
    // Documents k + 1, k + 1 + markings.length, ... (numbered from 1) get this marking.
    const n = Math.floor((o.count - k + markings.length - 1) / markings.length);
    if (n <= 0) continue;
    const c = markingColumns(m);
    await q.query(
      `with w as (select $3::text[] as w, cardinality($3::text[]) as len),
       src as (
         select gen_random_uuid() as id, g.i,
                'Library document ' || g.i || ': ' || w.w[1 + ${pick("g.i || 't1'")}] || ' ' || w.w[1 + ${pick("g.i || 't2'")}] as title,
                array[w.w[1 + ${pick("g.i || 'g1'")}], w.w[1 + ${pick("g.i || 'g2'")}]] as tags,
                (select string_agg(w.w[1 + ${pick("g.i || '-' || j")}], ' ') from generate_series(1, $4::int) j) as body
           from generate_series($5::int, $6::int, $12::int) g(i), w
       ),
       docs as (
         insert into documents (id, org_id, owner_id, title, tags, tlp, scope_kind, scope_org_ids, scope_provider_ids, recipients, current_version, search)
         select id, $1, $2, title, tags, $7, $8, $9::uuid[], $10::uuid[], $11::uuid[], 1, ${searchVectorSql('src.title', 'src.tags', 'src.body')} from src
         returning id
       )
       insert into document_versions (document_id, n, title, body, author_id) select id, 1, title, body, $2 from src`,
      [o.orgId, o.ownerId, SEED_WORDS, words, k + 1, o.count, c.tlp, c.scope_kind, c.scope_org_ids, c.scope_provider_ids, c.recipients, markings.length],
    );
    done += n;
  }
  return done;
}
