/**
 * @module report/render
 * One entry point from a report model to any output format. The text formats are deterministic; HTML, PDF
 * and OSCAL carry the time the report was made (from `generatedAt`, which the caller sets for them only, so
 * the JSON and SARIF of the same audit stay byte-identical).
 */
import type { Check } from '../checks/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import type { ReportModel } from './model.js';

export const REPORT_FORMATS = ['json', 'sarif', 'html', 'pdf', 'csv', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** File name extension of each format. */
export const FORMAT_EXTENSION: Readonly<Record<ReportFormat, string>> = {
  json: '.json',
  sarif: '.sarif',
  html: '.html',
  pdf: '.pdf',
  csv: '.csv',
  oscal: '.oscal.json',
};

/** Formats that show when the report was made. */
export const TIMESTAMPED_FORMATS: ReadonlySet<ReportFormat> = new Set(['html', 'pdf', 'oscal']);

export interface RenderOptions {
  checks: readonly Check<unknown>[];
  /** For PDF: the Chromium executable (default: CHROMIUM_PATH, then the usual system paths). */
  chromiumPath?: string;
}

/** The larger renderers load on first use (PDF brings in playwright-core), so a JSON run stays light. */
export async function renderReport(model: ReportModel, format: ReportFormat, options: RenderOptions): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return renderJson(model);
    case 'csv':
      return renderCsv(model);
    case 'sarif':
      return (await import('./sarif.js')).renderSarif(model, options.checks);
    case 'html':
      return (await import('./html.js')).renderHtml(model);
    case 'pdf': {
      const html = (await import('./html.js')).renderHtml(model);
      return (await import('./pdf.js')).renderPdf(html, options.chromiumPath ? { chromiumPath: options.chromiumPath } : {});
    }
    case 'oscal':
      return (await import('./oscal.js')).renderOscalAssessmentResults(model);
  }
}
