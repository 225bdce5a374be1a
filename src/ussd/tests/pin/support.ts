/**
 * @module ussd/tests/pin/support
 * What the PIN and money test cases share: reading a screen a little further than `prompts.ts` does (new-PIN,
 * confirm-new-PIN, national-id, date-of-birth and one-time-code prompts; outcomes such as "locked" or
 * "success"), finding a flow in the menu map by what its screens ask rather than by menu numbers, and driving
 * a session through a flow prompt by prompt.
 *
 * Everything here is generic: a flow is recognised from the crawl's screen kinds and the option labels on the
 * way to it (in the languages `prompts.ts` covers), never from a particular provider's menu.
 */
import { ErrorCodes, UssdError } from '../../../errors.js';
import type { MenuMap, MenuNode } from '../../crawler.js';
import { classifyScreen, normalizeText, parseMenuOptions, type MenuOption, type PromptKind, type ScreenKind } from '../../prompts.js';
import type { DialOptions, UssdSession } from '../../session.js';
import type { UssdAccount } from '../../target.js';
import type { TranscriptEntry, UssdHop, UssdScreen } from '../../types.js';
import type { UssdTestContext } from '../types.js';

// ---- keywords (lower case, accents removed; matched on word boundaries like prompts.ts) ----

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
/** What the answer to a wrong PIN says (narrower than REFUSAL_WORDS: a balance screen may well mention a "limit"). */
export const PIN_REFUSAL_WORDS = [
  ...LOCK_WORDS,
  'wrong', 'incorrect', 'invalid', 'not valid', 'denied', 'failed', 'not match', 'do not match', 'try again', 'erronee', 'errone',
  'invalide', 'echec', 'si sahihi', 'umekosea', 'imekosewa', 'incorrecto', 'incorrecta', 'invalido', 'incorreto', 'incorreta',
];
export const SUCCESS_WORDS = [
  'success', 'successful', 'successfully', 'confirmed', 'completed', 'sent', 'changed', 'updated', 'has been reset', 'new balance', 'done',
  'reussi', 'reussie', 'effectue', 'effectuee', 'confirme', 'confirmee', 'envoye', 'envoyee', 'modifie', 'modifiee',
  'imefanikiwa', 'umetuma', 'imebadilishwa', 'imethibitishwa', 'exitoso', 'exitosa', 'realizado', 'realizada', 'enviado',
  'cambiado', 'confirmado', 'sucesso', 'alterado', 'alterada',
];
export const BALANCE_WORDS = ['balance', 'bal', 'my balance', 'check balance', 'solde', 'salio', 'saldo', 'angalia salio', 'consulter solde'];
export const STATEMENT_WORDS = ['statement', 'mini statement', 'history', 'releve', 'historique', 'taarifa', 'extracto', 'extrato', 'historial'];
export const SEND_WORDS = [
  'send', 'send money', 'transfer', 'p2p', 'envoyer', 'envoi', 'transfert', 'transferer', 'tuma', 'tuma pesa', 'kutuma',
  'enviar', 'transferir', 'transferencia', 'envio',
];
/** Flows that take a number and an amount but are not a transfer to another subscriber. */
export const NOT_TRANSFER_WORDS = [
  'airtime', 'bundle', 'bundles', 'data', 'recharge', 'top up', 'top-up', 'topup', 'credit', 'pay bill', 'paybill', 'bill', 'bills',
  'merchant', 'buy goods', 'withdraw', 'loan', 'loans', 'savings', 'credit d appel', 'forfait', 'facture', 'retrait', 'muda wa maongezi',
  'vifurushi', 'lipa', 'toa pesa', 'recarga', 'factura', 'retiro', 'fatura', 'levantamento',
];
export const CHANGE_PIN_WORDS = [
  'change pin', 'change my pin', 'change password', 'pin change', 'modify pin', 'update pin', 'changer', 'modifier', 'changer le code',
  'badilisha', 'badili', 'cambiar', 'modificar', 'alterar', 'mudar',
];
export const FORGOT_PIN_WORDS = [
  'forgot', 'forgotten', 'reset pin', 'pin reset', 'reset', 'recover', 'oublie', 'reinitialiser', 'umesahau', 'sahau', 'olvide',
  'olvido', 'restablecer', 'esqueci', 'redefinir', 'recuperar',
];

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

