/**
 * The code checks (sql-injection, dynamic-code-loading, command-execution, hidden-backdoor) on the fixture
 * wallets (vulnerable-wallet triggers each, hardened-wallet none), on the edge cases of testdata/code-edge
 * (built by testdata/build.sh; every method is a named positive or negative), the string reconstruction of
 * dataflow-support, and the corpus ground truth when it is present.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import { codeChecks } from './index.js';
import { callsNamed, isConstant, showExpr, stringArg, stringArrayArg } from './dataflow-support.js';
import { checkById, findingsOf, flaggedMethods, loadApp } from '../testing.test-support.js';

const load = loadApp;
const vulnerable = load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk'));
const hardened = load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk'));
const edge = load(join(repoRoot, 'src/checks/android/code/testdata/code-edge.apk'));

const check = (id: string): AndroidCheck => checkById(codeChecks, id);
const findings = (app: AndroidApp, id: string): Promise<Finding[]> => findingsOf(app, check(id));
const flagged = (app: AndroidApp, id: string): Promise<string[]> => flaggedMethods(app, check(id));

describe('code checks on the fixture wallets', () => {
  const expected: Record<string, string[]> = {
    'android.code.sql-injection': ['TransactionDatabase.findByRecipient', 'TransactionDatabase.insertTransfer', 'TransactionDatabase.search'],
    'android.code.dynamic-code-loading': ['PluginLoader.load'],
    'android.code.command-execution': ['LocalControlServer.run', 'WalletStorage.exportLogs'],
    'android.code.hidden-backdoor': ['LoginActivity.attemptLogin'],
  };

  it('covers every code check', () => {
    expect(Object.keys(expected).sort()).toEqual(codeChecks.map((c) => c.id).sort());
  });

  for (const [id, methods] of Object.entries(expected)) {
    it(`${id}: reports vulnerable-wallet at ${methods.join(', ')} (at least) and nothing in hardened-wallet`, async () => {
      // The fixture grows with other families' cases: these places at least.
      expect(await flagged(vulnerable, id)).toEqual(expect.arrayContaining(methods));
      expect(await findings(hardened, id)).toEqual([]);
    });
  }

  it('explains each finding with the reconstructed text and where its pieces come from', async () => {
    const sql = await findings(vulnerable, 'android.code.sql-injection');
    expect(sql.flatMap((f) => f.evidence)).toContain(`SQLiteDatabase.rawQuery("SELECT * FROM transfers WHERE recipient = '" + p1 + "'")`);
    const cmd = await findings(vulnerable, 'android.code.command-execution');
    const server = cmd.find((f) => f.locations[0]!.method === 'run()V')!;
    expect(server.severity).toBe('high'); // a line read from a socket
    expect(server.message).toContain('BufferedReader.readLine()');
    const loader = (await findings(vulnerable, 'android.code.dynamic-code-loading'))[0]!;
    expect(loader.severity).toBe('high');
    expect(loader.evidence.join('\n')).toContain('"/Download/wallet-plugin.apk"');
    const backdoor = (await findings(vulnerable, 'android.code.hidden-backdoor'))[0]!;
    expect(backdoor.evidence).toEqual(['String.equals("759153") compared with text typed in the UI (a fixed value typed by the user)', 'privileged code reached: LoginActivity.openDebugMenu()']);
  });
});

describe('code checks on the edge cases (testdata/code-edge)', () => {
  it('sql-injection: chained, new StringBuilder(String), String.format, concat in a WHERE clause, and a wrapper\'s caller', async () => {
    expect(await flagged(edge, 'android.code.sql-injection')).toEqual(['Sql.chained', 'Sql.formatted', 'Sql.initArg', 'Sql.selection', 'Sql.viaWrapper']);
    // Not: numbers, bound arguments, a field that always holds a constant table name, sqlEscapeString, VACUUM.
  });

  it('command-execution: parameters and intent extras, not constant commands or a helper only called with constants', async () => {
    expect(await flagged(edge, 'android.code.command-execution')).toEqual(['Cmd.fromIntent', 'Cmd.ping']);
    const f = await findings(edge, 'android.code.command-execution');
    expect(f.find((x) => x.locations[0]!.method!.startsWith('fromIntent'))!.severity).toBe('high');
    expect(f.find((x) => x.locations[0]!.method!.startsWith('ping'))!.severity).toBe('medium');
  });

  it('dynamic-code-loading: external storage is high, in-memory medium; System.load only from shared storage', async () => {
    const f = await findings(edge, 'android.code.dynamic-code-loading');
    const by = Object.fromEntries(f.map((x) => [x.locations[0]!.method!.slice(0, x.locations[0]!.method!.indexOf('(')), x.severity]));
    expect(by).toEqual({ fromExternal: 'high', inMemory: 'medium', nativeSdcard: 'high' });
  });

  it('hidden-backdoor: a privileged name gating an admin endpoint, a master PIN opening developer options; not a log level', async () => {
    expect(await flagged(edge, 'android.code.hidden-backdoor')).toEqual(['Gate.masterPin', 'Gate.route']);
  });
});

describe('string reconstruction (dataflow-support)', () => {
  const sinkArg = (cls: string, name: string, caller: string, arg: number): string => {
    const site = edge.code.callsTo(cls, name).find((s) => s.method.name === caller);
    if (!site) throw new Error(`no call to ${name} in ${caller}`);
    const e = stringArg(edge.code, site, arg);
    if (!e) throw new Error('not reconstructed');
    return showExpr(e, 200);
  };
  const SQL = 'Landroid/database/sqlite/SQLiteDatabase;';

  it('follows builders, constant fields, format strings and numbers', () => {
    expect(sinkArg(SQL, 'rawQuery', 'chained', 1)).toBe(`"SELECT * FROM users WHERE name = '" + p1 + "'"`);
    expect(sinkArg(SQL, 'execSQL', 'initArg', 1)).toBe(`"DELETE FROM users WHERE name = '" + p1 + "'"`);
    expect(sinkArg(SQL, 'execSQL', 'constantTable', 1)).toBe('"DROP TABLE IF EXISTS accounts"');
    expect(sinkArg(SQL, 'execSQL', 'formatted', 1)).toBe(`"UPDATE users SET active = 0 WHERE name = '" + p1 + "'"`);
    expect(sinkArg(SQL, 'execSQL', 'numeric', 1)).toBe('"DELETE FROM users WHERE id = " + p1');
    expect(sinkArg('Ljava/net/URL;', '<init>', 'login', 1)).toBe('"http://" + p1 + "/login"');
  });

  it('marks numbers and knows constant text from built text', () => {
    const site = edge.code.callsTo(SQL, 'execSQL').find((s) => s.method.name === 'numeric')!;
    const e = stringArg(edge.code, site, 1)!;
    expect(e.parts.find((p) => p.kind === 'dynamic')).toMatchObject({ numeric: true });
    const constant = edge.code.callsTo(SQL, 'execSQL').find((s) => s.method.name === 'constantTable')!;
    expect(isConstant(stringArg(edge.code, constant, 1)!)).toBe(true);
  });

  it('reads String[] arguments built with aput-object', () => {
    const site = edge.code.callsTo('Ljava/lang/Runtime;', 'exec').find((s) => s.method.name === 'rootCheck')!;
    expect(stringArrayArg(edge.code, site, 1)!.map((e) => showExpr(e))).toEqual(['"/system/xbin/which"', '"su"']);
  });

  it('finds calls of a method by name on any class (subclass receivers included)', () => {
    const names = callsNamed(edge.code, 'sendBroadcast').map((s) => s.target.classType);
    expect(new Set(names)).toEqual(new Set(['Landroid/content/Context;', 'Landroidx/localbroadcastmanager/content/LocalBroadcastManager;']));
    expect(callsNamed(edge.code, 'noSuchMethodName')).toEqual([]);
  });
});

const corpus = corpusDir();

describe.skipIf(!corpus)('code checks on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const open = (name: string): AndroidApp => load(join(corpus!, name));

  it('finds the SQL injections of diva and DVHMA and none in InsecureBankv2 (only an analytics SDK builds SQL there)', async () => {
    const diva = await findings(open('diva-mobsf.apk'), 'android.code.sql-injection');
    expect(diva.flatMap((f) => f.evidence).join('\n')).toContain(`rawQuery("SELECT * FROM sqliuser WHERE user = '" + EditText.getText() + "'")`);
    expect((await flagged(open('DVHMA-featherweight.apk'), 'android.code.sql-injection'))).toEqual(['DVHMAStorage.create', 'DVHMAStorage.edit']);
    expect(await findings(open('InsecureBankv2.apk'), 'android.code.sql-injection')).toEqual([]);
  }, 60_000);

  it('finds the devadmin backdoor of InsecureBankv2 and no command injection for its constant root check', async () => {
    const bank = open('InsecureBankv2.apk');
    const backdoor = await findings(bank, 'android.code.hidden-backdoor');
    expect(backdoor.map((f) => f.message).join('\n')).toContain('"devadmin"');
    expect(backdoor.flatMap((f) => f.evidence).join('\n')).toContain('"/devlogin"');
    expect(await findings(bank, 'android.code.command-execution')).toEqual([]);
  }, 60_000);

  it('reports no dynamic code loading in DVHMA (plugins are created by class name)', async () => {
    expect(await findings(open('DVHMA-featherweight.apk'), 'android.code.dynamic-code-loading')).toEqual([]);
  }, 60_000);
});
