import type { AndroidApp } from '../../../app/android.js';
import { isDfslabError } from '../../../errors.js';
import type { Location } from '../../../findings/types.js';
import { AndroidAttr, ResValueType, parseAxml, type ResValue, type XmlElement } from '../../../formats/axml/index.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  appCalls, appCallsNamed, constInt, isAppCode, maskedWith, passControl, proofAt, type Proof,
} from '../resilience/resilience-support.js';

/** android:filterTouchesWhenObscured (framework attribute id, public.xml). */
const FILTER_ATTR = AndroidAttr.filterTouchesWhenObscured;
/** The attribute id as it appears in a binary XML's resource map (little-endian u32). */
const FILTER_ATTR_BYTES = new Uint8Array([FILTER_ATTR & 0xff, (FILTER_ATTR >>> 8) & 0xff, (FILTER_ATTR >>> 16) & 0xff, FILTER_ATTR >>> 24]);
/** MotionEvent.FLAG_WINDOW_IS_OBSCURED | FLAG_WINDOW_IS_PARTIALLY_OBSCURED. */
const OBSCURED_FLAGS = 0x1 | 0x2;
/** Android 12 (API 31) blocks touches that pass through untrusted overlays on every app. */
const UNTRUSTED_TOUCH_BLOCKING_API = 31;
/** Proofs collected from resources before stopping (one is enough for a pass; a few help the auditor). */
const MAX_RESOURCE_PROOFS = 5;

function codeProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  for (const c of appCallsNamed(app, [['setFilterTouchesWhenObscured', '(Z)V']])) {
    const v = constInt(c.args[1]);
    if (v !== 0) proofs.push(proofAt(app, c, `View.setFilterTouchesWhenObscured(${v === 1 ? 'true' : '…'})`, 'View.setFilterTouchesWhenObscured'));
  }
  for (const d of app.code.overrides('onFilterTouchEventForSecurity', '(Landroid/view/MotionEvent;)Z')) {
    if (isAppCode(app, d.classType)) proofs.push(proofAt(app, { ...d, pc: 0 }, 'overrides View.onFilterTouchEventForSecurity(MotionEvent)'));
  }
  for (const c of appCalls(app, ['Landroid/view/MotionEvent;', 'getFlags', '()I'])) {
    if (maskedWith(app, c, OBSCURED_FLAGS, c.pc)) proofs.push(proofAt(app, c, 'tests MotionEvent.getFlags() & FLAG_WINDOW_IS_(PARTIALLY_)OBSCURED', 'MotionEvent.getFlags'));
  }
  for (const c of appCallsNamed(app, [['setHideOverlayWindows', '(Z)V']])) {
    if (constInt(c.args[1]) !== 0) proofs.push(proofAt(app, c, 'Window.setHideOverlayWindows(true) (hides other apps\' overlays, API 31+)', 'Window.setHideOverlayWindows'));
  }
  return proofs;
}

/** Runs `f`; a DfslabError from a hostile resource table ends the walk with what was found so far. */
function guarded(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!isDfslabError(e)) throw e;
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/** A boolean attribute value, following a reference to a `bool` resource. */
function isTrue(app: AndroidApp, v: ResValue): boolean {
  if (v.type === ResValueType.INT_BOOLEAN) return v.data !== 0;
  if (v.type === ResValueType.REFERENCE) {
    let r;
    try {
      r = app.resources?.resolveDefault(v.data);
    } catch (e) {
      if (!isDfslabError(e)) throw e;
    }
    return r?.value.type === ResValueType.INT_BOOLEAN && r.value.data !== 0;
  }
  return false;
}

/** Layout files of the app: from the resource table (names survive resource shrinking), else by folder. */
function layoutPaths(app: AndroidApp): string[] {
  const paths = new Set<string>();
  const table = app.resources;
  if (table) {
    guarded(() => {
      for (const e of table.entries('layout')) {
        for (const v of table.resolve(e.id)) if (v.string?.endsWith('.xml')) paths.add(v.string);
      }
    });
  }
  if (paths.size === 0) {
    for (const f of app.files) if (f.archive === undefined && /^res\/layout[^/]*\/[^/]+\.xml$/.test(f.path)) paths.add(f.path);
  }
  return [...paths].sort();
}

function findFilteringElement(app: AndroidApp, el: XmlElement, path: string[]): string | undefined {
  const here = [...path, el.name];
  for (const a of el.attributes) {
    if ((a.resId === FILTER_ATTR || (a.resId === undefined && a.name === 'filterTouchesWhenObscured')) && isTrue(app, a.value)) return here.join('/');
  }
  for (const child of el.children) {
    const hit = findFilteringElement(app, child, here);
    if (hit) return hit;
  }
  return undefined;
}

