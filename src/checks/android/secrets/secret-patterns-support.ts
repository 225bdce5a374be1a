/**
 * @module checks/android/secrets/secret-patterns-support
 * What a secret looks like: the published formats of credentials that providers issue (a match is strong
 * evidence by itself), names that announce a secret (`api_key`, `client_secret`, `db_password`), and the
 * shape of a value that could be one (no spaces, not a sentence, a URL, a placeholder or a resource name;
 * enough variety of characters). Pure functions over strings; no app model here.
 *
 * Formats are the providers' documented prefixes and lengths (AWS IAM "Understanding unique ID
 * prefixes", Google Cloud "API keys", Stripe "API keys", Slack "Token types", GitHub "About authentication
 * tokens", Twilio "API keys", SendGrid, Mailgun, Braintree/PayPal, Square, Flutterwave, Paystack, Firebase
 * Cloud Messaging legacy server keys, RFC 7468 PEM labels, RFC 7519 JWT).
 */
import type { Severity } from '../../../findings/types.js';

export interface KeyFormat {
  id: string;
  label: string;
  pattern: RegExp;
  /** A secret that grants access (high) or an identifier that only needs restricting (low/info). */
  severity: Severity;
}

// Each pattern finds the credential inside a longer text (a JSON file, "Bearer <key>", a header value).
export const KEY_FORMATS: readonly KeyFormat[] = [
  { id: 'aws-access-key-id', label: 'AWS access key id', pattern: /\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/, severity: 'high' },
  { id: 'google-api-key', label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, severity: 'medium' },
  { id: 'google-oauth-secret', label: 'Google OAuth client secret', pattern: /\bGOCSPX-[0-9A-Za-z_-]{28}\b/, severity: 'high' },
  { id: 'firebase-server-key', label: 'Firebase Cloud Messaging server key', pattern: /\bAAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{130,160}/, severity: 'high' },
  { id: 'stripe-secret-key', label: 'Stripe / Paystack live secret key', pattern: /\b(sk|rk)_live_[0-9A-Za-z]{16,99}\b/, severity: 'critical' },
  { id: 'stripe-test-key', label: 'Stripe / Paystack test secret key', pattern: /\b(sk|rk)_test_[0-9A-Za-z]{16,99}\b/, severity: 'low' },
  { id: 'slack-token', label: 'Slack token', pattern: /\bxox[baprse]-[0-9A-Za-z-]{10,250}\b/, severity: 'high' },
  { id: 'slack-webhook', label: 'Slack incoming webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/T[0-9A-Z]{8,12}\/B[0-9A-Z]{8,12}\/[0-9A-Za-z]{24}/, severity: 'medium' },
  { id: 'github-token', label: 'GitHub token', pattern: /\b(gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82})\b/, severity: 'high' },
  { id: 'private-key', label: 'private key (PEM)', pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/, severity: 'critical' },
  { id: 'twilio-api-key', label: 'Twilio API key', pattern: /\bSK[0-9a-f]{32}\b/, severity: 'high' },
  { id: 'sendgrid-api-key', label: 'SendGrid API key', pattern: /\bSG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}\b/, severity: 'high' },
  { id: 'mailgun-api-key', label: 'Mailgun API key', pattern: /\bkey-[0-9a-f]{32}\b/, severity: 'high' },
  { id: 'braintree-access-token', label: 'PayPal Braintree access token', pattern: /\baccess_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}\b/, severity: 'critical' },
  { id: 'square-secret', label: 'Square access token or OAuth secret', pattern: /\b(sq0atp|sq0csp)-[0-9A-Za-z_-]{22,43}\b|\bEAAA[0-9A-Za-z_-]{60}\b/, severity: 'high' },
  { id: 'flutterwave-secret-key', label: 'Flutterwave secret key', pattern: /\bFLWSECK(_TEST)?-[0-9a-f]{32}-X\b/, severity: 'critical' },
  { id: 'facebook-access-token', label: 'Facebook access token', pattern: /\bEAACEdEose0cBA[0-9A-Za-z]+\b/, severity: 'high' },
  { id: 'azure-storage-key', label: 'Azure storage account key', pattern: /AccountKey=[0-9A-Za-z+/]{86}==/, severity: 'critical' },
  { id: 'jwt', label: 'JSON Web Token', pattern: /\beyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}/, severity: 'medium' },
  { id: 'url-credentials', label: 'URL with embedded credentials', pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s/:@"'<>]{1,64}:[^\s/:@"'<>]{3,64}@[a-z0-9.-]+\.[a-z]{2,}/i, severity: 'high' },
];

