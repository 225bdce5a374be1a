import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LENGTH, markdownToHtml, renderMarkdown, safeHref, TAGS } from './markdown.js';

const md = (s: string): string => markdownToHtml(s);

const ATTRS = new Set(['href', 'rel', 'title', 'class', 'start']);
const VOID = new Set(['br', 'hr']);
const ENTITY = /^&(?:amp|lt|gt|quot|#39);/;

const decode = (v: string): string => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * Checks what every rendering must be, whatever the input: only our tags, properly nested, with only our
 * attributes (an href a browser would not run), and text in which every <, >, quote and & is escaped.
 */
function assertSafe(html: string, input: string): void {
  const why = `input ${JSON.stringify(input).slice(0, 300)}\noutput ${html.slice(0, 600)}`;
  expect(html.toLowerCase(), why).not.toContain('<script');
  const stack: string[] = [];
  const tag = /<(\/?)([a-z0-9]+)((?:\s+[a-z]+="[^"<>]*")*)>/g;
  let last = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const between = html.slice(last, m.index);
    last = tag.lastIndex;
    checkText(between, why);
    const [, slash, name, attrs] = m;
    expect((TAGS as readonly string[]).includes(name!), `${name} ${why}`).toBe(true);
    for (const a of attrs!.matchAll(/\s+([a-z]+)="([^"]*)"/g)) {
      const [, attr, value] = a;
      expect(ATTRS.has(attr!), `attribute ${attr} ${why}`).toBe(true);
      expect(/^on/i.test(attr!), why).toBe(false);
      if (attr === 'href') {
        const url = decode(value!);
        const colon = url.indexOf(':');
        const cut = url.search(/[/?#]/);
        const schemeless = colon === -1 || (cut !== -1 && cut < colon);
        expect(/^(https?|mailto):/i.test(url) || schemeless, `href ${url} ${why}`).toBe(true);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0020]/.test(url), `href ${url} ${why}`).toBe(false);
        expect(/^\s*(javascript|data|vbscript):/i.test(url), why).toBe(false);
      }
      if (attr === 'class') expect(value, why).toMatch(/^language-[a-z0-9_+-]+$/);
      if (attr === 'start') expect(value, why).toMatch(/^\d+$/);
    }
    if (VOID.has(name!)) continue;
    if (slash) expect(stack.pop(), `closing ${name} ${why}`).toBe(name);
    else stack.push(name!);
  }
  checkText(html.slice(last), why);
  expect(stack, `unclosed ${why}`).toEqual([]);
}

