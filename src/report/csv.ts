/**
 * @module report/csv
 * Findings as CSV for spreadsheets (RFC 4180: quoted fields, CRLF line ends, UTF-8 with a byte-order mark so
 * Excel reads accents). One row per finding. Column names are stable English identifiers whatever the
 * report language (the cells are localized), so sheets and scripts built on them keep working.
 *
 * Cells hold text taken from the audited app (class names, URLs, plist values): a cell that a spreadsheet
 * would run as a formula (starting with = + - @, tab or carriage return) is prefixed with a quote
 * (the OWASP "CSV injection" defence).
 */
import { formatLocation } from './location.js';
import type { ReportModel } from './model.js';

export const CSV_COLUMNS = [
  'severity',
  'status',
  'baseline',
  'check_id',
  'title',
  'message',
  'locations',
  'dfs',
  'masvs',
  'maswe',
  'cwe',
  'confidence',
  'fingerprint',
  'suppression_reason',
  'suppression_by',
  'suppression_expires',
  'remediation',
] as const;

export function csvCell(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) || v !== value ? `"${v.replace(/"/g, '""')}"` : v;
}

export function renderCsv(model: ReportModel): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const f of model.findings) {
    const s = f.suppression;
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      severity: f.severity,
      status: f.status,
      baseline: f.baseline ?? '',
      check_id: f.checkId,
      title: f.title,
      message: f.message,
      locations: f.locations.map(formatLocation).join('\n'),
      dfs: f.references.dfs.join(' '),
      masvs: f.references.masvs.join(' '),
      maswe: f.references.maswe.join(' '),
      cwe: f.references.cwe.join(' '),
      confidence: f.confidence,
      fingerprint: f.fingerprint,
      suppression_reason: s?.reason ?? '',
      suppression_by: s?.by ?? '',
      suppression_expires: s?.expires ?? '',
      remediation: f.remediation,
    };
    rows.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  return `\ufeff${rows.join('\r\n')}\r\n`;
}
