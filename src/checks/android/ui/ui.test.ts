/**
 * The ui (control) checks on the fixture apps — hardened-wallet (FLAG_SECURE and filterTouchesWhenObscured
 * in code and layout), vulnerable-wallet (neither) — and on two apps of this folder's testdata/:
 * ui-decoys (flags, setSecure and the filter attribute used without protecting anything; FLAG_SECURE only
 * in a library screen; minSdk 31) and ui-resources (protections declared in a layout and a style, and
 * FLAG_SECURE written indirectly).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AndroidApp } from '../../../app/android.js';
import { isDfslabError } from '../../../errors.js';
import { ZipArchive } from '../../../formats/zip/index.js';
import { buildZip } from '../../../formats/zip/testing.js';
import { runChecks, type RunOutcome } from '../../runner.js';
import { uiChecks } from './index.js';
import flagSecure from './flag-secure.js';
import tapjacking, { layoutProofs, styleProofs } from './tapjacking.js';
import { loadApp, loadFixture, runClean } from '../testing.test-support.js';

const here = dirname(fileURLToPath(import.meta.url));

const load = loadApp;
const fixture = loadFixture;
const testdata = (name: string): AndroidApp => load(join(here, 'testdata', name));

const run = (app: AndroidApp, checks = uiChecks): Promise<RunOutcome> => runClean(app, checks);

describe('hardened-wallet', () => {
  it('passes both checks with the places in code', async () => {
    const out = await run(fixture('hardened-wallet.apk'));
    expect(out.findings).toEqual([]);
    const secure = out.passes.find((p) => p.checkId === 'android.ui.flag-secure')!;
    expect(secure.evidence).toContain('org.dfslab.fixture.hardwallet.MainActivity.onCreate(Landroid/os/Bundle;)V: Window.setFlags(FLAG_SECURE, FLAG_SECURE)');
    expect(secure.locations[0]).toMatchObject({ class: 'org.dfslab.fixture.hardwallet.MainActivity', call: 'Window.setFlags' });
    const tap = out.passes.find((p) => p.checkId === 'android.ui.tapjacking')!;
    expect(tap.evidence.join('\n')).toContain('View.setFilterTouchesWhenObscured(true)');
  });

  it('also finds the layout attribute on its own', () => {
    const proofs = layoutProofs(fixture('hardened-wallet.apk'));
    expect(proofs.length).toBeGreaterThan(0);
    expect(proofs[0]!.location).toMatchObject({ attribute: 'android:filterTouchesWhenObscured' });
    expect(proofs[0]!.location.element).toMatch(/^LinearLayout/);
  });
});

describe('vulnerable-wallet', () => {
  it('reports both protections missing, tapjacking at medium (minSdk 19)', async () => {
    const out = await run(fixture('vulnerable-wallet.apk'));
    expect(out.passes).toEqual([]);
    expect(out.findings.map((f) => [f.checkId, f.severity]).sort()).toEqual([
      ['android.ui.flag-secure', 'medium'],
      ['android.ui.tapjacking', 'medium'],
    ]);
  });
});

describe('ui-decoys', () => {
  it('does not take FLAG_FULLSCREEN, a resource id, a cookie setSecure or Intent flags for FLAG_SECURE', async () => {
    const out = await run(testdata('ui-decoys.apk'), [flagSecure]);
    expect(out.passes).toEqual([]);
    expect(out.findings).toHaveLength(1);
    // The library screen's FLAG_SECURE is shown, but does not protect the app.
    expect(out.findings[0]!.evidence).toEqual([
      'only in library code: com.google.android.gms.auth.SignInActivity.onCreate(Landroid/os/Bundle;)V: Window.setFlags(FLAG_SECURE, FLAG_SECURE)',
    ]);
  });

  it('does not take filterTouchesWhenObscured="false" or setFilterTouchesWhenObscured(false) for protection; lowers severity for minSdk 31', async () => {
    const app = testdata('ui-decoys.apk');
    expect(layoutProofs(app)).toEqual([]);
    const out = await run(app, [tapjacking]);
    expect(out.passes).toEqual([]);
    expect(out.findings[0]!.severity).toBe('low');
    expect(out.findings[0]!.message).toContain('minSdkVersion >= 31');
  });
});

describe('ui-resources', () => {
  it('finds FLAG_SECURE in computed flags and on a SurfaceView subclass', async () => {
    const out = await run(testdata('ui-resources.apk'), [flagSecure]);
    expect(out.findings).toEqual([]);
    expect(out.passes[0]!.evidence).toEqual([
      'org.dfslab.testcases.uires.PayActivity.onCreate(Landroid/os/Bundle;)V: Window.addFlags(FLAG_SECURE)',
      'org.dfslab.testcases.uires.SignatureSurface.<init>(Landroid/content/Context;)V: SurfaceView.setSecure(true)',
    ]);
  });

  it('finds the attribute on a nested view of a layout, and in a style through a bool resource', async () => {
    const app = testdata('ui-resources.apk');
    const layouts = layoutProofs(app);
    expect(layouts.map((p) => p.location)).toEqual([
      { path: 'res/layout/pay.xml', element: 'LinearLayout/Button', attribute: 'android:filterTouchesWhenObscured' },
    ]);
    expect(styleProofs(app).map((p) => p.location.key)).toEqual(['style/SecureButton']);
    const out = await run(app, [tapjacking]);
    expect(out.passes).toHaveLength(1);
    expect(out.findings).toEqual([]);
  });
});

describe('hostile resources', () => {
  it('never fails with an internal error on bit-flipped or truncated layouts and resource tables (seeded mutation fuzz)', async () => {
    const zip = ZipArchive.open(readFileSync(join(here, 'testdata/ui-resources.apk')));
    let seed = 0x7a9;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const target = i % 2 === 0 ? 'res/layout/pay.xml' : 'resources.arsc';
      const original = zip.read(target);
      let mutated = original.slice();
      if (i % 5 === 0) mutated = mutated.slice(0, rand(mutated.length));
      else for (let k = 0; k < 1 + rand(8); k++) mutated[rand(mutated.length)]! ^= 1 << rand(8);
      const entries = zip.entries.filter((e) => !e.isDirectory).map((e) => ({ name: e.name, data: e.name === target ? mutated : zip.read(e) }));
      let app: AndroidApp;
      try {
        app = AndroidApp.open(buildZip(entries), { label: `fuzz-${i}.apk` });
      } catch (e) {
        if (isDfslabError(e)) continue; // the app model refused the file with a typed error
        throw e;
      }
      const out = await runChecks(app, uiChecks);
      for (const f of out.failures) expect(f.code, `${f.checkId}: ${f.message}`).not.toBe('DFSLAB_E_INTERNAL');
    }
  });
});
