import { allExecutableTexts, importedOf, listSome, sourceName } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs, sliceEvidence } from '../support.js';

/**
 * Logging entry points: Foundation `NSLog`/`NSLogv`, unified logging (`os_log` compiles to `_os_log_impl`,
 * `os_log_error`/`os_log_fault` to `_os_log_error_impl`/`_os_log_fault_impl`), and Swift `print`/`debugPrint`
 * (their mangled names in libswiftCore).
 */
const LOGGERS = [
  '_NSLog',
  '_NSLogv',
  '_os_log_impl',
  '_os_log_error_impl',
  '_os_log_fault_impl',
  '_os_log_debug_impl',
  '_$ss5print_9separator10terminatoryypd_S2StF',
  '_$ss10debugPrint_9separator10terminatoryypd_S2StF',
];
/** A format string (it has a conversion) that names a secret a log must never hold. */
const SENSITIVE_FORMAT = /(pass(word|code)?|\bpin\b|pin ?code|token|secret|card ?(number|no)?|cvv|otp|private ?key|session ?id)[^%\n]{0,40}%(\{[a-z]+\})?[-+ #0-9.]*(@|l{0,2}[sdiuxX]|lu|ld)|%(\{[a-z]+\})?[-+ #0-9.]*(@|s|d)[^%\n]{0,40}(pass(word|code)?|token|secret|cvv|otp)/i;

export default defineIosCheck({
  id: 'ios.code.logging',
  meta: {
    title: 'Logging to the system log (NSLog / os_log / print)',
    family: 'code',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-2'], maswe: ['MASWE-0005'], cwe: ['CWE-532'], dfs: ['APP-11', 'APP-31'] }),
    description:
      'Reports executables importing `NSLog`, `os_log` (`_os_log_impl`) or Swift `print`. On iOS these messages reach the unified system log, readable over USB with Console.app or `idevicesyslog`, and are kept in sysdiagnoses; release builds should not log user data. When the binary also contains a format string that names a secret next to a conversion (e.g. `"password: %@"`, `"token=%s"`), the finding is raised to medium severity and the strings are quoted. `os_log` redacts dynamic strings as `<private>` by default unless marked `%{public}`, so a finding based only on it is weaker than one on `NSLog`.',
    manual:
      'Run the app with a device attached and watch `idevicesyslog` (or Console.app filtered on the process) while logging in and paying; search the binary\'s strings for format strings near the log calls.',
    remediation: 'Remove logging from release builds (wrap it in `#if DEBUG`), never log credentials, tokens, PINs or card data, and use `os_log` with the default `<private>` redaction.',
  },
  run(ctx) {
    for (const t of allExecutableTexts(ctx.app)) {
      const loggers = importedOf(t.slices, LOGGERS);
      if (loggers.length === 0) continue;
      const sensitive = t.strings.filter((s) => s.length <= 300 && SENSITIVE_FORMAT.test(s));
      const evidence = [sliceEvidence(t.exe, t.slices, `imports ${loggers.join(', ')}`)];
      if (sensitive.length > 0) evidence.push(`format strings naming secrets: ${listSome(sensitive.map((s) => JSON.stringify(s)), 5)}`);
      ctx.report({
        message:
          sensitive.length > 0
            ? `${t.exe.path} logs with ${listSome(loggers.map(sourceName))} and has format strings that put secrets in the log.`
            : `${t.exe.path} writes to the system log with ${listSome(loggers.map(sourceName))}.`,
        locations: [executableLocation(t.exe, loggers[0])],
        evidence,
        ...(sensitive.length > 0 ? { severity: 'medium' as const } : {}),
      });
    }
  },
});
