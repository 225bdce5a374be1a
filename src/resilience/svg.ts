/**
 * @module resilience/svg
 * Server-side SVG charts of a scored assessment: a radar of the attained maturity per domain (with the
 * target and an earlier assessment as further outlines) and a horizontal bar chart per domain. They are
 * plain strings built without any dependency, so the platform can inline them in a page or a PDF.
 *
 * The output is deterministic (same input, same bytes: coordinates are printed with fixed decimals and
 * nothing depends on time or randomness), every text is XML-escaped, and each chart is accessible:
 * role="img", a <title> and a <desc> that gives every value in words, and a visible label per axis or row
 * that carries its value too, so that nothing is conveyed by shape or colour alone.
 *
 * The words the charts write themselves (legend, description, "target", "was") are English by default; a
 * caller that shows the chart in another language passes `labels` with its own, the numbers going into the
 * `{name}` placeholders of the templates. The titles of domains and pillars come from the score as given (see
 * i18n.ts for a score in another language).
 */
import type { AssessmentScore } from './score.js';

/** The words of the charts, with `{name}` placeholders where values go. Every one has an English default. */
export interface ChartLabels {
  /** Legend of the attained level on the radar. */
  attained: string;
  /** Legend of the weighted percentage on the radar (metric "percent"). */
  score: string;
  /** Legend of the target outline, and the word before the target value (lower-cased there). */
  target: string;
  /** Legend of an earlier assessment's outline. */
  earlier: string;
  /** The earlier assessment's value under an axis label: {value}. */
  was: string;
  /** Start of the radar's description: {count} axes, {max} the outer ring. */
  radarDescription: string;
  /** One axis in the radar's description: {axis} its label, {values} its values ("attained level 2, target 3"). */
  radarAxis: string;
  /** The radar's description when there is no axis. */
  noValues: string;
  /** One domain in the bar chart's description: {domain}, {attained}, {max}, {target}, {percent}. */
  barDescription: string;
  /** The text at the end of a bar: {attained}, {target}, {percent}. */
  barValue: string;
  /** The bar chart's description when there is no domain. */
  noDomains: string;
}

export const DEFAULT_CHART_LABELS: Readonly<ChartLabels> = {
  attained: 'Attained level',
  score: 'Score',
  target: 'Target',
  earlier: 'Earlier assessment',
  was: 'was {value}',
  radarDescription: 'Radar chart with {count} axes on a scale of 0 to {max}.',
  radarAxis: '{axis}: {values}.',
  noValues: 'No values to show.',
  barDescription: '{domain}: level {attained} of {max}, target {target}, {percent}.',
  barValue: '{attained} / target {target} · {percent}',
  noDomains: 'No domains to show.',
};

/** Fills the `{name}` placeholders of a label; an unknown one stays as written. */
function fillLabel(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : all));
}

/** One axis of a radar chart. */
export interface RadarAxis {
  label: string;
  value: number;
  /** Drawn as a dashed outline when every axis has one. */
  target?: number;
  /** Drawn as a dotted outline when every axis has one (an earlier assessment). */
  compare?: number;
}

export interface RadarRenderOptions {
  /** Outer ring value: the highest maturity level, or 100 for percentages. */
  max: number;
  title: string;
  /** Number of rings drawn; default `max` when it is 10 or less, else 5. */
  rings?: number;
  /** Prefix of the element ids (<title>, <desc>); make it unique when a page holds several charts. */
  idPrefix?: string;
  /** Unit appended to values in labels and description, e.g. "%". */
  unit?: string;
  valueName?: string;
  targetName?: string;
  compareName?: string;
  /** The chart's own words (the names above win over `labels` for the legend). */
  labels?: Partial<ChartLabels>;
}

export interface RadarOptions {
  /** Draw the target maturity from the risk profile (default true). */
  target?: boolean;
  /** An earlier assessment of the same questionnaire, drawn as a dotted outline. */
  compareWith?: AssessmentScore;
  /** Plot attained levels (default) or weighted percentages. */
  metric?: 'level' | 'percent';
  /** One axis per domain (default) or per pillar. */
  by?: 'domain' | 'pillar';
  title?: string;
  idPrefix?: string;
  /** The chart's words in the reader's language (English by default). */
  labels?: Partial<ChartLabels>;
}

