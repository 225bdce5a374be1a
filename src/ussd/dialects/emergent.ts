/**
 * @module ussd/dialects/emergent
 * Emergent / Interpay (Ghana). The request is Hubtel's, except that the service code travels in `USERID`
 * (that is where the ussd-builder library reads it from for this gateway) and there is no `ClientState`.
 * The answer is `{Message, Type: Response|Release, MaskNextRoute}`; `MaskNextRoute: true` asks the gateway
 * to mask the next entry (a PIN) and is returned as `hints.maskNextInput`.
 */
import type { Dialect } from '../types.js';
import { hubtelLikeRequest, readHubtelLikeAnswer } from './hubtel.js';
import { guardedParse } from './reply.js';

const ID = 'emergent';

export const emergent: Dialect = {
  id: ID,
  name: 'Emergent / Interpay',
  semantics: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
  request: (hop) => hubtelLikeRequest(hop, hop.first ? 'Initiation' : 'Response', 'USERID', false),
  parse: (response) => guardedParse(ID, () => readHubtelLikeAnswer(ID, response, false)),
  release: (hop, reason) => hubtelLikeRequest(hop, reason === 'abort' ? 'Release' : 'Timeout', 'USERID', false),
};
