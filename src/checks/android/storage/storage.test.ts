import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { corpusDir, CORPUS_SKIP_MESSAGE } from '../../../../test/corpus.js';
import { type RunOutcome } from '../../runner.js';
import type { AndroidCheck } from '../support.js';
import clipboard from './clipboard.js';
import externalStorage from './external-storage.js';
import plaintextSecrets from './plaintext-secrets.js';
import tempFile from './temp-file.js';
import unencryptedDatabase, { parseCreateTable } from './unencrypted-database.js';
import worldAccessible from './world-accessible.js';
import { loadFixture, runClean } from '../testing.test-support.js';

const fixture = loadFixture;

const vulnerable = fixture('vulnerable-wallet.apk');
const hardened = fixture('hardened-wallet.apk');

const run = (app: AndroidApp, check: AndroidCheck): Promise<RunOutcome> => runClean(app, check);

const byMethod = (r: Awaited<ReturnType<typeof run>>): string[] =>
  r.findings.map((f) => `${f.locations[0]!.class}.${f.locations[0]!.method?.split('(')[0]} ${f.severity}`).sort();

describe('storage checks on the fixtures', () => {
  it('world-accessible: every MODE_WORLD_* call, one finding per method; MODE_PRIVATE is fine', async () => {
    expect(byMethod(await run(vulnerable, worldAccessible))).toEqual([
      'org.dfslab.fixture.vulnwallet.storage.TransactionDatabase.<init> high',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.loadPin high',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.savePin high',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.writeWalletFile high',
    ]);
    const f = (await run(vulnerable, worldAccessible)).findings.find((x) => x.locations[0]!.method?.startsWith('writeWalletFile'))!;
    expect(f.evidence).toEqual([
      'Context.openFileOutput("wallet.json", 1 /* MODE_WORLD_READABLE */) — throws SecurityException for targetSdkVersion 26',
      'Context.openFileOutput("shared_receipts.txt", 2 /* MODE_WORLD_WRITEABLE */) — throws SecurityException for targetSdkVersion 26',
    ]);
    expect((await run(hardened, worldAccessible)).findings).toEqual([]);
  });

  it('plaintext-secrets: the PIN in plain preferences (its MD5 at medium); EncryptedSharedPreferences passes', async () => {
    const r = await run(vulnerable, plaintextSecrets);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence).toEqual([
      'SharedPreferences.Editor.putString("pin", p1)',
      'SharedPreferences.Editor.putString("pin_md5", CryptoHelper.md5Hex(p1)) — value from md5Hex() in the app',
    ]);
    expect(r.findings[0]!.severity).toBe('high');
    const h = await run(hardened, plaintextSecrets);
    expect(h.findings).toEqual([]);
    expect(h.passes.map((p) => p.message)).toEqual(['The app stores preferences with androidx.security.crypto.EncryptedSharedPreferences.']);
  });

  it('external-storage: writing to shared storage is medium, reading is low', async () => {
    expect(byMethod(await run(vulnerable, externalStorage))).toEqual([
      'org.dfslab.fixture.vulnwallet.plugin.PluginLoader.loadFromDownloads low',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.backupToExternalStorage medium',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.exportLogs low',
      'org.dfslab.fixture.vulnwallet.storage.WalletStorage.loadCachedSession low',
    ]);
    expect((await run(hardened, externalStorage)).findings).toEqual([]);
  });

  it('temp-file: a temporary file written in the same method', async () => {
    const r = await run(vulnerable, tempFile);
    expect(byMethod(r)).toEqual(['org.dfslab.fixture.vulnwallet.storage.WalletStorage.writeTempReceipt medium']);
    expect((await run(hardened, tempFile)).findings).toEqual([]);
  });

  it('clipboard: a clip labelled as a PIN is high; a clip marked EXTRA_IS_SENSITIVE is not reported', async () => {
    const r = await run(vulnerable, clipboard);
    expect(byMethod(r)).toEqual(['org.dfslab.fixture.vulnwallet.ui.LoginActivity.copyPinToClipboard high']);
    expect(hardened.code.callsTo('Landroid/content/ClipboardManager;', 'setPrimaryClip')).toHaveLength(1);
    expect((await run(hardened, clipboard)).findings).toEqual([]);
  });

  it('unencrypted-database: both databases of TransactionDatabase hold a PIN column; SQLCipher passes', async () => {
    const r = await run(vulnerable, unencryptedDatabase);
    expect(byMethod(r)).toEqual(['org.dfslab.fixture.vulnwallet.storage.TransactionDatabase.<init> high']);
    expect(r.findings[0]!.message).toContain('"transactions.db" with secrets');
    expect(r.findings[0]!.evidence[0]).toContain('column transfers.pin (PIN)');
    const h = await run(hardened, unencryptedDatabase);
    expect(h.findings).toEqual([]);
    expect(h.passes.map((p) => p.message)).toEqual(['Encrypted with SQLCipher: receipts.db.']);
  });
});

