/**
 * @module platform/services/training-key
 * The answer key of a training engagement: for each catalog item that the bundled samples decide, the result a
 * lab team should reach (pass, fail or not applicable), the sample that decides it, and a short explanation
 * for the trainer (why, and where to look). It is data about the samples, kept here and never in the audit
 * engine: the engine treats the samples like any other app, and the platform test (test/platform/training.test.ts)
 * scans the samples through the platform and checks that every automated entry equals what the engine finds.
 *
 * The samples are the Android wallet `fixtures/android/build/vulnerable-wallet.apk` (its README lists the
 * weaknesses it carries), the iOS bank `fixtures/ios/build/vulnerable-bank.ipa` (idem), and the reference USSD
 * service M-Wallet (examples/ussd-wallet) in its vulnerable profile, whose weaknesses the README's table lists.
 *
 * A manual item is keyed only when the samples decide it (an item about a telecom operator's procedures, or
 * about a back end the samples do not have, is left out and not scored). An automated item that only a USSD
 * run decides is keyed with the USSD sample. USSD-22, USSD-32 (idle timeout) and USSD-40 (channel limits) are
 * left out although M-Wallet has neither control: the quick run of the bundled target file cannot decide them
 * (its tests end inconclusive, so their rows get no result), and a key entry must equal what the engine finds.
 */

export const TRAINING_SAMPLE_IDS = ['android', 'ios', 'ussd'] as const;
export type TrainingSampleId = (typeof TRAINING_SAMPLE_IDS)[number];

export interface TrainingSample {
  id: TrainingSampleId;
  /** The name the sample app is registered under in the training provider. */
  name: string;
  platform: 'android' | 'ios' | 'ussd';
  /** The bundled file, relative to the package root: the build to scan, or (USSD) the target file. */
  file: string;
  /** Where its weaknesses are described, relative to the package root. */
  readme: string;
}

export const TRAINING_SAMPLES: Readonly<Record<TrainingSampleId, TrainingSample>> = {
  android: { id: 'android', name: 'Fixture Wallet (Android sample)', platform: 'android', file: 'fixtures/android/build/vulnerable-wallet.apk', readme: 'fixtures/android/vulnerable-wallet/README.md' },
  ios: { id: 'ios', name: 'Vulnerable Bank (iOS sample)', platform: 'ios', file: 'fixtures/ios/build/vulnerable-bank.ipa', readme: 'fixtures/ios/vulnerable-bank/README.md' },
  ussd: { id: 'ussd', name: 'M-Wallet (reference USSD service)', platform: 'ussd', file: 'examples/ussd-wallet/target.yaml', readme: 'examples/ussd-wallet/README.md' },
};

export type ExpectedResult = 'pass' | 'fail' | 'not_applicable';

export interface TrainingKeyEntry {
  itemId: string;
  expected: ExpectedResult;
  /** The samples whose results decide the row. */
  samples: readonly TrainingSampleId[];
  /** Automated: the engine decides the row from the linked scans; manual: the team records it. */
  mode: 'automated' | 'manual';
  /** For the trainer: why this result, and where the team should have looked. */
  explanation: string;
}

const A = ['android'] as const;
const I = ['ios'] as const;
const AI = ['android', 'ios'] as const;
const U = ['ussd'] as const;

