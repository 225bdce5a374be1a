import { defineAndroidCheck, refs } from '../support.js';
import { concludeControl, proofAt } from './resilience-support.js';
import { attestationCalls } from './attestation-support.js';

export default defineAndroidCheck({
  id: 'android.resilience.play-integrity',
  meta: {
    title: 'App and device attestation (Play Integrity / SafetyNet)',
    family: 'resilience',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-1', 'MASVS-RESILIENCE-2'], maswe: ['MASWE-0054', 'MASWE-0056'], cwe: ['CWE-693'], dfs: ['APP-12', 'APP-10'] }),
    description: [
      'Local root and tamper checks run on the attacker\'s device and can be patched out. Platform attestation gives the back end a signed verdict from',
      'Google Play about the app (genuine, unmodified, installed from Play) and the device (passes integrity checks), which the DFS recommendations ask for',
      'when they require that the back end verifies the app\'s integrity (APP-12) and use platform services to detect rooted devices (APP-10).',
      '',
      'The check looks for calls from the app\'s own code to the Play Integrity API (`IntegrityManagerFactory`, `IntegrityManager.requestIntegrityToken`,',
      '`StandardIntegrityManager`), to SafetyNet Attestation (`SafetyNetClient.attest`, deprecated) or to Firebase App Check with one of those providers.',
      'A pass means the app requests tokens; whether the server decrypts and enforces the verdict can only be confirmed with the provider (APP-12 evidence).',
      'Confidence is medium: a custom attestation scheme (e.g. hardware key attestation checked by the server) is not recognised.',
    ].join('\n'),
    manual:
      'Search the decompiled app for `com.google.android.play.core.integrity` or `SafetyNetClient.attest` calls and follow the token to the network request; ask the provider for the server-side verification code or logs. Dynamically, a repackaged or rooted install should be refused by the back end.',
    remediation:
      'Integrate the Play Integrity API (standard requests), send the token with sensitive requests, decrypt and verify it on the server (package name, certificate digest, app and device verdicts, nonce/request hash), and refuse or step up when it fails.',
  },
  run(ctx) {
    const calls = attestationCalls(ctx.app);
    concludeControl(
      ctx,
      calls.map((c) => proofAt(ctx.app, c.site, `calls ${c.call}() (${c.api})`, c.call)),
      {
        present: 'The app requests Play Integrity / SafetyNet attestation; confirm that the back end verifies the verdict (APP-12).',
        absent: 'No Play Integrity, SafetyNet or App Check attestation call in the app\'s own code: the back end gets no platform evidence that the app and device are genuine.',
      },
    );
  },
});
