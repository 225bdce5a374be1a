/**
 * @module ussd/dialects/nalo
 * Nalo Solutions (Ghana). Request: JSON `USERID` (the 8-character account id Nalo assigns, from
 * `extras.userId`), `MSISDN` (`233…`), `USERDATA` (the dialled string on the first hop, then the latest
 * input), `MSGTYPE` (true on the dial), `NETWORK` (`MTN`, `VODAFONE`, `AIRTELTIGO`; from `extras.network`,
 * `MTN` when not given), `SESSIONID`. Answer: JSON `MSG` (at most 120 characters) and `MSGTYPE` (true =
 * continue, false = end).
 *
 * Applications built on ussd-builder key Nalo sessions on the MSISDN, not on `SESSIONID`: hence
 * `keyedBy: 'msisdn'`, which the session tests use to look for state bleeding between sessions.
 */
import type { Dialect, UssdHop, UssdHttpRequest } from '../types.js';
import { dialString, extra } from './hop.js';
import { checkedBody, guardedParse, jsonObject, jsonRequest, requiredBoolean, requiredString } from './reply.js';

const ID = 'nalo';

function request(hop: UssdHop): UssdHttpRequest {
  const { headers, body } = jsonRequest({
    USERID: extra(hop, 'userId'),
    MSISDN: hop.msisdn,
    USERDATA: hop.first ? dialString(hop) : hop.input,
    MSGTYPE: hop.first,
    NETWORK: extra(hop, 'network', 'MTN'),
    SESSIONID: hop.sessionId,
  });
  return { method: 'POST', headers, body };
}

export const nalo: Dialect = {
  id: ID,
  name: 'Nalo Solutions',
  semantics: { input: 'per-hop', keyedBy: 'msisdn', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 120 },
  request,
  parse: (response) =>
    guardedParse(ID, () => {
      const obj = jsonObject(ID, checkedBody(ID, response));
      const text = requiredString(ID, obj, 'MSG');
      return { continue: requiredBoolean(ID, obj, 'MSGTYPE'), text };
    }),
};
