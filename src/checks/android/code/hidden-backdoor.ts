import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import type { Location } from '../../../findings/types.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  byMethod, callsNamed, constText, describeOrigin, dynamicParts, isConstant, quote, shortCall, stringArg,
  type StringExpr,
} from './dataflow-support.js';
import {
  accessedField, type DecodedMethod, decodeMethod, invokedMethod, loadedString, methodLabel, referencedType,
  simpleTypeName, siteLocation,
} from '../bytecode-support.js';

/** A user name or mode word that grants more than a normal user gets ("admin", "devadmin", "superuser", "debug"…). */
const PRIVILEGED_NAME =
  /^(?:dev|debug|test|qa|super|sys|master|root)?[-_.]?(?:admin(?:istrator)?|root|superuser|super|backdoor|master|god|developer|dev|debug|tester|test|support)(?:[-_.]?(?:user|mode|login|access|account|\d{1,4}))?$/i;
/** Short answers that are compared with input for ordinary reasons. */
const ORDINARY = /^(true|false|yes|no|null|none|ok|cancel|on|off|y|n|en|fr|\s*)$/i;

/** A URL path or page reserved for developers or administrators ("/devlogin", "debug.php", "/admin/"). */
const HIDDEN_ENDPOINT = /(^|\/)(dev|debug|admin|administrator|backdoor|internal|hidden|bypass|superuser|root|test)[\w.-]*(\/|$|\?)/i;
/**
 * Names of methods, classes and flags that unlock developer or administrator functions. A bare "debug" is not
 * enough for a method (loggers have `debug()`), it must open, show or enable something.
 */
const PRIVILEGED_CODE = /(admin|developer|devmode|devmenu|backdoor|hidden|superuser|bypass|godmode|testmode|unlock|secretmenu|(open|show|enable|start|launch)debug|debug(menu|mode|screen|panel|activity|options|settings))/i;
const PRIVILEGED_CLASS = /(Debug(Menu|Mode|Screen|Panel|Activity|Options|Settings)|Admin|Developer|DevMenu|Backdoor|Hidden|Superuser|Bypass|GodMode|TestMode|SecretMenu)/;
const LOGGER_CLASS = /(Log|Logger|Logging|Timber)$/;
/** Resource names of run-time switches for such functions (is_admin, debug_mode, enable_dev_menu…). */
const SWITCH_RESOURCE = /^(is_?|enable_?|show_?|allow_?)?(admin|debug|dev|developer|test|backdoor|superuser|root|hidden)(_?(mode|enabled|user|menu|access|login|features?|options?))?$/i;

const COMPARISONS: ReadonlyArray<[string, string]> = [
  ['Ljava/lang/String;', 'equals'],
  ['Ljava/lang/String;', 'equalsIgnoreCase'],
  ['Ljava/lang/String;', 'contentEquals'],
  ['Landroid/text/TextUtils;', 'equals'],
  ['Ljava/util/Objects;', 'equals'],
];

/** The path of a URL (a host named "test.api…" or "dev.…" is an environment, not a hidden function). */
function pathOf(s: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(s);
  return m ? m[1]! : s;
}

interface Gate {
  kind: 'endpoint' | 'code' | 'flag';
  text: string;
}

/** What in the method a comparison can unlock: hidden endpoints, privileged classes or methods, admin flags set. */
function privilegedTargets(d: DecodedMethod): Gate[] {
  const out: Gate[] = [];
  const seen = new Set<string>();
  const add = (g: Gate): void => {
    if (seen.has(g.text) || out.length >= 8) return;
    seen.add(g.text);
    out.push(g);
  };
  for (const ins of d.insns) {
    if (ins.opcode === 0x1a || ins.opcode === 0x1b) {
      const s = loadedString(d, ins);
      if (s !== undefined && s.length <= 200 && /[/.]/.test(s) && !/\s/.test(s) && HIDDEN_ENDPOINT.test(pathOf(s))) add({ kind: 'endpoint', text: quote(s) });
    } else if (ins.name.startsWith('invoke-')) {
      const m = invokedMethod(d, ins);
      if (!m || m.classType.startsWith('Ljava/') || m.classType.startsWith('Landroid/') || LOGGER_CLASS.test(simpleTypeName(m.classType))) continue;
      if (PRIVILEGED_CODE.test(m.name)) add({ kind: 'code', text: `${shortCall(m)}()` });
      else if (PRIVILEGED_CLASS.test(simpleTypeName(m.classType)) && m.name === '<init>') add({ kind: 'code', text: `new ${simpleTypeName(m.classType)}` });
    } else if (ins.opcode === 0x1c || ins.opcode === 0x22) {
      const t = referencedType(d, ins);
      if (t && !t.startsWith('Ljava/') && !t.startsWith('Landroid/') && PRIVILEGED_CLASS.test(simpleTypeName(t))) add({ kind: 'code', text: `${simpleTypeName(t)}.class` });
    } else if ((ins.opcode === 0x5c || ins.opcode === 0x6a) && ins.registers.length > 0) {
      // iput-boolean / sput-boolean of a flag such as isAdmin or debugMode.
      const f = accessedField(d, ins);
      if (f && PRIVILEGED_CODE.test(f.name)) add({ kind: 'flag', text: `${simpleTypeName(f.classType)}.${f.name} = …` });
    }
  }
  return out;
}

