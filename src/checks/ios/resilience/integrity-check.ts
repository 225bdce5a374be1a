import { importedOf, listSome } from '../binary-text-support.js';
import { allExecutableTexts, type ExecutableText } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs } from '../support.js';

/** Signing artefacts of the bundle that a re-signed (tampered) copy changes or drops. */
const SIGNING_ARTEFACT = /(^|\/)(embedded\.mobileprovision|_CodeSignature(\/CodeResources)?)$/;
/** Reading a file: libc imports and Foundation selectors. */
const FILE_IMPORTS = ['_fopen', '_open', '_stat', '_access', '_mmap'];
const FILE_SELECTORS = ['pathForResource:ofType:', 'fileExistsAtPath:', 'contentsAtPath:', 'dataWithContentsOfFile:', 'initWithContentsOfFile:', 'stringWithContentsOfFile:encoding:error:'];
/** Hashing: CommonCrypto SHA-2 one-shot and streaming entry points. */
const HASH_IMPORTS = ['_CC_SHA256', '_CC_SHA256_Init', '_CC_SHA384', '_CC_SHA512', '_CC_SHA512_Init'];
/** Swift types of integrity-check libraries, qualified by their module. */
const LIBRARY_TYPES = ['IOSSecuritySuite.IntegrityChecker'];

interface Evidence {
  lines: string[];
  symbol?: string;
}

/** The integrity measures one executable shows (empty when none). */
function measures(t: ExecutableText): Evidence {
  const has = (s: string) => t.strings.includes(s);
  const lines: string[] = [];
  let symbol: string | undefined;
  const artefacts = t.strings.filter((s) => s.length < 200 && SIGNING_ARTEFACT.test(s));
  // `[NSBundle pathForResource:@"embedded" ofType:@"mobileprovision"]` keeps the two halves apart.
  if (has('embedded') && has('mobileprovision')) artefacts.push('embedded', 'mobileprovision');
  const fileApis = [...importedOf(t.slices, FILE_IMPORTS), ...FILE_SELECTORS.filter(has)];
  if (artefacts.length > 0 && fileApis.length > 0) {
    lines.push(`${t.exe.path}: reads its signing artefacts ${listSome(artefacts.map((a) => `"${a}"`), 4)} with ${listSome(fileApis, 4)}`);
    symbol = fileApis[0]!.startsWith('_') ? fileApis[0] : undefined;
  }
  const header = importedOf(t.slices, ['__dyld_get_image_header']);
  const encryptionWords = t.strings.filter((s) => s.length < 100 && /cryptid|LC_ENCRYPTION_INFO/.test(s));
  if (header.length > 0 && encryptionWords.length > 0) {
    lines.push(`${t.exe.path}: inspects its own Mach-O header (${header[0]}) for ${listSome(encryptionWords.map((w) => `"${w}"`), 3)}`);
    symbol ??= header[0];
  }
  const hashes = importedOf(t.slices, HASH_IMPORTS);
  if (hashes.length > 0 && has('executablePath')) {
    lines.push(`${t.exe.path}: hashes its executable (${hashes.join(', ')} and executablePath)`);
    symbol ??= hashes[0];
  }
  const library = LIBRARY_TYPES.filter((n) => t.swiftNames.includes(n));
  if (library.length > 0) lines.push(`${t.exe.path}: contains an integrity-check library (Swift types ${library.join(', ')})`);
  return symbol === undefined ? { lines } : { lines, symbol };
}

export default defineIosCheck({
  id: 'ios.resilience.integrity-check',
  meta: {
    title: 'App integrity self-check',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0058', 'MASWE-0056'], cwe: ['CWE-693'], dfs: ['APP-12'] }),
    description:
      "A repackaged app (decrypted, patched, re-signed with another certificate and side-loaded) runs without complaint unless it checks itself. Passes when an executable shows one of three self-checks: it reads its signing artefacts at run time (a string exactly `embedded.mobileprovision` (or the pair `embedded` and `mobileprovision`), `_CodeSignature` or `_CodeSignature/CodeResources` with a file API: `fopen`/`open`/`stat`/`access`/`mmap` imports or `pathForResource:ofType:`/`fileExistsAtPath:`/`contentsAtPath:`/`dataWithContentsOfFile:` selectors); it inspects its own load commands for the encryption state (`_dyld_get_image_header` with a `cryptid`/`LC_ENCRYPTION_INFO` string); or it hashes its executable (a SHA-2 CommonCrypto import with `executablePath`). It also passes when an executable declares the Swift types of an integrity-check library (IOSSecuritySuite `IntegrityChecker`, from the Swift type metadata), which does not prove the app calls it. Reports the absence otherwise, at low severity: server-side attestation (see `ios.resilience.app-attest`) is the stronger control, and checks hidden by a commercial protector are not seen.",
    manual:
      'Run `strings <binary> | grep -E "embedded.mobileprovision|_CodeSignature|cryptid|executablePath"` and `llvm-nm -u <binary>`; re-sign the app with another identity (e.g. `ldid`/`zsign`) and install it on a test device: a protected app refuses to run or its server refuses the session.',
    remediation:
      'Verify at run time that the app is the one you shipped: compare the team identifier of `embedded.mobileprovision`/code signature, check the encryption state of the App Store build, hash critical code, and confirm it server-side with App Attest.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    for (const t of allExecutableTexts(app)) {
      const m = measures(t);
      if (m.lines.length === 0) continue;
      found = true;
      ctx.pass({
        message: `${t.exe.path} checks its own integrity.`,
        locations: [executableLocation(t.exe, m.symbol)],
        evidence: m.lines,
      });
    }
    if (found) return;
    const main = app.executables.find((x) => x.kind === 'main');
    ctx.report({
      message: 'No integrity self-check found: no executable reads its code signature or provisioning profile, inspects its encryption state or hashes its own binary.',
      locations: [main ? executableLocation(main) : infoPlistLocation()],
      evidence: ['no "embedded.mobileprovision"/"_CodeSignature" string with a file API, no _dyld_get_image_header with "cryptid", no SHA-2 hash with executablePath'],
    });
  },
});
