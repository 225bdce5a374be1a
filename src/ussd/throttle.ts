/**
 * @module ussd/throttle
 * A service that protects its customers limits sessions per number (20 a minute is common) and answers the
 * excess with "too many requests / try again later" or HTTP 429/503. The harness must slow down rather than
 * read those refusals as the service's behaviour: the crawl walks a refused path again, the test runner dials
 * a refused first hop again, both after the same waits (5 s, 15 s, 30 s, 60 s unless the target file says
 * otherwise in `budget.throttleBackoffSeconds`).
 *
 * Only refusals that end the session count (a throttle screen with END, or the HTTP status): a lockout
 * ("too many wrong PINs") is not throttling, and waiting does not lift it (`isThrottleScreen`).
 */
import { isThrottleScreen } from './prompts.js';
import type { TranscriptEntry, UssdScreen } from './types.js';

/** Waits before each retry of a throttled request, in milliseconds. */
export const DEFAULT_THROTTLE_BACKOFF_MS: readonly number[] = Object.freeze([5_000, 15_000, 30_000, 60_000]);

/** HTTP statuses a throttling service answers with (RFC 6585 §4 Too Many Requests; RFC 9110 §15.6.4 Service Unavailable). */
const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** One answer as the harness saw it: the HTTP status (when an answer came) and the screen (when it parsed). */
export interface ThrottleAnswer {
  status?: number | undefined;
  screen?: UssdScreen | undefined;
}

/** True when an answer is a throttle refusal: HTTP 429/503, or a final screen saying the service is throttling. */
export function isThrottled(answer: ThrottleAnswer): boolean {
  if (answer.status !== undefined && THROTTLE_STATUSES.has(answer.status)) return true;
  return answer.screen !== undefined && !answer.screen.continue && isThrottleScreen(answer.screen.text);
}

/** `isThrottled` for a transcript entry (its response status and parsed screen). */
export function isThrottledEntry(entry: Pick<TranscriptEntry, 'response' | 'screen'>): boolean {
  return isThrottled({ status: entry.response?.status, screen: entry.screen });
}

/** True when any hop of a session (or walk) was a throttle refusal. */
export function sessionThrottled(session: { readonly exchanges: ReadonlyArray<{ readonly entry: TranscriptEntry; readonly screen?: UssdScreen | undefined }> }): boolean {
  return session.exchanges.some((x) => isThrottled({ status: x.entry.response?.status, screen: x.screen ?? x.entry.screen }));
}

export interface ThrottleBackoff {
  /** Waits before each retry, in milliseconds; the number of entries is the number of retries. */
  backoffMs: readonly number[];
  /** How to wait (tests move a fake clock instead). */
  sleep: (ms: number) => Promise<void>;
  /** Called before each wait. */
  onWait?: (ms: number, attempt: number) => void;
  /** Called when the answer after the last wait is still a refusal. */
  onGiveUp?: () => void;
}

export interface ThrottleRetryResult<T> {
  /** The last attempt's result (still a refusal when `gaveUp`). */
  result: T;
  /** How many times it waited (= retries made). */
  waits: number;
  /** True when every attempt, the retries included, was refused. */
  gaveUp: boolean;
}

/**
 * Runs `attempt`; while its result is a throttle refusal, cleans it up, waits the next entry of the schedule
 * and runs it again. Errors of an attempt (budget spent, safety stop) propagate: each retry is an ordinary
 * request through the transport, within the run's rate and budget and kept in the transcript.
 */
export async function withThrottleRetry<T>(
  attempt: () => Promise<T>,
  throttled: (result: T) => boolean,
  backoff: ThrottleBackoff,
  cleanup?: (result: T) => Promise<void>,
): Promise<ThrottleRetryResult<T>> {
  let result = await attempt();
  let waits = 0;
  while (throttled(result)) {
    if (waits >= backoff.backoffMs.length) {
      backoff.onGiveUp?.();
      return { result, waits, gaveUp: true };
    }
    if (cleanup) await cleanup(result);
    const ms = backoff.backoffMs[waits]!;
    backoff.onWait?.(ms, waits);
    waits++;
    await backoff.sleep(ms);
    result = await attempt();
  }
  return { result, waits, gaveUp: false };
}

/** `5 s, 15 s, 30 s, 60 s`, for messages. */
export function describeBackoff(backoffMs: readonly number[]): string {
  return backoffMs.map((ms) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`)).join(', ');
}

/** Waits in real time. */
export function realSleep(ms: number): Promise<void> {
  return new Promise<void>((r) => setTimeout(r, ms));
}
