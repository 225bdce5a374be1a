import { describe, expect, it } from 'vitest';
import { Fragment, h, raw } from './jsx.js';

describe('jsx', () => {
  it('escapes text and attributes unless raw', () => {
    const evil = '<script>alert(1)</script>"';
    const Item = (p: { name: string }) => <li title={p.name}>{p.name}</li>;
    const html = (
      <ul class="x" data-n={3} hidden={false} open>
        <Item name={evil} />
        <>{[1, 2].map((n) => <b>{n}</b>)}</>
        {raw('<i>ok</i>')}
        <br />
      </ul>
    ).html;
    expect(html).toBe('<ul class="x" data-n="3" open><li title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;</li><b>1</b><b>2</b><i>ok</i><br></ul>');
    expect(() => h('a b', null)).toThrow();
    void Fragment;
  });
});
