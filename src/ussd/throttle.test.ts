import { describe, expect, it } from 'vitest';
import { ErrorCodes, UssdError } from '../errors.js';
import { DEFAULT_THROTTLE_BACKOFF_MS, describeBackoff, isThrottled, isThrottledEntry, sessionThrottled, withThrottleRetry } from './throttle.js';
import type { TranscriptEntry } from './types.js';

function entry(status: number | undefined, screen?: { continue: boolean; text: string }): TranscriptEntry {
  return {
    id: 1,
    atMs: 0,
    source: 't',
    request: { method: 'POST', url: 'http://127.0.0.1/ussd', headers: {} },
    elapsedMs: 1,
    ...(status !== undefined ? { response: { status, headers: {}, body: screen ? screen.text : '' } } : {}),
    ...(screen ? { screen } : {}),
  };
}

describe('isThrottled', () => {
  it('reads HTTP 429 and 503 as throttling, whatever the body', () => {
    expect(isThrottled({ status: 429 })).toBe(true);
    expect(isThrottled({ status: 503 })).toBe(true);
    expect(isThrottled({ status: 500 })).toBe(false);
    expect(isThrottled({ status: 200 })).toBe(false);
    expect(isThrottled({})).toBe(false);
  });

  it('reads a throttle screen as throttling only when it ends the session', () => {
    expect(isThrottled({ status: 200, screen: { continue: false, text: 'Too many requests. Please try again later.' } })).toBe(true);
    expect(isThrottled({ status: 200, screen: { continue: false, text: 'Huduma ina shughuli, jaribu tena baadaye' } })).toBe(true);
    // A screen that goes on is a menu, whatever it says.
    expect(isThrottled({ status: 200, screen: { continue: true, text: 'Service busy? 1. Retry 0. Exit' } })).toBe(false);
    // A lockout names the PIN: waiting does not lift it.
    expect(isThrottled({ status: 200, screen: { continue: false, text: 'Too many wrong PIN attempts. Try again later.' } })).toBe(false);
    expect(isThrottled({ status: 200, screen: { continue: false, text: 'Your balance is KES 1,000' } })).toBe(false);
  });

  it('reads transcript entries and sessions the same way', () => {
    expect(isThrottledEntry(entry(429))).toBe(true);
    expect(isThrottledEntry(entry(200, { continue: false, text: 'System busy, try again later' }))).toBe(true);
    expect(isThrottledEntry(entry(200, { continue: true, text: 'Welcome' }))).toBe(false);
    expect(isThrottledEntry(entry(undefined))).toBe(false);
    const ok = entry(200, { continue: true, text: 'Welcome' });
    const busy = entry(200, { continue: false, text: 'Too many sessions, try again in 1 minute' });
    expect(sessionThrottled({ exchanges: [{ entry: ok, screen: ok.screen! }] })).toBe(false);
    expect(sessionThrottled({ exchanges: [{ entry: ok, screen: ok.screen! }, { entry: busy, screen: busy.screen! }] })).toBe(true);
    expect(sessionThrottled({ exchanges: [{ entry: entry(503) }] })).toBe(true);
  });
});

describe('withThrottleRetry', () => {
  it('waits each entry of the schedule in turn until the answer is no longer a refusal', async () => {
    const answers = ['busy', 'busy', 'ok'];
    const events: string[] = [];
    const r = await withThrottleRetry(
      async () => {
        const a = answers.shift()!;
        events.push(`attempt:${a}`);
        return a;
      },
      (a) => a === 'busy',
      { backoffMs: DEFAULT_THROTTLE_BACKOFF_MS, sleep: async (ms) => void events.push(`sleep:${ms}`), onWait: (ms, i) => void events.push(`wait:${i}:${ms}`), onGiveUp: () => void events.push('gave up') },
      async (a) => void events.push(`cleanup:${a}`),
    );
    expect(r).toEqual({ result: 'ok', waits: 2, gaveUp: false });
    expect(events).toEqual(['attempt:busy', 'cleanup:busy', 'wait:0:5000', 'sleep:5000', 'attempt:busy', 'cleanup:busy', 'wait:1:15000', 'sleep:15000', 'attempt:ok']);
  });

  it('does not wait when the first answer is not a refusal', async () => {
    const slept: number[] = [];
    const r = await withThrottleRetry(async () => 1, () => false, { backoffMs: [5_000], sleep: async (ms) => void slept.push(ms) });
    expect(r).toEqual({ result: 1, waits: 0, gaveUp: false });
    expect(slept).toEqual([]);
  });

  it('gives up after the last wait and returns the last refusal', async () => {
    const slept: number[] = [];
    let attempts = 0;
    let gaveUp = 0;
    const r = await withThrottleRetry(async () => ++attempts, () => true, { backoffMs: [1_000, 2_000], sleep: async (ms) => void slept.push(ms), onGiveUp: () => void gaveUp++ });
    expect(r).toEqual({ result: 3, waits: 2, gaveUp: true });
    expect(slept).toEqual([1_000, 2_000]);
    expect(gaveUp).toBe(1);
  });

  it('with an empty schedule, never waits and gives up at once', async () => {
    let attempts = 0;
    const r = await withThrottleRetry(async () => ++attempts, () => true, { backoffMs: [], sleep: async () => {} });
    expect(r).toEqual({ result: 1, waits: 0, gaveUp: true });
  });

  it('lets errors of an attempt through (a spent budget ends the retries)', async () => {
    let attempts = 0;
    const p = withThrottleRetry(
      async () => {
        if (++attempts > 1) throw new UssdError(ErrorCodes.USSD_BUDGET_EXHAUSTED, 'budget spent');
        return 'busy';
      },
      () => true,
      { backoffMs: [1, 1, 1], sleep: async () => {} },
    );
    await expect(p).rejects.toMatchObject({ code: ErrorCodes.USSD_BUDGET_EXHAUSTED });
    expect(attempts).toBe(2);
  });
});

describe('describeBackoff', () => {
  it('writes the schedule for messages', () => {
    expect(describeBackoff(DEFAULT_THROTTLE_BACKOFF_MS)).toBe('5 s, 15 s, 30 s, 60 s');
    expect(describeBackoff([1_500])).toBe('1500 ms');
  });
});
