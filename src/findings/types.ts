/**
 * @module findings/types
 * The vocabulary of results: severities, locations, findings and passes. A finding says that a weakness is
 * present; a pass says that a protection the recommendations ask for is present (labs put both in reports).
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Larger is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

export type Confidence = 'high' | 'medium' | 'low';

/**
 * Where a finding is. Every field is semantic (class, method, manifest element, file path): nothing here
 * depends on byte offsets or DEX order except `pc`, which is for explanation only and never fingerprinted.
 */
export interface Location {
  /** Path inside the archive (e.g. `AndroidManifest.xml`, `classes3.dex`, `lib/arm64-v8a/libx.so`). */
  path?: string;
  /** For split sets: which APK of the set (`base.apk`, `split_config.arm64_v8a.apk`). */
  archive?: string;
  /** Java-style class name, e.g. `com.example.Crypto`. */
  class?: string;
  /** Method name with its descriptor, e.g. `encrypt([B)[B`. */
  method?: string;
  /** Code-unit offset of the instruction in the method (explanation only). */
  pc?: number;
  /** The bytecode call or field access seen, e.g. `javax.crypto.Cipher.getInstance(String)`. */
  call?: string;
  /** Manifest / XML element path, e.g. `manifest/application/activity[com.x.MainActivity]`. */
  element?: string;
  /** XML attribute, e.g. `android:exported`. */
  attribute?: string;
  /** Native symbol or resource name. */
  symbol?: string;
  /** Key path inside a structured file (resources, JSON, plist). */
  key?: string;
  /** True when the code belongs to a known third-party library rather than the app's own code. */
  library?: boolean;
}

export interface References {
  masvs: string[];
  maswe: string[];
  cwe: string[];
  /** DFS catalog item ids (APP-xx …). */
  dfs: string[];
}

export interface Finding {
  checkId: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  locations: Location[];
  evidence: string[];
  remediation: string;
  references: References;
  /** Stable identity across rebuilds of the same code: check id + semantic location. */
  fingerprint: string;
}

/** A protection found present (the "pass" side of a control check). */
export interface Pass {
  checkId: string;
  title: string;
  message: string;
  locations: Location[];
  evidence: string[];
  references: References;
}
