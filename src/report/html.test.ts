import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit, type AuditResult } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import type { Finding } from '../findings/types.js';
import { esc, renderHtml, renderMarkdown } from './html.js';
import { UI } from './i18n/ui.js';
import { buildReport, type BuildReportOptions, type ReportModel } from './model.js';

const fx = (p: string): string => join(import.meta.dirname, '..', '..', 'fixtures', p);

let android: AuditResult;
let ios: AuditResult;

beforeAll(async () => {
  android = await audit(fx('android/build/vulnerable-wallet.apk'));
  ios = await audit(fx('ios/build/vulnerable-bank.ipa'));
});

function model(result: AuditResult, extra: Partial<BuildReportOptions> = {}): ReportModel {
  return buildReport(structuredClone(result), { catalog: loadCatalog(), checks: allChecks, ...extra });
}

/** The markup outside the style sheet: what a browser would turn into elements and attributes. */
function markup(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
}

const ALLOWED_TAGS = new Set(
  'html head meta title style body main header nav section article div p h1 h2 h3 h4 h5 dl dt dd ul ol li span code strong a br table thead tbody tr th td details summary'.split(' '),
);
const ALLOWED_ATTRS = new Set('lang charset http-equiv content name class id href aria-label aria-hidden role colspan'.split(' '));

/** Every tag and attribute of the document, read the way an HTML tokenizer would (quoted values skipped). */
function tagsAndAttributes(html: string): { tags: Set<string>; attrs: Set<string> } {
  const tags = new Set<string>();
  const attrs = new Set<string>();
  for (const m of markup(html).matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    tags.add(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/\s+([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)) attrs.add(a[1]!.toLowerCase());
  }
  return { tags, attrs };
}

describe('esc', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(esc(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(esc(undefined)).toBe('');
    expect(esc(42)).toBe('42');
  });
});

describe('renderMarkdown', () => {
  it('renders paragraphs, lists and inline code, and escapes everything else', () => {
    const html = renderMarkdown('Use `AES/GCM` <b>now</b>.\n\n1. First step\n   continued\n2. Second `x<y`\n\n- a\n- **b**');
    expect(html).toContain('<p>Use <code>AES/GCM</code> &lt;b&gt;now&lt;/b&gt;.</p>');
    expect(html).toContain('<ol><li>First step continued</li><li>Second <code>x&lt;y</code></li></ol>');
    expect(html).toContain('<ul><li>a</li><li><strong>b</strong></li></ul>');
  });

  it('cannot be turned into markup by its input', () => {
    const html = renderMarkdown('`<img src=x onerror=alert(1)>` **<script>alert(1)</script>**');
    expect(html).not.toMatch(/<img|<script/i);
  });
});

