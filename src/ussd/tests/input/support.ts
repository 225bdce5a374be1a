/**
 * @module ussd/tests/input/support
 * What the input, authz and abuse test cases share: reading a screen with the target's own prompt keywords,
 * walking to a node of the menu map, locating a money flow (recipient → amount → PIN/confirm) or a PIN prompt
 * by screen classification only, and recognising leaked internals in an answer. Nothing here knows a
 * provider's menu numbers or texts: a flow is found from what its screens ask.
 */
import { ErrorCodes, UssdError } from '../../../errors.js';
import type { MenuMap, MenuNode } from '../../crawler.js';
import { classifyScreen, normalizeText, type ScreenKind } from '../../prompts.js';
import type { UssdSession } from '../../session.js';
import type { UssdScreen } from '../../types.js';
import type { UssdTestContext } from '../types.js';

/** The kind of a screen as this target's keywords read it; `none` when no screen came back. */
export function kindOf(ctx: Pick<UssdTestContext, 'target'>, screen: UssdScreen | undefined): ScreenKind | 'none' {
  if (!screen) return 'none';
  return classifyScreen(screen, ctx.target.prompts).kind;
}

/** Transcript entry ids of every hop of a session, in order. */
export function entryIds(session: UssdSession | undefined): number[] {
  return session ? session.exchanges.map((x) => x.entry.id).filter((id) => id > 0) : [];
}

/** The id of a session's last transcript entry (the answer a decision rests on). */
export function lastEntryId(session: UssdSession): number[] {
  const last = session.exchanges[session.exchanges.length - 1];
  return last && last.entry.id > 0 ? [last.entry.id] : [];
}

/** True when the walk reached the screen its path names (every input was answered, no error). */
export function reachedEnd(session: UssdSession, path: readonly string[]): boolean {
  return !session.error && session.screen !== undefined && session.exchanges.length === path.length + 1;
}

/** Dials as `msisdn` and sends `path`; transport and protocol failures end the session instead of throwing. */
export function walk(ctx: UssdTestContext, msisdn: string, path: readonly string[]): Promise<UssdSession> {
  return ctx.client.walk(msisdn, path);
}

/**
 * Sends one more input on an open session. A transport or protocol failure ends the session and is kept in
 * `session.error` (the answer is still in the transcript); budget and safety stops propagate.
 */
