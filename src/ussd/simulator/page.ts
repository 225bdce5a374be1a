/**
 * @module ussd/simulator/page
 * The simulator's one page: a phone (screen, dial pad, Call/Send and End) and the session's transcript beside
 * it. Self-contained: one `<style>` and one `<script>`, both carrying the response's CSP nonce, nothing loaded
 * from anywhere. Only the target's facts known to the simulator (service code, callers) are written into the
 * HTML, escaped with `esc`; everything the *target* answers arrives later through the API and is set with
 * `textContent` only: the target is untrusted, and a screen is text, never markup.
 */
import { esc } from '../../report/html-escape.js';
import type { SimulatorInfo } from './server.js';

export function renderSimulatorPage(info: SimulatorInfo, nonce: string): string {
  const n = esc(nonce);
  const callers = info.callers
    .map((c) => `<option value="${esc(c.msisdn)}"${c.msisdn === info.defaultCaller ? ' selected' : ''}>${esc(c.role)} · +${esc(c.msisdn)}</option>`)
    .join('');
  const keys = [
    ['1', ''], ['2', 'abc'], ['3', 'def'],
    ['4', 'ghi'], ['5', 'jkl'], ['6', 'mno'],
    ['7', 'pqrs'], ['8', 'tuv'], ['9', 'wxyz'],
    ['*', ''], ['0', '+'], ['#', ''],
  ]
    .map(([k, sub]) => `<button type="button" class="key" data-key="${esc(k)}" aria-label="${esc(k)}">${esc(k)}<small>${esc(sub)}</small></button>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>USSD simulator · ${esc(info.target)}</title>
<link rel="icon" href="data:,">
<style nonce="${n}">${CSS}</style>
</head>
<body>
<main id="app" data-max-chars="${esc(info.maxScreenChars)}" data-service-code="${esc(info.serviceCode)}" data-max-field="${esc(info.limits.maxFieldChars)}">
<header class="top">
  <h1>USSD simulator</h1>
  <p class="meta"><span>${esc(info.target)}</span> · <span>${esc(info.dialect.name)}</span> (<code>${esc(info.dialect.id)}</code>) · <code>${esc(info.endpoint)}</code></p>
</header>
<div class="cols">
<section class="phone" aria-label="phone">
  <label class="caller">Calling as <select id="caller">${callers}</select></label>
  <div class="body">
    <div class="screen" id="screen" aria-live="polite">
      <p class="status" id="status" data-state="idle">Idle</p>
      <p class="text" id="screen-text">Dial the service code and press Call.</p>
      <p class="text cut" id="screen-cut" hidden></p>
      <p class="warning" id="warning" hidden></p>
      <label class="reply" id="reply" hidden>Reply <input id="input" type="text" autocomplete="off" spellcheck="false" maxlength="${esc(info.limits.maxFieldChars)}"></label>
    </div>
    <div class="dialline">
      <input id="dial" type="text" inputmode="tel" autocomplete="off" spellcheck="false" aria-label="number to dial" maxlength="40" value="${esc(info.serviceCode)}">
      <button type="button" id="del" class="del" aria-label="delete last character">⌫</button>
    </div>
    <div class="pad">${keys}</div>
    <div class="actions">
      <button type="button" id="call" class="call">Call</button>
      <button type="button" id="end" class="end">End</button>
    </div>
  </div>
  <p class="hint">Service code <code>${esc(info.serviceCode)}</code>. Every hop goes through the target's rate limit (${esc(info.limits.ratePerSecond)}/s) and request budget (<span id="budget">${esc(info.limits.maxRequests)} left</span>).</p>
</section>
<section class="log" aria-label="transcript">
  <div class="loghead"><h2>Transcript</h2><span id="session-id" class="sid"></span><button type="button" id="clear" class="clear">Clear</button></div>
  <p class="empty" id="empty">Each hop appears here: what was sent in the ${esc(info.dialect.name)} format and what came back, with timing.</p>
  <ol id="transcript" class="hops"></ol>
</section>
</div>
</main>
<script nonce="${n}">${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#eef1f5}
code,pre,.screen .text,#dial,#input{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
main{max-width:1200px;margin:0 auto;padding:16px}
.top h1{font-size:1.3rem;margin:0}
.meta{margin:.2rem 0 1rem;color:#566070;font-size:.9rem;overflow-wrap:anywhere}
.cols{display:grid;grid-template-columns:minmax(280px,360px) minmax(0,1fr);gap:20px;align-items:start}
@media (max-width:760px){.cols{grid-template-columns:minmax(0,1fr)}main{padding:10px}}
.phone{display:flex;flex-direction:column;gap:8px}
.caller{font-size:.9rem;color:#566070}
.caller select{margin-left:6px;font:inherit;padding:3px 6px;max-width:100%}
.body{background:#20252d;border-radius:30px;padding:18px 16px 22px;box-shadow:0 6px 20px rgba(0,0,0,.25)}
.screen{background:#dfe9d8;color:#15200f;border-radius:10px;min-height:210px;padding:10px 12px;border:3px solid #0d1013;display:flex;flex-direction:column;gap:6px}
.screen .status{margin:0;font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:#4d5c45}
.screen .status[data-state=busy]{color:#7a5a00}
.screen .status[data-state=error]{color:#a01818}
.screen .text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92rem}
.screen .cut{color:#8a4a4a;text-decoration:line-through;opacity:.75}
.warning{margin:0;background:#fff1c7;border:1px solid #d9a300;color:#5c4300;border-radius:6px;padding:4px 6px;font-size:.8rem}
.reply{display:flex;align-items:center;gap:6px;font-size:.85rem}
.reply input{flex:1;min-width:0;font-size:1rem;padding:4px 6px;border:1px solid #6b7a63;border-radius:4px;background:#f6fbf2}
.dialline{display:flex;gap:6px;margin:12px 0 10px}
#dial{flex:1;min-width:0;font-size:1.3rem;text-align:center;background:#2c333d;color:#fff;border:0;border-radius:8px;padding:6px}
.del{background:#2c333d;color:#cfd6df;border:0;border-radius:8px;font-size:1.1rem;padding:0 12px;cursor:pointer}
.pad{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.key{background:#39414d;color:#fff;border:0;border-radius:14px;font-size:1.35rem;padding:8px 0 4px;cursor:pointer;display:flex;flex-direction:column;align-items:center;line-height:1.1}
.key small{font-size:.6rem;color:#aab3bf;min-height:.8em;letter-spacing:.08em;text-transform:uppercase}
.key:active,.del:active{background:#4b5563}
.actions{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin-top:12px}
.actions button{border:0;border-radius:22px;padding:10px;font-size:1rem;font-weight:600;color:#fff;cursor:pointer}
.call{background:#1f9d4c}.end{background:#d23b3b}
button:disabled{opacity:.5;cursor:progress}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #5aa0ff;outline-offset:2px}
.hint{font-size:.8rem;color:#566070;margin:0}
.log{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 4px rgba(0,0,0,.08);min-width:0}
.loghead{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.loghead h2{font-size:1.05rem;margin:0}
.sid{font-size:.8rem;color:#566070;overflow-wrap:anywhere;flex:1}
.clear{font:inherit;font-size:.8rem;background:#eef1f5;border:1px solid #c9d0da;border-radius:6px;padding:2px 8px;cursor:pointer}
.empty{color:#566070;font-size:.9rem}
.hops{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-direction:column;gap:10px}
.hop{border:1px solid #dde2e8;border-radius:8px;padding:8px 10px}
.hop.failed{border-color:#e3a0a0;background:#fff7f7}
.hop .title{font-weight:600;font-size:.9rem;display:flex;flex-wrap:wrap;gap:4px 10px}
.hop .timing{font-weight:400;color:#566070}
.hop h3{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:#566070;margin:8px 0 2px}
.hop pre{margin:0;background:#f5f7fa;border-radius:6px;padding:6px 8px;font-size:.8rem;white-space:pre-wrap;overflow-wrap:anywhere;max-height:16em;overflow:auto}
.hop details summary{cursor:pointer;font-size:.8rem;color:#3b4a5e;margin-top:4px}
.note{color:#566070;font-size:.85rem;font-style:italic;padding:0 4px}
.hop .err{color:#a01818;font-size:.85rem;margin:6px 0 0;overflow-wrap:anywhere}
`;

/*
 * The page script. Written without template literals so it can sit inside this module's template string.
 * Target data only ever reaches the DOM through textContent.
 */
const SCRIPT = `
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  var app = byId('app');
  var maxChars = Number(app.getAttribute('data-max-chars')) || 182;
  var maxField = Number(app.getAttribute('data-max-field')) || 200;
  var serviceCode = app.getAttribute('data-service-code') || '';
  var dialEl = byId('dial'), inputEl = byId('input'), replyEl = byId('reply');
  var textEl = byId('screen-text'), cutEl = byId('screen-cut'), warnEl = byId('warning'), statusEl = byId('status');
  var callBtn = byId('call'), endBtn = byId('end'), callerEl = byId('caller');
  var logEl = byId('transcript'), emptyEl = byId('empty'), sidEl = byId('session-id'), budgetEl = byId('budget');
  var state = { sessionId: null, busy: false };

  function setStatus(kind, text) {
    statusEl.setAttribute('data-state', kind);
    statusEl.textContent = text;
  }

  function chars(s) { return Array.from(s); }

  function showScreen(text) {
    var all = chars(text);
    textEl.textContent = all.slice(0, maxChars).join('');
    if (all.length > maxChars) {
      cutEl.textContent = all.slice(maxChars).join('');
      cutEl.hidden = false;
      warnEl.textContent = 'This screen has ' + all.length + ' characters; handsets show at most ' + maxChars + ', so the struck-through rest would be cut off.';
      warnEl.hidden = false;
    } else {
      cutEl.textContent = '';
      cutEl.hidden = true;
      warnEl.textContent = '';
      warnEl.hidden = true;
    }
  }

  function refresh() {
    var open = state.sessionId !== null;
    replyEl.hidden = !open;
    dialEl.disabled = open || state.busy;
    callBtn.textContent = open ? 'Send' : 'Call';
    callBtn.disabled = state.busy;
    endBtn.disabled = state.busy;
    if (open && !state.busy) inputEl.focus();
  }

  function field() { return state.sessionId !== null ? inputEl : dialEl; }

  function typeKey(k) {
    var f = field();
    if (f.disabled || chars(f.value).length >= (f === dialEl ? 40 : maxField)) return;
    f.value += k;
  }

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function headerText(h) {
    return Object.keys(h).map(function (k) { return k + ': ' + h[k]; }).join('\\n');
  }

  function addHop(h) {
    emptyEl.hidden = true;
    var li = node('li', 'hop' + (h.error ? ' failed' : ''));
    li.setAttribute('data-kind', h.kind);
    var title = node('div', 'title');
    var what = h.kind === 'dial' ? 'Dial' : h.kind === 'release' ? 'Release (hang up)' : 'Input ' + JSON.stringify(h.input);
    title.appendChild(node('span', '', '#' + h.id + ' ' + what));
    title.appendChild(node('span', 'timing', (h.response ? 'HTTP ' + h.response.status + ' · ' : '') + h.elapsedMs + ' ms · at +' + h.atMs + ' ms'));
    li.appendChild(title);
    li.appendChild(node('h3', '', 'Sent'));
    li.appendChild(node('pre', 'req', h.request.method + ' ' + h.request.url + (h.request.body !== undefined ? '\\n\\n' + h.request.body : '')));
    var rd = node('details');
    rd.appendChild(node('summary', '', 'request headers'));
    rd.appendChild(node('pre', '', headerText(h.request.headers)));
    li.appendChild(rd);
    if (h.response) {
      li.appendChild(node('h3', '', 'Received' + (h.response.truncated ? ' (cut at the size limit)' : '')));
      li.appendChild(node('pre', 'res', h.response.body));
      var sd = node('details');
      sd.appendChild(node('summary', '', 'response headers'));
      sd.appendChild(node('pre', '', headerText(h.response.headers)));
      li.appendChild(sd);
    }
    if (h.error) li.appendChild(node('p', 'err', h.error.code + ': ' + h.error.message));
    logEl.appendChild(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function showError(err) {
    setStatus('error', 'Error');
    showScreen((err && err.code ? err.code + '\\n' : '') + (err && err.message ? err.message : 'the simulator did not answer'));
  }

  function apply(res) {
    var b = res.body || {};
    if (!res.ok) {
      if (res.status === 404 && state.sessionId !== null) state.sessionId = null;
      showError(b.error);
      return;
    }
    (b.transcript || []).forEach(addHop);
    if (b.budget) budgetEl.textContent = b.budget.left + ' left';
    if (b.gatewaySessionId) sidEl.textContent = 'session ' + b.gatewaySessionId + ' · caller +' + b.caller;
    if (b.screen) showScreen(b.screen.text);
    if (b.ended) {
      state.sessionId = null;
      dialEl.value = serviceCode;
      if (b.error) {
        showError(b.error);
        setStatus('ended', 'Session failed');
      } else setStatus('ended', 'Session ended');
    } else {
      state.sessionId = b.sessionId;
      setStatus('open', 'Waiting for your reply');
    }
    inputEl.value = '';
  }

  function post(path, body) {
    state.busy = true;
    setStatus('busy', 'Waiting for the service…');
    refresh();
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; }, function () {
          return { ok: false, status: r.status, body: { error: { code: 'DFSLAB_E_USAGE', message: 'the simulator answered HTTP ' + r.status + ' without JSON' } } };
        });
      }, function (e) {
        return { ok: false, status: 0, body: { error: { code: 'DFSLAB_E_USAGE', message: 'cannot reach the simulator (' + e.message + '); is dfslab ussd simulate still running?' } } };
      })
      .then(function (res) { state.busy = false; apply(res); refresh(); return res; });
  }

  function call() {
    if (state.busy) return;
    if (state.sessionId !== null) post('/api/send', { sessionId: state.sessionId, input: inputEl.value });
    else post('/api/dial', { caller: callerEl.value, dialString: dialEl.value.trim() });
  }

  function end() {
    if (state.busy) return;
    if (state.sessionId !== null) {
      var id = state.sessionId;
      post('/api/end', { sessionId: id }).then(function (res) {
        if (!res.ok) return;
        if (statusEl.getAttribute('data-state') === 'ended') setStatus('ended', 'Session ended (you hung up)');
        if (!(res.body.transcript || []).length) {
          emptyEl.hidden = true;
          logEl.appendChild(node('li', 'note', 'You hung up. This gateway has no release message, so nothing was sent; the application only sees the session go quiet.'));
        }
      });
    } else {
      dialEl.value = '';
      refresh();
      dialEl.focus();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-key]'), function (b) {
    b.addEventListener('click', function () { typeKey(b.getAttribute('data-key')); });
  });
  byId('del').addEventListener('click', function () {
    var f = field();
    if (!f.disabled) f.value = chars(f.value).slice(0, -1).join('');
  });
  byId('clear').addEventListener('click', function () {
    while (logEl.firstChild) logEl.removeChild(logEl.firstChild);
    emptyEl.hidden = false;
  });
  callBtn.addEventListener('click', call);
  endBtn.addEventListener('click', end);
  [dialEl, inputEl].forEach(function (f) {
    f.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); call(); }
      else if (e.key === 'Escape') { e.preventDefault(); end(); }
    });
  });
  refresh();
})();
`;
