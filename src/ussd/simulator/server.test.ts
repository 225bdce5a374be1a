import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PIN, LONG_TERMS, ROOT_SCREEN, startFakeApp, tinyDialect, type FakeApp } from '../fake-app.test-support.js';
import { connectTarget, parseTarget, type Connection } from '../target.js';
import type { Dialect } from '../types.js';
import { renderSimulatorPage } from './page.js';
import { startSimulator, type SimulatorServer } from './server.js';

const KEY = 'k3y-Very-Secret-9876';
const A = { msisdn: '254711000001', pin: '4826' };
const B = { msisdn: '254711000002', pin: '7391' };

function targetYaml(endpoint: string, extra = ''): string {
  return [
    `endpoint: ${endpoint}`,
    'dialect: africastalking',
    "serviceCode: '*384*12#'",
    'auth:',
    '  headers:',
    `    x-api-key: '${KEY}'`,
    'accounts:',
    `  - { msisdn: '${A.msisdn}', pin: '${A.pin}', role: A }`,
    `  - { msisdn: '${B.msisdn}', pin: '${B.pin}', role: B }`,
    'budget: { ratePerSecond: 100, maxRequests: 500 }',
    extra,
  ].join('\n');
}

async function connect(endpoint: string, dialect?: Dialect, extra = ''): Promise<Connection> {
  return connectTarget(parseTarget(targetYaml(endpoint, extra), '/labs/wallet/target.yaml'), { source: 'simulate', ...(dialect ? { dialect } : {}) });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** node:http rather than fetch: the tests set Host and Origin, which fetch forbids. */
function call(base: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, base);
  const h: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: h, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (base: string, path: string, value: unknown): Promise<Answer> => call(base, 'POST', path, JSON.stringify(value));

let app: FakeApp;
let conn: Connection;
let sim: SimulatorServer;

beforeAll(async () => {
  app = await startFakeApp();
  conn = await connect(app.url);
  sim = await startSimulator({ conn, port: 0 });
});
afterAll(async () => {
  await sim?.stop();
  await app?.close();
});

describe('the simulator page and /api/info', () => {
  it('tells the page the target, dialect, service code and declared numbers, and nothing secret', async () => {
    const r = await call(sim.url, 'GET', '/api/info');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      target: 'target.yaml',
      dialect: { id: 'africastalking', name: "Africa's Talking", hasRelease: false },
      serviceCode: '*384*12#',
      callers: [{ role: 'A', msisdn: A.msisdn }, { role: 'B', msisdn: B.msisdn }],
      defaultCaller: A.msisdn,
      maxScreenChars: 182,
    });
    expect(r.text).not.toContain(KEY);
    expect(r.text).not.toContain(A.pin);
    expect(r.text).not.toContain(B.pin);
    expect(r.text).not.toMatch(/"pin"|x-api-key/i);
  });

  it('serves one self-contained page under a nonce CSP', async () => {
    const r = await call(sim.url, 'GET', '/');
    expect(r.status).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(r.text).toContain(`<script nonce="${nonce}">`);
    expect(r.text).toContain(`<style nonce="${nonce}">`);
    expect(r.text).toContain('value="*384*12#"');
    expect(r.text).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(r.text).not.toContain(KEY);
    expect(r.text).not.toContain(A.pin);
    expect(r.text).not.toContain('innerHTML');
    // Each page load gets its own nonce.
    const again = await call(sim.url, 'GET', '/');
    expect(again.headers['content-security-policy']).not.toBe(csp);
  });

  it('escapes what it writes into the HTML', () => {
    const html = renderSimulatorPage(
      {
        target: '<img src=x onerror=alert(1)>.yaml',
        endpoint: 'http://x/"><script>alert(1)</script>',
        dialect: { id: 'x', name: '<b>gw</b>', input: 'per-hop', keyedBy: 'msisdn', hasRelease: false },
        serviceCode: '*1#',
        callers: [{ role: 'A', msisdn: '1"><x' }],
        defaultCaller: '1"><x',
        maxScreenChars: 182,
        limits: { maxSessions: 1, idleSeconds: 1, maxFieldChars: 200, ratePerSecond: 1, maxRequests: 1 },
      },
      'n"once',
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>gw</b>');
    expect(html).not.toContain('1"><x');
    expect(html).toContain('nonce="n&quot;once"');
  });
});

