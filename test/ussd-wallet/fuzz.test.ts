/**
 * The reference wallet is itself a fuzz target: 1,000 seeded random and malformed requests per profile to the
 * dialect endpoints must each get an answer within the request timeout, and the service must still work after.
 */
import { afterAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import { REQUEST_TIMEOUT_MS, type WalletServer } from '../../examples/ussd-wallet/src/index.js';
import { AtSession, JANE, LAB_CA, stopAll, wallet } from './wallet-client.js';

afterAll(stopAll);

/** mulberry32: small, seeded, good enough to spread inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '', '*', '**', '#', '*#', '0', '00', '98', '99', '0*0', '-1', '1e9', '0.001', '٣٤٥', '１２３', ' 500 ', "' OR 1=1--", '"; DROP TABLE x;--',
  '{{7*7}}', '${7*7}', '%s%s%s%n', '\r\nSet-Cookie: x=1', '<script>alert(1)</script>', '\u0000', '\uffff', '😀', 'A'.repeat(200),
  '9'.repeat(40), '254711000002', '+254711000001', '0711000001', '4826', '1234', '2*254711000002*500*4826*1', 'null', 'true', '[]', '{}',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function randomText(r: () => number): string {
  const mode = r();
  if (mode < 0.5) return pick(r, NASTY);
  if (mode < 0.8) return Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(r, ['1', '2', '3', '4', '5', '98', '4826', '500', '254711000002', '00'])).join('*');
  const n = Math.floor(r() * 300);
  return Array.from({ length: n }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join('');
}

interface FuzzRequest {
  path: string;
  contentType: string;
  body: Buffer;
  key: boolean;
}

function randomRequest(r: () => number, w: WalletServer, sessions: string[]): FuzzRequest {
  const which = r();
  const key = r() > 0.05;
  const sessionId = r() < 0.7 ? pick(r, sessions) : randomText(r);
  const msisdn = pick(r, ['254711000001', '254711000002', '+254711000003', '0711000004', '254799000009', randomText(r)]);
  if (which < 0.4) {
    const kind = r();
    let body: string;
    if (kind < 0.7) body = new URLSearchParams({ sessionId, phoneNumber: msisdn, serviceCode: '*384#', networkCode: '63902', text: randomText(r) }).toString();
    else if (kind < 0.8) body = `sessionId=${sessionId}&phoneNumber=%E0%A4%A&text=%`;
    else if (kind < 0.9) body = `text=${encodeURIComponent(randomText(r))}`;
    else body = randomText(r);
    return { path: w.paths.africastalking, contentType: 'application/x-www-form-urlencoded', body: Buffer.from(body), key };
  }
  if (which < 0.8) {
    const kind = r();
    let body: string;
    if (kind < 0.6) {
      body = JSON.stringify({
        Mobile: msisdn, SessionId: sessionId, ServiceCode: '*384#', Operator: 'MTN',
        Type: pick(r, ['Initiation', 'Response', 'Response', 'Release', 'Timeout', 'response', 'Bogus', '']),
        Message: r() < 0.3 ? `*384*${randomText(r)}#` : randomText(r),
        Sequence: pick(r, [1, 2, 3, -1, 1e308, '7', null, 'x']),
        ClientState: r() < 0.5 ? '' : Buffer.from(JSON.stringify({ st: pick(r, ['main', 'tx-confirm', 'agent-menu', 'zz']), c: { amount: pick(r, [1, -5, 'x']) }, a: r() < 0.5 })).toString('base64url'),
      });
    } else if (kind < 0.7) body = '{"Mobile": "2547110000';
    else if (kind < 0.8) body = JSON.stringify(pick(r, [[], null, 42, 'str', { Type: {} }, { Mobile: [], SessionId: {}, Type: 'Initiation' }]));
    else if (kind < 0.9) body = JSON.stringify({ Mobile: msisdn, SessionId: sessionId, Type: 'Response', Message: 'x'.repeat(Math.floor(r() * 20_000)) });
    else body = randomText(r);
    return { path: w.paths.hubtel, contentType: pick(r, ['application/json', 'text/plain', '']), body: Buffer.from(body), key };
  }
  if (which < 0.9) {
    const body = new URLSearchParams({ sessionId, status: pick(r, ['Success', 'Failed', 'Incomplete', randomText(r)]), input: randomText(r), phoneNumber: msisdn }).toString();
    return { path: w.paths.africastalkingNotify, contentType: 'application/x-www-form-urlencoded', body: Buffer.from(body), key };
  }
  // Oversize, binary, or unknown paths.
  const size = pick(r, [17 * 1024, 64 * 1024, 100]);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(r() * 256);
  return { path: pick(r, [w.paths.africastalking, w.paths.hubtel, '/nope', '/ussd/at/../hubtel']), contentType: 'application/octet-stream', body: bytes, key };
}

function send(w: WalletServer, req: FuzzRequest): Promise<number> {
  const url = new URL(req.path, w.url);
  const headers: Record<string, string> = { 'content-length': String(req.body.length) };
  if (req.contentType !== '') headers['content-type'] = req.contentType;
  if (req.key) headers['x-gateway-key'] = w.gatewayKey;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(-1), REQUEST_TIMEOUT_MS + 2_000);
    const onRes = (res: http.IncomingMessage): void => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      res.on('error', () => resolve(-2));
    };
    const r = url.protocol === 'https:'
      ? https.request(url, { method: 'POST', headers, ca: LAB_CA }, onRes)
      : http.request(url, { method: 'POST', headers }, onRes);
    r.on('error', () => {
      clearTimeout(timer);
      resolve(-3);
    });
    r.end(req.body);
  });
}

describe.each(['vulnerable', 'hardened'] as const)('fuzz %s', (profile) => {
  test('1,000 seeded requests: every one answered, the service still works', async () => {
    const w = await wallet({ profile });
    const r = prng(profile === 'vulnerable' ? 20261124 : 424242);
    const sessions = Array.from({ length: 12 }, (_, i) => `ATUid_fuzz${String(i).padStart(4, '0')}`);
    const statuses = new Map<number, number>();
    const requests = Array.from({ length: 1_000 }, () => randomRequest(r, w, sessions));
    for (let i = 0; i < requests.length; i += 8) {
      const batch = await Promise.all(requests.slice(i, i + 8).map((q) => send(w, q)));
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    const allowed = profile === 'vulnerable' ? [200, 400, 401, 403, 404, 405, 413, 500] : [200, 400, 401, 403, 404, 405, 413];
    for (const [status, count] of statuses) expect(allowed, `${count} answers with status ${status}`).toContain(status);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(200);
    const s = new AtSession(w, 'ATUid_afterfuzz01', JANE.msisdn);
    expect(await s.dial()).toMatch(/^CON /);
  });
});
