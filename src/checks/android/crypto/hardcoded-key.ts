import { defineAndroidCheck, refs } from '../support.js';
import { labelsOf, quote, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { ConstantTracer, isCryptoImplementation } from './crypto-support.js';

/** Key-spec constructors, the argument index (receiver first) of the key material, and of the algorithm. */
const KEY_SINKS: { cls: string; descriptor: string; arg: number; alg?: number; label: string }[] = [
  { cls: 'Ljavax/crypto/spec/SecretKeySpec;', descriptor: '([BLjava/lang/String;)V', arg: 1, alg: 2, label: 'SecretKeySpec' },
  { cls: 'Ljavax/crypto/spec/SecretKeySpec;', descriptor: '([BIILjava/lang/String;)V', arg: 1, alg: 4, label: 'SecretKeySpec' },
  { cls: 'Ljavax/crypto/spec/DESKeySpec;', descriptor: '([B)V', arg: 1, label: 'DESKeySpec' },
  { cls: 'Ljavax/crypto/spec/DESKeySpec;', descriptor: '([BI)V', arg: 1, label: 'DESKeySpec' },
  { cls: 'Ljavax/crypto/spec/DESedeKeySpec;', descriptor: '([B)V', arg: 1, label: 'DESedeKeySpec' },
  { cls: 'Ljavax/crypto/spec/DESedeKeySpec;', descriptor: '([BI)V', arg: 1, label: 'DESedeKeySpec' },
  // A constant password turns PBKDF2 into a constant key.
  { cls: 'Ljavax/crypto/spec/PBEKeySpec;', descriptor: '([C)V', arg: 1, label: 'PBEKeySpec password' },
  { cls: 'Ljavax/crypto/spec/PBEKeySpec;', descriptor: '([C[BI)V', arg: 1, label: 'PBEKeySpec password' },
  { cls: 'Ljavax/crypto/spec/PBEKeySpec;', descriptor: '([C[BII)V', arg: 1, label: 'PBEKeySpec password' },
];

export default defineAndroidCheck({
  id: 'android.crypto.hardcoded-key',
  meta: {
    title: 'Hard-coded cryptographic key',
    family: 'crypto',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-2'], maswe: ['MASWE-0003'], cwe: ['CWE-321', 'CWE-798'], dfs: ['APP-29', 'APP-53', 'APP-24'] }),
    description: [
      'Finds `SecretKeySpec`, `DESKeySpec`/`DESedeKeySpec` and `PBEKeySpec` (password) built from key material fixed in the app: a string constant\'s bytes, a Base64- or hex-decoded constant (including a hand-written decoder that only does string and number work), a hash of a constant, an array literal, or a field whose every write stores such a value (e.g. `Base64.decode("…")` in `<clinit>`, read through a getter).',
      '',
      'A bounded interprocedural step covers the common "helper builds the key" shape: when the key is a parameter of the method that builds the spec, the callers of that method (up to 12, matched by exact call target) are checked for a constant argument, and the finding names the caller. Calls through interfaces, keys assembled element by element, and values only in `static_values` are not followed.',
      '',
      'Anything shipped in the APK is public: the key is read with a decompiler in minutes, so whatever it protects (stored PINs, tokens, messages to the server) is effectively plaintext, and the same key is shared by every installation.',
      '',
      'Library policy: keys in bundled libraries are reported at low confidence (they usually protect the SDK\'s own data); vetted crypto implementations are skipped.',
    ].join('\n'),
    manual:
      'Decompile the reported method, follow the key argument to the constant shown in the evidence, and decode it (Base64/hex). Confirm what the key protects by finding the `Cipher.init`/`Mac.init` that uses it.',
    remediation:
      'Generate keys on the device in the Android Keystore (`KeyGenerator` with `AndroidKeyStore`, non-exportable, optionally user-authentication bound), or obtain per-user keys from the server after authentication. Derive keys from user secrets with PBKDF2/scrypt and a random salt. Never ship key material in code or resources.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const sink of KEY_SINKS) {
      for (const site of code.callsTo(sink.cls, '<init>', sink.descriptor)) {
        if (isCryptoImplementation(site.classType)) continue;
        const v = site.args[sink.arg];
        const o = (v && tracer.origin(v, site)) ?? tracer.originAtCall(site, sink.arg);
        if (!o) continue;
        const alg = sink.alg === undefined ? undefined : site.args[sink.alg];
        const algText = alg?.k === 'str' ? `, ${quote(alg.v)}` : '';
        hits.push({
          place: site, target: site.target, related: o.places,
          evidence: `new ${sink.label.split(' ')[0]}(${o.text}${algText})`, label: sink.label, severity: 'high',
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} builds a ${labelsOf(g)} from a constant shipped in the app.`, { libraryConfidence: 'low' });
  },
});
