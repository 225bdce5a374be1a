/**
 * @module ussd/tests/pin/support
 * What only the PIN test cases need on top of `../../flows.ts`: what the answer to a PIN entry says (let in,
 * wrong, locked), the PIN prompts where a PIN can be tried without moving money, the change-PIN entry, and one
 * PIN try in a fresh session.
 */
import type { MenuMap } from '../../crawler.js';
import {
  BALANCE_WORDS,
  byDepthThenId,
  CHANGE_PIN_WORDS,
  closeSession,
  FORGOT_PIN_WORDS,
  labelsSay,
  LOCK_WORDS,
  mapEntries,
  NOT_TRANSFER_WORDS,
  readOf,
  saysAny,
  SEND_WORDS,
  sendOn,
  STATEMENT_WORDS,
  walk,
  type FlowEntry,
  type FlowReading,
} from '../../flows.js';
import type { PromptKind } from '../../prompts.js';
import type { UssdSession } from '../../session.js';
import type { UssdTestContext } from '../types.js';

/** What the answer to a wrong PIN says (narrower than REFUSAL_WORDS: a balance screen may well mention a "limit"). */
export const PIN_REFUSAL_WORDS = [
  ...LOCK_WORDS,
  'wrong', 'incorrect', 'invalid', 'not valid', 'denied', 'failed', 'not match', 'do not match', 'try again', 'erronee', 'errone',
  'invalide', 'echec', 'si sahihi', 'umekosea', 'imekosewa', 'incorrecto', 'incorrecta', 'invalido', 'incorreto', 'incorreta',
];

export type PinOutcome = 'accepted' | 'wrong' | 'locked';

/** What the answer to a PIN entry says: let in, wrong PIN (prompt again or a refusal), or locked/backed off. */
export function pinOutcome(r: FlowReading): PinOutcome {
  if (saysAny(r.text, LOCK_WORDS)) return 'locked';
  if (r.kind === 'pin') return 'wrong';
  if (saysAny(r.text, PIN_REFUSAL_WORDS)) return 'wrong';
  return 'accepted';
}

/**
 * PIN prompts that check the current PIN without moving money, best first: the balance, then the statement,
 * then other ones, then the old-PIN prompt of change-PIN (entering a PIN there is harmless too).
 */
export function pinEntries(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry[] {
  const rank = (e: FlowEntry): number =>
    labelsSay(e, FORGOT_PIN_WORDS) ? 9 : labelsSay(e, BALANCE_WORDS) ? 0 : labelsSay(e, STATEMENT_WORDS) ? 1 : labelsSay(e, CHANGE_PIN_WORDS) || saysAny(e.reading.prompt, CHANGE_PIN_WORDS) ? 3 : 2;
  return mapEntries(map, extra)
    .filter((e) => e.reading.kind === 'pin' && rank(e) < 9 && !labelsSay(e, SEND_WORDS) && !labelsSay(e, NOT_TRANSFER_WORDS))
    .sort((a, b) => rank(a) - rank(b) || byDepthThenId(a, b));
}

/** The first prompt of change-PIN: the old PIN (or directly the new one) under a "change PIN" option. */
export function changePinEntry(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry | undefined {
  return mapEntries(map, extra)
    .filter((e) => (e.reading.kind === 'pin' || e.reading.kind === 'new-pin') && (labelsSay(e, CHANGE_PIN_WORDS) || saysAny(e.reading.prompt, CHANGE_PIN_WORDS)))
    .sort(byDepthThenId)[0];
}

export interface PinTry {
  session: UssdSession;
  /** The screen the PIN prompt answered with, or why there was no PIN prompt. */
  reading?: FlowReading;
  /** The session did not reach a PIN prompt; the screen it reached instead. */
  notAtPrompt?: FlowReading;
  outcome?: PinOutcome;
}

/** New session as A to the PIN prompt at `entry`, then one PIN. */
export async function tryPin(ctx: UssdTestContext, entry: FlowEntry, pin: string): Promise<PinTry> {
  const session = await walk(ctx, ctx.a.msisdn, entry.path);
  const at = readOf(ctx, session.screen);
  if (!at || at.kind !== 'pin' || session.ended) {
    await closeSession(session);
    return { session, ...(at ? { notAtPrompt: at } : {}) };
  }
  const reading = readOf(ctx, await sendOn(session, pin));
  await closeSession(session);
  return reading ? { session, reading, outcome: pinOutcome(reading) } : { session };
}
