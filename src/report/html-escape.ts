/**
 * @module report/html-escape
 * Escaping for HTML that dfslab writes (the report, the USSD phone simulator page). Kept apart from the
 * report renderer so a page that only needs escaping does not depend on the whole report.
 */
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function esc(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
