/**
 * Server-side USSD sessions. Each dialect keys its own sessions (`at:<id>`, `hubtel:<id>`). A session keeps the
 * menu position, the caller it was opened for, what the last hop was (to recognise a duplicate) and a snapshot
 * of the state before that hop (which the replay weakness restores).
 */
import type { DialectName } from './weaknesses.js';

export type StateName =
  | 'unreg-menu' | 'reg-name' | 'reg-id' | 'reg-dob' | 'reg-pin' | 'reg-pin2'
  | 'main' | 'main-more' | 'auth-pin' | 'balance-shown'
  | 'send-recipient' | 'send-amount' | 'tx-pin' | 'tx-confirm'
  | 'bill-number' | 'bill-account' | 'bill-amount'
  | 'air-choice' | 'air-number' | 'air-amount'
  | 'stmt-choice' | 'stmt-number' | 'stmt-shown'
  | 'cp-old' | 'cp-new' | 'cp-new2'
  | 'fp-id' | 'fp-dob' | 'fp-new' | 'fp-new2'
  | 'agent-menu' | 'agent-lookup' | 'agent-reset';

export const STATE_NAMES: readonly StateName[] = [
  'unreg-menu', 'reg-name', 'reg-id', 'reg-dob', 'reg-pin', 'reg-pin2', 'main', 'main-more', 'auth-pin',
  'balance-shown', 'send-recipient', 'send-amount', 'tx-pin', 'tx-confirm', 'bill-number', 'bill-account',
  'bill-amount', 'air-choice', 'air-number', 'air-amount', 'stmt-choice', 'stmt-number', 'stmt-shown', 'cp-old',
  'cp-new', 'cp-new2', 'fp-id', 'fp-dob', 'fp-new', 'fp-new2', 'agent-menu', 'agent-lookup', 'agent-reset',
];

export interface MenuContext {
  after?: 'balance' | 'stmt';
  txType?: 'send' | 'paybill' | 'airtime';
  recipient?: string;
  recipientRaw?: string;
  billerId?: string;
  account?: string;
  amount?: number;
  pin?: string;
  pendingRef?: string;
  newPin?: string;
  regName?: string;
  regId?: string;
  regDob?: string;
}

export interface SessionState {
  state: StateName;
  ctx: MenuContext;
  authenticated: boolean;
  ended: boolean;
  pinFailsThisSession: number;
}

export interface Session extends SessionState {
  key: string;
  id: string;
  dialect: DialectName;
  /** The caller number as the gateway sent it on the first hop. */
  msisdnRaw: string;
  /** Canonical caller number of the first hop. */
  msisdn: string;
  createdMs: number;
  lastActivityMs: number;
  /** AT: the cumulative text of the last hop. */
  lastText: string;
  /** Hubtel: the Sequence of the last hop. */
  lastSequence: number | undefined;
  lastReply: Reply | undefined;
  /** The state before the last hop and that hop's inputs. */
  before: SessionState | undefined;
  lastInputs: string[];
  /** Tail of the per-session queue (hardened: hops of one session run one after the other). */
  queue: Promise<unknown>;
}

export interface Reply {
  end: boolean;
  text: string;
}

const MAX_SESSIONS = 20_000;

export class SessionStore {
  private sessions = new Map<string, Session>();

  get(dialect: DialectName, id: string): Session | undefined {
    return this.sessions.get(`${dialect}:${id}`);
  }

  create(dialect: DialectName, id: string, msisdnRaw: string, msisdn: string, nowMs: number): Session {
    if (this.sessions.size >= MAX_SESSIONS) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const s: Session = {
      key: `${dialect}:${id}`, id, dialect, msisdnRaw, msisdn, createdMs: nowMs, lastActivityMs: nowMs,
      state: 'main', ctx: {}, authenticated: false, ended: false, pinFailsThisSession: 0,
      lastText: '', lastSequence: undefined, lastReply: undefined, before: undefined, lastInputs: [],
      queue: Promise.resolve(),
    };
    this.sessions.set(s.key, s);
    return s;
  }

  delete(s: Session): void {
    this.sessions.delete(s.key);
  }

  clear(): void {
    this.sessions.clear();
  }
}

export function snapshot(s: SessionState): SessionState {
  return {
    state: s.state,
    ctx: { ...s.ctx },
    authenticated: s.authenticated,
    ended: s.ended,
    pinFailsThisSession: s.pinFailsThisSession,
  };
}

export function restore(s: Session, snap: SessionState): void {
  s.state = snap.state;
  s.ctx = { ...snap.ctx };
  s.authenticated = snap.authenticated;
  s.ended = snap.ended;
  s.pinFailsThisSession = snap.pinFailsThisSession;
}

/** Hardened session ids: what real gateways issue (AT `ATUid_…`, Hubtel hex/UUID-like). */
export function isWellFormedSessionId(id: string): boolean {
  return /^[A-Za-z0-9_-]{8,64}$/.test(id);
}
