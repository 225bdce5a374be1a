import { plistBool } from '../../../app/ios.js';
import { defineIosCheck, infoPlistLocation, refs } from '../support.js';
import { ATS } from './ats-support.js';

/** Keys whose presence makes iOS 10+ ignore NSAllowsArbitraryLoads (Apple's ATS documentation). */
const OVERRIDING_KEYS = ['NSAllowsArbitraryLoadsInWebContent', 'NSAllowsArbitraryLoadsForMedia', 'NSAllowsLocalNetworking'];

export default defineIosCheck({
  id: 'ios.ats.arbitrary-loads',
  meta: {
    title: 'App Transport Security disabled for all connections',
    family: 'ats',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-49', 'APP-46', 'APP-13'] }),
    description:
      '`NSAppTransportSecurity.NSAllowsArbitraryLoads = true` in Info.plist turns App Transport Security off for every domain not listed in `NSExceptionDomains`: the app may then use clear-text HTTP and TLS below 1.2 without forward secrecy, and nothing stops a developer mistake from sending data in the clear.\n\nSince iOS 10 the switch is ignored when `NSAllowsArbitraryLoadsInWebContent`, `NSAllowsArbitraryLoadsForMedia` or `NSAllowsLocalNetworking` is also present; the finding is then reported at medium severity (it still applies to devices on older iOS versions the app supports).',
    manual:
      'Run `plutil -p Info.plist` (or `plistutil -i Info.plist`) and read the `NSAppTransportSecurity` dictionary; confirm with a proxy that the app makes HTTP requests.',
    remediation:
      'Remove `NSAllowsArbitraryLoads`. Serve every back end over HTTPS with TLS 1.2+ and forward secrecy; if a third-party host cannot, add a narrow `NSExceptionDomains` entry for that host only.',
  },
  run(ctx) {
    const ats = ctx.app.ats;
    if (plistBool(ats, 'NSAllowsArbitraryLoads') !== true) return;
    const overriding = OVERRIDING_KEYS.filter((k) => ats?.has(k));
    const evidence = [`Info.plist ${ATS}.NSAllowsArbitraryLoads = true`];
    if (overriding.length > 0) evidence.push(`also present: ${overriding.join(', ')} (iOS 10+ then ignores NSAllowsArbitraryLoads)`);
    ctx.report({
      message:
        overriding.length > 0
          ? 'Info.plist sets NSAllowsArbitraryLoads = true; iOS 10+ ignores it because finer ATS keys are present, but older iOS versions disable ATS for all connections.'
          : 'Info.plist sets NSAllowsArbitraryLoads = true: App Transport Security is off and the app may connect over clear-text HTTP or weak TLS.',
      locations: [infoPlistLocation(`${ATS}.NSAllowsArbitraryLoads`)],
      evidence,
      ...(overriding.length > 0 ? { severity: 'medium' as const } : {}),
    });
  },
});
