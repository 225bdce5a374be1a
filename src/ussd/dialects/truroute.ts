/**
 * @module ussd/dialects/truroute
 * TrueAfrican "TruRoute" (Malawi, Uganda). Request: XML POST (`text/xml`)
 * `<ussd><type>1|2|3</type><msg>…</msg><sessionid>…</sessionid><msisdn>…</msisdn></ussd>`: type 1 is the
 * dial (the msg is then `0`, as the truroute-ussd-adapter simulator sends it), 2 a response carrying the
 * latest input, 3 a release (the user aborted or the session timed out). Answer:
 * `<ussd><type>2|3</type><msg>…</msg>[<premium><cost/><ref/></premium>][<msisdn/>]</ussd>`, 2 = continue,
 * 3 = end; a premium block (premium-rate charging) is returned as `hints.premiumCost` / `hints.premiumRef`.
 *
 * The answer is read by `xml-reader`, which refuses DOCTYPEs and unknown entities: an application whose
 * XML stack would accept them is what the XXE test cases look for, and the harness never expands them.
 */
import { UssdProtocolError } from '../../errors.js';
import type { Dialect, UssdHop, UssdHttpRequest, UssdScreen } from '../types.js';
import { checkedBody, guardedParse } from './reply.js';
import { escapeXml, readXml, type XmlElement } from './xml-reader.js';

const ID = 'truroute';

function xmlRequest(hop: UssdHop, type: 1 | 2 | 3, msg: string): UssdHttpRequest {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<ussd><type>${type}</type><msg>${escapeXml(msg)}</msg><sessionid>${escapeXml(hop.sessionId)}</sessionid><msisdn>${escapeXml(hop.msisdn)}</msisdn></ussd>`;
  return { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body };
}

/** The single child called `name`; two of them would make the answer ambiguous, so that is refused. */
function onlyChild(parent: XmlElement, name: string, required: boolean): XmlElement | undefined {
  const found = parent.children.filter((c) => c.name === name);
  if (found.length > 1) throw new UssdProtocolError(`${ID}: the answer has ${found.length} <${name}> elements in <${parent.name}>; exactly one is expected`);
  if (required && found.length === 0) throw new UssdProtocolError(`${ID}: the answer has no <${name}> element in <${parent.name}>`);
  return found[0];
}

function parseAnswer(body: string): UssdScreen {
  const root = readXml(body, ID);
  if (root.name !== 'ussd') throw new UssdProtocolError(`${ID}: the answer's root element must be <ussd>, got <${root.name}>`);
  const typeText = onlyChild(root, 'type', true)!.text.trim();
  if (typeText !== '2' && typeText !== '3') {
    throw new UssdProtocolError(`${ID}: the answer's <type> must be 2 (continue) or 3 (release), got ${JSON.stringify(typeText.slice(0, 20))}`);
  }
  const msg = onlyChild(root, 'msg', true)!;
  if (msg.children.length) throw new UssdProtocolError(`${ID}: the answer's <msg> must hold text only, it holds <${msg.children[0]!.name}>`);
  const hints: Record<string, string> = {};
  const premium = onlyChild(root, 'premium', false);
  if (premium) {
    const cost = onlyChild(premium, 'cost', false);
    const ref = onlyChild(premium, 'ref', false);
    if (cost) hints.premiumCost = cost.text.trim();
    if (ref) hints.premiumRef = ref.text.trim();
  }
  const screen: UssdScreen = { continue: typeText === '2', text: msg.text };
  return Object.keys(hints).length ? { ...screen, hints } : screen;
}

export const truroute: Dialect = {
  id: ID,
  name: 'TrueAfrican TruRoute',
  semantics: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: false, hasRelease: true, maxScreenChars: 182 },
  request: (hop) => (hop.first ? xmlRequest(hop, 1, '0') : xmlRequest(hop, 2, hop.input)),
  parse: (response) => guardedParse(ID, () => parseAnswer(checkedBody(ID, response))),
  release: (hop) => xmlRequest(hop, 3, ''),
};
