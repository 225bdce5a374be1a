/**
 * @module ussd/prompts
 * Reads a USSD screen the way a tester does: is it a menu (and which options), or does it ask for a PIN, an
 * amount, a recipient's number, or a confirmation? The crawler relies on this to stop before anything that
 * could move money, and test cases use it to find the PIN step. Keywords cover the languages DFS menus are
 * written in across the regions the lab serves (English, French, Swahili, Spanish, Portuguese); a target file
 * adds its own (`prompts:`).
 *
 * Matching is on lower-cased text with accents removed, on word boundaries, so `Code secret`, `CODE SECRET`
 * and `code sécret` match alike and `pin` does not match `spinning`.
 */
import type { UssdScreen } from './types.js';

export type PromptKind = 'pin' | 'amount' | 'recipient' | 'confirm';
export type ScreenKind = 'menu' | PromptKind | 'input' | 'final' | 'error';

export interface MenuOption {
  /** What the user types: `1`, `00`, `98`, `#`, `*`. */
  key: string;
  label: string;
}

export type PromptKeywords = Record<PromptKind, readonly string[]>;

/** Built-in keywords. Order does not matter; longer phrases are tried as phrases. */
export const DEFAULT_PROMPT_KEYWORDS: PromptKeywords = {
  pin: [
    // English
    'pin', 'mpin', 'm-pin', 'passcode', 'password', 'secret code',
    // French
    'code secret', 'code pin', 'mot de passe', 'code confidentiel',
    // Swahili
    'namba ya siri', 'nambari ya siri', 'nenosiri', 'neno la siri',
    // Spanish
    'clave', 'contrasena', 'codigo secreto', 'codigo',
    // Portuguese
    'senha', 'codigo pin',
  ],
  amount: [
    'amount', 'how much',
    'montant', 'somme',
    'kiasi',
    'monto', 'importe', 'cantidad',
    'valor', 'quantia',
  ],
  recipient: [
    'phone number', 'mobile number', 'recipient', 'receiver', 'account number', 'beneficiary',
    'numero', 'destinataire', 'beneficiaire', 'numero de telephone',
    'namba ya simu', 'nambari ya simu', 'mpokeaji', 'namba ya mpokeaji',
    'destinatario', 'numero de celular', 'numero de telefono',
    'numero do telefone', 'numero de telemovel',
  ],
  confirm: [
    'confirm', 'are you sure', 'to proceed',
    'confirmer', 'valider', 'voulez-vous',
    'thibitisha', 'kuthibitisha', 'kubali',
    'confirmar', 'desea', 'deseja',
  ],
};

/** Option labels that mean "no, stop" on a confirmation screen. */
const NO_LABELS = /^(no|n|cancel|non|annuler|hapana|ghairi|cancelar|nao)\b/;

/** Option labels that mean "yes, do it" on a confirmation screen. */
const YES_LABELS = /^(yes|y|ok|accept|agree|confirm\w*|send|pay|oui|accepter|valider|ndio|ndiyo|ndiyo thibitisha|kubali|thibitisha|si|sí|aceptar|sim|aceitar|confirmar)\b/;

export interface ScreenReading {
  kind: ScreenKind;
  options: MenuOption[];
  /** The lines that are not menu options (what the screen asks). */
  prompt: string;
}

/** Lower-case, accents removed, whitespace collapsed: the form keywords are matched against. */
export function normalizeText(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function keywordPattern(words: readonly string[]): RegExp | undefined {
  const cleaned = [...new Set(words.map(normalizeText).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (cleaned.length === 0) return undefined;
  const alts = cleaned.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${alts.join('|')})(?=$|[^\\p{L}\\p{N}])`, 'u');
}

/** Built-in keywords plus a target's extras. */
export function mergeKeywords(extra?: Partial<Record<PromptKind, readonly string[]>>): PromptKeywords {
  return {
    pin: [...DEFAULT_PROMPT_KEYWORDS.pin, ...(extra?.pin ?? [])],
    amount: [...DEFAULT_PROMPT_KEYWORDS.amount, ...(extra?.amount ?? [])],
    recipient: [...DEFAULT_PROMPT_KEYWORDS.recipient, ...(extra?.recipient ?? [])],
    confirm: [...DEFAULT_PROMPT_KEYWORDS.confirm, ...(extra?.confirm ?? [])],
  };
}

// `1. Send`, `1) Send`, `1- Send`, `1 - Send`, `1: Send`, `0 Back`, `00 Home`, `98 More`, `#. Back`, `*) Menu`.
const OPTION_LINE = /^\s*(\d{1,2}|#|\*)\s*(?:[.):\-]\s*|\s+)(\S.*?)\s*$/;
// A second option on the same line (`1.Yes 2.No`), only after an explicit `n.`/`n)` marker.
const INLINE_SPLIT = /\s+(?=\d{1,2}[.)]\s*\S)/;

/**
 * The options of a menu screen, in screen order. A line is an option when it starts with a 1–2 digit key,
 * `#` or `*`, then a separator (`.`, `)`, `-`, `:`) or a space, then a label. Amounts and dates are not taken
 * for options (a key has at most two digits, and a label must contain a letter).
 */
export function parseMenuOptions(text: string): MenuOption[] {
  const out: MenuOption[] = [];
  const seen = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const pieces = /^\s*\d{1,2}[.)]/.test(rawLine) ? rawLine.split(INLINE_SPLIT) : [rawLine];
    for (const line of pieces) {
      const m = OPTION_LINE.exec(line);
      if (!m) continue;
      const key = m[1]!;
      const label = m[2]!;
      if (!/\p{L}/u.test(label)) continue;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, label });
    }
  }
  return out;
}

