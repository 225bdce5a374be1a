/**
 * @module ussd/flows
 * How a USSD test case finds and walks a flow in the menu map. A flow is recognised from what its screens ask
 * (`prompts.ts` classifies them) and what the option labels on the way say, in the languages `prompts.ts`
 * covers, never from a provider's menu numbers or texts. Here: the word lists and screen readings the
 * families share (new-PIN, national-id and one-time-code prompts, refusal and success answers, balances,
 * confirmation keys); menu-map look-ups (the prompts of the documented menu, the entry points of the
 * send-money, balance, forgot-PIN and own-data flows); walking a path and sending on a `UssdSession` without
 * throwing on a transport failure; `HopDriver`, which drives a gateway session hop by hop and may change the
 * caller, the session id or the credentials midway (the honest `UssdSession` cannot); transcript ids for
 * evidence; and amounts.
 */
import { ErrorCodes, UssdError } from '../errors.js';
import type { MenuMap, MenuNode } from './crawler.js';
import { inputsSoFar } from './dialects/hop.js';
import { classifyScreen, mentions, normalizeText, parseMenuOptions, type MenuOption, type PromptKind, type ScreenKind } from './prompts.js';
import type { DialOptions, UssdSession } from './session.js';
import type { UssdAccount } from './target.js';
import type { TranscriptEntry, UssdHop, UssdHttpRequest, UssdScreen } from './types.js';
import type { UssdTestContext } from './tests/types.js';

type ExtraKeywords = Partial<Record<PromptKind, readonly string[]>>;

// ---- word lists (lower case, accents removed; matched on word boundaries like prompts.ts) ----

const patternCache = new Map<readonly string[], RegExp>();

