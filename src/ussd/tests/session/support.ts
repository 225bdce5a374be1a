/**
 * @module ussd/tests/session/support
 * What the auth, session and protocol test cases share: a hop-by-hop session driver that can change the caller,
 * the session id or the credentials in the middle of a session (the `UssdSession` of `session.ts` plays an
 * honest gateway and cannot), and readings of the menu map that find flows by what their screens ask and what
 * their options say, never by menu numbers: the screens that show a subscriber's own data, the PIN prompts that
 * guard them, the way home from a screen, and a transfer flow (recipient → amount → PIN → confirmation).
 */
import type { MenuMap, MenuNode } from '../../crawler.js';
import { inputsSoFar } from '../../dialects/hop.js';
import { classifyScreen, mentions, normalizeText, type PromptKind, type ScreenKind } from '../../prompts.js';
import type { UssdAccount } from '../../target.js';
import type { TranscriptEntry, UssdHop, UssdHttpRequest, UssdScreen } from '../../types.js';
import type { UssdTestContext } from '../types.js';

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

// ---- reading screens ----

export function kindOf(ctx: UssdTestContext, screen: UssdScreen | undefined): ScreenKind | 'none' {
  return screen ? classifyScreen(screen, ctx.target.prompts).kind : 'none';
}

/** Option labels that lead back or home (they navigate, they show nothing new). */
const NAV_LABEL = /^(home|back|main menu|menu|main|previous|prev|exit|retour|accueil|menu principal|precedent|rudi|nyuma|mwanzo|inicio|volver|atras|voltar|anterior|sair|salir|quitter|toka|more|suivant|next|mas|mais)\b/;

/** The key of a "home" or "back" option on a screen, home preferred. */
export function navigationKey(screen: UssdScreen): string | undefined {
  const options = classifyScreen(screen).options;
  const home = options.find((o) => /^(home|main menu|menu|main|accueil|menu principal|mwanzo|inicio|início)\b/.test(normalizeText(o.label)));
  const back = options.find((o) => /^(back|previous|prev|retour|precedent|rudi|nyuma|volver|atras|voltar|anterior)\b/.test(normalizeText(o.label)));
  return (home ?? back)?.key;
}

export function isNavigationLabel(label: string): boolean {
  return NAV_LABEL.test(normalizeText(label));
}

/** Words of menu options that lead to the subscriber's own data. */
const BALANCE_WORDS = ['balance', 'bal', 'solde', 'salio', 'saldo', 'check balance'];
const STATEMENT_WORDS = ['statement', 'mini statement', 'history', 'transactions', 'releve', 'historique', 'taarifa', 'historia', 'extracto', 'movimientos', 'extrato', 'historico'];
const PROFILE_WORDS = ['my account', 'account', 'profile', 'my details', 'my info', 'compte', 'mon compte', 'profil', 'akaunti', 'akaunti yangu', 'cuenta', 'mi cuenta', 'perfil', 'conta', 'minha conta'];
/** PIN prompts of PIN management flows: entering the PIN there leads to "new PIN", not to data. */
const PIN_MANAGEMENT_WORDS = ['forgot', 'reset', 'change', 'new pin', 'oublie', 'changer', 'modifier', 'nouveau', 'sahau', 'badilisha', 'olvido', 'cambiar', 'nuevo', 'esqueceu', 'esqueci', 'alterar', 'mudar', 'subscriber'];

function hasWord(words: readonly string[], text: string): boolean {
  const norm = normalizeText(text);
  return words.some((w) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${w.replace(/ /g, '\\s+')}(?=$|[^\\p{L}\\p{N}])`, 'u').test(norm));
}

export function mentionsBalance(text: string): boolean {
  return hasWord(BALANCE_WORDS, text);
}

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
  if (balanceIn(text) !== undefined) found.push('balance');
  return found;
}

/** The amount that follows a balance word on the same line (`Bal KES 8,000.00` → 8000). */
export function balanceIn(text: string): number | undefined {
  for (const line of text.split(/\r?\n/)) {
    const norm = normalizeText(line);
    const m = /(?:^|[^\p{L}])(?:balance|bal|solde|salio|saldo)(?=$|[^\p{L}])(.*)$/u.exec(norm);
    if (!m) continue;
    const amount = /(-?\d{1,3}(?:[, ]\d{3})+|-?\d+)(?:\.(\d{1,2}))?/.exec(m[1]!);
    if (!amount) continue;
    const whole = amount[1]!.replace(/[, ]/g, '');
    return Number(`${whole}${amount[2] ? `.${amount[2]}` : ''}`);
  }
  return undefined;
}

/** Same screen up to digits and spacing (a balance or a date may differ between two visits). */
export function sameScreen(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
}

export function sameScreenShape(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
}

// ---- reading the menu map ----

export function nodeAt(map: MenuMap, path: readonly string[]): MenuNode | undefined {
  const key = JSON.stringify(path);
  return map.nodes.find((n) => JSON.stringify(n.path) === key);
}

export function rootOf(map: MenuMap): MenuNode | undefined {
  return map.nodes.find((n) => n.id === map.root);
}

/** The label of the option that leads to `node` from its parent (the option typed last on its path). */
export function labelOf(map: MenuMap, node: MenuNode): string {
  if (node.path.length === 0) return '';
  const parent = nodeAt(map, node.path.slice(0, -1));
  const key = node.path[node.path.length - 1];
  return parent?.options.find((o) => o.key === key)?.label ?? '';
}

/** Every screen before `node` on its path is a menu: reaching it types nothing but menu choices. */
export function reachedByMenusOnly(map: MenuMap, node: MenuNode): boolean {
  for (let i = 0; i < node.path.length; i++) {
    const before = nodeAt(map, node.path.slice(0, i));
    if (!before || before.kind !== 'menu') return false;
    // A menu choice is one of the screen's own options (a probe such as `#` is not a route a user takes).
    if (!before.options.some((o) => o.key === node.path[i])) return false;
  }
  return true;
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
  if (hasWord(BALANCE_WORDS, label)) return 'balance';
  if (hasWord(STATEMENT_WORDS, label)) return 'statement';
  if (hasWord(PROFILE_WORDS, label)) return 'profile';
  if (mentionsBalance(text)) return 'balance';
  return undefined;
}

