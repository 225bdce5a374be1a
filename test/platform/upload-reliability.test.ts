/**
 * Uploads when things go wrong, from the client's side:
 * - the server process is killed (SIGKILL) while some uploads are complete and others are still arriving: after
 *   a restart every upload that was answered 202 has its scan, which then finishes; the cut-off uploads left no
 *   scan behind (the built CLI in child processes, on the embedded database);
 * - a 2 GB upload is refused early: announced by Content-Length, before any of it is read; sent without a
 *   length (chunked), as soon as the limit is passed — the client gets its 413 having sent little more than
 *   the limit, and nothing is left on disk;
 * - a server stopped while an upload hangs stops within its grace period and leaves no partial file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/platform/auth/sessions.js';
import { repoRoot } from '../corpus.js';
import { Client, PASSWORD, startTestPlatform, type TestPlatform } from './platform.js';
import { BUILT, serveProcess as serve, waitFor } from './serve-process.js';

const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'fixtures', 'android', 'build', name));

const BOUNDARY = 'dfslab-test-boundary';
const head = (name: string): Buffer => Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

interface Streamed {
  /** Resolves with the status once the server answers (or 0 if the connection dies first). */
  status: Promise<number>;
  body: Promise<string>;
  sent: () => number;
  /** Sends more of the body (never the closing boundary); false when the socket's buffer is full. */
  push: (bytes: Buffer) => boolean;
  /** Resolves when the buffer has drained, or the request has ended either way. */
  drained: () => Promise<void>;
  abort: () => void;
}

/** A multipart upload whose body the test writes piece by piece (or endlessly), with or without a length. */
function streamUpload(base: string, path: string, token: string, o: { contentLength?: number } = {}): Streamed {
  const url = new URL(path, base);
  let sent = 0;
  let resolveStatus!: (n: number) => void;
  let resolveBody!: (s: string) => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const body = new Promise<string>((r) => (resolveBody = r));
  const req = request(
    { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...(o.contentLength !== undefined ? { 'content-length': String(o.contentLength) } : {}) } },
    (res) => {
      resolveStatus(res.statusCode ?? 0);
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolveBody(text));
      res.on('error', () => resolveBody(text));
    },
  );
  req.on('error', () => {
    resolveStatus(0);
    resolveBody('');
  });
  req.flushHeaders();
  return {
    status,
    body,
    sent: () => sent,
    push: (bytes) => {
      sent += bytes.length;
      return req.write(bytes);
    },
    drained: () => new Promise<void>((r) => {
      req.once('drain', r);
      req.once('close', r);
      void status.then(() => r());
    }),
    abort: () => req.destroy(),
  };
}

