/**
 * @module ussd/dialects/madapi
 * MTN MADAPI, USSD "accessible to USSD gateway" inbound API (`POST …/v1/messages/ussd/inbound`, the gateway
 * calling the third party). Request: JSON `sessionId, messageType, msisdn, serviceCode, ussdString` plus
 * `cellId`, `language`, `imsi` when the hop's extras carry them. `messageType` is `0` Begin (the
 * `ussdString` is then the dialled string), `1` Continue (the latest input), `2` End, `3` Notification,
 * `4` Cancel/abort (the `ussdString` is the abort reason, `extras.abortReason`) and `5` Timeout.
 * Answer: JSON `statusCode` (4-character MADAPI code, `0000` = success), `statusMessage`, `transactionId`,
 * `data{ inboundResponse, userInputRequired, messageType, serviceCode, msisdn }`, `_link`.
 *
 * MADAPI authenticates with an `x-api-key` header; the key belongs to the target, so the transport adds it
 * (`authHeader` says which header). The IMSI and cell id reaching the application is what makes the
 * IMSI-change (SIM swap) and location tests possible on MADAPI markets.
 */
import type { Dialect, UssdHop, UssdHttpRequest, UssdScreen } from '../types.js';
import { UssdProtocolError } from '../../errors.js';
import { dialString, extra } from './hop.js';
import { checkedBody, describe, field, guardedParse, jsonObject, jsonRequest, optionalString, requiredBoolean, requiredObject, requiredString } from './reply.js';

const ID = 'madapi';

export const MadapiMessageType = { begin: '0', continue: '1', end: '2', notification: '3', cancel: '4', timeout: '5' } as const;

function madapiRequest(hop: UssdHop, messageType: string, ussdString: string): UssdHttpRequest {
  const body: Record<string, string> = {
    sessionId: hop.sessionId,
    messageType,
    msisdn: hop.msisdn,
    serviceCode: hop.serviceCode,
    ussdString,
  };
  for (const k of ['cellId', 'language', 'imsi'] as const) {
    const v = extra(hop, k);
    if (v !== '') body[k] = v;
  }
  const { headers, body: text } = jsonRequest(body);
  return { method: 'POST', headers, body: text };
}

function parseAnswer(body: string): UssdScreen {
  const obj = jsonObject(ID, body);
  const statusCode = requiredString(ID, obj, 'statusCode');
  const statusMessage = optionalString(ID, obj, 'statusMessage');
  const transactionId = optionalString(ID, obj, 'transactionId');
  const data = requiredObject(ID, obj, 'data');
  const text = requiredString(ID, data, 'inboundResponse');
  const cont = requiredBoolean(ID, data, 'userInputRequired');
  const mt = field(data, 'messageType');
  if (mt !== undefined && mt !== null && typeof mt !== 'string' && typeof mt !== 'number') {
    throw new UssdProtocolError(`${ID}: the answer's "data.messageType" must be a string or a number when present, got ${describe(mt)}`);
  }
  const hints: Record<string, string> = { statusCode };
  if (statusMessage !== undefined) hints.statusMessage = statusMessage;
  if (transactionId !== undefined) hints.transactionId = transactionId;
  if (mt !== undefined && mt !== null) hints.messageType = String(mt);
  return { continue: cont, text, hints };
}

export const madapi: Dialect & { readonly authHeader: string } = {
  id: ID,
  name: 'MTN MADAPI (USSD inbound)',
  authHeader: 'x-api-key',
  semantics: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
  request: (hop) => (hop.first ? madapiRequest(hop, MadapiMessageType.begin, dialString(hop)) : madapiRequest(hop, MadapiMessageType.continue, hop.input)),
  parse: (response) => guardedParse(ID, () => parseAnswer(checkedBody(ID, response))),
  release: (hop, reason) =>
    reason === 'abort' ? madapiRequest(hop, MadapiMessageType.cancel, extra(hop, 'abortReason', 'User aborted')) : madapiRequest(hop, MadapiMessageType.timeout, ''),
};
