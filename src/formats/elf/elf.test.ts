import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, FormatError, isDfslabError } from '../../errors.js';
import { isElf, parseElf, readRodataStrings, type ElfInfo } from './index.js';
import { readLayout } from './layout.js';
import {
  dynamicEntryOffset,
  withDynamicTagReplaced,
  withDynamicValue,
  withForgedDynsym,
  withHeaderField,
  withoutSectionHeaders,
  withProgramHeaderField,
  withSectionField,
} from './testing.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(testdata, name)));
const fixtureNames = readdirSync(testdata).filter((f) => f.endsWith('.so')).sort();

const DT_NEEDED = 1;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_DEBUG = 21;
const DT_GNU_HASH = 0x6ffffef5;
const SHT_NULL = 0;
const PT_DYNAMIC = 2;
const SHT_STRTAB = 3;
const SHT_DYNSYM = 11;

/**
 * What each fixture must show, written from the flags in testdata/build.sh (not from parser output):
 * the C source is the same everywhere, only the toolchain and hardening flags differ.
 */
interface Expected {
  class: 32 | 64;
  endian: 'le' | 'be';
  machine: string;
  abi: string | undefined;
  nx: boolean;
  relro: 'full' | 'partial' | 'none';
  stackCanary: boolean;
  fortify: boolean;
  stripped: boolean;
  textrel: boolean;
  rpath?: string;
  runpath?: string;
  needed: readonly string[];
}
const glibc = { class: 64, endian: 'le', machine: 'x86-64', abi: 'x86_64', needed: ['libc.so.6'] } as const;
const a64 = { class: 64, endian: 'le', machine: 'AArch64', abi: 'arm64-v8a', needed: [] } as const;
const off = { stackCanary: false, fortify: false, stripped: false, textrel: false } as const;
const EXPECTED: Record<string, Expected> = {
  'x86_64-plain.so': { ...glibc, ...off, nx: true, relro: 'none', rpath: '/data/local/tmp/dfslab' },
  'x86_64-canary.so': { ...glibc, ...off, nx: true, relro: 'none', stackCanary: true },
  'x86_64-execstack.so': { ...glibc, ...off, nx: false, relro: 'none' },
  'x86_64-relro-partial.so': { ...glibc, ...off, nx: true, relro: 'partial' },
  'x86_64-relro-full.so': { ...glibc, ...off, nx: true, relro: 'full', runpath: '/data/local/tmp/dfslab' },
  'x86_64-fortify.so': { ...glibc, ...off, nx: true, relro: 'none', fortify: true },
  'x86_64-hardened-stripped.so': { ...glibc, nx: true, relro: 'full', stackCanary: true, fortify: true, stripped: true, textrel: false },
  'x86_64-textrel.so': { ...glibc, ...off, nx: true, relro: 'none', textrel: true },
  'i386-plain.so': { class: 32, endian: 'le', machine: 'x86', abi: 'x86', needed: [], ...off, nx: true, relro: 'partial' },
  'aarch64-hardened.so': { ...a64, ...off, nx: true, relro: 'full', stackCanary: true },
  'aarch64-execstack.so': { ...a64, ...off, nx: false, relro: 'partial' },
  // Big endian and ILP32 have no Android ABI.
  'aarch64be-hardened.so': { ...a64, endian: 'be', abi: undefined, ...off, nx: true, relro: 'full', stackCanary: true },
  'aarch64be-ilp32.so': { ...a64, class: 32, endian: 'be', abi: undefined, ...off, nx: true, relro: 'none' },
};

/** The loader-visible facts, which must not depend on whether section headers were used. */
function loaderView(i: ElfInfo): unknown {
  return {
    machine: i.machine,
    class: i.class,
    nx: i.nx,
    relro: i.relro,
    textrel: i.textrel,
    stackCanary: i.stackCanary,
    fortifiedFunctions: i.fortifiedFunctions,
    unfortifiedFunctions: i.unfortifiedFunctions,
    needed: i.needed,
    soname: i.soname,
    rpath: i.rpath,
    runpath: i.runpath,
    importedSymbols: i.importedSymbols,
    importedObjects: i.importedObjects,
    exportedSymbols: i.exportedSymbols,
  };
}