// ---- reading screens ----

export type FlowScreenKind = ScreenKind | 'new-pin' | 'confirm-pin' | 'national-id' | 'dob' | 'otp';

export interface FlowReading {
  kind: FlowScreenKind;
  options: MenuOption[];
  /** The lines that are not options. */
  prompt: string;
  text: string;
  continue: boolean;
}

const YES = /^(yes|y|ok|accept|agree|confirm\w*|send|pay|proceed|continue|oui|accepter|valider|confirmer|ndio|ndiyo|kubali|thibitisha|endelea|si|aceptar|confirmar|sim|aceitar|continuar)\b/;
const NO = /^(no|n|cancel|abort|back|non|annuler|retour|hapana|ghairi|sitisha|cancelar|nao|voltar|regresar)\b/;

/** The option that says "yes, do it" on a confirmation screen, if any. */
export function yesOption(options: readonly MenuOption[]): MenuOption | undefined {
  return options.find((o) => YES.test(normalizeText(o.label)));
}

/** The option that cancels on a confirmation screen, if any. */
export function noOption(options: readonly MenuOption[]): MenuOption | undefined {
  return options.find((o) => NO.test(normalizeText(o.label)));
}

/**
 * `classifyScreen` plus the prompts the PIN tests need. Order matters: a screen headed "Forgot PIN" that asks
 * for the national id is an id prompt, and a confirmation screen with Yes/No options stays a confirmation even
 * when it shows a PIN (that echo is itself a finding for USSD-PIN-03).
 */
