/**
 * @module formats/dex/opcodes
 * The Dalvik opcode table: for each of the 256 opcode values, its mnemonic, its instruction format and
 * the kind of constant-pool index it carries. Source: source.android.com "Dalvik bytecode" (summary of
 * bytecode set) and "Dalvik Executable instruction formats". Mnemonics are the ones dexdump and smali
 * print, so disassembly can be compared with theirs.
 *
 * The table is held in typed arrays so the code indexer can look an opcode up without touching objects.
 */

/** Instruction formats ("Dalvik Executable instruction formats"), plus `payload` for the three pseudo-instructions. */
export const INSN_FORMATS = [
  '10x', '12x', '11n', '11x', '10t', '20t', '22x', '21t', '21s', '21h', '21c', '23x', '22b', '22t', '22s',
  '22c', '30t', '32x', '31i', '31t', '31c', '35c', '3rc', '45cc', '4rcc', '51l', 'payload',
] as const;
export type InsnFormat = (typeof INSN_FORMATS)[number];

/** Numeric format ids, index into INSN_FORMATS. */
export const F10X = 0, F12X = 1, F11N = 2, F11X = 3, F10T = 4, F20T = 5, F22X = 6, F21T = 7, F21S = 8,
  F21H = 9, F21C = 10, F23X = 11, F22B = 12, F22T = 13, F22S = 14, F22C = 15, F30T = 16, F32X = 17,
  F31I = 18, F31T = 19, F31C = 20, F35C = 21, F3RC = 22, F45CC = 23, F4RCC = 24, F51L = 25, FPAYLOAD = 26;

/** Width in 16-bit code units of each format (the digit before the register count in the format id). */
export const FORMAT_WIDTH: Uint8Array = Uint8Array.from(INSN_FORMATS, (f) => (f === 'payload' ? 0 : Number(f[0])));

/** What a constant-pool index in an instruction refers to ("Dalvik bytecode", column "kind"). */
export const INDEX_KINDS = ['none', 'string', 'type', 'field', 'method', 'proto', 'call-site', 'method-handle'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];
export const IK_NONE = 0, IK_STRING = 1, IK_TYPE = 2, IK_FIELD = 3, IK_METHOD = 4, IK_PROTO = 5,
  IK_CALL_SITE = 6, IK_METHOD_HANDLE = 7;

export const OPCODE_NAME: string[] = new Array<string>(256);
export const OPCODE_FORMAT = new Uint8Array(256);
export const OPCODE_INDEX_KIND = new Uint8Array(256);
/** Width of the instruction in code units, by opcode (payloads at opcode 0x00 are sized separately). */
export const OPCODE_WIDTH = new Uint8Array(256);

function define(op: number, name: string, format: number, indexKind = IK_NONE): void {
  OPCODE_NAME[op] = name;
  OPCODE_FORMAT[op] = format;
  OPCODE_INDEX_KIND[op] = indexKind;
  OPCODE_WIDTH[op] = FORMAT_WIDTH[format]!;
}

function defineRun(first: number, names: readonly string[], format: number, indexKind = IK_NONE): void {
  names.forEach((n, i) => define(first + i, n, format, indexKind));
}

// Unassigned opcodes decode as one code unit named "unused-XX", as dexdump does, instead of failing:
// verifiers reject them, but a reader that meets one must keep going.
for (let op = 0; op < 256; op++) define(op, `unused-${op.toString(16).padStart(2, '0')}`, F10X);

