/**
 * @module platform/web/assets
 * The platform's one stylesheet and one script, served from /static (the CSP allows nothing inline).
 * Text colours meet WCAG AA contrast (4.5:1) on the backgrounds they are used on, the focus ring 3:1 against
 * its surroundings; focus is always visible; the layout reflows from a tablet (768 px) up, and tables wider than
 * the screen scroll inside their own frame instead of widening the page.
 */
export const STYLE = `
:root { --fg:#1b1f24; --muted:#4a5563; --line:#d3d8de; --bg:#f6f7f9; --accent:#0b5cad; --danger:#b3261e; --ok:#1e6b34;
  --navy:#12263f; --focus:#12263f; --focus-dark:#ffd166;
  --crit:#7a0d0d; --high:#b3261e; --med:#8a5a00; --low:#33557a; --info:#4a5563; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.45; }
a { color:var(--accent); }
a:hover { color:#08457f; }
/* The focus ring: dark navy on the light page, light yellow on the dark header (both above 3:1). */
:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
header.top :focus-visible { outline-color:var(--focus-dark); }
main:focus { outline:none; }
.skip { position:absolute; left:8px; top:-100px; background:#fff; color:var(--accent); padding:8px 12px; z-index:9;
  border:2px solid var(--navy); border-radius:4px; font-weight:600; }
.skip:focus { top:8px; }
header.top { display:flex; flex-wrap:wrap; gap:4px 12px; align-items:center; padding:8px 16px; background:var(--navy); color:#fff; }
header.top a { color:#fff; text-decoration:none; padding:6px 8px; border-radius:4px; }
header.top nav { display:flex; flex-wrap:wrap; gap:2px; }
header.top nav a[aria-current="page"] { background:#28476e; box-shadow:inset 0 -3px 0 #ffd166; }
header.top a:hover { background:#28476e; color:#fff; }
header.top .brand { font-weight:700; margin-right:8px; padding-left:0; }
header.top .who { margin-left:auto; display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
header.top .who .me { text-decoration:underline; text-underline-offset:3px; }
header.top .role { color:#c5d3e3; font-size:.9rem; }
header.top form { margin:0; }
header.top button.secondary { padding:6px 12px; }
main { max-width:1200px; margin:0 auto; padding:16px; }
main.narrow { max-width:560px; }
h1 { font-size:1.5rem; margin:8px 0 16px; overflow-wrap:anywhere; } h2 { font-size:1.2rem; margin:24px 0 8px; } h3 { font-size:1.05rem; margin:16px 0 8px; }
.table-wrap { overflow-x:auto; margin:0 0 16px; max-width:100%; }
table { width:100%; border-collapse:collapse; background:#fff; }
table.narrow { width:auto; min-width:280px; }
/* Tables outside a frame (pages that do not use TableWrap) keep the same space below them. */
main > table, .card > table, section > table { margin-bottom:16px; }
caption { text-align:left; padding:4px 0 6px; }
th, td { text-align:left; padding:8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f4; font-weight:600; }
tbody th { background:#f3f5f7; }
td code, dd code, li code { overflow-wrap:break-word; }
td code.file { font-size:.85rem; }
code.detail { overflow-wrap:anywhere; }
.nowrap, time { white-space:nowrap; }
time.when { white-space:normal; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px; margin-bottom:16px; }
.card > :first-child, .card > legend + * { margin-top:0; }
.card > :last-child { margin-bottom:0; }
.grid { display:grid; gap:16px; grid-template-columns:repeat(auto-fit, minmax(240px, 1fr)); align-items:start; }
form.stack { display:flex; flex-direction:column; gap:12px; max-width:520px; }
form.stack > button, form.stack > .button { align-self:flex-start; }
label { font-weight:600; display:flex; flex-direction:column; gap:4px; }
/* A checkbox and its words on one line. */
label:has(> input[type="checkbox"]), label:has(> input[type="radio"]) { flex-direction:row; align-items:center; gap:8px; }
input, select, textarea { font:inherit; font-weight:400; padding:8px; border:1px solid #6b7683; border-radius:4px; background:#fff; color:var(--fg); max-width:100%; }
input[type="checkbox"], input[type="radio"] { width:1.15rem; height:1.15rem; accent-color:var(--accent); }
::placeholder { color:#5f6b7a; opacity:1; }
button, .button { font:inherit; font-weight:600; padding:8px 14px; border:1px solid var(--accent); border-radius:4px; background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
button:hover, .button:hover { background:#08457f; color:#fff; }
button.secondary, .button.secondary { background:#fff; color:var(--accent); }
button.secondary:hover, .button.secondary:hover { background:#e8f1fb; color:#08457f; }
button.danger { background:var(--danger); border-color:var(--danger); }
button.danger:hover { background:#8c1d17; }
.inline { display:flex; gap:8px 12px; align-items:flex-end; flex-wrap:wrap; }
.inline > form { margin:0; }
form.inline { margin:0 0 12px; }
form.row-action { margin:6px 0 0; }
form.row-action button { padding:4px 10px; }
/* A form of fields side by side: each field its own column, wrapping on narrow screens. */
.fields { display:grid; gap:12px; grid-template-columns:repeat(auto-fill, minmax(200px, 1fr)); align-items:end; }
.fields.sla { grid-template-columns:repeat(auto-fill, minmax(130px, 1fr)); }
.fields .actions { display:flex; gap:12px; align-items:center; flex-wrap:wrap; }
fieldset { border:1px solid var(--line); border-radius:6px; }
fieldset.card { padding-top:8px; }
legend { font-weight:600; padding:0 6px; }
.muted { color:var(--muted); }
.visually-hidden { position:absolute; width:1px; height:1px; margin:-1px; padding:0; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; border:0; }
th.select { width:2.5rem; }
.error { color:var(--danger); font-weight:600; }
.notice { background:#e8f1fb; border:1px solid #b7d0ea; padding:10px 12px; border-radius:4px; margin:0 0 16px; }
.notice > :first-child { margin-top:0; } .notice > :last-child { margin-bottom:0; }
.sev { display:inline-block; padding:1px 8px; border-radius:10px; color:#fff; font-size:.85rem; font-weight:600; white-space:nowrap; }
.sev-critical { background:var(--crit); } .sev-high { background:var(--high); } .sev-medium { background:var(--med); }
.sev-low { background:var(--low); } .sev-info { background:var(--info); }
.status { font-weight:600; }
code, pre { font-family: ui-monospace, monospace; font-size:.9rem; }
pre { white-space:pre-wrap; word-break:break-word; background:#fff; border:1px solid var(--line); padding:8px; }
/* Definition lists read as a two-column sheet; inline ones (a finding's location) as one flowing line. */
dl { display:grid; grid-template-columns:minmax(8rem, max-content) minmax(0, 1fr); gap:6px 16px; margin:0; }
dt { font-weight:600; }
dd { margin:0; min-width:0; overflow-wrap:anywhere; }
dl.inline { display:flex; flex-wrap:wrap; gap:2px 8px; align-items:baseline; }
dl.inline dd { margin-right:12px; }
.history li { margin-bottom:8px; }
.comment { white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border-left:4px solid #9aa6b2; padding:6px 10px; margin:4px 0 0; }
nav.pager { margin:0 0 16px; }
.reports { display:flex; flex-wrap:wrap; gap:8px; align-items:center; }
progress { width:100%; height:14px; accent-color:var(--accent); }
/* The compliance heatmap (web/heatmap.tsx): a band per cell, always with its percentage and counts in words. */
.heat { border-left:6px solid transparent; }
td.heat { min-width:8rem; }
.heat-good { background:#e3f1e6; border-left-color:#1e6b34; }
.heat-fair { background:#fdf1d6; border-left-color:#8a5a00; }
.heat-poor { background:#f9e0de; border-left-color:#b3261e; }
.heat-none { background:#f3f5f7; border-left-color:#9aa6b2; }
.heat-score { display:block; font-weight:700; font-size:1.05rem; }
.heat-counts { display:block; font-size:.85rem; }
.heat-items { font-weight:400; font-size:.85rem; }
.heat-legend .heat { display:inline-block; padding:1px 8px; margin-right:4px; border-radius:4px; }
/* A provider's compliance items (web/pages/compliance.tsx): an area's header row, and the filter form. */
table.compliance-items tr.group th { background:#e4e9ee; border-top:2px solid #9aa6b2; font-size:1rem; }
form.filters { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:flex-end; margin:0 0 16px; }
form.filters label { display:flex; flex-direction:column; gap:2px; }
/* Differences between two versions of a document (services/text-diff.ts). */
.diff { border-collapse:collapse; font-family:ui-monospace, monospace; font-size:.85rem; }
.diff td { padding:0 6px; vertical-align:top; white-space:pre-wrap; }
.diff-hunk td { background:#eef1f4; color:#3d4852; }
.diff-removed { background:#fbe9e7; }
.diff-added { background:#e6f4ea; }
.diff del, .diff ins { text-decoration:none; }
footer.bottom { max-width:1200px; margin:24px auto 0; padding:12px 16px 24px; border-top:1px solid var(--line); color:var(--muted); }
footer.bottom form.inline { margin:0; align-items:center; }
/* Server-rendered SVG charts (resilience radar and bars): scaled down to the page. */
.chart { overflow-x:auto; margin-bottom:16px; }
.chart svg { max-width:100%; height:auto; }
/* TLP 2.0 markings: the colours of the standard, always with the label in words. */
.tlp { font-weight:700; padding:1px 6px; border-radius:3px; background:#000; color:#fff; white-space:nowrap; }
.tlp.tlp-red { color:#ff2b2b; } .tlp.tlp-amber, .tlp.tlp-amber-strict { color:#ffc000; } .tlp.tlp-green { color:#33ff00; }
.tlp-banner { font-size:1.05em; } .tlp-banner.tlp-red { border-color:#ff2b2b; background:#fdecec; }
.tlp-banner.tlp-amber, .tlp-banner.tlp-amber-strict { border-color:#ffc000; background:#fff6da; }
.tlp-banner.tlp-green { border-color:#2e9d00; background:#eaf8e4; }
.markdown > :first-child { margin-top:0; }
ul.links { padding-left:20px; }
/* The severity and app of a manual result matter for a failure only: hidden, without script, for the others. */
form:has(input[name="result"]):not(:has(input[name="result"][value="fail"]:checked)) .for-failure { display:none; }
ul.inline.links { list-style:none; padding:0; margin:0; align-items:baseline; }
ol.phases { display:flex; flex-wrap:wrap; gap:4px; list-style:none; padding:0; margin:8px 0 12px; }
ol.phases li { padding:2px 10px; border:1px solid var(--line); border-radius:12px; background:#fff; font-size:.9rem; }
ol.phases li.done { background:#eef1f4; }
ol.phases li.current { background:var(--navy); border-color:var(--navy); color:#fff; }
.phase, .result { white-space:nowrap; }
.result-pass { color:var(--ok); }
.result-fail { color:var(--danger); }
@media (max-width: 900px) {
  main { padding:12px; }
  th, td { padding:6px; }
}
@media (max-width: 700px) {
  th, td { padding:6px 4px; font-size:.9rem; }
  header.top .who { margin-left:0; }
  dl { grid-template-columns:minmax(0, 1fr); gap:2px; }
  dd { margin-bottom:6px; }
}
`;