function patternOf(words: readonly string[]): RegExp {
  let re = patternCache.get(words);
  if (re) return re;
  const alts = [...new Set(words.map(normalizeText).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  re = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${alts.join('|')})(?=$|[^\\p{L}\\p{N}])`, 'u');
  patternCache.set(words, re);
  return re;
}

/** True when `text` contains one of `words` as whole words (case and accents ignored). */
export function saysAny(text: string, words: readonly string[]): boolean {
  return patternOf(words).test(normalizeText(text));
}

/** Words that turn a PIN prompt into a prompt for a *new* PIN. */
export const NEW_PIN_WORDS = [
  'new', 'create', 'choose', 'set', 'nouveau', 'nouvel', 'creer', 'choisir', 'choisissez', 'mpya', 'chagua', 'weka',
  'nuevo', 'nueva', 'crear', 'elegir', 'novo', 'nova', 'criar', 'escolher',
];
/** Words of a second entry of the same new PIN. */
export const AGAIN_WORDS = [
  'again', 're-enter', 'reenter', 'repeat', 'retype', 'confirm', 'confirmer', 'a nouveau', 'de nouveau', 'tena', 'thibitisha',
  'de nuevo', 'otra vez', 'repita', 'confirme', 'confirmar', 'novamente', 'repetir',
];
export const NATIONAL_ID_WORDS = [
  'national id', 'id number', 'id no', 'identity number', 'identity card', 'identification', 'passport', 'id card',
  "numero d'identite", 'piece d identite', "piece d'identite", 'carte d identite', "carte d'identite", 'cni',
  'kitambulisho', 'namba ya kitambulisho', 'cedula', 'dni', 'documento de identidad', 'bilhete de identidade', 'numero de identificacao',
];
export const DOB_WORDS = [
  'date of birth', 'birth date', 'birthdate', 'dob', 'born', 'date de naissance', 'tarehe ya kuzaliwa', 'fecha de nacimiento', 'data de nascimento',
];
/** A one-time code sent out of band (SMS, e-mail, call): the step a knowledge-only reset lacks. */
export const OTP_WORDS = [
  'otp', 'one-time', 'one time', 'verification code', 'code sent', 'sent to your', 'sms code', 'activation code', 'token',
  'code de verification', 'code envoye', 'code recu', 'code unique', 'nambari ya uthibitisho', 'msimbo', 'codigo de verificacion',
  'codigo enviado', 'codigo de confirmacao', 'codigo de verificacao',
];
/** The user is sent elsewhere (agent, branch, call centre): an out-of-band step. */
export const OUT_OF_BAND_WORDS = [
  'visit', 'agent', 'branch', 'call centre', 'call center', 'customer care', 'customer service', 'contact us', 'agence',
  'service client', 'wakala', 'tawi', 'huduma kwa wateja', 'agencia', 'sucursal', 'atencion al cliente', 'balcao', 'loja',
];
export const LOCK_WORDS = [
  'locked', 'blocked', 'suspended', 'barred', 'disabled', 'too many', 'try again later', 'try again in', 'temporarily', 'service busy',
  'bloque', 'bloquee', 'verrouille', 'suspendu', 'trop de', 'reessayez plus tard', 'imefungwa', 'imezuiwa', 'imesimamishwa',
  'bloqueado', 'bloqueada', 'suspendida', 'demasiados', 'intente mas tarde', 'bloqueio', 'tente mais tarde',
];
export const REFUSAL_WORDS = [
  ...LOCK_WORDS,
  'wrong', 'incorrect', 'invalid', 'not valid', 'denied', 'declined', 'rejected', 'failed', 'failure', 'not match', 'do not match',
  'does not match', "don't match", 'not allowed', 'not permitted', 'cannot', 'can not', 'could not', 'unable', 'error', 'try again',
  'insufficient', 'exceed', 'exceeds', 'above', 'limit', 'too easy', 'too weak', 'weak', 'not accepted', 'unavailable', 'no money was moved',
  'erronee', 'errone', 'invalide', 'refuse', 'refusee', 'echec', 'echoue', 'impossible', 'insuffisant', 'depasse', 'plafond',
  'si sahihi', 'umekosea', 'imeshindwa', 'haitoshi', 'kikomo', 'incorrecto', 'incorrecta', 'invalido', 'rechazado', 'rechazada',
  'fallido', 'insuficiente', 'limite', 'incorreto', 'incorreta', 'recusado', 'falhou', 'cancelled', 'canceled', 'annule', 'cancelado',
];
export const SUCCESS_WORDS = [
  'success', 'successful', 'successfully', 'confirmed', 'completed', 'sent', 'changed', 'updated', 'has been reset', 'new balance', 'done',
  'reussi', 'reussie', 'effectue', 'effectuee', 'confirme', 'confirmee', 'envoye', 'envoyee', 'modifie', 'modifiee',
  'imefanikiwa', 'umetuma', 'imebadilishwa', 'imethibitishwa', 'exitoso', 'exitosa', 'realizado', 'realizada', 'enviado',
  'cambiado', 'confirmado', 'sucesso', 'alterado', 'alterada',
];
export const BALANCE_WORDS = ['balance', 'bal', 'my balance', 'check balance', 'solde', 'salio', 'saldo', 'angalia salio', 'consulter solde'];
export const STATEMENT_WORDS = [
  'statement', 'mini statement', 'history', 'transactions', 'releve', 'historique', 'taarifa', 'historia', 'extracto', 'movimientos',
  'extrato', 'historial', 'historico',
];
/** Menu labels of functions that show account data (wider than balance and statement: any look-up). */
export const LOOKUP_WORDS = [
  'statement', 'history', 'account', 'accounts', 'balance', 'enquiry', 'inquiry', 'transaction', 'transactions', 'check',
  'releve', 'historique', 'solde', 'compte', 'consulter',
  'taarifa', 'salio', 'akaunti', 'angalia',
  'consulta', 'extracto', 'saldo', 'cuenta', 'conta', 'extrato',
];
/** A transfer to another subscriber. */
export const SEND_WORDS = [
  'send', 'send money', 'transfer', 'p2p', 'pay', 'envoyer', 'envoi', 'transfert', 'transferer', 'tuma', 'tuma pesa', 'kutuma',
  'enviar', 'transferir', 'transferencia', 'envio', 'pagar',
];
/** Flows that take a number and an amount but are not a transfer to another subscriber. */
export const NOT_TRANSFER_WORDS = [
  'airtime', 'bundle', 'bundles', 'data', 'recharge', 'top up', 'top-up', 'topup', 'credit', 'pay bill', 'paybill', 'bill', 'bills',
  'merchant', 'buy goods', 'withdraw', 'loan', 'loans', 'savings', 'credit d appel', 'forfait', 'facture', 'retrait', 'muda wa maongezi',
  'vifurushi', 'lipa', 'toa pesa', 'recarga', 'factura', 'retiro', 'fatura', 'levantamento',
];
/** Any function that moves money: transfers, payments, purchases, withdrawals, loans. */
export const MONEY_WORDS = [
  ...SEND_WORDS,
  'payment', 'buy', 'airtime', 'withdraw', 'withdrawal', 'withdrawals', 'deposit', 'cash out', 'cashout', 'top up', 'topup', 'loan',
  'payer', 'paiement', 'acheter', 'retrait', 'credit',
  'lipa', 'nunua', 'toa', 'weka',
  'pago', 'comprar', 'retirar', 'recarga',
];
/** Labels that point at someone else's account. */
export const OTHER_WORDS = ['another', 'other', 'someone', 'third party', 'autre', 'tiers', 'mwingine', 'nyingine', 'otro', 'otra', 'outro', 'outra'];
export const CHANGE_PIN_WORDS = [
  'change pin', 'change my pin', 'change password', 'pin change', 'modify pin', 'update pin', 'changer', 'modifier', 'changer le code',
  'badilisha', 'badili', 'cambiar', 'modificar', 'alterar', 'mudar',
];
export const FORGOT_PIN_WORDS = [
  'forgot', 'forgotten', 'reset pin', 'pin reset', 'reset', 'recover', 'oublie', 'reinitialiser', 'umesahau', 'sahau', 'olvide',
  'olvido', 'restablecer', 'esqueci', 'redefinir', 'recuperar',
];
/** Any PIN management (change, forgot, reset, new): entering a PIN there leads to "new PIN", not to data. */
export const PIN_MANAGEMENT_WORDS = [...CHANGE_PIN_WORDS, ...FORGOT_PIN_WORDS, 'change', 'new', 'new pin', 'nouveau', 'nuevo', 'esqueceu', 'subscriber'];
/** Option labels that lead back, home, out or to the next page: they navigate, they show nothing new. */
export const NAVIGATION_WORDS = [
  'home', 'back', 'main menu', 'menu', 'main', 'previous', 'prev', 'exit', 'cancel', 'retour', 'accueil', 'menu principal', 'precedent', 'quitter',
  'rudi', 'nyuma', 'mwanzo', 'toka', 'inicio', 'volver', 'atras', 'salir', 'voltar', 'anterior', 'sair', 'more', 'suivant', 'next', 'mas', 'mais',
];
const HOME_WORDS = ['home', 'main menu', 'menu', 'main', 'accueil', 'menu principal', 'mwanzo', 'inicio'];
const BACK_WORDS = ['back', 'previous', 'prev', 'retour', 'precedent', 'rudi', 'nyuma', 'volver', 'atras', 'voltar', 'anterior'];

/** True when `label` starts with one of `words` ("0. Back to menu" starts with "back"). */
function labelStartsWith(label: string, words: readonly string[]): boolean {
  const m = patternOf(words).exec(normalizeText(label));
  return m !== null && m.index === 0;
}

/** An option label that navigates (back, home, exit, more) rather than opening a function. */
export function isNavigationLabel(label: string): boolean {
  return labelStartsWith(label, NAVIGATION_WORDS);
}

/** The key of a "home" or "back" option on a screen, home preferred. */
export function navigationKey(screen: UssdScreen): string | undefined {
  const options = classifyScreen(screen).options;
  return (options.find((o) => labelStartsWith(o.label, HOME_WORDS)) ?? options.find((o) => labelStartsWith(o.label, BACK_WORDS)))?.key;
}

// ---- confirmation keys ----

const YES = /^(yes|y|ok|accept|agree|confirm\w*|send|pay|proceed|continue|oui|accepter|valider|confirmer|ndio|ndiyo|kubali|thibitisha|endelea|si|aceptar|confirmar|sim|aceitar|continuar)\b/;
const NO = /^(no|n|cancel\w*|abort|non|annuler|hapana|ghairi|sitisha|cancelar|nao|anular)\b/;
const LEAVE = /^(back|retour|voltar|regresar)\b/;

/** The option that says "yes, do it" on a confirmation screen, if any. */
export function yesOption(options: readonly MenuOption[]): MenuOption | undefined {
  return options.find((o) => YES.test(normalizeText(o.label)));
}

/**
 * The option that declines on a confirmation screen, if any. With `orBack`, a "back" option counts too (on a
 * screen already read as a confirmation, going back also leaves the transaction unconfirmed).
 */
export function noOption(options: readonly MenuOption[], opts: { orBack?: boolean } = {}): MenuOption | undefined {
  return options.find((o) => NO.test(normalizeText(o.label))) ?? (opts.orBack ? options.find((o) => LEAVE.test(normalizeText(o.label))) : undefined);
}

/** The key of the option that declines on a confirmation screen (`2. Cancel`). */
export function declineKey(screen: UssdScreen): string | undefined {
  return noOption(parseMenuOptions(screen.text))?.key;
}

// ---- reading screens ----

/** The kind of a screen as this target's keywords read it; `none` when no screen came back. */
export function kindOf(ctx: Pick<UssdTestContext, 'target'>, screen: UssdScreen | undefined): ScreenKind | 'none' {
  return screen ? classifyScreen(screen, ctx.target.prompts).kind : 'none';
}

export type FlowScreenKind = ScreenKind | 'new-pin' | 'confirm-pin' | 'national-id' | 'dob' | 'otp';

export interface FlowReading {
  kind: FlowScreenKind;
  options: MenuOption[];
  /** The lines that are not options. */
  prompt: string;
  text: string;
  continue: boolean;
}

/**
 * `classifyScreen` plus the prompts of PIN management and account recovery. A confirmation with options
 * (`classifyScreen` judges yes/no options a confirmation even when the summary echoes a PIN) stays one; else a
 * screen headed "Forgot PIN" that asks for the national id is an id prompt.
 */
export function readScreen(screen: UssdScreen, extra?: ExtraKeywords): FlowReading {
  const base = classifyScreen(screen, extra);
  const out = (kind: FlowScreenKind): FlowReading => ({ kind, options: base.options, prompt: base.prompt, text: screen.text, continue: screen.continue });
  if (!screen.continue) return out('final');
  if (base.kind === 'confirm' && yesOption(base.options) && noOption(base.options, { orBack: true })) return out('confirm');
  const prompt = base.prompt;
  if (saysAny(prompt, OTP_WORDS)) return out('otp');
  if (saysAny(prompt, NATIONAL_ID_WORDS)) return out('national-id');
  if (saysAny(prompt, DOB_WORDS)) return out('dob');
  if (base.kind === 'pin') {
    const isNew = saysAny(prompt, NEW_PIN_WORDS);
    const again = saysAny(prompt, AGAIN_WORDS);
    if (isNew && again) return out('confirm-pin');
    if (isNew) return out('new-pin');
    if (again && /\b(re-?enter|repeat|retype|again|tena|de nuevo|novamente)\b/.test(normalizeText(prompt))) return out('confirm-pin');
  }
  return out(base.kind);
}

export function readOf(ctx: Pick<UssdTestContext, 'target'>, screen: UssdScreen | undefined): FlowReading | undefined {
  return screen ? readScreen(screen, ctx.target.prompts) : undefined;
}

/** Whether a final screen says the transaction went through (and not that it failed). */
export function saysSuccess(r: FlowReading | undefined): boolean {
  return r !== undefined && saysAny(r.text, SUCCESS_WORDS) && !saysAny(r.text, REFUSAL_WORDS);
}

const ATTEMPTS_AFTER = /(\d+)\s*(?:more\s+)?(?:attempts?|tries|try|trials?|chances?|essais?|tentatives?|intentos?|tentativas?|majaribio|nafasi)\b/;
const ATTEMPTS_BEFORE = /\b(?:attempts?|tries|trials?|chances?|essais?|tentatives?|intentos?|tentativas?|majaribio|nafasi|remaining|restant\w*|zimebaki|iliyobaki|restantes?)\D{0,24}?(\d+)/;

/** "2 attempts left", "tentatives restantes : 2"… the remaining count a failure counter shows, if any. */
export function attemptsLeft(text: string): number | undefined {
  const t = normalizeText(text);
  const m = ATTEMPTS_AFTER.exec(t) ?? ATTEMPTS_BEFORE.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** A short, one-line excerpt of a text for a finding's evidence. */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Quotes a screen for a message: its first `max` characters on one line, in double quotes. */
export function quote(screen: UssdScreen | undefined, max = 80): string {
  return screen ? JSON.stringify(excerpt(screen.text, max)) : '(no screen)';
}

/** Screen text with digit runs (numbers, amounts, references) masked, for comparing screens. */
export function maskNumbers(text: string): string {
  return normalizeText(text).replace(/\d[\d,.]*/g, '#');
}

// ---- amounts ----

const MONEY = /(?<![\d.,])(-?\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|-?\d+[.,]\d{1,2}|-?\d{1,8})(?![\d])/g;

/** Reads "25,000.00", "25.000,00", "25 000", "1500" as a number (the last separator followed by 1–2 digits is the decimal one). */
export function parseMoney(token: string): number | undefined {
  const t = token.replace(/[\u00a0\u202f' ]/g, '');
  const m = /^(-?)([\d.,]+)$/.exec(t);
  if (!m) return undefined;
  let body = m[2]!;
  const dec = /[.,](\d{1,2})$/.exec(body);
  let frac = '';
  if (dec) {
    frac = dec[1]!;
    body = body.slice(0, dec.index);
  }
  body = body.replace(/[.,]/g, '');
  if (!/^\d+$/.test(body)) return undefined;
  const n = Number(`${body}${frac ? `.${frac}` : ''}`);
  return Number.isFinite(n) ? (m[1] ? -n : n) : undefined;
}

function moneyFigures(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MONEY)) {
    const v = parseMoney(m[1]!);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/**
 * The balance a screen shows: the first money figure after a balance word, else the only money figure on the
 * screen. Long digit runs (phone numbers, references) are not money. With `sameLine`, only a figure on the
 * line of the balance word counts (`Bal KES 8,000.00`), with no fallback: whether a screen shows a balance at
 * all, not what a balance screen says.
 */
export function balanceOnScreen(text: string, opts: { sameLine?: boolean } = {}): number | undefined {
  // Option keys ("1. Balance", "00. Home") are not figures.
  const lines = text.split(/\r?\n/).filter((l) => parseMenuOptions(l).length === 0);
  const afterWord = (norm: string): number | undefined => {
    const kw = patternOf(BALANCE_WORDS).exec(norm);
    return kw ? moneyFigures(norm.slice(kw.index + kw[0].length))[0] : undefined;
  };
  if (opts.sameLine) {
    for (const line of lines) {
      const v = afterWord(normalizeText(line));
      if (v !== undefined) return v;
    }
    return undefined;
  }
  const norm = normalizeText(lines.join('\n'));
  const v = afterWord(norm);
  if (v !== undefined) return v;
  const all = moneyFigures(norm);
  return all.length === 1 ? all[0] : undefined;
}

/** A small real amount within the allowance (1 unit, or the allowance itself when it is below one unit); undefined when no money may move. */
export function smallAmount(ctx: Pick<UssdTestContext, 'target'>): number | undefined {
  const limit = ctx.target.allowedAmount;
  if (limit === undefined || !(limit > 0)) return undefined;
  return limit >= 1 ? 1 : limit;
}

/** An amount as a subscriber types it: whole units bare, else two decimals. */
export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** A PIN of the same length that differs from `pin` in every digit, a different shift for each attempt `k`. */
export function wrongPin(pin: string, k = 0): string {
  const shift = (k % 9) + 1;
  return [...pin].map((c) => (/\d/.test(c) ? String((Number(c) + shift) % 10) : c)).join('');
}

// ---- the menu map ----

export function nodeById(map: MenuMap): Map<string, MenuNode> {
  return new Map(map.nodes.map((n) => [n.id, n]));
}

export function nodeAt(map: MenuMap, path: readonly string[]): MenuNode | undefined {
  const key = JSON.stringify(path);
  return map.nodes.find((n) => JSON.stringify(n.path) === key);
}

export function rootOf(map: MenuMap): MenuNode | undefined {
  return map.nodes.find((n) => n.id === map.root);
}

/** The option labels chosen along a node's path (what a tester reads: `Mini Statement > Another account`). */
export function pathLabels(map: MenuMap, node: MenuNode): string[] {
  const byPath = new Map(map.nodes.map((n) => [JSON.stringify(n.path), n]));
  return node.path.map((input, i) => byPath.get(JSON.stringify(node.path.slice(0, i)))?.options.find((o) => o.key === input)?.label ?? input);
}

/** Every screen before `node` on its path is a menu, and each input one of its options: reaching it types nothing but menu choices. */
export function reachedByMenusOnly(map: MenuMap, node: MenuNode): boolean {
  for (let i = 0; i < node.path.length; i++) {
    const before = nodeAt(map, node.path.slice(0, i));
    if (!before || before.kind !== 'menu') return false;
    // A menu choice is one of the screen's own options (a probe such as `#` is not a route a user takes).
    if (!before.options.some((o) => o.key === node.path[i])) return false;
  }
  return true;
}

