/**
 * @module formats/macho/testing
 * Test-only builders: the committed fixtures (gzipped) and hand-made Mach-O headers and code-signature
 * superblobs for cases no toolchain here produces (big-endian, entitlements, CMS, hostile fields).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const testdataDir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

export function fixture(name: string): Uint8Array {
  const raw = readFileSync(join(testdataDir, name));
  return new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw);
}

export interface RawLoadCommand {
  cmd: number;
  /** Payload after cmd/cmdsize. */
  body: Uint8Array;
  /** Override the written cmdsize (to lie). */
  cmdsize?: number;
}

function u32(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, le);
  return b;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A thin Mach-O: header + load commands + `tail` bytes. */
export function buildThin(opts: {
  is64?: boolean;
  le?: boolean;
  cputype?: number;
  cpusubtype?: number;
  filetype?: number;
  flags?: number;
  commands: RawLoadCommand[];
  ncmds?: number;
  tail?: Uint8Array;
}): Uint8Array {
  const is64 = opts.is64 ?? true;
  const le = opts.le ?? true;
  const cmds = opts.commands.map((c) => concat([u32(c.cmd, le), u32(c.cmdsize ?? c.body.length + 8, le), c.body]));
  const sizeofcmds = cmds.reduce((n, c) => n + c.length, 0);
  const header = [
    u32(is64 ? 0xfeedfacf : 0xfeedface, le),
    u32(opts.cputype ?? 0x0100000c, le),
    u32(opts.cpusubtype ?? 0, le),
    u32(opts.filetype ?? 2, le),
    u32(opts.ncmds ?? cmds.length, le),
    u32(sizeofcmds, le),
    u32(opts.flags ?? 0x200000, le),
  ];
  if (is64) header.push(u32(0, le));
  return concat([...header, ...cmds, opts.tail ?? new Uint8Array(0)]);
}

/** Body of an lc_str command (dylib/rpath): string offset, fixed fields, then the NUL-padded string. */
export function lcStrBody(fixed: number[], str: string, le = true): Uint8Array {
  const head = concat([u32(8 + 4 + fixed.length * 4, le), ...fixed.map((f) => u32(f, le))]);
  const text = new TextEncoder().encode(str);
  const total = Math.ceil((8 + head.length + text.length + 1) / 8) * 8; // cmdsize stays 8-aligned
  const body = new Uint8Array(total - 8);
  body.set(head);
  body.set(text, head.length);
  return body;
}

export function be32(v: number): Uint8Array {
  return u32(v, false);
}

/** A cs_blobs.h generic blob: magic, length, payload. */
export function blob(magic: number, payload: Uint8Array): Uint8Array {
  return concat([be32(magic), be32(payload.length + 8), payload]);
}

/** SuperBlob 0xfade0cc0 with the given (slot type, blob) pairs. */
export function superBlob(entries: Array<[number, Uint8Array]>, countOverride?: number): Uint8Array {
  let offset = 12 + entries.length * 8;
  const index: Uint8Array[] = [];
  for (const [type, b] of entries) {
    index.push(be32(type), be32(offset));
    offset += b.length;
  }
  return concat([be32(0xfade0cc0), be32(offset), be32(countOverride ?? entries.length), ...index, ...entries.map((e) => e[1])]);
}

/** CodeDirectory version 0x20400 with identifier, team id and exec segment flags. */
export function codeDirectory(opts: { flags: number; identifier: string; teamId?: string; hashType?: number; execSegFlags?: bigint }): Uint8Array {
  const fixedLen = 88;
  const ident = new TextEncoder().encode(`${opts.identifier}\0`);
  const team = opts.teamId === undefined ? new Uint8Array(0) : new TextEncoder().encode(`${opts.teamId}\0`);
  const body = new Uint8Array(fixedLen + ident.length + team.length);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, 0xfade0c02);
  dv.setUint32(4, body.length);
  dv.setUint32(8, 0x20400);
  dv.setUint32(12, opts.flags);
  dv.setUint32(16, body.length); // hashOffset: no hashes in this stand-in
  dv.setUint32(20, fixedLen);
  dv.setUint32(24, 7); // nSpecialSlots
  dv.setUint32(28, 3); // nCodeSlots
  body[36] = 32;
  body[37] = opts.hashType ?? 2;
  body[39] = 12;
  if (opts.teamId !== undefined) dv.setUint32(48, fixedLen + ident.length);
  dv.setBigUint64(80, opts.execSegFlags ?? 0n);
  body.set(ident, fixedLen);
  body.set(team, fixedLen + ident.length);
  return body;
}
