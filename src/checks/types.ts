/**
 * @module checks/types
 * A check is a module: `defineCheck({ id, meta, run })`. `meta` carries everything a report needs (title,
 * severity, references, documentation, remediation); `run` looks at the app model and reports findings
 * (weakness present) or passes (protection present) through the context. Checks never format output.
 */
import type { Confidence, Location, References, Severity } from '../findings/types.js';

/** `ussd` is for the USSD harness's test cases, which share the metadata shape of app checks. */
export type CheckPlatform = 'android' | 'ios' | 'ussd';

/** `weakness`: reports what is wrong. `control`: reports whether a protection is present (pass) or absent (finding). */
export type CheckKind = 'weakness' | 'control';

export interface CheckMeta {
  title: string;
  /** Family used to group checks (manifest, network, signing, crypto, tls, webview, storage, …). */
  family: string;
  kind: CheckKind;
  severity: Severity;
  confidence: Confidence;
  references: References;
  /** Markdown: what the check looks at and why it matters. */
  description: string;
  /** Markdown: how an auditor confirms the finding by hand. */
  manual: string;
  /** Markdown: what the provider should do. */
  remediation: string;
}

export interface Report {
  message: string;
  locations?: Location[];
  evidence?: string[];
  /** Overrides the check's default severity (e.g. a weaker variant). */
  severity?: Severity;
  confidence?: Confidence;
}

export interface CheckContext<App> {
  readonly app: App;
  /** Report a weakness. */
  report(r: Report): void;
  /** Report a protection that is present. */
  pass(r: Omit<Report, 'severity' | 'confidence'>): void;
}

export interface Check<App = unknown> {
  readonly id: string;
  readonly platform: CheckPlatform;
  readonly meta: CheckMeta;
  run(ctx: CheckContext<App>): void | Promise<void>;
}

const ID_PATTERN = /^(android|ios)\.[a-z0-9-]+\.[a-z0-9-]+$/;

export function defineCheck<App>(check: Check<App>): Check<App> {
  if (!ID_PATTERN.test(check.id)) throw new Error(`check id "${check.id}" must look like android.family.name`);
  if (!check.id.startsWith(`${check.platform}.`)) throw new Error(`check id "${check.id}" does not match its platform`);
  return Object.freeze(check);
}
