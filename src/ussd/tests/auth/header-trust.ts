/**
 * USSD-AUTH-04: does a request without credentials get in when it claims, in headers anyone can set, to come
 * from the gateway?
 */
import { defineUssdTest } from '../types.js';
import { continues, entryIds, freshHop, quote, sendHopWith } from '../../flows.js';

/** Gateway-like User-Agent strings, by dialect; a neutral one otherwise. */
const GATEWAY_AGENT: Readonly<Record<string, string>> = {
  africastalking: 'AfricasTalking-USSD-Gateway/1.0',
  hubtel: 'Hubtel-USSD-Gateway/1.0',
};

/** Addresses an allow-list is likely to hold: the loopback, and a private address such as a VPN peer's. */
const CLAIMED_ADDRESSES = ['127.0.0.1', '10.0.0.1'] as const;

export function spoofedHeaders(address: string, dialectId: string): Record<string, string> {
  return {
    'x-forwarded-for': address,
    'x-real-ip': address,
    'x-client-ip': address,
    'true-client-ip': address,
    forwarded: `for=${address}`,
    'user-agent': GATEWAY_AGENT[dialectId] ?? 'USSD-Gateway/1.0',
  };
}

export const headerTrustTest = defineUssdTest({
  id: 'ussd.auth.header-trust',
  meta: {
    title: 'USSD callback trusts spoofable headers to recognise the gateway',
    family: 'auth',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-345'], dfs: ['PLAT-11', 'PLAT-40'] },
    description: [
      'Runs only when the callback refuses a first hop without the gateway credentials. It then sends that',
      'same credential-less hop again, with headers any client can set claiming a gateway origin:',
      '`X-Forwarded-For`, `X-Real-IP`, `X-Client-IP`, `True-Client-IP`, `Forwarded` (the loopback, then a',
      'private address) and a gateway-like `User-Agent`. A normal first screen means the allow-list is based',
      'on those headers, which prove nothing unless a proxy the operator controls sets them.',
      '',
      'Limits: the real gateway\'s addresses and User-Agent are not known to the harness, so an allow-list of',
      'exactly those is not exercised; when the callback already accepts requests without credentials the',
      'test is inconclusive (`ussd.auth.off-gateway` reports that).',
    ].join('\n'),
    manual: [
      'Send the dial without credentials and note the refusal; send it again with `X-Forwarded-For: <gateway',
      'address>` (ask the provider for the gateway\'s addresses) and the gateway\'s User-Agent. Any difference',
      'in the answer shows the headers are trusted.',
    ].join('\n'),
    remediation: [
      'Recognise the gateway by what it cannot forge: mutual TLS, a request signature, or the TCP peer address',
      'checked at the network edge. Take client addresses from `X-Forwarded-For` only when set by your own',
      'reverse proxy, which must overwrite (not append to) what the client sent.',
    ].join('\n'),
    catalogueId: 'USSD-AUTH-04',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: false,
    slow: false,
  },
  async run(ctx) {
    const bare = await sendHopWith(ctx, freshHop(ctx, ctx.a.msisdn), { omitAuth: true });
    if (continues(bare)) {
      ctx.inconclusive('the callback already answers without credentials, so header trust cannot be told apart (see ussd.auth.off-gateway)', entryIds(bare));
      return;
    }
    if (!bare.entry.response) {
      ctx.inconclusive(`the callback did not answer (${bare.error?.code ?? 'no answer'}); check the endpoint in the target file`, entryIds(bare));
      return;
    }
    if (Object.keys(ctx.target.auth.headers).length === 0) {
      ctx.inconclusive(`the target file declares no credentials and the callback refuses the harness's ordinary first hop (HTTP ${bare.entry.response.status}); declare the gateway credentials in auth.headers`, entryIds(bare));
      return;
    }
    const refusedWith = bare.status !== undefined ? `HTTP ${bare.status}` : bare.error?.code ?? 'no answer';
    const tried: number[] = [...entryIds(bare)];
    for (const address of CLAIMED_ADDRESSES) {
      const out = await sendHopWith(ctx, freshHop(ctx, ctx.a.msisdn), { omitAuth: true, headers: spoofedHeaders(address, ctx.dialect.id) });
      tried.push(...entryIds(out));
      if (continues(out)) {
        ctx.report({
          message: `without credentials the first hop was refused (${refusedWith}), but with X-Forwarded-For/Forwarded claiming ${address} and a gateway User-Agent it got the first screen ${quote(out.screen)}`,
          transcript: [...entryIds(bare), ...entryIds(out)],
          field: 'x-forwarded-for',
        });
        return;
      }
      if (ctx.quick) break;
    }
    ctx.pass({ message: `requests without credentials stay refused (${refusedWith}) when forwarded-for and gateway User-Agent headers are added`, transcript: tried, field: 'x-forwarded-for' });
  },
});
