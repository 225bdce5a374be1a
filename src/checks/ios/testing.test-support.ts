/**
 * Test-only builders for the iOS checks: a thin arm64 Mach-O with exactly the header flags, imports, local
 * symbols, libraries, rpaths, encryption state and code signature a test asks for, and an IPA around it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IosApp } from '../../app/ios.js';
import type { Finding } from '../../findings/types.js';
import { blob, buildThin, codeDirectory, concat, fixture, lcStrBody, superBlob, type RawLoadCommand } from '../../formats/macho/testing.js';
import { buildZip, type TestZipEntry } from '../../formats/zip/testing.js';
import { runChecks, type RunOutcome } from '../runner.js';
import type { IosCheck } from './support.js';

export { fixture as machoFixture } from '../../formats/macho/testing.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A provisioning profile: `app-store-2099` from this folder's testdata, others from formats/mobileprovision. */
export function profileFixture(name: 'app-store-2099' | 'development' | 'ad-hoc' | 'enterprise' | 'app-store'): Uint8Array {
  const path = name === 'app-store-2099' ? join(here, 'testdata', `${name}.mobileprovision`) : join(here, '../../formats/mobileprovision/testdata', `${name}.mobileprovision`);
  return new Uint8Array(readFileSync(path));
}

const MH_PIE = 0x200000;
const LC_SYMTAB = 0x2;
const LC_LOAD_DYLIB = 0xc;
const LC_CODE_SIGNATURE = 0x1d;
const LC_ENCRYPTION_INFO_64 = 0x2c;
const LC_RPATH = 0x8000001c;
const CS_ADHOC = 0x2;

export interface MachOSpec {
  pie?: boolean;
  /** MH_EXECUTE (2, default) or MH_DYLIB (6). */
  filetype?: number;
  imports?: string[];
  /** Number of local (non-external) symbol-table entries. */
  locals?: number;
  dylibs?: string[];
  rpaths?: string[];
  /** Adds LC_ENCRYPTION_INFO_64 with this cryptid. */
  cryptid?: number;
  signature?: 'none' | 'adhoc' | 'cms';
  entitlementsXml?: string;
}

function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function entitlements(dict: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${dict}</dict></plist>\n`;
}

/** A thin little-endian arm64 Mach-O following the spec. */
export function buildMachO(spec: MachOSpec = {}): Uint8Array {
  const imports = spec.imports ?? [];
  const locals = spec.locals ?? 0;
  // String table: index 0 is the empty name, then the imported names, then one shared local name.
  const names: Uint8Array[] = [new Uint8Array([0x20, 0])];
  const strx: number[] = [];
  let strLen = 2;
  for (const n of [...imports, '_local_helper']) {
    strx.push(strLen);
    const b = new TextEncoder().encode(`${n}\0`);
    names.push(b);
    strLen += b.length;
  }
  const strtab = concat(names);
  const nsyms = imports.length + locals;
  const syms = new Uint8Array(nsyms * 16);
  const dv = new DataView(syms.buffer);
  imports.forEach((_, i) => {
    dv.setUint32(i * 16, strx[i]!, true);
    syms[i * 16 + 4] = 0x01; // N_UNDF | N_EXT
  });
  for (let i = 0; i < locals; i++) {
    const e = (imports.length + i) * 16;
    dv.setUint32(e, strx[imports.length]!, true);
    syms[e + 4] = 0x0e; // N_SECT, not external
    syms[e + 5] = 1;
  }
  const sigKind = spec.signature ?? 'none';
  let sig: Uint8Array = new Uint8Array(0);
  if (sigKind !== 'none') {
    const entries: Array<[number, Uint8Array]> = [[0, codeDirectory({ flags: sigKind === 'adhoc' ? CS_ADHOC : 0, identifier: 'org.example.bank', teamId: 'ABCDE12345' })]];
    if (spec.entitlementsXml) entries.push([5, blob(0xfade7171, new TextEncoder().encode(spec.entitlementsXml))]);
    if (sigKind === 'cms') entries.push([0x10000, blob(0xfade0b01, fixture('cms-detached.der'))]);
    sig = superBlob(entries);
  }

  const commands = (symoff: number, sigoff: number): RawLoadCommand[] => {
    const out: RawLoadCommand[] = [];
    for (const d of spec.dylibs ?? []) out.push({ cmd: LC_LOAD_DYLIB, body: lcStrBody([2, 0x10000, 0x10000], d) });
    for (const r of spec.rpaths ?? []) out.push({ cmd: LC_RPATH, body: lcStrBody([], r) });
    if (spec.cryptid !== undefined) out.push({ cmd: LC_ENCRYPTION_INFO_64, body: concat([u32le(0x4000), u32le(0x4000), u32le(spec.cryptid), u32le(0)]) });
    out.push({ cmd: LC_SYMTAB, body: concat([u32le(symoff), u32le(nsyms), u32le(symoff + syms.length), u32le(strtab.length)]) });
    if (sig.length > 0) out.push({ cmd: LC_CODE_SIGNATURE, body: concat([u32le(sigoff), u32le(sig.length)]) });
    return out;
  };
  const cmdBytes = commands(0, 0).reduce((n, c) => n + c.body.length + 8, 0);
  const symoff = 32 + cmdBytes;
  const sigoff = symoff + syms.length + strtab.length;
  return buildThin({
    filetype: spec.filetype ?? 2,
    flags: spec.pie === false ? 0 : MH_PIE,
    commands: commands(symoff, sigoff),
    tail: concat([syms, strtab, sig]),
  });
}

/** Imports of a well-built Objective-C app binary (canaries and ARC). */
export const HARDENED_IMPORTS = ['___stack_chk_fail', '___stack_chk_guard', '_objc_autoreleasePoolPush', '_objc_msgSend', '_objc_release', '_objc_retain', '_objc_storeStrong'];

export function infoPlist(extra = '', opts: { minOs?: string | null } = {}): string {
  const minOs = opts.minOs === undefined ? '15.0' : opts.minOs;
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>org.example.bank</string>
<key>CFBundleExecutable</key><string>Bank</string>
${minOs === null ? '' : `<key>MinimumOSVersion</key><string>${minOs}</string>`}
${extra}
</dict></plist>`;
}

export interface IpaSpec {
  info?: string;
  main?: Uint8Array;
  profile?: Uint8Array;
  extra?: TestZipEntry[];
}

/** An IPA `Payload/Bank.app/` with the given Info.plist, main binary, profile and other entries. */
export function buildIpa(spec: IpaSpec = {}): IosApp {
  const root = 'Payload/Bank.app/';
  const entries: TestZipEntry[] = [{ name: `${root}Info.plist`, data: spec.info ?? infoPlist() }];
  if (spec.main) entries.push({ name: `${root}Bank`, data: spec.main });
  if (spec.profile) entries.push({ name: `${root}embedded.mobileprovision`, data: spec.profile });
  for (const e of spec.extra ?? []) entries.push({ ...e, name: `${root}${e.name}` });
  return IosApp.open(buildZip(entries), { label: 'bank.ipa' });
}

/** Runs checks and fails loudly when one of them threw. */
export async function run(app: IosApp, checks: readonly IosCheck[]): Promise<RunOutcome> {
  const out = await runChecks(app, checks);
  if (out.failures.length > 0) throw new Error(`check failures: ${JSON.stringify(out.failures)}`);
  return out;
}

export function byCheck(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.checkId === id);
}
