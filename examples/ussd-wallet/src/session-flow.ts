/**
 * Hop bookkeeping shared by the dialect adapters: session-id hygiene, caller binding, idle timeout, duplicate
 * hops, hops after the end, serialisation of one session's hops and throttling of new sessions. The adapters
 * only say what the inputs of a hop are; the menu (`menu.ts`) says what they do.
 */
import { canonicalMsisdn } from './accounts.js';
import { awaitingPin, leakyLookup, openSession, step, type MenuEnv } from './menu.js';
import { isWellFormedSessionId, restore, snapshot, type Reply, type Session, type SessionStore } from './sessions.js';
import type { DialectName } from './weaknesses.js';

export const IDLE_TIMEOUT_MS = 180_000;

export interface FlowEnv extends MenuEnv {
  store: SessionStore;
}

/** An answer that is not a screen: the request itself is refused. */
export interface Refusal {
  status: number;
  text: string;
}

export type HopAnswer = { reply: Reply; session?: Session } | { refusal: Refusal };

const end = (text: string): Reply => ({ end: true, text });

/** Checks common to every hop; returns the caller's canonical number or the answer to give instead. */
export function admitHop(env: FlowEnv, sessionId: string, msisdnRaw: string): { msisdn: string } | HopAnswer {
  if (!env.w['weak-session-ids'] && !isWellFormedSessionId(sessionId)) {
    return { refusal: { status: 400, text: 'Malformed session id.' } };
  }
  leakyLookup(env.w, msisdnRaw, 'msisdn');
  const msisdn = canonicalMsisdn(msisdnRaw);
  if (msisdn === null) return { reply: end('This service is not available for your number.') };
  return { msisdn };
}

/** Creates a session, applying the per-number session rate limit. */
export function newSession(env: FlowEnv, dialect: DialectName, id: string, msisdnRaw: string, msisdn: string): Session | HopAnswer {
  if (!env.w['no-throttling'] && !env.guards.allowSession(msisdn)) {
    return { reply: end('Too many requests from your number. Please try again in a minute.') };
  }
  const old = env.store.get(dialect, id);
  if (old !== undefined) env.store.delete(old);
  return env.store.create(dialect, id, msisdnRaw, msisdn, env.now());
}

/** Feeds inputs one by one; stops at the end of the session, or at a PIN prompt when asked to. */
export async function feed(s: Session, first: Reply, inputs: readonly string[], env: FlowEnv, stopAtPin = false): Promise<Reply> {
  let reply = first;
  for (const input of inputs) {
    if (s.ended) break;
    if (stopAtPin && awaitingPin(s)) break;
    reply = await step(s, input, env);
  }
  return reply;
}

/** Runs the hops of one session one after the other (the hardened control against confirm races). */
export function exclusive<T>(s: Session, env: FlowEnv, fn: () => Promise<T>): Promise<T> {
  if (env.w['parallel-confirm-race']) return fn();
  const run = s.queue.then(fn, fn);
  s.queue = run.catch(() => undefined);
  return run;
}

export function cancelPendingOf(s: Session, env: FlowEnv): void {
  for (const e of env.ledger.pendingOfSession(s.dialect, s.id)) e.status = 'cancelled';
}

export interface ContinueHop {
  msisdnRaw: string;
  msisdn: string;
  /** The same hop as the last one (AT: same text; Hubtel: same Sequence). */
  duplicate: boolean;
  /** The inputs of this hop, or null when the hop does not follow from the last one. */
  inputs: () => string[] | null;
  /** Inputs to run from the first screen when the hop does not follow (stateless-path). */
  fullPath: () => string[];
  record: (s: Session) => void;
}

/** A hop on a known session. */
export function continueSession(s: Session, hop: ContinueHop, env: FlowEnv): Promise<HopAnswer> {
  return exclusive(s, env, async () => {
    const { w } = env;
    if (hop.msisdn !== s.msisdn && !w['session-msisdn-unbound']) {
      s.ended = true;
      cancelPendingOf(s, env);
      return { reply: end('This session does not belong to your number. Please dial again.') };
    }
    if (!w['no-idle-timeout'] && !s.ended && env.now() - s.lastActivityMs > IDLE_TIMEOUT_MS) {
      s.ended = true;
      cancelPendingOf(s, env);
      return { reply: end('Your session timed out. Please dial again.') };
    }
    if (hop.duplicate) {
      if (w['final-step-replay'] && s.before !== undefined) {
        restore(s, s.before);
        const reply = await feed(s, s.lastReply ?? end(''), s.lastInputs, env);
        s.lastReply = reply;
        s.lastActivityMs = env.now();
        return { reply, session: s };
      }
      return { reply: s.lastReply ?? end('Please dial again.'), session: s };
    }
    if (s.ended) {
      if (!w['reuse-after-end']) return { reply: end('This session has ended. Please dial again.') };
      s.ended = false;
    }
    let inputs = hop.inputs();
    let first: Reply = s.lastReply ?? end('');
    if (inputs === null) {
      if (!w['stateless-path']) {
        s.ended = true;
        cancelPendingOf(s, env);
        return { reply: end('Session error. Please dial again.') };
      }
      first = openSession(s, env);
      inputs = hop.fullPath();
    }
    s.before = snapshot(s);
    s.lastInputs = inputs;
    const reply = await feed(s, first, inputs, env);
    hop.record(s);
    s.lastReply = reply;
    s.lastActivityMs = env.now();
    return { reply, session: s };
  });
}