/**
 * Routes to the subscriber's own data, from the menu map: screens reached by menu choices only, whose option
 * says balance, statement or account, either shown directly or behind a PIN prompt (not the PIN prompts of
 * PIN management flows). PIN-guarded routes first, then balance before statement before profile, shallow first.
 */
export function dataRoutes(map: MenuMap, prompts?: Partial<Record<PromptKind, readonly string[]>>): DataRoute[] {
  const out: DataRoute[] = [];
  const byId = new Map(map.nodes.map((n) => [n.id, n]));
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
        if (hasWord(PIN_MANAGEMENT_WORDS, `${option.label}\n${node.text}`)) continue;
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

/** The smallest amount a test sends: 1 unit, or `allowedAmount` when that is less. Undefined when no money may move. */
export function smallestAmount(ctx: UssdTestContext): number | undefined {
  const allowed = ctx.target.allowedAmount;
  if (allowed === undefined || allowed <= 0) return undefined;
  return allowed >= 1 ? 1 : allowed;
}

export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

const SEND_WORDS = ['send', 'send money', 'transfer', 'pay', 'envoyer', 'transfert', 'tuma', 'tuma pesa', 'enviar', 'transferir', 'pagar'];

/**
 * Where a transfer to another subscriber starts: a recipient (or amount) prompt reached by menu choices only,
 * whose option or text says send/transfer; the prompt reached by the shortest path first.
 */
export function transferStarts(map: MenuMap): MenuNode[] {
  return map.nodes
    .filter((n) => (n.kind === 'recipient' || n.kind === 'amount') && reachedByMenusOnly(map, n) && hasWord(SEND_WORDS, `${labelOf(map, n)}\n${n.text}`))
    .sort((a, b) => Number(b.kind === 'recipient') - Number(a.kind === 'recipient') || a.path.length - b.path.length);
}

/**
 * From a transfer's first prompt, answers each prompt the way a subscriber would (B's number, the smallest
 * amount, A's PIN) until the confirmation screen, and stops there: the transaction is pending, never confirmed.
 * Returns the driver at the confirmation, or why it could not get there.
 */
export async function walkToConfirmation(ctx: UssdTestContext, start: MenuNode, payer: UssdAccount, payee: UssdAccount): Promise<{ driver: HopDriver; confirm?: HopOutcome; amount?: number; reason?: string }> {
  const amount = smallestAmount(ctx);
  const driver = new HopDriver(ctx, payer.msisdn);
  if (amount === undefined) return { driver, reason: 'the target declares no allowedAmount, so no transfer may be prepared' };
  let out = await driver.walk(start.path);
  const answered = new Set<ScreenKind | 'none'>();
  for (let step = 0; step < 6; step++) {
    if (!continues(out)) return { driver, reason: `the flow ended before a confirmation (${out.screen ? JSON.stringify(out.screen.text.slice(0, 60)) : out.error?.code ?? 'no answer'})` };
    const kind = kindOf(ctx, out.screen);
    if (kind === 'confirm' || (answered.has('pin') && looksLikeConfirmation(out.screen))) return { driver, confirm: out, amount };
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
      if (continues(out) && (kindOf(ctx, out.screen) === 'confirm' || looksLikeConfirmation(out.screen))) return { driver, confirm: out, amount };
      if (!continues(out)) return { driver, reason: `the service ended the flow after the PIN (${JSON.stringify(out.screen?.text.slice(0, 80) ?? out.error?.code ?? '')}); check the test accounts` };
    } else return { driver, reason: `the flow asked something the harness does not answer (${kind})` };
  }
  return { driver, reason: 'no confirmation screen within six prompts' };
}

/**
 * A screen offering "confirm" and "cancel" options, whatever else its text says (a confirmation that also
 * echoes the PIN reads as a PIN prompt to `classifyScreen`).
 */
