import { defineUssdTest } from '../types.js';
import { closeSession, driveTransfer, entryIds, excerpt, formatAmount, readOf, saysAny, sendOn } from '../../flows.js';
import { amountRoom, moneyFlows, readBalance } from './support.js';

const ID = 'ussd.money.channel-limits';
/** A refusal that names a limit (a generic failure could have any cause). */
const LIMIT_WORDS = ['limit', 'limits', 'maximum', 'exceed', 'exceeds', 'exceeded', 'above', 'plafond', 'depasse', 'kikomo', 'zaidi ya', 'limite', 'maximo', 'excede'];

/** Reference §6.2 USSD-LIMIT-01: a transfer just above the declared USSD limit. */
export const channelLimitsTest = defineUssdTest({
  id: ID,
  meta: {
    title: 'USSD transaction limit not enforced',
    family: 'money',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20'], dfs: ['USSD-40', 'USSD-35'] },
    description: [
      'Takes the declared `policies.perTransactionLimit` (or, when only `dailyLimit` is declared, the daily limit)',
      'and sends A→B just above it (limit + 1) through the send-money flow of the menu map, confirming if the',
      "service lets it through. A's balance (behind A's PIN) is read before and after.",
      '',
      '- **Finding** when A is debited the amount above the limit.',
      '- **Pass** when the amount is refused at its prompt, or the transfer is refused at the confirmation with an',
      '  answer that names a limit.',
      '- **Inconclusive** when no limit is declared, when `allowedAmount` is not above the limit (the safety rail is',
      "  never bypassed: raise `allowedAmount` on a staging target to run this test), when A's balance is too low, or",
      '  when the transfer fails for a reason that does not name a limit (lack of funds, a SIM-swap check, an outage).',
      '',
      'Moves money above the channel limit on a test account when the limit is missing; the provider reverses it.',
      'A daily limit is only probed with one transfer above it, not with a series of transfers below it.',
    ].join('\n'),
    manual: 'On a test account with enough funds, send just above the USSD per-transaction limit, then make transfers below it whose total exceeds the daily limit. Both must be refused.',
    remediation: 'Enforce per-transaction and daily caps for the USSD channel on the server, at amount entry and again at execution, counting every completed USSD debit of the day.',
    catalogueId: 'USSD-LIMIT-01',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const b = ctx.b;
    if (!b) return ctx.inconclusive('needs the second test account (role B) as the recipient');
    const { perTransactionLimit: perTx, dailyLimit: daily } = ctx.target.policies;
    const limit = perTx ?? daily;
    if (limit === undefined) return ctx.inconclusive('the target declares neither policies.perTransactionLimit nor policies.dailyLimit');
    const which = perTx !== undefined ? 'per-transaction' : 'daily';
    const amount = Math.floor(limit) + 1;
    if (ctx.target.allowedAmount === undefined || amount > amountRoom(ctx)) {
      return ctx.inconclusive(`a transfer of ${formatAmount(amount)} (just above the ${which} limit ${formatAmount(limit)}) needs allowedAmount of at least that much; the safety rail is never bypassed`);
    }
    const flows = moneyFlows(ctx);
    if ('missing' in flows) return ctx.inconclusive(flows.missing);

    const b0 = await readBalance(ctx, flows.balance);
    if (b0.value === undefined) return ctx.inconclusive(`A's balance could not be read ("${excerpt(b0.reading?.text ?? '', 100)}")`, b0.ids);
    if (b0.value < amount) return ctx.inconclusive(`A's balance ${formatAmount(b0.value)} is below ${formatAmount(amount)}: fund the test account to probe the ${which} limit`, b0.ids);

    const t = await driveTransfer(ctx, flows.transfer, { recipient: b.msisdn, amount, pin: ctx.a.pin }, `${ID}: transfer just above the ${which} limit`);
    const path = flows.transfer.path.join('>');
    if (t.amountRefused) {
      await closeSession(t.session);
      ctx.pass({ message: `the amount ${formatAmount(amount)}, just above the ${which} limit of ${formatAmount(limit)}, was refused at entry ("${excerpt(t.reading?.text ?? '', 100)}")`, transcript: [...b0.ids, ...entryIds(t.session)], path });
      return;
    }
    let final = t.reading;
    if (t.stop === 'at-confirm') {
      final = readOf(ctx, await sendOn(t.session, t.commitInput ?? '1'));
    }
    await closeSession(t.session);
    const b1 = await readBalance(ctx, flows.balance);
    const evidence = [...b0.ids, ...entryIds(t.session), ...b1.ids];
    if (b1.value === undefined) return ctx.inconclusive("A's balance could not be read after the transfer", evidence);
    const debited = Math.round((b0.value - b1.value) * 100) / 100;
    if (debited >= amount) {
      ctx.report({
        message: `a transfer of ${formatAmount(amount)}, above the declared ${which} limit of ${formatAmount(limit)}, went through on USSD: A's balance ${formatAmount(b0.value)} → ${formatAmount(b1.value)}`,
        transcript: evidence,
        path,
      });
      return;
    }
    const said = excerpt(final?.text ?? '', 100);
    if (final && /\b(insufficient|insuffisant|haitoshi|insuficiente)\b/i.test(final.text)) {
      return ctx.inconclusive(`the service refused for lack of funds ("${said}"), which says nothing about the limit`, evidence);
    }
    if (!final || !saysAny(final.text, LIMIT_WORDS)) {
      return ctx.inconclusive(`the transfer of ${formatAmount(amount)} was not completed, but the answer does not mention a limit ("${said}"), so it says nothing about the ${which} limit`, evidence);
    }
    ctx.pass({ message: `the transfer of ${formatAmount(amount)}, above the ${which} limit of ${formatAmount(limit)}, was refused ("${said}"); A was not debited`, transcript: evidence, path });
  },
});
