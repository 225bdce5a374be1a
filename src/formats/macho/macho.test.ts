import { describe, expect, it } from 'vitest';
import { DfslabError, ErrorCodes } from '../../errors.js';
import { cStrings, isMachO, objcClassNames, objcSelectors, readMachOFile, type MachOSlice } from './index.js';
import { buildThin, concat, fixture, lcStrBody } from './testing.js';

const LC_RPATH = 0x8000001c;
const LC_LOAD_DYLIB = 0xc;
const LC_UUID = 0x1b;
const LC_SYMTAB = 0x2;

function only(bytes: Uint8Array): MachOSlice {
  const f = readMachOFile(bytes);
  expect(f.slices).toHaveLength(1);
  return f.slices[0]!;
}

describe('readMachOFile on lld-built fixtures', () => {
  it('reads the arm64 PIE executable: header, dylibs, rpaths, encryption, min OS, symbols', () => {
    const bytes = fixture('hello.arm64.gz');
    expect(isMachO(bytes)).toBe(true);
    const f = readMachOFile(bytes);
    expect(f.fat).toBe(false);
    expect(f.anomalies).toEqual([]);
    const s = f.slices[0]!;
    expect(s).toMatchObject({ cpu: 'arm64', is64: true, fileType: 'EXECUTE', pie: true, allowStackExecution: false, offset: 0, size: bytes.length });
    expect(s.dylibs).toEqual([
      { name: '/usr/lib/libSystem.B.dylib', kind: 'load', currentVersion: '1311.0.0', compatibilityVersion: '1.0.0' },
      { name: '@rpath/Foo.framework/Foo', kind: 'weak', currentVersion: '1.2.3', compatibilityVersion: '1.0.0' },
    ]);
    expect(s.rpaths).toEqual(['@executable_path/Frameworks', '@loader_path/lib']);
    expect(s.encryption).toEqual({ cryptoff: 16384, cryptsize: 16384, cryptid: 0 });
    expect(s.minOs).toEqual({ platform: 'ios', version: '12.0', sdk: '15.0' });
    expect(s.uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(s.importedSymbols).toEqual(['___stack_chk_fail', '___stack_chk_guard', '_printf', '_ptrace', '_strcpy', '_strlen', 'dyld_stub_binder']);
    expect(s.exportedSymbols).toEqual(['__mh_execute_header', '_exported_counter', '_helper_add', '_main']);
    expect(s.hasSymbolTable).toBe(true);
    expect(s.localSymbolCount).toBe(1); // __dyld_private
    expect(s.segments.map((g) => g.name)).toEqual(['__PAGEZERO', '__TEXT', '__DATA', '__LINKEDIT']);
    const text = s.segments[1]!;
    expect(text.vmaddr).toBe(0x100000000n);
    expect(text.initprot).toBe(5);
    expect(text.sections.map((x) => x.name)).toContain('__cstring');
    expect(s.loadCommands.map((c) => c.name)).toContain('LC_CODE_SIGNATURE');
  });

  it('reads the ad-hoc code signature lld wrote', () => {
    const cs = only(fixture('hello.arm64.gz')).codeSignature!;
    expect(cs.adhoc).toBe(true);
    expect(cs.cms).toBeUndefined();
    expect(cs.codeDirectories).toHaveLength(1);
    expect(cs.codeDirectories[0]).toMatchObject({ identifier: 'hello.arm64', hashType: 'sha256', nSpecialSlots: 0, execSegFlags: 1n });
    expect(cs.codeDirectories[0]!.flags & 0x2).toBe(2);
    expect(cs.codeDirectories[0]!.nCodeSlots).toBeGreaterThan(0);
  });

  it('reads a fat binary with an x86_64 non-PIE slice and an arm64 slice', () => {
    const bytes = fixture('hello.fat.gz');
    expect(isMachO(bytes)).toBe(true);
    const f = readMachOFile(bytes);
    expect(f.fat).toBe(true);
    expect(f.anomalies).toEqual([]);
    expect(f.slices.map((s) => [s.cpu, s.pie, s.codeSignature === undefined])).toEqual([
      ['x86_64', false, true],
      ['arm64', true, false],
    ]);
    const arm = f.slices[1]!;
    const thin = only(fixture('hello.arm64.gz'));
    expect(arm.size).toBe(thin.size);
    expect(arm.importedSymbols).toEqual(thin.importedSymbols);
    expect(cStrings(bytes, arm)).toEqual(['dfslab fixture says hello %s\n']);
    expect(cStrings(bytes, f.slices[0]!)).toEqual(['dfslab fixture says hello %s\n']);
  });

  it('reads a dylib with its install name', () => {
    const s = only(fixture('Foo.gz'));
    expect(s.fileType).toBe('DYLIB');
    expect(s.installName).toBe('@rpath/Foo.framework/Foo');
    expect(s.exportedSymbols).toEqual(['_foo_value']);
    expect(s.codeSignature?.codeDirectories[0]?.identifier).toBe('Foo');
  });

  it('returns no objc names for a C-only binary', () => {
    const bytes = fixture('hello.arm64.gz');
    const s = only(bytes);
    expect(objcClassNames(bytes, s)).toEqual([]);
    expect(objcSelectors(bytes, s)).toEqual([]);
    expect(cStrings(bytes, s, { minLength: 100 })).toEqual([]);
  });
});

describe('readMachOFile on hand-built headers', () => {
  it('reads a big-endian 32-bit header', () => {
    const bytes = buildThin({
      is64: false,
      le: false,
      cputype: 18,
      filetype: 6,
      flags: 0,
      commands: [{ cmd: LC_LOAD_DYLIB, body: lcStrBody([0, 0x10203, 0x10000], '/usr/lib/libz.dylib', false) }],
    });
    const s = only(bytes);
    expect(s).toMatchObject({ cpu: 'ppc', is64: false, littleEndian: false, fileType: 'DYLIB', pie: false });
    expect(s.dylibs).toEqual([{ name: '/usr/lib/libz.dylib', kind: 'load', currentVersion: '1.2.3', compatibilityVersion: '1.0.0' }]);
  });

  it('names armv7, armv7s and arm64e', () => {
    expect(only(buildThin({ is64: false, cputype: 12, cpusubtype: 9, commands: [] })).cpu).toBe('armv7');
    expect(only(buildThin({ is64: false, cputype: 12, cpusubtype: 11, commands: [] })).cpu).toBe('armv7s');
    expect(only(buildThin({ cputype: 0x0100000c, cpusubtype: 0x80000002, commands: [] })).cpu).toBe('arm64e');
  });

  it('stops at a zero cmdsize instead of looping', () => {
    const bytes = buildThin({ commands: [{ cmd: LC_RPATH, body: lcStrBody([], '@rpath/a') }, { cmd: LC_UUID, body: new Uint8Array(16), cmdsize: 0 }], ncmds: 0xffffffff });
    const f = readMachOFile(bytes);
    expect(f.slices[0]!.rpaths).toEqual(['@rpath/a']);
    expect(f.anomalies.map((a) => a.kind)).toEqual(expect.arrayContaining(['load-commands-count', 'load-command-size']));
  });

  it('records a string offset outside its command and a symbol table that lies', () => {
    const badStr = lcStrBody([], 'x');
    new DataView(badStr.buffer).setUint32(0, 500, true);
    const symtab = new Uint8Array(16);
    const dv = new DataView(symtab.buffer);
    dv.setUint32(0, 0x40, true); // symoff
    dv.setUint32(4, 0x7fffffff, true); // nsyms
    dv.setUint32(8, 0xfffffff0, true); // stroff
    dv.setUint32(12, 0xffff, true); // strsize
    const f = readMachOFile(buildThin({ commands: [{ cmd: LC_RPATH, body: badStr }, { cmd: LC_SYMTAB, body: symtab }], tail: new Uint8Array(64).fill(0x0f) }));
    expect(f.anomalies.map((a) => a.kind)).toEqual(expect.arrayContaining(['load-command-string', 'symtab-truncated', 'strtab-out-of-file', 'symbol-name-out-of-range']));
    expect(f.slices[0]!.importedSymbols).toEqual([]);
  });

  it('throws DFSLAB_E_MACHO_BAD for an unusable header', () => {
    const bad = (b: Uint8Array): unknown => {
      try {
        readMachOFile(b, { label: 'Payload/X.app/X' });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const b of [new Uint8Array(0), new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 1, 2]), new Uint8Array(64)]) {
      const e = bad(b);
      expect(e).toBeInstanceOf(DfslabError);
      expect((e as DfslabError).code).toBe(ErrorCodes.MACHO_BAD);
      expect((e as DfslabError).path).toBe('Payload/X.app/X');
    }
  });

  it('reports fat entries pointing outside the file and keeps the good slices', () => {
    const thin = buildThin({ commands: [] });
    const fat = new Uint8Array(0x1000 + thin.length);
    const dv = new DataView(fat.buffer);
    dv.setUint32(0, 0xcafebabe);
    dv.setUint32(4, 2);
    dv.setUint32(8, 0x0100000c);
    dv.setUint32(16, 0x1000);
    dv.setUint32(20, thin.length);
    dv.setUint32(28, 12);
    dv.setUint32(36, 0xfffff000);
    dv.setUint32(40, 0x100);
    fat.set(thin, 0x1000);
    const f = readMachOFile(fat);
    expect(f.fat).toBe(true);
    expect(f.slices.map((s) => s.cpu)).toEqual(['arm64']);
    expect(f.anomalies.map((a) => a.kind)).toEqual(['fat-slice-out-of-file']);
    // All entries bad: unusable.
    dv.setUint32(16, 0xffffff00);
    expect(() => readMachOFile(fat)).toThrow(/no readable architecture/);
  });

  it('does not take a Java class file for a fat binary', () => {
    expect(isMachO(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]))).toBe(false);
    expect(isMachO(concat([new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2])]))).toBe(true);
    expect(isMachO(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]))).toBe(false);
  });
});

describe('readMachOFile cost on hostile symbol tables', () => {
  it('stays linear when every symbol points into one NUL-free string table', () => {
    const n = 20000;
    const strtab = new Uint8Array(1 << 20).fill(0x41);
    const syms = new Uint8Array(n * 16);
    for (let i = 0; i < n; i++) syms[i * 16 + 4] = 0x01; // N_UNDF | N_EXT, n_strx 0
    const lc = new Uint8Array(16);
    const dv = new DataView(lc.buffer);
    const start = 32 + 24;
    dv.setUint32(0, start, true);
    dv.setUint32(4, n, true);
    dv.setUint32(8, start + syms.length, true);
    dv.setUint32(12, strtab.length, true);
    const s = only(buildThin({ commands: [{ cmd: LC_SYMTAB, body: lc }], tail: concat([syms, strtab]) }));
    expect(s.importedSymbols).toHaveLength(1);
    expect(s.importedSymbols[0]!.length).toBe(16384);
  });
});