/** What a screen is. `error` is for callers that got no screen; a screen itself is never `error`. */
export function classifyScreen(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): ScreenReading {
  const keywords = mergeKeywords(extra);
  const options = parseMenuOptions(screen.text);
  const optionLines = new Set<string>();
  const promptLines: string[] = [];
  for (const line of screen.text.split(/\r?\n/)) {
    if (parseMenuOptions(line).length > 0) optionLines.add(line);
    else promptLines.push(line);
  }
  const prompt = promptLines.join('\n').trim();
  if (!screen.continue) return { kind: 'final', options, prompt };
  const norm = normalizeText(prompt);
  const has = (k: PromptKind): boolean => keywordPattern(keywords[k])?.test(norm) ?? false;
  // The line that asks is the last prompt line: a title above it ("Forgot PIN" over "Enter your national ID
  // number") names the flow, not what to type now.
  const asking = normalizeText(promptLines.filter((l) => l.trim() !== '').at(-1) ?? '');
  const asks = (k: PromptKind): boolean => keywordPattern(keywords[k])?.test(asking) ?? false;
  const yesOption = options.some((o) => YES_LABELS.test(normalizeText(o.label)));
  const noOption = options.some((o) => NO_LABELS.test(normalizeText(o.label)));
  // Yes/no options make a confirmation, even when the summary above them echoes a PIN ("PIN: 4826").
  if (yesOption && noOption && options.length <= 3) return { kind: 'confirm', options, prompt };
  // A PIN keyword inside a menu option ("3. Change PIN") does not make the screen a PIN prompt; only the
  // text that asks does. The confirmation test also looks at the options ("1. Confirm 2. Cancel").
  if (asks('pin') || (promptLines.filter((l) => l.trim() !== '').length <= 1 && has('pin'))) return { kind: 'pin', options, prompt };
  const confirmWords = has('confirm') || options.some((o) => keywordPattern(keywords.confirm)?.test(normalizeText(o.label)));
  if (confirmWords && (yesOption || options.length === 0 || has('confirm'))) {
    // "Enter amount to confirm" is still an amount prompt: the value comes first.
    if (has('amount') && options.length === 0) return { kind: 'amount', options, prompt };
    return { kind: 'confirm', options, prompt };
  }

  if (has('amount')) return { kind: 'amount', options, prompt };
  if (has('recipient')) return { kind: 'recipient', options, prompt };
  if (options.length > 0) return { kind: 'menu', options, prompt };
  return { kind: 'input', options, prompt };
}

/**
 * A screen that says the service is throttling the caller ("too many requests", "try again later", "service
 * busy"), in the harness's languages. A lockout message ("too many wrong PINs") is not throttling: it names
 * the PIN, and waiting does not lift it.
 */
export function isThrottleScreen(text: string): boolean {
  const t = normalizeText(text);
  if (/\b(pin|code secret|mot de passe|namba ya siri|clave|contrasena|senha)\b/.test(t)) return false;
  return /too many (requests|sessions|attempts)|try again (later|in)|service (is )?busy|system (is )?busy|trop de (requetes|sessions|demandes)|reessayez (plus tard|dans)|service occupe|jaribu tena baadaye|huduma ina shughuli|demasiad[ao]s (solicitudes|sesiones|intentos)|intente (de nuevo )?mas tarde|servicio ocupado|muitas (solicitacoes|sessoes|tentativas)|tente novamente mais tarde|servico ocupado/.test(t);
}

export function isPinPrompt(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): boolean {
  return classifyScreen(screen, extra).kind === 'pin';
}

export function isAmountPrompt(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): boolean {
  return classifyScreen(screen, extra).kind === 'amount';
}

export function isRecipientPrompt(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): boolean {
  return classifyScreen(screen, extra).kind === 'recipient';
}

export function isConfirmPrompt(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): boolean {
  return classifyScreen(screen, extra).kind === 'confirm';
}

/** True when `text` contains one of the keywords of `kind` (built-in plus extras), wherever it stands. */
export function mentions(kind: PromptKind, text: string, extra?: Partial<Record<PromptKind, readonly string[]>>): boolean {
  return keywordPattern(mergeKeywords(extra)[kind])?.test(normalizeText(text)) ?? false;
}
