/**
 * @module report/html
 * The audit report as one self-contained HTML file, for two readers: the lab's auditors (every finding with
 * its locations, evidence, references and the manual checklist) and a non-specialist manager at the
 * provider or on the regulator's board (the executive summary comes first, in plain words).
 *
 * Self-contained on purpose: the file is mailed, archived and opened offline, and it quotes strings taken
 * from the audited app (class names, URLs, plist values) that an attacker controls. So: inline CSS only, no
 * script, no external resource, a Content-Security-Policy that forbids loading anything, and every dynamic
 * string goes through `esc()`. Internal links (`href="#…"`) are the only links.
 *
 * Deterministic: the same model gives the same bytes (no clock, no locale-dependent formatting; the date is
 * the model's `generatedAt`, printed in ISO form).
 */
import type { SignerSummary } from '../audit.js';
import { GRADE_CAP, GRADE_THRESHOLDS, SEVERITY_WEIGHT, type ScoreStep } from '../findings/score.js';
import { SEVERITIES, type Location, type Severity } from '../findings/types.js';
import { messagesFor, type Messages, type UiKey } from './i18n/index.js';
import { esc } from './html-escape.js';
import { appIdOf, appNameOf, appVersionOf, endpointLabel } from './identity.js';
import { formatLocation } from './location.js';
import type { CoverageResult, CoverageRow, ReportFinding, ReportModel } from './model.js';

/** Locations shown per finding; the rest are counted (one noisy check can have hundreds). */
const MAX_LOCATIONS = 10;
/** Distinct checks listed as "most important" in the executive summary. */
const MAX_TOP_FINDINGS = 5;

/** The policy of every HTML report: no script, nothing loaded; inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export { esc };

/** Inline markdown after escaping: `code` and **bold** only; the tags added are fixed, so nothing leaks. */
function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const LIST_ITEM = /^\s*(?:([-*])|(\d+)[.)])\s+(.*)$/;

/**
 * The small markdown subset used by remediation and how-to-test texts: paragraphs, bullet and numbered
 * lists (indented lines continue an item), inline code and bold. Anything else shows as plain text.
 */