/**
 * Cheap filter on the index's argument values before any method is decoded: one side a string constant that
 * could qualify, the other side not a constant.
 */
function worthReading(site: CallSite): boolean {
  const [a, b] = site.args.length >= 2 ? [site.args[0]!, site.args[1]!] : [undefined, undefined];
  if (!a || !b) return false;
  for (const [c, x] of [[a, b], [b, a]] as const) {
    if (c.k !== 'str' || x.k === 'str' || c.v.length === 0 || c.v.length > 64 || ORDINARY.test(c.v)) continue;
    if (PRIVILEGED_NAME.test(c.v)) return true;
    // A fixed value compared with typed text: the other side is getText() or getText().toString().
    if (c.v.length >= 4 && isTypedText(x)) return true;
  }
  return false;
}

/** `x.getText()` or `x.getText().toString()` by the index's values (no decoding). */
export function isTypedText(v: Value): boolean {
  if (v.k !== 'ret') return false;
  if (v.method.name === 'getText' && v.method.proto.params.length === 0) return true;
  const recv = v.method.name === 'toString' && v.method.proto.params.length === 0 ? v.args[0] : undefined;
  return recv?.k === 'ret' && recv.method.name === 'getText' && recv.method.proto.params.length === 0;
}

interface MagicComparison {
  site: CallSite;
  constant: string;
  other: StringExpr;
  why: string;
}

function magicComparison(site: CallSite, a: StringExpr, b: StringExpr): MagicComparison | undefined {
  for (const [c, x] of [[a, b], [b, a]] as const) {
    if (!isConstant(c) || isConstant(x)) continue;
    const text = constText(c);
    if (text.length === 0 || text.length > 64 || ORDINARY.test(text)) continue;
    const fromInput = dynamicParts(x).some((p) => p.origin.kind === 'ui');
    if (PRIVILEGED_NAME.test(text)) return { site, constant: text, other: x, why: 'a privileged user or mode name' };
    if (fromInput && text.length >= 4) return { site, constant: text, other: x, why: 'a fixed value typed by the user' };
  }
  return undefined;
}

function resourceSwitches(app: AndroidApp): Array<{ site: CallSite; name: string; value: string | undefined }> {
  const res = app.resources;
  if (!res) return [];
  const out: Array<{ site: CallSite; name: string; value: string | undefined }> = [];
  // Only look at the code when the app defines such a resource (usually none does).
  if (![...res.entries('string'), ...res.entries('bool')].some((e) => SWITCH_RESOURCE.test(e.name))) return out;
  const sites = [
    ...callsNamed(app.code, 'getString', ['(I)Ljava/lang/String;']),
    ...callsNamed(app.code, 'getText', ['(I)Ljava/lang/CharSequence;']),
    ...callsNamed(app.code, 'getBoolean', ['(I)Z']),
  ];
  for (const site of sites) {
    if (isLibrary(app, site.classType)) continue;
    const id = site.args[1];
    if (id?.k !== 'int') continue;
    const name = res.nameOf(id.v >>> 0);
    if (!name || (name.type !== 'string' && name.type !== 'bool') || !SWITCH_RESOURCE.test(name.entry)) continue;
    const v = res.resolveDefault(id.v >>> 0);
    const value = v?.string ?? (v && name.type === 'bool' ? String(v.value.data !== 0) : undefined);
    out.push({ site, name: `${name.type}/${name.entry}`, value });
  }
  return out;
}

