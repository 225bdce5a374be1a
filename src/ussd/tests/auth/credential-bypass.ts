/**
 * USSD-AUTH-03: does the application check the gateway credentials it was given, or only that some are there?
 */
import { randomBytes } from 'node:crypto';
import { defineUssdTest } from '../types.js';
import { continues, entryIds, freshHop, quote, sendHopWith, type HopOutcome } from '../../flows.js';

/** A wrong credential for the "key present but wrong" probe. */
export function wrongValue(real: string): string {
  // Random, not derived from the real value: the wrong value is written into the transcript in clear, and
  // a shifted copy of a secret would give the secret away. Same length, so length checks are still passed.
  const length = Math.max(real.length, 8);
  for (;;) {
    const candidate = randomBytes(length).toString('base64url').slice(0, length);
    if (candidate !== real) return candidate;
  }
}

const MAX_HEADERS = 3;

export const credentialBypassTest = defineUssdTest({
  id: 'ussd.auth.credential-bypass',
  meta: {
    title: 'USSD callback accepts missing or wrong gateway credentials',
    family: 'auth',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-306'], dfs: ['PLAT-11', 'PLAT-40'] },
    description: [
      'For targets whose file declares gateway credentials (`auth.headers`, e.g. an API key or a token), sends',
      'the ordinary first hop once with each declared header **left out** (the others kept) and once with it',
      'set to a **wrong value** of the same length and alphabet. Each must be refused; a normal first screen',
      'means the application does not check that credential (or only checks that it is present).',
      '',
      'Limits: expired or revoked credentials, HMAC signatures over the body and mutual TLS are not exercised',
      '(the harness only knows the header values of the target file); the first three headers are tried.',
      'Without declared credentials the test is inconclusive (see `ussd.auth.off-gateway`).',
    ].join('\n'),
    manual: [
      'Replay a captured first hop with the credential header removed, then with one character changed. Both',
      'must get HTTP 401/403 (or the gateway\'s error answer), never the first menu.',
    ].join('\n'),
    remediation: [
      'Check every credential on every hop, in constant time, against the current secret, and refuse the',
      'request (HTTP 401/403) when it is missing, wrong or expired. Prefer signatures over the request body',
      'or mutual TLS to static keys, and rotate keys.',
    ].join('\n'),
    catalogueId: 'USSD-AUTH-03',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: false,
    slow: false,
  },
  async run(ctx) {
    const declared = Object.entries(ctx.target.auth.headers).sort(([a], [b]) => (a < b ? -1 : 1));
    if (declared.length === 0) {
      ctx.inconclusive('the target file declares no gateway credentials (auth.headers); there is nothing to bypass (see ussd.auth.off-gateway)');
      return;
    }
    const refused: number[] = [];
    let accepted = 0;
    const tried = declared.slice(0, MAX_HEADERS);
    for (const [name, value] of tried) {
      const others = Object.fromEntries(declared.filter(([n]) => n !== name));
      const variants: Array<[string, Record<string, string>]> = [
        ['left out', others],
        ['set to a wrong value', { ...others, [name]: wrongValue(value) }],
      ];
      for (const [how, headers] of variants) {
        const out: HopOutcome = await sendHopWith(ctx, freshHop(ctx, ctx.a.msisdn), { headers, omitAuth: true });
        if (continues(out)) {
          accepted++;
          ctx.report({
            message: `with the credential header "${name}" ${how}, the first hop got the normal first screen ${quote(out.screen)}`,
            transcript: entryIds(out),
            field: name,
            path: how === 'left out' ? 'missing' : 'wrong',
          });
        } else refused.push(...entryIds(out));
      }
    }
    if (accepted > 0) return;
    // Everything refused: was the target reachable at all with the right credentials?
    const ok = await sendHopWith(ctx, freshHop(ctx, ctx.a.msisdn), {});
    if (!continues(ok)) {
      ctx.inconclusive(`every first hop was refused, with the declared credentials too (${ok.error?.code ?? quote(ok.screen)}); check the endpoint and auth in the target file`, [...refused, ...entryIds(ok)]);
      return;
    }
    ctx.pass({
      message: `missing and wrong values of ${tried.map(([n]) => n).join(', ')} were refused; the declared values got the first screen`,
      transcript: [...refused, ...entryIds(ok)],
      field: tried.map(([n]) => n).join(','),
    });
  },
});
