/**
 * @module platform/web/assets
 * The platform's one stylesheet and one script, served from /static (the CSP allows nothing inline).
 * Colours meet WCAG AA contrast on white; focus is always visible; the layout reflows from a tablet up.
 */
export const STYLE = `
:root { --fg:#1b1f24; --muted:#4a5563; --line:#d3d8de; --bg:#f6f7f9; --accent:#0b5cad; --danger:#b3261e; --ok:#1e6b34;
  --crit:#7a0d0d; --high:#b3261e; --med:#8a5a00; --low:#33557a; --info:#4a5563; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.45; }
a { color:var(--accent); }
:focus-visible { outline:3px solid #f2a900; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:6px; z-index:9; }
header.top { display:flex; flex-wrap:wrap; gap:12px; align-items:center; padding:8px 16px; background:#12263f; color:#fff; }
header.top a { color:#fff; text-decoration:none; padding:6px 8px; border-radius:4px; }
header.top a[aria-current="page"], header.top a:hover { background:#28476e; }
header.top .brand { font-weight:700; margin-right:12px; }
header.top .who { margin-left:auto; display:flex; gap:8px; align-items:center; }
header.top form { margin:0; }
main { max-width:1200px; margin:0 auto; padding:16px; }
h1 { font-size:1.5rem; margin:8px 0 16px; } h2 { font-size:1.2rem; margin:24px 0 8px; }
table { width:100%; border-collapse:collapse; background:#fff; }
th, td { text-align:left; padding:8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f4; font-weight:600; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px; margin-bottom:16px; }
.grid { display:grid; gap:16px; grid-template-columns:repeat(auto-fit, minmax(240px, 1fr)); }
form.stack { display:flex; flex-direction:column; gap:10px; max-width:520px; }
label { font-weight:600; display:flex; flex-direction:column; gap:4px; }
input, select, textarea { font:inherit; padding:8px; border:1px solid #8a949e; border-radius:4px; background:#fff; color:var(--fg); }
button, .button { font:inherit; padding:8px 14px; border:0; border-radius:4px; background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
button.danger { background:var(--danger); }
.inline { display:inline-flex; gap:8px; align-items:end; flex-wrap:wrap; }
.muted { color:var(--muted); }
.error { color:var(--danger); font-weight:600; }
.notice { background:#e8f1fb; border:1px solid #b7d0ea; padding:10px; border-radius:4px; }
.sev { display:inline-block; padding:1px 8px; border-radius:10px; color:#fff; font-size:.85rem; font-weight:600; }
.sev-critical { background:var(--crit); } .sev-high { background:var(--high); } .sev-medium { background:var(--med); }
.sev-low { background:var(--low); } .sev-info { background:var(--info); }
.status { font-weight:600; }
code, pre { font-family: ui-monospace, monospace; font-size:.9rem; }
pre { white-space:pre-wrap; word-break:break-word; background:#fff; border:1px solid var(--line); padding:8px; }
progress { width:100%; height:14px; }
@media (max-width: 700px) { th, td { padding:6px 4px; font-size:.9rem; } header.top .who { margin-left:0; } }
`;

/** Adds the session's CSRF token (from <meta name="csrf-token">) to every htmx request. */
export const SCRIPT = `
document.addEventListener('htmx:configRequest', function (e) {
  var m = document.querySelector('meta[name="csrf-token"]');
  if (m) e.detail.headers['x-csrf-token'] = m.getAttribute('content');
});
`;
