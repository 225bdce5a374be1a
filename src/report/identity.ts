/**
 * @module report/identity
 * How each kind of audited subject is named in reports: an Android package, an iOS bundle, or a USSD service
 * (its service code at its endpoint). One place, so every format names the subject the same way.
 */
import type { AppIdentity } from '../audit.js';

/** Stable id of the subject across versions (package name, bundle id, or service code + endpoint). */
export function appIdOf(app: AppIdentity): string {
  if (app.platform === 'android') return app.packageName;
  if (app.platform === 'ios') return app.bundleId;
  return `${app.serviceCode} ${endpointLabel(app.endpoint)}`;
}

/** The name a reader knows the subject by. */
export function appNameOf(app: AppIdentity): string {
  if (app.platform === 'android') return app.packageName;
  if (app.platform === 'ios') return app.displayName ?? app.bundleId;
  return `USSD ${app.serviceCode}`;
}

/** Version text (`1.3.0 (7)`), or the dialect for a USSD service. */
export function appVersionOf(app: AppIdentity): string {
  if (app.platform === 'android') return [app.versionName, app.versionCode === undefined ? undefined : `(${app.versionCode})`].filter(Boolean).join(' ');
  if (app.platform === 'ios') return [app.version, app.build === undefined ? undefined : `(${app.build})`].filter(Boolean).join(' ');
  return '';
}

/** Host and path of an endpoint, without credentials or query (what a report may show). */
export function endpointLabel(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return endpoint;
  }
}

export const PLATFORM_TITLE: Readonly<Record<AppIdentity['platform'], string>> = { android: 'Android', ios: 'iOS', ussd: 'USSD' };
