/** ios.secrets.hardcoded-secret on the fixture IPAs, crafted executables and bundled resources. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildTextMachO } from '../binary-text.test-support.js';
import { buildIpa, run } from '../testing.test-support.js';
import hardcodedSecret from './hardcoded-secret.js';

const fixtureApp = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`)), { label: `${name}.ipa` });
const STRIPE = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;

describe('ios.secrets.hardcoded-secret', () => {
  it('finds the Stripe live key in vulnerable-bank\'s binary (__TEXT,__const) and config.json, redacted', async () => {
    const out = await run(fixtureApp('vulnerable-bank'), [hardcodedSecret]);
    expect(out.findings.map((f) => f.locations[0]!.path).sort()).toEqual(['Payload/VulnerableBank.app/VulnerableBank', 'Payload/VulnerableBank.app/config.json']);
    for (const f of out.findings) {
      expect(f.severity).toBe('critical');
      expect(f.evidence.join('\n')).toContain('Stripe');
      expect(f.evidence.join('\n')).not.toContain(STRIPE);
    }
    // AKIAIOSFODNN7EXAMPLE is AWS's documented example id: not reported
    expect(out.findings.flatMap((f) => f.evidence).join('\n')).not.toContain('AWS');
  });

  it('finds nothing in hardened-bank', async () => {
    expect((await run(fixtureApp('hardened-bank'), [hardcodedSecret])).findings).toEqual([]);
  });

  it('reads C strings, plists and .strings files, skipping big and non-text resources, one finding per file', async () => {
    const aws = 'AKIAZ7Q3XKBD2MNRT4VW';
    const app = buildIpa({
      main: buildTextMachO({ cstrings: ['hello', `Authorization: ${aws}`] }),
      extra: [
        { name: 'en.lproj/Localizable.strings', data: `"key" = "${STRIPE}";` },
        { name: 'assets/big.json', data: `{"k":"${STRIPE}","pad":"${'x'.repeat(600 * 1024)}"}` },
        { name: 'notes.bin', data: STRIPE },
        { name: 'Settings.plist', data: `<?xml version="1.0"?><plist version="1.0"><dict><key>slack</key><string>xoxb-123456789012-abcdefghijkl</string></dict></plist>` },
      ],
    });
    const out = await run(app, [hardcodedSecret]);
    expect(out.findings.map((f) => `${f.locations[0]!.path} ${f.severity}`).sort()).toEqual(['Payload/Bank.app/Bank high', 'Payload/Bank.app/Settings.plist high', 'Payload/Bank.app/en.lproj/Localizable.strings critical']);
  });

  it('skips FairPlay-encrypted slices (their __TEXT is ciphertext)', async () => {
    const app = buildIpa({ main: buildTextMachO({ cstrings: [STRIPE], cryptid: 1 }) });
    expect((await run(app, [hardcodedSecret])).findings).toEqual([]);
  });
});
