/**
 * @module platform/services/uploads
 * Receiving an app file: the upload is streamed to `<dataDir>/uploads/<random>` (never a name the client
 * chose), counted against the size limit and hashed (SHA-256) on the way, its type is decided from its
 * content by the engine (ZIP, then APK / split set / IPA), and it is then moved to
 * `<dataDir>/artifacts/<sha256>`: content-addressed, so the same build uploaded twice is kept once. Anything
 * that fails on the way leaves no file behind.
 *
 * It also holds what every upload shares: the streaming, counting and hashing of one file (`streamToFile`), the
 * display name (`cleanFileName`), and, for evidence and the library's attachments alike, the keeping of a file
 * under a new random id (`storeUploadedFile`) and the reading of the files of a multipart form
 * (`receiveFileParts`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AndroidApp, DfslabError, ErrorCodes, IosApp, isZip, looksLikeIpa, ZipArchive } from '../../index.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest, HttpError } from '../http/routes.js';

export type ArtifactKind = 'android' | 'ios';

export interface StoredArtifact {
  sha256: string;
  size: number;
  /** The client's file name, cleaned for display only (never used as a path). */
  fileName: string;
  kind: ArtifactKind;
  /** `apk`, `apks`, `xapk` or `ipa`. */
  container: string;
  /** Package name or bundle id the file declares. */
  identifier: string;
}

/** Where the artifact of a scan is kept. */
export function artifactPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return join(dataDir, 'artifacts', sha256);
}

/**
 * Removes files under `<dataDir>/uploads/` older than `maxAgeMs` (default one hour): uploads cut off by a
 * crash or a restart. A live upload keeps writing, so its file is never that old. Completed uploads are not
 * there (they were moved to the artifact store before their scan was created).
 */
export function removeStaleUploads(dataDir: string, maxAgeMs = 60 * 60 * 1000, now = Date.now()): string[] {
  const dir = join(dataDir, 'uploads');
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile() && now - st.mtimeMs > maxAgeMs) {
        rmSync(path, { force: true });
        removed.push(name);
      }
    } catch {
      // Gone meanwhile, or unreadable: nothing to clean.
    }
  }
  return removed;
}

/** A 413 that tells the user the limit. */
export function tooLarge(max: number): HttpError {
  return new HttpError(413, 'too_large', `the file is larger than this server accepts (at most ${formatBytes(max)})`);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}

/** A display name from the client's file name: its base name, printable, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const s = basename((name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return s === '' || s === '.' || s === '..' ? 'upload' : s;
}

/**
 * Streams an upload to a new file at `path` (created exclusively, owner-only), counting and hashing it
 * (SHA-256) on the way; past `max` bytes it is refused with a 413. When it throws, nothing is left at `path`.
 */