/** The answer key, in catalog order. */
export const TRAINING_KEY: readonly TrainingKeyEntry[] = [
  // App items decided by the static scans of the two app samples.
  { itemId: 'APP-01', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: AES in ECB mode, DES, RC4, a static IV, RSA without OAEP and MD5 in crypto.CryptoHelper; iOS: weak TLS exceptions in the ATS settings of Info.plist.' },
  { itemId: 'APP-04', expected: 'fail', samples: A, mode: 'automated', explanation: 'ui.TransferActivity.sendTransferSms sends the transfer, PIN included, by SMS (SmsManager.sendTextMessage).' },
  { itemId: 'APP-06', expected: 'fail', samples: A, mode: 'automated', explanation: 'No FLAG_SECURE and no filterTouchesWhenObscured: the screens can be captured and overlaid (tapjacking).' },
  { itemId: 'APP-10', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Neither sample detects root/jailbreak, emulators, debuggers or hooking frameworks, nor uses Play Integrity / App Attest.' },
  { itemId: 'APP-11', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: debuggable, WebView debugging, secret codes, the backdoor PIN 759153 and a remote shell; iOS: get-task-allow, development profile, symbols not stripped.' },
  { itemId: 'APP-12', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: signed with the Android Debug key, no tamper detection; iOS: ad-hoc signature, expired development profile, no App Attest.' },
  { itemId: 'APP-13', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: trust-all TrustManager, allow-all hostname verifier, TLSv1/1.1, cleartext URLs; iOS: NSAllowsArbitraryLoads and http:// endpoints.' },
  { itemId: 'APP-17', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: net.TrustAllManager, AllowAllHostnameVerifier, onReceivedSslError → proceed(), user CAs trusted; iOS: NSExceptionMinimumTLSVersion TLSv1.0.' },
  { itemId: 'APP-18', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: no pinning, an expired pin-set overridden by overridePins; iOS: no pinning.' },
  { itemId: 'APP-19', expected: 'fail', samples: A, mode: 'automated', explanation: 'The wallet installs a TrustManager that accepts every certificate and a hostname verifier that accepts every host (net.ApiClient.installTrustAll).' },
  { itemId: 'APP-22', expected: 'fail', samples: A, mode: 'automated', explanation: 'The wallet reads one-time codes from SMS (READ_SMS, RECEIVE_SMS, ipc.SmsReceiver).' },
  { itemId: 'APP-24', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: PIN in world-readable SharedPreferences, keys in the code, unencrypted database; iOS: kSecAttrAccessibleAlways and NSFileProtectionNone.' },
  { itemId: 'APP-26', expected: 'fail', samples: A, mode: 'automated', explanation: 'plugin.PluginLoader loads code from shared storage; WalletStorage writes backups and logs to external storage.' },
  { itemId: 'APP-27', expected: 'fail', samples: A, mode: 'automated', explanation: 'LoginActivity.copyPinToClipboard puts the PIN on the clipboard; WalletStorage.writeTempReceipt leaves temp files.' },
  { itemId: 'APP-28', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: exported activity, service, receivers and provider without permission, implicit broadcasts with the PIN; iOS: custom URL scheme vulnbank, no universal links.' },
  { itemId: 'APP-29', expected: 'fail', samples: AI, mode: 'automated', explanation: 'AWS and sk_live_ keys in net.ApiConfig, strings.xml and assets/config.json (Android), in the binary and config.json (iOS).' },
  { itemId: 'APP-30', expected: 'fail', samples: A, mode: 'automated', explanation: 'storage.TransactionDatabase builds rawQuery/execSQL from strings, reached from the exported TransactionProvider.' },
  { itemId: 'APP-31', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: command execution, SQL injection, dynamic code loading, a native library without canary/RELRO; iOS: strcpy, sprintf, gets, NSLog of the password.' },
  { itemId: 'APP-32', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: minSdk 19 / targetSdk 26 and code loaded at run time; iOS: MinimumOSVersion 9.0 and an expired profile.' },
  { itemId: 'APP-40', expected: 'fail', samples: A, mode: 'automated', explanation: 'allowBackup is absent from the manifest, so backup is on (default true).' },
  { itemId: 'APP-41', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: android:debuggable="true" and WebView debugging; iOS: get-task-allow = true in the entitlements and the profile.' },
  { itemId: 'APP-42', expected: 'pass', samples: A, mode: 'automated', explanation: 'The manifest sets no installLocation, so the app is installed on internal storage only: a pass the team should not turn into a finding.' },
  { itemId: 'APP-43', expected: 'fail', samples: A, mode: 'automated', explanation: 'SEND_SMS, READ_SMS, RECEIVE_SMS, CALL_PHONE, contacts, location, camera and storage permissions that a wallet does not need.' },
  { itemId: 'APP-44', expected: 'fail', samples: A, mode: 'automated', explanation: 'WRITE_EXTERNAL_STORAGE with requestLegacyExternalStorage, used for backups and logs (WalletStorage).' },
  { itemId: 'APP-46', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: cleartextTrafficPermitted in the network security config and http:// endpoints; iOS: arbitrary loads and insecure-HTTP exception domains.' },
  { itemId: 'APP-48', expected: 'fail', samples: A, mode: 'automated', explanation: 'No pinning and user-installed CAs trusted (network_security_config.xml): a device-trusted proxy sees everything.' },
  { itemId: 'APP-49', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: cleartextTrafficPermitted="true" in the NSC; iOS: NSAllowsArbitraryLoads and NSExceptionAllowsInsecureHTTPLoads.' },
  { itemId: 'APP-53', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: DES, RC4, Blowfish, ECB, static IV, java.util.Random, XOR "encryption"; iOS: CCCrypt with DES/ECB, rand(), MD5/SHA-1.' },
  { itemId: 'APP-54', expected: 'fail', samples: AI, mode: 'automated', explanation: 'No root or jailbreak detection, and no obfuscation to compensate.' },
  { itemId: 'APP-55', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: readable package, class and method names; iOS: full symbol table, no obfuscation.' },
  { itemId: 'APP-63', expected: 'fail', samples: AI, mode: 'automated', explanation: 'The same weak algorithms as APP-53: DES, RC4, ECB, RSA PKCS#1 v1.5, insecure random numbers, in both apps.' },
  { itemId: 'APP-64', expected: 'fail', samples: AI, mode: 'automated', explanation: 'Android: PIN stored in clear and an unencrypted SQLite database; iOS: NSFileProtectionNone, keychain item always accessible, password on the pasteboard.' },

  // Items decided by the USSD run of M-Wallet (vulnerable profile, quick mode of the bundled target file).
  { itemId: 'APP-02', expected: 'fail', samples: U, mode: 'automated', explanation: 'A spoofed caller number reads another subscriber\'s data: the name on the welcome screen, balance and statement without a PIN (weakness data-before-pin).' },
  { itemId: 'APP-51', expected: 'fail', samples: U, mode: 'automated', explanation: 'Re-sending the confirm hop debits again, and concurrent confirms all debit (weaknesses final-step-replay, parallel-confirm-race).' },
  { itemId: 'USSD-02', expected: 'fail', samples: U, mode: 'automated', explanation: 'Stateless paths, weak session ids, separator smuggling and replayed hops are all accepted (stateless-path, weak-session-ids, separator-smuggling, final-step-replay).' },
  { itemId: 'USSD-04', expected: 'fail', samples: U, mode: 'automated', explanation: 'Change PIN and registration accept 0000, 1234, 1111 and the old PIN (weak-pin-accepted).' },
  { itemId: 'USSD-14', expected: 'fail', samples: U, mode: 'automated', explanation: 'A forged Africa\'s Talking notification with status=Success completes the pending transaction (notification-spoofing).' },
  { itemId: 'USSD-16', expected: 'fail', samples: U, mode: 'automated', explanation: 'Forgot PIN needs only the national id and date of birth, and no SIM-swap check is made (no-sim-swap-check).' },
  { itemId: 'USSD-20', expected: 'fail', samples: U, mode: 'automated', explanation: 'The service answers over plain http:// (plain-http).' },
  { itemId: 'USSD-23', expected: 'fail', samples: U, mode: 'automated', explanation: 'The confirm screen shows "PIN: 4826" (pin-echo); a PIN in the Hubtel dial string shows the balance (pin-in-dial-string).' },
  { itemId: 'USSD-30', expected: 'fail', samples: U, mode: 'automated', explanation: 'A session is not bound to the caller\'s number, continues after END, and never locks the PIN (session-msisdn-unbound, reuse-after-end, no-pin-lockout).' },
  { itemId: 'USSD-34', expected: 'fail', samples: U, mode: 'automated', explanation: 'Unlimited wrong PINs, a counter per session, a counter keyed by the number as sent, and no throttling (no-pin-lockout, pin-counter-per-session, msisdn-canonicalisation, no-throttling).' },
  { itemId: 'USSD-35', expected: 'fail', samples: U, mode: 'automated', explanation: 'Amounts -100, 0 and 1e9 are accepted, "abc" gives an HTTP 500 with a stack trace, and 500*4826*1 skips the confirm screen (amount-validation, separator-smuggling).' },
  { itemId: 'USSD-36', expected: 'fail', samples: U, mode: 'automated', explanation: 'No step-up for a PIN reset or a large transfer: knowable data is enough, and no SIM-swap check (no-sim-swap-check).' },
  { itemId: 'SIM-13', expected: 'fail', samples: U, mode: 'automated', explanation: 'No real-time SIM-swap check before a PIN reset or a large transfer (no-sim-swap-check).' },
  { itemId: 'PLAT-01', expected: 'fail', samples: U, mode: 'automated', explanation: 'No PIN lockout, sessions not bound to the number, no throttling, weak PINs accepted: the platform enforces none of its own rules.' },
  { itemId: 'PLAT-07', expected: 'fail', samples: U, mode: 'automated', explanation: 'Inputs are not validated: stateless paths, odd session ids, smuggled separators, bad amounts, a quote in the recipient shows an SQL error (error-leak).' },
  { itemId: 'PLAT-09', expected: 'fail', samples: U, mode: 'automated', explanation: 'Dialling 99 (or 0*0) opens the agent tools menu with no credential (hidden-menu).' },
  { itemId: 'PLAT-11', expected: 'fail', samples: U, mode: 'automated', explanation: 'The service answers anyone: no gateway key is required (no-gateway-auth).' },
  { itemId: 'PLAT-15', expected: 'fail', samples: U, mode: 'automated', explanation: 'No limit on new sessions per number or PIN failures per minute (no-throttling).' },
  { itemId: 'PLAT-19', expected: 'fail', samples: U, mode: 'automated', explanation: 'The agent tools (look-up, PIN reset) are reachable from any subscriber\'s phone (hidden-menu).' },
  { itemId: 'PLAT-22', expected: 'fail', samples: U, mode: 'automated', explanation: 'Hidden agent menu, and Mini statement → Another account shows another subscriber\'s statement (hidden-menu, idor-account).' },
  { itemId: 'PLAT-26', expected: 'fail', samples: U, mode: 'automated', explanation: 'Send Money shows the recipient\'s full name, or that the number is not registered, before the PIN (enumeration).' },
  { itemId: 'PLAT-40', expected: 'fail', samples: U, mode: 'automated', explanation: 'No gateway authentication, and forged end-of-session notifications are trusted (no-gateway-auth, notification-spoofing).' },
  { itemId: 'PLAT-41', expected: 'fail', samples: U, mode: 'automated', explanation: 'Other subscribers\' statements and names are shown (idor-account, enumeration).' },

  // App items the team decides by hand, from the samples' code and behaviour (see their READMEs).
  { itemId: 'APP-21', expected: 'fail', samples: A, mode: 'manual', explanation: 'Transfers need no second factor: the exported TransferActivity acts on intent extras, and the JavaScript bridge WalletBridge.sendMoney sends money from a web page.' },
  { itemId: 'APP-23', expected: 'not_applicable', samples: AI, mode: 'manual', explanation: 'Neither sample offers biometric login: no USE_BIOMETRIC/USE_FINGERPRINT permission or BiometricPrompt on Android, no NSFaceIDUsageDescription or LocalAuthentication on iOS.' },
  { itemId: 'APP-25', expected: 'fail', samples: A, mode: 'manual', explanation: 'The wallet never uses the Android Keystore: its keys are string constants passed to SecretKeySpec (crypto.CryptoHelper).' },
  { itemId: 'APP-45', expected: 'fail', samples: A, mode: 'manual', explanation: 'On a test device: the PIN in world-readable shared preferences (WalletStorage.savePin), transactions.db with a pin column, backups and logs on shared storage.' },
  { itemId: 'APP-47', expected: 'fail', samples: A, mode: 'manual', explanation: 'net.ApiClient.installTrustAll accepts any certificate, so an untrusted interception proxy sees the traffic (and most endpoints are http:// anyway).' },
  { itemId: 'APP-50', expected: 'fail', samples: A, mode: 'manual', explanation: 'The exported ui.TransferActivity starts a transfer from another app\'s intent without the PIN; the backdoor PIN 759153 opens the debug menu.' },
  { itemId: 'APP-52', expected: 'fail', samples: A, mode: 'manual', explanation: 'Responses come over http:// or a trust-all TLS connection and carry no signature: an altered balance is shown as is.' },
  { itemId: 'APP-62', expected: 'fail', samples: A, mode: 'manual', explanation: 'storage.TransactionDatabase.insertTransfer keeps transfers on the device in an unencrypted, world-readable database, with the PIN in a column.' },
  { itemId: 'PLAT-13', expected: 'fail', samples: AI, mode: 'manual', explanation: 'Hard-coded credentials in the packages: the backdoor PIN 759153 in LoginActivity.attemptLogin and the API keys (Android), the AWS key in the binary and config.json (iOS).' },

  // USSD items the team decides by hand on M-Wallet (vulnerable profile; README "Weaknesses").
  { itemId: 'PLAT-05', expected: 'fail', samples: U, mode: 'manual', explanation: 'M-Wallet is served over plain http:// (weakness plain-http): the PIN crosses the gateway link in clear.' },
  { itemId: 'SIM-03', expected: 'fail', samples: U, mode: 'manual', explanation: 'M-Wallet never asks for SIM-swap status (weakness no-sim-swap-check): Forgot PIN and large transfers go through right after a swap.' },
  { itemId: 'SIM-47', expected: 'fail', samples: U, mode: 'manual', explanation: 'No CAMARA SIM Swap check (no-sim-swap-check): a new SIM gets no extra verification before transactions or a PIN reset.' },
  { itemId: 'SS7-33', expected: 'fail', samples: U, mode: 'manual', explanation: 'Sessions never expire (weakness no-idle-timeout): a session left at a prompt for more than 180 s still continues.' },
  { itemId: 'SS7-36', expected: 'fail', samples: U, mode: 'manual', explanation: 'The confirm screen shows "PIN: 4826" and Change PIN shows the new PIN (weakness pin-echo).' },
  { itemId: 'USSD-03', expected: 'pass', samples: U, mode: 'manual', explanation: 'Registration (dial as 254711000009) asks the customer to create their own PIN; no PIN is issued. Weak PINs being accepted is USSD-04, not this item.' },
];

const BY_ITEM = new Map(TRAINING_KEY.map((k) => [k.itemId, k]));

/** The key entry of a catalog item, if the samples decide it. */
export function trainingKeyEntry(itemId: string): TrainingKeyEntry | undefined {
  return BY_ITEM.get(itemId);
}
