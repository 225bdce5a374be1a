import { defineIosCheck, infoPlistLocation, refs, signatureLocation } from '../support.js';

const ASSOCIATED_DOMAINS = 'com.apple.developer.associated-domains';

export default defineIosCheck({
  id: 'ios.entitlements.associated-domains',
  meta: {
    title: 'Universal links (associated domains)',
    family: 'entitlements',
    kind: 'control',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0029'], cwe: ['CWE-939'], dfs: ['APP-28'] }),
    description:
      "Universal links bind incoming links to web domains the provider proves it controls (the `apple-app-site-association` file served over HTTPS), so no other app can receive them, unlike custom URL schemes which any app may claim. Passes when the `com.apple.developer.associated-domains` entitlement (code signature, else the embedded profile) declares `applinks:` domains, naming them and any `webcredentials:` domains. When the app opens deep links only through custom schemes (`CFBundleURLTypes`) and declares no `applinks:` domain, reports one low-severity finding recommending universal links; the per-scheme risks are the subject of `ios.config.url-schemes`. An app with neither schemes nor universal links has no deep links and is not judged.",
    manual:
      "Run `codesign -d --entitlements :- <app>/<binary>` and read `com.apple.developer.associated-domains`; fetch `https://<domain>/.well-known/apple-app-site-association` and check its `applinks` paths name this app's `TEAMID.bundle-id`. Read `CFBundleURLTypes` in Info.plist for the schemes in use.",
    remediation:
      'Move links that carry data or trigger actions (login callbacks, payment requests) to universal links: add `applinks:<your domain>` to the Associated Domains capability and publish an `apple-app-site-association` file limited to the needed paths; keep custom schemes only as a fallback.',
  },
  run(ctx) {
    const { app } = ctx;
    const domains = app.universalLinkDomains;
    if (domains.length > 0) {
      const fromSignature = Array.isArray(app.entitlements?.get(ASSOCIATED_DOMAINS));
      const all = app.entitlements?.get(ASSOCIATED_DOMAINS) ?? app.provisioningProfile.value?.entitlements.get(ASSOCIATED_DOMAINS);
      const web = Array.isArray(all) ? all.filter((x): x is string => typeof x === 'string' && x.startsWith('webcredentials:')) : [];
      ctx.pass({
        message: `The app declares universal links for ${domains.join(', ')}.`,
        locations: [signatureLocation(app, fromSignature ? 'code-signature' : 'profile', fromSignature ? ASSOCIATED_DOMAINS : `Entitlements.${ASSOCIATED_DOMAINS}`)],
        evidence: [`${fromSignature ? 'code-signature entitlements' : 'embedded.mobileprovision'}: ${ASSOCIATED_DOMAINS} = ${domains.map((d) => `applinks:${d}`).concat(web).join(', ')}`],
      });
      return;
    }
    const schemes = [...new Set(app.urlSchemes.map((s) => s.scheme.trim()).filter((s) => s !== ''))];
    if (schemes.length === 0) return;
    ctx.report({
      message: `Deep links reach the app only through custom URL schemes; it declares no universal-link (applinks:) domain that would bind its links to a domain it controls.`,
      locations: [infoPlistLocation('CFBundleURLTypes'), signatureLocation(app, 'code-signature', ASSOCIATED_DOMAINS)],
      evidence: [`CFBundleURLSchemes: ${schemes.join(', ')}`, `no applinks: entry in ${ASSOCIATED_DOMAINS} (code signature or profile)`],
    });
  },
});
