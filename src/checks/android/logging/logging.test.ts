import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../findings/types.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { corpusDir, CORPUS_SKIP_MESSAGE } from '../../../../test/corpus.js';
import sensitiveData from './sensitive-data.js';
import { findingsOf, loadFixture } from '../testing.test-support.js';

const fixture = loadFixture;

const findings = (app: AndroidApp): Promise<Finding[]> => findingsOf(app, sensitiveData);

describe('android.logging.sensitive-data on the fixtures', () => {
  it('reports the PIN field logged next to "password=" (high) and the OTP SMS (medium)', async () => {
    const f = await findings(fixture('vulnerable-wallet.apk'));
    expect(f.map((x) => [x.locations[0]!.class, x.severity])).toEqual([
      ['org.dfslab.fixture.vulnwallet.ui.LoginActivity', 'high'],
      ['org.dfslab.fixture.vulnwallet.ipc.SmsReceiver', 'medium'],
    ]);
    expect(f[0]!.evidence[0]).toContain('text typed in LoginActivity.pinField');
    expect(f[0]!.evidence[0]).toContain('constant " password="');
    expect(f[1]!.evidence[0]).toContain('constant "OTP SMS: "');
  });

  it('does not report a fixed message naming a secret, nor an exception message next to one', async () => {
    const app = fixture('hardened-wallet.apk');
    // hardened-wallet c.b logs "Session token stored" and "PIN check failed: " + e.getMessage().
    expect(app.code.callsTo('Landroid/util/Log;').length).toBe(2);
    expect(await findings(app)).toEqual([]);
  });
});

const dir = corpusDir();

describe.skipIf(!dir)('android.logging.sensitive-data on the third-party corpus', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const open = (name: string): AndroidApp => AndroidApp.open(readFileSync(join(dir!, name)), { label: name });

  it('InsecureBankv2: the password field in Log.d, the new password in System.out', async () => {
    const f = await findings(open('InsecureBankv2.apk'));
    const login = f.find((x) => x.locations[0]!.class === 'com.android.insecurebankv2.DoLogin$RequestTask')!;
    expect(login.severity).toBe('high');
    expect(login.evidence[0]).toContain('field DoLogin.password');
    const receiver = f.find((x) => x.locations[0]!.class === 'com.android.insecurebankv2.MyBroadCastReceiver')!;
    expect(receiver.evidence[0]).toContain('Intent.getStringExtra("newpass")');
  });

  it('diva: a card number typed by the user, labelled "credit card"', async () => {
    const f = await findings(open('diva-mobsf.apk'));
    expect(f.map((x) => x.locations[0]!.class)).toEqual(['jakhar.aseem.diva.LogActivity']);
    expect(f[0]!.message).toContain('card number');
  });

  it('verified negatives: exception text, checksums, a fixed message — nothing reported', async () => {
    for (const name of ['UnCrackable-Level1.apk', 'UnCrackable-Level3.apk', 'InjuredAndroid.apk']) {
      expect(await findings(open(name)), name).toEqual([]);
    }
  });

  it('a parser logging its tokens is not an authentication token', async () => {
    const f = await findings(open('uia2-server-10.6.6.apk'));
    expect(f.filter((x) => x.locations[0]!.class?.startsWith('java_cup.'))).toEqual([]);
  });
});
