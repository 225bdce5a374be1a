/**
 * USSD-INJ-01: separator smuggling. On a cumulative gateway (Africa's Talking) every hop carries the whole path
 * joined by `*`; an application that splits the *new* part of that text on `*` again takes `500*1234` typed at
 * the amount prompt as two answers, and the PIN (or the confirmation) step never shows. The test compares the
 * normal screen sequence of a money flow with what one smuggled input produces.
 */
import { declinePending, entryIds, excerpt, formatAmount, kindOf, reachedEnd, smallAmount, walk } from '../../flows.js';
import { findMoneyFlow, isFlow } from './support.js';
import { defineUssdTest } from '../types.js';
import { mentions } from '../../prompts.js';

const SUCCESS = /\b(?:confirmed|successful(?:ly)?|success|sent|paid|completed|new balance|effectue|reussi|envoye|imethibitishwa|umetuma|exitos[oa]|enviad[oa]|conclu[ií]d[oa])\b/i;

export const separatorSmugglingTest = defineUssdTest({
  id: 'ussd.input.separator-smuggling',
  meta: {
    title: 'Separator smuggling skips a step of a money flow',
    family: 'input',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20'], dfs: ['USSD-35', 'PLAT-07', 'USSD-02'] },
    description: [
      'Finds a money flow in the menu map by what its screens ask (recipient → amount → PIN or confirmation) and',
      'records its normal screen sequence with the declared recipient (account B) and a small amount (never past',
      'the PIN). It then types, in fresh sessions, one value that carries the separator:',
      '',
      '- at the recipient prompt `<B>*<amount>`: the normal next screen is the amount prompt; a PIN or',
      '  confirmation screen instead means the amount step was filled from the smuggled part;',
      '- at the amount prompt `<amount>*<PIN>`: the normal next screen is the PIN prompt; a confirmation screen or a',
      '  completed transaction means the PIN step was skipped.',
      '',
      'A confirmation screen reached this way is declined at once, so nothing is left pending. The amount goes',
      'through the safety rails first, because on a flow without a confirmation step the smuggled PIN would',
      'complete the transfer.',
      '',
      'Limits: only `*` is tried (a `#` ends the dial on real handsets); flows behind a PIN or a free-text prompt the',
      'harness cannot answer are not reached; per-hop gateways (Hubtel) do not join inputs, so the test there',
      'only shows whether the application itself splits on `*`.',
    ].join('\n'),
    manual: [
      'On a test handset (or the gateway simulator) open the money flow, enter the recipient, then at the amount',
      'prompt type `10*<your PIN>` and send. A hardened service answers "invalid amount"; a vulnerable one shows',
      'the confirmation screen (or completes the transfer) without having asked for the PIN. Decline it.',
    ].join('\n'),
    remediation: [
      'Treat what the user typed on a screen as one value: take the new part of the cumulative `text` after the',
      'previous path, and reject it when it contains `*` or `#` instead of splitting it. Validate each value',
      'against the screen that asked for it (a number for the amount, a PIN of the right length for the PIN).',
    ].join('\n'),
    catalogueId: 'USSD-INJ-01',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const amount = smallAmount(ctx);
    if (amount === undefined) return ctx.inconclusive('the target allows no amount ("allowedAmount" is 0): the money flow cannot be followed');
    const recipient = (ctx.b ?? ctx.a).msisdn;
    const flow = await findMoneyFlow(ctx, { amount, recipient });
    if (!isFlow(flow)) return ctx.inconclusive(flow.reason, flow.transcript);
    const amountText = formatAmount(amount);
    const where = flow.toAmount.join('>');
    let probes = 0;
    let found = false;

    // Probe 1: recipient and amount in one answer.
    if (flow.recipient !== undefined) {
      probes++;
      const path = [...flow.start.path, `${flow.recipient}*${amountText}`];
      const s = await walk(ctx, ctx.a.msisdn, path);
      const k = kindOf(ctx, s.screen);
      if (reachedEnd(s, path) && (k === 'pin' || k === 'confirm')) {
        found = true;
        ctx.report({
          message: `At the recipient prompt, "${flow.recipient}*${amountText}" was taken as recipient and amount: the next screen asks for the ${k === 'pin' ? 'PIN' : 'confirmation'} instead of the amount (normal sequence: ${flow.sequence.join(' → ')}).`,
          transcript: [...flow.transcript, ...entryIds(s)],
          evidence: [`answer: ${excerpt(s.screen!.text)}`],
          path: `${flow.start.path.join('>')}>recipient`,
          field: 'input',
        });
        if (k === 'confirm') await declinePending(s);
      }
    }

    // Probe 2: amount and PIN (or amount and confirmation) in one answer.
    if (flow.afterAmount === 'pin') {
      probes++;
      ctx.safety.observeAmount(amount, `${ctx.client.serviceCode}: smuggled amount at ${where}`);
      const path = [...flow.toAmount, `${amountText}*${ctx.a.pin}`];
      const s = await walk(ctx, ctx.a.msisdn, path);
      const k = kindOf(ctx, s.screen);
      const text = s.screen?.text ?? '';
      const completed = k === 'final' && SUCCESS.test(text) && !mentions('pin', text, ctx.target.prompts);
      if (reachedEnd(s, path) && (k === 'confirm' || completed)) {
        found = true;
        ctx.report({
          message: completed
            ? `At the amount prompt, "${amountText}*<PIN>" completed the transaction in one answer: the PIN step (and any confirmation) was skipped (normal sequence: ${flow.sequence.join(' → ')}).`
            : `At the amount prompt, "${amountText}*<PIN>" was taken as amount and PIN: the confirmation screen came without the PIN prompt (normal sequence: ${flow.sequence.join(' → ')}).`,
          transcript: [...flow.transcript, ...entryIds(s)],
          evidence: [`answer: ${excerpt(text)}`],
          path: `${where}>amount`,
          field: 'input',
          ...(completed ? { severity: 'critical' as const } : {}),
        });
        if (k === 'confirm') await declinePending(s);
      }
    }

    if (probes === 0) return ctx.inconclusive(`the money flow at ${where} asks for a confirmation right after the amount and has no recipient step: nothing to smuggle without confirming`, flow.transcript);
    if (!found) {
      ctx.pass({
        message: `Inputs carrying "*" were refused as one value at the ${flow.recipient !== undefined ? 'recipient and ' : ''}amount prompts of the flow at ${where}; no step was skipped.`,
        transcript: flow.transcript,
        path: where,
      });
    }
  },
});
