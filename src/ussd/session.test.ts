import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PIN, startFakeApp, tinyDialect, type FakeApp } from './fake-app.test-support.js';
import { sameSubscriber, sessionIdFor, UssdClient } from './session.js';
import { UssdTransport } from './transport.js';
import type { Dialect } from './types.js';

const A = '254711000001';
let app: FakeApp;
beforeAll(async () => {
  app = await startFakeApp();
});
afterAll(async () => {
  await app.close();
});

function client(dialect: Dialect = tinyDialect): UssdClient {
  return new UssdClient({ dialect, transport: new UssdTransport({ endpoint: app.url, ratePerSecond: 1000 }), serviceCode: '*384*1#', callers: [A] });
}

describe('UssdClient and UssdSession', () => {
  it('dials and sends cumulative input as the dialect builds it', async () => {
    app.texts.length = 0;
    const c = client();
    const s = await c.dial(A);
    expect(s.screen?.text).toContain('Welcome to TestPay');
    await s.send('2');
    await s.send('1');
    expect(s.screen?.text).toBe('Enter your PIN:');
    await s.send(FAKE_PIN);
    expect(s.ended).toBe(true);
    expect(s.screen).toEqual({ continue: false, text: 'Your balance is KES 1,000' });
    expect(s.history).toEqual(['2', '1', FAKE_PIN]);
    expect(app.texts).toEqual(['', '2', '2*1', `2*1*${FAKE_PIN}`]);
    expect(s.exchanges.map((x) => x.hop.sequence)).toEqual([1, 2, 3, 4]);
    expect(new Set(s.exchanges.map((x) => x.hop.sessionId)).size).toBe(1);
    await expect(s.send('1')).rejects.toMatchObject({ code: 'DFSLAB_E_USAGE' });
    // Post-END reuse is a test case of its own, so it is possible on purpose.
    await s.send('1', { afterEnd: true });
    expect(c.transport.transcript.every((e) => e.source === 'crawl' && e.screen !== undefined)).toBe(true);
  });

  it('walk stops at the end of the session and keeps protocol errors in the session', async () => {
    const c = client().withSource('USSD-DISC-01');
    const done = await c.walk(A, ['0', '1', '2']);
    expect(done.ended).toBe(true);
    expect(done.history).toEqual(['0']);
    const broken = await c.walk(A, ['4']);
    expect(broken.error?.code).toBe('DFSLAB_E_USSD_PROTOCOL');
    expect(broken.ended).toBe(true);
    const last = c.transport.transcript[c.transport.transcript.length - 1]!;
    expect(last.source).toBe('USSD-DISC-01');
    expect(last.error?.code).toBe('DFSLAB_E_USSD_PROTOCOL');
    expect(last.response?.body).toContain('HELLO');
  });

  it('sends only the latest input to per-hop dialects', async () => {
    const seen: Array<{ input: string; history: readonly string[] }> = [];
    const perHop: Dialect = {
      ...tinyDialect,
      id: 'tiny-per-hop',
      semantics: { ...tinyDialect.semantics, input: 'per-hop' },
      request(hop) {
        seen.push({ input: hop.input, history: hop.history });
        return tinyDialect.request(hop);
      },
    };
    const s = await client(perHop).dial(A, { sessionId: 'fixed-1', dialString: '*384*1*2#' });
    await s.send('2');
    await s.send('0');
    expect(s.sessionId).toBe('fixed-1');
    expect(seen).toEqual([
      { input: '', history: [] },
      { input: '2', history: [] },
      { input: '0', history: ['2'] },
    ]);
    expect(s.exchanges[0]!.hop.extras?.dialString).toBe('*384*1*2#');
  });

  it('refuses callers that are not declared accounts', async () => {
    await expect(client().dial('254799999999')).rejects.toMatchObject({ code: 'DFSLAB_E_USSD_SAFETY_STOP' });
    expect(sameSubscriber('+254711000001', '254711000001')).toBe(true);
    expect(sameSubscriber('0711000001', '254711000001')).toBe(true);
    expect(sameSubscriber('0711000002', '254711000001')).toBe(false);
    expect(sameSubscriber('1', '254711000001')).toBe(false);
  });

  it('makes session ids in each gateway style', () => {
    const r = (n: number): Uint8Array => new Uint8Array(n).fill(0xab);
    expect(sessionIdFor('africastalking', r)).toMatch(/^ATUid_[0-9a-f]{32}$/);
    expect(sessionIdFor('hubtel', r)).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionIdFor('nalo', r)).toMatch(/^[1-9]\d{15}$/);
    expect(sessionIdFor('arkesel', r)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set(Array.from({ length: 50 }, () => client().newSessionId()));
    expect(ids.size).toBe(50);
  });
});