export default defineAndroidCheck({
  id: 'android.code.hidden-backdoor',
  meta: {
    title: 'Hidden developer or administrator backdoor',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0061'], cwe: ['CWE-912', 'CWE-489'], dfs: ['APP-11', 'APP-31'] }),
    description: [
      'Looks for functions left in the app for developers, testers or support staff that an outsider can reach:',
      '',
      '- a comparison (`String.equals`, `equalsIgnoreCase`, `TextUtils.equals`, `Objects.equals`) of a non-constant value with a constant that is a privileged name (`admin`, `devadmin`, `superuser`, `root`, `debug`, `test`, `backdoor`…) or, for text the user typed, any fixed value (a master PIN), **in a method that also** refers to a hidden endpoint (`"/devlogin"`, `"/admin/"`, `"debug.php"`), calls or opens something privileged (`openDebugMenu()`, `DebugMenuActivity`, `grantAdmin`), or sets a privileged flag (`isAdmin = true`);',
      '- a resource read at run time that switches such functions (`R.string.is_admin`, `R.bool.debug_mode`, `enable_dev_menu`).',
      '',
      'Both conditions are required for the comparison form, so that ordinary comparisons (log levels, build types) are not reported. Anyone who decompiles the app learns the magic value and gets the developer path: a login that skips the normal checks, administrator screens, test endpoints on the production back end (CWE-912).',
      '',
      'Library policy: only the app\'s own code is examined.',
    ].join('\n'),
    manual:
      'Decompile the reported method, read what the comparison unlocks, and try it: log in with the user name or PIN shown in the evidence, or call the hidden endpoint on the back end. Check the resource value (`aapt dump resources` / apktool `res/values`) and whether changing it in a repackaged build enables hidden screens.',
    remediation:
      'Remove developer, test and administrator shortcuts from release builds (build types / flavors, R8 removal of debug code); enforce privileges on the server from the authenticated identity, never from a user name or value known to the client; remove test endpoints from production servers.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const hits: Array<MagicComparison & { method: CallSite['method']; gates: Gate[] }> = [];
    for (const [cls, name] of COMPARISONS) {
      for (const site of code.callsTo(cls, name)) {
        if (!worthReading(site) || isLibrary(app, site.classType)) continue;
        const static_ = site.invoke.startsWith('invoke-static');
        const a = stringArg(code, site, 0);
        const b = stringArg(code, site, 1);
        if (static_ && site.target.proto.params.length < 2) continue;
        const c = a && b ? magicComparison(site, a, b) : undefined;
        if (!c) continue;
        const d = decodeMethod(code, site.method.classType, site.method);
        const gates = d ? privilegedTargets(d) : [];
        if (gates.length === 0) continue;
        hits.push({ ...c, method: site.method, gates });
      }
    }
    for (const group of byMethod(hits)) {
      const first = group[0]!;
      const evidence = [
        ...group.map((h) => `${shortCall(h.site.target)}(${quote(h.constant)}) compared with ${dynamicParts(h.other).map((p) => describeOrigin(p.origin, h.method)).join(', ')} (${h.why})`),
        ...first.gates.map((g) => (g.kind === 'endpoint' ? `hidden endpoint ${g.text} in the same method` : g.kind === 'flag' ? `sets privileged flag ${g.text}` : `privileged code reached: ${g.text}`)),
      ];
      ctx.report({
        message: `${methodLabel(first.method)} compares input with the hard-coded value ${quote(first.constant)} and, on a match, takes a developer or privileged path (${first.gates.map((g) => g.text).join(', ')}).`,
        locations: group.map((h) => siteLocation(app, h.site, h.site.target)),
        evidence,
      });
    }
    for (const group of byMethod(resourceSwitches(app).map((s) => ({ ...s, method: s.site.method })))) {
      const first = group[0]!;
      const locations: Location[] = group.map((s) => siteLocation(app, s.site, s.site.target));
      ctx.report({
        message: `${methodLabel(first.method)} reads the resource switch ${[...new Set(group.map((s) => s.name))].join(', ')} at run time to enable or hide functions.`,
        locations,
        evidence: group.map((s) => `${shortCall(s.site.target)}(R.${s.name.replace('/', '.')})${s.value !== undefined ? ` = ${quote(s.value)} in resources.arsc` : ''}`),
        severity: 'low',
      });
    }
  },
});
