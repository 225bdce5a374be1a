/**
 * Hubtel dialect (reference §1.4): JSON `Mobile, SessionId, ServiceCode, Type (Initiation|Response|Release|
 * Timeout), Message, Operator, Sequence, ClientState`; answer JSON `Type: Response|Release, Message,
 * ClientState`. On Initiation `Message` is the whole dial string and may carry a pre-entered route.
 */
import { openSession, step } from './menu.js';
import { MalformedRequest } from './africastalking.js';
import { admitHop, cancelPendingOf, continueSession, feed, newSession, type FlowEnv, type HopAnswer } from './session-flow.js';
import { STATE_NAMES, type MenuContext, type Session, type StateName } from './sessions.js';

export interface HubtelHop {
  mobile: string;
  sessionId: string;
  serviceCode: string;
  type: 'Initiation' | 'Response' | 'Release' | 'Timeout';
  message: string;
  sequence: number | undefined;
  clientState: string;
}

const TYPES = ['Initiation', 'Response', 'Release', 'Timeout'] as const;

function str(v: unknown, field: string, required: boolean): string {
  if (v === undefined || v === null) {
    if (required) throw new MalformedRequest(`Missing field ${field}.`);
    return '';
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new MalformedRequest(`Field ${field} must be a string.`);
}

export function readHubtelHop(body: string): HubtelHop {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedRequest('Body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedRequest('Body must be a JSON object.');
  const o = parsed as Record<string, unknown>;
  const type = str(o.Type, 'Type', true);
  const known = TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
  if (known === undefined) throw new MalformedRequest('Type must be Initiation, Response, Release or Timeout.');
  const seq = o.Sequence;
  let sequence: number | undefined;
  if (typeof seq === 'number' && Number.isFinite(seq)) sequence = seq;
  else if (typeof seq === 'string' && /^\d{1,9}$/.test(seq)) sequence = Number(seq);
  else if (seq !== undefined && seq !== null) throw new MalformedRequest('Sequence must be a number.');
  return {
    mobile: str(o.Mobile, 'Mobile', true),
    sessionId: str(o.SessionId, 'SessionId', true),
    serviceCode: str(o.ServiceCode, 'ServiceCode', false),
    type: known,
    message: str(o.Message, 'Message', false),
    sequence,
    clientState: str(o.ClientState, 'ClientState', false),
  };
}

/** The route pre-entered after the service code: `*384*1*4826#` with service code `*384#` gives ['1', '4826']. */
export function routeFromDial(message: string, serviceCode: string): string[] {
  const strip = (x: string): string[] => x.trim().replace(/^\*/, '').replace(/#$/, '').split('*').filter((p) => p !== '');
  const dial = strip(message);
  const code = strip(serviceCode);
  if (code.length > 0 && code.every((p, i) => dial[i] === p)) return dial.slice(code.length);
  return dial.slice(1);
}

/** Vulnerable apps keep the menu position in ClientState and trust it when it comes back. */
export function encodeClientState(s: Session): string {
  return Buffer.from(JSON.stringify({ st: s.state, c: s.ctx, a: s.authenticated }), 'utf8').toString('base64url');
}

function decodeClientState(value: string): { state: StateName; ctx: MenuContext; auth: boolean } | undefined {
  if (value === '' || value.length > 4096) return undefined;
  try {
    const o: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof o !== 'object' || o === null) return undefined;
    const r = o as { st?: unknown; c?: unknown; a?: unknown };
    if (typeof r.st !== 'string' || !(STATE_NAMES as readonly string[]).includes(r.st)) return undefined;
    const ctx: MenuContext = {};
    if (typeof r.c === 'object' && r.c !== null) {
      const c = r.c as Record<string, unknown>;
      for (const k of ['recipient', 'recipientRaw', 'billerId', 'account', 'pin', 'pendingRef', 'newPin', 'regName', 'regId', 'regDob'] as const) {
        const v = c[k];
        if (typeof v === 'string') ctx[k] = v;
      }
      if (typeof c.amount === 'number' && Number.isFinite(c.amount)) ctx.amount = c.amount;
      if (c.txType === 'send' || c.txType === 'paybill' || c.txType === 'airtime') ctx.txType = c.txType;
      if (c.after === 'balance' || c.after === 'stmt') ctx.after = c.after;
    }
    return { state: r.st as StateName, ctx, auth: r.a === true };
  } catch {
    return undefined;
  }
}

export async function handleHubtelHop(hop: HubtelHop, env: FlowEnv): Promise<HopAnswer> {
  const { w } = env;
  const existing = env.store.get('hubtel', hop.sessionId);
  if (hop.type === 'Release' || hop.type === 'Timeout') {
    if (existing !== undefined) {
      existing.ended = true;
      // Hardened: an aborted or timed-out session leaves nothing behind that a later hop could confirm.
      if (!w['reuse-after-end']) cancelPendingOf(existing, env);
    }
    return { reply: { end: true, text: '' } };
  }
  const admitted = admitHop(env, hop.sessionId, hop.mobile);
  if (!('msisdn' in admitted)) return admitted;
  const { msisdn } = admitted;

  if (hop.type === 'Initiation') {
    if (existing !== undefined && !w['weak-session-ids']) {
      return { reply: { end: true, text: 'Session error. Please dial again.' } };
    }
    const created = newSession(env, 'hubtel', hop.sessionId, hop.mobile, msisdn);
    if (!('key' in created)) return created;
    const s: Session = created;
    const route = routeFromDial(hop.message, hop.serviceCode);
    s.lastInputs = route;
    const reply = await feed(s, openSession(s, env), route, env, !w['pin-in-dial-string']);
    s.lastSequence = hop.sequence;
    s.lastReply = reply;
    return { reply, session: s };
  }

  if (existing === undefined) {
    if (!w['stateless-path']) return { reply: { end: true, text: 'Session not found. Please dial again.' } };
    const created = newSession(env, 'hubtel', hop.sessionId, hop.mobile, msisdn);
    if (!('key' in created)) return created;
    const s: Session = created;
    const opening = openSession(s, env);
    const trusted = decodeClientState(hop.clientState);
    let reply;
    if (trusted !== undefined) {
      s.state = trusted.state;
      s.ctx = trusted.ctx;
      s.authenticated = trusted.auth;
      reply = await step(s, hop.message, env);
    } else {
      reply = await feed(s, opening, hop.message === '' ? [] : hop.message.split('*'), env);
    }
    s.lastSequence = hop.sequence;
    s.lastReply = reply;
    return { reply, session: s };
  }

  return continueSession(
    existing,
    {
      msisdnRaw: hop.mobile,
      msisdn,
      duplicate: hop.sequence !== undefined && hop.sequence === existing.lastSequence,
      inputs: () => [hop.message],
      fullPath: () => [hop.message],
      record: (s) => {
        s.lastSequence = hop.sequence;
      },
    },
    env,
  );
}

export function renderHubtelReply(reply: { end: boolean; text: string }, s: Session | undefined, env: FlowEnv): string {
  const clientState = s !== undefined && env.w['stateless-path'] ? encodeClientState(s) : '';
  return JSON.stringify({ Type: reply.end ? 'Release' : 'Response', Message: reply.text, ClientState: clientState });
}
