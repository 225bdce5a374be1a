/**
 * Test-only builder for the code/secrets/network/resilience checks: a thin arm64 executable with imports,
 * exported Objective-C classes and real `__TEXT` string sections (`__cstring`, `__objc_classname`,
 * `__const`), so the string-reading checks see what clang and ld64 would emit.
 */
import { buildThin, concat, type RawLoadCommand } from '../../formats/macho/testing.js';

export interface TextMachOSpec {
  imports?: string[];
  /** Defined external symbols (e.g. `_OBJC_CLASS_$_LoginViewController`). */
  exports?: string[];
  cstrings?: string[];
  classNames?: string[];
  /** Raw bytes of `__TEXT,__const` (e.g. a `const char[]` between binary data). */
  constData?: Uint8Array;
  cryptid?: number;
}

const LC_SEGMENT_64 = 0x19;
const LC_SYMTAB = 0x2;
const LC_ENCRYPTION_INFO_64 = 0x2c;

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}
function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
}
function name16(s: string): Uint8Array {
  const b = new Uint8Array(16);
  b.set(new TextEncoder().encode(s).subarray(0, 16));
  return b;
}
function strings(list: readonly string[]): Uint8Array {
  return new TextEncoder().encode(list.map((s) => `${s}\0`).join(''));
}

export function buildTextMachO(spec: TextMachOSpec = {}): Uint8Array {
  const sections: Array<[string, Uint8Array]> = [
    ['__cstring', strings(spec.cstrings ?? [])],
    ['__objc_classname', strings(spec.classNames ?? [])],
    ['__const', spec.constData ?? new Uint8Array(0)],
  ];
  const imports = spec.imports ?? [];
  const exports = spec.exports ?? [];
  const names = [...imports, ...exports];
  const strx: number[] = [];
  let strLen = 2;
  const nameBytes: Uint8Array[] = [new Uint8Array([0x20, 0])];
  for (const n of names) {
    strx.push(strLen);
    const b = new TextEncoder().encode(`${n}\0`);
    nameBytes.push(b);
    strLen += b.length;
  }
  const strtab = concat(nameBytes);
  const syms = new Uint8Array(names.length * 16);
  const dv = new DataView(syms.buffer);
  names.forEach((_, i) => {
    dv.setUint32(i * 16, strx[i]!, true);
    syms[i * 16 + 4] = i < imports.length ? 0x01 : 0x0f; // N_UNDF|N_EXT, or N_SECT|N_EXT
    syms[i * 16 + 5] = i < imports.length ? 0 : 1;
  });

  const commands = (dataStart: number): RawLoadCommand[] => {
    let off = dataStart;
    const sects: Uint8Array[] = [];
    for (const [name, data] of sections) {
      sects.push(concat([name16(name), name16('__TEXT'), u64(0x100000000 + off), u64(data.length), u32(data.length ? off : 0), u32(0), u32(0), u32(0), u32(name === '__const' ? 0 : 2), u32(0), u32(0), u32(0)]));
      off += data.length;
    }
    const symoff = off;
    const out: RawLoadCommand[] = [
      { cmd: LC_SEGMENT_64, body: concat([name16('__TEXT'), u64(0x100000000), u64(0x10000), u64(0), u64(off), u32(5), u32(5), u32(sections.length), u32(0), ...sects]) },
      { cmd: LC_SYMTAB, body: concat([u32(symoff), u32(names.length), u32(symoff + syms.length), u32(strtab.length)]) },
    ];
    if (spec.cryptid !== undefined) out.push({ cmd: LC_ENCRYPTION_INFO_64, body: concat([u32(0x4000), u32(0x4000), u32(spec.cryptid), u32(0)]) });
    return out;
  };
  const cmdBytes = commands(0).reduce((n, c) => n + c.body.length + 8, 0);
  return buildThin({ filetype: 2, flags: 0x200000, commands: commands(32 + cmdBytes), tail: concat([...sections.map(([, d]) => d), syms, strtab]) });
}
