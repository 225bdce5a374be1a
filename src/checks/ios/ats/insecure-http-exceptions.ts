import { plistBool } from '../../../app/ios.js';
import { defineIosCheck, infoPlistLocation, refs } from '../support.js';
import { ATS, exceptionDomains } from './ats-support.js';

const HTTP_KEYS = ['NSExceptionAllowsInsecureHTTPLoads', 'NSTemporaryExceptionAllowsInsecureHTTPLoads', 'NSThirdPartyExceptionAllowsInsecureHTTPLoads'];

export default defineIosCheck({
  id: 'ios.ats.insecure-http-exceptions',
  meta: {
    title: 'ATS exception allows clear-text HTTP to a domain',
    family: 'ats',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-49', 'APP-46'] }),
    description:
      'An entry of `NSAppTransportSecurity.NSExceptionDomains` with `NSExceptionAllowsInsecureHTTPLoads` (or the older `NSTemporaryException…`/`NSThirdPartyException…` variants) set to true lets the app talk to that domain — and with `NSIncludesSubdomains` to all its subdomains — over clear-text HTTP. One finding per domain; the severity is raised to high when subdomains are included.',
    manual: 'Run `plutil -p Info.plist` and read `NSAppTransportSecurity.NSExceptionDomains`; check with a proxy what the app sends to each listed domain over HTTP.',
    remediation: 'Serve the domain over HTTPS and remove the exception; never send credentials, tokens or personal data to a domain reached over HTTP.',
  },
  run(ctx) {
    for (const { domain, settings } of exceptionDomains(ctx.app)) {
      const keys = HTTP_KEYS.filter((k) => plistBool(settings, k) === true);
      if (keys.length === 0) continue;
      const subdomains = plistBool(settings, 'NSIncludesSubdomains') === true;
      ctx.report({
        message: `ATS allows clear-text HTTP to ${domain}${subdomains ? ' and all its subdomains' : ''}.`,
        locations: [infoPlistLocation(`${ATS}.NSExceptionDomains.${domain}.${keys[0]}`)],
        evidence: keys.map((k) => `NSExceptionDomains["${domain}"].${k} = true${subdomains ? ', NSIncludesSubdomains = true' : ''}`),
        ...(subdomains ? { severity: 'high' as const } : {}),
      });
    }
  },
});
