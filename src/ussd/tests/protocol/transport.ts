/**
 * USSD-TLS-01: is the callback reached over TLS 1.2 or later with a valid certificate?
 */
import { ErrorCodes } from '../../../errors.js';
import type { TlsEvidence, TransportTranscriptEntry } from '../../transport.js';
import { defineUssdTest } from '../types.js';
import { HopDriver } from '../../flows.js';

const WEAK_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export const transportTest = defineUssdTest({
  id: 'ussd.protocol.transport',
  meta: {
    title: 'USSD callback not protected by TLS 1.2+ with a valid certificate',
    family: 'protocol',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-319', 'CWE-295', 'CWE-326'], dfs: ['USSD-20'] },
    description: [
      'Looks at how the harness reached the callback: the endpoint\'s scheme, and for `https:` the TLS version',
      'and certificate check recorded in the transcript (one dial is sent if no exchange has been recorded yet).',
      '',
      '- `http:`: every hop — caller number, PINs, amounts — crosses the network in clear text (finding, high);',
      '- TLS below 1.2, or a certificate the harness could not validate (self-signed, expired, wrong host),',
      '  when the target file says `tls.insecure: true` (finding);',
      '- TLS 1.2 or 1.3 with a certificate that validates against the system roots or the declared lab CA',
      '  (`tls.ca`) is the control.',
      '',
      'Limits: it sees the connection the harness negotiates (Node\'s defaults refuse TLS below 1.2, so an old',
      'server shows as a handshake failure, reported with medium confidence); it does not enumerate every',
      'version and cipher the server would accept — use a TLS scanner for that. The link between the operator\'s',
      'USSD gateway and the aggregator is out of its reach (evidence review, USSD-20).',
    ].join('\n'),
    manual: [
      'Check the callback URL\'s scheme; run `openssl s_client -connect host:443 -tls1_1` (must fail) and',
      '`-tls1_2` (must succeed with a certificate chain to a public or agreed CA), or a TLS scanner.',
    ].join('\n'),
    remediation: [
      'Serve the callback over HTTPS only, TLS 1.2 minimum (1.3 preferred), with a certificate from a CA the',
      'gateway trusts, and refuse plain HTTP (no redirect: gateways do not follow them). Prefer mutual TLS with',
      'the gateway.',
    ].join('\n'),
    catalogueId: 'USSD-TLS-01',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: false,
    slow: false,
  },
  async run(ctx) {
    const url = ctx.transport.endpoint;
    if (url.protocol === 'http:') {
      ctx.report({ message: `the callback ${url.origin}${url.pathname} is plain HTTP: caller numbers, PINs and amounts cross the network in clear text`, transcript: [], field: 'endpoint' });
      return;
    }
    const recorded = (ctx.transport.transcript as readonly TransportTranscriptEntry[]).find((e) => e.tls !== undefined);
    let entry: TransportTranscriptEntry | undefined = recorded;
    if (!entry) {
      const driver = new HopDriver(ctx, ctx.a.msisdn);
      const out = await driver.dial();
      if (!driver.ended) await driver.release('abort');
      entry = out.entry as TransportTranscriptEntry;
      if (!entry.tls) {
        const msg = out.error?.message ?? '';
        if (out.error?.code === ErrorCodes.USSD_TRANSPORT && /unsupported protocol|wrong version|protocol version|no protocols available|ssl3|tlsv1 alert protocol/i.test(msg)) {
          ctx.report({ message: `the TLS handshake failed on the protocol version (${msg}); the server appears to offer only versions below TLS 1.2`, transcript: entry.id ? [entry.id] : [], field: 'tls.protocol', confidence: 'medium' });
          return;
        }
        if (out.error?.code === ErrorCodes.USSD_TRANSPORT && /cert|self.signed|unable to verify|altname|expired/i.test(msg)) {
          ctx.report({ message: `the callback's certificate does not validate (${msg})`, transcript: entry.id ? [entry.id] : [], field: 'tls.certificate' });
          return;
        }
        ctx.inconclusive(`no TLS session was recorded (${out.error?.code ?? 'no answer'}${msg ? `: ${msg}` : ''})`, entry.id ? [entry.id] : []);
        return;
      }
    }
    const tls: TlsEvidence = entry.tls!;
    const problems: string[] = [];
    if (tls.protocol === null || WEAK_PROTOCOLS.has(tls.protocol)) problems.push(`protocol ${tls.protocol ?? 'unknown'} (TLS 1.2 or later is required)`);
    if (!tls.authorized) problems.push(`certificate not valid${tls.authorizationError ? ` (${tls.authorizationError})` : ''}${ctx.target.tls.insecure ? '; accepted only because the target file sets tls.insecure' : ''}`);
    const who = tls.subject ? ` (subject ${tls.subject}${tls.issuer ? `, issuer ${tls.issuer}` : ''})` : '';
    if (problems.length > 0) {
      ctx.report({ message: `TLS to ${url.host}: ${problems.join('; ')}${who}`, transcript: [entry.id], field: tls.authorized ? 'tls.protocol' : 'tls.certificate' });
      return;
    }
    ctx.pass({ message: `TLS to ${url.host}: ${tls.protocol} with a valid certificate${who}${ctx.target.tls.ca ? ' (checked against the declared lab CA)' : ''}`, transcript: [entry.id], field: 'tls' });
  },
});
