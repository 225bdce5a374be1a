/**
 * USSD-AUTHZ-02: insecure direct object reference. Screens that ask "whose account?" (a mini statement of
 * another account, a loan or meter account look-up) must only show what the caller may see; typing a second
 * subscriber's number from one's own session must not show that subscriber's data.
 */
import { classifyScreen, normalizeText } from '../../prompts.js';
import type { UssdSession } from '../../session.js';
import type { UssdScreen } from '../../types.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import {
  entryIds,
  excerpt,
  isNavigationLabel,
  kindOf,
  loginPinPrompts,
  LOOKUP_WORDS,
  MONEY_WORDS,
  OTHER_WORDS,
  PIN_MANAGEMENT_WORDS,
  promptsAt,
  reachedEnd,
  saysAny,
  sendOn,
  walk,
  type PromptAt,
} from '../../flows.js';

/** Does `text` show a person's name (at least two of its words, or the only one)? */
export function mentionsName(text: string, name: string | undefined): boolean {
  if (!name) return false;
  const tokens = normalizeText(name).split(' ').filter((t) => t.length >= 2);
  if (tokens.length === 0) return false;
  const hay = ` ${normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const hits = tokens.filter((t) => hay.includes(` ${t} `)).length;
  return hits >= Math.min(2, tokens.length);
}

/** Money amounts, balances or dated lines: what account data looks like on a USSD screen. */
const DATA_LIKE = /\d[\d,]*\.\d{2}\b|\b(?:bal|balance|solde|salio|saldo|outstanding|loan|pret|mkopo|prestamo)\b\D{0,20}\d|\b\d{1,2}\/\d{1,2}\b/i;

interface Lookup {
  /** An open session that is at the look-up prompt. */
  session: UssdSession;
  /** Inputs that reach the prompt. */
  path: string[];
  where: string;
}

/** Look-ups first: "another account" on the last step, account words anywhere; money and PIN functions last. */
function score(labels: readonly string[]): number {
  const all = normalizeText(labels.join(' > '));
  const last = normalizeText(labels[labels.length - 1] ?? '');
  return (saysAny(last, OTHER_WORDS) ? 2 : 0) + (saysAny(all, LOOKUP_WORDS) ? 1 : 0) - (saysAny(all, MONEY_WORDS) ? 3 : 0) - (saysAny(all, PIN_MANAGEMENT_WORDS) ? 3 : 0);
}

export const idorTest = defineUssdTest({
  id: 'ussd.authz.idor',
  meta: {
    title: 'Another subscriber\'s account readable from one\'s own session',
    family: 'authz',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-200'], dfs: ['PLAT-22', 'PLAT-41'] },
    description: [
      'Finds the look-up prompts of the menu map: prompts that ask for a phone or account number and are not the',
      'recipient step of a money flow (the next screen is not an amount). Prompts behind a log-in PIN are reached',
      'by entering A\'s own PIN and following the options of the screen after it, "another/other account" first.',
      'At each prompt, from A\'s session, it types B\'s number:',
      '',
      '- the answer shows B\'s declared name: a finding (high confidence);',
      '- the answer shows account data (amounts, balances, dated lines) that differ from what A\'s own number shows',
      '  at the same prompt: a finding (medium confidence);',
      '- a refusal, or A\'s own data again, is the control.',
      '',
      'Nothing is paid or changed: money-flow prompts are left at the amount step. Limits: look-ups that need a',
      'number the harness cannot know (a pay-bill business number) are not reached; declare B\'s `name` in the',
      'target for the strongest evidence.',
    ].join('\n'),
    manual: [
      'From account A open the statement or account look-up function, choose "another account" if offered and',
      'type B\'s number. A hardened service refuses ("you can only view your own account"); a vulnerable one shows',
      'B\'s statement, balance or loan.',
    ].join('\n'),
    remediation: [
      'Authorise every look-up on the server against the caller: only the caller\'s own accounts (or accounts',
      'linked to it with the holder\'s consent) may be shown; answer the same refusal for every other number.',
    ].join('\n'),
    catalogueId: 'USSD-AUTHZ-02',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const b = ctx.b;
    if (!b) return ctx.inconclusive('needs the second test account (role B)');
    const map = ctx.menu;
    if (!map) return ctx.inconclusive('no menu map (the crawl did not run or failed)');
    const cap = ctx.transport.requestsUsed + (ctx.quick ? 24 : 80);
    const within = (): boolean => ctx.transport.requestsUsed < cap;

    type Start = { prompt: PromptAt; viaPin: boolean; s: number };
    const starts: Start[] = [
      ...promptsAt(map, ['recipient']).map((prompt) => ({ prompt, viaPin: false, s: score(prompt.labels) })),
      ...loginPinPrompts(map).map((prompt) => ({ prompt, viaPin: true, s: score(prompt.labels) })),
    ]
      .filter((x) => !ctx.quick || x.s >= 0)
      .map((x, i) => ({ ...x, i }))
      .sort((x, y) => y.s - x.s || x.i - y.i);

    let tested = 0;
    let found = 0;
    const clean: number[] = [];
    for (const start of starts) {
      if (!within() || (ctx.quick && tested > 0)) break;
      for await (const lookup of lookupsFrom(ctx, start.prompt, start.viaPin, within)) {
        const verdict = await tryLookup(ctx, lookup);
        if (verdict === 'not-a-lookup') continue;
        tested++;
        if (verdict.found) found++;
        else clean.push(...verdict.ids);
        if (ctx.quick || !within()) break;
      }
    }
    if (tested === 0) return ctx.inconclusive('no prompt of the menu map looks up another account by number (money-flow recipient prompts excluded)', clean);
    if (found === 0) {
      ctx.pass({ message: `${tested} look-up prompt(s) refused B's number from A's session (no B data shown).`, transcript: clean });
    }
  },
});

/** Look-up prompts reachable from a map node: the node itself, or (after the PIN) the prompts one option away. */
async function* lookupsFrom(ctx: UssdTestContext, node: PromptAt, viaPin: boolean, within: () => boolean): AsyncGenerator<Lookup> {
  if (!viaPin) {
    const s = await walk(ctx, ctx.a.msisdn, node.path);
    if (reachedEnd(s, node.path) && kindOf(ctx, s.screen) === 'recipient') yield { session: s, path: [...node.path], where: node.path.join('>') };
    return;
  }
  const afterPin = [...node.path, ctx.a.pin];
  const s = await walk(ctx, ctx.a.msisdn, afterPin);
  if (!reachedEnd(s, afterPin)) return;
  const where = `${node.path.join('>')}>PIN`;
  if (kindOf(ctx, s.screen) === 'recipient') {
    yield { session: s, path: afterPin, where };
    return;
  }
  if (kindOf(ctx, s.screen) !== 'menu') return;
  const options = classifyScreen(s.screen!, ctx.target.prompts)
    .options.filter((o) => !isNavigationLabel(o.label))
    .map((o, i) => ({ o, i, s: score([o.label]) }))
    .filter((x) => x.s > -2)
    .sort((x, y) => y.s - x.s || x.i - y.i)
    .slice(0, ctx.quick ? 2 : 4);
  for (const { o } of options) {
    if (!within()) return;
    const path = [...afterPin, o.key];
    const t = await walk(ctx, ctx.a.msisdn, path);
    if (reachedEnd(t, path) && kindOf(ctx, t.screen) === 'recipient') yield { session: t, path, where: `${where}>${o.key} (${o.label})` };
  }
}

/** Types B's number at the prompt and judges the answer. */
async function tryLookup(ctx: UssdTestContext, l: Lookup): Promise<'not-a-lookup' | { found: boolean; ids: number[] }> {
  const b = ctx.b!;
  const screen = await sendOn(l.session, b.msisdn);
  const ids = entryIds(l.session);
  const k = kindOf(ctx, screen);
  // The recipient step of a money flow: the next screen asks how much (DATA-01 covers what it shows).
  if (k === 'amount' || k === 'pin' || k === 'confirm') return 'not-a-lookup';
  if (!screen) return { found: false, ids };
  const namesB = mentionsName(screen.text, b.name);
  const data = DATA_LIKE.test(screen.text);
  if (!namesB && !data) return { found: false, ids };
  let allIds = ids;
  let mine: UssdScreen | undefined;
  if (data) {
    // Account data came back: it is B's only if A's own number shows something else at the same prompt (an app
    // that ignores the number typed and shows the caller's own statement is not leaking).
    const own = await walk(ctx, ctx.a.msisdn, [...l.path, ctx.a.msisdn]);
    mine = own.screen;
    allIds = [...ids, ...entryIds(own)];
    if (mine && normalizeText(mine.text) === normalizeText(screen.text)) return { found: false, ids: allIds };
  }
  ctx.report({
    message: namesB
      ? `At ${l.where}, A's session typed B's number and got B's data (B's name is shown): "${excerpt(screen.text, 120)}".`
      : `At ${l.where}, A's session typed B's number and got account data that differ from A's own: "${excerpt(screen.text, 120)}".`,
    transcript: allIds,
    evidence: [`B's number: ${excerpt(screen.text)}`, ...(data ? [`A's number: ${excerpt(mine?.text ?? '(no answer)')}`] : [])],
    path: l.where,
    field: 'account number',
    ...(namesB ? {} : { confidence: 'medium' as const }),
  });
  return { found: true, ids: allIds };
}
