/**
 * The transport against hostile local servers (127.0.0.1 only): each misbehaviour gives its typed error and
 * the transcript keeps the evidence; the rate limit holds under concurrency, judged by the server's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UssdError } from '../errors.js';
import { UssdTransport } from './transport.js';
import type { UssdHttpRequest } from './types.js';

const servers: Array<http.Server | net.Server> = [];

async function listen<S extends http.Server | net.Server>(server: S): Promise<{ server: S; url: string }> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/ussd` };
}

afterAll(async () => {
  for (const s of servers) {
    (s as http.Server).closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

const POST: UssdHttpRequest = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' };

async function failure(t: UssdTransport, req: UssdHttpRequest = POST): Promise<UssdError> {
  try {
    await t.send(req, { source: 'test' });
  } catch (e) {
    expect(e).toBeInstanceOf(UssdError);
    return e as UssdError;
  }
  throw new Error('expected the send to fail');
}

describe('UssdTransport', () => {
  it('can leave the auth headers out and send to another path on the same host (for tests that need it)', async () => {
    const seen: Array<{ url: string; key: string | undefined }> = [];
    const { url } = await listen(
      http.createServer((req, res) => {
        seen.push({ url: req.url!, key: req.headers['x-api-key'] as string | undefined });
        req.resume();
        res.end('END ok');
      }),
    );
    const t = new UssdTransport({ endpoint: url, authHeaders: { 'X-Api-Key': 'k' }, ratePerSecond: 100 });
    await t.send(POST, { source: 'a' });
    const r = await t.send(POST, { source: 'b', omitAuth: true, path: 'notify' });
    await t.send(POST, { source: 'c', path: '/elsewhere' });
    expect(seen).toEqual([
      { url: '/ussd', key: 'k' },
      { url: '/ussd/notify', key: undefined },
      { url: '/elsewhere', key: 'k' },
    ]);
    expect(r.entry.request.headers['x-api-key']).toBeUndefined();
  });

  it('hands the transcript entry over with a transport error', async () => {
    const { url } = await listen(http.createServer((req) => req.socket.destroy()));
    const t = new UssdTransport({ endpoint: url });
    const e = await failure(t);
    expect((e as UssdError & { entry?: { id: number } }).entry?.id).toBe(1);
  });

  it('sends the request with the auth headers and records a redacted transcript', async () => {
    const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
    const { url } = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen.push({ url: req.url!, headers: req.headers, body });
          res.writeHead(200, { 'content-type': 'text/plain', 'x-app': 'demo' });
          res.end('CON Welcome');
        });
      }),
    );
    const t = new UssdTransport({ endpoint: url, authHeaders: { 'X-Api-Key': 's3cret' } });
    const r = await t.send({ method: 'GET', headers: {}, query: { a: '1', b: 'x y' } }, { source: 'crawl' });
    expect(r.response.status).toBe(200);
    expect(r.response.body).toBe('CON Welcome');
    expect(r.response.headers['x-app']).toBe('demo');
    expect(seen[0]!.url).toBe('/ussd?a=1&b=x+y');
    expect(seen[0]!.headers['x-api-key']).toBe('s3cret');
    await t.send(POST, { source: 'USSD-TEST-01' });
    expect(seen[1]!.body).toBe('hello');
    expect(t.transcript).toHaveLength(2);
    const [e1, e2] = t.transcript;
    expect(e1!.id).toBe(1);
    expect(e2!.id).toBe(2);
    expect(e1!.source).toBe('crawl');
    expect(e2!.source).toBe('USSD-TEST-01');
    expect(e1!.request.headers['x-api-key']).toBe('<redacted>');
    expect(JSON.stringify(t.transcript)).not.toContain('s3cret');
    expect(e2!.request.body).toBe('hello');
    expect(e2!.response!.body).toBe('CON Welcome');
    expect(e2!.atMs).toBeGreaterThanOrEqual(e1!.atMs);
  });

  it('times out a server that never answers', async () => {
    const { url } = await listen(http.createServer(() => {}));
    const t = new UssdTransport({ endpoint: url, timeoutMs: 300 });
    const e = await failure(t);
    expect(e.code).toBe('DFSLAB_E_USSD_TIMEOUT');
    expect(t.transcript[0]!.error?.code).toBe('DFSLAB_E_USSD_TIMEOUT');
  });

  it('times out a slow-loris answer: the timer covers the whole body', async () => {
    const { url } = await listen(
      http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('C');
        const iv = setInterval(() => {
          if (res.destroyed) clearInterval(iv);
          else res.write('O');
        }, 50);
        res.on('close', () => clearInterval(iv));
      }),
    );
    const t = new UssdTransport({ endpoint: url, timeoutMs: 400 });
    const e = await failure(t);
    expect(e.code).toBe('DFSLAB_E_USSD_TIMEOUT');
    const entry = t.transcript[0]!;
    expect(entry.response?.status).toBe(200);
    expect(entry.response?.body.startsWith('CO')).toBe(true);
  });

  it('stops reading a huge or never-ending body at the size limit', async () => {
    const { url } = await listen(
      http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        if (req.url?.includes('forever')) {
          const chunk = Buffer.alloc(16 * 1024, 0x41);
          const pump = (): void => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
          res.on('error', () => {});
        } else {
          res.end(Buffer.alloc(10 * 1024 * 1024, 0x42));
        }
      }),
    );
    for (const endpoint of [`${url}/huge`, `${url}/forever`]) {
      const t = new UssdTransport({ endpoint, maxResponseBytes: 4096, timeoutMs: 5000 });
      const e = await failure(t);
      expect(e.code).toBe('DFSLAB_E_USSD_RESPONSE_TOO_LARGE');
      const entry = t.transcript[0]!;
      expect(entry.response?.truncated).toBe(true);
      expect(entry.response?.body.length).toBe(4096);
    }
  });

  it('records a redirect and does not follow it', async () => {
    let followed = 0;
    const { url } = await listen(
      http.createServer((req, res) => {
        if (req.url === '/elsewhere') {
          followed++;
          res.end('CON followed');
          return;
        }
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
      }),
    );
    const t = new UssdTransport({ endpoint: url });
    const e = await failure(t);
    expect(e.code).toBe('DFSLAB_E_USSD_TRANSPORT');
    expect(e.message).toContain('redirect');
    expect(t.transcript[0]!.response?.status).toBe(302);
    expect(t.transcript[0]!.response?.headers.location).toBe('/elsewhere');
    expect(followed).toBe(0);
  });

  it('gives a transport error for malformed HTTP, a reset connection and a refused one', async () => {
    const { url: garbage } = await listen(
      net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', () => s.end('THIS IS NOT HTTP\r\n\r\n'));
      }),
    );
    const { url: reset } = await listen(
      net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', () => s.resetAndDestroy());
      }),
    );
    const closed = await listen(net.createServer());
    const refusedUrl = closed.url;
    await new Promise<void>((r) => closed.server.close(() => r()));
    servers.splice(servers.indexOf(closed.server), 1);
    for (const endpoint of [garbage, reset, refusedUrl]) {
      const t = new UssdTransport({ endpoint, timeoutMs: 3000 });
      const e = await failure(t);
      expect(e.code, endpoint).toBe('DFSLAB_E_USSD_TRANSPORT');
      expect(t.transcript[0]!.error?.code).toBe('DFSLAB_E_USSD_TRANSPORT');
    }
  });

  it('refuses to send beyond the request budget', async () => {
    let hits = 0;
    const { url } = await listen(
      http.createServer((_req, res) => {
        hits++;
        res.end('END ok');
      }),
    );
    const t = new UssdTransport({ endpoint: url, maxRequests: 3, ratePerSecond: 100 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => t.send(POST, { source: 'test' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(2);
    for (const r of rejected) expect((r.reason as UssdError).code).toBe('DFSLAB_E_USSD_BUDGET_EXHAUSTED');
    expect(hits).toBe(3);
    expect(t.requestsLeft).toBe(0);
  });

  it('never exceeds the rate limit, even with concurrent sessions (server timestamps)', async () => {
    const arrivals: number[] = [];
    const { url } = await listen(
      http.createServer((_req, res) => {
        arrivals.push(performance.now());
        res.end('CON ok');
      }),
    );
    const rate = 20;
    const t = new UssdTransport({ endpoint: url, ratePerSecond: rate });
    // 6 concurrent "sessions" of 6 hops each, all racing for the limiter.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = 0; i < 6; i++) await t.send(POST, { source: 'rate' });
      }),
    );
    expect(arrivals).toHaveLength(36);
    arrivals.sort((a, b) => a - b);
    // Any `rate + 1` consecutive arrivals span at least one second (a few ms for loopback scheduling jitter).
    for (let i = 0; i + rate < arrivals.length; i++) {
      expect(arrivals[i + rate]! - arrivals[i]!).toBeGreaterThanOrEqual(1000 - 15);
    }
  });

  describe('TLS', () => {
    let dir = '';
    let haveOpenssl = true;
    let url = '';
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'dfslab-tls-'));
      try {
        execFileSync('openssl', [
          'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
          '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
          '-subj', '/CN=dfslab-lab-target/O=DFS Lab',
          '-addext', 'subjectAltName=IP:127.0.0.1',
        ], { stdio: 'ignore' });
      } catch {
        haveOpenssl = false;
        return;
      }
      const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('CON secure'));
      const l = await listen(server);
      url = l.url.replace('http:', 'https:');
    });

    it('refuses a self-signed certificate by default, accepts it with insecure or its CA, and records the session', async (ctx) => {
      if (!haveOpenssl) {
        ctx.skip('openssl is not installed: cannot generate a test certificate');
        return;
      }
      const strict = new UssdTransport({ endpoint: url });
      const e = await failure(strict);
      expect(e.code).toBe('DFSLAB_E_USSD_TRANSPORT');
      expect(e.message).toContain('tls.insecure');

      const insecure = new UssdTransport({ endpoint: url, tls: { insecure: true } });
      const r = await insecure.send(POST, { source: 'tls' });
      expect(r.response.body).toBe('CON secure');
      const ev = insecure.transcript[0]!.tls!;
      expect(ev.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(ev.subject).toContain('CN=dfslab-lab-target');
      expect(ev.authorized).toBe(false);

      const pinned = new UssdTransport({ endpoint: url, tls: { ca: readFileSync(join(dir, 'cert.pem'), 'utf8') } });
      await pinned.send(POST, { source: 'tls' });
      expect(pinned.transcript[0]!.tls!.authorized).toBe(true);
    });
  });
});
