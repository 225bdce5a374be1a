/**
 * ios.code.weak-cipher on the fixture IPAs (built from C sources whose CommonCrypto calls are known) and on
 * variants of vulnerable-bank's executable whose argument-setting instructions are patched in place, so the same
 * call site carries another algorithm or an unknown one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { isArm64Slice, readMachOFile } from '../../../formats/macho/index.js';
import { buildIpa, run } from '../testing.test-support.js';
import weakCipher from './weak-cipher.js';

const ipa = (name: string) => readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`));
const fixtureApp = (name: string) => IosApp.open(ipa(name), { label: `${name}.ipa` });
const MAIN = 'Payload/VulnerableBank.app/VulnerableBank';

describe('ios.code.weak-cipher on the fixtures', () => {
  it('vulnerable-bank: DES + ECB in vb_encrypt_pin (high), AES-ECB in vb_open_session_cryptor (medium)', async () => {
    const { findings } = await run(fixtureApp('vulnerable-bank'), [weakCipher]);
    expect(findings.map((f) => [f.severity, f.locations, f.message])).toEqual([
      ['high', [{ path: MAIN, symbol: '_vb_encrypt_pin', call: '_CCCrypt' }], `${MAIN} calls CCCrypt in _vb_encrypt_pin with DES and ECB mode.`],
      ['medium', [{ path: MAIN, symbol: '_vb_open_session_cryptor', call: '_CCCryptorCreateWithMode' }], `${MAIN} calls CCCryptorCreateWithMode in _vb_open_session_cryptor with ECB mode.`],
    ]);
    expect(findings[0]!.evidence).toEqual([
      expect.stringMatching(/^CCCrypt at 0x[0-9a-f]+ \(in _vb_encrypt_pin\) \[arm64\]: algorithm kCCAlgorithmDES \(56-bit key.*\), options kCCOptionPKCS7Padding \| kCCOptionECBMode$/),
    ]);
    expect(findings[1]!.evidence).toEqual([expect.stringMatching(/\[arm64\]: algorithm kCCAlgorithmAES, mode kCCModeECB$/)]);
    // the location is semantic: no address in any fingerprinted field
    for (const f of findings) expect(JSON.stringify(f.locations)).not.toMatch(/0x|\d{6,}/);
  });

  it('hardened-bank: AES-256 CBC with PKCS7 padding is accepted', async () => {
    const app = fixtureApp('hardened-bank');
    expect(app.callSites('Payload/HardenedBank.app/HardenedBank', '_CCCrypt').map((c) => c.args.slice(1, 3))).toEqual([[0, 1]]);
    expect((await run(app, [weakCipher])).findings).toEqual([]);
  });
});

/** vulnerable-bank's executable with the instruction words of its arm64 slice replaced (first match only). */
function patched(replacements: Array<[number[], number[]]>): IosApp {
  const zip = fixtureApp('vulnerable-bank').zip;
  const bytes = Uint8Array.from(zip.read(MAIN));
  const slice = readMachOFile(bytes).slices.find(isArm64Slice)!;
  const dv = new DataView(bytes.buffer);
  for (const [from, to] of replacements) {
    let at = -1;
    for (let o = slice.offset; o + from.length * 4 <= slice.offset + slice.size && at < 0; o += 4) {
      if (from.every((w, k) => dv.getUint32(o + k * 4, true) === w)) at = o;
    }
    expect(at, `pattern ${from.map((w) => w.toString(16))}`).toBeGreaterThan(0);
    to.forEach((w, k) => dv.setUint32(at + k * 4, w, true));
  }
  return buildIpa({ main: bytes });
}

// vb_encrypt_pin sets `mov w1, #1` (kCCAlgorithmDES) then `mov w2, #3` (PKCS7 | ECB) right before its call.
const DES_ECB = [0x52800021, 0x52800062];
const mov = (rd: number, imm: number) => (0x52800000 | (imm << 5) | rd) >>> 0;

describe('ios.code.weak-cipher on patched call sites', () => {
  it('RC4 is high and never "ECB" (a stream cipher has no mode)', async () => {
    const [f] = (await run(patched([[DES_ECB, [mov(1, 4), mov(2, 2)]]]), [weakCipher])).findings;
    expect(f?.severity).toBe('high');
    expect(f?.message).toBe('Payload/Bank.app/Bank calls CCCrypt in _vb_encrypt_pin with RC4.');
  });

  it('3DES in CBC mode is medium', async () => {
    const [f] = (await run(patched([[DES_ECB, [mov(1, 2), mov(2, 1)]]]), [weakCipher])).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.evidence[0]).toMatch(/algorithm kCCAlgorithm3DES \(64-bit block.*options kCCOptionPKCS7Padding$/);
  });

  it('AES in CBC mode at the same call site is silent', async () => {
    const out = await run(patched([[DES_ECB, [mov(1, 0), mov(2, 1)]]]), [weakCipher]);
    expect(out.findings.map((f) => f.locations[0]!.symbol)).toEqual(['_vb_open_session_cryptor']);
  });

  it('an algorithm loaded from memory is unknown, but a constant ECB option is still reported', async () => {
    const ldrW1 = 0xb94003e1; // ldr w1, [sp]
    const [f] = (await run(patched([[DES_ECB, [ldrW1, mov(2, 2)]]]), [weakCipher])).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.evidence[0]).toMatch(/algorithm not a constant in the calling block, options kCCOptionECBMode$/);
  });

  it('a branch target between the constants and the call hides them', async () => {
    // turn the instruction before `mov w1, #1` into `cbz w0, <the mov w2>`: the block now starts at that mov
    const app = patched([[DES_ECB, [mov(1, 1), 0x34000000 | (1 << 5)]]]);
    const sites = app.callSites('Payload/Bank.app/Bank', '_CCCrypt');
    const pin = sites.find((s) => s.caller === '_vb_encrypt_pin')!;
    expect(pin.args[1]).toBeUndefined();
  });
});
