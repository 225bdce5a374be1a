/**
 * USSD-AUTH-02: the caller number is only a request field. Does the application show a subscriber's data to
 * whoever sends that subscriber's number, without a secret only the subscriber knows?
 */
import { defineUssdTest } from '../types.js';
import { continues, dataRoutes, entryIds, HopDriver, kindOf, pathLabel, personalDataIn, quote, type DataRoute } from '../../flows.js';

export const msisdnSpoofingTest = defineUssdTest({
  id: 'ussd.auth.msisdn-spoofing',
  meta: {
    title: 'Subscriber data shown to a spoofed caller number without the PIN',
    family: 'auth',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-306'], dfs: ['APP-02', 'PLAT-01'] },
    description: [
      'From the tester\'s machine, calls as the **second declared test account (B)**: the caller number is a',
      'field of the gateway\'s request, so anyone who can reach the callback (or a compromised gateway) can',
      'write any number there. The test opens the first screen and walks, by menu choices only, to the screens',
      'the menu map shows for the subscriber\'s own data (options that say balance, statement, account or',
      'profile, found by their labels in several languages). It never types B\'s PIN.',
      '',
      'A finding is a screen that shows B\'s data: B\'s declared name (two of its words), B\'s national id, or a',
      'balance. A PIN prompt on the way is the control.',
      '',
      'Limits: state-changing actions (a transfer as B) are not attempted; data on screens the crawl did not',
      'reach is not seen; names are only recognised when the target file declares `name` for B.',
    ].join('\n'),
    manual: [
      'Send the dialect\'s first hop with the caller number of a test subscriber you do not hold (curl, or a',
      'gateway simulator), then choose the balance and statement options. A name, balance or statement shown',
      'before any PIN prompt confirms it.',
    ].join('\n'),
    remediation: [
      'Treat the caller number as an identifier, never as authentication: ask the PIN before any personal data',
      '(names, balances, statements) and before any action, once per session, and accept callbacks only from',
      'the authenticated gateway (see USSD-AUTH-01).',
    ].join('\n'),
    catalogueId: 'USSD-AUTH-02',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const b = ctx.b;
    if (!b) {
      ctx.inconclusive('needs the second test account (role B)');
      return;
    }
    if (!ctx.menu) {
      ctx.inconclusive('the menu map could not be built, so the data screens are unknown');
      return;
    }
    const routes = dataRoutes(ctx.menu, ctx.target.prompts);
    const limit = ctx.quick ? 3 : 8;
    // PIN-guarded routes are walked too: their prompt is the evidence of the control.
    const chosen: Array<Pick<DataRoute, 'path' | 'label'>> = [{ path: [], label: '' }, ...routes.slice(0, limit)];
    const guarded: number[] = [];
    const clean: number[] = [];
    let found = 0;
    for (const route of chosen) {
      const driver = new HopDriver(ctx, b.msisdn);
      let out = await driver.dial();
      const seen = [out];
      for (const input of route.path) {
        if (!continues(out) || kindOf(ctx, out.screen) === 'pin') break;
        out = await driver.send(input);
        seen.push(out);
      }
      // The first screen is its own route; a deeper route is judged on the screens after the dial.
      const own = route.path.length === 0 ? seen : seen.slice(1);
      const shown = [...own].reverse().find((o) => o.screen && personalDataIn(o.screen.text, b).length > 0);
      if (shown) {
        found++;
        const what = personalDataIn(shown.screen!.text, b);
        ctx.report({
          message: `calling as B (${b.msisdn}) from the tester, without B's PIN, ${pathLabel(route.path)} shows B's ${what.join(' and ')}: ${quote(shown.screen)}`,
          transcript: entryIds(...seen.slice(0, seen.indexOf(shown) + 1)),
          path: pathLabel(route.path),
          field: what.join(','),
        });
      } else if (kindOf(ctx, out.screen) === 'pin') guarded.push(...driver.entries);
      else clean.push(...driver.entries);
      if (!driver.ended) await driver.release('abort');
    }
    if (found > 0) return;
    if (routes.length === 0) {
      ctx.inconclusive('the first screen shows none of B\'s data, and the menu map has no balance, statement or account screen to try', clean);
      return;
    }
    ctx.pass({
      message: `calling as B without B's PIN showed none of B's data on the first screen and ${routes.slice(0, limit).length} data route(s)${guarded.length ? '; the PIN was asked first' : ''}`,
      transcript: [...clean, ...guarded],
    });
  },
});
