import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import { repoRoot } from '../../test/corpus.js';
import { CSV_COLUMNS, csvCell, renderCsv } from './csv.js';
import { buildReport } from './model.js';

/** A small RFC 4180 reader, to prove the output parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

describe('CSV report', () => {
  it('has one row per finding that parses back, with a BOM and CRLF', async () => {
    const result = await audit(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'));
    const model = buildReport(result, { catalog: loadCatalog(), checks: allChecks, lang: 'fr' });
    const csv = renderCsv(model);
    expect(csv.startsWith('\ufeffseverity,')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(model.findings.length + 1);
    for (const [i, f] of model.findings.entries()) {
      const r = rows[i + 1]!;
      expect(r).toHaveLength(CSV_COLUMNS.length);
      expect(r[CSV_COLUMNS.indexOf('fingerprint')]).toBe(f.fingerprint);
      expect(r[CSV_COLUMNS.indexOf('check_id')]).toBe(f.checkId);
    }
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe('"\'+1"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });
});
