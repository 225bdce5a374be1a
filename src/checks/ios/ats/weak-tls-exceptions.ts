import { plistBool, plistString } from '../../../app/ios.js';
import { defineIosCheck, infoPlistLocation, refs } from '../support.js';
import { ATS, exceptionDomains } from './ats-support.js';

const MIN_TLS_KEYS = ['NSExceptionMinimumTLSVersion', 'NSTemporaryExceptionMinimumTLSVersion', 'NSThirdPartyExceptionMinimumTLSVersion'];
const FS_KEYS = ['NSExceptionRequiresForwardSecrecy', 'NSTemporaryExceptionRequiresForwardSecrecy', 'NSThirdPartyExceptionRequiresForwardSecrecy'];
/** The TLS versions ATS accepts as a minimum that are older than TLS 1.2. */
const WEAK_TLS = new Set(['TLSv1.0', 'TLSv1.1', 'SSLv3', 'SSLv2']);

export default defineIosCheck({
  id: 'ios.ats.weak-tls-exceptions',
  meta: {
    title: 'ATS exception weakens TLS for a domain',
    family: 'ats',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-326', 'CWE-757'], dfs: ['APP-13', 'APP-01', 'APP-17'] }),
    description:
      'ATS requires TLS 1.2 or later with forward-secret cipher suites. An `NSExceptionDomains` entry that sets `NSExceptionMinimumTLSVersion` to `TLSv1.0`/`TLSv1.1` accepts deprecated protocol versions with known weaknesses, and `NSExceptionRequiresForwardSecrecy = false` accepts RSA key exchange, so recorded traffic can be decrypted later if the server key leaks. One finding per domain listing each weakened setting.',
    manual: 'Run `plutil -p Info.plist` and read `NSAppTransportSecurity.NSExceptionDomains`; scan each listed host with a TLS scanner (e.g. testssl.sh) to see what it negotiates.',
    remediation: 'Upgrade the servers to TLS 1.2+ (preferably 1.3) with ECDHE suites and remove the exception keys.',
  },
  run(ctx) {
    for (const { domain, settings } of exceptionDomains(ctx.app)) {
      const evidence: string[] = [];
      const short: string[] = [];
      let firstKey: string | undefined;
      for (const k of MIN_TLS_KEYS) {
        const v = plistString(settings, k);
        if (v !== undefined && WEAK_TLS.has(v)) {
          evidence.push(`NSExceptionDomains["${domain}"].${k} = ${v}`);
          short.push(`minimum ${v}`);
          firstKey ??= k;
        }
      }
      for (const k of FS_KEYS) {
        if (plistBool(settings, k) === false) {
          evidence.push(`NSExceptionDomains["${domain}"].${k} = false`);
          short.push('forward secrecy not required');
          firstKey ??= k;
        }
      }
      if (!firstKey) continue;
      ctx.report({
        message: `ATS accepts weaker TLS for ${domain}: ${short.join(', ')}.`,
        locations: [infoPlistLocation(`${ATS}.NSExceptionDomains.${domain}.${firstKey}`)],
        evidence,
      });
    }
  },
});
