/**
 * @module ussd/dialects/hubtel
 * Hubtel (Ghana). Request: JSON POST `Mobile, SessionId, ServiceCode, Type, Message, Operator, Sequence,
 * ClientState`. `Type` is `Initiation` on the dial (then `Message` is the full dialled string, `*714*5#`, or
 * with a pre-entered route `*714*5*3#`), `Response` on later hops (`Message` is only the latest input, so the
 * application keeps the state), `Release` when the user aborts and `Timeout` when the session times out.
 * `ClientState` echoes what the application's previous answer asked for: `parse()` returns it as
 * `hints.clientState` and the driver passes it back in `hop.extras.clientState`.
 * Answer: JSON `Type` (`Response` = continue, `Release` = end), `Message`, optional `ClientState` and
 * `MaskNextRoute` (mask the next entry, a PIN).
 *
 * Hubtel writes `ServiceCode` without `*` and `#` (`711*2`); `Operator` comes from `extras.operator`
 * (`MTN` when not given).
 */
import { UssdProtocolError } from '../../errors.js';
import type { Dialect, UssdHop, UssdHttpRequest, UssdHttpResponse, UssdScreen } from '../types.js';
import { bareServiceCode, dialString, extra } from './hop.js';
import { checkedBody, guardedParse, jsonObject, jsonRequest, optionalBoolean, optionalString, requiredString } from './reply.js';

export type HubtelRequestType = 'Initiation' | 'Response' | 'Release' | 'Timeout';

/**
 * The Hubtel request body, shared with the Hubtel-like gateways (Emergent puts the service code in
 * `USERID` instead of `ServiceCode`).
 */
export function hubtelLikeRequest(hop: UssdHop, type: HubtelRequestType, serviceCodeField: 'ServiceCode' | 'USERID', withClientState: boolean): UssdHttpRequest {
  const message = type === 'Initiation' ? dialString(hop) : type === 'Response' ? hop.input : '';
  const body: Record<string, unknown> = {
    Mobile: hop.msisdn,
    SessionId: hop.sessionId,
    [serviceCodeField]: bareServiceCode(hop.serviceCode),
    Type: type,
    Message: message,
    Operator: extra(hop, 'operator', 'MTN'),
    Sequence: hop.sequence,
  };
  if (withClientState) body.ClientState = hop.first ? '' : extra(hop, 'clientState');
  const { headers, body: text } = jsonRequest(body);
  return { method: 'POST', headers, body: text };
}

/** Reads `{Type: Response|Release, Message, ClientState?, MaskNextRoute?}`. */
export function readHubtelLikeAnswer(dialect: string, response: UssdHttpResponse, withClientState: boolean): UssdScreen {
  const obj = jsonObject(dialect, checkedBody(dialect, response));
  const type = requiredString(dialect, obj, 'Type');
  // Hubtel's newer Programmable Services write the type in lower case; both spellings are accepted.
  const t = type.toLowerCase();
  if (t !== 'response' && t !== 'release') {
    throw new UssdProtocolError(`${dialect}: the answer's "Type" must be "Response" (continue) or "Release" (end), got ${JSON.stringify(type.slice(0, 40))}`);
  }
  const text = requiredString(dialect, obj, 'Message');
  const hints: Record<string, string | boolean> = {};
  if (withClientState) {
    const state = optionalString(dialect, obj, 'ClientState');
    if (state !== undefined) hints.clientState = state;
  }
  const mask = optionalBoolean(dialect, obj, 'MaskNextRoute');
  if (mask !== undefined) hints.maskNextInput = mask;
  return Object.keys(hints).length ? { continue: t === 'response', text, hints } : { continue: t === 'response', text };
}

const ID = 'hubtel';

export const hubtel: Dialect = {
  id: ID,
  name: 'Hubtel',
  semantics: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
  request: (hop) => hubtelLikeRequest(hop, hop.first ? 'Initiation' : 'Response', 'ServiceCode', true),
  parse: (response) => guardedParse(ID, () => readHubtelLikeAnswer(ID, response, true)),
  release: (hop, reason) => hubtelLikeRequest(hop, reason === 'abort' ? 'Release' : 'Timeout', 'ServiceCode', true),
};
