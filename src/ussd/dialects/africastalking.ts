/**
 * @module ussd/dialects/africastalking
 * Africa's Talking (Kenya, Uganda, Tanzania, Nigeria, Rwanda, Malawi…; Hellio and MobileSasa clone it).
 *
 * Request: form POST `sessionId, serviceCode, phoneNumber, networkCode, text`. `text` is '' on the dial and
 * then every input of the session joined by `*` (`1`, `1*1`, `1*2*1234*500`), so every hop re-sends the whole
 * path, PINs included. Answer: plain text starting `CON ` (wait for input) or `END ` (final screen); a 4xx or
 * any other body makes AT end the session. A separate end-of-session notification reports the outcome.
 */
import type { Dialect, UssdHop, UssdHttpRequest, UssdHttpResponse, UssdScreen } from '../types.js';
import { extra, inputsSoFar } from './hop.js';
import { checkedBody, formBody, guardedParse, readConEnd } from './reply.js';

const ID = 'africastalking';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** AT sends the number in international format with its `+` (`+254711000001`). */
function phoneNumber(msisdn: string): string {
  return msisdn.startsWith('+') ? msisdn : `+${msisdn}`;
}

function request(hop: UssdHop): UssdHttpRequest {
  return {
    method: 'POST',
    headers: { ...FORM },
    body: formBody([
      ['sessionId', hop.sessionId],
      ['serviceCode', hop.serviceCode],
      ['phoneNumber', phoneNumber(hop.msisdn)],
      ['networkCode', extra(hop, 'networkCode')],
      ['text', inputsSoFar(hop).join('*')],
    ]),
  };
}

function parse(response: UssdHttpResponse): UssdScreen {
  return guardedParse(ID, () => readConEnd(ID, checkedBody(ID, response), { continue: 'CON ', end: 'END ' }));
}

export const africastalking: Dialect = {
  id: ID,
  name: "Africa's Talking",
  semantics: { input: 'cumulative', keyedBy: 'session-id', dialStringOnFirstHop: false, hasRelease: false, maxScreenChars: 182 },
  request,
  parse,
  /**
   * The end-of-session callback (sent to a separate URL). The dialect is pure, so the `date` and the
   * `cost` come from the hop's extras (`date`, `cost`; AT writes `2026-11-24 10:15:00` and `KES 0.0000`);
   * `errorMessage` is sent only with status `Failed` (from `extras.errorMessage`).
   */
  notification(hop, n) {
    const fields: Array<[string, string]> = [
      ['date', extra(hop, 'date')],
      ['sessionId', hop.sessionId],
      ['serviceCode', hop.serviceCode],
      ['networkCode', extra(hop, 'networkCode')],
      ['phoneNumber', phoneNumber(hop.msisdn)],
      ['status', n.status],
      ['cost', extra(hop, 'cost', '0')],
      ['durationInMillis', String(n.durationMs)],
      ['hopsCount', String(n.hops)],
      ['input', n.input],
      ['lastAppResponse', n.lastResponse],
    ];
    if (n.status === 'Failed') fields.push(['errorMessage', extra(hop, 'errorMessage')]);
    return { method: 'POST', headers: { ...FORM }, body: formBody(fields) };
  },
};