describe('gateway state echo', () => {
  it('sends back the ClientState the last Hubtel answer carried', async () => {
    const { dialectById } = await import('./dialects/index.js');
    const { UssdTransport } = await import('./transport.js');
    const http = await import('node:http');
    const bodies: Array<Record<string, unknown>> = [];
    const server = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(b) as Record<string, unknown>;
        bodies.push(body);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ Type: 'Response', Message: `step ${bodies.length}`, ClientState: `state-${bodies.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const client = new UssdClient({
        dialect: dialectById('hubtel'),
        transport: new UssdTransport({ endpoint: `http://127.0.0.1:${port}/hubtel`, ratePerSecond: 100 }),
        serviceCode: '*714#',
        callers: ['233200000001'],
      });
      const s = await client.dial('233200000001');
      await s.send('1');
      await s.send('2');
      expect(bodies.map((b) => b.ClientState ?? '')).toEqual(['', 'state-1', 'state-2']);
    } finally {
      server.close();
    }
  });
});

describe('throttled dials', () => {
  /** The fake app behind a gate that refuses the first `refuse` dials, with a screen or an HTTP status. */
  async function throttlingApp(refuse: number, how: 'screen' | 'http'): Promise<{ url: string; dials: string[]; close(): Promise<void> }> {
    const http = await import('node:http');
    const { fakeScreen } = await import('./fake-app.test-support.js');
    const dials: string[] = [];
    let refused = 0;
    const server = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(b);
        const text = form.get('text') ?? '';
        if (text === '') dials.push(form.get('sessionId') ?? '');
        if (text === '' && refused < refuse) {
          refused++;
          if (how === 'http') res.writeHead(429, { 'content-type': 'text/plain' }).end('Too Many Requests');
          else res.writeHead(200, { 'content-type': 'text/plain' }).end('END Too many requests. Please try again later.');
          return;
        }
        // Later hops of a session are refused too when asked (the runner must not retry those).
        if (text === '9') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('END Service busy, try again later');
        res.writeHead(200, { 'content-type': 'text/plain' }).end(fakeScreen(text) ?? 'HELLO');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/ussd`, dials, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  function throttled(url: string, slept: number[], backoffMs: readonly number[] = [5_000, 15_000]): UssdClient {
    return new UssdClient({ dialect: tinyDialect, transport: new UssdTransport({ endpoint: url, ratePerSecond: 1000 }), serviceCode: '*384*1#', callers: [A] }).withThrottleRetry({
      backoffMs,
      sleep: async (ms) => void slept.push(ms),
    });
  }

  it('dials again after each wait when the first answer is a throttle screen, each time as a new session', async () => {
    const app = await throttlingApp(2, 'screen');
    try {
      const slept: number[] = [];
      const c = throttled(app.url, slept).withSource('ussd.x.y');
      const s = await c.walk(A, ['2']);
      expect(slept).toEqual([5_000, 15_000]);
      expect(s.screen?.text).toContain('My account');
      expect(s.exchanges).toHaveLength(2);
      expect(new Set(app.dials).size).toBe(3);
      // The refusals are requests like any other: in the transcript, under the test's name.
      expect(c.transport.transcript.map((e) => e.source)).toEqual(['ussd.x.y', 'ussd.x.y', 'ussd.x.y', 'ussd.x.y']);
      expect(c.transport.requestsUsed).toBe(4);
    } finally {
      await app.close();
    }
  });

  it('dials again after HTTP 429, and hands back the last refusal when the schedule is spent', async () => {
    const app = await throttlingApp(100, 'http');
    try {
      const slept: number[] = [];
      const c = throttled(app.url, slept);
      await expect(c.dial(A)).rejects.toMatchObject({ code: 'DFSLAB_E_USSD_PROTOCOL' });
      expect(slept).toEqual([5_000, 15_000]);
      const failed = await c.walk(A, ['1']);
      expect(failed.error?.code).toBe('DFSLAB_E_USSD_PROTOCOL');
      expect(failed.exchanges[0]!.entry.response?.status).toBe(429);
      expect(app.dials).toHaveLength(6);
      expect(slept).toEqual([5_000, 15_000, 5_000, 15_000]);
      expect(failed.exchanges).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('keeps a session id the caller named, never retries later hops, and does not retry without the option', async () => {
    const app = await throttlingApp(1, 'screen');
    try {
      const slept: number[] = [];
      const c = throttled(app.url, slept);
      const s = await c.walk(A, ['9'], { sessionId: 'ATUid_fixed' });
      expect(app.dials).toEqual(['ATUid_fixed', 'ATUid_fixed']);
      expect(slept).toEqual([5_000]);
      // The refusal after an input is the caller's to read.
      expect(s.screen).toEqual({ continue: false, text: 'Service busy, try again later' });
      const plain = c.withThrottleRetry(undefined);
      app.dials.length = 0;
      expect((await plain.walk(A, [])).screen?.text).toContain('Welcome');
      expect(slept).toEqual([5_000]);
    } finally {
      await app.close();
    }
  });
});
