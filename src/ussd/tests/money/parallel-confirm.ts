import type { UssdSession } from '../../session.js';
import { defineUssdTest } from '../types.js';
import {
  closeSession,
  driveTransfer,
  entryIds,
  excerpt,
  formatAmount,
  nextHopOf,
  readScreen,
  saysSuccess,
  type TransferState,
} from '../../flows.js';
import { amountFor, amountRoom, moneyFlows, readBalance } from './support.js';

const ID = 'ussd.money.parallel-confirm';
/** Above this spacing between request starts (ms) a race window of a few milliseconds is out of reach. */
const MAX_USEFUL_SPACING_MS = 20;

/** Reference §6.2 USSD-RACE-01: simultaneous confirmation hops. */
export const parallelConfirmTest = defineUssdTest({
  id: ID,
  meta: {
    title: 'Simultaneous confirmations execute a transfer more than once',
    family: 'money',
    kind: 'control',
    severity: 'critical',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-294'], dfs: ['USSD-02', 'APP-51'] },
    description: [
      "1. **One pending transfer, N confirmations.** Reads A's balance, prepares one small transfer A→B up to its",
      '   confirmation screen, then sends the confirming hop N times at once (N = 5 in quick mode, 10 otherwise) on',
      '   the same session id. **Finding** when A is debited for more than one transfer.',
      '2. **Separate sessions, one balance** (not in quick mode). When `allowedAmount` allows it, prepares 2–N sessions to their',
      "   confirmation screens, each for just over half of A's balance, and confirms them at once. **Finding** when",
      "   A's balance is overdrawn (the funds check and the debit are not one atomic step).",
      '',
      "Debits are measured from A's balance screen before and after. Every amount that may move (each confirmation)",
      'goes through the safety rails first. Requests are started no faster than the target\'s `budget.ratePerSecond`:',
      'when that spaces them more than 20 ms apart, a clean result is reported as inconclusive, because a narrow race',
      'window cannot be hit at that rate.',
    ].join('\n'),
    manual: 'With a gateway simulator, prepare a transfer to its confirmation and fire the confirming request from several clients at the same moment (e.g. a small script). Check the ledger and A\'s balance: one debit only, never below zero.',
    remediation: 'Serialise the hops of one session, make the pending→completed transition atomic (compare-and-set in the database), and do the funds check and the debit in one transaction.',
    catalogueId: 'USSD-RACE-01',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const b = ctx.b;
    if (!b) return ctx.inconclusive('needs the second test account (role B) as the recipient');
    const flows = moneyFlows(ctx);
    if ('missing' in flows) return ctx.inconclusive(flows.missing);
    const n = ctx.quick ? 5 : 10;
    const amount = amountFor(ctx, n);
    if (amount < 1) return ctx.inconclusive(`allowedAmount leaves no room for ${n} confirmations of a transfer`);
    const spacing = 1000 / ctx.transport.ratePerSecond;
    const path = flows.transfer.path.join('>');

    // 1. One pending transfer, n confirmations on the same session id.
    const b0 = await readBalance(ctx, flows.balance);
    if (b0.value === undefined) return ctx.inconclusive(`A's balance could not be read ("${excerpt(b0.reading?.text ?? '', 100)}")`, b0.ids);
    const prepared = await driveTransfer(ctx, flows.transfer, { recipient: b.msisdn, amount, pin: ctx.a.pin }, `${ID}: transfer A→B`);
    if (prepared.stop !== 'at-confirm') {
      await closeSession(prepared.session);
      return ctx.inconclusive(`the send-money flow did not stop at a confirmation screen ("${excerpt(prepared.reading?.text ?? '', 100)}"), so there is no confirmation to race`, [...b0.ids, ...entryIds(prepared.session)]);
    }
    const hop = nextHopOf(prepared.session, prepared.commitInput ?? '1')!;
    for (let i = 1; i < n; i++) ctx.safety.observeAmount(amount, `${ID}: simultaneous confirmation ${i + 1} of ${n}`);
    const burst = await Promise.all(Array.from({ length: n }, () => ctx.sendHop(hop)));
    const burstIds = burst.map((r) => r.entry.id).filter((x) => x > 0);
    await closeSession(prepared.session);
    const successes = burst.filter((r) => r.screen && saysSuccess(readScreen(r.screen, ctx.target.prompts))).length;
    const b1 = await readBalance(ctx, flows.balance);
    const evidence1 = [...b0.ids, ...entryIds(prepared.session), ...burstIds, ...b1.ids];
    if (b1.value === undefined) return ctx.inconclusive("A's balance could not be read after the confirmations", evidence1);
    const debited = round(b0.value - b1.value);
    if (debited >= 2 * amount) {
      ctx.report({
        message: `${n} simultaneous confirmations of one ${formatAmount(amount)} transfer debited A ${formatAmount(debited)} (balance ${formatAmount(b0.value)} → ${formatAmount(b1.value)}; ${successes} answer(s) said it went through)`,
        transcript: evidence1,
        path,
        ...(successes < 2 ? { confidence: 'medium' as const } : {}),
      });
      return;
    }
    if (debited < amount) {
      return ctx.inconclusive(`the confirmed transfer of ${formatAmount(amount)} did not debit A (balance ${formatAmount(b0.value)} → ${formatAmount(b1.value)})`, evidence1);
    }

    // 2. Separate sessions whose total exceeds the balance.
    const x = Math.floor(b1.value / 2) + 1;
    const perTx = ctx.target.policies.perTransactionLimit;
    const k = Math.min(n, Math.floor(amountRoom(ctx) / x));
    let second = '';
    const evidence2: number[] = [];
    if (ctx.quick) {
      second = '; the overdraft race (separate sessions) is not run in quick mode';
    } else if (k >= 2 && (perTx === undefined || x <= perTx)) {
      const states: TransferState[] = [];
      for (let i = 0; i < k; i++) states.push(await driveTransfer(ctx, flows.transfer, { recipient: b.msisdn, amount: x, pin: ctx.a.pin }, `${ID}: session ${i + 1} of ${k} for the overdraft race`));
      const ready = states.filter((s) => s.stop === 'at-confirm');
      const sessions: UssdSession[] = states.map((s) => s.session);
      const hops = ready.map((s) => nextHopOf(s.session, s.commitInput ?? '1')!);
      const confirms = ready.length >= 2 ? await Promise.all(hops.map((h) => ctx.sendHop(h))) : [];
      for (const s of sessions) await closeSession(s);
      const b2 = await readBalance(ctx, flows.balance);
      evidence2.push(...entryIds(...sessions), ...confirms.map((r) => r.entry.id).filter((id) => id > 0), ...b2.ids);
      if (ready.length >= 2 && b2.value !== undefined) {
        const spent = round(b1.value - b2.value);
        if (b2.value < 0 || spent > b1.value) {
          ctx.report({
            message: `${ready.length} sessions confirming ${formatAmount(x)} each at the same moment overdrew A: balance ${formatAmount(b1.value)} → ${formatAmount(b2.value)} (the funds check and the debit are not atomic)`,
            transcript: [...evidence1, ...evidence2],
            path,
          });
          return;
        }
        second = `; ${ready.length} sessions confirming ${formatAmount(x)} each against a balance of ${formatAmount(b1.value)} left ${formatAmount(b2.value)} (no overdraft)`;
      } else second = '; the overdraft race could not be prepared';
    } else {
      second = `; the overdraft race needs ${formatAmount(2 * x)} within allowedAmount and was not run`;
    }

    const message = `${n} simultaneous confirmations of one ${formatAmount(amount)} transfer debited A once (${formatAmount(debited)})${second}`;
    if (spacing > MAX_USEFUL_SPACING_MS) {
      return ctx.inconclusive(`${message}; but at ${ctx.transport.ratePerSecond} requests/s the hops started ${Math.round(spacing)} ms apart, too far apart to hit a narrow race window (raise budget.ratePerSecond for this test if the owner agrees)`, [...evidence1, ...evidence2]);
    }
    ctx.pass({ message, transcript: [...evidence1, ...evidence2], path });
  },
});

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
