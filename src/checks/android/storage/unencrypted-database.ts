import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { quote, reportByMethod, siteLocation, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { contextCalls, inAppScope } from './code-scope-support.js';
import { personalDataNamed, secretNamed } from './sensitive-names-support.js';
import { secretOfValue } from './sensitive-values-support.js';

const SQLITE_HELPER = 'Landroid/database/sqlite/SQLiteOpenHelper;';
const SQLITE_DB = 'Landroid/database/sqlite/SQLiteDatabase;';
const ROOM = 'Landroidx/room/Room;';
const ROOM_BUILDER = 'Landroidx/room/RoomDatabase$Builder;';
const CONTENT_VALUES = 'Landroid/content/ContentValues;';
// SQLCipher for Android (Zetetic): the legacy net.sqlcipher package and the current net.zetetic one.
const SQLCIPHER_PREFIXES = ['Lnet/sqlcipher/', 'Lnet/zetetic/'];

/** A table definition read from a `CREATE TABLE` constant. */
export interface TableSchema {
  table: string;
  columns: string[];
}

const CREATE_TABLE = /create\s+(?:temp(?:orary)?\s+)?(?:virtual\s+)?table\s+(?:if\s+not\s+exists\s+)?[`"[]?([\w.$]+)[`"\]]?\s*(?:using\s+\w+\s*)?\(([\s\S]*)\)/i;
const CONSTRAINT = /^(primary|unique|foreign|check|constraint)\b/i;

/** Parses a `CREATE TABLE name (col type, …)` statement (SQLite syntax); undefined when it is not one. */
export function parseCreateTable(sql: string): TableSchema | undefined {
  const m = CREATE_TABLE.exec(sql);
  if (!m) return undefined;
  const body = m[2]!;
  const columns: string[] = [];
  let depth = 0, start = 0;
  const defs: string[] = [];
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === body.length) {
      defs.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  for (const d of defs) {
    if (d.length === 0 || CONSTRAINT.test(d)) continue;
    const name = /^[`"[]?([^`"\]\s]+)/.exec(d)?.[1];
    if (name) columns.push(name);
  }
  return { table: m[1]!, columns };
}

/** The outer class of a nested class: schema, helper and queries of one database usually share it. */
function outerOf(type: string): string {
  const i = type.indexOf('$');
  return i > 0 ? `${type.slice(0, i)};` : type;
}

interface Database {
  place: CallSite;
  /** How it is opened, for evidence. */
  how: string;
  name: string | undefined;
  owner: string;
  encrypted: boolean;
}

/** The first string constant inside a value (`getDatabasePath("x.db").getPath()` → `x.db`). */
function firstString(v: Value | undefined, depth = 0): string | undefined {
  if (!v || depth > 4) return undefined;
  if (v.k === 'str') return v.v;
  if (v.k === 'ret') {
    for (const a of v.args) {
      const s = firstString(a, depth + 1);
      if (s !== undefined) return s;
    }
  }
  return undefined;
}

function isSqlCipher(type: string): boolean {
  return SQLCIPHER_PREFIXES.some((p) => type.startsWith(p));
}

function databases(app: AndroidApp): Database[] {
  const code = app.code;
  const out: Database[] = [];
  const nameOf = (s: CallSite, i: number): string | undefined => firstString(s.args[i]);
  // SQLiteOpenHelper subclasses: their constructor's super(context, name, factory, version) call.
  for (const s of code.callsTo(SQLITE_HELPER, '<init>')) {
    if (s.method.name !== '<init>') continue;
    out.push({ place: s, how: `SQLiteOpenHelper ${dottedClassName(s.classType)}`, name: nameOf(s, 2), owner: outerOf(s.classType), encrypted: false });
  }
  for (const prefix of ['Lnet/sqlcipher/database/SQLiteOpenHelper;', 'Lnet/zetetic/database/sqlcipher/SQLiteOpenHelper;']) {
    for (const s of code.callsTo(prefix, '<init>')) {
      if (s.method.name !== '<init>') continue;
      out.push({ place: s, how: `SQLCipher helper ${dottedClassName(s.classType)}`, name: nameOf(s, 2), owner: outerOf(s.classType), encrypted: true });
    }
  }
  for (const s of contextCalls(code, 'openOrCreateDatabase')) {
    out.push({ place: s, how: 'Context.openOrCreateDatabase', name: nameOf(s, 1), owner: outerOf(s.classType), encrypted: false });
  }
  for (const name of ['openOrCreateDatabase', 'openDatabase', 'create']) {
    for (const s of code.callsTo(SQLITE_DB, name)) {
      out.push({ place: s, how: `SQLiteDatabase.${name}`, name: nameOf(s, 0), owner: outerOf(s.classType), encrypted: false });
    }
  }
  // Room: encrypted when the same method installs a SQLCipher open-helper factory on the builder.
  const cipherFactories = new Set(
    code.callsTo(ROOM_BUILDER, 'openHelperFactory')
      .filter((s) => { const f = s.args[1]; return f !== undefined && (f.k === 'new' ? isSqlCipher(f.type) : f.k === 'ret' && isSqlCipher(f.method.classType)); })
      .map((s) => `${s.classType}->${s.method.name}${s.method.descriptor}`),
  );
  for (const s of code.callsTo(ROOM, 'databaseBuilder')) {
    const encrypted = cipherFactories.has(`${s.classType}->${s.method.name}${s.method.descriptor}`);
    out.push({ place: s, how: 'Room.databaseBuilder', name: nameOf(s, 2), owner: outerOf(s.classType), encrypted });
  }
  return out.filter((d) => inAppScope(app, d.place.classType));
}

/** Schema constants of the app's code, by outer class. */
function schemasByOwner(app: AndroidApp): Map<string, TableSchema[]> {
  const out = new Map<string, TableSchema[]>();
  for (const u of app.code.stringUses((v) => /create\s+(?:temp\w*\s+)?(?:virtual\s+)?table/i.test(v))) {
    if (!inAppScope(app, u.classType)) continue;
    const t = parseCreateTable(u.value);
    if (!t) continue;
    const owner = outerOf(u.classType);
    const list = out.get(owner) ?? [];
    if (!list.some((x) => x.table === t.table)) list.push(t);
    out.set(owner, list);
  }
  return out;
}

interface Sensitivity {
  severity: Severity;
  reasons: string[];
}

function judgeDatabase(tables: readonly TableSchema[], inserts: ReadonlyMap<string, string[]>): Sensitivity {
  const secret: string[] = [], personal: string[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      const term = secretNamed(c, { asStoredName: true });
      if (term) secret.push(`column ${t.table}.${c} (${term})`);
      else if (personalDataNamed(c)) personal.push(`column ${t.table}.${c} (${personalDataNamed(c)})`);
      for (const why of inserts.get(c.toLowerCase()) ?? []) (why.startsWith('secret:') ? secret : personal).push(`${t.table}.${c} ← ${why.slice(why.indexOf(':') + 1)}`);
    }
  }
  if (secret.length > 0) return { severity: 'high', reasons: [...new Set([...secret, ...personal])] };
  if (personal.length > 0) return { severity: 'medium', reasons: [...new Set(personal)] };
  return { severity: 'low', reasons: [] };
}

/** What the app's ContentValues.put calls store under each key, when the value is named as sensitive. */
function sensitiveInserts(app: AndroidApp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of app.code.callsTo(CONTENT_VALUES, 'put')) {
    if (!inAppScope(app, s.classType)) continue;
    const key = s.args[1];
    if (key?.k !== 'str') continue;
    const value = s.args[2];
    const piece = secretOfValue(app, value);
    let why: string | undefined;
    if (piece) why = `secret:${piece.label}`;
    else if (value?.k === 'field' && personalDataNamed(value.field.name)) why = `personal:field ${value.field.name} (${personalDataNamed(value.field.name)})`;
    if (!why) continue;
    const k = key.v.toLowerCase();
    out.set(k, [...(out.get(k) ?? []), why]);
  }
  return out;
}

export default defineAndroidCheck({
  id: 'android.storage.unencrypted-database',
  meta: {
    title: 'Unencrypted SQLite database',
    family: 'storage',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0001'], cwe: ['CWE-311'], dfs: ['APP-64', 'APP-24'] }),
    description: [
      'Finds the SQLite databases the app creates — `SQLiteOpenHelper` subclasses, `openOrCreateDatabase` / `SQLiteDatabase.openDatabase`, and Room `databaseBuilder` — that are not encrypted with SQLCipher (`net.sqlcipher`, `net.zetetic`), and judges what they hold from the `CREATE TABLE` statements in the same (outer) class and from the app\'s `ContentValues.put` calls into those columns.',
      '',
      'Severity: **high** when a column or an inserted value is named as a secret (password, PIN, card number, CVV, token, …); **medium** when it holds personal or account data (user name, phone, e-mail, account, balance); **low** when the contents are not recognisable — the database is still in clear in the sandbox, exposed to backups, debuggable builds and rooted devices, and worth a look. SQLCipher helpers and Room builders with a SQLCipher `SupportFactory` are recorded as passes.',
      '',
      'Scope: databases created in the app\'s own code or its hybrid framework. Databases that bundled SDKs keep for themselves (analytics, ads, crash reporting) are not the app\'s weakness and are not reported. Room entities declared only through annotations, and schemas built at run time, are not read.',
    ].join('\n'),
    manual:
      'On a rooted or debuggable test device, use the app, then pull `/data/data/<package>/databases/<name>` (`adb shell run-as <package> cat databases/<name> > db`) and open it with `sqlite3`: an unencrypted file opens without a key. Look for credentials, card data, tokens and personal data.',
    remediation:
      'Do not keep secrets in local databases. Encrypt databases that hold personal or financial data with SQLCipher (Room: `openHelperFactory(SupportOpenHelperFactory(passphrase))`) using a passphrase protected by the Android Keystore, or encrypt sensitive columns with a Keystore key.',
  },
  run(ctx) {
    const { app } = ctx;
    const dbs = databases(app);
    if (dbs.length === 0) return;
    const schemas = schemasByOwner(app);
    const inserts = sensitiveInserts(app);
    const encrypted = dbs.filter((d) => d.encrypted);
    if (encrypted.length > 0) {
      ctx.pass({
        message: `Encrypted with SQLCipher: ${encrypted.map((d) => d.name ?? d.how).join(', ')}.`,
        locations: encrypted.slice(0, 5).map((d) => siteLocation(app, d.place, d.place.target)),
        evidence: encrypted.map((d) => `${d.how}${d.name ? ` ${quote(d.name)}` : ''}`),
      });
    }
    const hits: CodeHit[] = [];
    for (const d of dbs) {
      if (d.encrypted) continue;
      const tables = schemas.get(d.owner) ?? [];
      const verdict = judgeDatabase(tables, inserts);
      const dbName = d.name !== undefined ? quote(d.name) : '(name computed at run time)';
      const schema = tables.map((t) => `${t.table}(${t.columns.join(', ')})`).join('; ');
      hits.push({
        place: d.place, target: d.place.target,
        evidence: `${d.how} database ${dbName}, no SQLCipher${schema ? `; tables ${schema}` : '; no CREATE TABLE seen in the same class'}${verdict.reasons.length > 0 ? `; sensitive: ${verdict.reasons.slice(0, 6).join(', ')}` : ''}`,
        label: `${dbName}${verdict.severity === 'high' ? ' with secrets' : verdict.severity === 'medium' ? ' with personal data' : ''}`,
        severity: verdict.severity,
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} opens an unencrypted SQLite database ${[...new Set(g.map((h) => h.label))].join(', ')}.`);
  },
});