export function renderMarkdown(text: string): string {
  const out: string[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (!LIST_ITEM.test(lines[0]!)) {
      out.push(`<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`);
      continue;
    }
    let items: string[] = [];
    let ordered = false;
    const flush = (): void => {
      if (items.length) out.push(`<${ordered ? 'ol' : 'ul'}>${items.map((i) => `<li>${inline(i)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`);
      items = [];
    };
    for (const line of lines) {
      const m = LIST_ITEM.exec(line);
      if (m) {
        const isOrdered = m[2] !== undefined;
        if (items.length && isOrdered !== ordered) flush();
        ordered = isOrdered;
        items.push(m[3]!);
      } else if (items.length) {
        items[items.length - 1] += ` ${line.trim()}`;
      } else {
        out.push(`<p>${inline(line.trim())}</p>`);
      }
    }
    flush();
  }
  return out.join('\n');
}

/** ISO date and time in UTC, minute precision: the same on every machine. */
function isoDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

interface Ctx {
  model: ReportModel;
  m: Messages;
  t: (key: UiKey, params?: Readonly<Record<string, string | number>>) => string;
  /** Localized area title by catalog area name. */
  areaTitle: (area: string) => string;
  /** DFS item titles by id (from the coverage rows, already localized). */
  itemTitle: Map<string, string>;
  checkTitle: Map<string, string>;
}

function contextOf(model: ReportModel): Ctx {
  const m = messagesFor(model.lang);
  const itemTitle = new Map(model.coverage.map((r) => [r.itemId, r.title]));
  const checkTitle = new Map<string, string>();
  for (const r of model.coverage) for (const c of r.checks) checkTitle.set(c.checkId, c.title);
  for (const f of model.findings) checkTitle.set(f.checkId, f.title);
  for (const p of model.passes) checkTitle.set(p.checkId, p.title);
  return { model, m, t: (k, p) => m.ui(k, p), areaTitle: (a) => m.area(a) ?? a, itemTitle, checkTitle };
}

/** "1 finding" / "3 findings": the catalogs hold both forms (French and Spanish plurals work the same way for counts). */
function plural(c: Ctx, one: UiKey, many: UiKey, n: number): string {
  return c.t(n === 1 ? one : many, { n });
}

const SEVERITY_KEY: Record<Severity, UiKey> = {
  critical: 'report.severity.critical',
  high: 'report.severity.high',
  medium: 'report.severity.medium',
  low: 'report.severity.low',
  info: 'report.severity.info',
};

function severityBadge(c: Ctx, s: Severity): string {
  return `<span class="sev sev-${s}">${esc(c.t(SEVERITY_KEY[s]))}</span>`;
}

const RESULT_KEY: Record<CoverageResult, UiKey> = {
  fail: 'report.result.fail',
  pass: 'report.result.pass',
  'no-finding': 'report.result.noFinding',
  'not-run': 'report.result.notRun',
};

function resultBadge(c: Ctx, r: CoverageResult): string {
  return `<span class="res res-${r}">${esc(c.t(RESULT_KEY[r]))}</span>`;
}

function appName(model: ReportModel): string {
  return appNameOf(model.app);
}

function appId(model: ReportModel): string {
  return appIdOf(model.app);
}

function appVersion(model: ReportModel): string {
  return appVersionOf(model.app);
}

/** A table; a row given as a string is a heading spanning the whole width (used to group rows by area). */
function table(head: string[], rows: Array<string[] | string>, cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => (typeof r === 'string' ? `<tr class="group"><th colspan="${head.length}">${r}</th></tr>` : `<tr>${r.map((d) => `<td>${d}</td>`).join('')}</tr>`))
    .join('')}</tbody></table>`;
}

function dl(pairs: Array<[string, string | undefined]>, cls = 'facts'): string {
  return `<dl class="${cls}">${pairs
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('')}</dl>`;
}

// ─── Title block ────────────────────────────────────────────────────────────────────────────────────────

function titleBlock(c: Ctx): string {
  const { model } = c;
  const platform = c.t(model.app.platform === 'android' ? 'report.platform.android' : model.app.platform === 'ios' ? 'report.platform.ios' : 'report.platform.ussd');
  return `<header id="title" class="title-block">
<p class="kicker">${esc(c.t('report.kicker'))}</p>
<h1>${esc(appName(model))}</h1>
${dl([
  [esc(c.t('report.title.appId')), `<code>${esc(appId(model))}</code>`],
  [esc(c.t('report.title.version')), esc(appVersion(model)) || undefined],
  [esc(c.t('report.title.platform')), esc(platform)],
  [esc(c.t('report.title.file')), `<code>${esc(model.target.file)}</code>`],
  [esc(c.t('report.title.sha256')), `<code class="hash">${esc(model.target.sha256)}</code>`],
  [esc(c.t('report.title.date')), model.generatedAt ? esc(isoDate(model.generatedAt)) : undefined],
  [esc(c.t('report.title.tool')), esc(`${model.tool.name} ${model.tool.version}`)],
])}
${model.scope.restriction ? `<p class="restriction" role="note"><strong>${esc(c.t('report.scope.restriction'))}:</strong> ${esc(model.scope.restriction)}</p>` : ''}
</header>`;
}

function toc(c: Ctx): string {
  const entries: Array<[string, UiKey]> = [
    ['summary', 'report.section.summary'],
    ['score', 'report.section.score'],
    ['findings', 'report.section.findings'],
    ['masvs', 'report.section.masvs'],
  ];
  if (c.model.fixed) entries.push(['fixed', 'report.section.fixed']);
  entries.push(['passes', 'report.section.passes'], ['coverage', 'report.section.coverage'], ['scope', 'report.section.scope'], ['appendix', 'report.section.appendix']);
  return `<nav class="toc" aria-label="${esc(c.t('report.toc'))}"><h2>${esc(c.t('report.toc'))}</h2><ol>${entries
    .map(([id, k]) => `<li><a href="#${id}">${esc(c.t(k))}</a></li>`)
    .join('')}</ol></nav>`;
}

// ─── Executive summary ──────────────────────────────────────────────────────────────────────────────────

const GRADE_TEXT: Record<string, UiKey> = {
  A: 'report.grade.A',
  B: 'report.grade.B',
  C: 'report.grade.C',
  D: 'report.grade.D',
  E: 'report.grade.E',
  F: 'report.grade.F',
};

/** The most important problems for a reader in a hurry: one line per check, worst first, info left out. */
function topFindings(model: ReportModel): Array<{ first: ReportFinding; count: number }> {
  const byCheck = new Map<string, { first: ReportFinding; count: number }>();
  for (const f of model.findings) {
    if (f.status !== 'open' || f.severity === 'info') continue;
    const e = byCheck.get(f.checkId);
    if (e) e.count++;
    else byCheck.set(f.checkId, { first: f, count: 1 });
  }
  // Findings are already worst-first, so insertion order ranks checks by their worst finding.
  return [...byCheck.values()].slice(0, MAX_TOP_FINDINGS);
}

function appCoverage(model: ReportModel): { total: number; automated: number; manual: number } {
  const app = model.coverage.filter((r) => r.scope === 'app');
  return {
    total: app.length,
    automated: app.filter((r) => r.mode === 'automated').length,
    manual: app.filter((r) => r.mode === 'manual' || r.manualPart).length,
  };
}

function executiveSummary(c: Ctx): string {
  const { model } = c;
  const { score } = model;
  const capped = score.steps.find((s): s is Extract<ScoreStep, { kind: 'cap' }> => s.kind === 'cap');
  const paragraphs: string[] = [
    c.t('report.summary.gradeSentence', { grade: score.grade, score: score.score }),
    c.t(GRADE_TEXT[score.grade]!),
  ];
  if (capped) paragraphs.push(c.t('report.summary.capped', { grade: capped.grade, severity: c.t(SEVERITY_KEY[capped.severity]) }));
  const counts = SEVERITIES.map(
    (s) => `<div class="count count-${s}"><span class="n">${model.summary.bySeverity[s]}</span><span class="l">${esc(c.t(SEVERITY_KEY[s]))}</span></div>`,
  ).join('');
  const extra: string[] = [];
  extra.push(model.summary.open === 0 ? c.t('report.summary.open.none') : plural(c, 'report.summary.open.one', 'report.summary.open.many', model.summary.open));
  if (model.summary.suppressed) extra.push(plural(c, 'report.summary.suppressed.one', 'report.summary.suppressed.many', model.summary.suppressed));
  if (model.summary.passes) extra.push(plural(c, 'report.summary.passes.one', 'report.summary.passes.many', model.summary.passes));
  if (model.summary.newFindings !== undefined) {
    extra.push(c.t('report.summary.baseline', { new: model.summary.newFindings, fixed: model.summary.fixedFindings ?? 0 }));
  }
  const top = topFindings(model);
  const topList = top.length
    ? `<ol class="top">${top
        .map(({ first, count }) => {
          const area = first.areas[0] ? c.areaTitle(first.areas[0]) : c.t('report.area.none');
          return `<li>${severityBadge(c, first.severity)} <a href="#f-${esc(first.fingerprint)}"><strong>${esc(first.title)}</strong></a><br><span class="muted">${esc(
            area,
          )} · ${esc(plural(c, 'report.top.places.one', 'report.top.places.many', count))}</span></li>`;
        })
        .join('')}</ol>`
    : `<p>${esc(c.t('report.top.none'))}</p>`;
  const cov = appCoverage(model);
  return `<section id="summary" class="major first">
<h2>${esc(c.t('report.section.summary'))}</h2>
<div class="verdict">
<div class="grade grade-${esc(score.grade)}" role="img" aria-label="${esc(c.t('report.summary.gradeSentence', { grade: score.grade, score: score.score }))}"><span class="g">${esc(
    score.grade,
  )}</span><span class="s">${esc(c.t('report.summary.scoreOf', { score: score.score }))}</span></div>
<div class="verdict-text">${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</div>
</div>
<h3>${esc(c.t('report.summary.bySeverity'))}</h3>
<div class="counts">${counts}</div>
<p>${extra.map(esc).join(' ')}</p>
<h3>${esc(c.t('report.summary.top'))}</h3>
${topList}
<h3>${esc(c.t('report.summary.coverageTitle'))}</h3>
<p>${esc(c.t('report.summary.coverage', { n: cov.automated, m: cov.total, k: cov.manual }))}</p>
</section>`;
}

// ─── Score reasoning ────────────────────────────────────────────────────────────────────────────────────

/** The rules as the scorer applies them, so the explanation cannot drift from the code. */
function scoreRules(c: Ctx): Record<string, string> {
  const sevName = (s: Severity): string => c.t(SEVERITY_KEY[s]).toLowerCase();
  return {
    weights: SEVERITIES.map((s) => `${sevName(s)} ${SEVERITY_WEIGHT[s]}`).join(', '),
    grades: [...GRADE_THRESHOLDS.map(([g, t]) => c.t('report.score.gradeAtLeast', { grade: g, score: t })), c.t('report.score.gradeAtLeast', { grade: 'F', score: 0 })].join(', '),
    caps: SEVERITIES.filter((s) => GRADE_CAP[s] !== undefined)
      .map((s) => c.t('report.score.capAt', { severity: sevName(s), grade: GRADE_CAP[s]! }))
      .join(', '),
  };
}

function scoreSection(c: Ctx): string {
  const sevWord = (s: Severity): string => c.t(SEVERITY_KEY[s]).toLowerCase();
  // Biggest penalties first, so the reader sees at once what cost the most; the total does not depend on order.
  const steps = [...c.model.score.steps].sort((a, b) => {
    if (a.kind === 'check' && b.kind === 'check') return b.points - a.points || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0);
    return 0;
  });
  let running = 0;
  const rows = steps.map((s, i) => {
    let what: string;
    let points = '';
    let total = '';
    switch (s.kind) {
      case 'check': {
        running += s.points;
        const title = c.checkTitle.get(s.checkId) ?? s.checkId;
        what = `${esc(title)} <code class="small">${esc(s.checkId)}</code><br><span class="muted">${esc(
          c.t(s.findings === 1 ? 'report.score.check.one' : 'report.score.check.many', { n: s.findings, severity: sevWord(s.worst), weight: s.weight }),
        )}${s.capped ? ` ${esc(c.t('report.score.capped', { cap: 2 * s.weight }))}` : ''}</span>`;
        points = `+${s.points}`;
        total = String(running);
        break;
      }
      case 'penalty':
        what = `<strong>${esc(c.t('report.score.penalty'))}</strong>`;
        total = String(s.points);
        break;
      case 'scale':
        what = `<strong>${esc(c.t('report.score.scale', { penalty: s.penalty, score: s.score }))}</strong>`;
        break;
      case 'grade':
        what = `<strong>${esc(c.t('report.score.grade', { score: s.score, threshold: s.threshold, grade: s.grade }))}</strong>`;
        break;
      case 'cap':
        what = `<strong>${esc(c.t('report.score.cap', { n: s.count, severity: sevWord(s.severity), grade: s.grade }))}</strong>`;
        break;
    }
    return [String(i + 1), what, `<span class="num">${points}</span>`, `<span class="num">${total}</span>`];
  });
  return `<section id="score" class="major">
<h2>${esc(c.t('report.section.score'))}</h2>
${renderMarkdown(c.t('report.score.intro', scoreRules(c)))}
${table([esc('#'), esc(c.t('report.score.col.step')), esc(c.t('report.score.col.points')), esc(c.t('report.score.col.total'))], rows, 'steps')}
<p class="result-line">${esc(c.t('report.summary.gradeSentence', { grade: c.model.score.grade, score: c.model.score.score }))}</p>
</section>`;
}

// ─── Findings ───────────────────────────────────────────────────────────────────────────────────────────

function locationsOf(c: Ctx, locations: readonly Location[]): string {
  if (locations.length === 0) return '';
  const shown = locations.slice(0, MAX_LOCATIONS).map((l) => `<li><code>${esc(formatLocation(l))}</code></li>`);
  const more = locations.length > MAX_LOCATIONS ? `<li class="muted">${esc(c.t('report.finding.moreLocations', { n: locations.length - MAX_LOCATIONS }))}</li>` : '';
  return `<ul class="locs">${shown.join('')}${more}</ul>`;
}

function referencesOf(c: Ctx, f: ReportFinding): string {
  const r = f.references;
  const lines: string[] = r.dfs.map((id) => {
    const title = c.itemTitle.get(id);
    return `<span class="ref">${esc(id)}</span>${title ? ` ${esc(title)}` : ''}`;
  });
  const vocab = [...r.masvs, ...r.maswe, ...r.cwe];
  if (vocab.length) lines.push(`<span class="muted">${esc(vocab.join(' · '))}</span>`);
  return lines.join('<br>');
}

/** One occurrence of a check's weakness: what was seen, where, and its identity for baselines and suppressions. */
function instanceOf(c: Ctx, f: ReportFinding, index: number, total: number): string {
  const tags: string[] = [];
  if (total > 1) tags.push(`<span class="inst-no">${esc(c.t('report.finding.instance', { i: index + 1, n: total }))}</span>`);
  if (f.baseline === 'new') tags.push(`<span class="tag tag-new">${esc(c.t('report.finding.new'))}</span>`);
  if (f.status === 'suppressed') tags.push(`<span class="tag tag-suppressed">${esc(c.t('report.finding.suppressed'))}</span>`);
  const fields: Array<[string, string | undefined]> = [];
  if (f.suppression) {
    const s = f.suppression;
    fields.push([
      esc(c.t('report.finding.suppressed')),
      `<span class="note">${esc(c.t('report.finding.suppressedBy', { reason: s.reason, by: s.by }))}${s.expires ? ` ${esc(c.t('report.finding.expires', { date: s.expires }))}` : ''}</span> <span class="muted small">(${esc(s.source)})</span>`,
    ]);
  }
  if (f.expiredSuppression) {
    const s = f.expiredSuppression;
    fields.push([
      esc(c.t('report.finding.expiredLabel')),
      `<span class="note note-expired">${esc(c.t('report.finding.expired', { date: s.expires ?? '', reason: s.reason, by: s.by }))}</span> <span class="muted small">(${esc(s.source)})</span>`,
    ]);
  }
  if (f.locations.length) fields.push([esc(plural(c, 'report.finding.locations.one', 'report.finding.locations.many', f.locations.length)), locationsOf(c, f.locations)]);
  if (f.evidence.length) fields.push([esc(c.t('report.finding.evidence')), `<ul class="evidence">${f.evidence.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>`]);
  fields.push([
    esc(c.t('report.finding.fingerprint')),
    `<code class="small">${esc(f.fingerprint)}</code> <span class="muted small">· ${esc(c.t('report.finding.confidence'))} ${esc(c.t(CONFIDENCE_KEY[f.confidence]))}</span>`,
  ]);
  return `<div class="instance${f.status === 'suppressed' ? ' is-suppressed' : ''}" id="f-${esc(f.fingerprint)}">
${tags.length ? `<p class="inst-head">${tags.join(' ')}</p>` : ''}<p class="msg">${esc(f.message)}</p>
${dl(fields, 'fields')}
</div>`;
}

const CONFIDENCE_KEY: Record<ReportFinding['confidence'], UiKey> = {
  high: 'report.confidence.high',
  medium: 'report.confidence.medium',
  low: 'report.confidence.low',
};

/**
 * One card per check and severity: the explanation, remediation and references are the check's, so they are
 * written once, followed by each occurrence (a check that fires six times would otherwise repeat them six times).
 */
function checkCard(c: Ctx, group: readonly ReportFinding[]): string {
  const f = group[0]!;
  const allSuppressed = group.every((g) => g.status === 'suppressed');
  const badges = [severityBadge(c, f.severity)];
  if (group.length > 1) badges.push(`<span class="tag">${esc(plural(c, 'report.findings.count.one', 'report.findings.count.many', group.length))}</span>`);
  const fields: Array<[string, string | undefined]> = [
    [esc(c.t('report.finding.remediation')), f.remediation ? `<div class="md">${renderMarkdown(f.remediation)}</div>` : undefined],
    [esc(c.t('report.finding.references')), referencesOf(c, f) || undefined],
    [esc(c.t('report.finding.check')), `<code class="small">${esc(f.checkId)}</code>`],
  ];
  return `<article class="finding sevb-${f.severity}${group.length === 1 ? ' single' : ''}${allSuppressed ? ' is-suppressed' : ''}">
<h4>${badges.join(' ')} ${esc(f.title)}</h4>
${group.map((g, i) => instanceOf(c, g, i, group.length)).join('\n')}
${dl(fields, 'fields shared')}
</article>`;
}

/** Consecutive findings of the same check, severity, status and text (findings arrive sorted, so they are adjacent). */
function groupByCheck(findings: readonly ReportFinding[]): ReportFinding[][] {
  const groups: ReportFinding[][] = [];
  for (const f of findings) {
    const last = groups[groups.length - 1];
    const head = last?.[0];
    if (
      head &&
      head.checkId === f.checkId &&
      head.severity === f.severity &&
      head.status === f.status &&
      head.remediation === f.remediation &&
      JSON.stringify(head.references) === JSON.stringify(f.references)
    ) {
      last.push(f);
    } else {
      groups.push([f]);
    }
  }
  return groups;
}

function severityCounts(c: Ctx, counts: Record<Severity, number>): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${esc(c.t(SEVERITY_KEY[s]))}`)
    .join(' · ');
}

function findingsSection(c: Ctx): string {
  const { model } = c;
  if (model.findings.length === 0) {
    return `<section id="findings" class="major empty"><h2>${esc(c.t('report.section.findings'))}</h2><p>${esc(c.t('report.findings.none'))}</p></section>`;
  }
  const byFp = new Map(model.findings.map((f) => [f.fingerprint, f]));
  // A finding can belong to several areas: it is shown in full once, in its first area, and referenced from the others.
  const shown = new Set<string>();
  const groups = model.byArea.map((g, i) => {
    const fresh: ReportFinding[] = [];
    const seeAlso: string[] = [];
    for (const fp of g.findings) {
      const f = byFp.get(fp);
      if (!f) continue;
      if (shown.has(fp)) {
        seeAlso.push(`<li>${severityBadge(c, f.severity)} <a href="#f-${esc(fp)}">${esc(f.title)}</a> <span class="muted">${esc(f.message)}</span></li>`);
      } else {
        shown.add(fp);
        fresh.push(f);
      }
    }
    const cards = groupByCheck(fresh).map((grp) => checkCard(c, grp));
    const counts = severityCounts(c, g.bySeverity);
    return `<div class="area" id="area-${i + 1}">
<h3>${esc(g.title)} <span class="muted small">${esc(plural(c, 'report.findings.count.one', 'report.findings.count.many', g.findings.length))}${counts ? ` — ${counts}` : ''}</span></h3>
${cards.join('\n')}
${seeAlso.length ? `<div class="see-also"><h5>${esc(c.t('report.findings.seeAlso'))}</h5><ul>${seeAlso.join('')}</ul></div>` : ''}
</div>`;
  });
  return `<section id="findings" class="major">
<h2>${esc(c.t('report.section.findings'))}</h2>
<p>${esc(c.t('report.findings.intro'))}</p>
${groups.join('\n')}
</section>`;
}

const MASVS_KEY: Record<string, UiKey> = {
  'MASVS-STORAGE': 'report.masvs.storage',
  'MASVS-CRYPTO': 'report.masvs.crypto',
  'MASVS-AUTH': 'report.masvs.auth',
  'MASVS-NETWORK': 'report.masvs.network',
  'MASVS-PLATFORM': 'report.masvs.platform',
  'MASVS-CODE': 'report.masvs.code',
  'MASVS-RESILIENCE': 'report.masvs.resilience',
  'MASVS-PRIVACY': 'report.masvs.privacy',
};

function masvsSection(c: Ctx): string {
  const rows = c.model.byMasvs.map((g) => {
    const key = MASVS_KEY[g.key];
    const open = SEVERITIES.reduce((n, s) => n + g.bySeverity[s], 0);
    return [
      `<strong>${esc(g.title)}</strong>${key ? `<br><span class="muted">${esc(c.t(key))}</span>` : ''}`,
      ...SEVERITIES.map((s) => `<span class="num">${g.bySeverity[s] || ''}</span>`),
      `<span class="num">${open}</span>`,
      `<span class="num">${g.findings.length}</span>`,
    ];
  });
  const body = rows.length
    ? table([esc(c.t('report.masvs.category')), ...SEVERITIES.map((s) => esc(c.t(SEVERITY_KEY[s]))), esc(c.t('report.masvs.open')), esc(c.t('report.masvs.all'))], rows, 'masvs')
    : `<p>${esc(c.t('report.findings.none'))}</p>`;
  return `<section id="masvs" class="major${rows.length ? '' : ' empty'}">
<h2>${esc(c.t('report.section.masvs'))}</h2>
<p>${esc(c.t('report.masvs.intro'))}</p>
${body}
</section>`;
}

function fixedSection(c: Ctx): string {
  const fixed = c.model.fixed;
  if (!fixed) return '';
  const body = fixed.length
    ? table(
        [esc(c.t('report.fixed.severity')), esc(c.t('report.fixed.title')), esc(c.t('report.fixed.where')), esc(c.t('report.finding.fingerprint'))],
        fixed.map((f) => [
          severityBadge(c, f.severity),
          `${esc(f.title)}<br><code class="small">${esc(f.checkId)}</code>`,
          f.locations[0] ? `<code>${esc(formatLocation(f.locations[0]))}</code>` : '',
          `<code class="small">${esc(f.fingerprint)}</code>`,
        ]),
      )
    : `<p>${esc(c.t('report.fixed.none'))}</p>`;
  return `<section id="fixed" class="major${fixed.length ? '' : ' empty'}">
<h2>${esc(c.t('report.section.fixed'))}</h2>
<p>${esc(c.t('report.fixed.intro', { file: c.model.scope.baselineFile ?? '' }))}</p>
${body}
</section>`;
}

function passesSection(c: Ctx): string {
  const { passes } = c.model;
  const body = passes.length
    ? passes
        .map(
          (p) => `<article class="pass">
<h4><span class="tag tag-pass">${esc(c.t('report.passes.tag'))}</span> ${esc(p.title)}</h4>
<p class="msg">${esc(p.message)}</p>
${dl(
  [
    [esc(c.t('report.finding.evidence')), p.evidence.length ? `<ul class="evidence">${p.evidence.slice(0, 5).map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>` : undefined],
    [esc(plural(c, 'report.finding.locations.one', 'report.finding.locations.many', p.locations.length)), p.locations.length ? locationsOf(c, p.locations) : undefined],
    [esc(c.t('report.finding.dfs')), p.references.dfs.length ? p.references.dfs.map((id) => `<span class="ref">${esc(id)}</span> ${esc(c.itemTitle.get(id) ?? '')}`).join('<br>') : undefined],
    [esc(c.t('report.finding.check')), `<code class="small">${esc(p.checkId)}</code>`],
  ],
  'fields',
)}
</article>`,
        )
        .join('\n')
    : `<p>${esc(c.t('report.passes.none'))}</p>`;
  return `<section id="passes" class="major${passes.length ? '' : ' empty'}">
<h2>${esc(c.t('report.section.passes'))}</h2>
<p>${esc(c.t('report.passes.intro'))}</p>
${body}
</section>`;
}

// ─── Coverage ───────────────────────────────────────────────────────────────────────────────────────────

function groupByArea(rows: readonly CoverageRow[]): Array<[string, CoverageRow[]]> {
  const groups = new Map<string, CoverageRow[]>();
  for (const r of rows) {
    const g = groups.get(r.area);
    if (g) g.push(r);
    else groups.set(r.area, [r]);
  }
  return [...groups.entries()];
}

function coverageSection(c: Ctx): string {
  const { coverage } = c.model;
  const app = coverage.filter((r) => r.scope === 'app');
  const automated = app.filter((r) => r.mode === 'automated');
  const manual = app.filter((r) => r.mode === 'manual' || r.manualPart);
  const other = coverage.filter((r) => r.scope === 'other');
  const cov = appCoverage(c.model);

  const autoRows: Array<string[] | string> = [];
  for (const [area, rows] of groupByArea(automated)) {
    autoRows.push(esc(c.areaTitle(area)));
    for (const r of rows) {
      autoRows.push([
        `<span class="ref">${esc(r.itemId)}</span>`,
        esc(r.title),
        r.result ? resultBadge(c, r.result) : '',
        `<ul class="checks">${r.checks.map((k) => `<li>${resultBadge(c, k.result)} ${esc(k.title)}<br><code class="small">${esc(k.checkId)}</code></li>`).join('')}</ul>`,
      ]);
    }
  }
  const autoTable = automated.length
    ? table([esc(c.t('report.coverage.item')), esc(c.t('report.coverage.title')), esc(c.t('report.coverage.result')), esc(c.t('report.coverage.checks'))], autoRows, 'coverage')
    : `<p>${esc(c.t('report.coverage.noneAutomated'))}</p>`;

  const manualGroups = groupByArea(manual)
    .map(
      ([area, rows]) => `<div class="checklist-area">
<h4>${esc(c.areaTitle(area))}</h4>
${table(
  [esc(c.t('report.coverage.done')), esc(c.t('report.coverage.item')), esc(c.t('report.coverage.howToTest'))],
  rows.map((r) => [
    '<span class="box" aria-hidden="true"></span>',
    `<span class="ref">${esc(r.itemId)}</span>`,
    `<strong>${esc(r.title)}</strong>${r.mode === 'automated' ? ` <span class="tag">${esc(c.t('report.coverage.partlyAutomated'))}</span>` : ''}<br><span class="muted small">${esc(
      c.t('report.coverage.methods', { methods: r.verification.join(', ') }),
    )}</span>${r.howToTest ? `<div class="md howto">${renderMarkdown(r.howToTest)}</div>` : ''}`,
  ]),
  'checklist',
)}
</div>`,
    )
    .join('\n');

  const otherTable = table(
    [esc(c.t('report.coverage.item')), esc(c.t('report.coverage.title')), esc(c.t('report.coverage.area')), esc(c.t('report.coverage.methodsCol'))],
    other.map((r) => [`<span class="ref">${esc(r.itemId)}</span>`, esc(r.title), esc(c.areaTitle(r.area)), esc(r.verification.join(', '))]),
    'other',
  );

  return `<section id="coverage" class="major">
<h2>${esc(c.t('report.section.coverage'))}</h2>
<p>${esc(c.t('report.summary.coverage', { n: cov.automated, m: cov.total, k: cov.manual }))} ${esc(c.t('report.coverage.intro'))}</p>
<h3 id="coverage-automated">${esc(c.t('report.coverage.automated'))}</h3>
${autoTable}
<h3 id="coverage-manual" class="page-break">${esc(c.t('report.coverage.manual'))}</h3>
<p>${esc(c.t('report.coverage.manualIntro'))}</p>
${manualGroups || `<p>${esc(c.t('report.coverage.noneManual'))}</p>`}
<details id="coverage-other">
<summary>${esc(plural(c, 'report.coverage.other.one', 'report.coverage.other.many', other.length))}</summary>
<p>${esc(c.t('report.coverage.otherIntro'))}</p>
${otherTable}
</details>
</section>`;
}

// ─── Scope, method, appendix ────────────────────────────────────────────────────────────────────────────

function scopeSection(c: Ctx): string {
  const { scope, anomalies } = c.model;
  const failed = scope.checksFailed.length
    ? `<h3>${esc(c.t('report.scope.failedTitle'))}</h3>${table(
        [esc(c.t('report.finding.check')), esc(c.t('report.scope.error'))],
        scope.checksFailed.map((f) => [`<code>${esc(f.checkId)}</code>`, `<code class="small">${esc(f.code)}</code> ${esc(f.message)}`]),
      )}`
    : '';
  const anomalyList = anomalies.length
    ? `<h3>${esc(c.t('report.scope.anomaliesTitle'))}</h3><ul class="locs">${anomalies
        .slice(0, 20)
        .map((a) => `<li><code>${esc(JSON.stringify(a))}</code></li>`)
        .join('')}${anomalies.length > 20 ? `<li class="muted">${esc(c.t('report.finding.moreLocations', { n: anomalies.length - 20 }))}</li>` : ''}</ul>`
    : '';
  return `<section id="scope" class="major">
<h2>${esc(c.t('report.section.scope'))}</h2>
${renderMarkdown(c.t(scope.platform === 'android' ? 'report.scope.methodAndroid' : scope.platform === 'ios' ? 'report.scope.methodIos' : 'report.scope.methodUssd'))}
${dl([
  [esc(c.t('report.scope.method')), `<code>${esc(scope.method)}</code>`],
  [esc(c.t('report.scope.checksRun')), esc(scope.checksRun.length)],
  [esc(c.t('report.scope.checksFailed')), esc(scope.checksFailed.length)],
  [esc(c.t('report.scope.anomalies')), esc(anomalies.length)],
  [esc(c.t('report.scope.catalogItems')), esc(scope.catalogItems)],
  [esc(c.t('report.scope.suppressions')), scope.suppressionsFile ? `<code>${esc(scope.suppressionsFile)}</code>` : undefined],
  [esc(c.t('report.scope.baseline')), scope.baselineFile ? `<code>${esc(scope.baselineFile)}</code>` : undefined],
  [esc(c.t('report.scope.restriction')), scope.restriction ? esc(scope.restriction) : undefined],
])}
${failed}
${anomalyList}
<details><summary>${esc(c.t('report.scope.checkList', { n: scope.checksRun.length }))}</summary><p class="checklist-ids">${scope.checksRun
    .map((id) => `<code class="small">${esc(id)}</code>`)
    .join(' ')}</p></details>
</section>`;
}

function yesNo(c: Ctx, v: boolean): string {
  return esc(c.t(v ? 'report.yes' : 'report.no'));
}

function signersTable(c: Ctx, signers: ReadonlyArray<SignerSummary>): string {
  if (signers.length === 0) return `<p>${esc(c.t('report.appendix.noSigners'))}</p>`;
  return table(
    [esc(c.t('report.appendix.subject')), esc(c.t('report.appendix.key')), esc(c.t('report.appendix.validUntil')), 'SHA-256'],
    signers.map((s) => [
      `${esc(s.subject)}${s.issuer !== s.subject ? `<br><span class="muted small">${esc(c.t('report.appendix.issuer'))} ${esc(s.issuer)}</span>` : ''}`,
      `${esc(s.keyType)} ${esc(s.keySize)}<br><span class="muted small">${esc(s.signatureAlgorithm)}</span>`,
      esc(s.notAfter.slice(0, 10)),
      `<code class="hash small">${esc(s.sha256)}</code>`,
    ]),
  );
}

function appendix(c: Ctx): string {
  const { model } = c;
  const a = model.app;
  const t = model.target;
  const file = dl([
    [esc(c.t('report.title.file')), `<code>${esc(t.file)}</code>`],
    [esc(c.t('report.appendix.size')), esc(c.t('report.appendix.bytes', { n: t.size }))],
    ['SHA-256', `<code class="hash">${esc(t.sha256)}</code>`],
    ['SHA-1', `<code class="hash">${esc(t.sha1)}</code>`],
    ['MD5', `<code class="hash">${esc(t.md5)}</code>`],
  ]);
  let identity: string;
  if (a.platform === 'ussd') {
    identity = `${dl([
      [esc(c.t('report.appendix.endpoint')), `<code>${esc(endpointLabel(a.endpoint))}</code>`],
      [esc(c.t('report.appendix.serviceCode')), `<code>${esc(a.serviceCode)}</code>`],
      [esc(c.t('report.appendix.dialect')), esc(a.dialect)],
      [esc(c.t('report.appendix.callers')), esc(a.callers.join(', '))],
      [esc(c.t('report.appendix.requests')), esc(a.requests)],
      [esc(c.t('report.appendix.quick')), yesNo(c, a.quick)],
    ])}
<p class="muted">${esc(c.t('report.appendix.transcript'))}</p>`;
  } else if (a.platform === 'android') {
    const schemes = Object.entries(a.signatureSchemes)
      .filter(([, on]) => on)
      .map(([k]) => k)
      .join(', ');
    identity = `${dl([
      [esc(c.t('report.appendix.package')), `<code>${esc(a.packageName)}</code>`],
      [esc(c.t('report.appendix.container')), esc(a.container)],
      [esc(c.t('report.appendix.versionName')), esc(a.versionName)],
      [esc(c.t('report.appendix.versionCode')), esc(a.versionCode)],
      [esc(c.t('report.appendix.sdk')), esc(c.t('report.appendix.sdkValues', { min: a.minSdk, target: a.targetSdk, max: a.maxSdk ?? '—' }))],
      [esc(c.t('report.appendix.splits')), a.splits.length ? esc(a.splits.join(', ')) : undefined],
      [esc(c.t('report.appendix.schemes')), esc(schemes || '—')],
      [esc(c.t('report.appendix.verified')), yesNo(c, a.signatureVerified)],
      [esc(c.t('report.appendix.v4')), a.v4 ? `<code>${esc(a.v4.file)}</code> ${yesNo(c, a.v4.verified)}${a.v4.error ? ` (${esc(a.v4.error)})` : ''}` : undefined],
      [esc(c.t('report.appendix.code')), esc(c.t('report.appendix.codeValues', { dex: a.dexFiles, classes: a.classes, methods: a.methods, native: a.nativeLibraries }))],
      [esc(c.t('report.appendix.files')), esc(a.files)],
    ])}
<h3>${esc(c.t('report.appendix.signers'))}</h3>
${signersTable(c, a.signers)}`;
  } else {
    const exes = a.executables.length
      ? table(
          [esc(c.t('report.appendix.path')), esc(c.t('report.appendix.kind')), esc(c.t('report.appendix.cpus')), esc(c.t('report.appendix.encrypted')), esc(c.t('report.appendix.signed'))],
          a.executables.map((e) => [
            `<code class="small">${esc(e.path)}</code>${e.error ? `<br><span class="muted small">${esc(e.error)}</span>` : ''}`,
            esc(e.kind),
            esc(e.cpus.join(', ')),
            yesNo(c, e.encrypted),
            yesNo(c, e.signed),
          ]),
        )
      : '';
    const p = a.profile;
    identity = `${dl([
      [esc(c.t('report.appendix.bundleId')), `<code>${esc(a.bundleId)}</code>`],
      [esc(c.t('report.appendix.displayName')), esc(a.displayName)],
      [esc(c.t('report.appendix.versionName')), esc(a.version)],
      [esc(c.t('report.appendix.build')), esc(a.build)],
      [esc(c.t('report.appendix.minOs')), esc(a.minimumOsVersion)],
      [esc(c.t('report.appendix.files')), esc(a.files)],
    ])}
<h3>${esc(c.t('report.appendix.executables'))}</h3>
${exes}
<h3>${esc(c.t('report.appendix.profile'))}</h3>
${
  p
    ? dl([
        [esc(c.t('report.appendix.kind')), esc(p.kind)],
        [esc(c.t('report.appendix.profileName')), esc(p.name)],
        [esc(c.t('report.appendix.team')), esc(p.teamName)],
        [esc(c.t('report.appendix.validUntil')), p.expirationDate ? esc(p.expirationDate.slice(0, 10)) : undefined],
        [esc(c.t('report.scope.error')), esc(p.error)],
      ])
    : `<p>${esc(c.t('report.appendix.noProfile'))}</p>`
}
<h3>${esc(c.t('report.appendix.signers'))}</h3>
${signersTable(c, a.signers)}`;
  }
  return `<section id="appendix" class="major">
<h2>${esc(c.t('report.section.appendix'))}</h2>
<h3>${esc(c.t('report.appendix.fileTitle'))}</h3>
${file}
<h3>${esc(c.t('report.appendix.identity'))}</h3>
${identity}
</section>`;
}

// ─── Style ──────────────────────────────────────────────────────────────────────────────────────────────

// Severity colours are chosen to stay distinct in greyscale (dark → light as severity falls), and every
// coloured mark also carries its word, so a black-and-white print loses nothing.
const STYLE = `
:root{--ink:#1b1f24;--muted:#5b6470;--line:#d5dae0;--bg:#ffffff;--soft:#f4f6f8;--accent:#0b4f8a;
--critical:#5c0a0a;--high:#b3261e;--medium:#c77700;--low:#2f6fb0;--info:#6b7580;--ok:#1e6b35}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI","DejaVu Sans","Liberation Sans",Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.5rem 3rem}
h1{font-size:2rem;margin:.2rem 0 1rem;line-height:1.2;word-break:break-word}
h2{font-size:1.45rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:3px solid var(--accent);color:var(--accent)}
h3{font-size:1.12rem;margin:1.6rem 0 .6rem}
h4{font-size:1rem;margin:0 0 .4rem}
h5{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:.7rem 0 .2rem}
p{margin:.4rem 0}
a{color:var(--accent)}
code{font-family:"DejaVu Sans Mono","Liberation Mono",Consolas,monospace;font-size:.86em;background:var(--soft);padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
.small{font-size:.8em}
.muted{color:var(--muted)}
.hash{overflow-wrap:anywhere}
.kicker{text-transform:uppercase;letter-spacing:.08em;color:var(--accent);font-weight:600;margin:0}
.restriction{border:2px solid var(--accent);border-radius:6px;padding:.5rem .75rem;margin:.75rem 0}
.title-block{border-bottom:1px solid var(--line);padding-bottom:1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-word}
.toc ol{columns:2;margin:.3rem 0;padding-left:1.4rem}
.toc h2{font-size:1rem;border:0;margin:1rem 0 .2rem;color:var(--ink)}
.verdict{display:flex;gap:1.2rem;align-items:flex-start;background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:1rem}
.grade{flex:0 0 auto;width:7.5rem;text-align:center;border-radius:8px;padding:.4rem 0 .6rem;color:#fff;border:3px solid var(--ink)}
.grade .g{display:block;font-size:3.6rem;font-weight:800;line-height:1.05}
.grade .s{display:block;font-size:.9rem;font-weight:600}
.grade-A{background:#1e6b35}.grade-B{background:#3d7f2a}.grade-C{background:#9a6a00}.grade-D{background:#b34a00}.grade-E{background:#a3231a}.grade-F{background:#5c0a0a}
.verdict-text p:first-child{font-weight:700;font-size:1.05rem}
.counts{display:flex;gap:.5rem;flex-wrap:wrap}
.count{flex:1 1 6rem;border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:.3rem .6rem}
.count .n{display:block;font-size:1.6rem;font-weight:700}
.count .l{font-size:.85rem;color:var(--muted)}
.count-critical{border-left-color:var(--critical)}.count-high{border-left-color:var(--high)}.count-medium{border-left-color:var(--medium)}.count-low{border-left-color:var(--low)}.count-info{border-left-color:var(--info)}
ol.top{padding-left:1.4rem}
ol.top li{margin:.35rem 0}
.sev,.tag,.res{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:.05rem .4rem;border-radius:3px;vertical-align:.1em;white-space:nowrap}
.sev{color:#fff}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.tag{border:1px solid var(--ink);color:var(--ink);background:#fff}
.tag-new{background:#fff3c4}
.tag-suppressed{border-style:dashed}
.tag-pass{border-color:var(--ok);color:var(--ok)}
.res{border:1px solid currentColor;background:#fff}
.res-fail{color:var(--high)}.res-pass{color:var(--ok)}.res-no-finding{color:#35663f}.res-not-run{color:var(--muted);border-style:dashed}
.finding,.pass{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;padding:.7rem .9rem;margin:.8rem 0}
/* A finding is never cut across pages; a card of many occurrences may break between them. */
.finding.single,.pass,.instance,dl.fields.shared{break-inside:avoid;page-break-inside:avoid}
.sevb-critical{border-left-color:var(--critical)}.sevb-high{border-left-color:var(--high)}.sevb-medium{border-left-color:var(--medium)}.sevb-low{border-left-color:var(--low)}
.pass{border-left-color:var(--ok)}
.is-suppressed{opacity:.85;border-style:dashed}
.finding h4{font-size:1.05rem}
.instance{border-top:1px solid var(--line);padding:.45rem 0 .3rem}
.instance:first-of-type{border-top:0;padding-top:.1rem}
.inst-head{margin:0 0 .2rem;font-size:.8rem;color:var(--muted);font-weight:600}
.msg{font-size:.97rem;margin:.1rem 0 .35rem}
dl.fields{display:grid;grid-template-columns:9.5rem 1fr;gap:.25rem .8rem;margin:.2rem 0;font-size:.9rem}
dl.fields dt{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.03em;padding-top:.15rem}
dl.fields dd{margin:0;min-width:0}
dl.fields.shared{border-top:1px dashed var(--line);padding-top:.45rem;margin-top:.3rem}
.note{padding:.05rem .3rem;border-radius:3px;background:var(--soft)}
.note-expired{border:1px solid var(--high)}
ul.locs,ul.evidence,ul.checks{margin:0;padding-left:1.1rem}
ul.locs li,ul.evidence li{margin:.05rem 0}
ul.checks{list-style:none;padding-left:0}
.meta{font-size:.78rem;color:var(--muted);margin-top:.6rem}
.md p{margin:.2rem 0}
.md ol,.md ul{margin:.2rem 0;padding-left:1.3rem}
.ref{font-weight:700;white-space:nowrap}
.see-also{border-top:1px dashed var(--line);margin-top:.6rem}
.see-also ul{padding-left:1.1rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.88rem}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
.num{display:block;text-align:right;font-variant-numeric:tabular-nums}
table.steps td:first-child,table.masvs td:not(:first-child){width:1%;white-space:nowrap}
table.steps td:nth-child(3),table.steps td:nth-child(4){width:5rem}
.result-line{font-weight:700}
tr.group th{background:#fff;color:var(--accent);border-left:0;border-right:0;padding-top:.7rem;font-size:.95rem}
ul.checks li{margin:.1rem 0 .3rem}
table.coverage td:first-child,table.checklist td:nth-child(2){white-space:nowrap;width:1%}
table.checklist td:first-child{width:2.2rem;text-align:center}
.box{display:inline-block;width:1rem;height:1rem;border:2px solid var(--ink);border-radius:2px;background:#fff}
.howto{font-size:.85rem;margin-top:.25rem}
.checklist-area{break-inside:auto}
.checklist-area h4{margin-top:1rem;color:var(--accent)}
details{margin:.8rem 0;border:1px solid var(--line);border-radius:6px;padding:.4rem .7rem}
summary{cursor:pointer;font-weight:600}
.checklist-ids code{display:inline-block;margin:.1rem 0}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{
html{font-size:9.5pt}
body{font-size:1rem}
h1{font-size:19pt;margin-bottom:.6rem}
h2{margin:0 0 .7rem}
.grade{width:9rem}
.grade .g{font-size:36pt}
.finding,.pass{padding:.5rem .7rem;margin:.55rem 0}
dl.fields{grid-template-columns:10rem 1fr}
.count .n{font-size:16pt}
main{max-width:none;padding:0}
.toc{display:none}
section.major{break-before:page;page-break-before:always}
section.major.first,section.major.empty{break-before:auto;page-break-before:auto}
h2,h3,h4{break-after:avoid;page-break-after:avoid}
.page-break{break-before:page;page-break-before:always}
a{color:inherit;text-decoration:none}
.verdict,.counts,ol.top{break-inside:avoid}
}
@media (max-width:40rem){.verdict{flex-direction:column}.toc ol{columns:1}}
`;

/** Renders the report model as one self-contained, script-free HTML document. */
export function renderHtml(model: ReportModel): string {
  const c = contextOf(model);
  const title = c.t('report.documentTitle', { app: appName(model), version: appVersion(model) }).trim();
  return `<!DOCTYPE html>
<html lang="${esc(model.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${model.tool.name} ${model.tool.version}`)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${titleBlock(c)}
${toc(c)}
${executiveSummary(c)}
${scoreSection(c)}
${findingsSection(c)}
${masvsSection(c)}
${fixedSection(c)}
${passesSection(c)}
${coverageSection(c)}
${scopeSection(c)}
${appendix(c)}
</main>
</body>
</html>
`;
}
