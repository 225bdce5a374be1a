import { defineUssdTest, type UssdTestContext } from '../types.js';
import { entryIds, excerpt, forgotPinEntry, formatAmount, NAMES, REFUSAL_WORDS, saysAny, walkForgotPin } from '../../flows.js';
import { amountRoom, completeTransfer, moneyFlows, readBalance } from './support.js';

const ID = 'ussd.money.sim-swap-step-up';
/**
 * A transfer above this is "high value" for the step-up question (reference §4.5; the KES 10,000 that Kenyan
 * providers use). No target key declares a provider's own threshold yet.
 */
export const HIGH_VALUE = 10_000;
const MOCK_TIMEOUT_MS = 2_500;

export type MockMode = { mode: 'swapped' } | { mode: 'failing'; how: string } | { mode: 'unusable'; how: string };

/**
 * Asks the lab's CAMARA SIM Swap mock what it will tell the service about A (`POST /sim-swap/v1/check`): that is
 * how the test knows which question it is asking — step-up on a swap, or fail-closed on an API failure.
 */
export async function probeCamaraMock(url: string, msisdn: string): Promise<MockMode> {
  let endpoint: URL;
  try {
    endpoint = new URL(`${url.replace(/\/+$/, '')}/sim-swap/v1/check`);
  } catch {
    return { mode: 'unusable', how: `"${url}" is not a URL` };
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') return { mode: 'unusable', how: `"${url}" is not an http(s) URL` };
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlator': 'dfslab-simswap-probe' },
      body: JSON.stringify({ phoneNumber: `+${msisdn}`, maxAge: 72 }),
      signal: AbortSignal.timeout(MOCK_TIMEOUT_MS),
      redirect: 'error',
    });
    const text = (await res.text()).slice(0, 2000);
    if (res.status >= 500) return { mode: 'failing', how: `the mock answers HTTP ${res.status}` };
    if (res.status !== 200) return { mode: 'unusable', how: `the mock answers HTTP ${res.status} (${text.slice(0, 120)})` };
    const swapped = (JSON.parse(text) as { swapped?: unknown } | null)?.swapped;
    if (swapped === true) return { mode: 'swapped' };
    return { mode: 'unusable', how: `the mock says swapped=${JSON.stringify(swapped)} for A; configure it to report a recent swap (or to fail)` };
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { mode: 'failing', how: `the mock does not answer within ${MOCK_TIMEOUT_MS} ms` };
    if (e instanceof SyntaxError) return { mode: 'unusable', how: 'the mock answered something that is not JSON' };
    return { mode: 'failing', how: `the mock cannot be reached (${(e as Error).message})` };
  }
}

