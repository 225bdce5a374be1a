import { defineUssdTest } from '../types.js';
import { excerpt, wrongPin } from '../../flows.js';
import { pinEntries, tryPin, type PinTry } from './support.js';

/** Reference §6.2 USSD-PIN-01: wrong PINs, one per new session, up to the declared threshold + 2. */
export const lockoutTest = defineUssdTest({
  id: 'ussd.pin.lockout',
  meta: {
    title: 'No PIN lockout after repeated wrong PINs',
    family: 'pin',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-307'], dfs: ['USSD-34', 'USSD-30', 'PLAT-01'] },
    description: [
      'Finds a PIN prompt that does not move money in the menu map (the balance first, then the statement, then',
      "others), checks once that A's declared PIN opens it, then dials a new session for every wrong PIN (a different",
      'wrong PIN each time, so a service that ignores repeats of the same wrong PIN is still counted) up to the',
      "declared `lockoutThreshold` + 2 (at most 10), and finally enters A's right PIN in a new session.",
      '',
      '- **Finding** when the right PIN still opens the account after that many wrong ones (no lockout and no',
      '  back-off), or when the lockout only came after more attempts than the declared threshold.',
      '- **Pass** when the right PIN is refused after the series: a real lockout, not only a message.',
      '',
      'Destructive: on a correct service it **locks the test account A**. Services rarely offer a self-service unlock',
      'over USSD that does not itself need the SIM-swap or agent checks, so the test does not try to unlock: plan',
      'to have the provider unlock A after the run (and run this test last, or on its own).',
      'Limits: one channel only; lockout windows that expire within the test are seen as no lockout.',
    ].join('\n'),
    manual: [
      'From a test handset with account A: dial the service, open the balance, enter a wrong PIN; repeat in new sessions',
      'up to the declared threshold + 2. Then enter the right PIN. It must be refused and the account must stay locked',
      'until an identity-checked unlock.',
    ].join('\n'),
    remediation: [
      'Count wrong PINs per subscriber (not per session or per channel) and lock the account, or impose an increasing',
      'delay, after the policy threshold (at most 5). Unlocking must need identity verification out of band.',
    ].join('\n'),
    catalogueId: 'USSD-PIN-01',
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
      return ctx.inconclusive(
        `A's declared PIN was not accepted at "${where}" before the test (${baseline.outcome ?? 'no PIN prompt'}); the account may already be locked or the PIN in the target file is wrong`,
        baseline.session.exchanges.map((x) => x.entry.id),
      );
    }

    const threshold = ctx.target.policies.lockoutThreshold;
    const attempts = Math.min(threshold + 2, 10);
    const tries: PinTry[] = [];
    let lockedAt: number | undefined;
    for (let k = 0; k < attempts; k++) {
      const t = await tryPin(ctx, entry, wrongPin(ctx.a.pin, k));
      tries.push(t);
      // Refused before the prompt (locked at the dial, or the flow changed): that too is the service reacting.
      if (t.notAtPrompt || t.outcome === 'locked' || t.outcome === 'accepted') {
        lockedAt = k + 1;
        break;
      }
      if (!t.reading) return ctx.inconclusive(`attempt ${k + 1}: no answer to the wrong PIN`, ids(tries));
    }
    const last = tries[tries.length - 1]!;
    if (last.outcome === 'accepted') {
      return ctx.inconclusive(`a wrong PIN (${wrongPin(ctx.a.pin, tries.length - 1)}) was accepted at "${where}": the PIN check does not behave as a PIN check`, ids(tries));
    }

    const final = await tryPin(ctx, entry, ctx.a.pin);
    const evidence = [...ids(tries), ...final.session.exchanges.map((x) => x.entry.id)];
    const wrong = tries.length;
    if (final.outcome === 'accepted') {
      ctx.report({
        message:
          lockedAt === undefined
            ? `${wrong} wrong PINs in ${wrong} sessions at "${where}" (declared threshold ${threshold}) brought no lockout or back-off: A's right PIN still opened the account afterwards`
            : `the service reacted after ${lockedAt} wrong PINs ("${excerpt(last.notAtPrompt?.text ?? last.reading?.text ?? '', 100)}") but A's right PIN still opened the account afterwards: the lockout is only a message`,
        transcript: evidence,
        path,
      });
      return;
    }
    if (final.outcome === undefined && !final.notAtPrompt) return ctx.inconclusive('no answer to the right PIN after the wrong ones', evidence);
    if (lockedAt !== undefined && lockedAt > threshold) {
      ctx.report({
        message: `the account locked only after ${lockedAt} wrong PINs at "${where}", above the declared threshold of ${threshold}`,
        transcript: evidence,
        path,
        severity: 'medium',
      });
      return;
    }
    ctx.pass({
      message: `after ${wrong} wrong PINs in separate sessions at "${where}" (declared threshold ${threshold}) A's right PIN was refused: the account is locked${lockedAt !== undefined ? ` (the service reacted at attempt ${lockedAt})` : ''}. A stays locked; the provider has to unlock it.`,
      transcript: evidence,
      path,
    });
  },
});

function ids(tries: readonly PinTry[]): number[] {
  return tries.flatMap((t) => t.session.exchanges.map((x) => x.entry.id));
}