/**
 * Nodes reachable from the root through options the screens display (the documented menu). Probes the
 * crawler typed that no screen offered (`99`, `#`…) do not count.
 */
export function documentedNodeIds(map: MenuMap): Set<string> {
  const byId = nodeById(map);
  const seen = new Set<string>();
  const queue = map.root ? [map.root] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (!n) continue;
    const keys = new Set(n.options.map((o) => o.key));
    for (const e of n.children) if (keys.has(e.input) && !seen.has(e.node)) queue.push(e.node);
  }
  return seen;
}

/** Does a path pass a PIN prompt (then the walk to it needs the PIN on the path)? */
function pathHasPin(map: MenuMap, node: MenuNode): boolean {
  const byPath = new Map(map.nodes.map((n) => [JSON.stringify(n.path), n]));
  for (let i = 0; i < node.path.length; i++) if (byPath.get(JSON.stringify(node.path.slice(0, i)))?.kind === 'pin') return true;
  return false;
}

/** A prompt of the map and one way to reach it (the crawler merges identical prompts under one parent). */
export interface PromptAt {
  node: MenuNode;
  /** Inputs after the dial that reach the prompt. */
  path: string[];
  /** Option labels along the path (`Mini Statement`; the input itself when the screen had no such option). */
  labels: string[];
}