async function upload(base: string, appId: string, token: string, name: string, bytes: Uint8Array): Promise<{ status: number; id?: string }> {
  const f = new FormData();
  f.set('file', new Blob([bytes]), name);
  const r = await fetch(`${base}/api/v1/apps/${appId}/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: f });
  const j = (await r.json()) as { scan?: { id: string } };
  return { status: r.status, ...(j.scan ? { id: j.scan.id } : {}) };
}

describe('uploads when the server is killed, or the file is far too large', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a server killed during uploads loses no completed upload, and keeps none of the cut-off ones', async (ctx) => {
    if (!BUILT) return ctx.skip('dfslab is not built (npm run build)');
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-killed-'));
    dirs.push(dir);
    const first = serve(dir);
    let second: ReturnType<typeof serve> | undefined;
    try {
      const link = await waitFor(() => /(http:\/\/\S+\/setup\?token=\S+)/.exec(first.output())?.[1], 90_000, 'the setup link');
      const base = new URL(link).origin;
      const admin = new Client(base);
      const setup = await admin.post('/setup', { token: new URL(link).searchParams.get('token')!, orgName: 'Crash Lab', country: 'Testland', name: 'Ada', email: 'ada@lab.test', password: PASSWORD });
      expect(setup.status).toBe(303);
      await admin.get('/');
      const tok = await admin.request('POST', '/api/v1/tokens', { json: { name: 'ci' } });
      expect(tok.status).toBe(201);
      const token = (JSON.parse(tok.text_) as { secret: string }).secret;
      const api = async (method: string, path: string, json?: unknown) => {
        const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) }, ...(json ? { body: JSON.stringify(json) } : {}) });
        return (await r.json()) as Record<string, { id: string }>;
      };
      const provider = (await api('POST', '/api/v1/providers', { name: 'CrashPay', kind: 'fintech' })).provider!;
      const app = (await api('POST', `/api/v1/providers/${provider.id}/apps`, { name: 'Pair', platform: 'android', identifier: 'org.dfslab.fixture.diffpair' })).app!;

      // Two uploads stall halfway; three complete while they hang.
      const v1 = fixture('diff-v1.apk');
      const v2 = fixture('diff-v2.apk');
      const stalled = [streamUpload(base, `/api/v1/apps/${app.id}/scans`, token), streamUpload(base, `/api/v1/apps/${app.id}/scans`, token)];
      for (const s of stalled) {
        s.push(head('stalled.apk'));
        s.push(v1.subarray(0, v1.length >> 1));
      }
      const done = await Promise.all([upload(base, app.id, token, 'v1.apk', v1), upload(base, app.id, token, 'v2.apk', v2), upload(base, app.id, token, 'v1-again.apk', v1)]);
      expect(done.map((d) => d.status)).toEqual([202, 202, 202]);
      await waitFor(() => (readdirSync(join(dir, 'uploads')).length >= 2 ? true : undefined), 10_000, 'the stalled uploads to reach the disk');

      first.child.kill('SIGKILL');
      await first.exited;
      for (const s of stalled) s.abort();

      // Restarted on the same data directory (the dead process's lock is taken over): the three scans are there
      // and the worker finishes them; nothing came of the stalled ones.
      second = serve(dir);
      const base2 = await waitFor(() => /lab platform at (http:\/\/\S+)/.exec(second!.output())?.[1], 90_000, 'the restarted server');
      const scans = await waitFor(async () => {
        const r = await fetch(`${base2}/api/v1/scans`, { headers: { authorization: `Bearer ${token}` } });
        const list = ((await r.json()) as { scans: Array<{ id: string; status: string; file_name: string }> }).scans;
        return list.every((s) => s.status === 'done' || s.status === 'failed') ? list : undefined;
      }, 120_000, 'the scans to finish after the restart');
      expect(new Set(scans.map((s) => s.id))).toEqual(new Set(done.map((d) => d.id)));
      expect(scans.map((s) => s.status)).toEqual(['done', 'done', 'done']);
      expect(scans.map((s) => s.file_name).sort()).toEqual(['v1-again.apk', 'v1.apk', 'v2.apk']);
      // Two builds, kept once each (content-addressed).
      expect(readdirSync(join(dir, 'artifacts')).length).toBe(2);
    } finally {
      first.child.kill('SIGKILL');
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    }
  }, 300_000);

  it('refuses a 2 GB upload early: before reading it when announced, at the limit when not; nothing left on disk', async () => {
    const limit = 4 * 1024 * 1024;
    const t: TestPlatform = await startTestPlatform('pglite', { config: { maxUploadBytes: limit }, worker: false, sweeper: false });
    try {
      const admin = await (async () => {
        const c = new Client(t.url);
        const token = new URL(t.p.setupUrl!).searchParams.get('token')!;
        expect((await c.post('/setup', { token, orgName: 'Big Lab', country: 'Testland', name: 'Ada', email: 'ada@big.test', password: PASSWORD })).status).toBe(303);
        await c.get('/');
        return c;
      })();
      const r = await admin.request('POST', '/api/v1/providers', { json: { name: 'BigPay', kind: 'bank' } });
      const providerId = (JSON.parse(r.text_) as { provider: { id: string } }).provider.id;
      const a = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'Big', platform: 'android', identifier: 'org.example.big' } });
      const appId = (JSON.parse(a.text_) as { app: { id: string } }).app.id;
      const user = (await t.p.db.one<{ id: string; org_id: string }>("select id, org_id from users where email = 'ada@big.test'"))!;
      const { token } = await createApiToken(t.p.db, { userId: user.id, orgId: user.org_id }, 'big');
      const TWO_GB = 2 * 1024 ** 3;
      const chunk = Buffer.alloc(1024 * 1024, 0x41);

      // Announced: the answer comes before the client has sent a single byte of the body.
      const announced = streamUpload(t.url, `/api/v1/apps/${appId}/scans`, token, { contentLength: TWO_GB });
      const s1 = await Promise.race([announced.status, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
      expect(s1).toBe(413);
      expect(announced.sent()).toBe(0);
      expect(await announced.body).toContain('at most 4 MiB');
      announced.abort();

      // Not announced (chunked): the client keeps sending until the server answers; the answer comes once the
      // limit is passed, and nothing stays on disk.
      const chunked = streamUpload(t.url, `/api/v1/apps/${appId}/scans`, token);
      let answered = 0;
      void chunked.status.then((s) => (answered = s));
      chunked.push(head('huge.apk'));
      let peakOnDisk = 0;
      const uploads = join(t.dataDir, 'uploads');
      while (answered === 0 && chunked.sent() < TWO_GB) {
        if (!chunked.push(chunk)) await chunked.drained();
        peakOnDisk = Math.max(peakOnDisk, bytesIn(uploads));
      }
      expect(await chunked.status).toBe(413);
      chunked.abort();
      expect(chunked.sent()).toBeLessThan(limit + 64 * 1024 * 1024);
      expect(peakOnDisk).toBeLessThanOrEqual(limit + chunk.length);
      await waitFor(() => (readdirSync(uploads).length === 0 ? true : undefined), 5_000, 'the partial upload to be removed');
      expect(existsSync(join(t.dataDir, 'artifacts')) ? readdirSync(join(t.dataDir, 'artifacts')) : []).toEqual([]);
      expect((await t.p.db.query('select 1 from scans')).length).toBe(0);
    } finally {
      await t.stop();
    }
  }, 120_000);

  it('a server stopped while an upload hangs stops within its grace period and keeps no partial file', async () => {
    const t: TestPlatform = await startTestPlatform('pglite', { worker: false, sweeper: false, shutdownGraceMs: 1_000 });
    let stopped = false;
    try {
      const c = new Client(t.url);
      const setupToken = new URL(t.p.setupUrl!).searchParams.get('token')!;
      expect((await c.post('/setup', { token: setupToken, orgName: 'Stop Lab', country: 'Testland', name: 'Ada', email: 'ada@stop.test', password: PASSWORD })).status).toBe(303);
      await c.get('/');
      const r = await c.request('POST', '/api/v1/providers', { json: { name: 'StopPay', kind: 'bank' } });
      const providerId = (JSON.parse(r.text_) as { provider: { id: string } }).provider.id;
      const a = await c.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'Pair', platform: 'android', identifier: 'org.dfslab.fixture.diffpair' } });
      const appId = (JSON.parse(a.text_) as { app: { id: string } }).app.id;
      const user = (await t.p.db.one<{ id: string; org_id: string }>("select id, org_id from users where email = 'ada@stop.test'"))!;
      const { token } = await createApiToken(t.p.db, { userId: user.id, orgId: user.org_id }, 'stop');
      const hanging = streamUpload(t.url, `/api/v1/apps/${appId}/scans`, token);
      hanging.push(head('slow.apk'));
      hanging.push(fixture('diff-v1.apk').subarray(0, 4096));
      const uploads = join(t.dataDir, 'uploads');
      await waitFor(() => (existsSync(uploads) && readdirSync(uploads).length === 1 ? true : undefined), 10_000, 'the upload to reach the disk');
      const started = Date.now();
      await t.p.stop();
      stopped = true;
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(await hanging.status).toBe(0);
      await waitFor(() => (readdirSync(uploads).length === 0 ? true : undefined), 5_000, 'the partial upload to be removed');
    } finally {
      if (!stopped) await t.p.stop();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Bytes in the files of a folder (0 when it is not there; files vanishing meanwhile count 0). */
function bytesIn(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir)) {
    try {
      n += statSync(join(dir, f)).size;
    } catch {
      // removed meanwhile
    }
  }
  return n;
}
