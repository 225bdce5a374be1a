/**
 * Counters that protect PINs and sessions: the per-subscriber PIN failure counter and lock, the per-number
 * session rate limit and the service-wide PIN failure velocity. Time comes from the injected clock.
 */

export const PIN_ATTEMPTS = 3;
export const SESSIONS_PER_MSISDN_PER_MINUTE = 20;
export const PIN_FAILURES_PER_MINUTE = 12;
const WINDOW_MS = 60_000;

export class Guards {
  private failures = new Map<string, number>();
  private locked = new Set<string>();
  private sessionStarts = new Map<string, number[]>();
  private globalFailures: number[] = [];

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.failures.clear();
    this.locked.clear();
    this.sessionStarts.clear();
    this.globalFailures = [];
  }

  isLocked(key: string): boolean {
    return this.locked.has(key);
  }

  /** Counts one wrong PIN for `key`; returns the attempts left (0 = now locked). */
  recordFailure(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n >= PIN_ATTEMPTS) this.locked.add(key);
    return Math.max(0, PIN_ATTEMPTS - n);
  }

  clearFailures(key: string): void {
    this.failures.delete(key);
  }

  unlock(key: string): void {
    this.locked.delete(key);
    this.failures.delete(key);
  }

  recordGlobalFailure(): void {
    this.globalFailures.push(this.now());
    this.prune();
  }

  globalVelocityExceeded(): boolean {
    this.prune();
    return this.globalFailures.length >= PIN_FAILURES_PER_MINUTE;
  }

  /** Records a new session for `key` and says whether it is within the rate limit. */
  allowSession(key: string): boolean {
    const t = this.now();
    const list = (this.sessionStarts.get(key) ?? []).filter((x) => t - x < WINDOW_MS);
    if (list.length >= SESSIONS_PER_MSISDN_PER_MINUTE) {
      this.sessionStarts.set(key, list);
      return false;
    }
    list.push(t);
    this.sessionStarts.set(key, list);
    if (this.sessionStarts.size > 50_000) this.sessionStarts.clear();
    return true;
  }

  private prune(): void {
    const t = this.now();
    this.globalFailures = this.globalFailures.filter((x) => t - x < WINDOW_MS);
  }
}
