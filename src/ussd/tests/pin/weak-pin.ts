import type { UssdSession } from '../../session.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import {
  closeSession,
  entryIds,
  excerpt,
  readOf,
  REFUSAL_WORDS,
  saysAny,
  saysSuccess,
  sendOn,
  walk,
  type FlowEntry,
  type FlowReading,
} from '../../flows.js';
import { changePinEntry, pinOutcome } from './support.js';

/** The guessable PINs of the reference catalogue, in the length of the declared PIN. */
export function weakCandidates(pin: string): string[] {
  const n = pin.length;
  const seq = '1234567890'.slice(0, n).padEnd(n, '0');
  const out = [pin, '0'.repeat(n), seq, '1'.repeat(n), '12'.repeat(n).slice(0, n)];
  return [...new Set(out)];
}

type Step =
  /** The new PIN was taken (asked to confirm it, or changed). */
  | { kind: 'accepted'; reading: FlowReading }
  /** Refused; `session` is still at a new-PIN prompt when `again` is set. */
  | { kind: 'refused'; reading?: FlowReading; again: boolean }
  | { kind: 'stuck'; reading?: FlowReading };

/** Reference §6.2 USSD-PIN-05: guessable PINs and the old PIN offered as the new PIN in change-PIN. */
export const weakPinTest = defineUssdTest({
  id: 'ussd.pin.weak-pin',
  meta: {
    title: 'Guessable PIN accepted at PIN change',
    family: 'pin',
    kind: 'control',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-521'], dfs: ['USSD-04', 'USSD-30', 'PLAT-01'] },
    description: [
      "Finds change-PIN in the menu map (a PIN prompt under a \"change PIN\" option), enters A's PIN, then offers as the",
      'new PIN, in this order: the old PIN itself, `0000`, `1234`, `1111`, `1212` (in the length of the declared PIN),',
      'staying in the session while the service asks again.',
      '',
      '- **Finding** when one is taken: the service asks to confirm it, and after the confirmation says the PIN was',
      '  changed. The old PIN goes first because accepting it changes nothing; for any other weak PIN the test',
      "  completes the change and then changes the PIN back to A's declared one.",
      '- **Pass** when every candidate is refused.',
      '',
      'Destructive: if a weak PIN is accepted, A\'s PIN is changed and restored; when the restore fails (a service that',
      'refuses recently used PINs) the finding says which PIN A now has.',
    ].join('\n'),
    manual: 'In Change PIN, enter the current PIN and then 0000, 1234, 1111, 1212 and the current PIN as the new PIN. Each must be refused.',
    remediation: 'Refuse repeated digits, ascending/descending runs, ABAB patterns, the birth year, common PINs and the previous PINs, in every flow that sets a PIN (registration, change, reset).',
    catalogueId: 'USSD-PIN-05',
    destructive: true,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.menu) return ctx.inconclusive('no menu map: the crawl did not run or failed');
    const entry = changePinEntry(ctx.menu, ctx.target.prompts);
    if (!entry) return ctx.inconclusive('the menu map has no change-PIN flow (a PIN prompt under a "change PIN" option)');
    const where = entry.labels.join(' > ') || entry.path.join('>');
    const candidates = weakCandidates(ctx.a.pin);
    const sessions: UssdSession[] = [];
    const refused: string[] = [];

    let session: UssdSession | undefined;
    for (const candidate of candidates) {
      if (!session || session.ended) {
        session = await walk(ctx, ctx.a.msisdn, entry.path);
        sessions.push(session);
        const at = await toNewPinPrompt(ctx, session);
        if (at !== 'ok') {
          await closeSession(session);
          return ctx.inconclusive(`change-PIN at "${where}" did not ask for a new PIN after A's PIN: ${at}`, entryIds(...sessions));
        }
      }
      const step = await offer(ctx, session, candidate);
      if (step.kind === 'stuck') {
        await closeSession(session);
        return ctx.inconclusive(`change-PIN answered "${excerpt(step.reading?.text ?? '', 100)}" to a new PIN; the test cannot tell whether it was taken`, entryIds(...sessions));
      }
      if (step.kind === 'refused') {
        refused.push(candidate === ctx.a.pin ? 'the old PIN' : candidate);
        if (!step.again) await closeSession(session);
        continue;
      }
      // Taken. The old PIN leaves A's PIN as it was; any other needs restoring.
      await closeSession(session);
      const what = candidate === ctx.a.pin ? 'the old PIN' : candidate;
      let restore = '';
      if (candidate !== ctx.a.pin) {
        const back = await changePin(ctx, entry, candidate, ctx.a.pin, sessions);
        restore = back
          ? " A's PIN was changed back to the declared one."
          : ` Restoring A's PIN failed: A's PIN is now ${candidate}; change it back by hand before further tests.`;
      }
      ctx.report({
        message: `change-PIN at "${where}" accepted ${what} as the new PIN ("${excerpt(step.reading.text, 100)}")${refused.length ? `; it refused ${refused.join(', ')}` : ''}.${restore}`,
        transcript: entryIds(...sessions),
        path: entry.path.join('>'),
      });
      return;
    }
    if (session) await closeSession(session);
    ctx.pass({ message: `change-PIN at "${where}" refused every guessable PIN offered (${refused.join(', ')})`, transcript: entryIds(...sessions), path: entry.path.join('>') });
  },
});

