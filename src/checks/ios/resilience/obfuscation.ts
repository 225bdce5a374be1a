import { executableText, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs } from '../support.js';

/**
 * Class-name prefixes of widely used third-party Objective-C libraries that apps link statically (AFNetworking,
 * SDWebImage, Firebase/Google, Facebook, React Native, Realm, Masonry…): their names say nothing about whether
 * the app's own code was obfuscated.
 */
const LIBRARY_PREFIX = /^(AF|SD|FIR|GUL|GTM|GDT|FBL?|FBSDK|RCT|RLM|MAS|MB|JSON|PodsDummy|Crashlytics|CLS|GAI|Flurry|Mixpanel|Amplitude|Adjust|Branch|OneSignal|SSZip|Reachability)/;
/**
 * Names the app did not choose: Apple framework protocols and classes it adopts or extends (two-letter Apple
 * prefixes followed by a capital: `UIApplicationDelegate`, `NSCoding`, `WKNavigationDelegate`) and
 * compiler-emitted helpers (`__ARCLite__`, leading underscores).
 */
const PLATFORM_NAME = /^(_|(UI|NS|CA|CF|CG|CL|MK|WK|SK|AV|GK|CK|PH|LA|SF|AS|UN|CN|EK|MF|SC|DC|NW|PK|QL|MP|MT|AR)[A-Z])/;

/** The class name a Swift `_TtC<len><module><len><name>` mangling spells, or the name itself. */
function plainClassName(name: string): string {
  const m = /^_TtC(\d+)/.exec(name);
  if (!m) return name;
  let i = m[0].length + Number(m[1]);
  let last = name;
  while (i < name.length) {
    const len = /^\d+/.exec(name.slice(i));
    if (!len) break;
    i += len[0].length;
    last = name.slice(i, i + Number(len[0]));
    i += Number(len[0]);
  }
  return last;
}

/**
 * Whether a class name reads as words: its camel-case parts (after an upper-case prefix such as "VB") are
 * letters with vowels, at least one of them three letters or longer, and it holds at most one digit run.
 * Renaming tools produce random letter/digit mixes or hashes that fail this.
 */
export function isReadableName(name: string): boolean {
  const parts = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|_+/g) ?? [];
  if (parts.join('') !== name || name.length < 4) return false;
  let word = false;
  let digits = 0;
  for (const p of parts) {
    if (/^\d/.test(p)) digits++;
    else if (/^[A-Z]?[a-z]+$/.test(p)) {
      if (p.length >= 3 && !/[aeiouy]/i.test(p)) return false;
      if (p.length >= 3) word = true;
    }
  }
  return word && digits <= 1;
}

export default defineIosCheck({
  id: 'ios.resilience.obfuscation',
  meta: {
    title: 'Code obfuscation (Objective-C/Swift class names)',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0059'], cwe: ['CWE-693'], dfs: ['APP-55'] }),
    description:
      'Objective-C (and Swift classes visible to it) keep their class names in the binary (`__objc_classname`, exported `_OBJC_CLASS_$_…` symbols): readable names like `LoginViewController` or `PinValidator` show a reverse engineer where to look and what to hook. The check reads the class names of the **main executable**, leaves out classes of well-known statically linked libraries, Apple framework protocols the app adopts (`UIApplicationDelegate`…) and compiler helpers (`__ARCLite__`), and calls a name readable when its camel-case parts are pronounceable words. It reports the control as absent when half or more of the app\'s classes have readable names, and passes when most names are random-looking (renamed by an obfuscator). Binaries without Objective-C class names (pure C, or everything stripped) are not judged. Control-flow and string obfuscation are not measured.',
    manual: 'Dump the classes (`class-dump`, `otool -oV`, or `llvm-objdump --macho --objc-meta-data`) and judge whether names and selectors reveal the logic.',
    remediation: 'Use an obfuscator that renames Objective-C/Swift symbols (e.g. iXGuard, SwiftShield or an LLVM-based obfuscator) and encrypts strings, at least for the security-relevant code.',
  },
  run(ctx) {
    const main = parsedExecutables(ctx.app, ['main'])[0];
    if (!main) return;
    const text = executableText(ctx.app, main);
    const names = new Set<string>(text.classNames);
    for (const s of main.macho.slices) for (const sym of s.exportedSymbols) if (sym.startsWith('_OBJC_CLASS_$_')) names.add(sym.slice('_OBJC_CLASS_$_'.length));
    const appClasses = [...names].map(plainClassName).filter((n) => n.length > 0 && !LIBRARY_PREFIX.test(n) && !PLATFORM_NAME.test(n));
    if (appClasses.length === 0) return;
    const readable = appClasses.filter(isReadableName);
    const where = [executableLocation(main.exe)];
    if (readable.length * 2 >= appClasses.length) {
      ctx.report({
        message: `${main.exe.path} is not obfuscated: ${readable.length} of ${appClasses.length} app class names are readable.`,
        locations: where,
        evidence: [`readable class names: ${listSome(readable, 10)}`],
      });
    } else {
      ctx.pass({
        message: `${main.exe.path} looks obfuscated: only ${readable.length} of ${appClasses.length} app class names are readable.`,
        locations: where,
        evidence: [`class names: ${listSome(appClasses, 10)}`],
      });
    }
  },
});