function expectBadHeader(fn: () => unknown, offset?: number): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).code).toBe(ErrorCodes.ELF_BAD_HEADER);
    if (offset !== undefined) expect((e as FormatError).offset).toBe(offset);
    return;
  }
  throw new Error('expected DFSLAB_E_ELF_BAD_HEADER');
}

const kinds = (i: ElfInfo): string[] => i.anomalies.map((a) => a.kind);

describe('parseElf on the committed fixtures', () => {
  it('has a fixture for every expectation and an expectation for every fixture', () => {
    // aarch64/i386 fixtures are optional in build.sh, but they are committed, so all must be here.
    expect(fixtureNames).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of fixtureNames) {
    it(`${name}: properties implied by its build flags`, () => {
      const exp = EXPECTED[name]!;
      const info = parseElf(fixture(name), { label: name });
      expect(info.class).toBe(exp.class);
      expect(info.endian).toBe(exp.endian);
      expect(info.machine).toBe(exp.machine);
      expect(info.abi).toBe(exp.abi);
      expect(info.type).toBe('DYN');
      expect(info.pie).toBe(true);
      expect(info.nx).toBe(exp.nx);
      expect(info.relro).toBe(exp.relro);
      expect(info.bindNow).toBe(exp.relro === 'full');
      expect(info.stackCanary).toBe(exp.stackCanary);
      expect(info.fortify).toBe(exp.fortify);
      expect(info.stripped).toBe(exp.stripped);
      expect(info.textrel).toBe(exp.textrel);
      expect(info.rpath).toBe(exp.rpath);
      expect(info.runpath).toBe(exp.runpath);
      expect(info.needed).toEqual(exp.needed);
      expect(info.soname).toBe('libdfslab.so');
      expect(info.symbolSource).toBe('sections');
      expect(info.anomalies).toEqual([]);
      expect(info.exportedSymbols).toEqual(expect.arrayContaining(['JNI_OnLoad', 'Java_org_dfslab_fixture_Native_copy', 'dfslab_fixture_token']));
      // memcpy to a destination of unknown size is never fortified, with or without FORTIFY.
      expect(info.importedSymbols).toContain('memcpy');
      expect(info.unfortifiedFunctions).toContain('memcpy');
      expect([...info.importedSymbols].sort()).toEqual(info.importedSymbols);
      expect(info.importedSymbols.some((s) => info.exportedSymbols.includes(s))).toBe(false);
      if (exp.stackCanary) expect(info.importedSymbols).toContain('__stack_chk_fail');
      else expect(info.importedSymbols).not.toContain('__stack_chk_fail');
      if (exp.fortify) {
        expect(info.fortifiedFunctions).toEqual(expect.arrayContaining(['__sprintf_chk']));
        expect(info.unfortifiedFunctions).not.toContain('sprintf');
      } else {
        expect(info.fortifiedFunctions).toEqual([]);
        expect(info.unfortifiedFunctions).toContain('sprintf');
      }
    });
  }

  it('isElf recognises the magic only', () => {
    expect(isElf(fixture('x86_64-plain.so'))).toBe(true);
    expect(isElf(new Uint8Array([0x7f, 0x45, 0x4c]))).toBe(false);
    expect(isElf(new TextEncoder().encode('PK\u0003\u0004'))).toBe(false);
  });
});

describe('loader view when section headers are gone or lie', () => {
  for (const name of fixtureNames) {
    it(`${name}: without section headers the dynamic symbols come from PT_DYNAMIC and are identical`, () => {
      const bytes = fixture(name);
      const withSections = parseElf(bytes);
      const bare = parseElf(withoutSectionHeaders(bytes));
      expect(bare.symbolSource).toBe('dynamic');
      expect(bare.stripped).toBe(true);
      expect(kinds(bare)).toEqual(['no-section-headers']);
      expect(bare.dynamicSymbolCount).toBe(withSections.dynamicSymbolCount);
      expect(loaderView(bare)).toEqual(loaderView(withSections));
    });

    it(`${name}: a .dynsym section pointing elsewhere is ignored in favour of DT_SYMTAB`, () => {
      const bytes = fixture(name);
      const forged = parseElf(withForgedDynsym(bytes, dynstrOffset(bytes)));
      expect(forged.symbolSource).toBe('dynamic');
      expect(kinds(forged)).toContain('sections-disagree-with-dynamic');
      expect(loaderView(forged)).toEqual(loaderView(parseElf(bytes)));
    });
  }

  it('reads past a .dynsym section shortened to hide imports, up to what the hash table describes', () => {
    for (const name of ['x86_64-canary.so', 'aarch64be-hardened.so', 'i386-plain.so']) {
      const bytes = fixture(name);
      const symsize = bytes[4] === 2 ? 24 : 16;
      const hidden = parseElf(withSectionField(bytes, SHT_DYNSYM, 'size', 2 * symsize));
      expect(kinds(hidden)).toContain('symbol-count-mismatch');
      expect(loaderView(hidden)).toEqual(loaderView(parseElf(bytes)));
    }
  });

  it('counts symbols without any hash table by where the string table starts, and says so', () => {
    for (const name of ['x86_64-plain.so', 'x86_64-relro-full.so', 'aarch64be-hardened.so']) {
      let bytes = withoutSectionHeaders(fixture(name));
      const reference = parseElf(bytes);
      for (const tag of [DT_HASH, DT_GNU_HASH]) {
        try {
          bytes = withDynamicTagReplaced(bytes, tag, DT_DEBUG);
        } catch {
          // this fixture has only one of the two hash styles
        }
      }
      const info = parseElf(bytes);
      expect(kinds(info)).toContain('symbol-count-estimated');
      expect(info.importedSymbols).toEqual(reference.importedSymbols);
      expect(info.exportedSymbols).toEqual(reference.exportedSymbols);
    }
  });

  it('uses DT_GNU_HASH alone (GNU-only fixture) and DT_HASH alone (SysV-only fixture)', () => {
    const gnuOnly = parseElf(withoutSectionHeaders(fixture('aarch64-hardened.so')));
    const sysvOnly = parseElf(withoutSectionHeaders(fixture('aarch64-execstack.so')));
    expect(kinds(gnuOnly)).not.toContain('symbol-count-estimated');
    expect(kinds(sysvOnly)).not.toContain('symbol-count-estimated');
    expect(gnuOnly.importedSymbols).toContain('__stack_chk_fail');
    expect(sysvOnly.exportedSymbols).toContain('JNI_OnLoad');
  });
});

/** A copy where section `index` claims to start at file offset `offset`. */
function withSectionOffset(bytes: Uint8Array, index: number, offset: number): Uint8Array {
  const layout = readLayout(bytes);
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(layout.header.shoff + index * 64 + 24, BigInt(offset), true);
  return out;
}

/** File offset of .dynstr: the forged .dynsym is pointed at a table of strings, not of symbols. */
function dynstrOffset(bytes: Uint8Array): number {
  const dynstr = readLayout(bytes).sections.find((s) => s.name === '.dynstr');
  if (dynstr === undefined) throw new Error('fixture has no .dynstr');
  return dynstr.offset;
}

describe('hostile headers', () => {
  const good = fixture('x86_64-relro-full.so');
  const good32 = fixture('i386-plain.so');

  it('rejects what is not ELF, an unknown class or byte order, and a cut header with DFSLAB_E_ELF_BAD_HEADER', () => {
    expectBadHeader(() => parseElf(new Uint8Array(0)), 0);
    expectBadHeader(() => parseElf(new TextEncoder().encode('dex\n035\u0000')), 0);
    expectBadHeader(() => parseElf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])), 4);
    const badClass = good.slice();
    badClass[4] = 3;
    expectBadHeader(() => parseElf(badClass), 4);
    const badData = good.slice();
    badData[5] = 0;
    expectBadHeader(() => parseElf(badData), 5);
    expectBadHeader(() => parseElf(good.subarray(0, 63)), 0);
    expectBadHeader(() => parseElf(good32.subarray(0, 51)), 0);
    expect(() => parseElf(good32.subarray(0, 52))).not.toThrow();
  });

  it('sets the label as the error path', () => {
    try {
      parseElf(new Uint8Array(8), { label: 'lib/x86/libbad.so' });
    } catch (e) {
      expect(isDfslabError(e) && e.path).toBe('lib/x86/libbad.so');
    }
  });

  it('records bogus program header fields as anomalies', () => {
    const far = parseElf(withHeaderField(good, 'phoff', 0x7fff_ffff));
    expect(kinds(far)).toContain('program-headers-invalid');
    expect(kinds(far)).toContain('no-program-headers');
    expect(far.nx).toBe(false);
    // Without program headers the .dynamic section still describes the library.
    expect(far.importedSymbols).toEqual(parseElf(good).importedSymbols);

    const many = parseElf(withHeaderField(good, 'phnum', 0xfffe));
    expect(kinds(many)).toContain('program-headers-invalid');

    const wrongSize = parseElf(withHeaderField(good32, 'phentsize', 56));
    expect(kinds(wrongSize)).toContain('program-headers-invalid');
  });

  it('records bogus section header fields as anomalies and falls back to the dynamic segment', () => {
    const reference = loaderView(parseElf(good));
    for (const bad of [
      withHeaderField(good, 'shoff', 0xffff_fff0),
      withHeaderField(good, 'shoff', 2 ** 52),
      withHeaderField(good, 'shentsize', 40),
      withHeaderField(good, 'shnum', 0xffff),
    ]) {
      const info = parseElf(bad);
      expect(kinds(info)).toContain('section-headers-invalid');
      expect(loaderView(info)).toEqual(reference);
    }
    const noNames = parseElf(withHeaderField(good, 'shstrndx', 0x7777));
    expect(kinds(noNames)).toContain('section-names-unreadable');
    expect(loaderView(noNames)).toEqual(reference);
  });

  it('caps an extended section count (e_shnum 0, section 0 sh_size huge) by the data length', () => {
    const bytes = withHeaderField(withSectionField(good, SHT_NULL, 'size', 0xffff_ffff), 'shnum', 0);
    const info = parseElf(bytes);
    expect(kinds(info)).toContain('section-headers-invalid');
    expect(loaderView(info)).toEqual(loaderView(parseElf(good)));
  });

  it('survives section contents outside the file', () => {
    const info = parseElf(withSectionField(good, SHT_STRTAB, 'size', 0x7fff_0000));
    expect(kinds(info)).toContain('section-out-of-file');
  });

  it('records broken dynamic string offsets instead of reading outside the table', () => {
    const bare = withoutSectionHeaders(good);
    const strsz = withDynamicValue(bare, dynamicEntryOffset(bare, DT_STRSZ), 0x7fff_ffff);
    expect(kinds(parseElf(strsz))).toContain('dynamic-invalid');
    expect(parseElf(strsz).needed).toEqual(['libc.so.6']);

    const unmapped = parseElf(withDynamicValue(bare, dynamicEntryOffset(bare, DT_STRTAB), 0x7fff_0000));
    expect(kinds(unmapped)).toContain('address-unmapped');
    expect(unmapped.needed).toEqual([]);
    expect(unmapped.importedSymbols).toEqual([]);

    const needed = parseElf(withDynamicValue(bare, dynamicEntryOffset(bare, DT_NEEDED), 0x10_0000));
    expect(kinds(needed)).toContain('string-offset-out-of-range');
    expect(needed.needed).toEqual([]);
  });

  it('caps the number of DT_NEEDED entries of a dynamic array that fills the file', () => {
    const bare = withoutSectionHeaders(good);
    const strtab = Number(new DataView(bare.buffer).getBigUint64(dynamicEntryOffset(bare, DT_STRTAB) + 8, true));
    const entries = 3000;
    const grown = new Uint8Array(bare.length + (entries + 2) * 16);
    grown.set(bare);
    const view = new DataView(grown.buffer);
    let o = bare.length;
    view.setBigUint64(o, BigInt(DT_STRTAB), true);
    view.setBigUint64(o + 8, BigInt(strtab), true);
    for (let i = 0; i < entries; i++) view.setBigUint64(o + 16 + i * 16, BigInt(DT_NEEDED), true);
    // d_val 1 = offset 1 in the string table: some name, the same for all entries; then DT_NULL (zeros).
    for (let i = 0; i < entries; i++) view.setBigUint64(o + 24 + i * 16, 1n, true);
    let moved = withProgramHeaderField(grown, PT_DYNAMIC, 'offset', o);
    moved = withProgramHeaderField(moved, PT_DYNAMIC, 'vaddr', 0x7fff_0000);
    moved = withProgramHeaderField(moved, PT_DYNAMIC, 'filesz', (entries + 2) * 16);
    const info = parseElf(moved);
    expect(info.needed).toHaveLength(1024);
    expect(info.anomalies.map((a) => a.message).join('\n')).toMatch(/1976 DT_NEEDED entries beyond the first 1024/);
  });

  it('bounds a GNU hash table whose bloom filter claims the whole address space', () => {
    const bare = withoutSectionHeaders(good);
    const entry = dynamicEntryOffset(bare, DT_GNU_HASH);
    const view = new DataView(bare.buffer, bare.byteOffset, bare.byteLength);
    const table = Number(view.getBigUint64(entry + 8, true));
    const bad = bare.slice();
    new DataView(bad.buffer).setUint32(table + 8, 0xffff_ffff, true);
    const info = parseElf(bad);
    expect(kinds(info)).toContain('symbol-count-estimated');
    expect(info.importedSymbols).toEqual(parseElf(bare).importedSymbols);
  });

  it('flags a machine that does not exist in the declared class', () => {
    const info = parseElf(withHeaderField(good32, 'machine', 62));
    expect(info.machine).toBe('x86-64');
    expect(info.abi).toBeUndefined();
    expect(kinds(info)).toContain('machine-class-mismatch');
  });

  it('names unknown types and machines by number', () => {
    const info = parseElf(withHeaderField(withHeaderField(good, 'type', 0xfe00), 'machine', 4242));
    expect(info.type).toBe('0xfe00');
    expect(info.machine).toBe('EM_4242');
    expect(info.pie).toBe(false);
  });
});

