import { matchKeyFormat, redact } from '../../android/secrets/secret-patterns-support.js';
import { allExecutableTexts, bundleTexts } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs } from '../support.js';
import type { Severity } from '../../../findings/types.js';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export default defineIosCheck({
  id: 'ios.secrets.hardcoded-secret',
  meta: {
    title: 'Hard-coded credential in the app bundle',
    family: 'secrets',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-1', 'MASVS-AUTH-1'], maswe: ['MASWE-0004'], cwe: ['CWE-798'], dfs: ['APP-29'] }),
    description:
      'Looks for credentials in the published formats of their issuers (AWS access key ids, Stripe/Paystack live secret keys, Google API keys, Slack/GitHub tokens, PEM private keys, JWTs, URLs with a password…; the same table as the Android secrets check) in the strings of every executable (`__cstring`, `__TEXT,__const`, Objective-C names) and in the bundle\'s small text resources (JSON, plists — binary ones parsed —, `.strings`, config files, up to 512 KiB each). Anyone can unzip an IPA and read them. One finding per file; severity is that of the most dangerous format found. Documentation examples and placeholders (`…EXAMPLE`, `your_api_key`) are ignored. Secrets assembled at run time, encrypted or obfuscated are not found by a string scan; FairPlay-encrypted slices are skipped.',
    manual:
      'Unzip the IPA, run `strings` on the executables and `grep -rE "AKIA|sk_live_|AIza|-----BEGIN"` over the bundle; confirm with the issuer whether the key is live and what it grants.',
    remediation:
      'Remove the secret from the app and rotate it: keep provider secrets on the server, give the app short-lived tokens obtained after authentication, and restrict any key that must ship (bundle id, API scope).',
  },
  run(ctx) {
    const sources: Array<{ path: string; lines: Iterable<string>; exe?: Parameters<typeof executableLocation>[0] }> = [];
    for (const t of allExecutableTexts(ctx.app)) sources.push({ path: t.exe.path, lines: t.strings, exe: t.exe });
    for (const b of bundleTexts(ctx.app)) sources.push({ path: ctx.app.bundleRoot + b.path, lines: b.text.split('\n') });
    for (const src of sources) {
      const seen = new Set<string>();
      const evidence: string[] = [];
      let severity: Severity = 'info';
      for (const line of src.lines) {
        if (line.length < 16 || line.length > 8192) continue;
        const m = matchKeyFormat(line);
        if (!m || seen.has(m.value)) continue;
        seen.add(m.value);
        evidence.push(`${m.format.label}: ${redact(m.value)}`);
        if (RANK[m.format.severity] > RANK[severity]) severity = m.format.severity;
      }
      if (evidence.length === 0) continue;
      ctx.report({
        message: `${src.path} contains ${evidence.length === 1 ? 'a hard-coded credential' : `${evidence.length} hard-coded credentials`}.`,
        locations: [src.exe ? executableLocation(src.exe) : { path: src.path }],
        evidence: evidence.slice(0, 10),
        severity,
      });
    }
  },
});
