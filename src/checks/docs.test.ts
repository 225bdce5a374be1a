import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from './registry.js';
import { renderChecksMarkdown } from './docs.js';
import { repoRoot } from '../../test/corpus.js';

describe('docs/checks.md', () => {
  it('is generated from the checks metadata and up to date (regenerate: node bin/dfslab.js checks --markdown > docs/checks.md)', () => {
    const onDisk = readFileSync(join(repoRoot, 'docs', 'checks.md'), 'utf8');
    expect(onDisk).toBe(renderChecksMarkdown(allChecks));
  });

  it('documents every check with its references', () => {
    const md = renderChecksMarkdown(allChecks);
    for (const c of allChecks) {
      expect(md).toContain(`## ${c.id}`);
      for (const id of c.meta.references.dfs) expect(md).toContain(id);
    }
  });
});
