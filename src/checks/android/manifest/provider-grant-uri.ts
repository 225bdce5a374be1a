import { defineAndroidCheck, componentLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.provider-grant-uri',
  meta: {
    title: 'Exported content provider grants URI permissions',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'], cwe: ['CWE-926'], dfs: ['APP-28'] }),
    description:
      'With `android:grantUriPermissions="true"` a provider lets the app hand out temporary access to any of its URIs. On an exported provider, or together with intents built from untrusted input (intent redirection), this can expose files and data the app never meant to share.',
    manual: 'Check exported providers for `grantUriPermissions` and `<grant-uri-permission>` patterns that cover the whole provider (`/`, `.*`).',
    remediation: 'Keep providers that grant URI permissions unexported (the FileProvider pattern) and restrict grants to narrow `<grant-uri-permission>` paths.',
  },
  run(ctx) {
    const { app } = ctx;
    for (const c of app.manifest.components) {
      if (c.type !== 'provider' || !c.exported) continue;
      if (c.grantUriPermissions !== true) continue;
      ctx.report({
        message: `Content provider ${c.name} is exported and sets android:grantUriPermissions="true".`,
        locations: [componentLocation(app, c, 'android:grantUriPermissions')],
        evidence: [c.exportedReason, 'android:grantUriPermissions="true"', ...(c.authorities ? [`authorities: ${c.authorities.join(';')}`] : [])],
      });
    }
  },
});