/**
 * Prompts of the given kinds, reached through options the screens display from the documented menu (not
 * through a probe such as an "invalid choice" page, not behind a PIN), shallowest first. One prompt node may be
 * reached by several options ("Enter PIN" under both Balance and Statement): each way is its own entry.
 */
export function promptsAt(map: MenuMap, kinds: readonly ScreenKind[]): PromptAt[] {
  const byId = nodeById(map);
  const documented = documentedNodeIds(map);
  const out: PromptAt[] = [];
  const seen = new Set<string>();
  const parents = map.nodes.filter((n) => documented.has(n.id) && n.kind === 'menu' && !pathHasPin(map, n));
  parents.sort((a, b) => a.depth - b.depth || Number(a.id.slice(1)) - Number(b.id.slice(1)));
  for (const parent of parents) {
    const parentLabels = pathLabels(map, parent);
    for (const o of parent.options) {
      const edge = parent.children.find((e) => e.input === o.key);
      const child = edge ? byId.get(edge.node) : undefined;
      if (!child || !kinds.includes(child.kind) || !child.continue) continue;
      const labels = [...parentLabels, o.label];
      const key = `${child.id}|${labels.map(normalizeText).join('>')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ node: child, path: [...parent.path, o.key], labels });
    }
  }
  return out.sort((a, b) => a.path.length - b.path.length);
}

/** PIN prompts that are not part of a transaction (no amount before them), view functions first, PIN management last. */
export function loginPinPrompts(map: MenuMap): PromptAt[] {
  const score = (p: PromptAt): number => {
    const labels = p.labels.join(' > ');
    return (saysAny(labels, LOOKUP_WORDS) ? 2 : 0) - (saysAny(labels, PIN_MANAGEMENT_WORDS) ? 3 : 0) - (saysAny(labels, MONEY_WORDS) ? 1 : 0);
  };
  return promptsAt(map, ['pin'])
    .map((p, i) => ({ p, i, s: score(p) }))
    .sort((x, y) => y.s - x.s || x.i - y.i)
    .map((x) => x.p);
}

/** A screen of the map, the way to it and how it reads. */
export interface FlowEntry extends PromptAt {
  reading: FlowReading;
}

function nodeReading(node: MenuNode, extra?: ExtraKeywords): FlowReading | undefined {
  if (node.kind === 'error') return undefined;
  return readScreen({ continue: node.continue, text: node.text }, extra);
}

/** Every screen of the map reached through menus only, with the labels on its path; nodes met through cycles appear once, at their first path. */
export function mapEntries(map: MenuMap, extra?: ExtraKeywords): FlowEntry[] {
  const byId = nodeById(map);
  const out: FlowEntry[] = [];
  for (const node of map.nodes) {
    const reading = nodeReading(node, extra);
    if (!reading) continue;
    const labels: string[] = [];
    const kinds: FlowScreenKind[] = [];
    let cur = byId.get(map.root);
    let ok = cur !== undefined;
    for (const input of node.path) {
      if (!cur) {
        ok = false;
        break;
      }
      const r = nodeReading(cur, extra);
      if (r) kinds.push(r.kind);
      labels.push(cur.options.find((o) => o.key === input)?.label ?? input);
      const edge = cur.children.find((c) => c.input === input);
      cur = edge ? byId.get(edge.node) : undefined;
    }
    if (!ok) continue;
    // A prompt after an amount or a recipient is part of a money flow, not an entry point.
    if (kinds.some((k) => k !== 'menu')) continue;
    out.push({ node, path: [...node.path], labels, reading });
  }
  return out;
}

/** Whether an option label on the way to `e` says one of `words`. */
export const labelsSay = (e: FlowEntry, words: readonly string[]): boolean => e.labels.some((l) => saysAny(l, words));
/** Shallow entries first, then in crawl order. */
export const byDepthThenId = (a: FlowEntry, b: FlowEntry): number => a.path.length - b.path.length || Number(a.node.id.slice(1)) - Number(b.node.id.slice(1));

/** Where the balance is: a PIN prompt under a balance option, or a balance shown without one. */
export function balanceEntry(map: MenuMap, extra?: ExtraKeywords): FlowEntry | undefined {
  const all = mapEntries(map, extra).filter((e) => labelsSay(e, BALANCE_WORDS)).sort(byDepthThenId);
  return all.find((e) => e.reading.kind === 'pin') ?? all.find((e) => balanceOnScreen(e.node.text) !== undefined);
}

/** The first prompt of the send-money flow: a recipient or amount prompt under a "send/transfer" option, else any such prompt outside airtime, bills… */
export function transferEntry(map: MenuMap, extra?: ExtraKeywords): FlowEntry | undefined {
  const prompts = mapEntries(map, extra).filter((e) => (e.reading.kind === 'recipient' || e.reading.kind === 'amount') && !labelsSay(e, NOT_TRANSFER_WORDS));
  return prompts.filter((e) => labelsSay(e, SEND_WORDS)).sort(byDepthThenId)[0] ?? prompts.filter((e) => e.reading.kind === 'recipient').sort(byDepthThenId)[0];
}

/** The first prompt of forgot-PIN: an id or birth-date prompt, or any prompt under a "forgot/reset PIN" option. */
export function forgotPinEntry(map: MenuMap, extra?: ExtraKeywords): FlowEntry | undefined {
  const all = mapEntries(map, extra);
  const idPrompt = all.filter((e) => e.reading.kind === 'national-id' || e.reading.kind === 'dob').sort(byDepthThenId)[0];
  return (
    idPrompt ??
    all.filter((e) => e.reading.continue && e.reading.kind !== 'menu' && (labelsSay(e, FORGOT_PIN_WORDS) || saysAny(e.reading.prompt, FORGOT_PIN_WORDS))).sort(byDepthThenId)[0]
  );
}

// ---- walking and sending ----

/** Transport and protocol failures of one hop are an outcome here; budget and safety stops end the run. */
function rethrowStops(e: unknown): void {
  if (!(e instanceof UssdError) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
}

/** Dials as `msisdn` and sends `path`; transport and protocol failures end the session instead of throwing (look at `screen`). */
export function walk(ctx: UssdTestContext, msisdn: string, path: readonly string[], opts: DialOptions = {}): Promise<UssdSession> {
  return ctx.client.walk(msisdn, path, opts);
}

/** True when the walk reached the screen its path names (every input was answered, no error). */
export function reachedEnd(session: UssdSession, path: readonly string[]): boolean {
  return !session.error && session.screen !== undefined && session.exchanges.length === path.length + 1;
}

/**
 * Sends one more input on an open session; undefined when the session had already ended or the hop failed (a
 * transport or protocol failure ends the session and is kept in `session.error`, the answer is still in the
 * transcript). Budget and safety stops propagate.
 */
export async function sendOn(session: UssdSession, input: string): Promise<UssdScreen | undefined> {
  if (session.ended) return undefined;
  try {
    return await session.send(input);
  } catch (e) {
    rethrowStops(e);
    return undefined;
  }
}

/** Ends a session that is still open the way the gateway would (a release where the dialect has one). */
export async function closeSession(session: UssdSession): Promise<void> {
  if (session.ended) return;
  try {
    await session.release('abort');
  } catch (e) {
    rethrowStops(e);
  }
}

/** Leaves nothing pending after a confirmation screen: answers its "no/cancel" option, or releases the session. */
export async function declinePending(session: UssdSession): Promise<void> {
  if (session.ended) return;
  const key = session.screen ? declineKey(session.screen) : undefined;
  if (key !== undefined) await sendOn(session, key);
  else await closeSession(session);
}

/** The last exchange of a session: its HTTP status, answer body and screen. */
export function lastAnswer(session: UssdSession): { status?: number; body: string; screen?: UssdScreen; entryId?: number } {
  const last = session.exchanges[session.exchanges.length - 1];
  if (!last) return { body: '' };
  return {
    ...(last.entry.response ? { status: last.entry.response.status } : {}),
    body: last.entry.response?.body ?? '',
    ...(last.screen ? { screen: last.screen } : {}),
    ...(last.entry.id > 0 ? { entryId: last.entry.id } : {}),
  };
}

/** The hop the session would send next with `input`: for re-sending or racing one hop outside the session. */
export function nextHopOf(session: UssdSession, input: string): UssdHop | undefined {
  const last = session.exchanges[session.exchanges.length - 1]?.hop;
  if (!last) return undefined;
  return {
    sessionId: session.sessionId,
    msisdn: session.msisdn,
    serviceCode: last.serviceCode,
    input,
    history: [...session.history],
    first: false,
    sequence: session.exchanges.length + 1,
    ...(last.extras ? { extras: last.extras } : {}),
  };
}

/** What transcript ids are taken from: every hop of a session, one entry, or an outcome that holds one. */
export type EntrySource = UssdSession | TranscriptEntry | { entry: TranscriptEntry } | undefined;

/** Transcript entry ids, in order, without the zero of a request that never went out. */
export function entryIds(...sources: readonly EntrySource[]): number[] {
  const out: number[] = [];
  for (const s of sources) {
    if (s === undefined) continue;
    if ('exchanges' in s) out.push(...s.exchanges.map((x) => x.entry.id));
    else out.push('entry' in s ? s.entry.id : s.id);
  }
  return out.filter((id) => id > 0);
}

// ---- driving a flow prompt by prompt ----

export interface TransferPlan {
  recipient: string;
  amount: number;
  pin: string;
}

export type TransferStop =
  /** At a confirmation screen: `commitInput` confirms. */
  | 'at-confirm'
  /** The session ended (the transfer went through, or was refused: read `reading`). */
  | 'ended'
  /** A prompt came back (refused input) or the flow asked something this driver does not answer. */
  | 'stuck';

export interface TransferState {
  session: UssdSession;
  stop: TransferStop;
  reading?: FlowReading;
  /** The input that confirms at the confirmation screen. */
  commitInput?: string;
  /** What was sent at each prompt, in order (`amount`, `pin`…), for messages. */
  steps: FlowScreenKind[];
  /** The amount was refused at its prompt (asked again, or the session ended right after it). */
  amountRefused?: boolean;
}

/**
 * Opens the send-money flow at `entry` as A and answers its prompts (recipient, amount, PIN) until a
 * confirmation screen or the end. Every amount goes through the safety rails first. A prompt asked twice means
 * the service refused the value: the driver stops there rather than guess.
 */
export async function driveTransfer(ctx: UssdTestContext, entry: FlowEntry, plan: TransferPlan, context: string): Promise<TransferState> {
  const session = await walk(ctx, ctx.a.msisdn, entry.path);
  const steps: FlowScreenKind[] = [];
  let reading = readOf(ctx, session.screen);
  for (let i = 0; i < 8; i++) {
    if (!reading || session.ended) {
      const afterAmount = steps[steps.length - 1] === 'amount';
      const refused = afterAmount && (!reading || saysAny(reading.text, REFUSAL_WORDS));
      return { session, stop: 'ended', ...(reading ? { reading } : {}), steps, ...(refused ? { amountRefused: true } : {}) };
    }
    const kind = reading.kind;
    if (kind === 'confirm') {
      const yes = yesOption(reading.options);
      return { session, stop: 'at-confirm', reading, commitInput: yes?.key ?? '1', steps };
    }
    if (steps.includes(kind) || !['recipient', 'amount', 'pin'].includes(kind)) {
      return { session, stop: 'stuck', reading, steps, ...(kind === 'amount' && steps.includes('amount') ? { amountRefused: true } : {}) };
    }
    let input: string;
    if (kind === 'recipient') input = plan.recipient;
    else if (kind === 'amount') {
      ctx.safety.observeAmount(plan.amount, context);
      input = formatAmount(plan.amount);
    } else input = plan.pin;
    steps.push(kind);
    reading = readOf(ctx, await sendOn(session, input));
  }
  return { session, stop: 'stuck', ...(reading ? { reading } : {}), steps };
}

/** The date of birth (YYYY-MM-DD in the target file) in the format the prompt shows, DDMMYYYY when it shows none. */
export function dobAs(prompt: string, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const hint = /\b(dd|jj|mm|yyyy|aaaa|yy|aa)([\s/.-]?)(dd|jj|mm)\2(yyyy|aaaa|yy|aa|dd|jj)\b|\b(yyyy|aaaa)([\s/.-]?)(mm)\6(dd|jj)\b/i.exec(prompt);
  if (!hint) return `${d}${m}${y}`;
  const parts = hint[5] ? [hint[5], hint[7]!, hint[8]!] : [hint[1]!, hint[3]!, hint[4]!];
  const sep = hint[5] ? hint[6]! : hint[2]!;
  const value = (p: string): string => {
    const t = p.toLowerCase();
    if (t === 'dd' || t === 'jj') return d;
    if (t === 'mm') return m;
    if (t === 'yy' || t === 'aa') return y.slice(2);
    return y;
  };
  return parts.map(value).join(sep);
}

export type ResetOutcome =
  | { kind: 'new-pin'; reading: FlowReading; asked: string[] }
  | { kind: 'done'; reading: FlowReading; asked: string[] }
  | { kind: 'out-of-band'; reading: FlowReading; asked: string[] }
  | { kind: 'refused'; reading?: FlowReading; asked: string[] }
  | { kind: 'no-data'; reading: FlowReading; asked: string[]; missing: string }
  | { kind: 'unknown'; reading?: FlowReading; asked: string[] };

/** How a message names what forgot-PIN asked. */
export const NAMES: Record<string, string> = { 'national-id': 'national id', dob: 'date of birth', recipient: 'phone number' };

/**
 * Walks forgot-PIN as `account` with only what an attacker can learn about a subscriber (the number it calls
 * from, the national id, the date of birth) and stops at the first screen that decides: a prompt for the new
 * PIN (the reset is granted; nothing is set), a one-time code or a referral elsewhere, or an end screen.
 */
export async function walkForgotPin(ctx: UssdTestContext, entry: FlowEntry, account: UssdAccount): Promise<{ session: UssdSession; outcome: ResetOutcome }> {
  const session = await walk(ctx, account.msisdn, entry.path);
  const asked: string[] = [];
  let r = readOf(ctx, session.screen);
  const done = async (outcome: ResetOutcome): Promise<{ session: UssdSession; outcome: ResetOutcome }> => {
    await closeSession(session);
    return { session, outcome };
  };
  for (let i = 0; i < 6; i++) {
    if (!r) return done({ kind: 'unknown', asked });
    if (r.kind === 'new-pin' || r.kind === 'confirm-pin') return done({ kind: 'new-pin', reading: r, asked });
    if (r.kind === 'otp') return done({ kind: 'out-of-band', reading: r, asked });
    if (r.kind === 'final') {
      if (saysSuccess(r) && !saysAny(r.text, OUT_OF_BAND_WORDS)) return done({ kind: 'done', reading: r, asked });
      if (saysAny(r.text, OUT_OF_BAND_WORDS)) return done({ kind: 'out-of-band', reading: r, asked });
      return done({ kind: 'refused', reading: r, asked });
    }
    let input: string | undefined;
    if (r.kind === 'national-id') input = account.nationalId;
    else if (r.kind === 'dob') input = account.dob ? dobAs(r.prompt, account.dob) : undefined;
    else if (r.kind === 'recipient') input = account.msisdn;
    if (input === undefined) {
      const missing = r.kind === 'national-id' ? 'nationalId' : r.kind === 'dob' ? 'dob' : '';
      return done(missing ? { kind: 'no-data', reading: r, asked, missing } : { kind: 'unknown', reading: r, asked });
    }
    if (asked.includes(r.kind)) return done({ kind: 'refused', reading: r, asked });
    asked.push(r.kind);
    r = readOf(ctx, await sendOn(session, input));
  }
  return done({ kind: 'unknown', ...(r ? { reading: r } : {}), asked });
}

// ---- driving a gateway session hop by hop ----

export interface HopOutcome {
  entry: TranscriptEntry;
  screen?: UssdScreen;
  error?: { code: string; message: string };
}

/** A screen that continues the session (the application accepted the hop and waits for more). */
export function continues(o: HopOutcome | undefined): o is HopOutcome & { screen: UssdScreen } {
  return o?.screen?.continue === true;
}

/**
 * One gateway session driven hop by hop through the test context. Unlike `UssdSession`, any hop may be sent
 * as another declared caller, after the end, or without credentials: the session tests need exactly that.
 */
export class HopDriver {
  readonly sessionId: string;
  readonly msisdn: string;
  private readonly inputs: string[] = [];
  private extras: Record<string, string>;
  private seq = 0;
  private lastScreen: UssdScreen | undefined;
  private lastHop: UssdHop | undefined;
  private done = false;
  /** Transcript entry ids of every hop sent, in order. */
  readonly entries: number[] = [];

  constructor(
    private readonly ctx: UssdTestContext,
    msisdn: string,
    opts: { sessionId?: string; extras?: Readonly<Record<string, string>> } = {},
  ) {
    this.msisdn = msisdn;
    this.sessionId = opts.sessionId ?? ctx.client.newSessionId();
    this.extras = { ...ctx.target.extras, ...(opts.extras ?? {}) };
  }

  get screen(): UssdScreen | undefined {
    return this.lastScreen;
  }

  /** The inputs sent after the dial, oldest first. */
  get history(): readonly string[] {
    return this.inputs;
  }

  /** True after a final screen or a failed hop (the driver still sends when asked). */
  get ended(): boolean {
    return this.done;
  }

  /** The last hop sent (for notifications and replays). */
  get last(): UssdHop | undefined {
    return this.lastHop;
  }

  /** The next hop as a gateway would build it; `msisdn` overrides the caller for this hop only. */
  hop(input: string, first: boolean, msisdn = this.msisdn): UssdHop {
    const state = this.lastScreen?.hints?.clientState;
    if (typeof state === 'string') this.extras = { ...this.extras, clientState: state };
    return {
      sessionId: this.sessionId,
      msisdn,
      serviceCode: this.ctx.target.serviceCode,
      input,
      history: [...this.inputs],
      first,
      sequence: this.seq + 1,
      ...(Object.keys(this.extras).length ? { extras: { ...this.extras } } : {}),
    };
  }

  async dial(opts: { omitAuth?: boolean } = {}): Promise<HopOutcome> {
    return this.sendHop(this.hop('', true), opts);
  }

  async send(input: string, opts: { msisdn?: string; omitAuth?: boolean } = {}): Promise<HopOutcome> {
    return this.sendHop(this.hop(input, false, opts.msisdn ?? this.msisdn), opts);
  }

  /** Dials and sends each input; stops at a final screen or a failure. Returns the last outcome. */
  async walk(path: readonly string[]): Promise<HopOutcome> {
    let out = await this.dial();
    for (const input of path) {
      if (!continues(out)) break;
      out = await this.send(input);
    }
    return out;
  }

  /** The dialect's release (abort or timeout) message, when it has one; undefined otherwise. */
  async release(reason: 'abort' | 'timeout'): Promise<HopOutcome | undefined> {
    const release = this.ctx.dialect.release;
    if (!release) return undefined;
    const hop = this.hop('', false);
    this.ctx.client.assertCaller(hop.msisdn);
    const sent = await this.ctx.sendRaw(release.call(this.ctx.dialect, hop, reason));
    this.seq++;
    this.lastHop = hop;
    this.done = true;
    if (sent.entry.id) this.entries.push(sent.entry.id);
    return { entry: sent.entry, ...(sent.error ? { error: sent.error } : {}) };
  }

  private async sendHop(hop: UssdHop, opts: { omitAuth?: boolean }): Promise<HopOutcome> {
    const out = await this.ctx.sendHop(hop, opts.omitAuth ? { omitAuth: true } : {});
    this.seq++;
    this.lastHop = hop;
    if (!hop.first) this.inputs.push(hop.input);
    if (out.entry.id) this.entries.push(out.entry.id);
    if (out.screen) {
      this.lastScreen = out.screen;
      this.done = !out.screen.continue;
    } else {
      this.done = true;
    }
    return out;
  }
}

/** Builds a hop in a fresh session for requests the driver does not model (a first hop with a deep path…). */
export function freshHop(ctx: UssdTestContext, msisdn: string, fields: Partial<UssdHop> = {}): UssdHop {
  return {
    sessionId: ctx.client.newSessionId(),
    msisdn,
    serviceCode: ctx.target.serviceCode,
    input: '',
    history: [],
    first: true,
    sequence: 1,
    ...(Object.keys(ctx.target.extras).length ? { extras: { ...ctx.target.extras } } : {}),
    ...fields,
  };
}

/**
 * Sends a hop with its request changed (headers added, credentials dropped) and reads the screen: `sendHop`
 * cannot add headers, so this goes through `sendRaw` and parses the answer with the dialect itself.
 */
export async function sendHopWith(
  ctx: UssdTestContext,
  hop: UssdHop,
  change: { headers?: Readonly<Record<string, string>>; omitAuth?: boolean },
): Promise<HopOutcome & { status?: number }> {
  ctx.client.assertCaller(hop.msisdn);
  const base = ctx.dialect.request(hop);
  const request: UssdHttpRequest = { ...base, headers: { ...base.headers, ...(change.headers ?? {}) } };
  const sent = await ctx.sendRaw(request, change.omitAuth ? { omitAuth: true } : {});
  if (sent.error || !sent.entry.response) return { entry: sent.entry, ...(sent.error ? { error: sent.error } : {}) };
  try {
    const screen = ctx.dialect.parse(sent.entry.response, hop);
    sent.entry.screen = screen;
    return { entry: sent.entry, screen, status: sent.entry.response.status };
  } catch (e) {
    const error = { code: (e as { code?: string }).code ?? 'DFSLAB_E_USSD_PROTOCOL', message: e instanceof Error ? e.message : String(e) };
    return { entry: sent.entry, error, status: sent.entry.response.status };
  }
}

// ---- routes to the subscriber's own data, and a transfer up to its confirmation ----

/** Words of menu options that lead to the subscriber's profile. */
const PROFILE_WORDS = ['my account', 'account', 'profile', 'my details', 'my info', 'compte', 'mon compte', 'profil', 'akaunti', 'akaunti yangu', 'cuenta', 'mi cuenta', 'perfil', 'conta', 'minha conta'];

/**
 * What of `account` a screen shows: its holder's name (two words of the declared name, or the whole of a
 * one-word name), its national id, or a balance (a balance word followed by a number on the same line).
 */
export function personalDataIn(text: string, account: UssdAccount): string[] {
  const found: string[] = [];
  const norm = normalizeText(text);
  if (account.name) {
    const words = normalizeText(account.name).split(' ').filter((w) => w.length >= 3);
    const present = words.filter((w) => new RegExp(`(?:^|[^\\p{L}])${w}(?=$|[^\\p{L}])`, 'u').test(norm));
    if (words.length > 0 && present.length >= Math.min(2, words.length)) found.push('name');
  }
  if (account.nationalId && account.nationalId.length >= 5 && text.includes(account.nationalId)) found.push('national id');
  if (balanceOnScreen(text, { sameLine: true }) !== undefined) found.push('balance');
  return found;
}

/** A way to a screen with the subscriber's own data, possibly through a PIN prompt. */
export interface DataRoute {
  /** Menu choices from the first screen. */
  path: string[];
  /** The screen at `path` asks for the PIN first. */
  viaPin: boolean;
  /** The option label that names it (`My Balance`). */
  label: string;
  kind: 'balance' | 'statement' | 'profile' | 'other';
}

function routeKind(label: string, text: string): DataRoute['kind'] | undefined {
  if (saysAny(label, BALANCE_WORDS)) return 'balance';
  if (saysAny(label, STATEMENT_WORDS)) return 'statement';
  if (saysAny(label, PROFILE_WORDS)) return 'profile';
  if (saysAny(text, BALANCE_WORDS)) return 'balance';
  return undefined;
}

/**
 * Routes to the subscriber's own data, from the menu map: screens reached by menu choices only, whose option
 * says balance, statement or account, either shown directly or behind a PIN prompt (not the PIN prompts of
 * PIN management flows). PIN-guarded routes first, then balance before statement before profile, shallow first.
 */
export function dataRoutes(map: MenuMap, prompts?: Partial<Record<PromptKind, readonly string[]>>): DataRoute[] {
  const out: DataRoute[] = [];
  const byId = nodeById(map);
  const seen = new Set<string>();
  // Edges, not nodes: two options that lead to the same "Enter PIN" screen are one node in the map but two
  // routes (balance and statement).
  for (const parent of map.nodes) {
    if (parent.kind !== 'menu' || !reachedByMenusOnly(map, parent)) continue;
    for (const option of parent.options) {
      const edge = parent.children.find((c) => c.input === option.key);
      const node = edge ? byId.get(edge.node) : undefined;
      if (!node) continue;
      const path = [...parent.path, option.key];
      const key = JSON.stringify(path);
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = routeKind(option.label, node.text);
      if (node.kind === 'pin') {
        if (saysAny(`${option.label}\n${node.text}`, PIN_MANAGEMENT_WORDS)) continue;
        if (mentions('confirm', node.text, prompts)) continue;
        out.push({ path, viaPin: true, label: option.label, kind: kind ?? 'other' });
      } else if ((node.kind === 'menu' || node.kind === 'final') && kind !== undefined && !isNavigationLabel(option.label)) {
        out.push({ path, viaPin: false, label: option.label, kind });
      }
    }
  }
  const order = { balance: 0, statement: 1, profile: 2, other: 3 } as const;
  return out.sort((a, b) => Number(b.viaPin) - Number(a.viaPin) || order[a.kind] - order[b.kind] || a.path.length - b.path.length || (JSON.stringify(a.path) < JSON.stringify(b.path) ? -1 : 1));
}

/**
 * Walks a data route as `account`: menu choices, then the account's PIN when (and only when) the screen
 * reached asks for it. The PIN is never typed anywhere else.
 */
export async function walkRoute(ctx: UssdTestContext, route: Pick<DataRoute, 'path'>, account: UssdAccount, opts: { enterPin?: boolean } = {}): Promise<{ driver: HopDriver; outcome: HopOutcome; pinEntered: boolean }> {
  const driver = new HopDriver(ctx, account.msisdn);
  let outcome = await driver.walk(route.path);
  let pinEntered = false;
  if (opts.enterPin !== false && continues(outcome) && driver.history.length === route.path.length && kindOf(ctx, outcome.screen) === 'pin') {
    outcome = await driver.send(account.pin);
    pinEntered = true;
  }
  return { driver, outcome, pinEntered };
}

/** What a transcript entry's hop had typed so far (its screen's path in the menu). */
export function pathOfEntry(entry: TranscriptEntry): string[] | undefined {
  return entry.hop ? inputsSoFar(entry.hop) : undefined;
}

export function pathLabel(path: readonly string[]): string {
  return path.length === 0 ? '(first screen)' : path.map((p) => (p === '' ? '(blank)' : p)).join('>');
}

/**
 * From a transfer's first prompt, answers each prompt the way a subscriber would (B's number, the smallest
 * amount, A's PIN) until the confirmation screen, and stops there: the transaction is pending, never confirmed.
 * Returns the driver at the confirmation, or why it could not get there. Unlike `driveTransfer` it runs on a
 * `HopDriver`, so the hops that follow (a spoofed notification, a cancel) can be sent as another caller.
 */
export async function walkToConfirmation(ctx: UssdTestContext, start: Pick<PromptAt, 'path'>, payer: UssdAccount, payee: UssdAccount): Promise<{ driver: HopDriver; confirm?: HopOutcome; amount?: number; reason?: string }> {
  const amount = smallAmount(ctx);
  const driver = new HopDriver(ctx, payer.msisdn);
  if (amount === undefined) return { driver, reason: 'the target declares no allowedAmount, so no transfer may be prepared' };
  let out = await driver.walk(start.path);
  const answered = new Set<ScreenKind | 'none'>();
  for (let step = 0; step < 6; step++) {
    if (!continues(out)) return { driver, reason: `the flow ended before a confirmation (${out.screen ? JSON.stringify(out.screen.text.slice(0, 60)) : out.error?.code ?? 'no answer'})` };
    const kind = kindOf(ctx, out.screen);
    if (kind === 'confirm') return { driver, confirm: out, amount };
    if (answered.has(kind)) return { driver, reason: `the ${kind} prompt came back (the answer was refused)` };
    answered.add(kind);
    if (kind === 'recipient') out = await driver.send(payee.msisdn);
    else if (kind === 'amount') {
      ctx.safety.observeAmount(amount, 'amount entered in a transfer that is prepared but never confirmed');
      out = await driver.send(formatAmount(amount));
    } else if (kind === 'pin') {
      // The PIN after an amount authorises the transfer on some services; the next screen is checked, and
      // anything but a confirmation ends the walk.
      out = await driver.send(payer.pin);
      if (continues(out) && kindOf(ctx, out.screen) === 'confirm') return { driver, confirm: out, amount };
      if (!continues(out)) return { driver, reason: `the service ended the flow after the PIN (${JSON.stringify(out.screen?.text.slice(0, 80) ?? out.error?.code ?? '')}); check the test accounts` };
    } else return { driver, reason: `the flow asked something the harness does not answer (${kind})` };
  }
  return { driver, reason: 'no confirmation screen within six prompts' };
}
