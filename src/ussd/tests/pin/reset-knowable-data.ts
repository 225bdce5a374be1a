import { readCamaraMockLog, type CamaraMockLogEntry } from '../../camara-mock.js';
import { sameSubscriber } from '../../session.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { entryIds, excerpt, forgotPinEntry, NAMES, REFUSAL_WORDS, saysAny, walkForgotPin } from '../../flows.js';

/** Reference §6.2 USSD-PIN-06: forgot-PIN completed with data an attacker can know. */
export const resetKnowableDataTest = defineUssdTest({
  id: 'ussd.pin.reset-knowable-data',
  meta: {
    title: 'PIN reset with knowable personal data only',
    family: 'pin',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-308'], dfs: ['USSD-36', 'SIM-13', 'USSD-16'] },
    description: [
      'Finds forgot-PIN in the menu map (an id or birth-date prompt, or a prompt under a "forgot/reset PIN" option)',
      "and answers it as A with what an attacker can learn: A's number (the call comes from it), the national id",
      'and the date of birth declared for A in the target file (the date in the format the prompt shows).',
      '',
      '- **Finding** when the service then asks for the new PIN (or says the PIN was reset) without any step out of',
      '  band (no one-time code, no referral to an agent or branch) and without a SIM-swap check. The test stops at',
      '  the new-PIN prompt and sets nothing.',
      '- **Pass** when the service asks for a one-time code, sends the user to an agent/branch, or refuses; or when',
      "  it offers the new PIN only after consulting the lab's SIM Swap API (a dfslab CAMARA mock: `simSwapMock`, or",
      '  `extras.camaraMock`) about A during the flow and being told the SIM was not swapped (the reference\'s bar for',
      '  USSD-PIN-06). If the API said "swapped" and the reset still went on, that is a finding (the check fails open).',
      '  Without a mock whose call log can be read, whether the service checks is not visible: the finding says so',
      '  and is reported with medium confidence.',
      '- **Inconclusive** when the flow is missing, the target file lacks the data asked, or the service says the',
      '  data do not match or is unavailable.',
      '',
      "Destructive: a provider's reset flow may notify the subscriber, log a reset request or invalidate the old PIN.",
    ].join('\n'),
    manual: "On a test handset choose Forgot PIN and answer with the test account's national id and date of birth. The service must require an out-of-band step (an OTP to a registered channel that a SIM swap does not capture, an agent visit with ID) before a new PIN can be set.",
    remediation: 'Never reset a PIN on knowledge an attacker can gather (id number, birth date, last transaction). Require an out-of-band identity check, call the SIM-swap API first and fail closed, and notify the subscriber.',
    catalogueId: 'USSD-PIN-06',
    destructive: true,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.menu) return ctx.inconclusive('no menu map: the crawl did not run or failed');
    const entry = forgotPinEntry(ctx.menu, ctx.target.prompts);
    if (!entry) return ctx.inconclusive('the menu map has no forgot-PIN flow (a national-id or birth-date prompt, or a prompt under a "forgot PIN" option)');
    if (!ctx.a.nationalId && !ctx.a.dob) return ctx.inconclusive('account A declares neither nationalId nor dob in the target file: the data an attacker would use is unknown');
    const where = entry.labels.join(' > ') || entry.path.join('>');
    const mockUrl = ctx.target.simSwapMock?.url ?? ctx.target.extras.camaraMock;
    const logBefore = mockUrl ? await readCamaraMockLog(mockUrl) : undefined;
    const { session, outcome } = await walkForgotPin(ctx, entry, ctx.a);
    const queries = logBefore && mockUrl ? await queriesDuring(mockUrl, logBefore.length, ctx) : undefined;
    const ids = entryIds(session);
    const asked = outcome.asked.map((k) => NAMES[k] ?? k).join(' and ') || 'nothing';
    const said = excerpt(outcome.reading?.text ?? '', 100);
    switch (outcome.kind) {
      case 'new-pin':
      case 'done': {
        const did = `forgot-PIN at "${where}" ${outcome.kind === 'new-pin' ? 'asked for a new PIN' : 'reset the PIN'} ("${said}") after only ${asked}`;
        const swappedAnswers = queries?.filter((q) => q.swapped === true).length ?? 0;
        if (queries && queries.length > 0 && swappedAnswers === 0) {
          ctx.pass({
            message: `${did}, but only after asking the SIM Swap API about A (${queries.length} quer${queries.length === 1 ? 'y' : 'ies'}, answered "not swapped"): a knowledge-based reset gated by a SIM-swap check`,
            transcript: ids,
            path: entry.path.join('>'),
          });
          return;
        }
        const why =
          queries === undefined
            ? `no one-time code, agent or other out-of-band step (whether the service checks for a SIM swap is not visible: no readable dfslab SIM Swap mock${mockUrl ? ` at ${mockUrl}` : ' declared'})`
            : swappedAnswers > 0
              ? 'although the SIM Swap API told the service that A\'s SIM was recently swapped: the check fails open'
              : "no one-time code, agent or other out-of-band step, and no SIM-swap check (the lab's SIM Swap API received no query about A during the flow)";
        ctx.report({
          message: `${did}: ${why}`,
          transcript: ids,
          path: entry.path.join('>'),
          ...(queries === undefined ? { confidence: 'medium' as const } : {}),
        });
        return;
      }
      case 'out-of-band':
        ctx.pass({ message: `forgot-PIN at "${where}" required an out-of-band step after ${asked} ("${said}")`, transcript: ids, path: entry.path.join('>') });
        return;
      case 'no-data':
        return ctx.inconclusive(`forgot-PIN asks for A's ${outcome.missing}, which the target file does not declare`, ids);
      case 'refused':
        if (outcome.reading && saysAny(outcome.reading.text, REFUSAL_WORDS)) {
          return ctx.inconclusive(`forgot-PIN refused after ${asked} ("${said}"): the declared data may not match, or the service could not decide; no reset was offered`, ids);
        }
        ctx.pass({ message: `forgot-PIN at "${where}" did not offer a new PIN after ${asked} ("${said}")`, transcript: ids, path: entry.path.join('>') });
        return;
      default:
        return ctx.inconclusive(`forgot-PIN asked something the test cannot answer ("${said}")`, ids);
    }
  },
});

/** The mock's calls about A after the first `from` entries, or undefined when the log cannot be read. */
async function queriesDuring(url: string, from: number, ctx: UssdTestContext): Promise<CamaraMockLogEntry[] | undefined> {
  const log = await readCamaraMockLog(url);
  if (!log) return undefined;
  return log.slice(from).filter((c) => c.phoneNumber !== undefined && sameSubscriber(c.phoneNumber, ctx.a.msisdn));
}