// Room around the rings for the axis labels (two lines each, up to LABEL_MAX characters wide at the sides).
const WIDTH = 920;
const HEIGHT = 640;
const CX = 460;
const CY = 330;
const RADIUS = 200;
const LABEL_MAX = 28;

/** Escapes text for XML content and attribute values; drops characters XML 1.0 does not allow. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Fixed two decimals, and no "-0.00", so that equal inputs print equal bytes. */
function n(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

function shortLabel(label: string): string {
  const chars = [...label];
  return chars.length <= LABEL_MAX ? label : `${chars.slice(0, LABEL_MAX - 1).join('').trimEnd()}…`;
}

function formatValue(value: number, unit: string): string {
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}${unit}`;
}

function idPart(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '-') || 'chart';
}

/** Renders a radar chart of `axes` (see RadarAxis). Values are clamped to 0..max for drawing only. */
export function renderRadar(axes: readonly RadarAxis[], options: RadarRenderOptions): string {
  const max = options.max > 0 ? options.max : 1;
  const unit = options.unit ?? '';
  const id = idPart(options.idPrefix ?? 'radar');
  const labels: ChartLabels = { ...DEFAULT_CHART_LABELS, ...options.labels };
  const valueName = options.valueName ?? options.labels?.attained ?? 'Attained';
  const targetName = options.targetName ?? labels.target;
  const compareName = options.compareName ?? labels.earlier;
  const rings = options.rings ?? (max <= 10 && Number.isInteger(max) ? max : 5);
  const count = axes.length;
  const angle = (i: number): number => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, count);
  const point = (i: number, value: number): [number, number] => {
    const r = (RADIUS * Math.min(max, Math.max(0, Number.isFinite(value) ? value : 0))) / max;
    return [CX + r * Math.cos(angle(i)), CY + r * Math.sin(angle(i))];
  };
  const polygon = (values: number[]): string => values.map((v, i) => point(i, v).map(n).join(',')).join(' ');
  const hasTarget = count > 0 && axes.every((a) => a.target !== undefined);
  const hasCompare = count > 0 && axes.every((a) => a.compare !== undefined);

  const describe = axes.map((a) => {
    const parts = [`${valueName.toLowerCase()} ${formatValue(a.value, unit)}`];
    if (hasTarget) parts.push(`${targetName.toLowerCase()} ${formatValue(a.target as number, unit)}`);
    if (hasCompare) parts.push(`${compareName.toLowerCase()} ${formatValue(a.compare as number, unit)}`);
    return fillLabel(labels.radarAxis, { axis: a.label, values: parts.join(', ') });
  });
  const desc =
    count === 0 ? labels.noValues : `${fillLabel(labels.radarDescription, { count, max: formatValue(max, unit) })} ${describe.join(' ')}`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(options.title)}</title>`);
  out.push(`<desc id="${id}-desc">${escapeXml(desc)}</desc>`);
  out.push('<rect width="100%" height="100%" fill="#ffffff"/>');
  out.push('<g class="grid" fill="none" stroke="#d0d7de" stroke-width="1" aria-hidden="true">');
  for (let ring = 1; ring <= rings; ring++) {
    const value = (max * ring) / rings;
    out.push(count >= 3 ? `<polygon points="${polygon(axes.map(() => value))}"/>` : `<circle cx="${n(CX)}" cy="${n(CY)}" r="${n((RADIUS * ring) / rings)}"/>`);
  }
  axes.forEach((_, i) => {
    const [x, y] = point(i, max);
    out.push(`<line x1="${n(CX)}" y1="${n(CY)}" x2="${n(x)}" y2="${n(y)}"/>`);
  });
  out.push('</g>');
  out.push('<g class="scale" fill="#57606a" font-size="10" aria-hidden="true">');
  for (let ring = 1; ring <= rings; ring++) {
    const value = (max * ring) / rings;
    out.push(`<text x="${n(CX + 4)}" y="${n(CY - (RADIUS * ring) / rings - 2)}">${escapeXml(formatValue(value, unit))}</text>`);
  }
  out.push('</g>');
  if (count > 0) {
    if (hasCompare) {
      out.push(`<polygon class="compare" points="${polygon(axes.map((a) => a.compare as number))}" fill="none" stroke="#6e7781" stroke-width="2" stroke-dasharray="2 3"/>`);
    }
    if (hasTarget) {
      out.push(`<polygon class="target" points="${polygon(axes.map((a) => a.target as number))}" fill="none" stroke="#bc4c00" stroke-width="2" stroke-dasharray="6 4"/>`);
    }
    out.push(`<polygon class="value" points="${polygon(axes.map((a) => a.value))}" fill="#0969da" fill-opacity="0.25" stroke="#0969da" stroke-width="2"/>`);
    out.push('<g class="points" fill="#0969da" aria-hidden="true">');
    axes.forEach((a, i) => {
      const [x, y] = point(i, a.value);
      out.push(`<circle cx="${n(x)}" cy="${n(y)}" r="3"/>`);
    });
    out.push('</g>');
  }
  out.push('<g class="labels" fill="#1f2328">');
  axes.forEach((a, i) => {
    // Just outside the outer ring (`point` stops at it); a label above the rings is lifted by its second line and
    // one below them lowered, so that neither crosses a ring nor its neighbours.
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const x = CX + RADIUS * 1.1 * cos;
    const y = CY + RADIUS * 1.1 * sin + (sin < -0.5 ? -16 * -sin : sin > 0.95 ? 30 : sin > 0.5 ? 12 * sin : 4);
    const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
    const values = [formatValue(a.value, unit)];
    if (hasTarget) values.push(`${targetName.toLowerCase()} ${formatValue(a.target as number, unit)}`);
    if (hasCompare) values.push(fillLabel(labels.was, { value: formatValue(a.compare as number, unit) }));
    out.push(
      `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}"><tspan x="${n(x)}">${escapeXml(shortLabel(a.label))}</tspan><tspan x="${n(x)}" dy="14" fill="#57606a">${escapeXml(values.join(' · '))}</tspan></text>`,
    );
  });
  out.push('</g>');
  const legend: [string, string][] = [[valueName, '<rect width="14" height="10" fill="#0969da" fill-opacity="0.25" stroke="#0969da"/>']];
  if (hasTarget) legend.push([targetName, '<line x1="0" y1="5" x2="14" y2="5" stroke="#bc4c00" stroke-width="2" stroke-dasharray="6 4"/>']);
  if (hasCompare) legend.push([compareName, '<line x1="0" y1="5" x2="14" y2="5" stroke="#6e7781" stroke-width="2" stroke-dasharray="2 3"/>']);
  out.push('<g class="legend" fill="#1f2328">');
  legend.forEach(([name, swatch], i) => {
    out.push(`<g transform="translate(16 ${n(16 + i * 18)})">${swatch}<text x="20" y="10">${escapeXml(name)}</text></g>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * The radar chart of a scored assessment: one axis per domain (or pillar) with the attained level (or the
 * weighted percentage), the target outline from the risk profile, and an earlier assessment's outline.
 */
export function radarSvg(scores: AssessmentScore, options: RadarOptions = {}): string {
  const metric = options.metric ?? 'level';
  const by = options.by ?? 'domain';
  const labels: ChartLabels = { ...DEFAULT_CHART_LABELS, ...options.labels };
  const showTarget = options.target ?? true;
  const rows =
    by === 'domain'
      ? scores.domains.map((d) => ({ id: d.domainId, label: d.title, level: d.attained, percent: d.percent, target: d.target }))
      : scores.pillars.map((p) => ({ id: p.pillarId, label: p.title, level: p.attained, percent: p.percent, target: p.target }));
  const earlier = options.compareWith;
  const earlierRows = new Map(
    earlier === undefined
      ? []
      : by === 'domain'
        ? earlier.domains.map((d) => [d.domainId, metric === 'level' ? d.attained : d.percent] as const)
        : earlier.pillars.map((p) => [p.pillarId, metric === 'level' ? p.attained : p.percent] as const),
  );
  const axes: RadarAxis[] = rows.map((row) => {
    const axis: RadarAxis = { label: row.label, value: metric === 'level' ? row.level : row.percent };
    if (showTarget && metric === 'level') axis.target = row.target;
    if (earlier !== undefined) axis.compare = earlierRows.get(row.id) ?? 0;
    return axis;
  });
  return renderRadar(axes, {
    max: metric === 'level' ? scores.maxLevel : 100,
    title: options.title ?? `${scores.questionnaire.title}: ${metric === 'level' ? 'maturity' : 'score'} per ${by}`,
    idPrefix: options.idPrefix ?? 'radar',
    unit: metric === 'level' ? '' : '%',
    valueName: metric === 'level' ? labels.attained : labels.score,
    targetName: labels.target,
    compareName: labels.earlier,
    labels,
  });
}

/**
 * A horizontal bar per domain: the attained level as the bar, the target as a tick, and the level, target
 * and weighted percentage written at the end of the row.
 */
export function domainBarsSvg(scores: AssessmentScore, options: { title?: string; idPrefix?: string; labels?: Partial<ChartLabels> } = {}): string {
  const labels: ChartLabels = { ...DEFAULT_CHART_LABELS, ...options.labels };
  const id = idPart(options.idPrefix ?? 'bars');
  const labelWidth = 250;
  const barWidth = 300;
  const rowHeight = 26;
  const top = 30;
  const max = Math.max(1, scores.maxLevel);
  const height = top + scores.domains.length * rowHeight + 16;
  const width = labelWidth + barWidth + 190;
  const title = options.title ?? `${scores.questionnaire.title}: maturity per domain`;
  const describe = scores.domains.map((d) =>
    fillLabel(labels.barDescription, { domain: d.title, attained: d.attained, max, target: d.target, percent: formatValue(d.percent, '%') }),
  );
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(title)}</title>`);
  out.push(`<desc id="${id}-desc">${escapeXml(describe.length === 0 ? labels.noDomains : describe.join(' '))}</desc>`);
  out.push('<rect width="100%" height="100%" fill="#ffffff"/>');
  out.push('<g class="scale" fill="#57606a" font-size="10" aria-hidden="true">');
  for (let level = 0; level <= max; level++) {
    const x = labelWidth + (barWidth * level) / max;
    out.push(`<line x1="${n(x)}" y1="${top - 6}" x2="${n(x)}" y2="${n(height - 16)}" stroke="#d0d7de"/><text x="${n(x)}" y="${top - 10}" text-anchor="middle">${level}</text>`);
  }
  out.push('</g>');
  scores.domains.forEach((d, i) => {
    const y = top + i * rowHeight;
    const w = (barWidth * Math.min(max, d.attained)) / max;
    const tx = labelWidth + (barWidth * Math.min(max, d.target)) / max;
    const colour = d.attained >= d.target ? '#1a7f37' : '#0969da';
    out.push(
      `<g class="row"><text x="${labelWidth - 8}" y="${n(y + 15)}" text-anchor="end" fill="#1f2328">${escapeXml(shortLabel(d.title))}</text>` +
        `<rect x="${labelWidth}" y="${n(y + 4)}" width="${n(w)}" height="16" fill="${colour}"/>` +
        `<line x1="${n(tx)}" y1="${n(y + 1)}" x2="${n(tx)}" y2="${n(y + 23)}" stroke="#bc4c00" stroke-width="2"/>` +
        `<text x="${labelWidth + barWidth + 10}" y="${n(y + 15)}" fill="#1f2328">${escapeXml(fillLabel(labels.barValue, { attained: d.attained, target: d.target, percent: formatValue(d.percent, '%') }))}</text></g>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
