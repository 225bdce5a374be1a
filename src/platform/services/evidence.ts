/**
 * @module platform/services/evidence
 * Evidence files of an engagement: screenshots, traffic captures, documents that back a test result (attached
 * to a plan row) or a provider's remediation response (attached to the response).
 *
 * Storage: a file is kept at `<dataDir>/evidence/<id>`, where `id` is the random id of its `evidence_files`
 * row — never a name the client chose. It is first streamed to `<dataDir>/evidence/.incoming/<random>` while
 * it is counted against `config.maxEvidenceBytes` and hashed (SHA-256), then renamed into place; a refused or
 * failed upload leaves nothing behind. The client's file name is kept for display only.
 *
 * Integrity: the SHA-256 is recomputed before any byte of a download is sent. A file that changed or vanished
 * on disk is refused (409 `evidence_tampered` / `evidence_missing`) and the refusal is recorded in its own
 * transaction, so the record survives the failed request. Evidence is what a finding stands on: a file that
 * no longer matches what the auditor uploaded must not be handed out as if it did. The check itself
 * (`openVerifiedFile`, `checkStoredFile`) and the download headers (`downloadHeaders`) serve the library's
 * attachments too.
 *
 * Serving: always as an attachment, with `nosniff` and a content type from a short allow-list (anything else
 * is `application/octet-stream`), so an uploaded HTML or SVG file never renders on the platform's origin.
 *
 * Who reads evidence: the lab's staff and the engagement's members (a reviewer of another organisation
 * included); a provider's representative only the evidence attached to remediation responses of an
 * engagement they reach. Who adds row evidence: the engagement's testers, while testing or retesting.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest, forbidden, HttpError, isUuid, notFound } from '../http/routes.js';
import type { Actor } from '../types.js';
import {
  auditEngagement,
  engagementFor,
  noteReportChange,
  recordEvent,
  requirePhase,
  requireTest,
  RETEST_PHASES,
  TESTING_PHASES,
  type EngagementAccess,
} from './engagements.js';
import { storeUploadedFile } from './uploads.js';

/** Content types served as themselves; every other file is served as `application/octet-stream`. */
export const SERVED_CONTENT_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain', 'application/vnd.tcpdump.pcap', 'application/json'];

/** An uploaded file on disk, hashed and counted, not yet recorded in the database. */
export interface ReceivedEvidence {
  /** The id its `evidence_files` row will get (its file is `<dataDir>/evidence/<id>`). */
  id: string;
  path: string;
  /** The client's file name, cleaned for display. */
  fileName: string;
  /** The content type the client declared, cleaned (kept for the record; see `servedContentType`). */
  contentType: string;
  size: number;
  sha256: string;
}

export interface EvidenceFile {
  id: string;
  engagement_id: string;
  row_id: string | null;
  /** The plan row's catalog item, when the file is attached to a row. */
  item_id: string | null;
  response_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

export function evidenceDir(dataDir: string): string {
  return join(dataDir, 'evidence');
}

/** Where the evidence file `id` is kept; refuses anything but an id (so no value can point elsewhere). */
export function evidencePath(dataDir: string, id: string): string {
  if (!isUuid(id)) throw new Error(`not an evidence id: ${id}`);
  return join(evidenceDir(dataDir), id);
}

/** The declared content type reduced to `type/subtype` (lower case), or `application/octet-stream`. */
export function cleanContentType(declared: string | undefined): string {
  const t = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return t.length <= 100 && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t) ? t : 'application/octet-stream';
}

/** The content type a download is served with: the recorded one if it is on the allow-list, else octet-stream. */
export function servedContentType(recorded: string): string {
  const t = cleanContentType(recorded);
  return SERVED_CONTENT_TYPES.includes(t) ? t : 'application/octet-stream';
}

