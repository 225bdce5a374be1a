import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UssdError, UssdProtocolError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import type { UssdHop } from '../types.js';
import { compileTemplateDialect } from './template.js';
import { TESTDATA_DIR } from './recordings.test-support.js';

const ADVANTA = readFileSync(join(TESTDATA_DIR, 'templates', 'advanta.yaml'), 'utf8');

const hop = (over: Partial<UssdHop> = {}): UssdHop => ({
  sessionId: 'ADV-77881',
  msisdn: '254722000111',
  serviceCode: '*415#',
  input: '',
  history: [],
  first: true,
  sequence: 1,
  ...over,
});

/** The problems reported for a template, one `file:line:col: message` per entry. */
function problems(yaml: string): string[] {
  try {
    compileTemplateDialect(yaml, 'gw.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UssdError);
    expect((e as UssdError).code).toBe('DFSLAB_E_USSD_TARGET_INVALID');
    expect((e as UssdError).path).toBe('gw.yaml');
    return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
  throw new Error('the template was accepted');
}

describe('template dialect: the Advanta example', () => {
  const advanta = compileTemplateDialect(ADVANTA, 'advanta.yaml');

  it('has the declared identity and the semantics derived from its fields', () => {
    expect(advanta.id).toBe('advanta');
    expect(advanta.name).toBe('Advanta Africa');
    expect(advanta.semantics).toEqual({ input: 'cumulative', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 182 });
    expect(advanta.release).toBeUndefined();
  });

  it('sends GET ?SESSIONID=&USSDCODE=&MSISDN=&INPUT= with INPUT appended to the dial string', () => {
    expect(advanta.request(hop())).toEqual({ method: 'GET', headers: {}, query: { SESSIONID: 'ADV-77881', USSDCODE: '*415#', MSISDN: '254722000111', INPUT: '*415#' } });
    expect(advanta.request(hop({ first: false, sequence: 2, history: [''], input: '33' })).query).toEqual({ SESSIONID: 'ADV-77881', USSDCODE: '*415#', MSISDN: '254722000111', INPUT: '*415*33#' });
    expect(advanta.request(hop({ first: false, sequence: 3, history: ['', '33'], input: '1' })).query!.INPUT).toBe('*415*33*1#');
    expect(advanta.request(hop({ extras: { dialString: '*415*33#' } })).query!.INPUT).toBe('*415*33#');
    // Field order is the file's order.
    expect(Object.keys(advanta.request(hop()).query!)).toEqual(['SESSIONID', 'USSDCODE', 'MSISDN', 'INPUT']);
  });

  it('reads CON/END answers and refuses anything else', () => {
    expect(advanta.parse({ status: 200, headers: {}, body: 'CON Welcome to XXX services. Please select an option:\n1. Register\n2. Support' }, hop())).toEqual({
      continue: true,
      text: 'Welcome to XXX services. Please select an option:\n1. Register\n2. Support',
    });
    expect(advanta.parse({ status: 200, headers: {}, body: 'END Contact our support on 254700000000.' }, hop())).toEqual({ continue: false, text: 'Contact our support on 254700000000.' });
    for (const [status, body] of [[200, 'Welcome'], [200, 'end bye'], [500, 'END x'], [200, '']] as const) {
      expect(() => advanta.parse({ status, headers: {}, body }, hop())).toThrow(UssdProtocolError);
    }
  });

  it('is the example documented in docs/ussd-dialects.md', () => {
    const doc = readFileSync(new URL('../../../docs/ussd-dialects.md', import.meta.url), 'utf8');
    const block = /<!-- advanta-example -->\s*```yaml\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(ADVANTA);
  });
});

const JSON_TEMPLATE = `
id: acme-gw
name: ACME gateway
method: POST
encoding: json
headers:
  user-agent: ACME-USSD/2.1
fields:
  msisdn: '+{msisdn}'
  session: '{sessionId}'
  code: '{serviceCodeBare}'
  data: { first: '{dialString}', continuing: '{input}' }
  isNew: { first: true, continuing: false }
  channel: 7
  net: '{extras.network}'
  seq: '{sequence}'
  literal: '{{raw}}'
input:
  mode: per-hop
reply:
  format: json
  message: data.screens.0.text
  continue:
    path: data.action
    values: [prompt, menu]
  end:
    values: [close]
semantics:
  maxScreenChars: 160
`;

describe('template dialect: JSON and form gateways', () => {
  const acme = compileTemplateDialect(JSON_TEMPLATE, 'acme.yaml');

  it('builds a JSON body in the file order, with typed constants and first/continuing values', () => {
    const dial = acme.request(hop({ extras: { network: 'SAF', dialString: '*415*9#' } }));
    expect(dial.method).toBe('POST');
    expect(dial.headers).toEqual({ 'content-type': 'application/json', 'user-agent': 'ACME-USSD/2.1' });
    expect(dial.body).toBe('{"msisdn":"+254722000111","session":"ADV-77881","code":"415","data":"*415*9#","isNew":true,"channel":7,"net":"SAF","seq":"1","literal":"{raw}"}');
    const next = JSON.parse(acme.request(hop({ first: false, sequence: 2, history: [''], input: '4' })).body!) as Record<string, unknown>;
    expect(next).toMatchObject({ data: '4', isNew: false, net: '', seq: '2' });
    expect(acme.semantics).toEqual({ input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 160 });
  });

  it('reads the message and the continue flag by path, strictly when end values are listed', () => {
    const parse = (body: unknown) => acme.parse({ status: 200, headers: {}, body: JSON.stringify(body) }, hop());
    expect(parse({ data: { screens: [{ text: 'Menu' }], action: 'menu' } })).toEqual({ continue: true, text: 'Menu' });
    expect(parse({ data: { screens: [{ text: 'Bye' }], action: 'close' } })).toEqual({ continue: false, text: 'Bye' });
    expect(() => parse({ data: { screens: [{ text: 'Bye' }], action: 'end' } })).toThrow(/"data.action" is "end"; expected one of/);
    expect(() => parse({ data: { screens: [], action: 'menu' } })).toThrow(/"data.screens.0.text" must be a string, got nothing/);
    expect(() => parse({ data: { screens: [{ text: 1 }], action: 'menu' } })).toThrow(/must be a string, got a number/);
    expect(() => parse({ data: { screens: [{ text: 'x' }], action: ['menu'] } })).toThrow(/"data.action" must be text/);
    expect(() => parse({ data: { screens: { 0: { text: 'x' } }, action: 'menu' } })).not.toThrow();
    expect(() => acme.parse({ status: 200, headers: {}, body: '{"data":' }, hop())).toThrow(/not valid JSON/);
  });

  it('without end values, anything but a continue value ends the session; form bodies are url-encoded', () => {
    const form = compileTemplateDialect(
      `id: formgw
name: Form gateway
method: POST
fields:
  MSISDN: '{msisdn}'
  TEXT: '{input}'
input: { mode: cumulative, separator: '#' }
reply: { format: json, message: msg, continue: { path: more, values: 1 } }
`,
      'form.yaml',
    );
    const r = form.request(hop({ first: false, sequence: 3, history: ['', '1'], input: '2 3' }));
    expect(r).toEqual({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'MSISDN=254722000111&TEXT=1%232+3' });
    expect(form.semantics.keyedBy).toBe('msisdn');
    expect(form.semantics.dialStringOnFirstHop).toBe(false);
    expect(form.parse({ status: 200, headers: {}, body: '{"msg":"a","more":1}' }, hop()).continue).toBe(true);
    expect(form.parse({ status: 200, headers: {}, body: '{"msg":"a","more":"1"}' }, hop()).continue).toBe(false);
  });

  it('survives seeded mutations of its answers (screen or UssdProtocolError only)', () => {
    const rng = new Rng(424242);
    const seeds = ['{"data":{"screens":[{"text":"Menu"}],"action":"menu"}}', '{"data":{"screens":[{"text":"Bye"}],"action":"close"}}'];
    for (let i = 0; i < 400; i++) {
      let body = rng.pick(seeds);
      const at = rng.int(body.length);
      body = rng.int(2) ? body.slice(0, at) : body.slice(0, at) + rng.pick(['null', '[', '"', '{}', '0', 'true']) + body.slice(at + 1);
      try {
        const s = acme.parse({ status: 200, headers: {}, body }, hop());
        expect(typeof s.text).toBe('string');
      } catch (e) {
        expect(e).toBeInstanceOf(UssdProtocolError);
      }
    }
  });
});

describe('template dialect: validation', () => {
  const base = (over: string) => `id: gw
name: Gateway
method: POST
encoding: json
fields:
  phone: '{msisdn}'
  text: '{input}'
input:
  mode: per-hop
reply:
  format: text
  continue: 'CON '
  end: 'END '
${over}`;

  it('accepts the base template used below', () => {
    expect(compileTemplateDialect(base(''), 'gw.yaml').id).toBe('gw');
  });

  const cases: Array<[string, string, string]> = [
    ['YAML syntax error', 'id: [unclosed\n', 'gw.yaml:2:1:'],
    ['duplicate key', base('id: other\n'), 'gw.yaml:14:1: Map keys must be unique'],
    ['root is a list', '- id: gw\n', 'gw.yaml:1:1: a dialect template is a mapping'],
    ['unknown root key', base('methd: GET\n'), 'gw.yaml:14:1: unknown key "methd"'],
    ['missing id', base('').replace('id: gw\n', ''), 'gw.yaml:1:1: "id" is required'],
    ['key without a value', base('').replace('name: Gateway', 'name:'), 'gw.yaml:2:1: "name" has no value'],
    ['bad id', base('').replace('id: gw', 'id: My Gateway'), 'gw.yaml:1:5: "id" must be 2–40 lower-case letters'],
    ['built-in id', base('').replace('id: gw', 'id: hubtel'), 'gw.yaml:1:5: "id" "hubtel" is a built-in dialect'],
    ['bad method', base('').replace('method: POST', 'method: PUT'), 'gw.yaml:3:9: "method" must be GET or POST'],
    ['bad encoding', base('').replace('encoding: json', 'encoding: xml'), 'gw.yaml:4:11: "encoding" must be query, form or json'],
    ['GET with a body encoding', base('').replace('method: POST', 'method: GET'), 'gw.yaml:4:11: a GET request has no body'],
    ['fields missing', 'id: gw\nname: G\nmethod: GET\ninput: {mode: per-hop}\nreply: {format: text, continue: C, end: E}\n', 'gw.yaml:1:1: "fields" is required'],
    ['fields not a mapping', base('').replace("fields:\n  phone: '{msisdn}'\n  text: '{input}'", 'fields: [a, b]'), 'gw.yaml:5:9: "fields" must be a non-empty mapping'],
    ['unknown placeholder', base('').replace("'{input}'", "'{userInput}'"), 'gw.yaml:7:9: field "text": unknown placeholder {userInput}'],
    ['unclosed placeholder', base('').replace("'{input}'", "'{input'"), 'gw.yaml:7:9: field "text": "{" without a closing "}"'],
    ['lone closing brace', base('').replace("'{input}'", "'{input}}x}'"), 'gw.yaml:7:9: field "text": a lone "}"'],
    ['field without a value', base('').replace("  text: '{input}'", "  text: '{input}'\n  extra:"), 'gw.yaml:8:3: field "extra" needs a value'],
    ['first without continuing', base('').replace("  text: '{input}'", "  text: '{input}'\n  isNew: {first: true}"), 'gw.yaml:8:10: field "isNew" needs both "first"'],
    ['unknown key in first/continuing', base('').replace("  text: '{input}'", "  text: '{input}'\n  isNew: {first: true, continuing: false, later: 1}"), 'gw.yaml:8:43: field "isNew": unknown key "later"'],
    ['nested first/continuing', base('').replace("  text: '{input}'", "  text: '{input}'\n  isNew: {first: {first: 1}, continuing: 2}"), 'gw.yaml:8:18: field "isNew" must be text, a number, true/false'],
    ['no number field', base('').replace("'{msisdn}'", "'254700000000'"), 'gw.yaml:6:3: no field carries the caller\'s number'],
    ['no input field', base('').replace("'{input}'", "'x'"), 'gw.yaml:6:3: no field carries the user\'s input'],
    ['input missing', base('').replace('input:\n  mode: per-hop\n', ''), 'gw.yaml:1:1: "input" is required'],
    ['bad input mode', base('').replace('mode: per-hop', 'mode: stacked'), 'gw.yaml:9:9: "mode" must be cumulative'],
    ['separator with per-hop', base('').replace('mode: per-hop', "mode: per-hop\n  separator: '*'"), 'gw.yaml:10:14: "separator" only applies to mode cumulative'],
    ['empty separator', base('').replace('mode: per-hop', "mode: cumulative\n  separator: ''"), 'gw.yaml:10:14: "separator" must be text of 1 to 4 characters'],
    ['unknown input key', base('').replace('mode: per-hop', 'mode: per-hop\n  sep: x'), 'gw.yaml:10:3: unknown key "sep"'],
    ['reply missing', base('').replace("reply:\n  format: text\n  continue: 'CON '\n  end: 'END '\n", ''), 'gw.yaml:1:1: "reply" is required'],
    ['bad reply format', base('').replace('format: text', 'format: xml'), 'gw.yaml:11:11: "reply.format" must be text or json'],
    ['text reply without end', base('').replace("  end: 'END '\n", ''), 'gw.yaml:11:3: "end" is required'],
    ['markers that are prefixes', base('').replace("end: 'END '", "end: 'CON'"), 'gw.yaml:13:8: the "continue" and "end" markers'],
    ['json reply without message', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  continue: {path: more, values: [true]}'), 'gw.yaml:11:3: "message" is required'],
    ['bad json path', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  message: data..text\n  continue: {path: more, values: [true]}'), 'gw.yaml:12:12: "data..text" is not a field path'],
    ['json continue without values', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  message: m\n  continue: {path: more}'), 'gw.yaml:13:13: "continue.values" is required'],
    ['json continue values not scalars', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  message: m\n  continue: {path: more, values: [{a: 1}]}'), 'gw.yaml:13:35: "continue.values" must be text, numbers or true/false'],
    ['json empty values', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  message: m\n  continue: {path: more, values: []}'), 'gw.yaml:13:34: "continue.values" must list at least one value'],
    ['overlapping values', base('').replace("format: text\n  continue: 'CON '\n  end: 'END '", 'format: json\n  message: m\n  continue: {path: more, values: [true]}\n  end: {values: [false, true]}'), 'gw.yaml:14:8: the value true cannot mean both continue and end'],
    ['bad keyedBy', base('semantics:\n  keyedBy: phone\n'), 'gw.yaml:15:12: "keyedBy" must be session-id or msisdn'],
    ['bad maxScreenChars', base('semantics:\n  maxScreenChars: 0\n'), 'gw.yaml:15:19: "maxScreenChars" must be a whole number'],
    ['bad dialStringOnFirstHop', base('semantics:\n  dialStringOnFirstHop: yes\n'), 'gw.yaml:15:25: "dialStringOnFirstHop" must be true or false'],
    ['unknown semantics key', base('semantics:\n  hasRelease: true\n'), 'gw.yaml:15:3: unknown key "hasRelease"'],
    ['bad header name', base('headers:\n  bad header: x\n'), 'gw.yaml:15:3: header name "bad header" is not a valid HTTP header name'],
    ['multi-line header value', base('headers:\n  x-a: "one\\ntwo"\n'), 'gw.yaml:15:8: header x-a needs a one-line text value'],
    ['headers not a mapping', base('headers: [a]\n'), 'gw.yaml:14:10: "headers" must be a mapping'],
  ];
  for (const [name, yaml, expected] of cases) {
    it(`reports ${name} at its line and column`, () => {
      const list = problems(yaml);
      expect(list.some((l) => l.startsWith(expected)), `${list.join('\n')}\n-- expected a line starting with --\n${expected}`).toBe(true);
    });
  }

  it('reports every problem at once', () => {
    const list = problems('id: Bad Id\nname: x\nmethod: PUT\nfields: {a: "{nope}"}\ninput: {mode: x}\nreply: {format: text, continue: C}\n');
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (const l of list) expect(l).toMatch(/^gw\.yaml:\d+:\d+: /);
  });

  it('refuses oversized and empty templates', () => {
    expect(problems(`# ${'x'.repeat(70_000)}\n${base('')}`)[0]).toMatch(/^gw\.yaml:1:1: the template is larger than/);
    expect(problems('')[0]).toMatch(/^gw\.yaml:1:1: a dialect template is a mapping/);
  });

  it('sends a field named __proto__ as a field, not as a prototype', () => {
    const d = compileTemplateDialect(base('').replace("  text: '{input}'", "  text: '{input}'\n  __proto__: '{sessionId}'"), 'gw.yaml');
    expect(d.request(hop()).body).toBe('{"phone":"254722000111","text":"","__proto__":"ADV-77881"}');
  });
});

describe('template dialect: documentation', () => {
  it('every complete template shown in docs/ussd-dialects.md compiles', () => {
    const doc = readFileSync(new URL('../../../docs/ussd-dialects.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^id: /m.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(() => compileTemplateDialect(b, 'docs/ussd-dialects.md')).not.toThrow();
  });
});
