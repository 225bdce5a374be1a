/**
 * @module ussd/run
 * Runs the selected USSD test cases against one target and gathers the result: findings and passes in the
 * same model as app audits (so the same reports render them), what could not be decided, what was skipped
 * and why, and the whole transcript that the findings cite as evidence.
 *
 * Safety first: destructive tests are refused on a production target without written authorisation, tests
 * that need a second account are skipped without one, the transport enforces the rate and the request budget,
 * and a safety stop (money beyond `allowedAmount`) ends the whole run at once.
 *
 * Throttling: a service that limits sessions per number answers the excess with "too many requests" or HTTP
 * 429/503. When the first answer of a session a test opens is such a refusal, the runner waits (the target's
 * `budget.throttleBackoffSeconds`, as the crawl does) and dials again; later refusals in a session are not
 * retried (the service's state may have changed) but counted. Tests that observe throttling themselves
 * (`meta.observesThrottling`) see every refusal as it came.
 */
import { basename } from 'node:path';
import { ErrorCodes, isDfslabError, UssdError } from '../errors.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Finding, Location, Pass } from '../findings/types.js';
import { VERSION } from '../version.js';
import type { MenuMap } from './crawler.js';
import { accountByRole, testSelected, type Connection } from './target.js';
import type { UssdObservation, UssdTest, UssdTestContext } from './tests/types.js';
import { describeBackoff, isThrottledEntry, realSleep, withThrottleRetry, type ThrottleBackoff } from './throttle.js';
import type { TranscriptEntry, UssdHop, UssdHttpRequest, UssdScreen } from './types.js';

export interface UssdRunResult {
  schemaVersion: 1;
  kind: 'ussd';
  tool: { name: 'dfslab'; version: string };
  target: {
    file: string;
    endpoint: string;
    dialect: string;
    serviceCode: string;
    callers: string[];
    production: boolean;
    quick: boolean;
  };
  findings: Finding[];
  passes: Pass[];
  inconclusive: Array<{ testId: string; reason: string; transcript: number[] }>;
  skipped: Array<{ testId: string; reason: string }>;
  /** Tests that stopped on an error (the run goes on, except for a safety stop). */
  failed: Array<{ testId: string; code: string; message: string }>;
  /** Set when a safety rail ended the run. */
  stoppedBy?: { testId: string; message: string };
  testsRun: string[];
  transcript: TranscriptEntry[];
  stats: {
    requests: number;
    durationMs: number;
    /** How many times the tests waited because the service throttled a dial (absent when none). */
    throttleWaits?: number;
  };
  /** Per test, the throttling it met (absent when no test met any; older saved runs lack it). */
  throttled?: UssdThrottleRecord[];
}

/** The throttling one test met. */
export interface UssdThrottleRecord {
  testId: string;
  /** Waits before dialling a refused first hop again (each wait was followed by one more request). */
  waits: number;
  /** First hops still refused after the whole schedule (the test saw that refusal). */
  gaveUp: number;
  /** Refusals that were not retried: later hops of a session, and raw requests. */
  notRetried: number;
}

export interface RunOptions {
  /** Called once, before the first test that needs the menu map. */
  crawl?: () => Promise<MenuMap>;
  onProgress?: (e: { testId: string; index: number; total: number }) => void;
  /** Real-time wait; tests inject a fake. */
  sleep?: (ms: number) => Promise<void>;
}

function locationOf(o: UssdObservation, serviceCode: string): Location {
  return {
    path: serviceCode,
    ...(o.path !== undefined ? { key: o.path } : {}),
    ...(o.field !== undefined ? { attribute: o.field } : {}),
  };
}

