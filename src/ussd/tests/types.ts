/**
 * @module ussd/tests/types
 * A USSD test case is a module like an app check: `defineUssdTest({ id, meta, run })`, one file per test under
 * `src/ussd/tests/<family>/`. `meta` carries what a report needs (title, severity, references to MASVS/MASWE/
 * CWE and the DFS catalog's USSD items, description, manual verification, remediation) plus what the runner
 * needs to plan safely (does it change state, does it move money, does it need a second account or the menu
 * map, is it long). `run` drives the target through the context and reports findings, passes, or that it
 * could not decide — with the transcript entries that support each, so every finding has its evidence.
 */
import type { CheckMeta } from '../../checks/types.js';
import type { Confidence, Severity } from '../../findings/types.js';
import type { MenuMap } from '../crawler.js';
import type { UssdClient } from '../session.js';
import type { SafetyRails, UssdAccount, UssdTarget } from '../target.js';
import type { UssdTransport } from '../transport.js';
import type { Dialect, TranscriptEntry, UssdHop, UssdHttpRequest, UssdScreen } from '../types.js';

export interface UssdTestMeta extends CheckMeta {
  /** Id of the test in the reference catalogue of USSD tests (`USSD-AUTH-02`…), for cross-reference. */
  catalogueId: string;
  /** Changes state on the target (locks a PIN, ends sessions, changes a PIN…): refused on production without authorisation. */
  destructive: boolean;
  /** May move money (a transfer, a payment): every amount goes through the safety rails. */
  movesMoney: boolean;
  /** Needs the second test account (role B). */
  needsSecondAccount: boolean;
  /** Needs the menu map (a crawl runs once before the tests that need it). */
  needsMenu: boolean;
  /** Waits for real time (idle timeout…): in quick mode it uses the shortest wait that still decides, or is skipped. */
  slow: boolean;
  /**
   * Leaves a test account locked on a service whose lockout works (lockout tests): the runner runs these
   * after every other test, which would otherwise find the account locked.
   */
  locksAccount?: boolean;
  /**
   * Observes the service's throttling itself (velocity-control tests): the runner then neither dials a refused
   * first hop again nor counts the refusals, so the test sees every "too many requests" / HTTP 429 as it came.
   * Every other test has a first answer that is a throttle refusal retried after the target's backoff schedule.
   */
  observesThrottling?: boolean;
}

/** What a test says about one observation. */
export interface UssdObservation {
  message: string;
  /** Transcript entry ids that show it (the requests and answers). */
  transcript: number[];
  evidence?: string[];
  /** Where in the service: the menu path (`1>2>amount`) or the field (`phoneNumber`). */
  path?: string;
  field?: string;
  severity?: Severity;
  confidence?: Confidence;
}

export interface UssdTestContext {
  readonly target: UssdTarget;
  readonly dialect: Dialect;
  /**
   * A client whose transcript entries are tagged with this test's id. Its dials (and `walk`s) are retried after
   * the target's throttle backoff when the first answer is a throttle refusal, unless `observesThrottling`.
   */
  readonly client: UssdClient;
  readonly transport: UssdTransport;
  readonly safety: SafetyRails;
  /** Role A: the tester's own account (always present). */
  readonly a: UssdAccount;
  /** Role B: the second test account, when declared. */
  readonly b: UssdAccount | undefined;
  /** The menu map, when the test declared `needsMenu` and a crawl could run. */
  readonly menu: MenuMap | undefined;
  readonly quick: boolean;
  /** Waits (real time; tests should keep waits short in quick mode). */
  sleep(ms: number): Promise<void>;
  /**
   * Sends one hop exactly as given (any session id, history, first flag) as a declared caller: for tests that
   * play a gateway doing something odd (a deep path in a fresh session, a reused id). Never throws for a
   * protocol or transport failure: it is returned with the transcript entry. A first hop (`first: true`) refused
   * for throttling is sent again, unchanged, after the target's backoff (unless `observesThrottling`).
   */
  sendHop(hop: UssdHop, opts?: { omitAuth?: boolean }): Promise<{ entry: TranscriptEntry; screen?: UssdScreen; error?: { code: string; message: string } }>;
  /** Sends a raw request (notification spoofing, header tricks). Same error handling as `sendHop`. */
  sendRaw(request: UssdHttpRequest, opts?: { omitAuth?: boolean; path?: string }): Promise<{ entry: TranscriptEntry; status?: number; body?: string; error?: { code: string; message: string } }>;
  /** A weakness is present. */
  report(o: UssdObservation): void;
  /** The control holds (reported as a pass, like app checks). */
  pass(o: Omit<UssdObservation, 'severity' | 'confidence'>): void;
  /** The test could not decide (menu lacks the flow, target refused everything…): said in the report, not a finding. */
  inconclusive(reason: string, transcript?: number[]): void;
}

export interface UssdTest {
  /** `ussd.<family>.<name>`, stable, never renumbered. */
  readonly id: string;
  /** Set by `defineUssdTest`: test cases share the report pipeline with app checks, which groups by platform. */
  readonly platform?: 'ussd';
  readonly meta: UssdTestMeta;
  run(ctx: UssdTestContext): Promise<void>;
}

const ID_PATTERN = /^ussd\.[a-z0-9-]+\.[a-z0-9-]+$/;

export function defineUssdTest(test: UssdTest): UssdTest {
  if (!ID_PATTERN.test(test.id)) throw new Error(`USSD test id "${test.id}" must look like ussd.family.name`);
  if (test.meta.movesMoney && !test.meta.destructive) throw new Error(`${test.id}: a test that moves money is destructive`);
  return Object.freeze({ ...test, platform: 'ussd' as const });
}
