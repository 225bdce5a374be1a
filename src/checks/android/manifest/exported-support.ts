/**
 * Shared logic of the four exported-component checks: which exported components are reachable by any app
 * without a permission that actually restricts the caller.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { Component, ComponentType } from '../../../app/android-manifest.js';
import type { CheckContext } from '../../types.js';
import { componentLocation } from '../support.js';
import { DANGEROUS_PERMISSIONS, NORMAL_PERMISSIONS } from '../platform-permissions.js';

/** Protection levels that do not restrict which app may hold the permission. */
const WEAK_LEVELS = new Set(['normal', 'dangerous']);

export interface Guard {
  protected: boolean;
  why: string;
}

/**
 * Whether a permission really guards a component. A permission the app declares itself with a normal or
 * dangerous level can be requested (and for normal, is granted silently) to any app, so it does not.
 * A permission declared elsewhere (platform or another app) is assumed to restrict callers.
 */
export function guardOf(app: AndroidApp, permission: string | undefined): Guard {
  if (!permission) return { protected: false, why: 'no permission' };
  const declared = app.manifest.declaredPermissions.find((p) => p.name === permission);
  if (declared) {
    const base = declared.protectionLevel.split('|')[0] ?? 'normal';
    if (WEAK_LEVELS.has(base)) return { protected: false, why: `permission ${permission} is declared by the app with protectionLevel ${base}, which any app can obtain` };
    return { protected: true, why: `permission ${permission} (${declared.protectionLevel})` };
  }
  if (NORMAL_PERMISSIONS.has(permission)) return { protected: false, why: `permission ${permission} has protection level normal: every app that asks gets it` };
  if (DANGEROUS_PERMISSIONS.has(permission)) return { protected: false, why: `permission ${permission} is a runtime permission any app can request` };
  return { protected: true, why: `permission ${permission}` };
}

export function unprotectedExported(app: AndroidApp, types: readonly ComponentType[]): Array<{ c: Component; guard: Guard }> {
  const out: Array<{ c: Component; guard: Guard }> = [];
  for (const c of app.manifest.components) {
    if (!types.includes(c.type) || !c.exported) continue;
    let guard: Guard;
    if (c.type === 'provider') {
      const read = guardOf(app, c.readPermission ?? c.permission);
      const write = guardOf(app, c.writePermission ?? c.permission);
      if (read.protected && write.protected) continue;
      guard = { protected: false, why: !read.protected && !write.protected ? read.why : `${!read.protected ? 'read' : 'write'} access: ${!read.protected ? read.why : write.why}` };
    } else {
      guard = guardOf(app, c.permission);
      if (guard.protected) continue;
    }
    out.push({ c, guard });
  }
  return out;
}

export function reportExported(ctx: CheckContext<AndroidApp>, types: readonly ComponentType[], noun: string, skipLauncher: boolean): void {
  const { app } = ctx;
  for (const { c, guard } of unprotectedExported(app, types)) {
    if (skipLauncher && c.isLauncher) continue;
    const actions = [...new Set(c.intentFilters.flatMap((f) => f.actions))];
    const evidence = [c.exportedReason, guard.why];
    if (actions.length) evidence.push(`intent actions: ${actions.slice(0, 8).join(', ')}${actions.length > 8 ? ', …' : ''}`);
    if (c.authorities?.length) evidence.push(`authorities: ${c.authorities.join(';')}`);
    if (!c.enabled) evidence.push('android:enabled="false" (disabled until the app enables it at run time)');
    ctx.report({
      message: `The ${noun} ${c.name} is exported and not protected by a permission: any app on the device can ${verb(c.type)} it.`,
      locations: [componentLocation(app, c, 'android:exported')],
      evidence,
      ...(c.enabled ? {} : { severity: 'low' as const }),
    });
  }
}

function verb(t: ComponentType): string {
  switch (t) {
    case 'activity':
    case 'activity-alias':
      return 'start';
    case 'service':
      return 'start or bind to';
    case 'receiver':
      return 'send broadcasts to';
    case 'provider':
      return 'query and modify data through';
  }
}
