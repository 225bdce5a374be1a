import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { domainBarsSvg, escapeXml, parseQuestionnaire, radarSvg, renderRadar, scoreAssessment } from './index.js';

const SMALL = readFileSync(fileURLToPath(new URL('./testdata/small.yaml', import.meta.url)), 'utf8');
const q = parseQuestionnaire(SMALL, 'small.yaml');
const answers = { Q1: { value: 'fully-implemented' as const }, Q2: { value: 'largely-implemented' as const }, Q5: { value: 'partially-implemented' as const } };

describe('radarSvg', () => {
  it('is byte-identical for the same input and changes with the values', () => {
    const a = radarSvg(scoreAssessment(q, { 'RP-A': 'api' }, answers));
    const b = radarSvg(scoreAssessment(q, { 'RP-A': 'api' }, answers));
    expect(a).toBe(b);
    expect(radarSvg(scoreAssessment(q, { 'RP-A': 'api' }, {}))).not.toBe(a);
  });

  it('is accessible: role, title, description with every value, a label per axis', () => {
    const score = scoreAssessment(q, { 'RP-A': 'api' }, answers);
    const earlier = scoreAssessment(q, { 'RP-A': 'api' }, {});
    const svg = radarSvg(score, { compareWith: earlier, idPrefix: 'r1' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-labelledby="r1-title r1-desc"/);
    expect(svg).toContain('<title id="r1-title">Small test questionnaire: maturity per domain</title>');
    expect(svg).toContain('Domain one: attained level 1, target 3, earlier assessment 0.');
    expect(svg).toContain('Domain two: attained level 0, target 3, earlier assessment 0.');
    expect(svg).toContain('>Domain one</tspan><tspan');
    expect(svg).toContain('class="target"');
    expect(svg).toContain('class="compare"');
    expect(radarSvg(score, { target: false })).not.toContain('class="target"');
    const pillars = radarSvg(score, { by: 'pillar', metric: 'percent' });
    expect(pillars).toContain('Pillar one:');
    expect(pillars).toMatch(/scale of 0 to 100%/);
  });

  it('escapes labels and titles', () => {
    const hostile = parseQuestionnaire(SMALL.replace('title: Domain one', 'title: "<script>alert(1)</script> & \\"x\\""'), 'h.yaml');
    const svg = radarSvg(scoreAssessment(hostile, {}, {}), { title: "It's <b>" });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(svg).toContain('<title id="radar-title">It&#39;s &lt;b&gt;</title>');
    expect(escapeXml('a\u0000b\u001fc')).toBe('abc');
  });

  it('draws any number of axes, including none, with values clamped for drawing only', () => {
    expect(renderRadar([], { max: 5, title: 'Empty' })).toContain('<desc id="radar-desc">No values to show.</desc>');
    const two = renderRadar([{ label: 'A', value: 9 }, { label: 'B', value: -1 }], { max: 5, title: 'Two' });
    expect(two).toContain('A: attained 9.');
    expect(two).not.toMatch(/NaN|Infinity/);
    expect(two).toContain('<circle cx="460.00" cy="330.00" r="200.00"/>');
    // The first axis points straight up; a value above max is drawn on the outer ring.
    expect(two).toContain('points="460.00,130.00 460.00,330.00"');
  });
});

describe('domainBarsSvg', () => {
  it('gives one labelled row per domain with its value in words, deterministically', () => {
    const score = scoreAssessment(q, { 'RP-A': 'api' }, answers);
    const svg = domainBarsSvg(score, { idPrefix: 'bars 1' });
    expect(svg).toBe(domainBarsSvg(score, { idPrefix: 'bars 1' }));
    expect(svg).toContain('aria-labelledby="bars-1-title bars-1-desc"');
    expect(svg.match(/<g class="row">/g)).toHaveLength(2);
    expect(svg).toContain('Domain one: level 1 of 3, target 3, ');
    expect(svg).toContain('>1 / target 3 · ');
  });
});