/** From the change-PIN entry to the new-PIN prompt: enters A's PIN where the old PIN is asked. */
async function toNewPinPrompt(ctx: UssdTestContext, session: UssdSession, pin = ctx.a.pin): Promise<'ok' | string> {
  let r = readOf(ctx, session.screen);
  for (let i = 0; i < 3 && r && !session.ended; i++) {
    if (r.kind === 'new-pin') return 'ok';
    if (r.kind !== 'pin') return `unexpected screen "${excerpt(r.text, 100)}"`;
    const next = readOf(ctx, await sendOn(session, pin));
    if (next && (next.kind === 'pin' || pinOutcome(next) !== 'accepted')) return `the PIN was refused ("${excerpt(next.text, 100)}")`;
    r = next;
  }
  return r?.kind === 'new-pin' ? 'ok' : `the session ended ("${excerpt(r?.text ?? '', 100)}")`;
}

/** Offers `pin` at the new-PIN prompt and, when asked, confirms it. */
async function offer(ctx: UssdTestContext, session: UssdSession, pin: string): Promise<Step> {
  const first = readOf(ctx, await sendOn(session, pin));
  if (!first) return { kind: 'stuck' };
  if (first.kind === 'new-pin') return { kind: 'refused', reading: first, again: true };
  if (first.kind === 'final') return saysSuccess(first) ? { kind: 'accepted', reading: first } : { kind: 'refused', reading: first, again: false };
  if (first.kind !== 'confirm-pin') return saysAny(first.text, REFUSAL_WORDS) ? { kind: 'refused', reading: first, again: false } : { kind: 'stuck', reading: first };
  const second = readOf(ctx, await sendOn(session, pin));
  if (!second) return { kind: 'stuck' };
  if (second.kind === 'new-pin') return { kind: 'refused', reading: second, again: true };
  if (saysSuccess(second)) return { kind: 'accepted', reading: second };
  if (saysAny(second.text, REFUSAL_WORDS)) return { kind: 'refused', reading: second, again: false };
  return { kind: 'stuck', reading: second };
}

/** A complete PIN change in a new session; true when the service said it changed. */
async function changePin(ctx: UssdTestContext, entry: FlowEntry, from: string, to: string, sessions: UssdSession[]): Promise<boolean> {
  const session = await walk(ctx, ctx.a.msisdn, entry.path);
  sessions.push(session);
  if ((await toNewPinPrompt(ctx, session, from)) !== 'ok') {
    await closeSession(session);
    return false;
  }
  const step = await offer(ctx, session, to);
  await closeSession(session);
  return step.kind === 'accepted';
}
