/**
 * USSD-SESS-01: a session belongs to the number that dialled it. Does a hop from another number on the same
 * session id go on in the first caller's authenticated session?
 */
import { defineUssdTest } from '../types.js';
import { entryIds, pathLabel, quote } from '../../flows.js';
import { authenticate, probeAuthenticatedContext } from './support.js';

export const msisdnBindingTest = defineUssdTest({
  id: 'ussd.session.msisdn-binding',
  meta: {
    title: 'USSD session not bound to the calling number',
    family: 'session',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-613'], dfs: ['USSD-30', 'PLAT-01'] },
    description: [
      'Opens a session as account A and authenticates it: walks by menu choices to a screen of A\'s own data',
      '(balance, statement) and enters A\'s PIN when it is asked. The next hops carry the **same session id** but',
      'the number of account B: first the screen\'s "home"/"back" option, then the menu choices to the same',
      'screen again.',
      '',
      'A finding is the protected screen coming back without a PIN prompt, or A\'s name shown to B: the',
      'application keeps the session by its id alone, so whoever learns or guesses a session id (a gateway log,',
      'a predictable id) takes over an authenticated session. The session ending, or the PIN being asked again,',
      'is the control.',
      '',
      'Limits: needs a data screen reachable by menu choices in the menu map; the hops are sent as B, a',
      'declared test account, never as an unknown number.',
    ].join('\n'),
    manual: [
      'Dial as subscriber A, enter the PIN at the balance option, note the session id; send the next hop with',
      'the same session id and subscriber B\'s number (a gateway simulator or curl) and choose the balance option',
      'again. A\'s balance shown without a PIN prompt confirms it.',
    ].join('\n'),
    remediation: [
      'Store the caller number with the session when it is created and refuse (end) any hop whose number differs;',
      'key sessions by gateway session id **and** number, and generate or accept only unpredictable session ids.',
    ].join('\n'),
    catalogueId: 'USSD-SESS-01',
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
      ctx.inconclusive('the menu map could not be built, so no authenticated screen is known');
      return;
    }
    const auth = await authenticate(ctx, ctx.menu, ctx.a, ctx.quick ? 1 : 3);
    if ('reason' in auth) {
      ctx.inconclusive(auth.reason, auth.transcript);
      return;
    }
    const { route, driver, shown } = auth;
    const probe = await probeAuthenticatedContext(ctx, driver, route, shown, ctx.a, b.msisdn);
    if (!driver.ended) await driver.release('abort');
    const transcript = [...driver.entries];
    const where = pathLabel(route.path);
    switch (probe.verdict) {
      case 'context':
        ctx.report({
          message: `after A (${ctx.a.msisdn}) opened ${where}${route.viaPin ? ' with the PIN' : ''}, hops with the same session id from B (${b.msisdn}) went on in A's session: ${quote(probe.screen)}${route.viaPin ? ' without a PIN prompt' : ''}`,
          transcript,
          path: where,
        });
        return;
      case 'ended':
        ctx.pass({ message: `a hop from B on A's session was refused: ${quote(probe.screen)}`, transcript, path: where });
        return;
      case 'reauth':
        ctx.pass({ message: `the session went on for B but asked for the PIN again at ${where}`, transcript, path: where });
        return;
      default:
        ctx.inconclusive(`a hop from B on A's session went on to ${quote(probe.screen)}, which is neither A's screen nor a PIN prompt`, [...transcript, ...entryIds(...probe.outcomes)]);
    }
  },
});
