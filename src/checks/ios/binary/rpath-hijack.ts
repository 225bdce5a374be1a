import type { IosExecutable } from '../../../app/ios.js';
import type { MachOSlice } from '../../../formats/macho/index.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/** Read-only system locations of iOS (sealed system volume): an rpath there cannot be planted into. */
const SYSTEM_PREFIXES = ['/usr/lib/', '/System/Library/', '/Developer/Library/'];

/**
 * Where an LC_RPATH entry resolves for an executable at `exePath` (a path inside the IPA), or why it is
 * outside the signed, read-only bundle. dyld(1): `@executable_path` is the main executable's folder,
 * `@loader_path` the folder of the binary holding the command; any other relative path is resolved against
 * the process's current directory.
 */
function unsafeRpath(rpath: string, exePath: string, mainPath: string | undefined, bundleRoot: string): { why: string; writable: boolean } | undefined {
  let base: string;
  let rest: string;
  if (rpath.startsWith('@executable_path')) {
    base = (mainPath ?? exePath).replace(/[^/]*$/, '');
    rest = rpath.slice('@executable_path'.length);
  } else if (rpath.startsWith('@loader_path')) {
    base = exePath.replace(/[^/]*$/, '');
    rest = rpath.slice('@loader_path'.length);
  } else if (rpath.startsWith('/')) {
    return SYSTEM_PREFIXES.some((p) => rpath.startsWith(p)) ? undefined : { why: 'absolute path outside the app bundle and the read-only system', writable: true };
  } else {
    return { why: 'relative path, resolved against the current working directory', writable: true };
  }
  // Normalise the path inside the IPA and see whether `..` climbs out of Payload/<name>.app/. Since iOS 8
  // the folder above the bundle is the read-only bundle container (the app's writable data lives in a
  // separate container), so such an entry is outside what the signature covers but not writable by the app.
  const parts: string[] = [];
  for (const p of (base + rest).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return OUTSIDE;
      parts.pop();
    } else parts.push(p);
  }
  const resolved = `${parts.join('/')}/`;
  return resolved.startsWith(bundleRoot) ? undefined : OUTSIDE;
}

const OUTSIDE = { why: 'climbs out of the signed app bundle (into the read-only bundle container)', writable: false };

function problems(slice: MachOSlice, exe: IosExecutable, mainPath: string | undefined, bundleRoot: string): Array<{ text: string; writable: boolean }> {
  const out: Array<{ text: string; writable: boolean }> = [];
  const rpathDylibs = slice.dylibs.filter((d) => d.name.startsWith('@rpath/'));
  for (const r of slice.rpaths) {
    const u = unsafeRpath(r, exe.path, mainPath, bundleRoot);
    if (!u) continue;
    const uses = rpathDylibs.length > 0 ? `; searched for ${rpathDylibs.map((d) => d.name).join(', ')}` : '';
    out.push({ text: `LC_RPATH "${r}": ${u.why}${uses}`, writable: u.writable });
  }
  return out;
}

export default defineIosCheck({
  id: 'ios.binary.rpath-hijack',
  meta: {
    title: 'Library search path (LC_RPATH) outside the signed bundle',
    family: 'binary',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0050'], cwe: ['CWE-345', 'CWE-693'], dfs: ['APP-11', 'APP-12'] }),
    description:
      'Libraries linked as `@rpath/...` are looked up in every `LC_RPATH` directory of the binary, in order. Entries anchored at `@executable_path` or `@loader_path` that stay inside the app bundle are safe: the bundle is signed and read-only. An entry that is an absolute path outside the read-only system (often a build machine path such as `/Users/...`), a bare relative path (resolved against the current directory), lets a library planted in a writable place be searched first. A `..` entry that climbs out of the bundle is reported at low severity: since iOS 8 the folder above the bundle is the read-only bundle container, but the entry still points outside what the code signature covers (and is often a macOS setting copied by mistake). Library validation on stock iOS limits exploitation to libraries signed by the same team, but on jailbroken devices and for tweak injection such paths are a ready-made hook, and build-machine paths are also debug artifacts. One finding per executable, listing each unsafe entry and the `@rpath/` libraries it serves.',
    manual:
      'Run `llvm-otool -l <binary> | grep -A2 LC_RPATH` and `llvm-otool -L <binary>` for each architecture; check each rpath against the bundle layout.',
    remediation:
      'Keep only `@executable_path/Frameworks` and `@loader_path/Frameworks` style entries in `LD_RUNPATH_SEARCH_PATHS`; remove absolute build paths and relative or `..` entries, and rebuild.',
  },
  run(ctx) {
    const { app } = ctx;
    const mainPath = app.executables.find((x) => x.kind === 'main')?.path;
    for (const { exe, macho } of parsedExecutables(app)) {
      const bad: MachOSlice[] = [];
      const found = new Set<string>();
      let writable = false;
      for (const s of macho.slices) {
        const p = problems(s, exe, mainPath, app.bundleRoot);
        if (p.length === 0) continue;
        bad.push(s);
        for (const x of p) {
          found.add(x.text);
          writable ||= x.writable;
        }
      }
      if (bad.length === 0) continue;
      ctx.report({
        message: `${exe.path} searches libraries in ${found.size} location(s) outside the signed app bundle.`,
        locations: [executableLocation(exe)],
        evidence: [...found].map((x) => sliceEvidence(exe, bad, x)),
        ...(writable ? {} : { severity: 'low' as const }),
      });
    }
  },
});
