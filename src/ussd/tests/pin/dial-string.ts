import { defineUssdTest } from '../types.js';
import { closeSession, entryIds, excerpt, readOf, saysAny } from '../../flows.js';
import { PIN_REFUSAL_WORDS, pinEntries } from './support.js';

/** Reference §6.2 USSD-PIN-04: the PIN pre-entered in the dial string (`*code*route*PIN#`). */
export const dialStringTest = defineUssdTest({
  id: 'ussd.pin.dial-string',
  meta: {
    title: 'PIN accepted from the dial string',
    family: 'pin',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-532', 'CWE-522'], dfs: ['USSD-23', 'PLAT-01'] },
    description: [
      'For gateways that forward the whole dialled string on the first hop (Hubtel `Message`, and others whose',
      'dialect sets `dialStringOnFirstHop`): takes the path to the first PIN prompt of the menu map (the balance',
      "first) and dials it twice, once as a pre-entered route (`*code*route#`) and once with A's PIN appended",
      '(`*code*route*PIN#`).',
      '',
      '- **Finding** when the route alone stops at the PIN prompt but the route with the PIN goes past it: the',
      '  service authenticates from the dial string, which handsets keep in their call log and gateways and',
      '  operators log in clear.',
      '- **Pass** when the dial with the PIN still stops at (or refuses at) the PIN prompt.',
      '- **Inconclusive** for dialects that do not forward the dial string (Africa\'s Talking sends only `text`).',
    ].join('\n'),
    manual: "Dial `*code*<menu digits>*<PIN>#` from a test handset (e.g. the balance option followed by the PIN). The service must ask for the PIN in the session, never take it from the dialled string.",
    remediation: 'A pre-entered route may navigate menus, but input for a PIN prompt must be typed in the session; discard anything the dial string carries for it.',
    catalogueId: 'USSD-PIN-04',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.dialect.semantics.dialStringOnFirstHop) {
      return ctx.inconclusive(`the ${ctx.dialect.id} dialect does not forward the dialled string to the application, so a PIN cannot be pre-entered`);
    }
    if (!ctx.menu) return ctx.inconclusive('no menu map: the crawl did not run or failed');
    // Only digits can be dialled after the service code.
    const entry = pinEntries(ctx.menu, ctx.target.prompts).find((e) => e.path.every((p) => /^\d+$/.test(p)));
    if (!entry) return ctx.inconclusive('the menu map has no PIN prompt reachable through digits only');
    const base = ctx.target.serviceCode.replace(/#+$/, '');
    const routeDial = `${[base, ...entry.path].join('*')}#`;
    const pinDial = `${[base, ...entry.path, ctx.a.pin].join('*')}#`;
    const where = entry.labels.join(' > ') || entry.path.join('>');

    const route = await ctx.client.walk(ctx.a.msisdn, [], { dialString: routeDial });
    await closeSession(route);
    const withPin = await ctx.client.walk(ctx.a.msisdn, [], { dialString: pinDial });
    await closeSession(withPin);
    const r1 = readOf(ctx, route.screen);
    const r2 = readOf(ctx, withPin.screen);
    const evidence = entryIds(route, withPin);
    if (!r2) return ctx.inconclusive('no answer to the dial with the pre-entered PIN', evidence);
    if (r2.kind === 'pin' || saysAny(r2.text, PIN_REFUSAL_WORDS)) {
      ctx.pass({ message: `dialling ${maskPin(pinDial, ctx.a.pin)} stopped at the PIN prompt ("${excerpt(r2.text, 100)}"): the PIN is not taken from the dial string`, transcript: evidence, path: entry.path.join('>') });
      return;
    }
    if (r1?.kind === 'pin' && r2.text !== r1.text && (r2.continue || r2.kind === 'final')) {
      ctx.report({
        message: `the route "${where}" dialled as ${routeDial} stops at the PIN prompt, but dialled with A's PIN appended it went past it and answered "${excerpt(r2.text, 100)}": the service authenticates from the dial string`,
        transcript: evidence,
        path: entry.path.join('>'),
      });
      return;
    }
    if (r1 && r1.text === r2.text) {
      ctx.pass({ message: `the service answers the same to ${routeDial} and to the dial with a PIN ("${excerpt(r2.text, 100)}"): it does not act on a PIN in the dial string`, transcript: evidence });
      return;
    }
    ctx.inconclusive(`the pre-entered route did not reach the PIN prompt ("${excerpt(r1?.text ?? '', 100)}"), so the answer to the dial with the PIN cannot be judged`, evidence);
  },
});

function maskPin(dial: string, pin: string): string {
  return dial.replace(new RegExp(`\\*${pin}#$`), '*<PIN>#');
}