/**
 * Adds the session's CSRF token (from <meta name="csrf-token">) to every htmx request, and makes a table frame
 * that scrolls sideways focusable (and named) so it can be scrolled from the keyboard; one that fits needs no
 * extra tab stop.
 */
export const SCRIPT = `
document.addEventListener('htmx:configRequest', function (e) {
  var m = document.querySelector('meta[name="csrf-token"]');
  if (m) e.detail.headers['x-csrf-token'] = m.getAttribute('content');
});
function dfslabMarkScrollingTables() {
  var frames = document.querySelectorAll('.table-wrap');
  for (var i = 0; i < frames.length; i++) {
    var w = frames[i];
    if (w.scrollWidth > w.clientWidth + 1) {
      var c = w.querySelector('caption');
      w.setAttribute('tabindex', '0');
      w.setAttribute('role', 'region');
      w.setAttribute('aria-label', (c && c.textContent.trim() ? c.textContent.trim() : 'Table') + ' (scrolls sideways)');
    } else {
      w.removeAttribute('tabindex');
      w.removeAttribute('role');
      w.removeAttribute('aria-label');
    }
  }
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', dfslabMarkScrollingTables);
else dfslabMarkScrollingTables();
window.addEventListener('resize', dfslabMarkScrollingTables);
`;
