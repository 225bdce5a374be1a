/**
 * The ipc checks (implicit-broadcast, mutable-pending-intent, sms-send) on the fixture wallets, on the edge
 * cases of code/testdata/code-edge (class Bcast), the intent reconstruction of intent-support, and the
 * corpus ground truth when it is present.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import { ipcChecks } from './index.js';
import { intentAt } from './intent-support.js';
import { checkById, findingsOf, flaggedMethods, loadApp } from '../testing.test-support.js';

const load = loadApp;
const vulnerable = load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk'));
const hardened = load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk'));
const edge = load(join(repoRoot, 'src/checks/android/code/testdata/code-edge.apk'));

const check = (id: string): AndroidCheck => checkById(ipcChecks, id);
const findings = (app: AndroidApp, id: string): Promise<Finding[]> => findingsOf(app, check(id));
const flagged = (app: AndroidApp, id: string): Promise<string[]> => flaggedMethods(app, check(id));

describe('ipc checks on the fixture wallets', () => {
  const expected: Record<string, string[]> = {
    'android.ipc.implicit-broadcast': ['BalanceNotifier.notifyBalanceChanged', 'SmsReceiver.onReceive'],
    'android.ipc.mutable-pending-intent': ['IpcCases.paymentReminder'],
    'android.ipc.sms-send': ['TransferActivity.sendTransferSms'],
  };

  it('covers every ipc check', () => {
    expect(Object.keys(expected).sort()).toEqual(ipcChecks.map((c) => c.id).sort());
  });

  for (const [id, methods] of Object.entries(expected)) {
    it(`${id}: reports vulnerable-wallet at ${methods.join(', ')} (at least) and nothing in hardened-wallet`, async () => {
      // The fixture grows with other families' cases: these places at least.
      expect(await flagged(vulnerable, id)).toEqual(expect.arrayContaining(methods));
      expect(await findings(hardened, id)).toEqual([]);
    });
  }

  it('names the action, the extras and the missing protection', async () => {
    const f = await findings(vulnerable, 'android.ipc.implicit-broadcast');
    const sticky = f.find((x) => x.locations[0]!.method!.startsWith('notifyBalanceChanged'))!;
    expect(sticky.message).toContain('sticky broadcast');
    expect(sticky.evidence).toContain('extras: "balance", "pin"');
    const otp = f.find((x) => x.locations[0]!.method!.startsWith('onReceive'))!;
    expect(otp.evidence[0]).toBe('new Intent(String) action "org.dfslab.fixture.vulnwallet.action.OTP_RECEIVED", no setPackage/setComponent/setClass');
    // The SMS goes to the provider's fixed short code: informational, the text is shown for review.
    const sms = (await findings(vulnerable, 'android.ipc.sms-send'))[0]!;
    expect(sms.severity).toBe('info');
    expect(sms.evidence[0]).toContain('"15000"');
    expect(sms.evidence[0]).toContain('" PIN " + p2');
  });
});

describe('ipc checks on the edge cases (code-edge, class Bcast)', () => {
  it('implicit-broadcast: fluent implicit intent with extras and a sticky one; not setPackage, permission, explicit, no extras, LocalBroadcastManager', async () => {
    expect(await flagged(edge, 'android.ipc.implicit-broadcast')).toEqual(['Bcast.implicitFluent', 'Bcast.sticky']);
  });

  it('mutable-pending-intent: an empty intent with flags 0; not FLAG_IMMUTABLE nor an explicit intent', async () => {
    expect(await flagged(edge, 'android.ipc.mutable-pending-intent')).toEqual(['Bcast.pendingEmpty']);
  });

  it('sms-send: a destination from an intent extra is medium', async () => {
    const f = await findings(edge, 'android.ipc.sms-send');
    expect(f.map((x) => [x.locations[0]!.method, x.severity])).toEqual([['smsFromIntent(Landroid/content/Intent;)V', 'medium']]);
  });

  it('reconstructs the intent: construction, action, package set after a fluent putExtra', () => {
    const sends = edge.code.callsTo('Landroid/content/Context;', 'sendBroadcast');
    const facts = (m: string) => intentAt(edge.code, sends.find((s) => s.method.name === m)!, 1);
    expect(facts('implicitFluent')).toEqual({ construction: 'new Intent()', action: '"org.dfslab.edge.BALANCE"', explicit: false, explicitBy: undefined, extras: ['"balance"'] });
    expect(facts('withPackage')).toMatchObject({ explicit: true, explicitBy: 'setPackage(…)', extras: ['"balance"'] });
    expect(facts('explicitClass')).toMatchObject({ explicit: true, explicitBy: 'new Intent(Context, Class)' });
  });
});

const corpus = corpusDir();

describe.skipIf(!corpus)('ipc checks on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  it('finds the change-password broadcast and the SMS to an intent-supplied number in InsecureBankv2', async () => {
    const bank = load(join(corpus!, 'InsecureBankv2.apk'));
    const b = await findings(bank, 'android.ipc.implicit-broadcast');
    const own = b.find((f) => f.locations[0]!.class === 'com.android.insecurebankv2.ChangePassword')!;
    expect(own.severity).toBe('medium');
    expect(own.evidence).toContain('extras: "phonenumber", "newpass"');
    // Play-services broadcasts are bundled library code: low.
    expect(b.filter((f) => f.locations[0]!.library).every((f) => f.severity === 'low')).toBe(true);
    const sms = await findings(bank, 'android.ipc.sms-send');
    expect(sms.map((f) => [f.locations[0]!.class, f.severity])).toEqual([['com.android.insecurebankv2.MyBroadCastReceiver', 'medium']]);
  }, 60_000);
});
