import { plistBool } from '../../../app/ios.js';
import type { Location } from '../../../findings/types.js';
import { defineIosCheck, refs, signatureLocation } from '../support.js';

export default defineIosCheck({
  id: 'ios.entitlements.get-task-allow',
  meta: {
    title: 'App signed as debuggable (get-task-allow)',
    family: 'entitlements',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0063'], cwe: ['CWE-489'], dfs: ['APP-41', 'APP-11'] }),
    description:
      "The `get-task-allow` entitlement set to true lets other processes (debugserver, LLDB, Frida without a jailbreak) obtain the app's task port: attach a debugger, read and write its memory and change its behaviour at run time. Xcode sets it for development builds only; a distributed app must not have it. The check reads the entitlements embedded in the main binary's code signature (what the kernel enforces) and those granted by `embedded.mobileprovision`, and reports once, naming every source that grants it.",
    manual:
      'Run `codesign -d --entitlements :- <app>/<binary>` on macOS (or `ldid -e`), and `security cms -D -i embedded.mobileprovision`; look for `<key>get-task-allow</key><true/>`. On a device, try attaching with `debugserver`.',
    remediation:
      'Export the app with a distribution (App Store or ad-hoc) profile and signing identity, which do not grant `get-task-allow`; never ship development-signed builds.',
  },
  run(ctx) {
    const { app } = ctx;
    const locations: Location[] = [];
    const evidence: string[] = [];
    if (plistBool(app.entitlements, 'get-task-allow') === true) {
      locations.push(signatureLocation(app, 'code-signature', 'get-task-allow'));
      evidence.push('code-signature entitlements: get-task-allow = true');
    }
    const profile = app.provisioningProfile.value;
    if (profile?.getTaskAllow === true) {
      locations.push(signatureLocation(app, 'profile', 'Entitlements.get-task-allow'));
      evidence.push(`embedded.mobileprovision (${profile.kind}${profile.name ? `, "${profile.name}"` : ''}): Entitlements.get-task-allow = true`);
    }
    if (locations.length === 0) return;
    ctx.report({
      message: 'The app is signed with get-task-allow = true: any debugger can attach to it and read or change its memory.',
      locations,
      evidence,
    });
  },
});
