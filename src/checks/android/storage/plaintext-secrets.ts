import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import { quote, reportByMethod, showValue, siteLocation, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { inAppScope } from './code-scope-support.js';
import { fileIoByMethod } from './file-write-support.js';
import { secretNamed } from './sensitive-names-support.js';
import { describePieces, judgeContent, secretOfValue, termsOf } from './sensitive-values-support.js';

const EDITOR = 'Landroid/content/SharedPreferences$Editor;';
const PREFS = 'Landroid/content/SharedPreferences;';
const ENCRYPTED_PREFS = 'Landroidx/security/crypto/EncryptedSharedPreferences;';
const PUTS = ['putString', 'putInt', 'putLong', 'putFloat', 'putStringSet'];

type PrefsOrigin = 'plain' | 'encrypted' | 'unknown';

/** Whether an Editor comes from plain or encrypted preferences, following `edit()` and chained puts. */
function prefsOrigin(app: AndroidApp, v: Value | undefined, depth = 0): PrefsOrigin {
  if (!v || depth > 12) return 'unknown';
  if (v.k === 'ret') {
    const m = v.method;
    if (m.classType === ENCRYPTED_PREFS || m.classType.startsWith('Landroidx/security/crypto/')) return 'encrypted';
    if (m.classType === EDITOR && m.name.startsWith('put')) return prefsOrigin(app, v.args[0], depth + 1);
    if (m.name === 'edit' && m.proto.returnType === EDITOR) return prefsOrigin(app, v.args[0], depth + 1);
    if (m.name === 'getSharedPreferences' || m.name === 'getDefaultSharedPreferences' || m.name === 'getPreferences') return 'plain';
    return 'unknown';
  }
  if (v.k === 'field') {
    if (v.field.type === ENCRYPTED_PREFS) return 'encrypted';
    if (v.field.type !== PREFS && v.field.type !== EDITOR) return 'unknown';
    // Fields are resolved one level deep, through a few writes: enough for `this.prefs = getSharedPreferences(…)`.
    if (isLibrary(app, v.field.classType) || depth > 4) return 'unknown';
    let origin: PrefsOrigin = 'unknown';
    let writes = 0;
    for (const w of app.code.fieldAccesses(v.field.classType, v.field.name)) {
      if (!w.write || !w.value || writes++ >= 8) continue;
      if (w.value.k === 'field') continue;
      const o = prefsOrigin(app, w.value, depth + 1);
      if (o === 'encrypted') return 'encrypted';
      if (o === 'plain') origin = 'plain';
    }
    return origin;
  }
  return 'unknown';
}

/** The constant key of a put: a string, or a string resource read with getString(R.string.x). */
function keyOf(app: AndroidApp, v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return v.v;
  if (v.k === 'ret' && v.method.name === 'getString' && v.method.proto.params.length === 1 && v.method.proto.params[0] === 'I') {
    const id = v.args[1];
    if (id?.k === 'int') return app.resources?.resolveDefault(id.v >>> 0)?.string;
  }
  return undefined;
}

// Values produced by encrypting or hashing in the app's code (still reported, at lower severity).
function looksProtected(v: Value | undefined, depth = 0): string | undefined {
  if (!v || v.k !== 'ret' || depth > 4) return undefined;
  const m = v.method;
  if (m.classType === 'Ljavax/crypto/Cipher;' && m.name === 'doFinal') return 'Cipher.doFinal';
  if (m.classType === 'Ljava/security/MessageDigest;' && m.name === 'digest') return 'MessageDigest.digest';
  if (/(encrypt|cipher|seal|wrap|hash|digest|md5|sha)/i.test(m.name)) return `${m.name}()`;
  for (const a of v.args) {
    const r = looksProtected(a, depth + 1);
    if (r) return r;
  }
  return undefined;
}

export default defineAndroidCheck({
  id: 'android.storage.plaintext-secrets',
  meta: {
    title: 'Secrets stored in plain preferences or files',
    family: 'storage',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0001'], cwe: ['CWE-312'], dfs: ['APP-24', 'APP-64'] }),
    description: [
      'Finds secrets written in clear to the app\'s private storage: `SharedPreferences.Editor.putString/putInt/putLong/putFloat/putStringSet` with a constant key (or a `getString(R.string.…)` key, resolved through the resources) that names a secret — password, PIN, card number or CVV, OTP, token, secret, credential, session, API/private key — on preferences obtained with `getSharedPreferences`, `getDefaultSharedPreferences` or `getPreferences`; and files the app opens for writing in a method that writes data whose own name says it is a secret (a `password` field, text typed in `R.id.pin`, …) or with a file name naming a secret.',
      '',
      'Keys that only describe a secret (`pin_enabled`, `password_length`, `isTokenSet`) are ignored. Preferences created with `androidx.security.crypto.EncryptedSharedPreferences` are encrypted and not reported; when the app uses them the check also records a pass, and puts whose preferences cannot be traced are then given the benefit of the doubt. Values the app encrypts or hashes itself before storing are reported at medium: a hashed PIN is recovered by trying all PINs, and a key kept beside the data protects nothing.',
      '',
      'Preferences and files live in the app sandbox, but they are exposed by backups (`allowBackup`), by `run-as` on debuggable builds, on rooted devices and to malware with root. Scope: the app\'s own code and its hybrid framework.',
    ].join('\n'),
    manual:
      'On a rooted or debuggable test device, use the app, then read `/data/data/<package>/shared_prefs/*.xml` and `files/` (e.g. `adb shell run-as <package> cat shared_prefs/<name>.xml`) and look for the reported keys in clear.',
    remediation:
      'Do not store passwords or PINs at all (verify them on the server, or with a Keystore-backed key and user authentication). Keep tokens and other secrets in `EncryptedSharedPreferences` / Jetpack Security `EncryptedFile`, or encrypt them with a non-exportable Android Keystore key.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const encryptedUse: CallSite[] = code.callsTo(ENCRYPTED_PREFS, 'create').filter((s) => inAppScope(app, s.classType));
    if (encryptedUse.length > 0) {
      ctx.pass({
        message: 'The app stores preferences with androidx.security.crypto.EncryptedSharedPreferences.',
        locations: encryptedUse.slice(0, 5).map((s) => siteLocation(app, s, s.target)),
        evidence: ['EncryptedSharedPreferences.create(…)'],
      });
    }
    const hits: CodeHit[] = [];
    for (const name of PUTS) {
      for (const s of code.callsTo(EDITOR, name)) {
        if (!inAppScope(app, s.classType)) continue;
        const key = keyOf(app, s.args[1]);
        const keyTerm = key !== undefined ? secretNamed(key, { asStoredName: true }) : undefined;
        // The key may be neutral while the value is named as a secret (a field `pin`, text typed in R.id.pin).
        const valuePiece = keyTerm ? undefined : secretOfValue(app, s.args[2]);
        const term = keyTerm ?? valuePiece?.term;
        if (!term) continue;
        const origin = prefsOrigin(app, s.args[0]);
        if (origin === 'encrypted' || (origin === 'unknown' && encryptedUse.length > 0)) continue;
        const protectedBy = looksProtected(s.args[2]);
        const keyText = key !== undefined ? quote(key) : showValue(s.args[1] ?? { k: 'unknown' });
        hits.push({
          place: s, target: s.target,
          evidence: `SharedPreferences.Editor.${name}(${keyText}, ${showValue(s.args[2] ?? { k: 'unknown' })})${valuePiece ? `: the value is ${valuePiece.label}` : ''}${protectedBy ? ` — value from ${protectedBy} in the app` : ''}`,
          label: `${term} under key ${keyText}${protectedBy ? ' (encrypted or hashed by the app)' : ''}`,
          severity: protectedBy ? 'medium' : 'high',
        });
      }
    }
    for (const io of fileIoByMethod(app).values()) {
      for (const open of io.opens) {
        const name = open.site.args.find((a): a is Extract<Value, { k: 'str' }> => a.k === 'str');
        const term = name ? secretNamed(name.v.replace(/\.[a-z0-9]{1,5}$/i, ''), { asStoredName: true }) : undefined;
        if (term && name) {
          hits.push({
            place: open.site, target: open.site.target,
            evidence: `${open.call} on ${quote(name.v)}`, label: `a file named ${quote(name.v)}`, severity: 'high',
          });
        }
      }
      for (const w of io.writes) {
        const verdict = judgeContent(app, w.parts);
        const own = verdict.pieces.filter((p) => !p.fromLabel);
        if (own.length === 0) continue;
        hits.push({
          place: w.site, target: w.site.target,
          evidence: `${w.call}(${w.parts.map((p) => showValue(p)).join(' + ')}) after ${io.opens.map((o) => o.call).join(', ')}: ${describePieces(own)}`,
          label: `${termsOf(own)} written to a file`, severity: 'high',
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} stores ${[...new Set(g.map((h) => h.label))].join('; ')} in clear.`);
  },
});