describe('renderHtml', () => {
  it('cannot be injected through strings taken from the app', () => {
    const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>" onload="alert(3)`;
    const r = structuredClone(android);
    const f = r.findings[0]!;
    f.message = `${evil} in message`;
    f.title = `${evil} in title`;
    f.evidence = [`${evil} in evidence`];
    f.remediation = `${evil} in remediation \`${evil}\``;
    f.locations = [{ class: evil, method: evil, path: evil, call: evil }];
    f.checkId = `android.x.${evil}`;
    f.fingerprint = `${evil}fp`;
    f.references = { ...f.references, dfs: [...f.references.dfs, evil], cwe: [evil] };
    if (r.app.platform === 'android') {
      r.app.packageName = evil;
      r.app.versionName = evil;
      r.app.signers = [{ subject: evil, issuer: evil, sha256: evil, keyType: evil, keySize: 1, signatureAlgorithm: evil, notAfter: evil }];
    }
    r.target.file = `${evil}.apk`;
    r.passes = [{ checkId: evil, title: evil, message: evil, locations: [{ symbol: evil }], evidence: [evil], references: { masvs: [], maswe: [], cwe: [], dfs: [evil] } }];
    r.checks.failed = [{ checkId: evil, code: evil, message: evil } as AuditResult['checks']['failed'][number]];
    const m = buildReport(r, {
      catalog: loadCatalog(),
      checks: allChecks,
      suppressions: new Map([[r.findings[1]!.fingerprint, { active: { reason: evil, by: evil, expires: evil, source: evil } }]]),
      suppressionsFile: evil,
      baseline: { file: evil, findings: [{ ...r.findings[2]!, fingerprint: 'gone', title: evil, locations: [{ path: evil }] } as Finding] },
    });
    const html = renderHtml(m);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup(html)).not.toMatch(/<script|<img/i);
    expect(html).toContain('&quot; onload=&quot;alert(3)');
    const { tags, attrs } = tagsAndAttributes(html);
    expect([...tags].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect([...attrs].filter((a) => !ALLOWED_ATTRS.has(a))).toEqual([]);
  });

  it('has every section, the executive summary first, and the language attribute', () => {
    const m = model(android, { baseline: { file: 'old.json', findings: [...android.findings.slice(1), { ...android.findings[0]!, fingerprint: 'f'.repeat(32) }] } });
    const html = renderHtml(m);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const ids = ['title', 'summary', 'score', 'findings', 'masvs', 'fixed', 'passes', 'coverage', 'scope', 'appendix'];
    const positions = ids.map((id) => html.indexOf(`id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('id="coverage-automated"');
    expect(html).toContain('id="coverage-manual"');
    expect(html).toMatch(/<details id="coverage-other">/);
    // The executive summary names the grade, the counts and the worst finding in plain words.
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="score"'));
    expect(summary).toContain(`Grade ${m.score.grade}, score ${m.score.score} out of 100.`);
    const critical = m.findings.find((f) => f.severity === 'critical')!;
    expect(summary).toContain(esc(critical.title));
    const app = m.coverage.filter((r) => r.scope === 'app');
    expect(summary).toContain(`${app.filter((r) => r.mode === 'automated').length} of ${app.length} recommendations about the app were checked automatically`);
    // Baseline: one finding is new, one is fixed.
    expect(html).toContain('<span class="tag tag-new">New</span>');
    expect(html.slice(html.indexOf('id="fixed"'), html.indexOf('id="passes"'))).toContain('f'.repeat(32));
    const newOne = html.slice(html.indexOf(`id="f-${android.findings[0]!.fingerprint}"`));
    expect(newOne.slice(0, newOne.indexOf('</div>'))).toContain('<span class="tag tag-new">New</span>');
    expect(html.match(/tag-new/g)!.length - 1).toBe(1);
    // Every finding is shown (its anchor exists once) with its fingerprint.
    for (const f of m.findings) expect(html.split(`id="f-${f.fingerprint}"`).length).toBe(2);
    // The steps table has one row per step.
    const steps = html.slice(html.indexOf('id="score"'), html.indexOf('id="findings"'));
    expect(steps.match(/<tr>/g)!.length).toBe(m.score.steps.length + 1);
  });

  it('shows suppressions with reason, author and expiry, and expired ones', () => {
    const [a, b] = android.findings;
    const m = model(android, {
      suppressions: new Map([
        [a!.fingerprint, { active: { reason: 'accepted risk for test build', by: 'lab-lead', expires: '2031-05-06', source: 'supp.yaml:3' } }],
        [b!.fingerprint, { expired: { reason: 'old waiver', by: 'someone', expires: '2020-01-01', source: 'supp.yaml:9' } }],
      ]),
      suppressionsFile: 'supp.yaml',
    });
    const html = renderHtml(m);
    expect(html).toContain('Accepted by lab-lead: accepted risk for test build.');
    expect(html).toContain('Acceptance expires on 2031-05-06.');
    expect(html).toContain('expired on 2020-01-01');
    expect(html).toContain('1 finding was accepted by the lab');
  });

  it('lists the first 10 locations and counts the rest', () => {
    const r = structuredClone(android);
    r.findings[0]!.locations = Array.from({ length: 15 }, (_, i) => ({ path: `file${i}.txt` }));
    const html = renderHtml(model(r));
    expect(html).toContain('file9.txt');
    expect(html).not.toContain('file10.txt');
    expect(html).toContain('… and 5 more');
  });

  it('switches every heading with the language', () => {
    const docs = { en: renderHtml(model(ios, { lang: 'en' })), fr: renderHtml(model(ios, { lang: 'fr' })), es: renderHtml(model(ios, { lang: 'es' })) };
    for (const lang of ['en', 'fr', 'es'] as const) {
      const html = docs[lang];
      expect(html).toContain(`<html lang="${lang}">`);
      for (const key of ['report.section.summary', 'report.section.score', 'report.section.findings', 'report.section.coverage', 'report.section.appendix'] as const) {
        expect(html).toContain(`>${esc(UI[lang][key])}</h2>`);
      }
    }
    expect(docs.fr).toContain('Synthèse');
    expect(docs.es).toContain('Resumen ejecutivo');
    expect(docs.fr).not.toContain('>Executive summary<');
    expect(docs.es).not.toContain('>Executive summary<');
  });

  it('loads nothing: no script, no external URL in attributes or CSS, a strict CSP', () => {
    for (const r of [android, ios]) {
      const html = renderHtml(model(r));
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`);
      const { tags, attrs } = tagsAndAttributes(html);
      for (const t of ['script', 'link', 'img', 'iframe', 'object', 'embed', 'base', 'form']) expect(tags.has(t), t).toBe(false);
      expect(attrs.has('src')).toBe(false);
      const openTags = [...markup(html).matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
      for (const tag of openTags) for (const m of tag.matchAll(/\shref\s*=\s*"([^"]*)"/gi)) expect(m[1]).toMatch(/^#/);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      expect(style).not.toMatch(/@import|url\(|https?:/i);
      // The app's own http:// strings appear only as text, never inside a tag.
      expect(openTags.filter((t) => /https?:\/\//i.test(t))).toEqual([]);
    }
  });

  it('is deterministic, and dated only when the model is', () => {
    const a = renderHtml(model(android));
    const b = renderHtml(model(android));
    expect(a).toBe(b);
    expect(a).not.toContain('Report date');
    const dated = renderHtml(model(android, { generatedAt: new Date('2026-03-04T05:06:07.890Z') }));
    expect(dated).toContain('2026-03-04 05:06 UTC');
  });

  it('describes an iOS app: executables and profile in the appendix', () => {
    const m = model(ios);
    const html = renderHtml(m);
    const appendix = html.slice(html.indexOf('id="appendix"'));
    if (m.app.platform !== 'ios') throw new Error('expected iOS');
    expect(appendix).toContain(esc(m.app.bundleId));
    for (const e of m.app.executables) expect(appendix).toContain(esc(e.path));
    expect(appendix).toContain('Provisioning profile');
  });
});
