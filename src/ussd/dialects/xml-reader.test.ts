import { describe, expect, it } from 'vitest';
import { UssdProtocolError } from '../../errors.js';
import { escapeXml, readXml } from './xml-reader.js';

const read = (s: string) => readXml(s, 'test');

describe('xml-reader', () => {
  it('reads elements, attributes, text, CDATA, comments and the predefined entities', () => {
    const root = read('\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><?pi x?><r a="1 &amp; 2" b=\'&#x3C;\'>t&lt;1&gt;<![CDATA[<raw>&amp;]]><c/><d>&quot;&apos;&#233;&#x1F600;</d></r>\n');
    expect(root.name).toBe('r');
    expect([...root.attributes]).toEqual([
      ['a', '1 & 2'],
      ['b', '<'],
    ]);
    expect(root.text).toBe('t<1><raw>&amp;');
    expect(root.children.map((c) => c.name)).toEqual(['c', 'd']);
    expect(root.children[1]!.text).toBe('"\'é😀');
  });

  const refused: Array<[string, string, RegExp]> = [
    ['DOCTYPE', '<!DOCTYPE r><r/>', /DOCTYPE/],
    ['lower-case doctype', '<!doctype r><r/>', /DOCTYPE/],
    ['DOCTYPE inside an element', '<r><!DOCTYPE x></r>', /DOCTYPE/],
    ['ENTITY declaration', '<r><!ENTITY x "y"></r>', /markup declarations/],
    ['unknown entity', '<r>&foo;</r>', /unknown entity &foo;/],
    ['unknown entity in an attribute', '<r a="&foo;"/>', /unknown entity/],
    ['bare ampersand', '<r>a & b</r>', /"&" must start/],
    ['NUL reference', '<r>&#0;</r>', /not an XML character/],
    ['surrogate reference', '<r>&#xD800;</r>', /not an XML character/],
    ['out-of-range reference', '<r>&#x110000;</r>', /not an XML character/],
    ['huge reference', '<r>&#99999999999;</r>', /"&" must start|malformed character reference/],
    ['control character', '<r>\u0001</r>', /not allowed in XML/],
    ['lone surrogate', '<r>\uD800</r>', /not allowed in XML/],
    ['mismatched end tag', '<r><a></b></r>', /<\/b> closes <a>/],
    ['unclosed root', '<r><a/>', /not closed/],
    ['two roots', '<r/><r/>', /after the root element/],
    ['text before root', 'x<r/>', /expected the root element/],
    ['late XML declaration', '<r/><?xml version="1.0"?>', /only allowed at the very start/],
    ['bad XML declaration', '<?xml encoding="x"?><r/>', /declaration is malformed/],
    ['duplicate attribute', '<r a="1" a="2"/>', /appears twice/],
    ['unquoted attribute', '<r a=1/>', /quoted value/],
    ['"<" in attribute', '<r a="<"/>', /not allowed in the value/],
    ['"--" in comment', '<r><!-- a -- b --></r>', /"--"/],
    ['unterminated CDATA', '<r><![CDATA[x</r>', /unterminated CDATA/],
    ['"]]>" in text', '<r>a]]>b</r>', /"]]>"/],
    ['empty document', '', /expected the root element/],
  ];
  for (const [name, xml, message] of refused) {
    it(`refuses ${name}`, () => {
      let thrown: unknown;
      try {
        read(xml);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(UssdProtocolError);
      expect((thrown as Error).message).toMatch(message);
    });
  }

  it('enforces depth, element-count and size limits', () => {
    expect(() => read(`${'<a>'.repeat(17)}${'</a>'.repeat(17)}`)).toThrow(/deeper than 16/);
    expect(() => read(`${'<a>'.repeat(16)}${'</a>'.repeat(16)}`)).not.toThrow();
    expect(() => read(`<r>${'<a/>'.repeat(600)}</r>`)).toThrow(/more than 512 elements/);
    expect(() => read(`<r>${'x'.repeat(70_000)}</r>`)).toThrow(/at most 65536/);
    expect(() => readXml('<r>xxxx</r>', 't', { maxChars: 5, maxDepth: 4, maxElements: 4 })).toThrow(UssdProtocolError);
  });

  it('escapes what it writes so that it reads back the same', () => {
    const s = '<a href="x">&amp;\'';
    expect(read(`<r a="${escapeXml(s)}">${escapeXml(s)}</r>`)).toMatchObject({ text: s, attributes: new Map([['a', s]]) });
  });
});