export interface FormatMatch {
  format: KeyFormat;
  /** The matched text. */
  value: string;
}

/** The first known credential format found in `text`. */
export function matchKeyFormat(text: string): FormatMatch | undefined {
  if (text.length < 16) return undefined;
  for (const f of KEY_FORMATS) {
    const m = f.pattern.exec(text);
    if (!m) continue;
    const value = m[0];
    if (isPlaceholder(value) || (f.id === 'url-credentials' && /:\/\/[^:]*:(password|pass|pwd|\*+|x+|\$\{?\w+\}?|%s)@/i.test(value))) continue;
    return { format: f, value };
  }
  return undefined;
}

/** Names that announce a secret (resource entries, JSON/properties keys, header names). */
const SECRET_NAME = /(pass(word|wd|phrase|code)?|pwd|secret|api[-_ ]?key|apikey|access[-_ ]?key|private[-_ ]?key|secret[-_ ]?key|client[-_ ]?secret|consumer[-_ ]?(key|secret)|auth[-_ ]?token|access[-_ ]?token|refresh[-_ ]?token|bearer|credential|signing[-_ ]?key|encryption[-_ ]?key|master[-_ ]?key|app[-_ ]?secret|merchant[-_ ]?key|shared[-_ ]?secret|webhook[-_ ]?secret)/i;
/** Names that contain such a word but are labels, hints or public identifiers. */
const NOT_SECRET_NAME = /(hint|label|title|prompt|message|msg|error|hidden|show|toggle|forgot|reset|change|confirm|mismatch|invalid|wrong|enter|input|description|desc|summary|text|visibility|strength|length|policy|field|button|btn|dialog|toast|content_?description|accessibility|required|placeholder|screen|_id$|^id_|client_?id|app_?id|public|publishable|google_api_key|google_crash_reporting_api_key|firebase|gcm_|default_web_client)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** Example values and template markers that are not real secrets. */
export function isPlaceholder(value: string): boolean {
  const v = value.toLowerCase();
  if (/^(.)\1+$/.test(value)) return true; // "xxxxxxxx", "00000000"
  return /(your|my|enter|insert|replace|put|add)[-_ ]?(own[-_ ]?)?(api|secret|key|token|password|here)|example|sample|dummy|placeholder|changeme|change_me|todo|fixme|<[^>]+>|\{\{|\$\{|%s|xxxx|\*\*\*\*|redacted|not[-_ ]?set|undefined|null|test[-_ ]?key|fake/.test(v);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether a value found under a secret-sounding name could be the secret itself: one token (no spaces), 4 to
 * 512 characters, not a URL without credentials, not a path, resource or class name, not a placeholder, not
 * a label ("Password:"), and with at least two kinds of characters or a long random-looking run.
 */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 4 || v.length > 512 || /\s/.test(v)) return false;
  if (isPlaceholder(v) || /[:?]$/.test(v)) return false;
  if (/^(true|false|null|none|yes|no|on|off|\d{1,3}|@[a-z]+\/\w+|\?[a-z]+\/\w+)$/i.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/:\/\/[^/]*:[^/]*@/.test(v)) return false;
  if (/^(\/|\.\/|\.\.\/|[a-z]:\\)/i.test(v) || /^([a-z_][\w$]*\.){2,}[A-Za-z_$][\w$]*$/.test(v)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return kinds >= 2 || (v.length >= 16 && shannonEntropy(v) >= 3);
}

/**
 * A constant that looks like generated key material on its own (for contexts that already suggest a
 * secret): 16+ characters of Base64/hex/token alphabet with high entropy.
 */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || v.length > 4096 || !/^[A-Za-z0-9+/=_\-.]+$/.test(v)) return false;
  if (/^[a-z]+([._-][a-z]+)*$/i.test(v)) return false; // dotted or dashed words
  const threshold = /^[0-9a-f]+$/i.test(v) ? 3.0 : 3.5;
  return shannonEntropy(v) >= threshold;
}

/** A secret for evidence: the start and the length, enough to find it, not enough to reuse it. */
export function redact(value: string, keep = 12): string {
  const v = value.replace(/\s+/g, ' ');
  if (v.length <= 8) return JSON.stringify(v);
  const shown = Math.min(keep, Math.max(4, Math.floor(v.length / 3)));
  return `${JSON.stringify(`${v.slice(0, shown)}…`)} (${v.length} chars)`;
}
