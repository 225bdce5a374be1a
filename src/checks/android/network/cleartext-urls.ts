import type { AndroidApp } from '../../../app/android.js';
import type { CallSite } from '../../../formats/dex/index.js';
import type { Location } from '../../../findings/types.js';
import {
  argumentsFromCallers, byMethod, callsNamed, quote, shortCall, showExpr, stringArg, type StringExpr,
} from '../code/dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';
import { baseArchive, defineAndroidCheck, isLibrary, refs } from '../support.js';

/** Calls that open or configure an HTTP request from a URL string, with the argument (receiver = 0) holding it. */
const URL_SINKS: ReadonlyArray<{ cls: string; name: string; arg: number }> = [
  { cls: 'Ljava/net/URL;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpGet;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpPost;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpPut;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpDelete;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpPatch;', name: '<init>', arg: 1 },
  { cls: 'Lorg/apache/http/client/methods/HttpHead;', name: '<init>', arg: 1 },
  { cls: 'Lokhttp3/Request$Builder;', name: 'url', arg: 1 },
  { cls: 'Lcom/squareup/okhttp/Request$Builder;', name: 'url', arg: 1 },
  { cls: 'Lokhttp3/HttpUrl;', name: 'parse', arg: 0 },
  { cls: 'Lokhttp3/HttpUrl;', name: 'get', arg: 0 },
  { cls: 'Lretrofit2/Retrofit$Builder;', name: 'baseUrl', arg: 1 },
  { cls: 'Lretrofit/RestAdapter$Builder;', name: 'setEndpoint', arg: 1 },
  { cls: 'Lcom/android/volley/toolbox/StringRequest;', name: '<init>', arg: -1 },
  { cls: 'Lcom/android/volley/toolbox/JsonObjectRequest;', name: '<init>', arg: -1 },
  { cls: 'Lcom/android/volley/toolbox/JsonArrayRequest;', name: '<init>', arg: -1 },
  { cls: 'Lcom/android/volley/toolbox/ImageRequest;', name: '<init>', arg: -1 },
];
/** WebView navigation, looked up by name because subclasses of WebView are called directly. */
const WEBVIEW_SINKS = ['loadUrl', 'postUrl'];

/** Hosts that are not remote endpoints: the device itself, the emulator's host alias, placeholders. */
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|10\.0\.2\.2|10\.0\.3\.2|\[::1?\])$/i;
/** Well-known URLs that name a vocabulary, licence or schema, not a server the app talks to. */
const NOT_AN_ENDPOINT = /^(schemas\.android\.com|www\.w3\.org|w3\.org|ns\.adobe\.com|schemas\.xmlsoap\.org|schemas\.microsoft\.com|purl\.org|xmlpull\.org|www\.apache\.org|apache\.org|json-schema\.org|xml\.org|www\.example\.(com|org|net)|example\.(com|org|net)|schema\.org|www\.google\.com\/schemas|java\.sun\.com|xmlns\.jcp\.org|javax\.xml\.XMLConstants)(\/|$)/i;