export function layoutProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  const archive = app.container === 'apk' ? undefined : app.base.name;
  for (const path of layoutPaths(app)) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = app.read(path, archive);
      // Cheap filter: a layout that uses the attribute lists its id in the XML resource map.
      if (!bytes || !contains(bytes, FILTER_ATTR_BYTES)) continue;
      const doc = parseAxml(bytes, { label: path });
      const element = findFilteringElement(app, doc.root, []);
      if (!element) continue;
      const location: Location = { path, element, attribute: 'android:filterTouchesWhenObscured' };
      if (archive) location.archive = archive;
      proofs.push({ location, evidence: `${path}: <${element.split('/').pop()} android:filterTouchesWhenObscured="true">` });
      if (proofs.length >= MAX_RESOURCE_PROOFS) break;
    } catch (e) {
      if (!isDfslabError(e)) throw e;
    }
  }
  return proofs;
}

/** Styles and themes that set the attribute (applied to every view or window using them). */
export function styleProofs(app: AndroidApp): Proof[] {
  const table = app.resources;
  if (!table) return [];
  const proofs: Proof[] = [];
  guarded(() => {
    for (const e of table.entries('style')) {
      const hit = table.resolve(e.id).some((v) => v.bag?.items.some((i) => i.name === FILTER_ATTR && isTrue(app, i.value)));
      if (!hit) continue;
      proofs.push({ location: { path: 'resources.arsc', key: `style/${e.name}` }, evidence: `style/${e.name} sets android:filterTouchesWhenObscured="true"` });
      if (proofs.length >= MAX_RESOURCE_PROOFS) break;
    }
  });
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.ui.tapjacking',
  meta: {
    title: 'Tapjacking (overlay) protection',
    family: 'ui',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-3'], maswe: ['MASWE-0039'], cwe: ['CWE-1021'], dfs: ['APP-06'] }),
    description: [
      'In a tapjacking attack a malicious app draws a window over the wallet (`SYSTEM_ALERT_WINDOW`, toasts, accessibility overlays) so that the user',
      'confirms a payment or grants a permission while believing they tap something else. Views that set `filterTouchesWhenObscured` drop touches',
      'received while another visible window covers them.',
      '',
      'The check looks for: `android:filterTouchesWhenObscured="true"` in the app\'s layouts or in a style/theme; `View.setFilterTouchesWhenObscured(true)`,',
      'an override of `View.onFilterTouchEventForSecurity`, or a test of `MotionEvent.getFlags()` against `FLAG_WINDOW_IS_OBSCURED`/`FLAG_WINDOW_IS_PARTIALLY_OBSCURED`',
      'in the app\'s own code; and `Window.setHideOverlayWindows(true)` (API 31+).',
      '',
      'Platform protection: since Android 12 (API 31) the system blocks touches that pass through most untrusted overlays, on every app whatever its',
      'targetSdkVersion (behaviour change for all apps). It does not cover overlays below the opacity limit, accessibility overlays or partial coverage,',
      'and older devices get nothing; so when the app protects nothing itself the finding stays, at low severity if the app only installs on API 31+',
      '(minSdkVersion >= 31), at medium otherwise. A targetSdkVersion of 31 or more changes nothing here.',
    ].join('\n'),
    manual:
      'Install an overlay test app (or `adb shell am start` a translucent overlay with SYSTEM_ALERT_WINDOW) over the PIN and confirmation screens on an Android 11 device and check whether taps go through; search the layouts for `filterTouchesWhenObscured`.',
    remediation:
      'Set `android:filterTouchesWhenObscured="true"` on the confirm/pay buttons and PIN pads (or in the app theme), or call `setFilterTouchesWhenObscured(true)`; on API 31+ also call `getWindow().setHideOverlayWindows(true)` on sensitive screens.',
  },
  run(ctx) {
    const { app } = ctx;
    let proofs = codeProofs(app);
    if (proofs.length === 0) proofs = layoutProofs(app);
    if (proofs.length === 0) proofs = styleProofs(app);
    if (proofs.length > 0) {
      passControl(ctx, proofs, 'Touches are filtered while obscured; check that the sensitive screens are covered.');
      return;
    }
    const platformOnly = app.manifest.minSdk >= UNTRUSTED_TOUCH_BLOCKING_API;
    ctx.report({
      message: platformOnly
        ? 'No tapjacking protection in the app; it relies on Android 12+ blocking untrusted overlay touches (minSdkVersion >= 31), which misses low-opacity and accessibility overlays.'
        : 'No tapjacking protection: no view filters touches while obscured (filterTouchesWhenObscured) and the app installs on Android versions without the platform\'s overlay-touch blocking.',
      locations: [],
      evidence: [`minSdkVersion ${app.manifest.minSdk}, targetSdkVersion ${app.manifest.targetSdk}`],
      ...(platformOnly ? { severity: 'low' as const } : {}),
    });
  },
});
