/**
 * @module checks/android/support
 * Small pieces every Android check family uses: reference lists, and turning model objects (manifest
 * components, call sites) into report locations.
 */
import type { AndroidApp } from '../../app/android.js';
import type { Component } from '../../app/android-manifest.js';
import { dottedClassName } from '../../app/code-origin.js';
import type { Location, References } from '../../findings/types.js';
import type { Check, CheckMeta } from '../types.js';
import { defineCheck } from '../types.js';

export type AndroidCheck = Check<AndroidApp>;

export function refs(r: Partial<References>): References {
  return { masvs: r.masvs ?? [], maswe: r.maswe ?? [], cwe: r.cwe ?? [], dfs: r.dfs ?? [] };
}

export function defineAndroidCheck(c: { id: string; meta: CheckMeta; run: AndroidCheck['run'] }): AndroidCheck {
  return defineCheck<AndroidApp>({ ...c, platform: 'android' });
}

/** The archive (split) a base-manifest location belongs to, for split sets. */
export function baseArchive(app: AndroidApp): string | undefined {
  return app.container === 'apk' ? undefined : app.base.name;
}

export function manifestLocation(app: AndroidApp, element: string, attribute?: string): Location {
  const l: Location = { path: 'AndroidManifest.xml', element };
  const a = baseArchive(app);
  if (a) l.archive = a;
  if (attribute) l.attribute = attribute;
  return l;
}

export function componentLocation(app: AndroidApp, c: Component, attribute?: string): Location {
  return manifestLocation(app, c.element, attribute);
}

/** A call site or instruction inside a method, as a report location. */
export interface CodePlace {
  dex: string;
  classType: string;
  method: { name: string; descriptor: string };
  pc: number;
}

export function codeLocation(app: AndroidApp, place: CodePlace, call?: string): Location {
  const loc: Location = {
    path: place.dex,
    class: dottedClassName(place.classType),
    method: `${place.method.name}${place.method.descriptor}`,
    pc: place.pc,
  };
  if (call) loc.call = call;
  if (isLibrary(app, place.classType)) loc.library = true;
  return loc;
}

const originCache = new WeakMap<AndroidApp, Map<string, boolean>>();

/**
 * Whether a class is bundled library code rather than the app's own (`app.codeOrigin`, see app/code-origin),
 * the one app-versus-library decision all Android checks use. Memoised per app and package: `codeOrigin`
 * decides on dotted prefixes that end at a package boundary (`com.google.`, the app's component packages),
 * so every class of a package gets the same answer, and checks ask for thousands of call sites.
 */
export function isLibrary(app: AndroidApp, classType: string): boolean {
  let cache = originCache.get(app);
  if (!cache) originCache.set(app, (cache = new Map()));
  const slash = classType.lastIndexOf('/');
  const key = slash < 0 ? classType : classType.slice(0, slash);
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = app.codeOrigin(classType) === 'library'));
  return v;
}