/** The host of an http:// URL text, or undefined when the text is not one. */
function httpHost(text: string): string | undefined {
  const m = /^\s*http:\/\/([^/?#:\s]*)/i.exec(text);
  return m ? m[1]! : undefined;
}

/** Leading constant text of a built URL (up to the first non-constant part). */
function leadingText(e: StringExpr): { text: string; complete: boolean } {
  let text = '';
  for (const p of e.parts) {
    if (p.kind !== 'const') return { text, complete: false };
    text += p.text;
  }
  return { text, complete: true };
}

/** Whether a built URL is a cleartext URL to a remote host: 'yes', 'host-unknown' ("http://" + host), or no. */
function cleartext(e: StringExpr): 'yes' | 'host-unknown' | undefined {
  const { text, complete } = leadingText(e);
  if (!/^\s*http:\/\//i.test(text)) return undefined;
  const host = httpHost(text)!;
  const hostDone = complete || /^\s*http:\/\/[^/?#\s]*[/?#:]/i.test(text);
  if (!hostDone && host === '') return 'host-unknown';
  if (!hostDone) return 'host-unknown';
  if (LOCAL_HOST.test(host) || NOT_AN_ENDPOINT.test(text.replace(/^\s*http:\/\//i, ''))) return undefined;
  if (!host.includes('.') && !host.startsWith('[')) return undefined; // a placeholder such as "server"
  return 'yes';
}

interface Use {
  site: CallSite;
  expr: StringExpr;
  kind: 'yes' | 'host-unknown';
  via?: CallSite;
}

/** Text files of the app that configure endpoints; scripts and pages only where a URL is loaded, not commented. */
const CONFIG_FILE = /\.(json|xml|properties|ya?ml|conf|cfg|ini|txt|env|plist)$/i;
const SCRIPT_FILE = /\.(js|html?|mjs)$/i;
const MAX_ASSET_BYTES = 256 * 1024;
const MAX_ASSETS = 400;
const URL_IN_TEXT = /http:\/\/[A-Za-z0-9.\-[\]:]+(?:\/[^\s"'<>`)\\]*)?/g;
const LOADED_IN_SCRIPT = /(fetch|open|ajax|get|post|src|action|href|url|endpoint|baseurl|host|server|api)\s*[:=(,]\s*['"`]\s*$/i;

interface TextHit {
  path: string;
  archive: string | undefined;
  key: string | undefined;
  url: string;
}

function scanResources(app: AndroidApp): TextHit[] {
  const res = app.resources;
  if (!res) return [];
  const out: TextHit[] = [];
  for (const e of res.entries('string')) {
    const v = res.resolveDefault(e.id)?.string;
    if (v === undefined || v.length > 2048) continue;
    const url = /^\s*(http:\/\/\S+)\s*$/i.exec(v)?.[1];
    if (url && cleartext({ parts: [{ kind: 'const', text: url }] }) === 'yes') out.push({ path: 'resources.arsc', archive: baseArchive(app), key: `string/${e.name}`, url });
  }
  return out;
}

function scanAssets(app: AndroidApp): TextHit[] {
  const out: TextHit[] = [];
  let scanned = 0;
  for (const f of app.files) {
    if (!(f.path.startsWith('assets/') || f.path.startsWith('res/raw/'))) continue;
    const config = CONFIG_FILE.test(f.path);
    if ((!config && !SCRIPT_FILE.test(f.path)) || f.size > MAX_ASSET_BYTES || ++scanned > MAX_ASSETS) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = app.read(f.path, f.archive);
    } catch {
      continue; // an unreadable entry is the zip layer's anomaly to report, not a URL
    }
    if (!bytes || bytes.includes(0)) continue;
    const text = Buffer.from(bytes).toString('utf8');
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (/^(\/\/|\/?\*|#|<!--)/.test(trimmed)) continue;
      for (const m of line.matchAll(URL_IN_TEXT)) {
        const url = m[0];
        if (cleartext({ parts: [{ kind: 'const', text: url }] }) !== 'yes') continue;
        if (!config && !LOADED_IN_SCRIPT.test(line.slice(0, m.index).slice(-40))) continue;
        out.push({ path: f.path, archive: f.archive, key: undefined, url });
        if (out.length >= 50) return out;
      }
    }
  }
  return out;
}

export default defineAndroidCheck({
  id: 'android.network.cleartext-urls',
  meta: {
    title: 'Hard-coded http:// endpoint used by the app',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-46', 'APP-13', 'APP-49'] }),
    description: [
      'Finds URLs with the `http://` scheme that the code passes to a network or WebView call — `new URL`, Apache `HttpGet`/`HttpPost`/…, OkHttp `Request.Builder.url` and `HttpUrl.parse`, Retrofit `baseUrl`, Volley requests, `WebView.loadUrl`/`postUrl` — whether written as one constant or built from one (`"http://" + serverIp + ":" + port + "/login"`, a field that always holds `"http://"`). When the URL is a parameter, the callers (up to 12) are examined.',
      '',
      'It also lists `http://` URLs in string resources and in configuration assets (JSON, XML, properties, …; in scripts and pages only where a URL is loaded, not in comments), at lower confidence because the code that reads them is not traced.',
      '',
      'Requests to such URLs travel unencrypted: anyone on the same Wi-Fi, a rogue access point or the network operator can read credentials, PINs and balances and change responses (CWE-319). Local addresses (`localhost`, `127.0.0.1`, the emulator\'s `10.0.2.2`), XML namespace and licence URLs, and URL text that is only displayed are not reported.',
      '',
      'Library policy: bundled library code is not reported.',
    ].join('\n'),
    manual:
      'Run the app behind an intercepting proxy (or capture with tcpdump on a test network) and exercise the reported functions; check whether the requests leave in clear text. Check whether the network security config permits cleartext for that host.',
    remediation:
      'Use `https://` for every endpoint, set `cleartextTrafficPermitted="false"` in the network security config (or `usesCleartextTraffic="false"`), and build URLs from a single HTTPS base; never let a user-entered server address downgrade the scheme.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const uses: Use[] = [];
    const sites: Array<{ site: CallSite; arg: number }> = [];
    for (const s of URL_SINKS) {
      for (const site of code.callsTo(s.cls, s.name)) {
        const arg = s.arg >= 0 ? s.arg : site.target.proto.params.indexOf('Ljava/lang/String;') + 1;
        if (arg > 0 || (s.arg === 0 && site.target.proto.params[0] === 'Ljava/lang/String;')) sites.push({ site, arg });
      }
    }
    for (const name of WEBVIEW_SINKS) {
      for (const site of callsNamed(code, name)) if (site.target.proto.params[0] === 'Ljava/lang/String;') sites.push({ site, arg: 1 });
    }
    for (const { site, arg } of sites) {
      if (site.target.proto.params[arg - (site.invoke.startsWith('invoke-static') ? 0 : 1)] !== 'Ljava/lang/String;') continue;
      if (isLibrary(app, site.classType)) continue;
      // A constant argument needs no decoding; `new URL("http", host, port, file)` names the scheme apart.
      const direct = site.args[arg];
      let expr: StringExpr | undefined;
      if (direct?.k === 'str') expr = { parts: [{ kind: 'const', text: direct.v }] };
      else if (site.target.classType === 'Ljava/net/URL;' && site.target.proto.params.length >= 3 && site.target.proto.params[0] === 'Ljava/lang/String;') {
        const scheme = site.args[1];
        if (scheme?.k !== 'str' || scheme.v.toLowerCase() !== 'http') continue;
        const host = stringArg(code, site, 2);
        expr = { parts: [{ kind: 'const', text: 'http://' }, ...(host?.parts ?? [{ kind: 'dynamic', origin: { kind: 'unknown' }, label: 'host' }])] };
      } else expr = stringArg(code, site, arg);
      if (!expr) continue;
      const kind = cleartext(expr);
      if (kind) {
        uses.push({ site, expr, kind });
        continue;
      }
      const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
      if (only?.kind !== 'dynamic' || only.origin.kind !== 'param') continue;
      for (const c of argumentsFromCallers(code, site.method, only.origin.index)) {
        const k = cleartext(c.expr);
        if (k && !isLibrary(app, c.site.classType)) uses.push({ site: c.site, expr: c.expr, kind: k, via: site });
      }
    }
    for (const group of byMethod(uses.map((u) => ({ ...u, method: u.site.method })))) {
      const first = group[0]!;
      const evidence = group.map((u) =>
        u.via ? `${showExpr(u.expr)} passed to ${methodLabel(u.via.method)}, which calls ${shortCall(u.via.target)}` : `${shortCall(u.site.target)}(${showExpr(u.expr)})`,
      );
      const hostUnknown = group.every((u) => u.kind === 'host-unknown');
      ctx.report({
        message: `${methodLabel(first.site.method)} sends requests to ${hostUnknown ? 'an http:// URL built from a host chosen at run time' : 'a hard-coded http:// URL'}: the traffic is not encrypted.`,
        locations: group.map((u) => siteLocation(app, u.site, u.site.target)),
        evidence: [...new Set(evidence)],
        ...(hostUnknown ? { confidence: 'medium' as const } : {}),
      });
    }
    const textHits = [...scanResources(app), ...scanAssets(app)];
    for (const hits of groupBy(textHits, (h) => `${h.archive ?? ''}!${h.path}`).values()) {
      const first = hits[0]!;
      const locations: Location[] = hits.slice(0, 20).map((h) => {
        const l: Location = { path: h.path };
        if (h.archive) l.archive = h.archive;
        if (h.key) l.key = h.key;
        return l;
      });
      ctx.report({
        message: `${first.path} configures ${hits.length === 1 ? 'an http:// endpoint' : `${hits.length} http:// endpoints`} (${[...new Set(hits.map((h) => h.url))].slice(0, 3).join(', ')}).`,
        locations,
        evidence: hits.slice(0, 20).map((h) => (h.key ? `${h.key} = ${quote(h.url, 100)}` : quote(h.url, 100))),
        severity: 'low',
        confidence: 'low',
      });
    }
  },
});

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    let g = m.get(k);
    if (!g) m.set(k, (g = []));
    g.push(it);
  }
  return m;
}