export async function streamToFile(stream: Readable, path: string, max: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(tooLarge(max));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // @fastify/multipart's file stream stops at the same limit without ending (it waits for the part's closing
  // boundary, which a client sending an endless body never sends): end it with the 413 at once.
  stream.once('limit', () => stream.destroy(tooLarge(max)));
  const truncated = (): boolean => !!(stream as Readable & { truncated?: boolean }).truncated;
  try {
    try {
      // Opened here, not by the stream: a stream opens its file later, and a refusal that came first would
      // leave the file behind after the clean-up below.
      await pipeline(stream, meter, createWriteStream('', { fd: openSync(path, 'wx', 0o600) }));
    } catch (e) {
      // @fastify/multipart stops the stream at its own fileSize limit (the same number) with a 413 error.
      if (e instanceof HttpError) throw e;
      if ((e as { statusCode?: number }).statusCode === 413 || truncated()) throw tooLarge(max);
      throw e;
    }
    if (truncated()) throw tooLarge(max);
    return { size, sha256: hash.digest('hex') };
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
}

/**
 * Streams `stream` to a fresh file under `<dataDir>/uploads/`, refusing it (413, partial file deleted) past
 * `config.maxUploadBytes`, then checks its content and moves it to the artifact store. Throws HttpError 413 / 400, or the
 * engine's DfslabError (400) when the file is not an app.
 */
export async function receiveArtifact(
  config: PlatformConfig,
  stream: Readable,
  clientName: string | undefined,
  /** Refuses a detected app (by throwing) before it is kept, e.g. a build of another app. */
  accept?: (detected: { kind: ArtifactKind; container: string; identifier: string }) => void,
): Promise<StoredArtifact> {
  const uploads = join(config.dataDir, 'uploads');
  mkdirSync(uploads, { recursive: true });
  mkdirSync(join(config.dataDir, 'artifacts'), { recursive: true });
  const tmp = join(uploads, randomBytes(16).toString('hex'));
  const { size, sha256 } = await streamToFile(stream, tmp, config.maxUploadBytes);
  try {
    const fileName = cleanFileName(clientName);
    const detected = detectApp(readFileSync(tmp), fileName);
    accept?.(detected);
    const dest = artifactPath(config.dataDir, sha256);
    if (existsSync(dest)) rmSync(tmp, { force: true });
    else renameSync(tmp, dest);
    return { sha256, size, fileName, ...detected };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * What kind of app the bytes hold, decided the way `audit()` decides (a ZIP; an IPA when it has a
 * `Payload/<name>.app/` folder and no Android manifest; else an APK or split set), and the identifier it
 * declares. The engine's InputError (a DfslabError, shown as a 400) says why when it is none of them.
 */
export function detectApp(bytes: Uint8Array, label: string): { kind: ArtifactKind; container: string; identifier: string } {
  if (bytes.length === 0) throw new DfslabError(ErrorCodes.INPUT_NOT_AN_APP, 'the file is empty', { path: label });
  if (!isZip(bytes)) throw new DfslabError(ErrorCodes.INPUT_NOT_AN_APP, 'not an APK, split set or IPA (the file is not a ZIP archive)', { path: label });
  const zip = ZipArchive.open(bytes, { label });
  if (!zip.has('AndroidManifest.xml') && looksLikeIpa(zip)) {
    const app = IosApp.open(bytes, { label, zip });
    return { kind: 'ios', container: 'ipa', identifier: app.bundleId };
  }
  const app = AndroidApp.open(bytes, { label, zip });
  return { kind: 'android', container: app.container, identifier: app.manifest.packageName };
}

/** A file kept by `storeUploadedFile`: its new id and place, the cleaned display name, its size and SHA-256. */
export interface StoredUpload {
  id: string;
  path: string;
  fileName: string;
  size: number;
  sha256: string;
}

/**
 * Streams an uploaded file to a fresh temporary file under `<dir>/.incoming/`, counting it against `maxBytes`
 * (413) and hashing it, then moves it to `pathOf(<new random id>)`. An empty file is a 400, but with
 * `emptyBoxAllowed` the empty file box of a form sent without a file (no name, no content) gives undefined.
 * Nothing is left on disk when it throws.
 */
export async function storeUploadedFile(
  place: { dir: string; pathOf: (id: string) => string; maxBytes: number },
  file: Readable,
  clientName: string,
  emptyBoxAllowed: boolean,
): Promise<StoredUpload | undefined> {
  const incoming = join(place.dir, '.incoming');
  mkdirSync(incoming, { recursive: true, mode: 0o700 });
  const tmp = join(incoming, randomBytes(16).toString('hex'));
  const { size, sha256 } = await streamToFile(file, tmp, place.maxBytes);
  const fileName = cleanFileName(clientName);
  if (size === 0) {
    rmSync(tmp, { force: true });
    if (emptyBoxAllowed && clientName === '') return undefined;
    throw badRequest(`"${fileName}" is empty; attach a file with content`);
  }
  const id = randomUUID();
  let path: string;
  try {
    path = place.pathOf(id);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { id, path, fileName, size, sha256 };
}

/** One part of a multipart body, as @fastify/multipart gives it: a file, or a text field. */
export type MultipartPart = { type: 'file'; fieldname: string; file: Readable; filename: string; mimetype: string } | { type: 'field'; fieldname: string; value: unknown };

/** What `receiveFileParts` reads of a request (Fastify's request with @fastify/multipart). */
export interface MultipartRequest {
  isMultipart(): boolean;
  parts(options: { limits: { fileSize: number } }): AsyncIterable<MultipartPart>;
}

/** Where `receiveFileParts` keeps the files of a body, and how it takes one back. */
export interface FilePartStore<T> {
  /** Receives one file part; undefined for the empty file box of a form sent without a file. */
  receive(part: { file: Readable; filename: string; mimetype: string }): Promise<T | undefined>;
  /** Removes a received file that will not be recorded. */
  discard(received: T): void;
  /** The 400's message when the body holds no file; without one, a body with no file gives an empty list. */
  noFile?: string;
  /** Told of each text field, in order (a field it refuses with an HttpError stops the upload like any refusal). */
  field?(name: string, value: string): void;
}

/**
 * Receives every file of a multipart body (field "file", one or more) into `store`, each at most `maxBytes`
 * (413); text fields go to `store.field` when it has one, else they are skipped. Nothing is recorded here; on any
 * failure the files already received are discarded. A body that is not multipart or a file in another field is a
 * 400, and so is a body with no file when the store gives a `noFile` message.
 */
export async function receiveFileParts<T>(req: MultipartRequest, maxBytes: number, store: FilePartStore<T>): Promise<T[]> {
  if (!req.isMultipart()) throw badRequest('send the files as multipart/form-data, in a field named "file"');
  const received: T[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
      if (part.type !== 'file') {
        store.field?.(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badRequest('send the files in a field named "file"');
      }
      const r = await store.receive(part);
      if (r) received.push(r);
    }
  } catch (e) {
    for (const r of received) store.discard(r);
    throw e;
  }
  if (received.length === 0 && store.noFile !== undefined) throw badRequest(store.noFile);
  return received;
}
