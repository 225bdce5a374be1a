import { defineAndroidCheck, manifestLocation, refs } from '../support.js';
import { DANGEROUS_PERMISSIONS, SPECIAL_PERMISSIONS } from '../platform-permissions.js';

export default defineAndroidCheck({
  id: 'android.manifest.dangerous-permissions',
  meta: {
    title: 'Dangerous or special permissions requested',
    family: 'manifest',
    kind: 'weakness',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PRIVACY-1'], maswe: ['MASWE-0066'], cwe: ['CWE-250'], dfs: ['APP-43', 'APP-28'] }),
    description:
      'Runtime ("dangerous") permissions give access to private data and device functions (SMS, contacts, location, microphone, storage); special permissions (overlays, package visibility, all-files access, install packages) are even broader. Each one the app does not strictly need widens what an attacker gains by compromising it, and the FIGI audit asks that each be justified by a feature.',
    manual: 'List permissions with `aapt dump permissions app.apk` and ask the provider to justify each dangerous or special one by a feature of the app.',
    remediation: 'Remove every permission no feature needs; prefer narrower APIs (photo picker, SMS Retriever, approximate location).',
  },
  run(ctx) {
    const { app } = ctx;
    const found = app.manifest.usesPermissions.filter((p) => DANGEROUS_PERMISSIONS.has(p.name) || SPECIAL_PERMISSIONS.has(p.name));
    if (found.length === 0) return;
    const names = [...new Set(found.map((p) => p.name))].sort();
    ctx.report({
      message: `The app requests ${names.length} dangerous or special permission(s): ${names.map((n) => n.replace('android.permission.', '')).join(', ')}.`,
      locations: names.map((n) => manifestLocation(app, `manifest/uses-permission[${n}]`)),
      evidence: names.map((n) => `${n} (${SPECIAL_PERMISSIONS.has(n) ? 'special' : 'dangerous'})`),
    });
  },
});
