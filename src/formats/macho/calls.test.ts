/**
 * Import stubs and call sites on the committed iOS fixture binaries (fixtures/ios/build, built from C sources
 * whose calls are known), and on hostile variants of them: lying indirect-symbol tables and stub sections, and
 * seeded mutations, which must give fewer results, never an exception.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/corpus.js';
import { DfslabError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import { ZipArchive } from '../zip/index.js';
import { importStubs, isArm64Slice, MachOCallIndex, readMachOFile, type MachOSlice } from './index.js';

function executable(ipa: string, path: string): Uint8Array {
  return ZipArchive.open(new Uint8Array(readFileSync(join(repoRoot, 'fixtures/ios/build', ipa)))).read(path);
}

const vulnerable = executable('vulnerable-bank.ipa', 'Payload/VulnerableBank.app/VulnerableBank');
const hardened = executable('hardened-bank.ipa', 'Payload/HardenedBank.app/HardenedBank');

function arm64(bytes: Uint8Array): MachOSlice {
  return readMachOFile(bytes).slices.find(isArm64Slice)!;
}

/** Calls as `symbol caller args…` with unknown arguments as `?`, for compact expectations. */
function calls(bytes: Uint8Array, symbol: string): string[] {
  const index = MachOCallIndex.open(bytes, arm64(bytes))!;
  return index.callsTo(symbol).map((c) => `${c.kind} ${c.caller ?? '-'} ${c.args.map((a) => (a === undefined ? '?' : a.toString())).join(',')}`);
}

describe('import stubs', () => {
  it('maps every __stubs entry of the fixture to its import through the indirect symbol table', () => {
    const slice = arm64(vulnerable);
    const stubs = importStubs(vulnerable, slice);
    const section = slice.segments.flatMap((s) => s.sections).find((s) => s.name === '__stubs')!;
    expect(section.reserved2).toBe(12); // arm64 stub: adrp, ldr, br
    expect(stubs).toHaveLength(section.size / 12);
    expect(stubs.map((s) => s.address)).toEqual(stubs.map((_, k) => Number(section.addr) + k * 12));
    expect(stubs.map((s) => s.symbol)).toEqual(expect.arrayContaining(['_CCCrypt', '_CCCryptorCreateWithMode', '_CC_MD5', '_NSLog', '_objc_msgSend']));
    for (const s of stubs) expect(slice.importedSymbols).toContain(s.symbol);
  });

  it('x86_64 slices have stubs too but no call index', () => {
    const x86 = readMachOFile(vulnerable).slices.find((s) => s.cpu === 'x86_64')!;
    expect(importStubs(vulnerable, x86).map((s) => s.symbol)).toContain('_CCCrypt');
    expect(MachOCallIndex.open(vulnerable, x86)).toBeUndefined();
  });
});

describe('call sites with constant arguments', () => {
  it('vulnerable-bank: CCCrypt with DES + ECB in vb_encrypt_pin, a variable algorithm in vb_encrypt_with', () => {
    expect(calls(vulnerable, '_CCCrypt')).toEqual(['bl _vb_encrypt_pin 0,1,3,?,8,0,?,8', 'bl _vb_encrypt_with 0,?,1,?,8,0,?,8']);
    expect(calls(vulnerable, '_CCCryptorCreateWithMode')).toEqual(['bl _vb_open_session_cryptor 0,1,0,0,0,?,16,0']);
    expect(calls(vulnerable, '_srand')).toEqual(['bl _main 42,?,?,?,?,?,?,?']);
    expect(calls(vulnerable, '_CC_SHA256')).toEqual([]);
  });

  it('hardened-bank (stripped): AES + PKCS7 only, ptrace(PT_DENY_ATTACH), no caller names', () => {
    expect(calls(hardened, '_CCCrypt')).toEqual(['bl - ?,0,1,?,32,?,?,32']);
    expect(calls(hardened, '_ptrace')).toEqual(['bl - 31,0,0,0,?,?,?,?']);
  });

  it('encrypted slices are not analysed', () => {
    const slice = { ...arm64(vulnerable), encryption: { cryptoff: 0x4000, cryptsize: 0x4000, cryptid: 1 } };
    expect(MachOCallIndex.open(vulnerable, slice)).toBeUndefined();
  });
});

describe('hostile tables', () => {
  const slice = arm64(vulnerable);
  const stubsSection = slice.segments.flatMap((s) => s.sections).find((s) => s.name === '__stubs')!;
  const withStubs = (patch: Partial<typeof stubsSection>): MachOSlice => ({
    ...slice,
    segments: slice.segments.map((seg) => ({ ...seg, sections: seg.sections.map((s) => (s === stubsSection ? { ...s, ...patch } : s)) })),
  });

  it('a zero stub size, an index past the table or a huge section give no stubs', () => {
    expect(importStubs(vulnerable, withStubs({ reserved2: 0 }))).toEqual([]);
    expect(importStubs(vulnerable, withStubs({ reserved1: 0xffffffff }))).toEqual([]);
    expect(importStubs(vulnerable, withStubs({ size: Number.MAX_SAFE_INTEGER })).length).toBeLessThanOrEqual(slice.indirectSymbols!.count);
  });

  it('an indirect table or symbol table outside the slice gives no stubs and no callers', () => {
    expect(importStubs(vulnerable, { ...slice, indirectSymbols: { offset: 0xfffffff0, count: 0xffffffff } })).toEqual([]);
    expect(importStubs(vulnerable, { ...slice, symtab: { symoff: 0xfffffff0, nsyms: 10, stroff: 0, strsize: 0 } })).toEqual([]);
    const noStrings = { ...slice, symtab: { ...slice.symtab!, strsize: 0 } };
    expect(importStubs(vulnerable, noStrings)).toEqual([]);
  });

  it('seeded mutations of the fixture: results or typed errors only', () => {
    const rng = new Rng(0xca11);
    const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];
    let reached = 0;
    for (let i = 0; i < 120; i++) {
      const b = Uint8Array.from(vulnerable);
      // Load commands (first page of each slice), the code and the linkedit tables are all worth hitting.
      for (let k = 0; k < 1 + rng.int(6); k++) {
        const o = rng.int(b.length - 4) & ~3;
        if (rng.int(2) === 0) b[o] = b[o]! ^ (1 << rng.int(8));
        else new DataView(b.buffer).setUint32(o, rng.pick(INTERESTING), true);
      }
      try {
        for (const s of readMachOFile(b).slices) {
          const index = MachOCallIndex.open(b, s);
          if (!index) continue;
          for (const sym of ['_CCCrypt', '_CCCryptorCreateWithMode', '_srand', '_objc_msgSend']) {
            for (const c of index.callsTo(sym)) {
              expect(c.args).toHaveLength(8);
              reached++;
            }
          }
        }
      } catch (e) {
        if (!(e instanceof DfslabError)) throw new Error(`case ${i}: ${String(e)}`, { cause: e });
      }
    }
    expect(reached).toBeGreaterThan(50);
  });
});
