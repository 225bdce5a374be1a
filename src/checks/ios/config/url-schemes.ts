import { defineIosCheck, infoPlistLocation, refs } from '../support.js';

export default defineIosCheck({
  id: 'ios.config.url-schemes',
  meta: {
    title: 'Custom URL scheme registered',
    family: 'config',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0029'], cwe: ['CWE-939'], dfs: ['APP-28'] }),
    description:
      "Schemes listed under `CFBundleURLTypes` / `CFBundleURLSchemes` let any web page or app open the app with an arbitrary URL. Nothing stops another app from registering the same scheme (iOS picks one owner, not necessarily this app), so links carrying OAuth codes, payment requests or tokens can be intercepted, and every parameter that arrives must be treated as hostile input. Universal links (`applinks:` associated domains) are bound to a domain the provider controls and are the safer replacement. One finding per scheme: medium severity when the app has no universal-link domain, low when it has (the scheme may then be a fallback).",
    manual:
      "Run `plutil -p Info.plist` and read `CFBundleURLTypes`; review the app delegate's `application(_:open:options:)` / scene `openURLContexts` handler for what each scheme can trigger, and try crafted URLs (`xcrun simctl openurl` or Safari on a test device).",
    remediation:
      'Use universal links for anything that carries data or triggers actions; keep custom schemes only where required, validate every parameter and require user confirmation before sensitive actions.',
  },
  run(ctx) {
    const { app } = ctx;
    const domains = app.universalLinkDomains;
    const seen = new Set<string>();
    for (const { scheme, name } of app.urlSchemes) {
      const s = scheme.trim().toLowerCase();
      if (s === '' || seen.has(s)) continue;
      seen.add(s);
      ctx.report({
        message:
          domains.length === 0
            ? `The app registers the custom URL scheme "${scheme}://" and no universal-link domain: any app can claim the scheme and any page can send it data.`
            : `The app registers the custom URL scheme "${scheme}://" (it also has universal links for ${domains.join(', ')}).`,
        locations: [infoPlistLocation(`CFBundleURLTypes.CFBundleURLSchemes.${scheme}`)],
        evidence: [`CFBundleURLSchemes "${scheme}"${name ? ` (CFBundleURLName ${name})` : ''}`, domains.length === 0 ? 'no applinks: associated domains' : `applinks: ${domains.join(', ')}`],
        ...(domains.length > 0 ? { severity: 'low' as const } : {}),
      });
    }
  },
});
