/**
 * USSD-DATA-01: disclosure and enumeration before the PIN. A send-money flow that shows the recipient's full
 * name, or answers "not registered", before any PIN lets anyone with a phone map which numbers hold wallets
 * and whose they are: the raw material of social-engineering fraud.
 */
import { accountByRole } from '../../target.js';
import { normalizeText } from '../../prompts.js';
import type { UssdScreen } from '../../types.js';
import { defineUssdTest } from '../types.js';
import { entryIds, excerpt, kindOf, promptsAt, reachedEnd, walk } from '../../flows.js';
import { mentionsName } from './idor.js';

/** Screen text with the typed numbers and the recipient's name taken out: what must not depend on the recipient. */
function comparable(screen: UssdScreen, typed: readonly string[], name: string | undefined): string {
  let t = normalizeText(screen.text);
  for (const n of typed) t = t.split(n).join('#');
  t = t.replace(/\+?\d[\d ]{5,}\d/g, '#');
  for (const w of normalizeText(name ?? '').split(' ').filter((x) => x.length >= 2)) t = t.replace(new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'gu'), '');
  return `${screen.continue ? 'C' : 'E'}|${t.replace(/[^\p{L}\p{N}#]+/gu, ' ').trim()}`;
}

export const enumerationTest = defineUssdTest({
  id: 'ussd.authz.enumeration',
  meta: {
    title: 'Recipient name or registration status disclosed before the PIN',
    family: 'authz',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-200'], dfs: ['PLAT-41', 'PLAT-26'] },
    description: [
      'Finds the recipient prompts of the menu map (a prompt for a phone number whose next screen asks for an',
      'amount) and, from account A, types:',
      '',
      '- B\'s number: the next screen shows B\'s declared full name (two of its words) before any PIN → finding;',
      '- the number of the account declared with role `U` (a number known **not** to be registered): the next',
      '  screen differs from B\'s (after taking out the typed numbers and B\'s name) — for instance "not registered"',
      '  instead of the amount prompt → finding (registered numbers can be told apart: enumeration).',
      '',
      'It stops at the amount prompt: no amount, PIN or confirmation is entered. Without a `U` account only the',
      'name half runs; without B\'s declared `name` only the enumeration half. A name shown *after* the PIN, on',
      'the confirmation screen, is the expected design and is not reported.',
    ].join('\n'),
    manual: [
      'Open Send Money, type a registered number: a hardened service asks for the amount with no name; a vulnerable',
      'one shows the holder\'s full name. Repeat with an unregistered number: the next screen must be the same.',
    ].join('\n'),
    remediation: [
      'Show the recipient\'s name only after the PIN (on the confirmation screen), and give the same next screen for',
      'every well-formed number; tell "not registered" only after the PIN. Rate-limit look-ups per caller.',
    ].join('\n'),
    catalogueId: 'USSD-DATA-01',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const b = ctx.b;
    if (!b) return ctx.inconclusive('needs the second test account (role B)');
    const u = accountByRole(ctx.target, 'U');
    if (!b.name && !u) return ctx.inconclusive('declare B\'s "name" or an unregistered number (an account with role U) in the target: without either nothing can be compared');
    if (!ctx.menu) return ctx.inconclusive('no menu map (the crawl did not run or failed)');

    const evidence: number[] = [];
    for (const node of promptsAt(ctx.menu, ['recipient']).slice(0, ctx.quick ? 2 : 4)) {
      const pathB = [...node.path, b.msisdn];
      const sb = await walk(ctx, ctx.a.msisdn, pathB);
      evidence.push(...entryIds(sb));
      if (!reachedEnd(sb, pathB)) continue;
      const screenB = sb.screen!;
      // Only the recipient step of a money flow: B's number (registered) leads to the amount prompt.
      if (kindOf(ctx, screenB) !== 'amount') continue;
      const where = node.path.join('>');
      let findings = 0;
      if (mentionsName(screenB.text, b.name)) {
        findings++;
        ctx.report({
          message: `At the recipient prompt ${where}, typing B's number shows B's name before any PIN: "${excerpt(screenB.text, 100)}".`,
          transcript: entryIds(sb),
          evidence: [`answer: ${excerpt(screenB.text)}`],
          path: `${where}>recipient`,
          field: 'name',
        });
      }
      const ids = [...entryIds(sb)];
      if (u) {
        const pathU = [...node.path, u.msisdn];
        const su = await walk(ctx, ctx.a.msisdn, pathU);
        ids.push(...entryIds(su));
        if (su.screen && su.exchanges.length === pathU.length + 1) {
          const cb = comparable(screenB, [b.msisdn, u.msisdn], b.name);
          const cu = comparable(su.screen, [b.msisdn, u.msisdn], b.name);
          if (cb !== cu) {
            findings++;
            ctx.report({
              message: `At the recipient prompt ${where}, a registered number (B) and an unregistered one (U) get different answers before any PIN: "${excerpt(screenB.text, 70)}" vs "${excerpt(su.screen.text, 70)}"; anyone can tell which numbers hold a wallet.`,
              transcript: ids,
              evidence: [`B: ${excerpt(screenB.text)}`, `U: ${excerpt(su.screen.text)}`],
              path: `${where}>recipient`,
              field: 'registration',
            });
          }
        }
      }
      if (findings === 0) {
        ctx.pass({
          message: `At the recipient prompt ${where} the answer before the PIN shows ${b.name ? 'no recipient name' : ''}${b.name && u ? ' and ' : ''}${u ? 'the same screen for a registered and an unregistered number' : ''}.`,
          transcript: ids,
          path: `${where}>recipient`,
        });
      }
      return;
    }
    ctx.inconclusive('no recipient prompt of the menu map led to an amount prompt with B\'s number (no send-money flow found)', evidence);
  },
});
