import type { CallSite } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  argumentsFromCallers, byMethod, describeOrigin, dynamicParts, shortCall, showExpr, stringArg, stringArrayArg,
  type Part, type StringExpr,
} from './dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';

const STRING = 'Ljava/lang/String;';
/** Calls that return a path inside the app's own storage or its package name. */
const APP_PATHS = /^(getAbsolutePath|getPath|getCanonicalPath|getFilesDir|getCacheDir|getCodeCacheDir|getNoBackupFilesDir|getDataDir|getDir|getDatabasePath|getPackageName|getPackageCodePath|getPackageResourcePath)$/;
const STRING_ARRAY = '[Ljava/lang/String;';

interface Command {
  site: CallSite;
  /** The command as the code builds it (one expression, or the elements of the argv array). */
  shown: string;
  risky: Array<Extract<Part, { kind: 'dynamic' }>>;
  /** Callers' values when the command is a parameter of the calling method. */
  callers: Array<{ site: CallSite; expr: StringExpr }>;
}

/** Non-constant pieces that can carry shell syntax or choose the program (numbers cannot). */
function riskyParts(exprs: readonly StringExpr[]): Array<Extract<Part, { kind: 'dynamic' }>> {
  return exprs.flatMap((e) => dynamicParts(e)).filter((p) => !p.numeric && p.origin.kind !== 'unknown');
}

export default defineAndroidCheck({
  id: 'android.code.command-execution',
  meta: {
    title: 'OS command built from non-constant input',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0050'], cwe: ['CWE-78'], dfs: ['APP-31', 'APP-11'] }),
    description: [
      'Finds `Runtime.exec` and `ProcessBuilder` (constructor and `command`) whose command line — the string, or the elements of the argument array — is built in the calling method from values that are not constants: parameters, fields, UI text, intent extras, lines read from a socket or stream. When the command is a parameter, the callers (up to 12) are shown.',
      '',
      'A command made only of constants (`which su`, `getprop ro.debuggable`, `logcat -c`) is not reported: it runs a fixed program, typically for root detection or diagnostics, and cannot be steered. A command whose pieces cannot be reconstructed (an argv list filled elsewhere) is not reported either.',
      '',
      'A value placed in a command line can add arguments or, through `sh -c`, whole commands (CWE-78), run with the app\'s identity and data access. Severity: high when the value comes from the UI, an intent or a stream; low when the only non-constant pieces are paths of the app\'s own files (`getFilesDir()`, `getAbsolutePath()`); medium otherwise. Library policy: bundled library code is reported only when the value comes from outside the app.',
    ].join('\n'),
    manual:
      'Decompile the reported method and trace the non-constant part of the command to its source. If it can come from another app, a network peer or the user, try values such as `; id` or `&& touch /data/local/tmp/x` and check whether they run.',
    remediation:
      'Avoid running shell commands; use the Android or Java API that does the job. If a process is needed, pass a fixed program and separate, validated arguments as a `String[]` (never through `sh -c`), and allow-list any value that comes from input.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const found: Command[] = [];
    const sites = [
      ...code.callsTo('Ljava/lang/Runtime;', 'exec'),
      ...code.callsTo('Ljava/lang/ProcessBuilder;', '<init>'),
      ...code.callsTo('Ljava/lang/ProcessBuilder;', 'command'),
    ];
    for (const site of sites) {
      const first = site.target.proto.params[0];
      let exprs: StringExpr[] | undefined;
      if (first === STRING) {
        const e = stringArg(code, site, 1);
        exprs = e ? [e] : undefined;
      } else if (first === STRING_ARRAY) {
        exprs = stringArrayArg(code, site, 1);
      }
      if (!exprs) continue;
      const risky = riskyParts(exprs);
      if (risky.length === 0) continue;
      const callers: Command['callers'] = [];
      if (exprs.length === 1 && exprs[0]!.parts.length === 1 && risky[0]?.origin.kind === 'param') {
        for (const c of argumentsFromCallers(code, site.method, risky[0].origin.index)) {
          // A caller that passes a constant makes this a fixed command on that path.
          if (riskyParts([c.expr]).length > 0) callers.push(c);
        }
        const anyCaller = code.callsTo(site.method.classType, site.method.name, site.method.descriptor).length > 0;
        if (anyCaller && callers.length === 0) continue;
      }
      const shown = first === STRING ? showExpr(exprs[0]!) : `new String[]{${exprs.map((e) => showExpr(e)).join(', ')}}`;
      found.push({ site, shown, risky, callers });
    }
    for (const group of byMethod(found.map((f) => ({ ...f, method: f.site.method })))) {
      const first = group[0]!;
      const origins = [...new Set(group.flatMap((f) => [...f.risky, ...f.callers.flatMap((c) => dynamicParts(c.expr))]).filter((p) => !p.numeric).map((p) => p.origin))];
      const outside = origins.some((o) => o.kind === 'ipc' || o.kind === 'ui');
      if (isLibrary(app, first.site.classType) && !outside) continue;
      // Only paths of the app's own files (chmod of a file in getFilesDir()): hard to steer, low.
      const ownPaths = origins.every((o) => o.kind === 'call' && APP_PATHS.test(o.call.name));
      const severity: Severity = outside ? 'high' : ownPaths ? 'low' : 'medium';
      const evidence: string[] = [];
      for (const f of group) {
        evidence.push(`${shortCall(f.site.target)}(${f.shown})`);
        for (const c of f.callers) evidence.push(`${methodLabel(c.site.method)} passes ${showExpr(c.expr)}`);
      }
      const described = [...new Set(origins.map((o) => describeOrigin(o, first.site.method)))];
      ctx.report({
        message: `${methodLabel(first.site.method)} runs an OS command built from ${described.join(', ')}.`,
        locations: group.map((f) => siteLocation(app, f.site, f.site.target)),
        evidence,
        severity,
      });
    }
  },
});
