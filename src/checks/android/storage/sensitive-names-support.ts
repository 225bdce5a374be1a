/**
 * @module checks/android/storage/sensitive-names-support
 * Tells whether a name written by a developer (a preferences key, a field or method name, a view id, a
 * column, the constant text around a logged value) names a secret or personal data. DEX code keeps these
 * names even without debug information (field, method and resource names survive unless an obfuscator
 * renames them), so they are the best generic signal of what a value is.
 *
 * Names are split into words (camelCase, snake_case, digits), and words are matched against stems, so that
 * `superSecurePassword`, `user_pin`, `cardNumber` and `"credit card: "` match while `spinner`, `mapping`,
 * `shipping`, `keyboard` and `compass` do not. Used by the storage and logging families (and the WebView
 * bridge evidence); it lives here, beside its first user.
 */

/** What kind of secret a name refers to, as shown in messages. */
export type SecretTerm =
  | 'password'
  | 'PIN'
  | 'card number'
  | 'card security code'
  | 'one-time code'
  | 'token'
  | 'secret'
  | 'credential'
  | 'session'
  | 'key'
  | 'national id';

/** Personal or account data: not a secret, but sensitive to store or log in clear. */
export type PersonalTerm = 'user name' | 'e-mail' | 'phone number' | 'account' | 'balance' | 'name';

/** Splits an identifier or a text into lower-case words: `superSecurePassword` → super, secure, password. */
export function nameWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

// Words that, as the last word of a key or field name, make it describe a secret rather than hold it
// ("pin_enabled", "password_length", "token_expiry"): such entries store flags, sizes and dates.
const DESCRIPTOR_WORDS = new Set([
  'enabled', 'enable', 'disabled', 'required', 'set', 'length', 'len', 'size', 'expiry', 'expires', 'expiration',
  'expire', 'expired', 'time', 'timestamp', 'date', 'count', 'counter', 'attempt', 'attempts', 'retries', 'retry',
  'tries', 'hint', 'type', 'changed', 'version', 'status', 'state', 'policy', 'mode', 'flag', 'label', 'title',
  'prompt', 'error', 'url', 'uri', 'endpoint', 'path', 'screen', 'activity', 'fragment', 'dialog', 'layout',
  'button', 'visible', 'visibility', 'format', 'pattern', 'regex', 'min', 'max', 'rule', 'rules', 'strength',
  'reset', 'forgot', 'validation', 'valid', 'invalid', 'timeout', 'interval', 'provider', 'manager',
]);
// Suffixes of view ids and view-holding fields that name the widget, not the data ("pinField", "cc_edit_text").
const WIDGET_WORDS = new Set(['field', 'edit', 'text', 'edittext', 'input', 'view', 'box', 'et', 'txt', 'tv', 'entry', 'layout', 'til']);
// Words that make a bare "token" an authentication token rather than a parser's or lexer's token.
const TOKEN_QUALIFIERS = new Set([
  'access', 'auth', 'refresh', 'bearer', 'session', 'id', 'api', 'jwt', 'csrf', 'xsrf', 'oauth', 'user', 'login',
  'device', 'push', 'fcm', 'gcm', 'security', 'secure', 'app', 'client', 'verification', 'reset', 'card', 'payment',
]);
// Words that, as the first word, say the entry is a yes/no question about the secret ("isPinSet").
const QUESTION_WORDS = new Set(['is', 'has', 'show', 'use', 'remember', 'enable', 'disable', 'should', 'can', 'need', 'needs', 'ask']);

const PASSWORD_PREFIXES = /^(new|old|user|my|db|admin|login|confirm|current|re|wallet|account|app|master|sms|root)(pass|pwd)$/;
const PIN_WORDS = /^(m|t|u|new|old|user|wallet|card|atm|secret|security|login|confirm|current|app|transaction|tx|upi)pin$|^pin(code|number|no|num|hash|block)$/;
const KEY_QUALIFIERS = new Set([
  'api', 'private', 'secret', 'encryption', 'encrypt', 'aes', 'master', 'signing', 'access', 'hmac', 'crypto', 'des',
  'rsa', 'session', 'auth', 'client', 'app', 'license', 'merchant',
]);
const KEY_WORDS = /^(api|private|secret|encryption|aes|master|signing|access|hmac|client|merchant)key$/;
const CARD_QUALIFIERS = new Set(['credit', 'debit', 'bank', 'payment', 'cc', 'atm']);
const CARD_FOLLOWERS = new Set(['number', 'no', 'num', 'pan', 'data', 'details', 'info']);

