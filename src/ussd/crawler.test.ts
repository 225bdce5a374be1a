import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stableStringify } from '../report/stable-json.js';
import { crawlMenu, renderMenuTree, type MenuMap } from './crawler.js';
import { FAKE_PIN, LONG_TERMS, startFakeApp, tinyDialect, type FakeApp } from './fake-app.test-support.js';
import { UssdClient } from './session.js';
import { UssdTransport } from './transport.js';

const A = '254711000001';
const B = '254711000002';
let app: FakeApp;

beforeAll(async () => {
  app = await startFakeApp();
});
afterAll(async () => {
  await app.close();
});

function client(maxRequests = 500): UssdClient {
  const transport = new UssdTransport({ endpoint: app.url, ratePerSecond: 1000, maxRequests });
  let n = 0;
  return new UssdClient({ dialect: tinyDialect, transport, serviceCode: '*384*1#', callers: [A, B], random: (k) => new Uint8Array(k).fill(++n % 256) });
}

const byPath = (m: MenuMap, path: string[]) => m.nodes.find((n) => JSON.stringify(n.path) === JSON.stringify(path));

describe('crawlMenu', () => {
  it('maps the menu breadth-first, merges cycles, flags bad screens and stops at PIN and amount prompts', async () => {
    app.texts.length = 0;
    const map = await crawlMenu(client(), { caller: A, callerRole: 'A', probes: ['0', '99'] });
    expect(map.complete).toBe(true);
    const root = byPath(map, [])!;
    expect(root.id).toBe('n1');
    expect(root.kind).toBe('menu');
    expect(root.options.map((o) => o.key)).toEqual(['1', '2', '3', '4', '0']);
    expect(root.children.map((c) => c.input)).toEqual(['1', '2', '3', '4', '0', '99']);

    expect(byPath(map, ['1'])!.kind).toBe('amount');
    expect(byPath(map, ['1'])!.stopped).toBe('amount');
    const pin = byPath(map, ['2', '1'])!;
    expect(pin.kind).toBe('pin');
    expect(pin.stopped).toBe('pin');
    // Cycle: "0 Back" from My account is the root again, not a new node.
    const account = byPath(map, ['2'])!;
    expect(account.children.find((c) => c.input === '0')!.node).toBe(root.id);
    expect(byPath(map, ['2', '0'])).toBeUndefined();
    // The long screen.
    const terms = byPath(map, ['3'])!;
    expect(terms.text).toBe(LONG_TERMS);
    expect(terms.flags.map((f) => f.code)).toEqual(['screen-too-long']);
    // The malformed answer.
    const broken = byPath(map, ['4'])!;
    expect(broken.kind).toBe('error');
    expect(broken.error?.code).toBe('DFSLAB_E_USSD_PROTOCOL');
    expect(broken.flags.map((f) => f.code)).toEqual(['protocol-error']);
    expect(byPath(map, ['0'])!.kind).toBe('final');
    // One "Invalid choice" node, reached from several places.
    const invalid = map.nodes.filter((n) => n.text === 'Invalid choice');
    expect(invalid).toHaveLength(1);
    expect(map.nodes.filter((n) => n.children.some((c) => c.node === invalid[0]!.id)).length).toBeGreaterThan(1);

    // Nothing was ever typed into a PIN or amount prompt; nothing confirmed.
    for (const t of app.texts) {
      expect(t).not.toMatch(/^2\*[12]\*/);
      expect(t).not.toMatch(/^1\*/);
    }
    // Each path replayed from the dial in its own session: requests = sum over nodes tried of (depth + 1).
    expect(map.requests).toBe(app.texts.length);
    expect(app.texts.filter((t) => t === '').length).toBe(map.requests - app.texts.filter((t) => t !== '').length);

    const tree = renderMenuTree(map);
    expect(tree).toContain('n1 [menu] "Welcome to TestPay"');
    expect(tree).toContain('(stopped: pin)');
    expect(tree).toContain('!screen-too-long');
    expect(tree).toContain('(seen)');
  });

  it('is deterministic: two crawls give byte-identical maps', async () => {
    const a = await crawlMenu(client(), { caller: A, probes: ['0', '00', '98', '99', '#', '*', ''] });
    const b = await crawlMenu(client(), { caller: A, probes: ['0', '00', '98', '99', '#', '*', ''] });
    expect(stableStringify(a)).toBe(stableStringify(b));
    expect(renderMenuTree(a)).toBe(renderMenuTree(b));
    expect(byPath(a, [])!.children.map((c) => c.input)).toContain('');
  });

  it('deep crawling enters only the declared PIN, amount and recipient, and never confirms', async () => {
    app.texts.length = 0;
    const map = await crawlMenu(client(), { caller: A, probes: ['0'], deep: true, pin: FAKE_PIN, allowedAmount: 10, recipient: B });
    const confirm = byPath(map, ['1', '10', B])!;
    expect(confirm.kind).toBe('confirm');
    expect(confirm.stopped).toBe('confirm');
    expect(byPath(map, ['2', '1', FAKE_PIN])!.text).toBe('Your balance is KES 1,000');
    for (const t of app.texts) {
      const parts = t.split('*');
      if (parts[0] === '2' && (parts[1] === '1' || parts[1] === '2') && parts.length > 2) expect(parts[2]).toBe(FAKE_PIN);
      if (parts[0] === '1' && parts.length > 1) expect(parts[1]).toBe('10');
      expect(parts.length).toBeLessThanOrEqual(3);
    }
  });

  it('stops cleanly at the node limit and when the request budget is spent', async () => {
    const few = await crawlMenu(client(), { caller: A, probes: [], maxNodes: 3 });
    expect(few.complete).toBe(false);
    expect(few.stopReason).toBe('max-nodes');
    expect(few.nodes).toHaveLength(3);
    const poor = await crawlMenu(client(6), { caller: A, probes: [] });
    expect(poor.complete).toBe(false);
    expect(poor.stopReason).toBe('budget');
    expect(poor.requests).toBe(6);
  });

  it('flags non-200 answers and answers slower than the response budget', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const text = new URLSearchParams(body).get('text') ?? '';
        if (text === '') res.end('CON Menu\n1. Slow\n2. Broken');
        else if (text === '1') setTimeout(() => res.end('END done'), 40);
        else {
          res.writeHead(500);
          res.end('END oops');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const transport = new UssdTransport({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, ratePerSecond: 1000 });
      const c = new UssdClient({ dialect: tinyDialect, transport, serviceCode: '*1#', callers: [A] });
      const map = await crawlMenu(c, { caller: A, probes: [], responseBudgetMs: 5 });
      expect(byPath(map, ['1'])!.flags.map((f) => f.code)).toEqual(['slow']);
      expect(byPath(map, ['2'])!.flags.map((f) => f.code)).toEqual(['http-status', 'protocol-error']);
      expect(map.summary.flags).toEqual({ 'http-status': 1, 'protocol-error': 1, slow: 1 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses to crawl as an undeclared number', async () => {
    await expect(crawlMenu(client(), { caller: '254700999999' })).rejects.toMatchObject({ code: 'DFSLAB_E_USSD_SAFETY_STOP' });
  });

  const here = dirname(fileURLToPath(import.meta.url));
  it('crawls the reference wallet (hardened profile)', async () => {
    const { startWallet, DEFAULT_ACCOUNTS } = await import('../../examples/ussd-wallet/src/index.js');
    let clock = Date.UTC(2026, 10, 2, 9, 0, 0);
    const w = await startWallet({ profile: 'hardened', port: 0, gatewayKey: 'crawler-test-key', now: () => clock });
    try {
      const { africastalking } = await import('./dialects/index.js');
      const callers = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber').map((a) => a.msisdn!);
      const transport = new UssdTransport({
        endpoint: `${w.url}${w.paths.africastalking}`,
        authHeaders: { 'X-Gateway-Key': 'crawler-test-key' },
        tls: { insecure: true },
        ratePerSecond: 1000,
        maxRequests: 400,
      });
      const c = new UssdClient({ dialect: africastalking, transport, serviceCode: '*384*1#', callers });
      const map = await crawlMenu(c, { caller: callers[0]!, maxDepth: 3, maxNodes: 60, sleep: async (ms) => void (clock += ms) });
      expect(map.nodes.length).toBeGreaterThan(1);
      expect(map.nodes[0]!.kind).toBe('menu');
      expect(map.nodes.some((n) => n.kind === 'pin' || n.stopped === 'pin' || n.kind === 'amount' || n.kind === 'recipient')).toBe(true);
    } finally {
      await w.stop();
    }
  });
});

describe('crawling a service that throttles', () => {
  it('waits and walks the path again instead of mapping the refusals (hardened wallet: 20 sessions a minute)', async () => {
    const { startWallet, DEFAULT_ACCOUNTS } = await import('../../examples/ussd-wallet/src/index.js');
    const { africastalking } = await import('./dialects/index.js');
    // The service's clock moves only when the crawl waits: without waiting, every session after the 20th
    // in a minute is refused.
    let clock = Date.UTC(2026, 10, 2, 9, 0, 0);
    const w = await startWallet({ profile: 'hardened', port: 0, gatewayKey: 'throttle-key', now: () => clock });
    const waited: number[] = [];
    try {
      const callers = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber').map((a) => a.msisdn!);
      const transport = new UssdTransport({ endpoint: `${w.url}${w.paths.africastalking}`, authHeaders: { 'X-Gateway-Key': 'throttle-key' }, tls: { insecure: true }, ratePerSecond: 1000, maxRequests: 2000 });
      const c = new UssdClient({ dialect: africastalking, transport, serviceCode: '*384*1#', callers });
      const map = await crawlMenu(c, {
        caller: callers[0]!,
        maxDepth: 3,
        maxNodes: 80,
        sleep: async (ms) => {
          waited.push(ms);
          clock += ms;
        },
      });
      expect(map.throttleWaits).toBeGreaterThan(0);
      expect(waited[0]).toBe(5_000);
      expect(map.nodes.filter((n) => n.kind === 'error').map((n) => n.error?.message)).toEqual([]);
      expect(map.nodes.some((n) => n.flags.some((f) => f.code === 'throttled'))).toBe(false);
      expect(map.nodes.length).toBeGreaterThan(20);
    } finally {
      await w.stop();
    }
  });
});

describe('crawling a service that never stops throttling', () => {
  it('waits the given schedule once, then flags the path as throttled', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => void res.writeHead(200, { 'content-type': 'text/plain' }).end('END Too many requests. Please try again later.'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const transport = new UssdTransport({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ussd`, ratePerSecond: 1000, maxRequests: 50 });
      const c = new UssdClient({ dialect: tinyDialect, transport, serviceCode: '*384*1#', callers: [A] });
      const waited: number[] = [];
      const map = await crawlMenu(c, { caller: A, throttleBackoffMs: [1_000, 2_000], sleep: async (ms) => void waited.push(ms) });
      expect(waited).toEqual([1_000, 2_000]);
      expect(map.throttleWaits).toBe(2);
      expect(map.requests).toBe(3);
      expect(map.nodes[0]!.flags.map((f) => f.code)).toEqual(['throttled']);
      expect(map.nodes[0]!.flags[0]!.message).toContain('after 2 waits');
    } finally {
      server.close();
    }
  });
});
