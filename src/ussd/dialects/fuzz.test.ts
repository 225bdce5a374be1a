import { describe, expect, it } from 'vitest';
import { UssdProtocolError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import type { Dialect, UssdHop, UssdHttpResponse } from '../types.js';
import { DIALECTS, DIALECT_IDS } from './index.js';
import { MAX_REPLY_BYTES } from './reply.js';
import { loadExchanges, loadMalformed } from './recordings.test-support.js';

const CASES_PER_DIALECT = 600;

const TOKENS = [
  '<!DOCTYPE ussd [<!ENTITY a "aaaaaaaaaa">]>',
  '<!ENTITY x SYSTEM "file:///etc/passwd">',
  '&a;',
  '&xxe;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&amp',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<!-- -- -->',
  '</ussd>',
  '<msg>',
  '<type>3</type>',
  'null',
  'true',
  '1e999',
  '-0',
  '"__proto__":{"continue":true},',
  '"constructor":1,',
  '\uD800',
  '\u0000',
  '\r\n',
  '{',
  '[',
  '"',
  '\\u0000',
  'CON ',
  'END ',
];

const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, true, false, '', 'x'.repeat(300), [], {}, [1, 'a'], { a: { b: [] } }, '\uD800', '<msg>&xxe;</msg>'];
const STATUSES = [0, 100, 199, 200, 201, 204, 299, 300, 302, 404, 500, 999, -1, Number.NaN, 200.5];

function mutateJson(body: string, rng: Rng): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  // Walk to a random object inside the answer and damage one of its fields.
  let cur: unknown = value;
  for (let depth = 0; depth < 3; depth++) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Object.keys(cur);
    if (keys.length === 0) break;
    const k = rng.pick(keys);
    const child = (cur as Record<string, unknown>)[k];
    if (child !== null && typeof child === 'object' && rng.int(2) === 0) {
      cur = child;
      continue;
    }
    if (rng.int(4) === 0) delete (cur as Record<string, unknown>)[k];
    else (cur as Record<string, unknown>)[k] = rng.pick(ODD_VALUES);
    break;
  }
  return JSON.stringify(value);
}

function mutateBody(body: string, rng: Rng): string {
  const at = rng.int(body.length + 1);
  switch (rng.int(9)) {
    case 0:
      return body.slice(0, at);
    case 1: {
      const chars = '"{}[]<>&;:,#0123456789 \\\n\t\u0000\u00e9\uD800\uFFFF';
      return body.slice(0, at) + chars[rng.int(chars.length)] + body.slice(at + 1);
    }
    case 2:
      return body.slice(0, at) + rng.pick(TOKENS) + body.slice(at);
    case 3: {
      const from = rng.int(body.length + 1);
      return body.slice(0, at) + body.slice(from, from + 1 + rng.int(40)) + body.slice(at);
    }
    case 4:
      return mutateJson(body, rng) ?? body.slice(at) + body.slice(0, at);
    case 5:
      return body.repeat(2 + rng.int(3));
    case 6:
      return '<a>'.repeat(20 + rng.int(2000)) + body;
    case 7:
      return body.slice(0, at) + 'x'.repeat(MAX_REPLY_BYTES - 10 + rng.int(40)) + body.slice(at);
    default:
      return mutateBody(mutateBody(body, rng), rng);
  }
}

function expectScreenOrProtocolError(dialect: Dialect, response: UssdHttpResponse, hop: UssdHop): 'screen' | 'refused' {
  let screen;
  try {
    screen = dialect.parse(response, hop);
  } catch (e) {
    if (!(e instanceof UssdProtocolError)) throw new Error(`${dialect.id} threw ${String(e)} for ${JSON.stringify(response).slice(0, 300)}`);
    return 'refused';
  }
  expect(typeof screen.continue).toBe('boolean');
  expect(typeof screen.text).toBe('string');
  for (const v of Object.values(screen.hints ?? {})) expect(['string', 'boolean', 'number']).toContain(typeof v);
  return 'screen';
}

describe('dialect fuzzing: seeded mutations of the recorded answers', () => {
  for (const id of DIALECT_IDS) {
    it(`${id}: every mutated answer gives a screen or a UssdProtocolError`, () => {
      const dialect = DIALECTS[id]!;
      const exchanges = loadExchanges(id).filter((e) => e.reply);
      const seeds = [...exchanges.map((e) => e.reply!.body), ...loadMalformed(id).map((m) => m.body)];
      const hop = exchanges[0]!.hop;
      const rng = new Rng(0x5eed0000 + id.length * 7919 + id.charCodeAt(0));
      const outcomes = { screen: 0, refused: 0 };
      for (let i = 0; i < CASES_PER_DIALECT; i++) {
        const body = mutateBody(rng.pick(seeds), rng);
        const status = rng.int(5) === 0 ? rng.pick(STATUSES) : 200;
        outcomes[expectScreenOrProtocolError(dialect, { status, headers: {}, body }, hop)]++;
      }
      // The mutations must exercise both paths, or the fuzzer is not reaching the parser.
      expect(outcomes.screen).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }

  it('truroute refuses XML bombs, external entities and absurd nesting', () => {
    const d = DIALECTS.truroute!;
    const hop = loadExchanges('truroute')[0]!.hop;
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bombs = [
      `<?xml version="1.0"?><!DOCTYPE ussd [<!ENTITY l0 "lol">${entities}]><ussd><type>2</type><msg>&l10;</msg></ussd>`,
      '<!DOCTYPE ussd SYSTEM "http://attacker.example/x.dtd"><ussd><type>2</type><msg>x</msg></ussd>',
      '<ussd><type>2</type><msg>x</msg></ussd><!DOCTYPE late>',
      `<ussd><type>2</type><msg>${'<a>'.repeat(5000)}</msg></ussd>`,
      `<ussd>${'<x/>'.repeat(2000)}<type>2</type><msg>x</msg></ussd>`,
      '<ussd><type>2</type><msg>&#x41;&#66;&unknown;</msg></ussd>',
      '<ussd><type>2</type><msg>&#99999999999;</msg></ussd>',
      `<ussd><type>2</type><msg>${'A'.repeat(MAX_REPLY_BYTES)}</msg></ussd>`,
      '<?xml-stylesheet href="x"?><?xml version="1.0"?><ussd><type>2</type><msg>x</msg></ussd>',
    ];
    for (const body of bombs) {
      expect(() => d.parse({ status: 200, headers: {}, body }, hop), body.slice(0, 80)).toThrow(UssdProtocolError);
    }
  });

  it('every dialect refuses a body over the size limit before parsing it', () => {
    for (const id of DIALECT_IDS) {
      const d = DIALECTS[id]!;
      const hop = loadExchanges(id)[0]!.hop;
      const big = `${loadExchanges(id)[0]!.reply!.body}${' '.repeat(MAX_REPLY_BYTES)}`;
      expect(() => d.parse({ status: 200, headers: {}, body: big }, hop)).toThrow(/larger than/);
    }
  });
});