define(0x00, 'nop', F10X);
define(0x01, 'move', F12X);
define(0x02, 'move/from16', F22X);
define(0x03, 'move/16', F32X);
define(0x04, 'move-wide', F12X);
define(0x05, 'move-wide/from16', F22X);
define(0x06, 'move-wide/16', F32X);
define(0x07, 'move-object', F12X);
define(0x08, 'move-object/from16', F22X);
define(0x09, 'move-object/16', F32X);
defineRun(0x0a, ['move-result', 'move-result-wide', 'move-result-object', 'move-exception'], F11X);
define(0x0e, 'return-void', F10X);
defineRun(0x0f, ['return', 'return-wide', 'return-object'], F11X);
define(0x12, 'const/4', F11N);
define(0x13, 'const/16', F21S);
define(0x14, 'const', F31I);
define(0x15, 'const/high16', F21H);
define(0x16, 'const-wide/16', F21S);
define(0x17, 'const-wide/32', F31I);
define(0x18, 'const-wide', F51L);
define(0x19, 'const-wide/high16', F21H);
define(0x1a, 'const-string', F21C, IK_STRING);
define(0x1b, 'const-string/jumbo', F31C, IK_STRING);
define(0x1c, 'const-class', F21C, IK_TYPE);
define(0x1d, 'monitor-enter', F11X);
define(0x1e, 'monitor-exit', F11X);
define(0x1f, 'check-cast', F21C, IK_TYPE);
define(0x20, 'instance-of', F22C, IK_TYPE);
define(0x21, 'array-length', F12X);
define(0x22, 'new-instance', F21C, IK_TYPE);
define(0x23, 'new-array', F22C, IK_TYPE);
define(0x24, 'filled-new-array', F35C, IK_TYPE);
define(0x25, 'filled-new-array/range', F3RC, IK_TYPE);
define(0x26, 'fill-array-data', F31T);
define(0x27, 'throw', F11X);
define(0x28, 'goto', F10T);
define(0x29, 'goto/16', F20T);
define(0x2a, 'goto/32', F30T);
define(0x2b, 'packed-switch', F31T);
define(0x2c, 'sparse-switch', F31T);
defineRun(0x2d, ['cmpl-float', 'cmpg-float', 'cmpl-double', 'cmpg-double', 'cmp-long'], F23X);
defineRun(0x32, ['if-eq', 'if-ne', 'if-lt', 'if-ge', 'if-gt', 'if-le'], F22T);
defineRun(0x38, ['if-eqz', 'if-nez', 'if-ltz', 'if-gez', 'if-gtz', 'if-lez'], F21T);
const ARRAY_SUFFIXES = ['', '-wide', '-object', '-boolean', '-byte', '-char', '-short'];
defineRun(0x44, ARRAY_SUFFIXES.map((s) => `aget${s}`), F23X);
defineRun(0x4b, ARRAY_SUFFIXES.map((s) => `aput${s}`), F23X);
defineRun(0x52, ARRAY_SUFFIXES.map((s) => `iget${s}`), F22C, IK_FIELD);
defineRun(0x59, ARRAY_SUFFIXES.map((s) => `iput${s}`), F22C, IK_FIELD);
defineRun(0x60, ARRAY_SUFFIXES.map((s) => `sget${s}`), F21C, IK_FIELD);
defineRun(0x67, ARRAY_SUFFIXES.map((s) => `sput${s}`), F21C, IK_FIELD);
const INVOKE_KINDS = ['virtual', 'super', 'direct', 'static', 'interface'];
defineRun(0x6e, INVOKE_KINDS.map((k) => `invoke-${k}`), F35C, IK_METHOD);
defineRun(0x74, INVOKE_KINDS.map((k) => `invoke-${k}/range`), F3RC, IK_METHOD);
defineRun(
  0x7b,
  ['neg-int', 'not-int', 'neg-long', 'not-long', 'neg-float', 'neg-double', 'int-to-long', 'int-to-float',
    'int-to-double', 'long-to-int', 'long-to-float', 'long-to-double', 'float-to-int', 'float-to-long',
    'float-to-double', 'double-to-int', 'double-to-long', 'double-to-float', 'int-to-byte', 'int-to-char',
    'int-to-short'],
  F12X,
);
export const BINOP_NAMES: readonly string[] = [
  'add-int', 'sub-int', 'mul-int', 'div-int', 'rem-int', 'and-int', 'or-int', 'xor-int', 'shl-int', 'shr-int',
  'ushr-int', 'add-long', 'sub-long', 'mul-long', 'div-long', 'rem-long', 'and-long', 'or-long', 'xor-long',
  'shl-long', 'shr-long', 'ushr-long', 'add-float', 'sub-float', 'mul-float', 'div-float', 'rem-float',
  'add-double', 'sub-double', 'mul-double', 'div-double', 'rem-double',
];
defineRun(0x90, BINOP_NAMES, F23X);
defineRun(0xb0, BINOP_NAMES.map((n) => `${n}/2addr`), F12X);
// rsub-int has no "/lit16" suffix in the spec's mnemonic list (it is the only lit16 form of reverse subtract).
defineRun(
  0xd0,
  ['add-int/lit16', 'rsub-int', 'mul-int/lit16', 'div-int/lit16', 'rem-int/lit16', 'and-int/lit16',
    'or-int/lit16', 'xor-int/lit16'],
  F22S,
);
defineRun(
  0xd8,
  ['add-int/lit8', 'rsub-int/lit8', 'mul-int/lit8', 'div-int/lit8', 'rem-int/lit8', 'and-int/lit8',
    'or-int/lit8', 'xor-int/lit8', 'shl-int/lit8', 'shr-int/lit8', 'ushr-int/lit8'],
  F22B,
);
define(0xfa, 'invoke-polymorphic', F45CC, IK_METHOD);
define(0xfb, 'invoke-polymorphic/range', F4RCC, IK_METHOD);
define(0xfc, 'invoke-custom', F35C, IK_CALL_SITE);
define(0xfd, 'invoke-custom/range', F3RC, IK_CALL_SITE);
define(0xfe, 'const-method-handle', F21C, IK_METHOD_HANDLE);
define(0xff, 'const-method-type', F21C, IK_PROTO);

/** True for the opcodes the spec leaves unassigned (0x3e–0x43, 0x73, 0x79–0x7a, 0xe3–0xf9). */
export function isUnusedOpcode(op: number): boolean {
  return OPCODE_NAME[op & 0xff]!.startsWith('unused-');
}

/** Pseudo-instruction identifiers: the full first code unit of a payload ("Dalvik bytecode", payload formats). */
export const PACKED_SWITCH_PAYLOAD = 0x0100;
export const SPARSE_SWITCH_PAYLOAD = 0x0200;
export const FILL_ARRAY_DATA_PAYLOAD = 0x0300;

/**
 * Width in code units of the payload starting at `insns[pc]`, or -1 when the header itself is cut off.
 * The size fields come from the file, so the result may be huge; the caller compares it with the end of
 * the code. Arithmetic stays in doubles (sizes are at most 2^32 · 2^16), so it never wraps.
 */
export function payloadWidth(insns: Uint16Array, pc: number, end: number): number {
  const ident = insns[pc]!;
  if (ident === PACKED_SWITCH_PAYLOAD) {
    if (pc + 2 > end) return -1;
    return 4 + insns[pc + 1]! * 2;
  }
  if (ident === SPARSE_SWITCH_PAYLOAD) {
    if (pc + 2 > end) return -1;
    return 2 + insns[pc + 1]! * 4;
  }
  if (ident === FILL_ARRAY_DATA_PAYLOAD) {
    if (pc + 4 > end) return -1;
    const elementWidth = insns[pc + 1]!;
    const size = insns[pc + 2]! + insns[pc + 3]! * 0x10000;
    return 4 + Math.ceil((elementWidth * size) / 2);
  }
  return 1;
}