export function readScreen(screen: UssdScreen, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowReading {
  const base = classifyScreen(screen, extra);
  const out = (kind: FlowScreenKind): FlowReading => ({ kind, options: base.options, prompt: base.prompt, text: screen.text, continue: screen.continue });
  if (!screen.continue) return out('final');
  if (yesOption(base.options) && noOption(base.options) && base.options.length <= 4) return out('confirm');
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

export type PinOutcome = 'accepted' | 'wrong' | 'locked';

/** What the answer to a PIN entry says: let in, wrong PIN (prompt again or a refusal), or locked/backed off. */
export function pinOutcome(r: FlowReading): PinOutcome {
  if (saysAny(r.text, LOCK_WORDS)) return 'locked';
  if (r.kind === 'pin') return 'wrong';
  if (saysAny(r.text, PIN_REFUSAL_WORDS)) return 'wrong';
  return 'accepted';
}

/** "2 attempts left", "tentatives restantes : 2"… the remaining count a failure counter shows, if any. */
export function attemptsLeft(text: string): number | undefined {
  const t = normalizeText(text);
  const m =
    /(\d+)\s*(?:more\s+)?(?:attempts?|tries|try|essais?|tentatives?|majaribio|intentos?|tentativas?)\b/.exec(t) ??
    /(?:attempts?|tentatives?|majaribio|intentos?|tentativas?)[^\d]{0,20}(\d+)/.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** One line of at most 100 characters, for quoting a screen in a message. */
export function shortText(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 100 ? `${t.slice(0, 99)}…` : t;
}

// ---- amounts on screens ----

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

/**
 * The balance a screen shows: the first money figure after a balance word, else the only money figure on the
 * screen. Long digit runs (phone numbers, references) are not money.
 */
export function balanceOnScreen(text: string): number | undefined {
  // Option keys ("1. Balance", "00. Home") are not figures.
  const norm = normalizeText(text.split(/\r?\n/).filter((l) => parseMenuOptions(l).length === 0).join('\n'));
  const kw = patternOf(BALANCE_WORDS).exec(norm);
  const figures = (from: string): number[] => {
    const out: number[] = [];
    for (const m of from.matchAll(MONEY)) {
      const v = parseMoney(m[1]!);
      if (v !== undefined) out.push(v);
    }
    return out;
  };
  if (kw) {
    const after = figures(norm.slice(kw.index + kw[0].length));
    if (after.length) return after[0];
  }
  const all = figures(norm);
  return all.length === 1 ? all[0] : undefined;
}

// ---- the menu map ----

export interface FlowEntry {
  node: MenuNode;
  /** Inputs after the dial that reach the node. */
  path: string[];
  /** The option labels chosen on the way (the input itself when the screen had no such option). */
  labels: string[];
  reading: FlowReading;
}

function nodeReading(node: MenuNode, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowReading | undefined {
  if (node.kind === 'error') return undefined;
  return readScreen({ continue: node.continue, text: node.text }, extra);
}

/** Every screen of the map with the labels on its path; nodes met through cycles appear once, at their first path. */
export function mapEntries(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry[] {
  const byId = new Map(map.nodes.map((n) => [n.id, n]));
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

const labelsSay = (e: FlowEntry, words: readonly string[]): boolean => e.labels.some((l) => saysAny(l, words));
const byDepthThenId = (a: FlowEntry, b: FlowEntry): number => a.path.length - b.path.length || Number(a.node.id.slice(1)) - Number(b.node.id.slice(1));

/**
 * PIN prompts that check the current PIN without moving money, best first: the balance, then the statement,
 * then other ones, then the old-PIN prompt of change-PIN (entering a PIN there is harmless too).
 */
export function pinEntries(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry[] {
  const rank = (e: FlowEntry): number =>
    labelsSay(e, FORGOT_PIN_WORDS) ? 9 : labelsSay(e, BALANCE_WORDS) ? 0 : labelsSay(e, STATEMENT_WORDS) ? 1 : labelsSay(e, CHANGE_PIN_WORDS) || saysAny(e.reading.prompt, CHANGE_PIN_WORDS) ? 3 : 2;
  return mapEntries(map, extra)
    .filter((e) => e.reading.kind === 'pin' && rank(e) < 9 && !labelsSay(e, SEND_WORDS) && !labelsSay(e, NOT_TRANSFER_WORDS))
    .sort((a, b) => rank(a) - rank(b) || byDepthThenId(a, b));
}

/** Where the balance is: a PIN prompt under a balance option, or a balance shown without one. */
export function balanceEntry(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry | undefined {
  const all = mapEntries(map, extra).filter((e) => labelsSay(e, BALANCE_WORDS)).sort(byDepthThenId);
  return all.find((e) => e.reading.kind === 'pin') ?? all.find((e) => balanceOnScreen(e.node.text) !== undefined);
}

/** The first prompt of the send-money flow: a recipient or amount prompt under a "send/transfer" option, else any such prompt outside airtime, bills… */
export function transferEntry(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry | undefined {
  const prompts = mapEntries(map, extra).filter((e) => (e.reading.kind === 'recipient' || e.reading.kind === 'amount') && !labelsSay(e, NOT_TRANSFER_WORDS));
  return prompts.filter((e) => labelsSay(e, SEND_WORDS)).sort(byDepthThenId)[0] ?? prompts.filter((e) => e.reading.kind === 'recipient').sort(byDepthThenId)[0];
}

/** The first prompt of change-PIN: the old PIN (or directly the new one) under a "change PIN" option. */
export function changePinEntry(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry | undefined {
  return mapEntries(map, extra)
    .filter((e) => (e.reading.kind === 'pin' || e.reading.kind === 'new-pin') && (labelsSay(e, CHANGE_PIN_WORDS) || saysAny(e.reading.prompt, CHANGE_PIN_WORDS)))
    .sort(byDepthThenId)[0];
}

/** The first prompt of forgot-PIN: an id or birth-date prompt, or any prompt under a "forgot/reset PIN" option. */
export function forgotPinEntry(map: MenuMap, extra?: Partial<Record<PromptKind, readonly string[]>>): FlowEntry | undefined {
  const all = mapEntries(map, extra);
  const idPrompt = all.filter((e) => e.reading.kind === 'national-id' || e.reading.kind === 'dob').sort(byDepthThenId)[0];
  return (
    idPrompt ??
    all.filter((e) => e.reading.continue && e.reading.kind !== 'menu' && (labelsSay(e, FORGOT_PIN_WORDS) || saysAny(e.reading.prompt, FORGOT_PIN_WORDS))).sort(byDepthThenId)[0]
  );
}

// ---- driving sessions ----

/** Transport and protocol failures of one hop are an outcome here; budget and safety stops end the run. */
function rethrowStops(e: unknown): void {
  if (!(e instanceof UssdError) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
}

/** Dials as `msisdn` (A by default) and walks `path`; the session may have ended early (look at `screen`). */
export async function openAt(ctx: UssdTestContext, path: readonly string[], msisdn = ctx.a.msisdn, opts: DialOptions = {}): Promise<UssdSession> {
  return ctx.client.walk(msisdn, path, opts);
}

/** Sends one input; undefined when the hop failed or the session had already ended. */
export async function sendInput(session: UssdSession, input: string): Promise<UssdScreen | undefined> {
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

/** Transcript ids of the session's hops. */
export function idsOf(...sessions: readonly UssdSession[]): number[] {
  return sessions.flatMap((s) => s.exchanges.map((x) => x.entry.id)).filter((id) => id > 0);
}

export function lastEntry(session: UssdSession): TranscriptEntry | undefined {
  return session.exchanges[session.exchanges.length - 1]?.entry;
}

/** The hop the session would send next with `input`: for re-sending or racing one hop outside the driver. */
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

export function readOf(ctx: UssdTestContext, screen: UssdScreen | undefined): FlowReading | undefined {
  return screen ? readScreen(screen, ctx.target.prompts) : undefined;
}

/** A wrong PIN of the same length for attempt `k` (0-based): every digit shifted, a different shift each time. */
export function wrongPin(pin: string, k: number): string {
  const shift = 1 + (k % 9);
  return [...pin].map((c) => (/\d/.test(c) ? String((Number(c) + shift) % 10) : c)).join('');
}

export interface PinTry {
  session: UssdSession;
  /** The screen the PIN prompt answered with, or why there was no PIN prompt. */
  reading?: FlowReading;
  /** The session did not reach a PIN prompt; the screen it reached instead. */
  notAtPrompt?: FlowReading;
  outcome?: PinOutcome;
}

/** New session to the PIN prompt at `entry`, then one PIN. */
export async function tryPin(ctx: UssdTestContext, entry: FlowEntry, pin: string): Promise<PinTry> {
  const session = await openAt(ctx, entry.path);
  const at = readOf(ctx, session.screen);
  if (!at || at.kind !== 'pin' || session.ended) {
    await closeSession(session);
    return { session, ...(at ? { notAtPrompt: at } : {}) };
  }
  const reading = readOf(ctx, await sendInput(session, pin));
  await closeSession(session);
  return reading ? { session, reading, outcome: pinOutcome(reading) } : { session };
}

// ---- money flows (shared with the money family) ----

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

function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/**
 * Opens the send-money flow at `entry` and answers its prompts (recipient, amount, PIN) until a confirmation
 * screen or the end. Every amount goes through the safety rails first. A prompt asked twice means the service
 * refused the value: the driver stops there rather than guess.
 */
export async function driveTransfer(ctx: UssdTestContext, entry: FlowEntry, plan: TransferPlan, context: string): Promise<TransferState> {
  const session = await openAt(ctx, entry.path);
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
    reading = readOf(ctx, await sendInput(session, input));
  }
  return { session, stop: 'stuck', ...(reading ? { reading } : {}), steps };
}

/** Whether a final screen says the transaction went through (and not that it failed). */
export function saysSuccess(r: FlowReading | undefined): boolean {
  return r !== undefined && saysAny(r.text, SUCCESS_WORDS) && !saysAny(r.text, REFUSAL_WORDS);
}

// ---- forgot-PIN (shared with the SIM-swap test) ----

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

/**
 * Walks forgot-PIN as `account` with only what an attacker can learn about a subscriber (the number it calls
 * from, the national id, the date of birth) and stops at the first screen that decides: a prompt for the new
 * PIN (the reset is granted; nothing is set), a one-time code or a referral elsewhere, or an end screen.
 */
export async function walkForgotPin(ctx: UssdTestContext, entry: FlowEntry, account: UssdAccount): Promise<{ session: UssdSession; outcome: ResetOutcome }> {
  const session = await openAt(ctx, entry.path, account.msisdn);
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
    r = readOf(ctx, await sendInput(session, input));
  }
  return done({ kind: 'unknown', ...(r ? { reading: r } : {}), asked });
}

export const NAMES: Record<string, string> = { 'national-id': 'national id', dob: 'date of birth', recipient: 'phone number' };