describe('parseCreateTable', () => {
  it('reads table and column names, skipping table constraints', () => {
    expect(parseCreateTable('CREATE TABLE IF NOT EXISTS myuser(user VARCHAR, password VARCHAR);')).toEqual({ table: 'myuser', columns: ['user', 'password'] });
    expect(parseCreateTable(' CREATE TABLE names (id INTEGER PRIMARY KEY AUTOINCREMENT,  name TEXT NOT NULL);')).toEqual({ table: 'names', columns: ['id', 'name'] });
    expect(parseCreateTable('CREATE TABLE IF NOT EXISTS `cards` (`id` INTEGER NOT NULL, `pan` TEXT, `cvv` TEXT, PRIMARY KEY(`id`), UNIQUE (pan, cvv))'))
      .toEqual({ table: 'cards', columns: ['id', 'pan', 'cvv'] });
    expect(parseCreateTable('CREATE VIRTUAL TABLE docs USING fts4(title, body)')).toEqual({ table: 'docs', columns: ['title', 'body'] });
    expect(parseCreateTable('SELECT * FROM t')).toBeUndefined();
  });
});

const dir = corpusDir();

describe.skipIf(!dir)('storage checks on the third-party corpus', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const open = (name: string): AndroidApp => AndroidApp.open(readFileSync(join(dir!, name)), { label: name });

  it('diva: preferences keyed by a resource string, credentials in temp and external files, the databases', async () => {
    const app = open('diva-mobsf.apk');
    const secrets = await run(app, plaintextSecrets);
    expect(secrets.findings.map((f) => f.locations[0]!.class).sort()).toEqual([
      'jakhar.aseem.diva.AccessControl3Activity', 'jakhar.aseem.diva.InsecureDataStorage1Activity',
      'jakhar.aseem.diva.InsecureDataStorage3Activity', 'jakhar.aseem.diva.InsecureDataStorage4Activity',
    ]);
    expect(secrets.findings.find((f) => f.locations[0]!.class!.endsWith('AccessControl3Activity'))!.evidence[0])
      .toContain('"notespin"'); // R.string.pkey, resolved
    expect(byMethod(await run(app, tempFile))).toEqual(['jakhar.aseem.diva.InsecureDataStorage3Activity.saveCredentials high']);
    expect(byMethod(await run(app, externalStorage))).toEqual(['jakhar.aseem.diva.InsecureDataStorage4Activity.saveCredentials high']);
    expect(byMethod(await run(app, unencryptedDatabase))).toEqual([
      'jakhar.aseem.diva.InsecureDataStorage2Activity.onCreate high',
      'jakhar.aseem.diva.NotesProvider$DBHelper.<init> low',
      'jakhar.aseem.diva.SQLInjectionActivity.onCreate high',
    ]);
  });

  it('InsecureBankv2: world-readable preferences, the password in preferences, usernames in the database', async () => {
    const app = open('InsecureBankv2.apk');
    expect(byMethod(await run(app, worldAccessible))).toEqual(['com.android.insecurebankv2.MyBroadCastReceiver.onReceive high']);
    expect((await run(app, plaintextSecrets)).findings[0]!.evidence[0]).toContain('"superSecurePassword"');
    const db = await run(app, unencryptedDatabase);
    expect(db.findings[0]!.severity).toBe('medium');
    expect(db.findings[0]!.evidence[0]).toContain('names.name ← field username (user name)');
    expect((await run(app, clipboard)).findings).toEqual([]);
  });

  it('appium-settings reads the clipboard only: not reported', async () => {
    expect((await run(open('appium-settings-8.0.10.apk'), clipboard)).findings).toEqual([]);
  });
});
