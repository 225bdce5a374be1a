import { defineUssdTest } from '../types.js';
import { entryIds, excerpt, formatAmount } from '../../flows.js';
import { amountFor, completeTransfer, moneyFlows, readBalance } from './support.js';

const ID = 'ussd.money.final-step-replay';

/** Reference §6.2 USSD-REPL-01: the exact confirm hop sent again after a completed transfer. */
export const finalStepReplayTest = defineUssdTest({
  id: ID,
  meta: {
    title: 'Replayed confirmation hop debits again',
    family: 'money',
    kind: 'control',
    severity: 'critical',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-294'], dfs: ['USSD-02', 'APP-51'] },
    description: [
      "Reads A's balance (behind A's PIN), sends a small transfer A→B through the send-money flow of the menu map",
      '(recipient → amount → PIN → confirmation) and confirms it, reads the balance again, then sends the hop that',
      'committed the transfer again, byte for byte (same session id, same sequence or cumulative text): once in quick',
      'mode, twice otherwise. A last balance read measures what the replays debited.',
      '',
      '- **Finding** when the replays debit A again (by at least the amount).',
      '- **Pass** when the balance does not move: the duplicate hop had no side effect.',
      '- **Inconclusive** when the first transfer did not go through or a balance cannot be read.',
      '',
      'The amount is min(10, what fits in `allowedAmount` for the transfer and every replay). Debits are measured',
      'only from what A sees, never from the service\'s internals; fees are accounted for by comparing with the first',
      "transfer's own debit. Moves money: the transfer (and any replayed debits) must be reversed by the provider.",
    ].join('\n'),
    manual: 'Capture the gateway request that confirmed a transfer (through the gateway simulator or logs) and send it again with the same session id and sequence. The answer must be the same, and A\'s balance must not move again.',
    remediation: 'Make the confirmation idempotent: key each hop by (session id, sequence or text), answer a duplicate with the cached reply, and let a pending transaction be executed at most once (status transition in one atomic step).',
    catalogueId: 'USSD-REPL-01',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.b) return ctx.inconclusive('needs the second test account (role B) as the recipient');
    const flows = moneyFlows(ctx);
    if ('missing' in flows) return ctx.inconclusive(flows.missing);
    const replays = ctx.quick ? 1 : 2;
    const amount = amountFor(ctx, 1 + replays);
    if (amount < 1) return ctx.inconclusive(`allowedAmount leaves no room for a transfer and ${replays} replay(s) of it`);

    const b0 = await readBalance(ctx, flows.balance);
    if (b0.value === undefined) return ctx.inconclusive(`A's balance could not be read ("${excerpt(b0.reading?.text ?? '', 100)}")`, b0.ids);
    const t = await completeTransfer(ctx, flows.transfer, ctx.b, amount, `${ID}: transfer A→B`);
    const commit = t.session.exchanges[t.session.exchanges.length - 1];
    const b1 = await readBalance(ctx, flows.balance);
    const evidence = [...b0.ids, ...entryIds(t.session), ...b1.ids];
    if (b1.value === undefined) return ctx.inconclusive('A\'s balance could not be read after the transfer', evidence);
    const first = round(b0.value - b1.value);
    if (!commit || first < amount) {
      return ctx.inconclusive(`the transfer of ${formatAmount(amount)} did not debit A (balance ${formatAmount(b0.value)} → ${formatAmount(b1.value)}; last screen "${excerpt(t.reading?.text ?? '', 100)}"), so there is nothing to replay`, evidence);
    }

    const replayIds: number[] = [];
    for (let i = 0; i < replays; i++) {
      // The replay may move the amount again: it goes through the rails like any transfer.
      ctx.safety.observeAmount(amount, `${ID}: replay ${i + 1} of the confirmation hop`);
      const r = await ctx.sendHop(commit.hop);
      if (r.entry.id > 0) replayIds.push(r.entry.id);
    }
    const b2 = await readBalance(ctx, flows.balance);
    const all = [...evidence, ...replayIds, ...b2.ids];
    if (b2.value === undefined) return ctx.inconclusive('A\'s balance could not be read after the replay', all);
    const extra = round(b1.value - b2.value);
    const path = flows.transfer.path.join('>');
    if (extra >= amount) {
      const times = Math.max(1, Math.round(extra / first));
      ctx.report({
        message: `re-sending the confirmation hop of a ${formatAmount(amount)} transfer ${replays} time(s) debited A again by ${formatAmount(extra)} (≈ ${times} more transaction(s); the first debit was ${formatAmount(first)}): balance ${formatAmount(b0.value)} → ${formatAmount(b1.value)} → ${formatAmount(b2.value)}`,
        transcript: all,
        path,
      });
      return;
    }
    ctx.pass({
      message: `re-sending the confirmation hop ${replays} time(s) did not debit A again (balance ${formatAmount(b1.value)} → ${formatAmount(b2.value)} after a first debit of ${formatAmount(first)})`,
      transcript: all,
      path,
    });
  },
});

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
