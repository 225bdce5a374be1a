/**
 * @module checks/android/webview/web-assets-support
 * Reading the web app a hybrid Android app ships (HTML and JavaScript under `assets/`), for
 * `android.webview.untrusted-content`: where its own scripts write HTML from a variable (DOM XSS sinks),
 * whether its pages declare a Content Security Policy, and which files are the framework's or a vendor
 * library's rather than the app's. This is pattern matching on text, not a JavaScript parser: it finds the
 * sinks, it does not prove that untrusted data reaches them.
 */
import type { AndroidApp } from '../../../app/android.js';
import { isDfslabError } from '../../../errors.js';

/** One place where a script writes HTML or code from a non-literal value. */
export interface ScriptSink {
  path: string;
  /** 1-based line number. */
  line: number;
  /** The sink, e.g. `innerHTML`, `document.write`, `eval`. */
  sink: string;
  /** The source line, trimmed and cut. */
  text: string;
}

// Assignment to innerHTML/outerHTML whose right-hand side is not just a string literal.
const HTML_ASSIGNMENT = /\.(innerHTML|outerHTML)\s*\+?=\s*(?!\s*(?:'[^'\\\n]*'|"[^"\\\n]*"|`[^`$\\]*`)\s*(?:;|$))/;
const CALL_SINKS: ReadonlyArray<{ re: RegExp; sink: string }> = [
  { re: /\bdocument\.write(?:ln)?\s*\(\s*(?!\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\))/, sink: 'document.write' },
  { re: /\.insertAdjacentHTML\s*\(\s*[^,]+,\s*(?!\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\))/, sink: 'insertAdjacentHTML' },
  { re: /(?<![\w.$])eval\s*\(\s*(?!\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\))/, sink: 'eval' },
  { re: /\.html\s*\(\s*(?!\s*\)|\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\))/, sink: 'jQuery .html()' },
];

/** The HTML/code-injection sinks of one script (or the inline scripts of an HTML page). */
export function findScriptSinks(path: string, text: string, max = 20): ScriptSink[] {
  const out: ScriptSink[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const line = lines[i]!;
    if (line.length > 2000) continue; // minified bundles: vendor code, not the app's own
    const trimmed = line.trim();
    if (trimmed.startsWith('//') || trimmed.startsWith('*')) continue;
    const m = HTML_ASSIGNMENT.exec(line);
    if (m) {
      out.push({ path, line: i + 1, sink: m[1]!, text: cut(trimmed) });
      continue;
    }
    for (const { re, sink } of CALL_SINKS) {
      if (re.test(line)) {
        out.push({ path, line: i + 1, sink, text: cut(trimmed) });
        break;
      }
    }
  }
  return out;
}

function cut(s: string): string {
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

/** Whether an HTML page declares a Content Security Policy in a `<meta http-equiv>` element. */
export function declaresContentSecurityPolicy(html: string): boolean {
  return /<meta[^>]+http-equiv\s*=\s*["']?content-security-policy/i.test(html);
}

// Framework runtimes and vendor libraries: their sinks are theirs, not the app's.
const VENDOR_SCRIPT = /(^|\/)(cordova(_plugins)?\.js|cordova-js-src\/|capacitor(\.[a-z]+)?\.js|(jquery|angular|react|react-dom|vue|bootstrap|lodash|underscore|backbone|ionic|zepto|moment|polyfills?|vendor|runtime|hammer|require|d3|chart|three|socket\.io)[\w.-]*\.js$|[\w.-]+\.min\.js$|node_modules\/|\/lib\/|\/libs\/|\/vendor\/)/i;

export function isVendorScript(path: string): boolean {
  return VENDOR_SCRIPT.test(path);
}

export interface WebAssets {
  /** HTML pages under assets/. */
  pages: string[];
  /** Pages that declare a CSP. */
  pagesWithCsp: string[];
  /** Sinks in the app's own scripts and inline page scripts. */
  sinks: ScriptSink[];
}

const MAX_FILE_BYTES = 1 << 20;
const MAX_TOTAL_BYTES = 8 << 20;

/** The packaged web app under `assets/` (bounded reads; unreadable entries are skipped). */
export function readWebAssets(app: AndroidApp): WebAssets {
  const out: WebAssets = { pages: [], pagesWithCsp: [], sinks: [] };
  let total = 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (const f of app.files) {
    if (!f.path.startsWith('assets/')) continue;
    const isPage = /\.html?$/i.test(f.path);
    const isScript = /\.js$/i.test(f.path) && !isVendorScript(f.path);
    if (!isPage && !isScript) continue;
    if (f.size > MAX_FILE_BYTES || total + f.size > MAX_TOTAL_BYTES) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = app.read(f.path, f.archive);
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      continue;
    }
    if (!bytes) continue;
    total += bytes.length;
    const text = decoder.decode(bytes);
    if (isPage) {
      out.pages.push(f.path);
      if (declaresContentSecurityPolicy(text)) out.pagesWithCsp.push(f.path);
    }
    out.sinks.push(...findScriptSinks(f.path, text));
  }
  return out;
}
