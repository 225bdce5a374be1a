import type { CallSite, MethodRef } from '../../../formats/dex/index.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  argumentsFromCallers, byMethod, describeOrigin, dynamicParts, shortCall, showExpr, stringArg, type StringExpr,
} from './dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';

// SQLite APIs that take SQL text: the platform's, SQLCipher's (same API) and AndroidX SupportSQLiteDatabase
// (used by Room). For `query`/`update`/`delete` the injectable text is the WHERE clause.
const DATABASES = new Set([
  'Landroid/database/sqlite/SQLiteDatabase;',
  'Lnet/sqlcipher/database/SQLiteDatabase;',
  'Landroidx/sqlite/db/SupportSQLiteDatabase;',
  'Landroid/arch/persistence/db/SupportSQLiteDatabase;',
]);
const WHOLE_STATEMENT = new Set(['rawQuery', 'rawQueryWithFactory', 'execSQL', 'compileStatement']);
const WHERE_CLAUSE = new Set(['query', 'queryWithFactory', 'update', 'updateWithOnConflict', 'delete']);
const STRING = 'Ljava/lang/String;';

/** Argument index (receiver = 0) of the SQL text a database call takes, or undefined. */
function sqlArgument(t: MethodRef): number | undefined {
  const stringParams: number[] = [];
  t.proto.params.forEach((p, i) => {
    if (p === STRING) stringParams.push(i + 1);
  });
  if (WHOLE_STATEMENT.has(t.name)) return stringParams[0];
  if (WHERE_CLAUSE.has(t.name)) {
    // SupportSQLiteDatabase.query(String sql) takes a whole statement; the others (table, where, …) a clause.
    if (stringParams.length === 1 && t.name === 'query') return stringParams[0];
    return stringParams[1];
  }
  return undefined;
}

const SQL_TEXT = /\b(select|insert|update|delete|replace|from|where|values|into|set|and|or|like|order\s+by|group\s+by|limit|drop|create|alter|pragma)\b|[=<>'"(]/i;

// Helpers that escape a value for SQL: text built from their result is safe.
const ESCAPES = new Set(['sqlEscapeString', 'appendEscapedSQLString', 'escape', 'quote']);

interface Injection {
  site: CallSite;
  expr: StringExpr;
  /** The caller that builds the text, when the sink's method only passes a parameter through. */
  via?: { site: CallSite; expr: StringExpr };
}

/** The text mixes SQL written in the code with a value that can carry quotes. */
function isInjectable(e: StringExpr): boolean {
  const risky = dynamicParts(e).filter((p) => !p.numeric && !(p.origin.kind === 'call' && ESCAPES.has(p.origin.call.name)));
  if (risky.length === 0) return false;
  return e.parts.some((p) => p.kind === 'const' && SQL_TEXT.test(p.text));
}

/** Only a parameter, passed through unchanged: the caller builds the SQL. */
function passedThrough(e: StringExpr): number | undefined {
  const p = e.parts[0];
  return e.parts.length === 1 && p?.kind === 'dynamic' && p.origin.kind === 'param' ? p.origin.index : undefined;
}

export default defineAndroidCheck({
  id: 'android.code.sql-injection',
  meta: {
    title: 'SQL statement built by concatenating values',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0050'], cwe: ['CWE-89'], dfs: ['APP-30', 'APP-31'] }),
    description: [
      'Finds calls that take SQL text — `SQLiteDatabase.rawQuery`, `rawQueryWithFactory`, `execSQL`, `compileStatement`, and the WHERE clause of `query`, `update` and `delete`, on the platform SQLite, SQLCipher and AndroidX `SupportSQLiteDatabase` — whose text is put together in the calling method from SQL written in the code and a value that is not a constant: `"… WHERE user = \'" + name + "\'"` through `StringBuilder`, `String.concat` or `String.format`. When the SQL argument is just a parameter of a small wrapper, the wrappers\' callers (up to 12) are examined instead.',
      '',
      'A value that is a number (`append(int)`), a constant (including a field every write of which stores the same constant), or the result of `DatabaseUtils.sqlEscapeString` is not counted. Constant statements are fine.',
      '',
      'Such a value can close the quote and append its own SQL: read every row of the table (e.g. other users\' transactions), bypass a PIN check done in SQL, or modify data. The input may come from the UI, an intent, a deep link, a content-provider caller or JavaScript in a WebView.',
      '',
      'Library policy: occurrences in known third-party namespaces (analytics and Play-services SDKs build statements from their own constant table names passed as parameters) are not reported; the app\'s own code and unrecognised packages are.',
    ].join('\n'),
    manual:
      'Decompile the reported method and follow the non-constant part of the SQL back to where it comes from. If it can come from the user or another app, try a value such as `\' OR \'1\'=\'1` and observe the result (e.g. all rows returned).',
    remediation:
      'Pass values as bound arguments: `rawQuery("… WHERE user = ?", new String[]{ name })`, `query(table, cols, "user = ?", args, …)`, `SQLiteStatement.bindString`, or Room `@Query` parameters. Never build SQL text from input; allow-list identifiers such as column names for sorting.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const found: Injection[] = [];
    const sites: CallSite[] = [];
    for (const cls of DATABASES) {
      for (const name of [...WHOLE_STATEMENT, ...WHERE_CLAUSE]) for (const s of code.callsTo(cls, name)) if (sqlArgument(s.target) !== undefined) sites.push(s);
    }
    for (const site of sites) {
      if (isLibrary(app, site.classType)) continue;
      const arg = sqlArgument(site.target)!;
      const expr = stringArg(code, site, arg);
      if (!expr) continue;
      if (isInjectable(expr)) {
        found.push({ site, expr });
        continue;
      }
      const param = passedThrough(expr);
      if (param === undefined) continue;
      for (const via of argumentsFromCallers(code, site.method, param)) {
        if (!isLibrary(app, via.site.classType) && isInjectable(via.expr)) found.push({ site, expr, via });
      }
    }
    // One finding per method that builds the SQL text.
    for (const group of byMethod(found.map((f) => ({ ...f, method: (f.via?.site ?? f.site).method })))) {
      const first = group[0]!;
      const builder = first.via?.site ?? first.site;
      const origins = new Set<string>();
      const evidence: string[] = [];
      for (const f of group) {
        const built = f.via?.expr ?? f.expr;
        for (const p of dynamicParts(built)) if (!p.numeric) origins.add(describeOrigin(p.origin, (f.via?.site ?? f.site).method));
        evidence.push(
          f.via
            ? `${methodLabel(f.via.site.method)} passes ${showExpr(f.via.expr)} to ${methodLabel(f.site.method)}, which calls ${shortCall(f.site.target)}(${showExpr(f.expr)})`
            : `${shortCall(f.site.target)}(${showExpr(f.expr)})`,
        );
      }
      const fromOutside = group.some((f) => dynamicParts(f.via?.expr ?? f.expr).some((p) => p.origin.kind === 'ui' || p.origin.kind === 'ipc'));
      const sinks = [...new Set(group.map((f) => shortCall(f.site.target)))].join(', ');
      ctx.report({
        message: `${methodLabel(builder.method)} builds SQL for ${sinks} by concatenating ${[...origins].join(', ') || 'a non-constant value'} into the statement text.`,
        locations: group.map((f) => siteLocation(app, f.via?.site ?? f.site, (f.via?.site ?? f.site).target)),
        evidence: [...new Set(evidence)].map((e) => (e.length > 400 ? `${e.slice(0, 400)}…` : e)),
        ...(fromOutside ? { severity: 'high' as const } : {}),
      });
    }
  },
});