/** Reference §6.2 USSD-SIMSWAP-01, against a staging service configured to use the lab's CAMARA mock. */
export const simSwapStepUpTest = defineUssdTest({
  id: ID,
  meta: {
    title: 'No step-up after a SIM swap (or SIM-swap check fails open)',
    family: 'money',
    kind: 'control',
    severity: 'critical',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-308', 'CWE-287'], dfs: ['SIM-13', 'USSD-16', 'USSD-36'] },
    description: [
      'Only for a **staging** service whose SIM Swap API client points at the lab\'s CAMARA mock',
      '(`src/ussd/camara-mock.ts`). With `simSwapMock` in the target file (port, which roles it reports as swapped,',
      'whether it fails) the harness starts the mock on this machine for the run; a mock the lab runs itself is given',
      'as `extras.camaraMock`. The test first asks the mock about A itself:',
      '',
      '- the mock reports a recent swap → the test checks that high-risk actions need a step-up;',
      '- the mock fails (HTTP 5xx, no answer) → the test checks that the service fails closed.',
      '',
      'Then it runs forgot-PIN as A with knowable data (national id, date of birth; stopping at the new-PIN prompt,',
      `setting nothing) and a transfer A→B just above \`policies.highValueAmount\` (default ${HIGH_VALUE.toLocaleString('en')}; bounded by \`allowedAmount\`; skipped when that does not`,
      "reach it), measured on A's balance screen.",
      '',
      '- **Finding** for each action that completes: without step-up after a swap, or fail-open on an API failure.',
      '- **Pass** when both are refused or sent to an out-of-band step.',
      '- **Inconclusive** without the mock address, when the mock reports no swap, or when neither action could run.',
      '',
      'Moves money (the high-value transfer) when the control is missing.',
    ].join('\n'),
    manual: [
      'Point the staging service\'s SIM Swap client at the lab mock (`dfslab` CAMARA mock, swapped for A), then on a',
      'handset run Forgot PIN and a transfer above the high-value threshold: both must be refused or stepped up.',
      'Repeat with the mock answering 500 or not at all: both must fail closed.',
    ].join('\n'),
    remediation: 'Call the SIM Swap API (CAMARA /check with a maxAge such as 72 h) before PIN resets and high-value transfers, refuse or step up when it reports a swap, and fail closed when it errors or times out.',
    catalogueId: 'USSD-SIMSWAP-01',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    // The mock the harness started for this run (target file `simSwapMock`), or one the lab runs itself.
    const url = ctx.target.simSwapMock?.url ?? ctx.target.extras.camaraMock;
    if (!url) return ctx.inconclusive('the target file declares no SIM Swap mock (simSwapMock, or extras.camaraMock for a mock the lab runs itself) that the staging service is configured with');
    const probe = await probeCamaraMock(url, ctx.a.msisdn);
    if (probe.mode === 'unusable') return ctx.inconclusive(`the CAMARA mock cannot drive this test: ${probe.how}`);
    const failing = probe.mode === 'failing';
    const condition = failing ? `the SIM Swap API fails (${probe.how})` : 'the SIM Swap API reports a recent swap for A';
    const passes: string[] = [];
    const undecided: string[] = [];
    const passIds: number[] = [];
    let reported = false;

    // Forgot-PIN.
    const reset = ctx.menu ? forgotPinEntry(ctx.menu, ctx.target.prompts) : undefined;
    if (!reset) undecided.push('no forgot-PIN flow in the menu map');
    else if (!ctx.a.nationalId && !ctx.a.dob) undecided.push('A declares neither nationalId nor dob for forgot-PIN');
    else {
      const { session, outcome } = await walkForgotPin(ctx, reset, ctx.a);
      const asked = outcome.asked.map((k) => NAMES[k] ?? k).join(' and ') || 'nothing';
      const said = excerpt(outcome.reading?.text ?? '', 100);
      if (outcome.kind === 'new-pin' || outcome.kind === 'done') {
        ctx.report({
          message: `${condition}, yet forgot-PIN ${outcome.kind === 'new-pin' ? 'asked for a new PIN' : 'reset the PIN'} after only ${asked} ("${said}")${failing ? ': the check fails open' : ''}`,
          transcript: entryIds(session),
          path: reset.path.join('>'),
        });
        reported = true;
      } else if (outcome.kind === 'out-of-band' || (outcome.kind === 'refused' && outcome.reading !== undefined)) {
        passes.push(`forgot-PIN refused or stepped up ("${said}")`);
        passIds.push(...entryIds(session));
      } else undecided.push(`forgot-PIN could not be completed ("${said}")`);
    }

    // High-value transfer.
    const highValue = ctx.target.policies.highValueAmount ?? HIGH_VALUE;
    const amount = Math.min(Math.floor(amountRoom(ctx)), highValue + 1);
    const flows = moneyFlows(ctx);
    if (!ctx.b) undecided.push('no second account (role B) to send to');
    else if (amount <= highValue) undecided.push(`the high-value transfer needs allowedAmount above ${highValue} (policies.highValueAmount; room left: ${formatAmount(amountRoom(ctx))})`);
    else if ('missing' in flows) undecided.push(flows.missing);
    else {
      const r = await highValueTransfer(ctx, flows, amount);
      if (r.kind === 'debited') {
        ctx.report({
          message: `${condition}, yet a transfer of ${formatAmount(amount)} went through without a step-up: A's balance ${formatAmount(r.before)} → ${formatAmount(r.after)}${failing ? ' (the check fails open)' : ''}`,
          transcript: r.ids,
          path: flows.transfer.path.join('>'),
          field: 'amount',
        });
        reported = true;
      } else if (r.kind === 'refused') {
        passes.push(`the ${formatAmount(amount)} transfer was refused ("${r.said}")`);
        passIds.push(...r.ids);
      } else undecided.push(r.why);
    }

    if (reported) return;
    if (passes.length) {
      ctx.pass({ message: `${condition}: ${passes.join('; ')}${undecided.length ? ` (not checked: ${undecided.join('; ')})` : ''}`, transcript: passIds });
      return;
    }
    ctx.inconclusive(`${condition}, but neither action could be checked: ${undecided.join('; ')}`, passIds);
  },
});

async function highValueTransfer(
  ctx: UssdTestContext,
  flows: Exclude<ReturnType<typeof moneyFlows>, { missing: string }>,
  amount: number,
): Promise<{ kind: 'debited'; before: number; after: number; ids: number[] } | { kind: 'refused'; said: string; ids: number[] } | { kind: 'undecided'; why: string }> {
  const b0 = await readBalance(ctx, flows.balance);
  if (b0.value === undefined) return { kind: 'undecided', why: "A's balance could not be read" };
  if (b0.value < amount) return { kind: 'undecided', why: `A's balance ${formatAmount(b0.value)} is below the ${formatAmount(amount)} high-value transfer` };
  const t = await completeTransfer(ctx, flows.transfer, ctx.b!, amount, `${ID}: high-value transfer after a SIM swap`);
  const b1 = await readBalance(ctx, flows.balance);
  const ids = [...b0.ids, ...entryIds(t.session), ...b1.ids];
  if (b1.value === undefined) return { kind: 'undecided', why: "A's balance could not be read after the transfer" };
  if (b0.value - b1.value >= amount) return { kind: 'debited', before: b0.value, after: b1.value, ids };
  const said = excerpt(t.reading?.text ?? '', 100);
  if (t.reading && saysAny(t.reading.text, REFUSAL_WORDS) && !/\b(insufficient|insuffisant|haitoshi|insuficiente)\b/i.test(t.reading.text)) return { kind: 'refused', said, ids };
  if (t.reading && !t.reading.continue && !saysAny(t.reading.text, REFUSAL_WORDS)) return { kind: 'refused', said, ids };
  return { kind: 'undecided', why: `the ${formatAmount(amount)} transfer stopped at "${said}"` };
}