describe('sessions through the API', () => {
  it('dials, walks to the balance with the PIN, and ends; each answer carries only its new hops', async () => {
    const d = await post(sim.url, '/api/dial', { caller: 'A' });
    expect(d.status).toBe(200);
    expect(d.json.sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(d.json.gatewaySessionId).toMatch(/^ATUid_[0-9a-f]{32}$/);
    expect(d.json.screen).toEqual({ text: ROOT_SCREEN, continue: true, chars: [...ROOT_SCREEN].length });
    expect(d.json.ended).toBe(false);
    expect(d.json.transcript).toHaveLength(1);
    const dialHop = d.json.transcript[0];
    expect(dialHop.kind).toBe('dial');
    expect(dialHop.request.method).toBe('POST');
    expect(dialHop.request.body).toContain('serviceCode=*384*12%23');
    expect(dialHop.request.body).toContain('phoneNumber=%2B254711000001');
    expect(dialHop.request.headers['x-api-key']).toBe('<redacted>');
    expect(dialHop.response.status).toBe(200);
    expect(dialHop.response.body).toBe(`CON ${ROOT_SCREEN}`);
    expect(typeof dialHop.elapsedMs).toBe('number');
    const id = d.json.sessionId as string;

    const s1 = await post(sim.url, '/api/send', { sessionId: id, input: '2' });
    expect(s1.json.screen.text).toMatch(/^My account/);
    expect(s1.json.transcript.map((h: { kind: string; input: string }) => [h.kind, h.input])).toEqual([['input', '2']]);
    const s2 = await post(sim.url, '/api/send', { sessionId: id, input: '1' });
    expect(s2.json.screen.text).toBe('Enter your PIN:');
    const s3 = await post(sim.url, '/api/send', { sessionId: id, input: FAKE_PIN });
    expect(s3.json.screen).toMatchObject({ text: 'Your balance is KES 1,000', continue: false });
    expect(s3.json.ended).toBe(true);
    // Africa's Talking re-sends the whole path on every hop.
    expect(s3.json.transcript[0].request.body).toContain(`text=2*1*${FAKE_PIN}`);
    expect(s3.text).not.toContain(KEY);

    const after = await post(sim.url, '/api/send', { sessionId: id, input: '1' });
    expect(after.status).toBe(404);
    expect(after.json.error.code).toBe('DFSLAB_E_USAGE');
  });

  it('calls only as declared accounts', async () => {
    const before = app.texts.length;
    const no = await post(sim.url, '/api/dial', { caller: '254700999999' });
    expect(no.status).toBe(403);
    expect(no.json.error.code).toBe('DFSLAB_E_USSD_SAFETY_STOP');
    const role = await post(sim.url, '/api/dial', { caller: 'Z' });
    expect(role.status).toBe(403);
    expect(app.texts.length).toBe(before);
    const local = await post(sim.url, '/api/dial', { caller: '0711000002' });
    expect(local.status).toBe(200);
    expect(local.json.caller).toBe(B.msisdn);
    await post(sim.url, '/api/end', { sessionId: local.json.sessionId });
  });

  it('keeps the service code, and accepts a pre-entered route after it', async () => {
    const wrong = await post(sim.url, '/api/dial', { dialString: '*999#' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain('*384*12#');
    const route = await post(sim.url, '/api/dial', { dialString: '*384*12*2#' });
    expect(route.status).toBe(200);
    const end = await post(sim.url, '/api/end', { sessionId: route.json.sessionId });
    expect(end.status).toBe(200);
    expect(end.json.ended).toBe(true);
    // Africa's Talking has no release message: hanging up sends nothing.
    expect(end.json.transcript).toEqual([]);
    expect((await post(sim.url, '/api/end', { sessionId: route.json.sessionId })).status).toBe(404);
  });

  it('reports long screens by length and a malformed answer as the session\'s error', async () => {
    const d = await post(sim.url, '/api/dial', {});
    const long = await post(sim.url, '/api/send', { sessionId: d.json.sessionId, input: '3' });
    expect(long.json.screen.chars).toBe([...LONG_TERMS].length);
    expect(long.json.screen.chars).toBeGreaterThan(182);
    const d2 = await post(sim.url, '/api/dial', {});
    const bad = await post(sim.url, '/api/send', { sessionId: d2.json.sessionId, input: '4' });
    expect(bad.status).toBe(200);
    expect(bad.json.ended).toBe(true);
    expect(bad.json.error.code).toBe('DFSLAB_E_USSD_PROTOCOL');
    expect(bad.json.transcript[0].error.code).toBe('DFSLAB_E_USSD_PROTOCOL');
    expect(bad.json.transcript[0].response.body).toBe('HELLO this is not USSD');
    await post(sim.url, '/api/end', { sessionId: d.json.sessionId });
  });
});

describe('bad requests', () => {
  const cases: Array<[string, string, string, string | undefined, Record<string, string>?, number?]> = [
    ['not JSON', 'POST', '/api/dial', '{"caller":', undefined, 400],
    ['an array', 'POST', '/api/dial', '[]', undefined, 400],
    ['null', 'POST', '/api/dial', 'null', undefined, 400],
    ['a number', 'POST', '/api/send', '42', undefined, 400],
    ['an unknown field', 'POST', '/api/dial', '{"caller":"A","pin":"1234"}', undefined, 400],
    ['caller not a string', 'POST', '/api/dial', '{"caller":7}', undefined, 400],
    ['caller too long', 'POST', '/api/dial', JSON.stringify({ caller: '1'.repeat(201) }), undefined, 400],
    ['input missing', 'POST', '/api/send', JSON.stringify({ sessionId: 'a'.repeat(32) }), undefined, 400],
    ['input too long', 'POST', '/api/send', JSON.stringify({ sessionId: 'a'.repeat(32), input: '9'.repeat(201) }), undefined, 400],
    ['input with a control character', 'POST', '/api/send', JSON.stringify({ sessionId: 'a'.repeat(32), input: '1\u0000' }), undefined, 400],
    ['input an object', 'POST', '/api/send', JSON.stringify({ sessionId: 'a'.repeat(32), input: { x: 1 } }), undefined, 400],
    ['malformed session id', 'POST', '/api/send', JSON.stringify({ sessionId: '../../etc', input: '1' }), undefined, 400],
    ['unknown session', 'POST', '/api/end', JSON.stringify({ sessionId: 'b'.repeat(32) }), undefined, 404],
    ['a form post', 'POST', '/api/dial', 'caller=A', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['text/plain (a cross-site simple request)', 'POST', '/api/dial', '{}', { 'content-type': 'text/plain' }, 415],
    ['GET on an action', 'GET', '/api/dial', undefined, undefined, 405],
    ['POST on info', 'POST', '/api/info', '{}', undefined, 405],
    ['an unknown API path', 'GET', '/api/../../etc/passwd', undefined, undefined, 404],
    ['another page\'s origin', 'POST', '/api/dial', '{}', { origin: 'http://evil.example' }, 403],
    ['a rebound host name', 'GET', '/api/info', undefined, { host: 'evil.example:8090' }, 421],
  ];
  for (const [what, method, path, body, headers, status] of cases) {
    it(`${what} → ${status} with a JSON error`, async () => {
      const r = await call(sim.url, method, path, body, headers);
      expect(r.status).toBe(status);
      expect(r.json?.error?.code).toMatch(/^DFSLAB_E_[A-Z_]+$/);
      expect(typeof r.json.error.message).toBe('string');
    });
  }

  it('an oversized body → 413', async () => {
    const r = await call(sim.url, 'POST', '/api/dial', JSON.stringify({ caller: 'x'.repeat(10_000) }));
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('DFSLAB_E_USAGE');
  });

  it('survives a few hundred random bodies and stays up', async () => {
    let seed = 0x5eed;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '1e999', '-0', '"sessionId"', '"input"', '"caller"', '"dialString"', '"A"', '"\\u0000"', '"\\ud800"', '"*384*12#"', '"0123456789abcdef0123456789abcdef"', '"__proto__"', '{"constructor":{}}', ' ', '\u00ff', '\\'];
    const paths = ['/api/dial', '/api/send', '/api/end'];
    for (let i = 0; i < 300; i++) {
      const parts: string[] = [];
      for (let j = rnd(12); j >= 0; j--) parts.push(atoms[rnd(atoms.length)]!);
      const r = await call(sim.url, 'POST', paths[rnd(paths.length)]!, parts.join(''));
      expect(r.status, parts.join('')).toBeLessThan(500);
      if (r.status !== 200) expect(r.json?.error?.code, parts.join('')).toMatch(/^DFSLAB_E_/);
      else if (r.json.sessionId && !r.json.ended) await post(sim.url, '/api/end', { sessionId: r.json.sessionId });
    }
    expect((await call(sim.url, 'GET', '/api/info')).status).toBe(200);
  });
});

describe('limits', () => {
  it('caps live sessions and frees a slot when one ends', async () => {
    const s = await startSimulator({ conn, port: 0, maxSessions: 2 });
    try {
      const a = await post(s.url, '/api/dial', {});
      const b = await post(s.url, '/api/dial', {});
      expect([a.status, b.status]).toEqual([200, 200]);
      const c = await post(s.url, '/api/dial', {});
      expect(c.status).toBe(429);
      expect(c.json.error.code).toBe('DFSLAB_E_USAGE');
      await post(s.url, '/api/end', { sessionId: a.json.sessionId });
      expect((await post(s.url, '/api/dial', {})).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('expires idle sessions', async () => {
    let t = 1_000_000;
    const s = await startSimulator({ conn, port: 0, idleMs: 60_000, now: () => t });
    try {
      const a = await post(s.url, '/api/dial', {});
      t += 30_000;
      expect((await post(s.url, '/api/send', { sessionId: a.json.sessionId, input: '2' })).status).toBe(200);
      t += 59_000;
      expect((await post(s.url, '/api/send', { sessionId: a.json.sessionId, input: '0' })).status).toBe(200);
      t += 60_001;
      const late = await post(s.url, '/api/send', { sessionId: a.json.sessionId, input: '1' });
      expect(late.status).toBe(404);
      expect(late.json.error.message).toMatch(/expired/);
    } finally {
      await s.stop();
    }
  });

  it('stops at the request budget with a typed error', async () => {
    const small = await connect(app.url, undefined);
    const tight = await connectTarget({ ...small.target, budget: { ...small.target.budget, maxRequests: 1 } }, { source: 'simulate' });
    const s = await startSimulator({ conn: tight, port: 0 });
    try {
      expect((await post(s.url, '/api/dial', {})).status).toBe(200);
      const r = await post(s.url, '/api/dial', {});
      expect(r.status).toBe(429);
      expect(r.json.error.code).toBe('DFSLAB_E_USSD_BUDGET_EXHAUSTED');
    } finally {
      await s.stop();
    }
  });

  it('refuses a non-loopback address unless asked, and an undeclared default caller', async () => {
    await expect(startSimulator({ conn, port: 0, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'DFSLAB_E_USAGE' });
    await expect(startSimulator({ conn, port: 0, caller: '254799000000' })).rejects.toMatchObject({ code: 'DFSLAB_E_USSD_SAFETY_STOP' });
    await expect(startSimulator({ conn, port: 0, host: 'example.com' })).rejects.toMatchObject({ code: 'DFSLAB_E_USAGE' });
  });
});

describe('secrets and releases', () => {
  let echo: http.Server;
  let echoUrl: string;
  beforeAll(async () => {
    // A careless target that echoes the gateway key back, in a header and in the screen.
    echo = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['x-api-key'] ?? '');
        res.writeHead(200, { 'content-type': 'text/plain', 'x-echo-key': key });
        res.end(`CON your key is ${key}\n1. Next`);
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/ussd`;
  });
  afterAll(async () => {
    echo.closeAllConnections();
    await new Promise<void>((r) => echo.close(() => r()));
  });

  it('never returns an auth header value, even when the target echoes it', async () => {
    const c = await connect(echoUrl);
    const s = await startSimulator({ conn: c, port: 0 });
    try {
      const d = await post(s.url, '/api/dial', {});
      expect(d.status).toBe(200);
      expect(d.text).not.toContain(KEY);
      expect(d.json.screen.text).toBe('your key is <redacted>\n1. Next');
      expect(d.json.transcript[0].request.headers['x-api-key']).toBe('<redacted>');
      expect(d.json.transcript[0].response.headers['x-echo-key']).toBe('<redacted>');
      await post(s.url, '/api/end', { sessionId: d.json.sessionId });
    } finally {
      await s.stop();
    }
  });

  it('sends the dialect\'s release when the user hangs up, shown as a release hop', async () => {
    const releasing: Dialect = {
      ...tinyDialect,
      id: 'tiny-release',
      semantics: { ...tinyDialect.semantics, hasRelease: true },
      release: (hop, reason) => ({ ...tinyDialect.request({ ...hop, input: `release-${reason}` }) }),
    };
    const c = await connect(app.url, releasing);
    const s = await startSimulator({ conn: c, port: 0 });
    try {
      const d = await post(s.url, '/api/dial', {});
      app.texts.length = 0;
      const e = await post(s.url, '/api/end', { sessionId: d.json.sessionId });
      expect(e.status).toBe(200);
      expect(e.json.ended).toBe(true);
      expect(e.json.transcript.map((h: { kind: string }) => h.kind)).toEqual(['release']);
      expect(app.texts).toEqual(['release-abort']);
    } finally {
      await s.stop();
    }
  });
});
