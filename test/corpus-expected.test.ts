/**
 * Measures the audit against the verified ground truth of the third-party sample apps (../shared/corpus,
 * expected.json): every weakness marked `weakness_applies: true` must be reported (recall), and nothing may be
 * reported for the verified negatives (`weakness_applies: false`); `partial` entries count either way.
 * The apps are a sample, not the target: nothing in the engine knows them.
 *
 * The mapping below says which dfslab checks answer each ground-truth category. A category with no check yet
 * counts as a miss, so this test fails until the category is covered.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit, type AuditResult } from '../src/audit.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, loadExpected, type ExpectedEntry } from './corpus.js';

export const CATEGORY_CHECKS: Record<string, string[]> = {
  manifest_allow_backup: ['android.manifest.allow-backup'],
  manifest_cleartext_default: ['android.manifest.cleartext-traffic', 'android.network.nsc-cleartext'],
  manifest_custom_permission_weak: ['android.manifest.custom-permission-weak'],
  manifest_dangerous_permissions: ['android.manifest.dangerous-permissions'],
  manifest_debuggable: ['android.manifest.debuggable'],
  manifest_exported_activity: ['android.manifest.exported-activity'],
  manifest_exported_provider: ['android.manifest.exported-provider'],
  manifest_exported_receiver: ['android.manifest.exported-receiver'],
  manifest_exported_service: ['android.manifest.exported-service'],
  manifest_min_sdk_old: ['android.manifest.min-sdk'],
  manifest_target_sdk_old: ['android.manifest.target-sdk'],
  manifest_task_hijacking: ['android.manifest.task-hijacking'],
  signing_unsigned: ['android.signing.unsigned'],
  signing_v1_only: ['android.signing.v1-only'],
  signing_janus: ['android.signing.janus'],
  signing_debug_cert: ['android.signing.debug-certificate'],
  signing_weak_algorithm: ['android.signing.weak-algorithm'],
  signing_weak_key: ['android.signing.weak-key'],
  signing_public_test_key: ['android.signing.public-test-key'],
  crypto_ecb_mode: ['android.crypto.ecb-mode'],
  crypto_hardcoded_key: ['android.crypto.hardcoded-key'],
  crypto_static_iv: ['android.crypto.static-iv'],
  crypto_weak_cipher: ['android.crypto.weak-cipher'],
  crypto_weak_hash: ['android.crypto.weak-hash'],
  crypto_insecure_random: ['android.crypto.insecure-random'],
  crypto_custom_or_encoding: ['android.crypto.encoding-as-encryption'],
  secrets_hardcoded: ['android.secrets.hardcoded-secret'],
  network_cleartext_urls: ['android.network.cleartext-urls'],
  network_insecure_trustmanager: ['android.tls.trust-all-certificates', 'android.tls.permissive-hostname-verifier'],
  network_local_server: ['android.network.local-server'],
  webview_javascript_enabled: ['android.webview.javascript-enabled'],
  webview_js_interface: ['android.webview.javascript-interface'],
  webview_file_access: ['android.webview.file-access'],
  webview_debugging_enabled: ['android.webview.debugging-enabled'],
  webview_ssl_error_proceed: ['android.tls.webview-ssl-error-proceed'],
  webview_untrusted_content: ['android.webview.untrusted-content'],
  storage_external: ['android.storage.external-storage'],
  storage_sensitive_plaintext: ['android.storage.plaintext-secrets'],
  storage_sqlite_unencrypted: ['android.storage.unencrypted-database'],
  storage_temp_file: ['android.storage.temp-file'],
  storage_world_accessible_files: ['android.storage.world-accessible'],
  clipboard_use: ['android.storage.clipboard'],
  logging_sensitive: ['android.logging.sensitive-data'],
  code_sql_injection: ['android.code.sql-injection'],
  code_dynamic_loading: ['android.code.dynamic-code-loading'],
  code_command_injection: ['android.code.command-execution'],
  code_backdoor: ['android.code.hidden-backdoor'],
  ipc_implicit_or_sticky_broadcast: ['android.ipc.implicit-broadcast'],
  native_no_nx: ['android.native.executable-stack'],
  native_no_stack_canary: ['android.native.stack-canary'],
  native_no_relro: ['android.native.relro'],
  native_no_fortify: ['android.native.fortify'],
  native_unsafe_functions: ['android.native.unsafe-functions'],
  resilience_root_detection: ['android.resilience.root-detection'],
  resilience_emulator_detection: ['android.resilience.emulator-detection'],
  resilience_debugger_detection: ['android.resilience.debugger-detection'],
  resilience_hooking_detection: ['android.resilience.hooking-detection'],
  resilience_tamper_detection: ['android.resilience.tamper-detection'],
  resilience_obfuscation: ['android.resilience.obfuscation'],
  ui_no_flag_secure: ['android.ui.flag-secure'],
  ui_tapjacking: ['android.ui.tapjacking'],
  ios_ats_arbitrary_loads: ['ios.ats.arbitrary-loads'],
  ios_debugger_detection: ['ios.resilience.debugger-detection'],
  ios_get_task_allow: ['ios.entitlements.get-task-allow'],
  ios_hardcoded_secrets: ['ios.secrets.hardcoded-secret'],
  ios_insecure_functions: ['ios.code.insecure-functions'],
  ios_insecure_random: ['ios.code.insecure-random'],
  ios_jailbreak_detection: ['ios.resilience.jailbreak-detection'],
  ios_min_os_old: ['ios.config.min-os'],
  ios_no_arc: ['ios.binary.arc'],
  ios_no_pie: ['ios.binary.pie'],
  ios_no_stack_canary: ['ios.binary.stack-canary'],
  ios_not_encrypted: ['ios.binary.not-encrypted'],
  ios_nslog: ['ios.code.logging'],
  ios_obfuscation: ['ios.resilience.obfuscation'],
  ios_symbols_not_stripped: ['ios.binary.symbols-not-stripped'],
  ios_unsigned: ['ios.binary.unsigned'],
  ios_url_schemes: ['ios.config.url-schemes'],
  ios_weak_hash: ['ios.code.weak-crypto'],
};

interface Score {
  app: string;
  truePositives: string[];
  misses: string[];
  falsePositives: string[];
  trueNegatives: string[];
}

function score(app: string, entries: ExpectedEntry[], result: AuditResult): Score {
  const reported = new Set(result.findings.map((f) => f.checkId));
  const s: Score = { app, truePositives: [], misses: [], falsePositives: [], trueNegatives: [] };
  for (const e of entries) {
    if (e.weakness_applies === 'partial' || e.weakness_applies === null || e.weakness_applies === undefined) continue;
    const checks = CATEGORY_CHECKS[e.key];
    const hit = checks !== undefined && checks.some((c) => reported.has(c));
    if (e.weakness_applies === true) (hit ? s.truePositives : s.misses).push(e.key);
    else (hit ? s.falsePositives : s.trueNegatives).push(e.key);
  }
  return s;
}

const dir = corpusDir();
const expected = dir ? loadExpected(dir) : [];
const apks = [...new Set(expected.map((e) => e.app))].filter((a) => /\.(apk|apks|xapk|ipa)$/.test(a)).sort();

describe.skipIf(!dir)('corpus ground truth (expected.json)', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const scores: Score[] = [];
  for (const app of apks) {
    it(`${app}: reports every verified weakness and nothing on verified negatives`, async () => {
      const result = await audit(join(dir!, app));
      const s = score(app, expected.filter((e) => e.app === app), result);
      scores.push(s);
      const total = s.truePositives.length + s.misses.length;
      console.log(
        `${app}: recall ${s.truePositives.length}/${total}` +
          `, false positives ${s.falsePositives.length}/${s.falsePositives.length + s.trueNegatives.length}` +
          (s.misses.length ? `; missed: ${s.misses.join(', ')}` : '') +
          (s.falsePositives.length ? `; false positives: ${s.falsePositives.join(', ')}` : ''),
      );
      expect({ misses: s.misses, falsePositives: s.falsePositives }).toEqual({ misses: [], falsePositives: [] });
    });
  }
});
