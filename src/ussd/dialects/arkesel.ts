/**
 * @module ussd/dialects/arkesel
 * Arkesel (Ghana). Request: JSON `sessionID, userID, newSession, msisdn, userData, network`; `userID` is the
 * Arkesel account id (`extras.userId`), `userData` the dialled string on a new session and then the latest
 * input, `network` from `extras.network` (`MTN` when not given). Answer: JSON `message` and
 * `continueSession` (true = wait for input); the answer also echoes `sessionID`, `userID` and `msisdn`,
 * which are not needed to read the screen.
 */
import type { Dialect, UssdHop, UssdHttpRequest } from '../types.js';
import { dialString, extra } from './hop.js';
import { checkedBody, guardedParse, jsonObject, jsonRequest, requiredBoolean, requiredString } from './reply.js';

const ID = 'arkesel';

function request(hop: UssdHop): UssdHttpRequest {
  const { headers, body } = jsonRequest({
    sessionID: hop.sessionId,
    userID: extra(hop, 'userId'),
    newSession: hop.first,
    msisdn: hop.msisdn,
    userData: hop.first ? dialString(hop) : hop.input,
    network: extra(hop, 'network', 'MTN'),
  });
  return { method: 'POST', headers, body };
}

export const arkesel: Dialect = {
  id: ID,
  name: 'Arkesel',
  semantics: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 182 },
  request,
  parse: (response) =>
    guardedParse(ID, () => {
      const obj = jsonObject(ID, checkedBody(ID, response));
      const text = requiredString(ID, obj, 'message');
      return { continue: requiredBoolean(ID, obj, 'continueSession'), text };
    }),
};
