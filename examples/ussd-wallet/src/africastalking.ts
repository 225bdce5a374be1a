/**
 * Africa's Talking dialect (reference §1.4): form POST `sessionId, serviceCode, phoneNumber, networkCode, text`
 * where `text` is every input of the session joined by `*`; answer `CON …` or `END …` as text/plain. Plus the
 * end-of-session notification callback.
 */
import { openSession } from './menu.js';
import { admitHop, cancelPendingOf, continueSession, feed, newSession, type FlowEnv, type HopAnswer } from './session-flow.js';
import type { Session } from './sessions.js';

export class MalformedRequest extends Error {}

/** Strict `application/x-www-form-urlencoded` parsing: bad percent-escapes are a 400, not a guess. */
export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (body === '') return out;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw new MalformedRequest('Malformed form encoding.');
    }
    // First occurrence wins, as most frameworks do for duplicated parameters.
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
  }
  return out;
}

export interface AtHop {
  sessionId: string;
  phoneNumber: string;
  serviceCode: string;
  text: string;
}

export function readAtHop(form: Record<string, string>): AtHop {
  const { sessionId, phoneNumber } = form;
  if (sessionId === undefined) throw new MalformedRequest('Missing field sessionId.');
  if (phoneNumber === undefined) throw new MalformedRequest('Missing field phoneNumber.');
  return { sessionId, phoneNumber, serviceCode: form.serviceCode ?? '', text: form.text ?? '' };
}

export async function handleAtHop(hop: AtHop, env: FlowEnv): Promise<HopAnswer> {
  const admitted = admitHop(env, hop.sessionId, hop.phoneNumber);
  if (!('msisdn' in admitted)) return admitted;
  const { msisdn } = admitted;
  const { w } = env;
  const existing = env.store.get('africastalking', hop.sessionId);
  const parts = hop.text === '' ? [] : hop.text.split('*');

  if (existing === undefined || (hop.text === '' && existing.lastText !== '' && w['weak-session-ids'])) {
    if (hop.text !== '' && !w['stateless-path']) {
      return { reply: { end: true, text: 'Your session has expired. Please dial again.' } };
    }
    const created = newSession(env, 'africastalking', hop.sessionId, hop.phoneNumber, msisdn);
    if (!('key' in created)) return created;
    const s: Session = created;
    const opening = openSession(s, env);
    s.lastInputs = parts;
    const reply = await feed(s, opening, parts, env);
    s.lastText = hop.text;
    s.lastReply = reply;
    return { reply, session: s };
  }
  if (hop.text === '' && existing.lastText !== '') {
    // A dial on a session id that already carried inputs: a reused id.
    return { reply: { end: true, text: 'Session error. Please dial again.' } };
  }
  return continueSession(
    existing,
    {
      msisdnRaw: hop.phoneNumber,
      msisdn,
      duplicate: hop.text === existing.lastText,
      inputs: () => {
        const prefix = existing.lastText === '' ? '' : `${existing.lastText}*`;
        if (!hop.text.startsWith(prefix) || hop.text.length === prefix.length) return null;
        const added = hop.text.slice(prefix.length);
        // Hardened: what the user typed on this screen is one input, `*` and all.
        return w['separator-smuggling'] ? added.split('*') : [added];
      },
      fullPath: () => parts,
      record: (s) => {
        s.lastText = hop.text;
      },
    },
    env,
  );
}

/**
 * End-of-session notification. Hardened: informational only — it ends the session and cancels what was left
 * pending. Vulnerable: `status=Success` is taken as the user's confirmation and completes pending transactions.
 */
export function handleAtNotification(form: Record<string, string>, env: FlowEnv): void {
  const sessionId = form.sessionId ?? '';
  const s = env.store.get('africastalking', sessionId);
  if (env.w['notification-spoofing']) {
    if (form.status === 'Success') {
      for (const e of env.ledger.pendingOfSession('africastalking', sessionId)) env.ledger.completeAtomic(e);
    }
    if (s !== undefined) s.ended = true;
    return;
  }
  if (s !== undefined) {
    s.ended = true;
    cancelPendingOf(s, env);
  } else {
    for (const e of env.ledger.pendingOfSession('africastalking', sessionId)) e.status = 'cancelled';
  }
}

export function renderAtReply(reply: { end: boolean; text: string }): string {
  return `${reply.end ? 'END' : 'CON'} ${reply.text}`;
}
