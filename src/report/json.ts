/**
 * @module report/json
 * The JSON report: the report model itself, with keys sorted so the same audit always gives the same bytes.
 * Its JSON Schema is published as docs/report.schema.json (tested against real outputs).
 */
import type { ReportModel } from './model.js';
import { stableStringify } from './stable-json.js';

export function renderJson(model: ReportModel): string {
  return `${stableStringify(model)}\n`;
}
