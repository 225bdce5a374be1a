import { defineAndroidCheck, refs } from '../support.js';
import {
  assetSecrets, comparedWithInput, comparisonSites, credentialSinks, encodedComparisons, formatsInCode, nativeFormats,
  nativeSecrets, resourceSecrets, secretFields, type SecretHit,
} from './secret-sources-support.js';

export default defineAndroidCheck({
  id: 'android.secrets.hardcoded-secret',
  meta: {
    title: 'Hard-coded secret in the app',
    family: 'secrets',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1', 'MASVS-AUTH-1'], maswe: ['MASWE-0004'], cwe: ['CWE-798', 'CWE-259'], dfs: ['APP-29'] }),
    description: [
      'Searches the code, resources, assets and native libraries for secrets shipped inside the APK:',
      '',
      '- **credential formats** issued by providers (AWS access keys, Google API keys and OAuth secrets, Firebase server keys, Stripe/Paystack `sk_live_`, Slack, GitHub, Twilio, SendGrid, Mailgun, Braintree/PayPal, Square, Flutterwave `FLWSECK-`, Azure storage keys, PEM private keys, JWTs, URLs with a password) in string constants, string resources, configuration assets and `.rodata` of native libraries;',
      '- **passwords and PINs checked in the app**: a constant or a string resource compared (`equals`, `equalsIgnoreCase`, …) with what the user typed, directly or through one level of calls; a Base64 constant decoded in a method that compares its input with the decoded result; a native `boolean` method called with typed input (the expected value is in the library: its `.rodata` constants are listed);',
      '- **credentials handed to APIs**: constant `Authorization`/API-key HTTP headers, `PasswordAuthentication`, OkHttp `Credentials.basic`, Apache `UsernamePasswordCredentials`, `HttpAuthHandler.proceed`, JDBC passwords; constants stored in fields named like secrets (`apiSecret`, `DB_PASSWORD`); constant key material passed to the app\'s own native methods;',
      '- **named secrets** in resources and configuration files (`api_key`, `client_secret`, `consumer_secret`, `password`, …) whose value looks like a credential (one token, not a label, URL, placeholder or resource name), and key stores or private-key files in assets.',
      '',
      'Everything in the APK can be read by anyone who downloads it. A secret found there gives access to the back ends it protects (payment processors, cloud storage, messaging APIs) for anyone, and a password or PIN checked against a constant is no protection at all (CWE-798). Cryptographic keys passed to `SecretKeySpec` are reported by `android.crypto.hardcoded-key`.',
      '',
      'Values are shown shortened in the evidence. Library policy: constants in bundled SDK code are not reported (they belong to the SDK); resources, assets and native libraries are. Google-services identifiers generated into resources (`google_api_key`, `google_app_id`, …) are public by design and not reported.',
    ].join('\n'),
    manual:
      'Open the reported place (jadx for code, `aapt dump resources`/apktool for resources, unzip for assets, `strings`/a disassembler for native libraries), read the full value, and find out what it unlocks: try it against the provider\'s API in a controlled way, or log in with the password/PIN. Report live credentials to the provider for rotation.',
    remediation:
      'Remove secrets from the app: keep provider keys on the back end and let the app call the back end with the user\'s session; check passwords and PINs on the server; use per-user, short-lived tokens; restrict unavoidable client keys (API key restrictions by app signature, scopes). Rotate every secret that has shipped.',
  },
  run(ctx) {
    const { app } = ctx;
    const compares = comparisonSites(app);
    const hits: SecretHit[] = [
      ...formatsInCode(app),
      ...comparedWithInput(app, compares),
      ...encodedComparisons(app, compares),
      ...credentialSinks(app),
      ...secretFields(app),
      ...nativeSecrets(app),
      ...resourceSecrets(app),
      ...assetSecrets(app),
      ...nativeFormats(app),
    ];
    const seen = new Set<string>();
    for (const h of hits) {
      if (seen.has(h.key)) continue;
      seen.add(h.key);
      ctx.report({ message: h.message, locations: h.locations, evidence: h.evidence, severity: h.severity, confidence: h.confidence });
    }
  },
});
