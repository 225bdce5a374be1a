import { plistBool, plistDict } from '../../../app/ios.js';
import type { IosApp } from '../../../app/ios.js';
import { isPlistDict } from '../../../formats/plist/index.js';
import { allExecutableTexts, bundleTexts, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs } from '../support.js';

const HTTP_URL = /\bhttp:\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?[^\s"'<>\\]*/gi;
/**
 * Hosts whose http:// URLs are identifiers, not endpoints: XML namespaces and DTDs (Apple plist DTD, W3C,
 * XML Schema, Adobe XMP, PURL, OpenGIS) and loopback addresses, which never leave the device.
 */
const NOT_ENDPOINT = /^(www\.apple\.com|apple\.com|www\.w3\.org|w3\.org|schemas\.[a-z0-9.-]+|ns\.adobe\.com|purl\.org|xml\.org|www\.opengis\.net|localhost|127(\.\d{1,3}){3}|0\.0\.0\.0)$/i;

/** The host names of `text`'s http:// URLs that are real endpoints, keyed by host with one sample URL. */
function cleartextUrls(text: string, into: Map<string, string>): void {
  if (!text.includes('http://')) return;
  HTTP_URL.lastIndex = 0;
  for (let m = HTTP_URL.exec(text); m; m = HTTP_URL.exec(text)) {
    const host = m[1]!.toLowerCase();
    if (!host.includes('.') && host !== 'localhost' && !/^[a-z0-9-]+$/.test(host)) continue;
    if (NOT_ENDPOINT.test(host) || into.has(host)) continue;
    into.set(host, m[0].length > 120 ? `${m[0].slice(0, 120)}…` : m[0]);
  }
}

/** Whether App Transport Security would let the app load http:// from this host (Info.plist NSAppTransportSecurity). */
function atsAllowsHttp(app: IosApp, host: string): boolean {
  const ats = app.ats;
  if (!ats) return false;
  if (plistBool(ats, 'NSAllowsArbitraryLoads') === true) return true;
  const domains = plistDict(ats, 'NSExceptionDomains');
  if (!domains) return false;
  for (const [domain, v] of domains) {
    if (!isPlistDict(v) || plistBool(v, 'NSExceptionAllowsInsecureHTTPLoads') !== true) continue;
    const d = domain.toLowerCase();
    if (host === d || (plistBool(v, 'NSIncludesSubdomains') === true && host.endsWith(`.${d}`))) return true;
  }
  return false;
}

export default defineIosCheck({
  id: 'ios.network.cleartext-urls',
  meta: {
    title: 'Cleartext http:// endpoints in the app',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-46', 'APP-13'] }),
    description:
      'Lists the `http://` URLs found in the strings of the executables and in the bundle\'s text resources (JSON, plists, config files). Traffic to them can be read and changed by anyone on the network path. XML namespace and DTD identifiers (Apple\'s plist DTD, W3C, XML Schema…) and loopback addresses are not endpoints and are ignored. Severity is medium when App Transport Security lets the app load the host over HTTP (`NSAllowsArbitraryLoads`, or an exception domain with `NSExceptionAllowsInsecureHTTPLoads`), low otherwise — ATS then blocks the request, so the URL is a latent bug rather than an open channel (web views and lower-level networking may still bypass ATS). One finding per file.',
    manual: 'Run `strings -a <binary> | grep http://` and grep the bundle\'s resources; intercept the app\'s traffic with a proxy and see whether any request goes out in cleartext.',
    remediation: 'Serve every endpoint over HTTPS, change the URLs to `https://`, and keep ATS enabled without insecure exception domains.',
  },
  run(ctx) {
    const { app } = ctx;
    const sources: Array<{ path: string; texts: Iterable<string>; exe?: Parameters<typeof executableLocation>[0] }> = [];
    for (const t of allExecutableTexts(app)) sources.push({ path: t.exe.path, texts: t.strings, exe: t.exe });
    for (const b of bundleTexts(app)) sources.push({ path: app.bundleRoot + b.path, texts: [b.text] });
    for (const src of sources) {
      const urls = new Map<string, string>();
      for (const s of src.texts) cleartextUrls(s, urls);
      if (urls.size === 0) continue;
      const allowed = [...urls.keys()].filter((h) => atsAllowsHttp(app, h));
      ctx.report({
        message: `${src.path} contains ${urls.size} cleartext http:// endpoint${urls.size === 1 ? '' : 's'}${allowed.length > 0 ? ' that App Transport Security lets through' : ' (App Transport Security would block them)'}.`,
        locations: [src.exe ? executableLocation(src.exe) : { path: src.path }],
        evidence: [`http:// URLs: ${listSome([...urls.values()].map((u) => JSON.stringify(u)), 10)}`, allowed.length > 0 ? `ATS allows HTTP to: ${listSome(allowed)}` : 'ATS does not allow HTTP to these hosts'],
        ...(allowed.length > 0 ? {} : { severity: 'low' as const }),
      });
    }
  },
});
