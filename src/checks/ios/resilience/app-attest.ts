import { allExecutableTexts, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs } from '../support.js';

/** DeviceCheck framework classes: App Attest (iOS 14+) and the older per-device bits. */
const ATTEST_CLASSES = ['DCAppAttestService', 'DCDevice'];

export default defineIosCheck({
  id: 'ios.resilience.app-attest',
  meta: {
    title: 'App attestation (App Attest / DeviceCheck)',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-693'], dfs: ['APP-12'] }),
    description:
      'With App Attest (`DCAppAttestService`) the back end can verify that requests come from a genuine copy of the app on a genuine Apple device, which client-side checks alone cannot prove; `DCDevice` (DeviceCheck) gives a weaker per-device token. Passes when an executable links either class (`_OBJC_CLASS_$_DCAppAttestService` import) or names it (a C string, as for `NSClassFromString`; Swift code references the same Objective-C class). Reports the absence otherwise. Whether the server verifies the attestation is not visible in the app.',
    manual: 'Look for the imports (`llvm-nm -u <binary> | grep DCAppAttest`) and the `com.apple.developer.devicecheck.appattest-environment` entitlement; ask the provider how the back end validates attestations and assertions.',
    remediation: 'Attest the app key with `DCAppAttestService.attestKey` at enrolment, sign sensitive requests with `generateAssertion`, and verify both on the server.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    for (const t of allExecutableTexts(app)) {
      const hits = ATTEST_CLASSES.filter((c) => t.slices.some((s) => s.importedSymbols.includes(`_OBJC_CLASS_$_${c}`)) || t.strings.includes(c));
      if (hits.length === 0) continue;
      found = true;
      ctx.pass({
        message: `${t.exe.path} uses ${listSome(hits)}.`,
        locations: [executableLocation(t.exe)],
        evidence: [`DeviceCheck classes: ${hits.join(', ')}`],
      });
    }
    if (found) return;
    const main = app.executables.find((x) => x.kind === 'main');
    ctx.report({
      message: 'No app attestation found: no executable uses DCAppAttestService or DCDevice.',
      locations: [main ? executableLocation(main) : infoPlistLocation()],
      evidence: ['no DCAppAttestService / DCDevice class import or name'],
    });
  },
});