describe('readRodataStrings', () => {
  for (const name of fixtureNames) {
    it(`${name}: finds the .rodata and .data strings, with and without section headers`, () => {
      const bytes = fixture(name);
      const fromSections = readRodataStrings(bytes);
      expect(fromSections).toEqual(expect.arrayContaining(['dfslab fixture rodata banner %s:%u', 'dfslab-fixture-data-token-5f3a9c']));
      const fromSegments = readRodataStrings(withoutSectionHeaders(bytes));
      expect(fromSegments).toEqual(expect.arrayContaining(fromSections));
    });
  }

  it('scans the loaded segments when the .rodata section header is forged', () => {
    const bytes = fixture('x86_64-plain.so');
    const rodata = readLayout(bytes).sections.find((s) => s.name === '.rodata')!;
    // Point .rodata at the ELF header: a tool trusting sections would find nothing there.
    const forged = withSectionOffset(bytes, rodata.index, 0);
    expect(readRodataStrings(forged)).toEqual(expect.arrayContaining(['dfslab fixture rodata banner %s:%u', 'dfslab-fixture-data-token-5f3a9c']));
  });

  it('honours minLength and max, and reports each string once', () => {
    const bytes = fixture('x86_64-plain.so');
    expect(readRodataStrings(bytes, { minLength: 33 })).toEqual(['dfslab fixture rodata banner %s:%u']);
    expect(readRodataStrings(bytes, { max: 1 })).toHaveLength(1);
    expect(readRodataStrings(bytes, { max: 0 })).toEqual([]);
    const all = readRodataStrings(withoutSectionHeaders(bytes), { minLength: 1 });
    expect(new Set(all).size).toBe(all.length);
  });

  it('cuts a huge printable run and rejects non-ELF input', () => {
    const header = fixture('x86_64-plain.so').subarray(0, 64);
    const blob = new Uint8Array(64 + 10_000).fill(0x41);
    blob.set(header, 0);
    const noTables = withoutSectionHeaders(withHeaderField(blob, 'phnum', 0));
    const strings = readRodataStrings(noTables);
    expect(strings.some((s) => s.length === 4096)).toBe(true);
    expect(strings.every((s) => s.length <= 4096)).toBe(true);
    expectBadHeader(() => readRodataStrings(new Uint8Array(100)));
  });
});