/** A `content-disposition: attachment` header value for the display name (ASCII fallback plus RFC 5987 UTF-8). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Streams an uploaded file to a fresh temporary file, hashing and counting it (413 past
 * `config.maxEvidenceBytes`, 400 when empty), then moves it to `<dataDir>/evidence/<new id>`. Nothing is left
 * on disk when it throws. The caller records it with `saveEvidence`, or removes it with `discardEvidence`.
 */
export async function receiveEvidence(config: PlatformConfig, file: Readable, fileName: string, contentType: string): Promise<ReceivedEvidence> {
  return (await storeEvidence(config, file, fileName, contentType, false))!;
}

async function storeEvidence(config: PlatformConfig, file: Readable, fileName: string, contentType: string, emptyBoxAllowed: boolean): Promise<ReceivedEvidence | undefined> {
  const place = { dir: evidenceDir(config.dataDir), pathOf: (id: string) => evidencePath(config.dataDir, id), maxBytes: config.maxEvidenceBytes };
  const r = await storeUploadedFile(place, file, fileName, emptyBoxAllowed);
  return r && { id: r.id, path: r.path, fileName: r.fileName, contentType: cleanContentType(contentType), size: r.size, sha256: r.sha256 };
}

/**
 * Receives a file part of a multipart form as evidence, or undefined for the empty file box of a form sent
 * without a file (browsers send such a part with no file name and no content). An empty file that has a name
 * is refused, as by `receiveEvidence`.
 */
export async function receiveEvidencePart(config: PlatformConfig, part: { file: Readable; filename: string; mimetype: string }): Promise<ReceivedEvidence | undefined> {
  return storeEvidence(config, part.file, part.filename, part.mimetype, true);
}

/** Removes a received file that will not be recorded (its transaction failed or the request was refused). */
export function discardEvidence(config: PlatformConfig, received: Pick<ReceivedEvidence, 'id'>): void {
  rmSync(evidencePath(config.dataDir, received.id), { force: true });
}

const EVIDENCE_SELECT = `select ef.id, ef.engagement_id, ef.row_id, r.item_id, ef.response_id, ef.file_name, ef.content_type, ef.size, ef.sha256,
    ef.uploaded_by, u.name as uploaded_by_name, ef.uploaded_at
  from evidence_files ef left join plan_rows r on r.id = ef.row_id left join users u on u.id = ef.uploaded_by`;

/**
 * Records a received file as evidence of the engagement, attached to one plan row or one remediation response
 * of it (404 when the target is not the engagement's), with an `evidence_added` event and an audit row. It
 * checks no role: the caller decides who may attach (see `addRowEvidence`). On failure the caller removes the
 * file with `discardEvidence`.
 */
export async function saveEvidence(q: Queryable, a: EngagementAccess, received: ReceivedEvidence, target: { rowId?: string; responseId?: string }, ip?: string): Promise<EvidenceFile> {
  if (!!target.rowId === !!target.responseId) throw new Error('saveEvidence: give exactly one of rowId and responseId');
  if (target.rowId) {
    if (!isUuid(target.rowId)) throw notFound('no such test in this engagement');
    const [row] = await q.query<{ id: string }>('select id from plan_rows where engagement_id = $1 and id = $2', [a.e.id, target.rowId]);
    if (!row) throw notFound('no such test in this engagement');
  } else {
    if (!isUuid(target.responseId)) throw notFound('no such response in this engagement');
    const [resp] = await q.query<{ id: string }>('select id from remediation_responses where engagement_id = $1 and id = $2', [a.e.id, target.responseId]);
    if (!resp) throw notFound('no such response in this engagement');
  }
  await q.query(
    // clock_timestamp(), not now(): files saved in one transaction keep their upload order.
    `insert into evidence_files (id, engagement_id, row_id, response_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())`,
    [received.id, a.e.id, target.rowId ?? null, target.responseId ?? null, received.fileName, received.contentType, received.size, received.sha256, a.actor.userId],
  );
  const detail = { evidenceId: received.id, fileName: received.fileName, size: received.size, sha256: received.sha256, ...(target.rowId ? { rowId: target.rowId } : { responseId: target.responseId }) };
  await recordEvent(q, a, 'evidence_added', { detail });
  await auditEngagement(q, a, 'engagement.evidence_added', detail, ip);
  const [saved] = await q.query<EvidenceFile>(`${EVIDENCE_SELECT} where ef.id = $1`, [received.id]);
  return saved!;
}

