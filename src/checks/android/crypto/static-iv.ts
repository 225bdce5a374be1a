import { defineAndroidCheck, refs } from '../support.js';
import { labelsOf, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { ConstantTracer, isCryptoImplementation, untouchedNewArray } from './crypto-support.js';

/** Parameter-spec constructors and the argument index (receiver first) of their IV/nonce bytes. */
const IV_SINKS: { cls: string; descriptor: string; arg: number; label: string; severity: 'high' | 'medium' }[] = [
  { cls: 'Ljavax/crypto/spec/IvParameterSpec;', descriptor: '([B)V', arg: 1, label: 'IvParameterSpec', severity: 'medium' },
  { cls: 'Ljavax/crypto/spec/IvParameterSpec;', descriptor: '([BII)V', arg: 1, label: 'IvParameterSpec', severity: 'medium' },
  // A repeated GCM nonce under one key reveals the XOR of plaintexts and lets the GHASH key be recovered
  // (NIST SP 800-38D section 8): worse than a fixed CBC IV.
  { cls: 'Ljavax/crypto/spec/GCMParameterSpec;', descriptor: '(I[B)V', arg: 2, label: 'GCMParameterSpec', severity: 'high' },
  { cls: 'Ljavax/crypto/spec/GCMParameterSpec;', descriptor: '(I[BII)V', arg: 2, label: 'GCMParameterSpec', severity: 'high' },
  { cls: 'Ljavax/crypto/spec/ChaCha20ParameterSpec;', descriptor: '([BI)V', arg: 1, label: 'ChaCha20ParameterSpec', severity: 'high' },
];

export default defineAndroidCheck({
  id: 'android.crypto.static-iv',
  meta: {
    title: 'Constant initialisation vector or nonce',
    family: 'crypto',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0007'], cwe: ['CWE-329', 'CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-01'] }),
    description: [
      'Finds `IvParameterSpec`, `GCMParameterSpec` and `ChaCha20ParameterSpec` built from bytes fixed in the app: an array literal (`new-array` + `fill-array-data`), a fresh `new byte[n]` passed on untouched (all zeros), the bytes of a string constant (`"…".getBytes()`), a decoded constant, or a field whose every write stores such a value (typically initialised in a constructor or `<clinit>`). Constants passed by a caller into a helper\'s IV parameter are followed one call up.',
      '',
      'With a fixed IV, CBC encrypts equal messages to equal ciphertexts and leaks common prefixes; with CTR or GCM, a repeated nonce under the same key exposes the XOR of the plaintexts and (GCM) lets an attacker forge messages. GCM and ChaCha20 cases are high severity.',
      '',
      'Library policy: library findings are reported at low confidence; vetted crypto implementations are skipped.',
    ].join('\n'),
    manual:
      'Decompile the reported method and follow the IV argument back to where its bytes are set. Confirm that the same bytes are used for every encryption (a literal, a zero array or a constant string) rather than filled from `SecureRandom` or read from the received ciphertext.',
    remediation:
      'Generate a fresh IV for every encryption (`SecureRandom.nextBytes`, 12 bytes for GCM, or let the Keystore cipher choose and read `cipher.getIV()`), send or store it with the ciphertext, and never reuse an IV with the same key.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const sink of IV_SINKS) {
      for (const site of code.callsTo(sink.cls, '<init>', sink.descriptor)) {
        if (isCryptoImplementation(site.classType)) continue;
        const v = site.args[sink.arg];
        if (!v) continue;
        const o = tracer.origin(v, site) ?? tracer.originAtCall(site, sink.arg);
        let text = o?.text;
        if (text === undefined && v.k === 'array' && !v.data && untouchedNewArray(code, site, sink.arg)) {
          text = `new byte[${v.length ?? '?'}] (all zeros)`;
        }
        if (text === undefined) continue;
        hits.push({
          place: site, target: site.target, related: o?.places ?? [],
          evidence: `new ${sink.label}(${text})`, label: sink.label, severity: sink.severity,
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} builds ${labelsOf(g)} from constant bytes: every encryption reuses the same IV.`, { libraryConfidence: 'low' });
  },
});
