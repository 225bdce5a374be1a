import { plistDict } from '../../../app/ios.js';
import { allExecutableTexts, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs } from '../support.js';

/**
 * Class names of pinning implementations in widely used libraries: TrustKit, AFNetworking's
 * AFSecurityPolicy (pinning modes), Alamofire's ServerTrustManager/evaluators (Swift class names appear in
 * their mangled form, so a substring test is used), TrustKit's validator.
 */
const PINNING_NAMES = ['TrustKit', 'TSKPinningValidator', 'AFSecurityPolicy', 'ServerTrustManager', 'PinnedCertificatesTrustEvaluator', 'PublicKeysTrustEvaluator', 'ServerTrustEvaluating'];

/** Swift types whose name (any dotted part, e.g. `Alamofire.PublicKeysTrustEvaluator`) is a pinning name. */
function swiftPinningTypes(swiftNames: readonly string[]): string[] {
  return swiftNames.filter((q) => q.split('.').some((part) => PINNING_NAMES.includes(part)));
}

export default defineIosCheck({
  id: 'ios.network.pinning',
  meta: {
    title: 'Certificate or public-key pinning',
    family: 'network',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-NETWORK-2'], maswe: ['MASWE-0028'], cwe: ['CWE-295'], dfs: ['APP-18'] }),
    description:
      'Pinning ties the app\'s connections to the provider\'s own certificates or keys, so a certificate from any other CA (a compromised one, or one an attacker made the user install) is refused. Passes when the Info.plist declares `NSAppTransportSecurity.NSPinnedDomains` (iOS 14+ declarative pinning), or when an executable carries the names of a pinning library (TrustKit, AFNetworking `AFSecurityPolicy`, Alamofire `ServerTrustManager` / `PinnedCertificatesTrustEvaluator` / `PublicKeysTrustEvaluator`) as strings, Objective-C classes or Swift types (read from the Swift type metadata, e.g. `Alamofire.PublicKeysTrustEvaluator`). Reports its absence otherwise. Custom pinning written against `SecTrust` directly has no recognisable name and is not seen: verify manually before treating the finding as final. A library being linked does not prove its pinning is configured.',
    manual: 'Route the app through an intercepting proxy whose CA is trusted on the device: a pinned app refuses the connections. Review `NSPinnedDomains` and the `URLSession` delegate\'s `didReceive challenge` implementation.',
    remediation: 'Pin the leaf or intermediate public keys of your API hosts with `NSPinnedDomains` (or TrustKit/Alamofire evaluators), with a backup pin and a rotation plan.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    const pinned = plistDict(app.ats, 'NSPinnedDomains');
    if (pinned && pinned.size > 0) {
      found = true;
      ctx.pass({
        message: `App Transport Security pins ${pinned.size} domain${pinned.size === 1 ? '' : 's'} (NSPinnedDomains).`,
        locations: [infoPlistLocation('NSAppTransportSecurity.NSPinnedDomains')],
        evidence: [`NSPinnedDomains: ${listSome([...pinned.keys()])}`],
      });
    }
    for (const t of allExecutableTexts(app)) {
      const swiftTypes = swiftPinningTypes(t.swiftNames);
      const hits = PINNING_NAMES.filter(
        (n) => t.strings.some((s) => s.includes(n)) || t.slices.some((sl) => sl.importedSymbols.includes(`_OBJC_CLASS_$_${n}`)) || swiftTypes.some((q) => q.split('.').includes(n)),
      );
      if (hits.length === 0) continue;
      found = true;
      ctx.pass({
        message: `${t.exe.path} contains a certificate-pinning library (${listSome(hits)}).`,
        locations: [executableLocation(t.exe)],
        evidence: [`names: ${listSome(hits)}`, ...(swiftTypes.length > 0 ? [`Swift types: ${listSome(swiftTypes)}`] : [])],
      });
    }
    if (found) return;
    ctx.report({
      message: 'No certificate pinning found: no NSPinnedDomains in App Transport Security and no known pinning library.',
      locations: [infoPlistLocation('NSAppTransportSecurity')],
      evidence: [app.ats ? 'NSAppTransportSecurity has no NSPinnedDomains' : 'no NSAppTransportSecurity dictionary', `no pinning library names (${PINNING_NAMES.join(', ')}) in the executables`],
    });
  },
});
