/**
 * Differential tests against binutils `readelf` (skipped when it is not installed) on the committed
 * fixtures and on every `lib/<abi>/*.so` of the third-party corpus APKs (skipped when the corpus is
 * absent), plus the facts about those libraries recorded in the corpus ground truth.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool, loadExpected } from '../../../test/corpus.js';
import { ZipArchive } from '../zip/index.js';
import { parseElf, type ElfInfo } from './index.js';
import { withoutSectionHeaders } from './testing.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const HAS_READELF = hasTool('readelf');
const CORPUS = corpusDir();

/** readelf's machine descriptions (binutils readelf.c get_machine_name) mapped to ours. */
const READELF_MACHINES: Record<string, string> = {
  AArch64: 'AArch64',
  ARM: 'ARM',
  'Intel 80386': 'x86',
  'Advanced Micro Devices X86-64': 'x86-64',
  'MIPS R3000': 'MIPS',
  'RISC-V': 'RISC-V',
};

interface ReadelfView {
  machine: string;
  class: 32 | 64;
  endian: 'le' | 'be';
  nx: boolean;
  relro: 'full' | 'partial' | 'none';
  textrel: boolean;
  needed: string[];
  soname: string | undefined;
  rpath: string | undefined;
  runpath: string | undefined;
  importedSymbols: string[];
  importedObjects: string[];
  exportedSymbols: string[];
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function readelf(path: string): ReadelfView {
  const out = execFileSync('readelf', ['-hlW', '-d', '--dyn-syms', path], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const field = (label: string): string => new RegExp(`^\\s*${label}:\\s+(.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  const machineText = field('Machine');
  let gnuStack: string | undefined;
  let relro = false;
  let bindNow = false;
  let textrel = false;
  const needed: string[] = [];
  let soname: string | undefined;
  let rpath: string | undefined;
  let runpath: string | undefined;
  const imports: string[] = [];
  const objects: string[] = [];
  const exports: string[] = [];
  for (const line of out.split('\n')) {
    const stack = /^\s*GNU_STACK\s+(?:0x[0-9a-f]+\s+){5}(.+?)\s+(?:0x)?[0-9a-f]+\s*$/.exec(line);
    if (stack) gnuStack = stack[1];
    if (/^\s*GNU_RELRO\s/.test(line)) relro = true;
    const dyn = /^\s*0x[0-9a-f]+\s+\((\w+)\)\s+(.*)$/.exec(line);
    if (dyn) {
      const [, tag, value = ''] = dyn;
      const bracket = /\[(.*)\]/.exec(value)?.[1];
      if (tag === 'BIND_NOW') bindNow = true;
      if (tag === 'FLAGS' && /\bBIND_NOW\b/.test(value)) bindNow = true;
      if (tag === 'FLAGS_1' && /\bNOW\b/.test(value)) bindNow = true;
      if (tag === 'TEXTREL' || (tag === 'FLAGS' && /\bTEXTREL\b/.test(value))) textrel = true;
      if (tag === 'NEEDED' && bracket !== undefined) needed.push(bracket);
      if (tag === 'SONAME') soname = bracket;
      if (tag === 'RPATH') rpath = bracket;
      if (tag === 'RUNPATH') runpath = bracket;
    }
    // Num: Value Size Type Bind Vis [other flags] Ndx Name[@version (n)]
    const sym = /^\s*\d+:\s+[0-9a-f]+\s+\S+\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+\[[^\]]*\])?\s+(\S+)\s+(\S+)/.exec(line);
    if (sym) {
      const [, type, bind, vis, ndx, rawName = ''] = sym;
      const name = rawName.split('@')[0]!;
      if (name === '' || bind === 'LOCAL' || type === 'SECTION' || type === 'FILE') continue;
      if (ndx === 'UND') {
        if (type === 'FUNC' || type === 'NOTYPE' || type === 'IFUNC') imports.push(name);
        else if (type === 'OBJECT' || type === 'TLS' || type === 'COMMON') objects.push(name);
      } else if (vis === 'DEFAULT' || vis === 'PROTECTED') {
        exports.push(name);
      }
    }
  }
  return {
    machine: READELF_MACHINES[machineText] ?? machineText,
    class: field('Class') === 'ELF64' ? 64 : 32,
    endian: field('Data').includes('little') ? 'le' : 'be',
    nx: gnuStack !== undefined && !gnuStack.includes('E'),
    relro: relro ? (bindNow ? 'full' : 'partial') : 'none',
    textrel,
    needed,
    soname,
    rpath,
    runpath,
    importedSymbols: sorted(imports),
    importedObjects: sorted(objects),
    exportedSymbols: sorted(exports),
  };
}

function ours(info: ElfInfo): ReadelfView {
  return {
    machine: info.machine,
    class: info.class,
    endian: info.endian,
    nx: info.nx,
    relro: info.relro,
    textrel: info.textrel,
    needed: info.needed,
    soname: info.soname,
    rpath: info.rpath,
    runpath: info.runpath,
    importedSymbols: info.importedSymbols,
    importedObjects: info.importedObjects,
    exportedSymbols: info.exportedSymbols,
  };
}

describe.skipIf(!HAS_READELF)('readelf oracle on the committed fixtures', () => {
  for (const name of readdirSync(testdata).filter((f) => f.endsWith('.so')).sort()) {
    it(name, () => {
      const path = join(testdata, name);
      expect(ours(parseElf(new Uint8Array(readFileSync(path))))).toEqual(readelf(path));
    });
  }
});

interface CorpusLib {
  apk: string;
  entry: string;
  abi: string;
  bytes: Uint8Array;
}

function corpusLibs(dir: string): CorpusLib[] {
  const libs: CorpusLib[] = [];
  for (const apk of readdirSync(dir).filter((f) => f.endsWith('.apk')).sort()) {
    const zip = ZipArchive.open(new Uint8Array(readFileSync(join(dir, apk))), { label: apk });
    for (const entry of zip.entryNames()) {
      const m = /^lib\/([^/]+)\/[^/]+\.so$/.exec(entry);
      if (m) libs.push({ apk, entry, abi: m[1]!, bytes: zip.read(entry) });
    }
  }
  return libs;
}

describe.skipIf(CORPUS === undefined)(`corpus native libraries${CORPUS === undefined ? ` (${CORPUS_SKIP_MESSAGE})` : ''}`, () => {
  const libs = CORPUS === undefined ? [] : corpusLibs(CORPUS);
  const parsed = libs.map((lib) => ({ lib, info: parseElf(lib.bytes, { label: `${lib.apk}!${lib.entry}` }) }));
  const tmp = mkdtempSync(join(tmpdir(), 'dfslab-elf-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds native libraries and maps each to the ABI folder it sits in', () => {
    expect(libs.length).toBeGreaterThan(0);
    for (const { lib, info } of parsed) {
      // Old "armeabi" (ARMv5) libraries share e_machine ARM with armeabi-v7a.
      const folder = lib.abi === 'armeabi' ? 'armeabi-v7a' : lib.abi;
      expect(info.abi, `${lib.apk}!${lib.entry}`).toBe(folder);
    }
  });

  it.skipIf(!HAS_READELF)('agrees with readelf on every library', () => {
    for (const [i, { lib, info }] of parsed.entries()) {
      const path = join(tmp, `lib${i}.so`);
      writeFileSync(path, lib.bytes);
      expect(ours(info), `${lib.apk}!${lib.entry}`).toEqual(readelf(path));
    }
  });

  it('reads the same loader view from PT_DYNAMIC alone (section headers removed)', () => {
    for (const { lib, info } of parsed) {
      const bare = parseElf(withoutSectionHeaders(lib.bytes));
      expect(bare.symbolSource).toBe('dynamic');
      expect({ ...ours(bare), count: bare.dynamicSymbolCount }, `${lib.apk}!${lib.entry}`).toEqual({ ...ours(info), count: info.dynamicSymbolCount });
    }
  });

  it('matches the ground truth: diva libdivajni.so has an executable stack in all 7 ABIs, a canary only on x86', () => {
    const diva = parsed.filter(({ lib }) => lib.entry.endsWith('/libdivajni.so'));
    expect(diva.map(({ lib }) => lib.abi).sort()).toEqual(['arm64-v8a', 'armeabi', 'armeabi-v7a', 'mips', 'mips64', 'x86', 'x86_64']);
    for (const { lib, info } of diva) {
      expect(info.nx, lib.abi).toBe(false);
      expect(info.stackCanary, lib.abi).toBe(lib.abi === 'x86');
      expect(info.importedSymbols.includes('__stack_chk_fail'), lib.abi).toBe(lib.abi === 'x86');
      expect(info.importedSymbols, lib.abi).toContain('strcpy');
    }
  });

  it('matches the ground truth of expected.json for NX, RELRO and stack canaries, app by app', () => {
    const expected = loadExpected(CORPUS!);
    let checked = 0;
    for (const e of expected) {
      if (typeof e.present !== 'boolean') continue;
      const appLibs = parsed.filter(({ lib }) => lib.apk === e.app);
      if (appLibs.length === 0) continue;
      for (const { lib, info } of appLibs) {
        const where = `${e.app} ${e.key} ${lib.entry}`;
        if (e.key === 'native_no_nx') {
          expect(info.nx, where).toBe(!e.present);
          checked++;
        } else if (e.key === 'native_no_relro') {
          expect(info.relro === 'full', where).toBe(!e.present);
          checked++;
        } else if (e.key === 'native_no_stack_canary' && !e.present) {
          // "present: true" may hold for some ABIs only (diva, checked above); "false" holds for all.
          expect(info.stackCanary, where).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
