import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderRunSummary } from '../cli/ussd-test.js';
import { FAKE_PIN, fakeScreen, tinyDialect } from './fake-app.test-support.js';
import { runUssdTests } from './run.js';
import { connectTarget, parseTarget, type Connection } from './target.js';
import { throttlingTest } from './tests/abuse/throttling.js';
import { defineUssdTest, type UssdTest, type UssdTestContext } from './tests/types.js';

const A = '254711000001';

/**
 * The fake app behind a per-number session limit that the test controls: the next `refuseDials` dials are
 * refused ("too many requests" screen, or HTTP 429), so are all dials after the first `refuseAfter`, and
 * `busyAt` inputs are refused mid-session.
 */
const gate = { refuseDials: 0, refuseAfter: Number.POSITIVE_INFINITY, how: 'screen' as 'screen' | 'http', busyAt: undefined as string | undefined, dials: 0 };
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const text = new URLSearchParams(body).get('text') ?? '';
      const reply = (status: number, b: string): void => void res.writeHead(status, { 'content-type': 'text/plain' }).end(b);
      if (text === '') {
        gate.dials++;
        if (gate.refuseDials > 0 || gate.dials > gate.refuseAfter) {
          gate.refuseDials--;
          return gate.how === 'http' ? reply(429, 'Too Many Requests') : reply(200, 'END Too many requests. Please try again later.');
        }
      }
      if (gate.busyAt !== undefined && text === gate.busyAt) return reply(200, 'END Service busy, try again later');
      reply(200, fakeScreen(text) ?? 'HELLO this is not USSD');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ussd`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  Object.assign(gate, { refuseDials: 0, refuseAfter: Number.POSITIVE_INFINITY, how: 'screen', busyAt: undefined, dials: 0 });
});

async function connect(extraBudget = ''): Promise<Connection> {
  const yaml = [
    `endpoint: ${url}`,
    'dialect: africastalking',
    "serviceCode: '*384*1#'",
    'accounts:',
    `  - { msisdn: '${A}', pin: '${FAKE_PIN}', role: A }`,
    `budget: { maxRequests: 500, ratePerSecond: 1000${extraBudget} }`,
    'quick: true',
    '',
  ].join('\n');
  return connectTarget(parseTarget(yaml, 'run-test.yaml'), { dialect: tinyDialect });
}

function fakeTest(name: string, run: (ctx: UssdTestContext) => Promise<void>): UssdTest {
  return defineUssdTest({
    id: `ussd.fake.${name}`,
    meta: {
      title: `fake ${name}`,
      family: 'fake',
      kind: 'control',
      severity: 'low',
      confidence: 'high',
      references: { masvs: [], maswe: [], cwe: [], dfs: ['USSD-34'] },
      description: 'A test case of the runner tests.',
      manual: 'None.',
      remediation: 'None.',
      catalogueId: 'USSD-FAKE-01',
      destructive: false,
      movesMoney: false,
      needsSecondAccount: false,
      needsMenu: false,
      slow: false,
    },
    run,
  });
}

/** Walks to the balance through `ctx.client` (dial + inputs): a pass when the balance comes, else inconclusive. */
const balanceTest = fakeTest('balance', async (ctx) => {
  const s = await ctx.client.walk(ctx.a.msisdn, ['2', '1', ctx.a.pin]);
  const ids = s.exchanges.map((x) => x.entry.id);
  if (s.screen?.text.includes('balance')) ctx.pass({ message: `balance shown: ${s.screen.text}`, transcript: ids });
  else ctx.inconclusive('the balance screen was not reached', ids);
});

/** Sends a first hop of its own through `ctx.sendHop`: a pass when the first menu comes. */
const firstHopTest = fakeTest('first-hop', async (ctx) => {
  const hop = { sessionId: ctx.client.newSessionId(), msisdn: ctx.a.msisdn, serviceCode: ctx.target.serviceCode, input: '', history: [], first: true, sequence: 1 };
  const r = await ctx.sendHop(hop);
  if (r.screen?.continue && r.screen.text.includes('Welcome')) ctx.pass({ message: 'first menu shown', transcript: [r.entry.id] });
  else ctx.inconclusive(`no first menu (${r.error?.code ?? r.screen?.text ?? 'no answer'})`, [r.entry.id]);
});

/** Concludes only when it sees the first menu; says nothing otherwise. */
const silentTest = fakeTest('silent', async (ctx) => {
  const s = await ctx.client.walk(ctx.a.msisdn, []);
  if (s.screen?.continue) ctx.pass({ message: 'first menu shown', transcript: s.exchanges.map((x) => x.entry.id) });
});

function recorder(): { slept: number[]; sleep: (ms: number) => Promise<void> } {
  const slept: number[] = [];
  return { slept, sleep: async (ms) => void slept.push(ms) };
}

describe('runUssdTests against a service that throttles', () => {
  it('waits and dials again when the first answer is a throttle screen; the test then concludes as usual', async () => {
    const conn = await connect();
    gate.refuseDials = 2;
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [balanceTest], { sleep });
    expect(r.passes.map((p) => p.message)).toEqual(['balance shown: Your balance is KES 1,000']);
    expect(r.inconclusive).toEqual([]);
    expect(slept).toEqual([5_000, 15_000]);
    expect(r.stats.throttleWaits).toBe(2);
    expect(r.throttled).toEqual([{ testId: 'ussd.fake.balance', waits: 2, gaveUp: 0, notRetried: 0 }]);
    // The refused dials went through the transport like any request: counted and kept as evidence.
    expect(gate.dials).toBe(3);
    expect(r.stats.requests).toBe(6);
    expect(r.transcript.filter((e) => e.screen?.text.startsWith('Too many requests')).map((e) => e.source)).toEqual(['ussd.fake.balance', 'ussd.fake.balance']);
    expect(renderRunSummary(r, false)).toContain('the service throttled the tests: waited 2 time(s) before dialling again (ussd.fake.balance 2)');
  });

  it('sends a refused first hop of ctx.sendHop again after HTTP 429, with the schedule of the target file', async () => {
    const conn = await connect(', throttleBackoffSeconds: [1, 2, 3]');
    gate.refuseDials = 3;
    gate.how = 'http';
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [firstHopTest], { sleep });
    expect(r.passes.map((p) => p.checkId)).toEqual(['ussd.fake.first-hop']);
    expect(slept).toEqual([1_000, 2_000, 3_000]);
    expect(r.throttled).toEqual([{ testId: 'ussd.fake.first-hop', waits: 3, gaveUp: 0, notRetried: 0 }]);
    expect(r.transcript.filter((e) => e.response?.status === 429)).toHaveLength(3);
  });

  it('when the throttling never stops, says so in the inconclusive reason, and a test with no outcome becomes inconclusive', async () => {
    const conn = await connect();
    gate.refuseDials = Number.POSITIVE_INFINITY;
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [balanceTest, silentTest, firstHopTest], { sleep });
    expect(r.passes).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(slept).toEqual([5_000, 15_000, 30_000, 60_000, 5_000, 15_000, 30_000, 60_000, 5_000, 15_000, 30_000, 60_000]);
    expect(r.inconclusive.map((i) => i.testId)).toEqual(['ussd.fake.balance', 'ussd.fake.silent', 'ussd.fake.first-hop']);
    const [balance, silent, firstHop] = r.inconclusive;
    expect(balance!.reason).toMatch(/^the balance screen was not reached; the service kept throttling the harness: 1 dial\(s\) were still refused .* after waiting 5 s, 15 s, 30 s, 60 s$/);
    expect(silent!.reason).toMatch(/^the service kept throttling the harness: .*; the test could not observe anything else$/);
    expect(firstHop!.reason).toMatch(/^no first menu .*; the service kept throttling/);
    // The evidence is the refusal the test was left with.
    const last = r.transcript.filter((e) => e.source === 'ussd.fake.silent').at(-1)!;
    expect(silent!.transcript).toContain(last.id);
    expect(r.throttled).toEqual([
      { testId: 'ussd.fake.balance', waits: 4, gaveUp: 1, notRetried: 0 },
      { testId: 'ussd.fake.silent', waits: 4, gaveUp: 1, notRetried: 0 },
      { testId: 'ussd.fake.first-hop', waits: 4, gaveUp: 1, notRetried: 0 },
    ]);
    expect(r.stats.throttleWaits).toBe(12);
    expect(renderRunSummary(r, false)).toContain('3 dial(s) still refused after the last wait');
  });

  it('does not retry a refusal later in a session, but counts it and says so', async () => {
    const conn = await connect();
    gate.busyAt = '2*1';
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [balanceTest], { sleep });
    expect(slept).toEqual([]);
    expect(r.inconclusive).toHaveLength(1);
    expect(r.inconclusive[0]!.reason).toBe('the balance screen was not reached; the service also throttled 1 answer(s) within sessions (not retried)');
    expect(r.throttled).toEqual([{ testId: 'ussd.fake.balance', waits: 0, gaveUp: 0, notRetried: 1 }]);
    expect(r.stats.throttleWaits).toBeUndefined();
    expect(renderRunSummary(r, false)).not.toContain('throttled the tests');
  });

  it('leaves the throttling test (USSD-RATE-01) to see the refusals as they come', async () => {
    expect(throttlingTest.meta.observesThrottling).toBe(true);
    const conn = await connect();
    // A limit of 3 sessions: the 4th dial of the burst is refused, and stays refused.
    gate.refuseAfter = 3;
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [throttlingTest], { sleep });
    expect(slept).toEqual([]);
    expect(gate.dials).toBe(4);
    expect(r.passes.map((p) => p.message)).toEqual([expect.stringContaining('A control answered the 4th new session of one number in a burst')]);
    // Its own inconclusive part (no menu map here) says nothing about the harness being throttled.
    expect(r.inconclusive.map((i) => i.reason)).toEqual(['no log-in PIN prompt in the menu map: the PIN-failure burst was not run']);
    expect(r.throttled).toBeUndefined();
    expect(r.stats.throttleWaits).toBeUndefined();
  });

  it('records nothing about throttling when the service never throttles', async () => {
    const conn = await connect();
    const { slept, sleep } = recorder();
    const r = await runUssdTests(conn, [balanceTest, firstHopTest], { sleep });
    expect(r.passes).toHaveLength(2);
    expect(slept).toEqual([]);
    expect('throttled' in r).toBe(false);
    expect(Object.keys(r.stats).sort()).toEqual(['durationMs', 'requests']);
  });
});