/** Text between tags: no raw markup characters, and every & starts an entity we write. */
function checkText(t: string, why: string): void {
  expect(/[<>"']/.test(t), `raw markup in text ${JSON.stringify(t.slice(0, 80))} ${why}`).toBe(false);
  for (let i = t.indexOf('&'); i !== -1; i = t.indexOf('&', i + 1)) expect(ENTITY.test(t.slice(i, i + 6)), why).toBe(true);
}

describe('markdown: what it renders', () => {
  it('headings (ATX, setext, closing #, offset) and paragraphs', () => {
    expect(md('# One\n## Two ##\n###### Six\n####### seven')).toBe('<h1>One</h1>\n<h2>Two</h2>\n<h6>Six</h6>\n<p>####### seven</p>');
    expect(md('Title\n=====\n\nSub\n---')).toBe('<h1>Title</h1>\n<h2>Sub</h2>');
    expect(markdownToHtml('# A\n###### B', { headingOffset: 1 })).toBe('<h2>A</h2>\n<h6>B</h6>');
    expect(md('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
    expect(md('hard  \nbreak\\\nagain')).toBe('<p>hard<br>\nbreak<br>\nagain</p>');
    expect(renderMarkdown('x').html).toBe('<p>x</p>');
  });

  it('emphasis, strikethrough, code spans and escapes', () => {
    expect(md('*a* _b_ **c** __d__ ***e*** ~~f~~')).toBe('<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <strong><em>e</em></strong> <del>f</del></p>');
    expect(md('*a **b** c*')).toBe('<p><em>a <strong>b</strong> c</em></p>');
    expect(md('snake_case_name and 2 * 3 * 4')).toBe('<p>snake_case_name and 2 * 3 * 4</p>');
    expect(md('`a <b>` `` c ` d `` ```')).toBe('<p><code>a &lt;b&gt;</code> <code>c ` d</code> ```</p>');
    expect(md('\\*not em\\* \\[x\\](y) \\<b>')).toBe('<p>*not em* [x](y) &lt;b&gt;</p>');
    expect(md('**unclosed and *half')).toBe('<p>**unclosed and *half</p>');
  });

  it('fenced code keeps its text and language, escaped', () => {
    expect(md('```ts\nconst a = 1 < 2;\n\n```')).toBe('<pre><code class="language-ts">const a = 1 &lt; 2;\n\n</code></pre>');
    expect(md('~~~\nno end')).toBe('<pre><code>no end\n</code></pre>');
    expect(md('```"><b>\nx\n```')).toBe('<pre><code>x\n</code></pre>');
    expect(md('  ```\n  indented\n    more\n  ```')).toBe('<pre><code>indented\n  more\n</code></pre>');
  });

  it('lists: bullets, ordered with a start, nested, loose', () => {
    expect(md('- a\n- b\n  - c\n- d')).toBe('<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul></li>\n<li>d</li>\n</ul>');
    expect(md('3. x\n4. y')).toBe('<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>');
    expect(md('* a\n\n* b')).toBe('<ul>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ul>');
    expect(md('- a\nlazy\n\npara')).toBe('<ul>\n<li>a\nlazy</li>\n</ul>\n<p>para</p>');
    expect(md('text\n- item')).toBe('<p>text</p>\n<ul>\n<li>item</li>\n</ul>');
    expect(md('text\n2. not a list')).toBe('<p>text\n2. not a list</p>');
  });

  it('block quotes, rules and tables', () => {
    expect(md('> a\n> > b\n\nc')).toBe('<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>\n<p>c</p>');
    expect(md('***\n- - -\n___')).toBe('<hr>\n<hr>\n<hr>');
    expect(md('| a | *b* |\n|---|:--:|\n| 1 | 2 | 3 |\n| 4 |\n\nafter')).toBe(
      '<table>\n<thead><tr><th>a</th><th><em>b</em></th></tr></thead>\n<tbody><tr><td>1</td><td>2</td></tr><tr><td>4</td><td></td></tr></tbody>\n</table>\n<p>after</p>',
    );
    expect(md('a | b\n--|--')).toContain('<table>');
    expect(md('a | b\n---')).toBe('<h2>a | b</h2>');
  });

  it('links: inline, titled, autolinks, bare URLs, images as links; refused ones as text', () => {
    expect(md('[x](https://a.org/p_(1) "T")')).toBe('<p><a href="https://a.org/p_(1)" rel="noopener noreferrer nofollow" title="T">x</a></p>');
    expect(md('[rel](../doc#s) [mail](mailto:a@b.org) [q](?x=1)')).toBe('<p><a href="../doc#s">rel</a> <a href="mailto:a@b.org" rel="noopener noreferrer nofollow">mail</a> <a href="?x=1">q</a></p>');
    expect(md('<https://a.org/?a=1&b=2>')).toBe('<p><a href="https://a.org/?a=1&amp;b=2" rel="noopener noreferrer nofollow">https://a.org/?a=1&amp;b=2</a></p>');
    expect(md('see https://a.org/x. (and https://a.org/y)')).toBe(
      '<p>see <a href="https://a.org/x" rel="noopener noreferrer nofollow">https://a.org/x</a>. (and <a href="https://a.org/y" rel="noopener noreferrer nofollow">https://a.org/y</a>)</p>',
    );
    expect(md('![a chart](/files/c.png)')).toBe('<p><a href="/files/c.png">a chart</a></p>');
    expect(md('[*em* `c`](/x)')).toBe('<p><a href="/x"><em>em</em> <code>c</code></a></p>');
    expect(md('[bad](javascript:alert(1))')).toBe('<p>bad</p>');
    expect(md('[a [nested] b](/x)')).toBe('<p><a href="/x">a [nested] b</a></p>');
    expect(md('[no link] (/x) [x]')).toBe('<p>[no link] (/x) [x]</p>');
  });

  it('safeHref keeps http(s), mailto and relative URLs only', () => {
    for (const ok of ['https://a.org', 'HTTP://A.ORG/x', 'mailto:x@y.z', '/a/b', 'a/b:c', '#top', '?q=a:b', '//cdn.example/x']) expect(safeHref(ok), ok).toBe(ok);
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'java\tscript:x', 'java\nscript:x', '\u0001javascript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '&#106;avascript:x', 'javascript&colon;x', 'a b', '', 'x'.repeat(3000), '\\\\evil/x', ' :x', 'a:b/c'])
      expect(safeHref(bad), JSON.stringify(bad)).toBe(null);
  });

  it('cuts text over the length limit, with a note', () => {
    const out = markdownToHtml('a'.repeat(50) + '\n\n<script>', { maxLength: 20 });
    expect(out).toBe(`<p>${'a'.repeat(20)}</p>\n<p><em>(The rest of this text, beyond 20 characters, is not shown.)</em></p>`);
  });
});

describe('markdown: hostile input', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="data:text/html,<script>alert(1)</script>">',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](java\nscript:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](\u00a0javascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&#x3A;alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](javascript\\:alert(1))',
    '[x](java%0ascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '<javascript:alert(1)>',
    '<https://ok.org/" onmouseover="alert(1)>',
    '[x](https://ok.org "t\\" onmouseover=\\"alert(1)")',
    '[x](https://ok.org" onclick="alert(1))',
    '[x](https://ok.org\'onclick=alert(1)//)',
    '[[x](javascript:alert(1))](https://ok.org)',
    '[x[y](javascript:alert(1))z](https://ok.org)',
    '![x" onerror="alert(1)](https://ok.org/i.png)',
    '![x](javascript:alert(1))',
    '```"><script>alert(1)</script>\ncode\n```',
    '```js onload=alert(1)\ncode\n```',
    '**<script>**alert(1)**</script>**',
    '`<script>`',
    '| <script> | <img onerror=x> |\n|---|---|\n| [x](javascript:alert(1)) | y |',
    'https://ok.org/"><script>alert(1)</script>',
    'https://ok.org/\u0001javascript:alert(1)',
    '> <script>\n> > [x](javascript:1)',
    '- <b onclick=x>\n  - [a](javascript:b)',
    '<!-- x --><style>body{}</style>',
    '&lt;script&gt; &#60;script&#62; &amp;',
    '\\<script>',
    '[x](#"><script>)',
  ];

  it.each(PAYLOADS)('renders %j harmlessly', (p) => {
    const html = md(p);
    assertSafe(html, p);
    // No refused scheme becomes a link, whatever it looks like inside the text.
    expect(/href="[^a-z/.#?%_~-]*(javascript|vbscript|data)/i.test(html)).toBe(false);
  });

  it('keeps a few of them as visible text', () => {
    expect(md('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(md('[x](javascript:alert(1))')).toBe('<p>x</p>');
    expect(md('![x" onerror="alert(1)](https://ok.org/i.png)')).toBe('<p><a href="https://ok.org/i.png" rel="noopener noreferrer nofollow">x&quot; onerror=&quot;alert(1)</a></p>');
  });

  /** A small deterministic PRNG: a failing case is replayed from its seed. */
  function prng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('fuzz: random Markdown-ish input always renders safe, well-nested HTML', () => {
    const seed = Number(process.env.DFSLAB_PROPERTY_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const TOKENS = [
      '*', '**', '_', '__', '~~', '`', '```', '~~~', '[', ']', '(', ')', '](', '![', '<', '>', '"', "'", '&', '&#106;', '\\', '|', '#', '## ', '> ',
      '- ', '1. ', '2) ', '---', '===', '\n', '\n\n', '  ', '\t', ' ', 'a', 'word', 'snake_case', 'javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:',
      'https://ok.org/', 'http://x', 'mailto:a@b', '<script>', '</script>', 'onerror=', ' onload=alert(1)', '<img src=x ', 'alert(1)', '\u0000', '\u0001',
      '\u00a0', '\u2028', 'é', '💥', '&lt;', '/', ':', '?', '#top', '|---|---|\n', '| a | b |\n',
    ];
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      const len = 1 + Math.floor(rnd() * 60);
      for (let k = 0; k < len; k++) parts.push(TOKENS[Math.floor(rnd() * TOKENS.length)]!);
      const input = parts.join('');
      assertSafe(md(input), `seed ${seed}: ${input}`);
    }
    // And arbitrary characters, not just tokens.
    for (let n = 0; n < 500; n++) {
      let input = '';
      const len = Math.floor(rnd() * 200);
      for (let k = 0; k < len; k++) input += String.fromCharCode(rnd() < 0.8 ? 9 + Math.floor(rnd() * 118) : Math.floor(rnd() * 0x3000));
      assertSafe(md(input), `seed ${seed}: ${input}`);
    }
  });

  // Each of these would take minutes if any step of the renderer were quadratic in the input; the test's
  // timeout is the bound. Each input is at the default length limit.
  const L = DEFAULT_MAX_LENGTH;
  const fill = (unit: string): string => unit.repeat(Math.ceil(L / unit.length)).slice(0, L);
  const HEAVY: Array<[string, string]> = [
    ['unclosed links', fill('[a](')],
    ['link destinations', fill('[a](b')],
    ['nested brackets', fill('[')],
    ['brackets then parentheses', '['.repeat(L / 2) + ']('.repeat(L / 4)],
    ['emphasis openers', fill('*a ')],
    ['mixed delimiters', fill('*_~`')],
    ['backtick runs', fill('`` ` ```` ')],
    ['angle brackets', fill('<')],
    ['autolink starts', fill('<https://')],
    ['bare URLs', fill('http://')],
    ['URL parentheses', fill('https://a.org/' + ')'.repeat(3000) + ' ')],
    ['spaces before a break', ' '.repeat(L - 3) + 'x\ny'],
    ['deep quotes', fill('>')],
    ['deep lists', Array.from({ length: 5000 }, (_, k) => ' '.repeat(Math.min(k * 2, 80)) + '- x').join('\n')],
    ['many lines', fill('a\n')],
    ['table rows', '|a|b|\n|-|-|\n' + fill('|x|y|\n')],
    ['escapes', fill('\\')],
    ['titles', fill('[a](b "')],
  ];
  it.each(HEAVY)('stays linear on %s', (_name, input) => {
    const html = md(input);
    expect(html.length).toBeGreaterThan(0);
  }, 20_000);
});
