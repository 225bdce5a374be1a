/**
 * USSD-INJ-02: business-value fuzzing of the amount prompt. Values that are not a valid amount must be refused
 * at that screen; a flow that moves on to the PIN or the confirmation with them has no server-side amount
 * validation, and an answer with a 5xx status or a stack trace shows the parser failing open.
 */
import { normalizeText } from '../../prompts.js';
import type { UssdSession } from '../../session.js';
import { defineUssdTest } from '../types.js';
import { entryIds, excerpt, kindOf, lastAnswer, sendOn, smallAmount, walk } from '../../flows.js';
import { findMoneyFlow, isFlow, leakedInternals } from './support.js';

interface FuzzValue {
  value: string;
  /** Why accepting it is wrong; undefined for values a lenient but correct parser may accept (only a crash counts). */
  invalid?: string;
  label: string;
}

const FULLWIDTH_05 = '\uFF10\uFF15';

/** Ordered so that quick mode meets both kinds of failure (acceptance, crash) early. */
const VALUES: readonly FuzzValue[] = [
  { value: '-100', invalid: 'a negative amount', label: '-100' },
  { value: FULLWIDTH_05, invalid: 'Unicode (full-width) digits', label: 'full-width 05' },
  { value: '0', invalid: 'a zero amount', label: '0' },
  { value: '0.001', invalid: 'a fraction below the smallest currency unit', label: '0.001' },
  { value: '9'.repeat(200), invalid: 'a 200-digit amount', label: '200 digits' },
  { value: '1e9', invalid: 'scientific notation (1,000,000,000)', label: '1e9' },
  { value: '99999999999', invalid: 'an amount of 11 digits', label: '99999999999' },
  { value: ' 500', label: 'leading space' },
];
const QUICK_COUNT = 5;

export const amountFuzzingTest = defineUssdTest({
  id: 'ussd.input.amount-fuzzing',
  meta: {
    title: 'Amount prompt accepts invalid values or crashes',
    family: 'input',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20', 'CWE-200'], dfs: ['USSD-35', 'PLAT-07'] },
    description: [
      'Finds a money flow in the menu map (recipient → amount → PIN or confirmation, or amount → PIN), checks',
      'that a small valid amount leads to the PIN or confirmation, then types at the amount prompt: `-100`, `0`,',
      '`0.001`, `1e9`, `99999999999`, ` 500`, full-width `０５` and 200 digits (quick mode: the first five).',
      '',
      '- An invalid value answered with the PIN or confirmation screen was **accepted**: a finding listing them.',
      '- An answer with HTTP 5xx, or with a stack trace / exception / SQL error in it, is a second finding.',
      '',
      'It never enters a PIN or confirms after a fuzz value, so nothing moves; fuzz values are not passed to the',
      'safety rails (they are not amounts the test intends to move). A value the app re-prompts for is refused.',
      'Limits: an app that accepts a value here but rejects it after the PIN is reported (the check belongs at',
      'the amount screen); ` 500` only counts when it crashes the app.',
    ].join('\n'),
    manual: [
      'Open the money flow, enter a valid recipient and at the amount prompt type `-100`: a hardened service',
      're-prompts ("invalid amount"), a vulnerable one asks for the PIN. Repeat with `0`, `0.001`, `1e9` and a very',
      'long number; never enter the PIN. Watch the gateway logs for HTTP 500 answers.',
    ].join('\n'),
    remediation: [
      'Validate amounts on the server at the amount screen: ASCII digits only, whole units (or the currency\'s',
      'minor unit), at least the minimum and at most the channel limit, bounded length. Catch parsing errors and',
      'answer a generic message; never return stack traces or a 5xx to the gateway.',
    ].join('\n'),
    catalogueId: 'USSD-INJ-02',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const amount = smallAmount(ctx);
    if (amount === undefined) return ctx.inconclusive('the target allows no amount ("allowedAmount" is 0): the flow cannot be followed to its amount prompt');
    const flow = await findMoneyFlow(ctx, { amount, recipient: (ctx.b ?? ctx.a).msisdn });
    if (!isFlow(flow)) return ctx.inconclusive(flow.reason, flow.transcript);
    const where = flow.toAmount.join('>');
    const values = ctx.quick ? VALUES.slice(0, QUICK_COUNT) : VALUES;
    const accepted: Array<{ v: FuzzValue; ids: number[]; text: string }> = [];
    const crashed: Array<{ v: FuzzValue; ids: number[]; what: string }> = [];
    const evidence: number[] = [...flow.transcript];
    let session: UssdSession | undefined;

    for (const v of values) {
      if (ctx.quick && accepted.length > 0 && crashed.length > 0) break;
      // One session serves as long as the app re-prompts for the amount; an accepted value or an error needs a new one.
      if (!session || session.ended || kindOf(ctx, session.screen) !== 'amount') {
        session = await walk(ctx, ctx.a.msisdn, flow.toAmount);
        if (kindOf(ctx, session.screen) !== 'amount') return ctx.inconclusive(`the amount prompt at ${where} could not be reached again`, [...evidence, ...entryIds(session)]);
      }
      const screen = await sendOn(session, v.value);
      const answer = lastAnswer(session);
      const ids = entryIds(session);
      const leaks = leakedInternals(answer.body, [v.value]);
      if ((answer.status !== undefined && answer.status >= 500) || leaks.length > 0) {
        crashed.push({ v, ids, what: [answer.status !== undefined && answer.status >= 500 ? `HTTP ${answer.status}` : '', ...leaks].filter(Boolean).join(', ') });
        continue;
      }
      const k = kindOf(ctx, screen);
      if (v.invalid !== undefined && (k === 'pin' || k === 'confirm')) accepted.push({ v, ids, text: screen!.text });
      else evidence.push(...(answer.entryId !== undefined ? [answer.entryId] : []));
    }

    if (accepted.length > 0) {
      ctx.report({
        message: `The amount prompt at ${where} accepted ${accepted.map((a) => `${a.v.label} (${a.v.invalid})`).join('; ')}: the flow went on to the ${flow.afterAmount === 'pin' ? 'PIN' : 'confirmation'} as it does for a valid amount.`,
        transcript: [...flow.transcript, ...accepted.flatMap((a) => a.ids)],
        evidence: accepted.map((a) => `${a.v.label} → ${excerpt(a.text)}`),
        path: `${where}>amount`,
        field: 'amount',
      });
    }
    if (crashed.length > 0) {
      ctx.report({
        message: `Amounts typed at ${where} made the application fail: ${crashed.map((c) => `${c.v.label} → ${c.what}`).join('; ')}.`,
        transcript: crashed.flatMap((c) => c.ids),
        evidence: crashed.map((c) => `${c.v.label}: ${c.what}`),
        path: `${where}>amount`,
        field: 'amount-error',
        severity: 'medium',
      });
    }
    if (accepted.length === 0 && crashed.length === 0) {
      ctx.pass({
        message: `The amount prompt at ${where} refused ${values.filter((v) => v.invalid !== undefined).length} invalid values (${values.filter((v) => v.invalid !== undefined).map((v) => normalizeText(v.label)).join(', ')}) without an error.`,
        transcript: evidence,
        path: `${where}>amount`,
      });
    }
  },
});
