/**
 * USSD-AUTH-01: can anyone who finds the callback URL drive the USSD application, or only the gateway?
 */
import { defineUssdTest } from '../types.js';
import { continues, entryIds, HopDriver, quote } from '../../flows.js';

export const offGatewayTest = defineUssdTest({
  id: 'ussd.auth.off-gateway',
  meta: {
    title: 'USSD callback answers requests that do not come from the gateway',
    family: 'auth',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-306'], dfs: ['PLAT-11', 'PLAT-40'] },
    description: [
      'Sends one ordinary first hop (the dial) as the tester\'s own declared number, from the lab\'s address and',
      '**without** the gateway credentials the target file declares (`auth.headers`). A USSD application that',
      'answers it with its normal first screen lets anyone who learns the callback URL play the gateway: choose',
      'the caller number, the session id and every input (the other USSD tests show what that allows).',
      '',
      'When the target file declares no credentials at all the request is the same as the harness\'s ordinary',
      'traffic; the finding then has medium confidence, because the lab\'s address may be on the',
      'application\'s allow-list (the harness cannot tell). When the credential-less request is refused, one',
      'request with the credentials checks that the refusal is about them.',
    ].join('\n'),
    manual: [
      'From a host that is not the gateway, send the dial of the dialect (for Africa\'s Talking:',
      '`curl -d "sessionId=ATUid_test&serviceCode=*384%23&phoneNumber=%2B2547…&text=" <callback>`) without the',
      'API key, client certificate or signature the gateway uses. A normal first screen (`CON …`) confirms it;',
      'an HTTP 401/403, a TLS handshake failure (mutual TLS) or no connection at all (allow-list) is the control.',
    ].join('\n'),
    remediation: [
      'Accept callback requests only from the USSD gateway: mutual TLS or a signed request (HMAC over the body',
      'with a shared secret) checked on every hop, plus an IP allow-list of the gateway\'s addresses at the',
      'network edge. Never rely on the request\'s own fields to tell the gateway apart.',
    ].join('\n'),
    catalogueId: 'USSD-AUTH-01',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: false,
    slow: false,
  },
  async run(ctx) {
    const declared = Object.keys(ctx.target.auth.headers).length > 0;
    const bare = new HopDriver(ctx, ctx.a.msisdn);
    const out = await bare.dial({ omitAuth: true });
    if (continues(out)) {
      ctx.report({
        message: declared
          ? `the first hop without the gateway credentials (${Object.keys(ctx.target.auth.headers).sort().join(', ')}) got the normal first screen ${quote(out.screen)}`
          : `the target file declares no gateway credentials and the first hop from the lab got the normal first screen ${quote(out.screen)}; unless the lab is on an allow-list, anyone can drive this callback`,
        transcript: entryIds(out),
        field: 'auth',
        ...(declared ? {} : { confidence: 'medium' as const }),
      });
      await bare.release('abort');
      return;
    }
    // Refused: make sure the refusal is about the credentials, not a broken target.
    const withAuth = new HopDriver(ctx, ctx.a.msisdn);
    const ok = await withAuth.dial();
    if (!continues(ok)) {
      ctx.inconclusive(`the first hop is refused with and without the credentials (${ok.error?.code ?? quote(ok.screen)}); check the endpoint and auth in the target file`, entryIds(out, ok));
      return;
    }
    await withAuth.release('abort');
    const how = out.entry.response ? `HTTP ${out.entry.response.status}${out.screen ? ` ${quote(out.screen)}` : ''}` : out.error?.code ?? 'no answer';
    ctx.pass({ message: `without the gateway credentials the first hop was refused (${how}); with them it got the first screen`, transcript: entryIds(out, ok), field: 'auth' });
  },
});