/** The secret a single word (with its neighbours) names, if any. */
function secretOfWord(w: string, prev: string | undefined, next: string | undefined, whole: boolean): SecretTerm | undefined {
  if (/pass(word|wd|code|phrase)/.test(w) || w === 'pwd' || w === 'pass' || w === 'passwd' || PASSWORD_PREFIXES.test(w)) return 'password';
  if (w === 'pin' || PIN_WORDS.test(w)) return 'PIN';
  if (w === 'cvv' || w === 'cvc' || w === 'cvv2' || w === 'cvc2') return 'card security code';
  if (/^(credit|debit)card/.test(w) || /^(card|cc)(number|no|num)$/.test(w) || w === 'ccnumber' || (w === 'pan' && (prev === 'card' || next === 'number'))) return 'card number';
  if (w === 'card' && ((prev !== undefined && CARD_QUALIFIERS.has(prev)) || (next !== undefined && CARD_FOLLOWERS.has(next)))) return 'card number';
  if (w === 'otp' || w === 'totp' || w === 'hotp' || /^otp(code|value|number)?$/.test(w) || /^(sms|email)otp$/.test(w)) return 'one-time code';
  if (w.includes('secret')) return 'secret';
  if (w === 'token' && (whole || (prev !== undefined && TOKEN_QUALIFIERS.has(prev)) || (next !== undefined && TOKEN_QUALIFIERS.has(next)))) return 'token';
  if (w.endsWith('token') && w.length > 5 && TOKEN_QUALIFIERS.has(w.slice(0, -5))) return 'token';
  if (w.startsWith('credential') || w === 'creds' || w === 'cred') return 'credential';
  if (w === 'session' || w === 'sessionid' || w === 'jsessionid' || (w === 'sid' && prev === 'session')) return 'session';
  if (w === 'authorization' || (w === 'auth' && (next === 'key' || next === 'code' || next === 'header'))) return 'credential';
  if (KEY_WORDS.test(w) || (w === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev))) return 'key';
  if (w === 'ssn' || (w === 'national' && next === 'id')) return 'national id';
  return undefined;
}

/**
 * The secret named in `text` (an identifier or a sentence), or undefined. With `asStoredName`, names that
 * only describe a secret (`pin_enabled`, `isPasswordSet`, `token_expiry`) do not count: they hold flags,
 * sizes or dates, not the secret. With `widget`, trailing widget words (`pinField`, `card_number_edit_text`)
 * are dropped first. A bare "token" counts only alone or next to a word that makes it an authentication
 * token (`accessToken`, `auth_token`; not a parser's `cur_token`), because parsers and lexers log tokens too.
 */
export function secretNamed(text: string, opts: { asStoredName?: boolean; widget?: boolean } = {}): SecretTerm | undefined {
  let ws = nameWords(text);
  // Member-name prefixes (mPin, sToken, _password) carry no meaning.
  if (ws.length > 1 && (ws[0] === 'm' || ws[0] === 's')) ws = ws.slice(1);
  if (opts.widget) while (ws.length > 1 && WIDGET_WORDS.has(ws[ws.length - 1]!)) ws = ws.slice(0, -1);
  if (ws.length === 0) return undefined;
  if (opts.asStoredName) {
    if (DESCRIPTOR_WORDS.has(ws[ws.length - 1]!) && ws.length > 1) return undefined;
    if (QUESTION_WORDS.has(ws[0]!) && ws.length > 1) return undefined;
  }
  for (let i = 0; i < ws.length; i++) {
    const t = secretOfWord(ws[i]!, ws[i - 1], ws[i + 1], ws.length === 1);
    if (t) return t;
  }
  return undefined;
}

/** Personal or account data named in `text` (for columns and keys), or undefined. */
export function personalDataNamed(text: string): PersonalTerm | undefined {
  const ws = nameWords(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w === 'username' || w === 'uname' || w === 'login' || w === 'userid' || (w === 'user' && (ws[i + 1] === 'name' || ws[i + 1] === 'id')) || w === 'user') return 'user name';
    if (w === 'email' || w === 'mail') return 'e-mail';
    if (w === 'phone' || w === 'msisdn' || w === 'mobile' || w === 'phonenumber' || w === 'mobileno') return 'phone number';
    if (w === 'account' || w === 'iban' || w === 'accountno' || w === 'accountnumber' || w === 'wallet') return 'account';
    if (w === 'balance' || w === 'amount') return 'balance';
    if (w === 'fullname' || w === 'firstname' || w === 'lastname' || w === 'surname' || (w === 'name' && (ws[i - 1] === 'full' || ws[i - 1] === 'first' || ws[i - 1] === 'last' || ws.length === 1))) return 'name';
  }
  return undefined;
}
