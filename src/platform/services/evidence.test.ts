/**
 * The parts of evidence handling that decide safety on their own: which content types are served as
 * themselves, the download's file name header, and receiving a stream (limit, empty file, nothing left behind).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../http/context.js';
import { HttpError } from '../http/routes.js';
import { attachmentDisposition, cleanContentType, discardEvidence, evidencePath, receiveEvidence,
  receiveEvidencePart, servedContentType } from './evidence.js';

describe('content types', () => {
  it('serves only allow-listed types as themselves', () => {
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('IMAGE/JPEG; q=1')).toBe('image/jpeg');
    expect(servedContentType('text/plain; charset=utf-8')).toBe('text/plain');
    for (const t of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript', '', 'garbage', 'text/plain\r\nx: y']) {
      expect(servedContentType(t), t).toBe('application/octet-stream');
    }
  });
  it('keeps a well-formed declared type and nothing else', () => {
    expect(cleanContentType('Application/PDF')).toBe('application/pdf');
    expect(cleanContentType('text/html\nset-cookie: a=b')).toBe('application/octet-stream');
    expect(cleanContentType(`a/${'b'.repeat(200)}`)).toBe('application/octet-stream');
  });
});

describe('attachmentDisposition', () => {
  it('is always an attachment and cannot be broken out of by the name', () => {
    expect(attachmentDisposition('shot.png')).toBe(`attachment; filename="shot.png"; filename*=UTF-8''shot.png`);
    const tricky = attachmentDisposition('a"; filename="evil.html\\.png');
    expect(tricky.startsWith('attachment; filename="a_; filename=_evil.html_.png";')).toBe(true);
    expect(attachmentDisposition('résumé (1).pdf')).toBe(`attachment; filename="r_sum_ (1).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.pdf`);
  });
});

describe('receiveEvidence', () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const setup = (max: number) => {
    dataDir = mkdtempSync(join(tmpdir(), 'dfslab-evidence-'));
    return { ...defaultConfig(dataDir), maxEvidenceBytes: max };
  };
  const leftovers = (dir: string) => readdirSync(join(dir, 'evidence'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());

  it('stores the stream under a new id with its hash and size, and discards it on request', async () => {
    const config = setup(1024);
    const chunks = [Buffer.from('hello '), Buffer.from('evidence')];
    const r = await receiveEvidence(config, Readable.from(chunks), '../../x/..\\shot.png', 'image/png');
    expect(r.fileName).toBe('shot.png');
    expect(r.size).toBe(14);
    expect(r.sha256).toBe(createHash('sha256').update('hello evidence').digest('hex'));
    expect(r.path).toBe(evidencePath(config.dataDir, r.id));
    expect(readFileSync(r.path, 'utf8')).toBe('hello evidence');
    discardEvidence(config, r);
    expect(existsSync(r.path)).toBe(false);
    expect(leftovers(config.dataDir)).toEqual([]);
  });

  it('refuses a stream past the limit with 413 and an empty one with 400, leaving no file', async () => {
    const config = setup(10);
    const over = receiveEvidence(config, Readable.from([Buffer.alloc(6), Buffer.alloc(5)]), 'big.bin', 'application/octet-stream');
    await expect(over).rejects.toMatchObject({ status: 413 });
    await expect(over).rejects.toBeInstanceOf(HttpError);
    // Exactly the limit is accepted.
    const exact = await receiveEvidence(config, Readable.from([Buffer.alloc(10)]), 'ok.bin', '');
    expect(exact.size).toBe(10);
    discardEvidence(config, exact);
    await expect(receiveEvidence(config, Readable.from([]), 'empty.txt', 'text/plain')).rejects.toMatchObject({ status: 400 });
    expect(leftovers(config.dataDir)).toEqual([]);
  });

  it('skips the empty file box of a form sent without a file, and nothing else', async () => {
    const config = setup(10);
    const part = (filename: string, chunks: Buffer[]) => ({ file: Readable.from(chunks), filename, mimetype: 'application/octet-stream' });
    expect(await receiveEvidencePart(config, part('', []))).toBeUndefined();
    // A named empty file is still refused; a nameless one with content is kept under a neutral name.
    await expect(receiveEvidencePart(config, part('empty.txt', []))).rejects.toMatchObject({ status: 400 });
    const nameless = (await receiveEvidencePart(config, part('', [Buffer.from('abc')])))!;
    expect(nameless.fileName).toBe('upload');
    discardEvidence(config, nameless);
    expect(leftovers(config.dataDir)).toEqual([]);
  });

  it('refuses to name a path from anything but an id', () => {
    expect(() => evidencePath('/data', '../etc/passwd')).toThrow(/not an evidence id/);
  });
});