/**
 * Attaches received files to a plan row (testers only, while testing or retesting): each is recorded, the
 * row's finding (if it failed) lists them, and the report counts as changed. Call inside `db.tx`.
 */
export async function addRowEvidence(q: Queryable, actor: Actor, engagementId: string, rowId: string, files: readonly ReceivedEvidence[], ip?: string): Promise<EvidenceFile[]> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireTest(a);
  requirePhase(a, [...TESTING_PHASES, ...RETEST_PHASES], 'Adding evidence');
  if (files.length === 0) throw badRequest('the upload holds no file (send it in a field named "file")');
  const row = await rowOfEngagement(q, a, rowId);
  const saved: EvidenceFile[] = [];
  for (const f of files) saved.push(await saveEvidence(q, a, f, { rowId: row.id }, ip));
  await refreshFindingEvidence(q, row.id);
  await noteReportChange(q, a, `evidence added to ${row.item_id}`);
  return saved;
}

/** The plan row `rowId` of the engagement (404 when it is malformed or another engagement's). */
export async function rowOfEngagement(q: Queryable, a: EngagementAccess, rowId: string): Promise<{ id: string; item_id: string }> {
  if (!isUuid(rowId)) throw notFound('no such test in this engagement');
  const [row] = await q.query<{ id: string; item_id: string }>('select id, item_id from plan_rows where engagement_id = $1 and id = $2', [a.e.id, rowId]);
  if (!row) throw notFound('no such test in this engagement');
  return row;
}

/** The finding's `evidence` lines for a row: each file's name and SHA-256, in upload order. */
export async function rowEvidenceLines(q: Queryable, rowId: string): Promise<string[]> {
  const files = await q.query<{ file_name: string; sha256: string }>('select file_name, sha256 from evidence_files where row_id = $1 order by uploaded_at, id', [rowId]);
  return files.map((f) => `${f.file_name} (SHA-256 ${f.sha256})`);
}

/** Brings the evidence list in the data of a failed row's finding up to date with the row's files. */
export async function refreshFindingEvidence(q: Queryable, rowId: string): Promise<void> {
  const [row] = await q.query<{ finding_id: string | null; result: string | null }>('select finding_id, result from plan_rows where id = $1', [rowId]);
  if (!row?.finding_id || row.result !== 'fail') return;
  await q.query(`update findings set data = jsonb_set(data, '{evidence}', $2::jsonb), updated_at = now() where id = $1`, [row.finding_id, JSON.stringify(await rowEvidenceLines(q, rowId))]);
}

/** Provider representatives see only what was attached to remediation responses. */
function providerFilter(a: EngagementAccess): string {
  return a.actor.role === 'provider' ? ' and ef.response_id is not null' : '';
}

/** The evidence of an engagement the caller may read (optionally of one plan row), oldest first. */
export async function listEvidence(q: Queryable, a: EngagementAccess, o: { rowId?: string } = {}): Promise<EvidenceFile[]> {
  const params: unknown[] = [a.e.id];
  let where = `ef.engagement_id = $1${providerFilter(a)}`;
  if (o.rowId !== undefined) {
    if (!isUuid(o.rowId)) throw notFound('no such test in this engagement');
    params.push(o.rowId);
    where += ' and ef.row_id = $2';
  }
  return q.query<EvidenceFile>(`${EVIDENCE_SELECT} where ${where} order by ef.uploaded_at, ef.id`, params);
}