function evidenceOf(o: UssdObservation): string[] {
  const ids = [...new Set(o.transcript)].sort((a, b) => a - b);
  return [...(o.evidence ?? []), ...(ids.length ? [`transcript: ${ids.map((i) => `#${i}`).join(', ')}`] : [])];
}

/** Plans which selected tests can run here and why the others cannot (the dry-run prints this). */
export function planUssdTests(conn: Connection, tests: readonly UssdTest[]): { run: UssdTest[]; skipped: UssdRunResult['skipped'] } {
  const run: UssdTest[] = [];
  const skipped: UssdRunResult['skipped'] = [];
  const hasB = accountByRole(conn.target, 'B') !== undefined;
  for (const t of tests) {
    if (!testSelected(conn.target, t.id, t.meta.catalogueId)) continue;
    if (t.meta.destructive && !conn.safety.destructiveAllowed()) skipped.push({ testId: t.id, reason: 'changes state and the target is production without "authorised"' });
    else if (t.meta.needsSecondAccount && !hasB) skipped.push({ testId: t.id, reason: 'needs a second test account (role B) in the target file' });
    else if (t.meta.movesMoney && conn.target.allowedAmount === undefined) skipped.push({ testId: t.id, reason: 'may move money and the target declares no "allowedAmount"' });
    else run.push(t);
  }
  // Tests that lock an account go last (stable: the registry order is kept otherwise).
  run.sort((x, y) => Number(x.meta.locksAccount === true) - Number(y.meta.locksAccount === true));
  return { run, skipped };
}

export async function runUssdTests(conn: Connection, tests: readonly UssdTest[], opts: RunOptions = {}): Promise<UssdRunResult> {
  const { target, transport, dialect, safety } = conn;
  const a = accountByRole(target, 'A') ?? target.accounts[0];
  if (!a) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, 'the target declares no test account; add one under "accounts" (role A)');
  const b = accountByRole(target, 'B');
  const { run, skipped } = planUssdTests(conn, tests);
  const findings: Finding[] = [];
  const passes: Pass[] = [];
  const inconclusive: UssdRunResult['inconclusive'] = [];
  const failed: UssdRunResult['failed'] = [];
  let stoppedBy: UssdRunResult['stoppedBy'];
  let menu: MenuMap | undefined;
  let crawled = false;
  const sleep = opts.sleep ?? realSleep;
  // The service's need, not the harness's: quick mode keeps the same schedule.
  const backoffMs = target.budget.throttleBackoffSeconds.map((sec) => sec * 1000);
  const throttled: UssdThrottleRecord[] = [];
  const started = Date.now();
  const testsRun: string[] = [];

  for (const [index, test] of run.entries()) {
    opts.onProgress?.({ testId: test.id, index, total: run.length });
    if (test.meta.needsMenu && !crawled && opts.crawl) {
      crawled = true;
      try {
        menu = await opts.crawl();
      } catch (e) {
        if (isDfslabError(e) && (e.code === ErrorCodes.USSD_SAFETY_STOP || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED)) {
          stoppedBy = { testId: 'crawl', message: e.message };
          break;
        }
        if (!isDfslabError(e)) throw e;
      }
    }
    const tally = { waits: 0, gaveUp: 0 };
    const retry: ThrottleBackoff | undefined = test.meta.observesThrottling
      ? undefined
      : { backoffMs, sleep, onWait: () => void tally.waits++, onGiveUp: () => void tally.gaveUp++ };
    const client = conn.client.withSource(test.id).withThrottleRetry(retry);
    const before = { findings: findings.length, passes: passes.length, inconclusive: inconclusive.length, failed: failed.length, transcript: transport.transcript.length };
    const sendHopOnce = async (hop: UssdHop, o: { omitAuth?: boolean }): Promise<{ entry: TranscriptEntry; screen?: UssdScreen; error?: { code: string; message: string } }> => {
      client.assertCaller(hop.msisdn);
      let request: UssdHttpRequest;
      try {
        request = dialect.request(hop);
      } catch (e) {
        throw isDfslabError(e) ? e : new UssdError(ErrorCodes.USSD_PROTOCOL, `the ${dialect.id} dialect could not build the request: ${String(e)}`);
      }
      const res = await sendOrRecord(() => transport.send(request, { source: test.id, hop, ...(o.omitAuth ? { omitAuth: true } : {}) }));
      if (!res.result) return { entry: res.entry!, error: res.error! };
      const entry = res.result.entry;
      try {
        const screen = dialect.parse(res.result.response, hop);
        entry.screen = screen;
        return { entry, screen };
      } catch (e) {
        const error = isDfslabError(e) ? { code: e.code, message: e.message } : { code: ErrorCodes.USSD_PROTOCOL, message: String(e) };
        entry.error = error;
        return { entry, error };
      }
    };
    const ctx: UssdTestContext = {
      target,
      dialect,
      client,
      transport,
      safety,
      a,
      b,
      menu,
      quick: target.quick,
      sleep,
      async sendHop(hop: UssdHop, o = {}) {
        // The first hop of a session is sent again, unchanged, when the service refused it for throttling.
        if (!retry || !hop.first) return sendHopOnce(hop, o);
        return (await withThrottleRetry(() => sendHopOnce(hop, o), (r) => isThrottledEntry(r.entry), retry)).result;
      },
      async sendRaw(request: UssdHttpRequest, o = {}) {
        const res = await sendOrRecord(() => transport.send(request, { source: test.id, ...(o.omitAuth ? { omitAuth: true } : {}), ...(o.path !== undefined ? { path: o.path } : {}) }));
        if (!res.result) return { entry: res.entry!, error: res.error! };
        return { entry: res.result.entry, status: res.result.response.status, body: res.result.response.body };
      },
      report(o) {
        const locations = [locationOf(o, target.serviceCode)];
        findings.push({
          checkId: test.id,
          title: test.meta.title,
          severity: o.severity ?? test.meta.severity,
          confidence: o.confidence ?? test.meta.confidence,
          message: o.message,
          locations,
          evidence: evidenceOf(o),
          remediation: test.meta.remediation,
          references: test.meta.references,
          fingerprint: fingerprintOf(test.id, locations),
        });
      },
      pass(o) {
        passes.push({ checkId: test.id, title: test.meta.title, message: o.message, locations: [locationOf(o, target.serviceCode)], evidence: evidenceOf(o), references: test.meta.references });
      },
      inconclusive(reason, transcript = []) {
        inconclusive.push({ testId: test.id, reason, transcript: [...new Set(transcript)].sort((x, y) => x - y) });
      },
    };
    testsRun.push(test.id);
    let stop = false;
    try {
      if (test.meta.destructive) safety.assertDestructiveAllowed(test.id);
      await test.run(ctx);
    } catch (e) {
      if (!isDfslabError(e)) {
        failed.push({ testId: test.id, code: 'DFSLAB_E_INTERNAL', message: e instanceof Error ? e.message : String(e) });
      } else {
        if (e.code === ErrorCodes.USSD_SAFETY_STOP || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED) {
          stoppedBy = { testId: test.id, message: e.message };
          stop = true;
        }
        failed.push({ testId: test.id, code: e.code, message: e.message });
      }
    }
    if (!test.meta.observesThrottling) {
      const refusals = transport.transcript.slice(before.transcript).filter((x) => x.source === test.id && isThrottledEntry(x)).map((x) => x.id);
      const record = throttleRecord(test.id, tally, refusals.length);
      if (record) {
        throttled.push(record);
        const outcome = findings.length > before.findings || passes.length > before.passes || inconclusive.length > before.inconclusive || failed.length > before.failed;
        explainThrottling(record, backoffMs, inconclusive.slice(before.inconclusive), refusals.slice(-3), outcome ? undefined : (reason, ids) => inconclusive.push({ testId: test.id, reason, transcript: ids }));
      }
    }
    if (stop) break;
  }

  const transcript = [...transport.transcript];
  const waits = throttled.reduce((n, t) => n + t.waits, 0);
  findings.sort((x, y) => (x.checkId < y.checkId ? -1 : x.checkId > y.checkId ? 1 : x.fingerprint < y.fingerprint ? -1 : 1));
  return {
    schemaVersion: 1,
    kind: 'ussd',
    tool: { name: 'dfslab', version: VERSION },
    target: {
      file: basename(target.file),
      endpoint: target.endpoint,
      dialect: dialect.id,
      serviceCode: target.serviceCode,
      callers: target.accounts.map((x) => x.msisdn),
      production: target.production,
      quick: target.quick,
    },
    findings,
    passes,
    inconclusive,
    skipped,
    failed,
    ...(stoppedBy ? { stoppedBy } : {}),
    testsRun,
    transcript,
    stats: { requests: transcript.length, durationMs: Date.now() - started, ...(waits ? { throttleWaits: waits } : {}) },
    ...(throttled.length ? { throttled } : {}),
  };
}

/** What throttling a test met, from its waits and the refusals in its part of the transcript; undefined when none. */
function throttleRecord(testId: string, tally: { waits: number; gaveUp: number }, refusals: number): UssdThrottleRecord | undefined {
  // Each wait follows one refused first hop, and each give-up is one more: the rest were never retried.
  const notRetried = Math.max(0, refusals - tally.waits - tally.gaveUp);
  if (tally.waits === 0 && tally.gaveUp === 0 && notRetried === 0) return undefined;
  return { testId, waits: tally.waits, gaveUp: tally.gaveUp, notRetried };
}

/**
 * Says in a test's own inconclusive reasons that the service was throttling (citing the last refusals); when
 * the refusals outlasted the schedule and the test concluded nothing at all (`addWhenSilent`), that becomes
 * its inconclusive reason.
 */
function explainThrottling(
  r: UssdThrottleRecord,
  backoffMs: readonly number[],
  own: UssdRunResult['inconclusive'],
  lastRefusals: number[],
  addWhenSilent: ((reason: string, ids: number[]) => void) | undefined,
): void {
  const schedule = backoffMs.length ? `after waiting ${describeBackoff(backoffMs)}` : 'with no waits (budget.throttleBackoffSeconds is empty)';
  const keptThrottling = `the service kept throttling the harness: ${r.gaveUp} dial(s) were still refused ("too many requests" or HTTP 429/503) ${schedule}`;
  const note = r.gaveUp > 0 ? keptThrottling : r.notRetried > 0 ? `the service also throttled ${r.notRetried} answer(s) within sessions (not retried)` : undefined;
  if (note) {
    for (const i of own) {
      i.reason = `${i.reason}; ${note}`;
      i.transcript = [...new Set([...i.transcript, ...lastRefusals])].sort((x, y) => x - y);
    }
  }
  if (r.gaveUp > 0 && addWhenSilent) addWhenSilent(`${keptThrottling}; the test could not observe anything else`, lastRefusals);
}

/** Transport failures (timeout, reset, too large…) become a recorded outcome; budget and safety stops propagate. */
async function sendOrRecord<T extends { entry: TranscriptEntry }>(send: () => Promise<T>): Promise<{ result?: T; entry?: TranscriptEntry; error?: { code: string; message: string } }> {
  try {
    return { result: await send() };
  } catch (e) {
    if (!isDfslabError(e) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
    const entry = (e as { entry?: TranscriptEntry }).entry;
    const error = { code: e.code, message: e.message };
    return { entry: entry ?? ({ id: 0, atMs: 0, source: 'unknown', request: { method: '', url: '', headers: {} }, elapsedMs: 0, error } as TranscriptEntry), error };
  }
}
