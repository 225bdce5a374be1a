import { defineUssdTest } from '../types.js';
import { attemptsLeft, closeSession, entryIds, excerpt, readOf, sendOn, walk, wrongPin } from '../../flows.js';
import { pinEntries, pinOutcome, tryPin } from './support.js';
import type { UssdSession } from '../../session.js';

/** Reference §6.2 USSD-PIN-02: wrong PINs spread over sessions; does the failure counter survive a new session? */
export const counterScopeTest = defineUssdTest({
  id: 'ussd.pin.counter-scope',
  meta: {
    title: 'PIN failure counter reset by a new session',
    family: 'pin',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-307'], dfs: ['USSD-34', 'PLAT-01'] },
    description: [
      "First enters A's right PIN once (a correct PIN legitimately clears a consecutive-failure counter, so the series",
      'starts from a known zero and the test learns what "accepted" looks like). Then it spreads wrong PINs over two',
      'sessions: `lockoutThreshold` − 1 in the first (never enough to lock a correct service), the rest in a second,',
      'threshold + 1 in total. Finally it enters the right PIN in a new session.',
      '',
      '- **Finding** when the right PIN still opens the account although the service visibly counted failures within',
      '  a session (it showed attempts left, or ended the session after some wrong PINs): the counter belongs to the',
      '  session, so an attacker only has to dial again.',
      '- **Pass** when the right PIN is refused: the counter spans sessions.',
      '- **Inconclusive** when the service shows no failure counting at all (that is `ussd.pin.lockout`).',
      '',
      'No correct PIN is placed *between* the wrong ones: it would reset a correct counter too and prove nothing.',
      'Destructive: on a correct service it locks the test account A (see `ussd.pin.lockout`). Counting across',
      'channels (USSD and app) needs a second dialect or the app and is not covered here.',
    ].join('\n'),
    manual: [
      'With account A: enter wrong PINs until one short of the limit, hang up, dial again and enter two more wrong',
      'PINs, then try the right PIN in a third session. It must be refused.',
    ].join('\n'),
    remediation: 'Keep the failure counter with the subscriber (canonical number) in the back end, shared by all sessions and channels; never in the USSD session.',
    catalogueId: 'USSD-PIN-02',
    destructive: true,
    locksAccount: true,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.menu) return ctx.inconclusive('no menu map: the crawl did not run or failed');
    const entry = pinEntries(ctx.menu, ctx.target.prompts)[0];
    if (!entry) return ctx.inconclusive('the menu map has no PIN prompt reachable without entering an amount');
    const where = entry.labels.join(' > ') || entry.path.join('>');
    const path = entry.path.join('>');

    const baseline = await tryPin(ctx, entry, ctx.a.pin);
    if (baseline.outcome !== 'accepted') {
      return ctx.inconclusive(`A's declared PIN was not accepted at "${where}" before the test; the account may be locked`, entryIds(baseline.session));
    }

    const threshold = ctx.target.policies.lockoutThreshold;
    const total = threshold + 1;
    const sessions: UssdSession[] = [];
    let sent = 0;
    let counted = false;
    let locked = false;
    const counts: Array<number | undefined> = [];
    const notes: string[] = [];
    for (let round = 0; round < 3 && sent < total && !locked; round++) {
      const session = await walk(ctx, ctx.a.msisdn, entry.path);
      sessions.push(session);
      const at = readOf(ctx, session.screen);
      if (!at || at.kind !== 'pin' || session.ended) {
        if (at && pinOutcome(at) === 'locked') locked = true;
        else notes.push(`session ${round + 1} did not reach the PIN prompt`);
        await closeSession(session);
        break;
      }
      const quota = round === 0 ? Math.max(1, threshold - 1) : total - sent;
      const roundCounts: Array<number | undefined> = [];
      for (let k = 0; k < quota && !session.ended; k++) {
        const reading = readOf(ctx, await sendOn(session, wrongPin(ctx.a.pin, sent)));
        sent++;
        if (!reading) break;
        const left = attemptsLeft(reading.text);
        roundCounts.push(left);
        if (left !== undefined) counted = true;
        const outcome = pinOutcome(reading);
        if (outcome === 'accepted') {
          await closeSession(session);
          return ctx.inconclusive(`a wrong PIN was accepted at "${where}": the PIN check does not behave as a PIN check`, entryIds(...sessions));
        }
        // The session ended after wrong PINs: the service counts them, at least per session.
        if (!reading.continue) {
          counted = true;
          if (outcome === 'locked' && round > 0) locked = true;
          notes.push(`session ${round + 1} ended after ${k + 1} wrong PIN(s): "${excerpt(reading.text, 100)}"`);
        }
      }
      counts.push(...roundCounts);
      await closeSession(session);
    }

    const final = await tryPin(ctx, entry, ctx.a.pin);
    const evidence = [...entryIds(...sessions), ...entryIds(final.session)];
    if (final.outcome === 'accepted') {
      if (!counted) {
        return ctx.inconclusive(
          `${sent} wrong PINs over ${sessions.length} sessions showed no failure counting at all and the right PIN still works: there is no lockout (ussd.pin.lockout reports it), so its scope cannot be judged`,
          evidence,
        );
      }
      const reset = counts.some((c, i) => i > 0 && c !== undefined && counts[i - 1] !== undefined && c > counts[i - 1]!);
      ctx.report({
        message:
          `${sent} wrong PINs spread over ${sessions.length} sessions at "${where}" (declared threshold ${threshold}) did not lock the account: ` +
          `the service counted failures within a session${reset ? ' and its "attempts left" went back up in the new session' : ''}${notes.length ? ` (${notes.join('; ')})` : ''}, yet A's right PIN still opened the account`,
        transcript: evidence,
        path,
      });
      return;
    }
    if (final.outcome === undefined && !final.notAtPrompt) return ctx.inconclusive('no answer to the right PIN after the wrong ones', evidence);
    ctx.pass({
      message: `${sent} wrong PINs over ${sessions.length} sessions at "${where}" locked the account: the failure counter survives a new session (A stays locked; the provider has to unlock it)`,
      transcript: evidence,
      path,
    });
  },
});