export async function sendOn(session: UssdSession, input: string): Promise<UssdScreen | undefined> {
  if (session.ended) return undefined;
  try {
    return await session.send(input);
  } catch (e) {
    if (!(e instanceof UssdError) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
    return undefined;
  }
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

// ---- the menu map ----

export function nodeById(map: MenuMap): Map<string, MenuNode> {
  return new Map(map.nodes.map((n) => [n.id, n]));
}

/** The option labels chosen along a node's path (what a tester reads: `Mini Statement > Another account`). */
export function pathLabels(map: MenuMap, node: MenuNode): string[] {
  const byPath = new Map(map.nodes.map((n) => [JSON.stringify(n.path), n]));
  const labels: string[] = [];
  for (let i = 0; i < node.path.length; i++) {
    const parent = byPath.get(JSON.stringify(node.path.slice(0, i)));
    const input = node.path[i]!;
    const label = parent?.options.find((o) => o.key === input)?.label;
    labels.push(label ?? input);
  }
  return labels;
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

const words = (list: readonly string[]): RegExp => new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${list.join('|')})(?=$|[^\\p{L}\\p{N}])`, 'u');

/** Menu labels of functions that move money (English, French, Swahili, Spanish, Portuguese). */
export const MONEY_WORDS = words([
  'send', 'transfer', 'pay', 'payment', 'buy', 'airtime', 'withdraw\\w*', 'deposit', 'cash ?out', 'top ?up', 'loan',
  'envoyer', 'transfert', 'payer', 'paiement', 'acheter', 'retrait', 'credit',
  'tuma', 'lipa', 'nunua', 'toa', 'weka',
  'enviar', 'transferir', 'pagar', 'pago', 'comprar', 'retirar', 'recarga',
]);
/** Menu labels of functions that show account data. */
export const LOOKUP_WORDS = words([
  'statement', 'history', 'account', 'accounts', 'balance', 'enquiry', 'inquiry', 'transactions?', 'check',
  'releve', 'historique', 'solde', 'compte', 'consulter',
  'taarifa', 'salio', 'akaunti', 'angalia',
  'consulta', 'extracto', 'saldo', 'cuenta', 'conta', 'extrato',
]);
/** Labels that point at someone else's account. */
export const OTHER_WORDS = words(['another', 'other', 'someone', 'third party', 'autre', 'tiers', 'mwingine', 'nyingine', 'otro', 'otra', 'outro', 'outra']);
/** Labels that go back rather than forward. */
export const BACK_WORDS = words(['back', 'home', 'exit', 'cancel', 'main menu', 'menu', 'previous', 'retour', 'accueil', 'quitter', 'rudi', 'nyuma', 'toka', 'volver', 'salir', 'voltar', 'sair', 'inicio']);
/** Labels of PIN management (a wrong PIN there is still a failure, but the flow after it changes credentials). */
export const PIN_CHANGE_WORDS = words(['change', 'reset', 'forgot', 'new', 'modifier', 'changer', 'oublie', 'badilisha', 'sahau', 'cambiar', 'olvide', 'alterar', 'esqueci']);

/** A prompt of the map and one way to reach it (the crawler merges identical prompts under one parent). */
export interface PromptAt {
  node: MenuNode;
  /** Inputs after the dial that reach the prompt. */
  path: string[];
  /** Option labels along the path (`Mini Statement`). */
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
    const labels = normalizeText(p.labels.join(' > '));
    return (LOOKUP_WORDS.test(labels) ? 2 : 0) - (PIN_CHANGE_WORDS.test(labels) ? 3 : 0) - (MONEY_WORDS.test(labels) ? 1 : 0);
  };
  return promptsAt(map, ['pin'])
    .map((p, i) => ({ p, i, s: score(p) }))
    .sort((x, y) => y.s - x.s || x.i - y.i)
    .map((x) => x.p);
}

// ---- amounts and PINs ----

/** A small real amount within the allowance (1 unit, or the allowance itself when it is below one unit). */
export function smallAmount(ctx: Pick<UssdTestContext, 'target'>): number | undefined {
  const limit = ctx.target.allowedAmount;
  if (limit === undefined || !(limit > 0)) return undefined;
  return limit >= 1 ? 1 : limit;
}

export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** A PIN of the same length that differs from `pin` in every digit (so it can never be the right one). */
export function wrongPin(pin: string, k = 0): string {
  const shift = (k % 9) + 1;
  return [...pin].map((c) => (/\d/.test(c) ? String((Number(c) + shift) % 10) : c)).join('');
}

// ---- money flows ----

export interface MoneyFlow {
  /** The prompt the flow starts from (a recipient or amount prompt). */
  start: PromptAt;
  /** Inputs after the dial that reach the amount prompt. */
  toAmount: string[];
  /** The recipient typed on the way, when the flow asked for one. */
  recipient?: string;
  /** What the flow asks right after a valid amount: `pin` or `confirm`. */
  afterAmount: 'pin' | 'confirm';
  /** Screen kinds of the normal flow, from the start node to the screen after the amount. */
  sequence: Array<ScreenKind | 'none'>;
  /** The reference walk (evidence of the normal sequence). */
  transcript: number[];
}

/**
 * Finds a flow that asks (recipient →) amount → PIN or confirmation, by walking the prompts of the map with the
 * declared recipient and a small amount. It never answers a PIN or a confirmation, so nothing moves. The
 * amount is observed by the safety rails before it is typed.
 */
export async function findMoneyFlow(
  ctx: UssdTestContext,
  opts: { amount: number; recipient?: string; maxCandidates?: number; requireRecipient?: boolean },
): Promise<MoneyFlow | { reason: string; transcript: number[] }> {
  const map = ctx.menu;
  if (!map) return { reason: 'no menu map (the crawl did not run or failed)', transcript: [] };
  const recipient = opts.recipient ?? ctx.b?.msisdn;
  const prompts = promptsAt(map, opts.requireRecipient ? ['recipient'] : ['recipient', 'amount']);
  // Flows that ask for a recipient first are the send-money shape; amount-only flows (own airtime) come next.
  const ordered = [...prompts.filter((p) => p.node.kind === 'recipient'), ...prompts.filter((p) => p.node.kind === 'amount')].slice(0, opts.maxCandidates ?? 3);
  if (ordered.length === 0) return { reason: 'the menu map has no recipient or amount prompt (no money flow found)', transcript: [] };
  const tried: number[] = [];
  let observed = false;
  for (const start of ordered) {
    if (start.node.kind === 'recipient' && recipient === undefined) continue;
    const session = await walk(ctx, ctx.a.msisdn, start.path);
    tried.push(...entryIds(session));
    if (!reachedEnd(session, start.path) || kindOf(ctx, session.screen) !== start.node.kind) continue;
    const sequence: Array<ScreenKind | 'none'> = [start.node.kind];
    let typedRecipient: string | undefined;
    if (start.node.kind === 'recipient') {
      typedRecipient = recipient!;
      const s = await sendOn(session, typedRecipient);
      tried.push(...lastEntryId(session));
      sequence.push(kindOf(ctx, s));
      if (kindOf(ctx, s) !== 'amount') continue;
    }
    const toAmount = [...session.history];
    if (!observed) {
      ctx.safety.observeAmount(opts.amount, `${ctx.client.serviceCode}: amount typed at ${toAmount.join('>')}`);
      observed = true;
    }
    const after = await sendOn(session, formatAmount(opts.amount));
    tried.push(...lastEntryId(session));
    const k = kindOf(ctx, after);
    sequence.push(k);
    if (k === 'pin' || k === 'confirm') {
      return {
        start,
        toAmount,
        ...(typedRecipient !== undefined ? { recipient: typedRecipient } : {}),
        afterAmount: k,
        sequence,
        transcript: entryIds(session),
      };
    }
  }
  return { reason: `no prompt of the map led to an amount followed by a PIN or confirmation (tried ${ordered.length})`, transcript: tried };
}

export function isFlow(x: MoneyFlow | { reason: string }): x is MoneyFlow {
  return 'toAmount' in x;
}

const YES_OR_NO = /^(no|n|cancel\w*|non|annuler|hapana|ghairi|sitisha|cancelar|nao|anular)\b/;

/** The option of a confirmation screen that declines (so a test can leave nothing pending). */
export function declineKey(ctx: Pick<UssdTestContext, 'target'>, screen: UssdScreen): string | undefined {
  const reading = classifyScreen(screen, ctx.target.prompts);
  return reading.options.find((o) => YES_OR_NO.test(normalizeText(o.label)))?.key;
}

/** Leaves nothing pending after a confirmation screen: answers its "no/cancel" option, or releases the session. */
export async function declinePending(ctx: Pick<UssdTestContext, 'target'>, session: UssdSession): Promise<void> {
  if (session.ended) return;
  const key = session.screen ? declineKey(ctx, session.screen) : undefined;
  if (key !== undefined) {
    await sendOn(session, key);
    return;
  }
  try {
    await session.release('abort');
  } catch (e) {
    if (e instanceof UssdError && (e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP)) throw e;
  }
}

// ---- leaked internals ----

const LEAK_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['SQL error', /\b(?:SQLITE_\w+|SQLSTATE|ORA-\d{4,5}|PG::\w+|psql:|MySQL|MariaDB|syntax error at or near|near "[^"]*": syntax error|unterminated quoted string|You have an error in your SQL syntax|SQLException|ODBC|JDBC|SqlClient|sqlalchemy)\b/i],
  ['SQL text', /\bSELECT\b[\s\S]{0,200}\bFROM\b[\s\S]{0,200}\bWHERE\b/i],
  ['NoSQL error', /\b(?:MongoError|MongoServerError|CastError|BSONTypeError|\$where)\b/],
  ['stack trace', /(?:\n\s+at [\w$.<>[\]]+ \(?[^\n]*:\d+:\d+\)?|Traceback \(most recent call last\)|\.java:\d+\)|File "[^"]+", line \d+|\bat [\w$.]+\([\w$]+\.(?:java|kt|cs):\d+\))/],
  ['exception name', /\b(?:[A-Z][A-Za-z]*(?:Exception|Error)|NullPointerException|TypeError|ReferenceError|RangeError|SyntaxError|NoMethodError|KeyError|IndexError|ValueError|Uncaught|Unhandled|Fatal error|Internal Server Error)\b/],
];

/**
 * Internals visible in an answer: SQL errors or query text, stack traces, exception names. The typed payload
 * is removed first, so an app that merely echoes the input (`'1' OR …' is not a valid number`) is not counted.
 */
export function leakedInternals(text: string, echoed: readonly string[] = []): string[] {
  let t = text;
  for (const e of echoed) if (e) t = t.split(e).join(' ');
  return LEAK_PATTERNS.filter(([, re]) => re.test(t)).map(([name]) => name);
}

/** A short, one-line excerpt of an answer for a finding's evidence. */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Screen text with long digit runs (numbers, amounts, references) masked, for comparing screens. */
export function maskNumbers(text: string): string {
  return normalizeText(text).replace(/\d[\d,.]*/g, '#');
}