export function looksLikeConfirmation(screen: UssdScreen): boolean {
  const options = classifyScreen(screen).options;
  return cancelKey(screen) !== undefined && options.some((o) => /^(confirm\w*|yes|ok|accept|agree|send|pay|oui|valider|ndio|ndiyo|kubali|thibitisha|si|aceptar|sim|aceitar|confirmar)\b/.test(normalizeText(o.label)));
}

/** The option that cancels on a confirmation screen (`2. Cancel`). */
export function cancelKey(screen: UssdScreen): string | undefined {
  return classifyScreen(screen).options.find((o) => /^(no|n|cancel|annuler|non|hapana|ghairi|cancelar|nao)\b/.test(normalizeText(o.label)))?.key;
}

/** Transcript ids, without the zero of a request that never went out. */
export function ids(...entries: Array<TranscriptEntry | HopOutcome | undefined>): number[] {
  const out: number[] = [];
  for (const e of entries) {
    const id = e === undefined ? 0 : 'entry' in e ? e.entry.id : e.id;
    if (id) out.push(id);
  }
  return out;
}

/** Quotes a screen for a message: first 80 characters on one line. */
export function quote(screen: UssdScreen | undefined): string {
  if (!screen) return '(no screen)';
  const t = screen.text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > 80 ? `${t.slice(0, 79)}…` : t);
}

/** How a session answered after something that should have ended its authenticated state. */
export type ContextVerdict =
  /** The session ended (final screen or refusal). */
  | 'ended'
  /** It went on, but the protected screen asked for the PIN again. */
  | 'reauth'
  /** The protected screen (or the owner's data) came back without a PIN. */
  | 'context'
  /** It went on somewhere else. */
  | 'other';

/**
 * After `driver` reached the protected screen `shown` of `route` as `owner`, goes home (or back) and walks the
 * route again, each hop sent as `as` (another caller for USSD-SESS-01, the owner for USSD-SESS-05). The screen
 * coming back without a PIN prompt, or the owner's name appearing, means the authenticated context survived.
 */
export async function probeAuthenticatedContext(
  ctx: UssdTestContext,
  driver: HopDriver,
  route: Pick<DataRoute, 'path' | 'viaPin'>,
  shown: UssdScreen,
  owner: UssdAccount,
  as: string,
): Promise<{ verdict: ContextVerdict; outcomes: HopOutcome[]; screen?: UssdScreen }> {
  const outcomes: HopOutcome[] = [];
  const nav = navigationKey(shown) ?? '0';
  let out = await driver.send(nav, { msisdn: as });
  outcomes.push(out);
  if (!continues(out)) return { verdict: 'ended', outcomes, ...(out.screen ? { screen: out.screen } : {}) };
  const ownerShown = (s: UssdScreen): boolean => as !== owner.msisdn && personalDataIn(s.text, owner).includes('name');
  if (ownerShown(out.screen)) return { verdict: 'context', outcomes, screen: out.screen };
  for (const input of route.path) {
    if (!continues(out) || kindOf(ctx, out.screen) === 'pin') break;
    out = await driver.send(input, { msisdn: as });
    outcomes.push(out);
  }
  const screen = out.screen;
  if (!screen) return { verdict: 'ended', outcomes };
  if (kindOf(ctx, screen) === 'pin') return { verdict: 'reauth', outcomes, screen };
  const same = route.viaPin ? sameScreenShape(screen.text, shown.text) : sameScreen(screen.text, shown.text);
  if (same || ownerShown(screen)) return { verdict: 'context', outcomes, screen };
  return { verdict: screen.continue ? 'other' : 'ended', outcomes, screen };
}

/**
 * Reaches an authenticated screen for `account`: the first data route (PIN-guarded first) whose screen after
 * the PIN continues the session. `tries` bounds how many routes are walked.
 */
export async function authenticate(ctx: UssdTestContext, map: MenuMap, account: UssdAccount, tries: number): Promise<{ route: DataRoute; driver: HopDriver; shown: UssdScreen; outcome: HopOutcome } | { reason: string; transcript: number[] }> {
  const routes = dataRoutes(map, ctx.target.prompts);
  if (routes.length === 0) return { reason: 'the menu map has no balance, statement or PIN-guarded screen reached by menu choices', transcript: [] };
  const transcript: number[] = [];
  let last = '(none)';
  for (const route of routes.slice(0, tries)) {
    const { driver, outcome, pinEntered } = await walkRoute(ctx, route, account);
    transcript.push(...driver.entries);
    last = outcome.screen ? quote(outcome.screen) : outcome.error?.code ?? 'no answer';
    if (route.viaPin && !pinEntered) continue;
    if (continues(outcome) && kindOf(ctx, outcome.screen) !== 'pin') return { route, driver, shown: outcome.screen, outcome };
    if (!driver.ended) await driver.release('abort');
  }
  return { reason: `no data route gave a screen that continues after the PIN (tried ${routes.slice(0, tries).map((r) => pathLabel(r.path)).join(', ')}; last answer ${last})`, transcript };
}