async function evidenceOf(q: Queryable, a: EngagementAccess, evidenceId: string): Promise<EvidenceFile> {
  if (!isUuid(evidenceId)) throw notFound('no such evidence file');
  const [f] = await q.query<EvidenceFile>(`${EVIDENCE_SELECT} where ef.engagement_id = $1 and ef.id = $2${providerFilter(a)}`, [a.e.id, evidenceId]);
  if (!f) throw notFound('no such evidence file');
  return f;
}

export type IntegrityStatus = 'ok' | 'tampered' | 'missing';

/** SHA-256 and size of an open file, read from its start. */
async function hashFd(fd: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream('', { fd, autoClose: false, start: 0 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Opens a stored file for reading; undefined when it is not there (or is not a regular file). */
function openStored(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return undefined;
  }
  return fd;
}

/** What a stored file holds now against the SHA-256 and size recorded at upload (`actual`: null when missing). */
export type StoredFileCheck = { status: 'ok' | 'tampered'; actual: { sha256: string; size: number } } | { status: 'missing'; actual: null };

/** A stored file opened for download: its content when it matched, or why it did not. */
export type VerifiedFile = { status: 'ok'; actual: { sha256: string; size: number }; stream: Readable } | { status: 'tampered'; actual: { sha256: string; size: number } } | { status: 'missing'; actual: null };

/** Opens and hashes a stored file; the descriptor stays open for the caller (none when the file is missing). */
async function hashStored(path: string, recorded: { sha256: string; size: number }): Promise<{ fd: number | undefined; check: StoredFileCheck }> {
  const fd = openStored(path);
  if (fd === undefined) return { fd, check: { status: 'missing', actual: null } };
  let actual: { sha256: string; size: number };
  try {
    actual = await hashFd(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return { fd, check: { status: actual.sha256 === recorded.sha256 && actual.size === recorded.size ? 'ok' : 'tampered', actual } };
}

/** Checks a stored file (evidence, a library attachment) against its recorded SHA-256 and size. */
export async function checkStoredFile(path: string, recorded: { sha256: string; size: number }): Promise<StoredFileCheck> {
  const { fd, check } = await hashStored(path, recorded);
  if (fd !== undefined) closeSync(fd);
  return check;
}

/**
 * Opens a stored file (evidence, a library attachment) for download after checking it against its recorded
 * SHA-256 and size. When it matches, `stream` reads the content from the descriptor that was hashed (a file
 * swapped after the check is not what is sent); otherwise the file is closed and the answer says why.
 */
export async function openVerifiedFile(path: string, recorded: { sha256: string; size: number }): Promise<VerifiedFile> {
  const { fd, check } = await hashStored(path, recorded);
  if (fd !== undefined && check.status === 'ok') return { status: 'ok', actual: check.actual, stream: createReadStream('', { fd, start: 0, autoClose: true }) };
  if (fd !== undefined) closeSync(fd);
  return check.status === 'missing' ? check : { status: 'tampered', actual: check.actual };
}

export interface IntegrityReport {
  id: string;
  file_name: string;
  row_id: string | null;
  item_id: string | null;
  response_id: string | null;
  status: IntegrityStatus;
  /** The SHA-256 recorded at upload. */
  sha256: string;
  /** The SHA-256 of the file on disk now (null when it is missing). */
  actual_sha256: string | null;
  size: number;
  actual_size: number | null;
}

async function checkStored(dataDir: string, f: EvidenceFile): Promise<IntegrityReport> {
  const check = await checkStoredFile(evidencePath(dataDir, f.id), f);
  return { ...integrityBase(f), status: check.status, actual_sha256: check.actual?.sha256 ?? null, actual_size: check.actual?.size ?? null };
}

function integrityBase(f: EvidenceFile): Omit<IntegrityReport, 'status' | 'actual_sha256' | 'actual_size'> {
  return { id: f.id, file_name: f.file_name, row_id: f.row_id, item_id: f.item_id, response_id: f.response_id, sha256: f.sha256, size: f.size };
}

export interface OpenedEvidence {
  file: EvidenceFile;
  /** The verified content, read from the file descriptor that was hashed (a file swapped after the check is not what is sent). */
  stream: Readable;
  /** The content type to serve it with (from the allow-list). */
  contentType: string;
  /** The `content-disposition` header (always an attachment). */
  disposition: string;
}

/**
 * Opens an evidence file for download after checking its integrity; refuses (409) a file that changed or is
 * missing on disk, recording the refusal (event `evidence_integrity_failed` and an audit row) in a
 * transaction of its own so it is kept although the request fails.
 */
export async function openEvidence(db: Db, config: PlatformConfig, a: EngagementAccess, evidenceId: string): Promise<OpenedEvidence> {
  const f = await evidenceOf(db, a, evidenceId);
  const opened = await openVerifiedFile(evidencePath(config.dataDir, f.id), f);
  if (opened.status === 'ok') return { file: f, stream: opened.stream, contentType: servedContentType(f.content_type), disposition: attachmentDisposition(f.file_name) };
  const problem: IntegrityReport = { ...integrityBase(f), status: opened.status, actual_sha256: opened.actual?.sha256 ?? null, actual_size: opened.actual?.size ?? null };
  await db.tx(async (q) => {
    const detail = { evidenceId: f.id, fileName: f.file_name, status: problem.status, sha256: f.sha256, actualSha256: problem.actual_sha256, size: f.size, actualSize: problem.actual_size };
    await recordEvent(q, a, 'evidence_integrity_failed', { detail });
    await auditEngagement(q, a, 'engagement.evidence_integrity_failed', detail);
  });
  throw integrityError(problem);
}

/**
 * The headers of the download of a verified stored file (evidence, a library attachment): always an attachment,
 * never sniffed nor rendered (a sandboxing CSP), never cached, its length, and its SHA-256 in `shaHeader`.
 */
export function downloadHeaders(o: { contentType: string; disposition: string; file: { size: number; sha256: string } }, shaHeader: string): Record<string, string> {
  return {
    'content-type': o.contentType,
    'content-disposition': o.disposition,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
    'content-length': String(o.file.size),
    [shaHeader]: o.file.sha256,
  };
}

export function integrityError(p: IntegrityReport): HttpError {
  if (p.status === 'missing') {
    return new HttpError(409, 'evidence_missing', `the evidence file "${p.file_name}" (SHA-256 recorded ${p.sha256}) is missing from the server's storage; it was not sent. Tell the lab's administrator: the file must be restored from a backup`);
  }
  return new HttpError(
    409,
    'evidence_tampered',
    `the evidence file "${p.file_name}" no longer matches what was uploaded (SHA-256 recorded ${p.sha256}, on disk now ${p.actual_sha256 ?? 'unknown'}); it was not sent. Tell the lab's administrator: the stored file was changed and must be restored from a backup`,
  );
}

export interface IntegritySummary {
  files: IntegrityReport[];
  ok: number;
  tampered: number;
  missing: number;
}

/** Checks every evidence file of the engagement against its recorded SHA-256 (the lab's staff and members only). */
export async function verifyAllEvidence(q: Queryable, config: PlatformConfig, a: EngagementAccess): Promise<IntegritySummary> {
  if (a.actor.role === 'provider') throw forbidden('the integrity check of evidence is for the lab');
  const files = await listEvidence(q, a);
  const out: IntegrityReport[] = [];
  for (const f of files) out.push(await checkStored(config.dataDir, f));
  return {
    files: out,
    ok: out.filter((r) => r.status === 'ok').length,
    tampered: out.filter((r) => r.status === 'tampered').length,
    missing: out.filter((r) => r.status === 'missing').length,
  };
}
