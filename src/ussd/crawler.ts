/**
 * @module ussd/crawler
 * USSD-DISC-01 (menu crawl) and the protocol observations of USSD-PROTO-01. Breadth-first: every path is
 * replayed from the dial in its own session, because that is the only way to reach a screen on a gateway
 * where the application keeps state per session; it also makes every node reproducible from its path alone.
 *
 * The crawler is careful with a live financial service:
 * - it stops a branch at PIN, amount, recipient and confirmation prompts. With `deep` it goes on past PIN,
 *   amount and recipient prompts with the declared account's own PIN, `allowedAmount` and B's number, but
 *   it never answers a confirmation and never enters a PIN once an amount is on the path (that PIN *is* the
 *   confirmation);
 * - it never types anything into a PIN prompt but the declared PIN (no probes there);
 * - it runs within the transport's request budget and rate limit, and stops cleanly when the budget is spent.
 *
 * Identical menus (same text, same options, same continue flag) are one node, which is how cycles such as
 * "0 Back" end. Prompts are keyed by their parent as well, so "Enter PIN" under two menus stays two nodes.
 */
import { ErrorCodes, UssdError } from '../errors.js';
import { classifyScreen, mentions, type MenuOption, type PromptKind, type ScreenKind } from './prompts.js';
import type { UssdClient, UssdSession } from './session.js';
import type { Connection } from './target.js';
import { DEFAULT_PROBES } from './target.js';
import { DEFAULT_THROTTLE_BACKOFF_MS, realSleep, sessionThrottled, withThrottleRetry } from './throttle.js';
import type { TranscriptEntry } from './types.js';

/** Screens longer than this are cut by gateways (GSM 03.38, 182 septets). */
export const SCREEN_MAX_CHARS = 182;
/** Many handsets show only ~160 characters without scrolling. */
export const SCREEN_WARN_CHARS = 160;

export type FlagCode =
  | 'screen-too-long'
  | 'screen-long'
  | 'http-status'
  | 'protocol-error'
  | 'slow'
  | 'timeout'
  | 'transport-error'
  | 'response-too-large'
  | 'throttled';

export interface NodeFlag {
  code: FlagCode;
  severity: 'error' | 'warning';
  message: string;
}

export type StopReason = 'pin' | 'amount' | 'recipient' | 'confirm' | 'input' | 'max-depth' | 'max-nodes' | 'budget';

export interface MenuEdge {
  input: string;
  node: string;
}

export interface MenuNode {
  /** `n1`, `n2`… in discovery order. */
  id: string;
  /** The inputs after the dial that first reached this node. */
  path: string[];
  depth: number;
  kind: ScreenKind;
  /** Screen text; for `error` nodes, empty. */
  text: string;
  continue: boolean;
  options: MenuOption[];
  children: MenuEdge[];
  flags: NodeFlag[];
  /** Why the crawl did not go further from here. */
  stopped?: StopReason;
  /** For `error` nodes: the error code. */
  error?: { code: string; message: string };
}

export interface MenuMap {
  format: 'dfslab-ussd-menu-map';
  version: 1;
  target: { endpoint: string; dialect: string; serviceCode: string; callerRole?: string };
  settings: { deep: boolean; maxDepth: number; maxNodes: number; probes: string[] };
  root: string;
  nodes: MenuNode[];
  /** False when the crawl stopped early (budget, node limit, safety stop). */
  complete: boolean;
  /** How many times the crawl waited because the service throttled it. */
  throttleWaits?: number;
  stopReason?: 'budget' | 'max-nodes' | 'safety';
  requests: number;
  summary: { nodes: number; byKind: Record<string, number>; flags: Record<string, number> };
}

export interface CrawlOptions {
  /** The number the crawl calls as (must be a declared account). */
  caller: string;
  callerRole?: string;
  /** The caller's PIN (deep crawling only). */
  pin?: string;
  /** A recipient number to enter at recipient prompts (deep crawling only; B's number). */
  recipient?: string;
  deep?: boolean;
  /** The amount entered at amount prompts (deep crawling only). */
  allowedAmount?: number;
  maxDepth?: number;
  maxNodes?: number;
  probes?: readonly string[];
  responseBudgetMs?: number;
  prompts?: Partial<Record<PromptKind, readonly string[]>>;
  endpoint?: string;
  onProgress?: (p: CrawlProgress) => void;
  /**
   * Waits before retrying a path the service throttled ("too many requests", HTTP 429/503), in milliseconds;
   * one retry per entry. Services that protect customers limit sessions per number (e.g. 20 a minute), so a
   * crawl must slow down rather than record the refusals as the menu. Default 5 s, 15 s, 30 s, 60 s (the target
   * file's `budget.throttleBackoffSeconds`, through `crawlOptionsFor`).
   */
  throttleBackoffMs?: readonly number[];
  /** How the crawl waits (tests move a fake clock instead). */
  sleep?: (ms: number) => Promise<void>;
}

/** Re-exported for callers that took it from here before it moved to `throttle.ts` (shared with the test runner). */
export { DEFAULT_THROTTLE_BACKOFF_MS };

export interface CrawlProgress {
  nodes: number;
  queued: number;
  requests: number;
  path: readonly string[];
}

interface QueueItem {
  path: string[];
  parent?: MenuNode;
  input?: string;
  /** An amount was entered on this path: a PIN prompt after it authorises the transaction. */
  afterAmount?: boolean;
}

/** Crawl settings from a connected target (the CLI and the test runner use this). */
export function crawlOptionsFor(conn: Connection, overrides: Partial<CrawlOptions> = {}): CrawlOptions {
  const t = conn.target;
  const caller = t.accounts.find((a) => a.role === t.crawl.caller) ?? t.accounts[0]!;
  const other = t.accounts.find((a) => a.role !== caller.role);
  return {
    caller: caller.msisdn,
    callerRole: caller.role,
    pin: caller.pin,
    ...(other ? { recipient: other.msisdn } : {}),
    deep: t.crawl.deep,
    ...(t.allowedAmount !== undefined ? { allowedAmount: t.allowedAmount } : {}),
    maxDepth: t.crawl.maxDepth,
    maxNodes: t.crawl.maxNodes,
    probes: t.crawl.probes,
    responseBudgetMs: t.policies.responseBudgetMs,
    throttleBackoffMs: t.budget.throttleBackoffSeconds.map((s) => s * 1000),
    prompts: t.prompts,
    endpoint: t.endpoint,
    ...overrides,
  };
}

export async function crawlMenu(client: UssdClient, opts: CrawlOptions): Promise<MenuMap> {
  const maxDepth = opts.maxDepth ?? 6;
  const maxNodes = opts.maxNodes ?? 200;
  const probes = [...(opts.probes ?? DEFAULT_PROBES)];
  const budgetMs = opts.responseBudgetMs ?? 10_000;
  const deep = opts.deep === true;
  const screenMax = Math.min(SCREEN_MAX_CHARS, client.dialect.semantics.maxScreenChars || SCREEN_MAX_CHARS);
  const nodes: MenuNode[] = [];
  const byKey = new Map<string, MenuNode>();
  const queue: QueueItem[] = [{ path: [] }];
  const requestsAtStart = client.transport.requestsUsed;
  let stopReason: MenuMap['stopReason'];
  const backoff = opts.throttleBackoffMs ?? DEFAULT_THROTTLE_BACKOFF_MS;
  const sleep = opts.sleep ?? realSleep;
  let waits = 0;

  client.assertCaller(opts.caller);
  while (queue.length > 0) {
    const item = queue.shift()!;
    if (nodes.length >= maxNodes) {
      stopReason = 'max-nodes';
      if (item.parent) item.parent.stopped ??= 'max-nodes';
      break;
    }
    opts.onProgress?.({ nodes: nodes.length, queued: queue.length, requests: client.transport.requestsUsed - requestsAtStart, path: item.path });
    let session: UssdSession;
    try {
      // Throttled: wait and walk the same path again, with a longer wait each time.
      const retried = await withThrottleRetry(() => client.walk(opts.caller, item.path), sessionThrottled, { backoffMs: backoff, sleep, onWait: () => void waits++ }, releaseQuietly);
      session = retried.result;
    } catch (e) {
      if (e instanceof UssdError && e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED) {
        stopReason = 'budget';
        if (item.parent) item.parent.stopped ??= 'budget';
        break;
      }
      if (e instanceof UssdError && e.code === ErrorCodes.USSD_SAFETY_STOP) {
        stopReason = 'safety';
        break;
      }
      throw e;
    }
    const last = session.exchanges[session.exchanges.length - 1];
    // A path that ended early (an earlier hop now answers END, or failed) is not the node this path names.
    const reachedEnd = session.exchanges.length === item.path.length + 1;
    const flags = last ? flagsOf(last.entry, last.error, budgetMs, screenMax) : [];
    if (sessionThrottled(session)) flags.push({ code: 'throttled', severity: 'warning', message: `the service still refused this path after ${backoff.length} waits (throttling): the menu behind it is unknown` });
    let node: MenuNode;
    const attach = (n: MenuNode): void => {
      if (item.parent && item.input !== undefined) item.parent.children.push({ input: item.input, node: n.id });
    };
    if (session.error || !session.screen || !reachedEnd) {
      const err = session.error ?? new UssdError(ErrorCodes.USSD_PROTOCOL, `the session ended after ${session.history.length} of ${item.path.length} inputs, before this path's screen`);
      node = newNode(nodes, item, { kind: 'error', text: '', continue: false, options: [], flags, error: { code: err.code, message: err.message } });
      attach(node);
      await releaseQuietly(session);
      continue;
    }
    const screen = session.screen;
    const reading = classifyScreen(screen, opts.prompts);
    const contentKey = `${screen.continue ? 'C' : 'E'}|${normalizeScreen(screen.text)}|${reading.options.map((o) => o.key).join(',')}`;
    const key = reading.kind === 'menu' || reading.kind === 'final' ? contentKey : `${item.parent?.id ?? ''}>${contentKey}`;
    const seen = byKey.get(key);
    if (seen) {
      for (const f of flags) if (!seen.flags.some((g) => g.code === f.code)) seen.flags.push(f);
      seen.flags.sort(compareFlags);
      attach(seen);
      await releaseQuietly(session);
      continue;
    }
    node = newNode(nodes, item, { kind: reading.kind, text: screen.text, continue: screen.continue, options: reading.options, flags });
    byKey.set(key, node);
    attach(node);
    await releaseQuietly(session);

    if (!screen.continue) continue;
    const inputs = nextInputs(node, reading.kind, item.afterAmount === true, reading.prompt, probes, { ...opts, deep });
    if (inputs.length === 0) continue;
    if (node.depth >= maxDepth) {
      node.stopped = 'max-depth';
      continue;
    }
    const afterAmount = item.afterAmount === true || reading.kind === 'amount';
    for (const input of inputs) queue.push({ path: [...item.path, input], parent: node, input, ...(afterAmount ? { afterAmount } : {}) });
  }

  const byKind: Record<string, number> = {};
  const flagCount: Record<string, number> = {};
  for (const n of nodes) {
    byKind[n.kind] = (byKind[n.kind] ?? 0) + 1;
    for (const f of n.flags) flagCount[f.code] = (flagCount[f.code] ?? 0) + 1;
  }
  return {
    format: 'dfslab-ussd-menu-map',
    version: 1,
    target: {
      endpoint: opts.endpoint ?? client.transport.endpoint.toString(),
      dialect: client.dialect.id,
      serviceCode: client.serviceCode,
      ...(opts.callerRole ? { callerRole: opts.callerRole } : {}),
    },
    settings: { deep, maxDepth, maxNodes, probes },
    root: nodes[0]?.id ?? '',
    nodes,
    complete: stopReason === undefined,
    ...(stopReason ? { stopReason } : {}),
    requests: client.transport.requestsUsed - requestsAtStart,
    ...(waits ? { throttleWaits: waits } : {}),
    summary: { nodes: nodes.length, byKind: sortRecord(byKind), flags: sortRecord(flagCount) },
  };
}

/** What to send from a node, or nothing (the node's `stopped` says why). */
function nextInputs(
  node: MenuNode,
  kind: ScreenKind,
  amountOnPath: boolean,
  prompt: string,
  probes: readonly string[],
  opts: CrawlOptions,
): string[] {
  switch (kind) {
    case 'menu': {
      const out: string[] = [];
      for (const k of [...node.options.map((o) => o.key), ...probes]) if (!out.includes(k)) out.push(k);
      return out;
    }
    case 'pin':
      // Entering the PIN after an amount, or on a screen that asks to confirm, would authorise a transaction.
      if (opts.deep && opts.pin && !amountOnPath && !mentions('confirm', prompt, opts.prompts)) return [opts.pin];
      node.stopped = 'pin';
      return [];
    case 'amount':
      if (opts.deep && opts.allowedAmount !== undefined && opts.allowedAmount > 0) return [formatAmount(opts.allowedAmount)];
      node.stopped = 'amount';
      return [];
    case 'recipient':
      if (opts.deep && opts.recipient) return [opts.recipient];
      node.stopped = 'recipient';
      return [];
    case 'confirm':
      node.stopped = 'confirm';
      return [];
    case 'input':
      node.stopped = 'input';
      return [];
    default:
      return [];
  }
}

function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function newNode(nodes: MenuNode[], item: QueueItem, fields: Pick<MenuNode, 'kind' | 'text' | 'continue' | 'options' | 'flags'> & { error?: MenuNode['error'] }): MenuNode {
  const node: MenuNode = {
    id: `n${nodes.length + 1}`,
    path: [...item.path],
    depth: item.path.length,
    kind: fields.kind,
    text: fields.text,
    continue: fields.continue,
    options: fields.options,
    children: [],
    flags: [...fields.flags].sort(compareFlags),
    ...(fields.error ? { error: fields.error } : {}),
  };
  nodes.push(node);
  return node;
}

async function releaseQuietly(session: UssdSession): Promise<void> {
  if (session.ended) return;
  try {
    await session.release('abort');
  } catch (e) {
    // Budget exhaustion surfaces on the next walk; other release failures do not matter to the map.
    if (e instanceof UssdError && e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
  }
}

function flagsOf(entry: TranscriptEntry, error: UssdError | undefined, budgetMs: number, screenMax: number): NodeFlag[] {
  const flags: NodeFlag[] = [];
  const status = entry.response?.status;
  if (status !== undefined && status !== 200) flags.push({ code: 'http-status', severity: 'error', message: `HTTP ${status} (gateways expect 200)` });
  if (error) {
    const code: FlagCode =
      error.code === ErrorCodes.USSD_TIMEOUT ? 'timeout'
      : error.code === ErrorCodes.USSD_RESPONSE_TOO_LARGE ? 'response-too-large'
      : error.code === ErrorCodes.USSD_PROTOCOL ? 'protocol-error'
      : 'transport-error';
    flags.push({ code, severity: 'error', message: error.message });
  }
  if (entry.elapsedMs > budgetMs && error?.code !== ErrorCodes.USSD_TIMEOUT) {
    flags.push({ code: 'slow', severity: 'warning', message: `answered in ${entry.elapsedMs} ms, beyond the ${budgetMs} ms budget (the gateway may have dropped the session)` });
  }
  const text = entry.screen?.text;
  if (text !== undefined) {
    const n = [...text].length;
    if (n > screenMax) flags.push({ code: 'screen-too-long', severity: 'error', message: `${n} characters; gateways cut screens beyond ${screenMax}` });
    else if (n > SCREEN_WARN_CHARS) flags.push({ code: 'screen-long', severity: 'warning', message: `${n} characters; many handsets show only ${SCREEN_WARN_CHARS} without scrolling` });
  }
  return flags.sort(compareFlags);
}

function compareFlags(a: NodeFlag, b: NodeFlag): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function normalizeScreen(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function sortRecord(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/** The map as an indented tree from the root; a node met again prints as `→ nK (seen)`. */
export function renderMenuTree(map: MenuMap): string {
  const byId = new Map(map.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const printed = new Set<string>();
  const label = (n: MenuNode): string => {
    const first = n.kind === 'error' ? `${n.error?.code ?? 'error'}: ${n.error?.message ?? ''}` : n.text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
    const short = first.length > 60 ? `${first.slice(0, 59)}…` : first;
    const flags = n.flags.map((f) => `${f.severity === 'error' ? '!' : '~'}${f.code}`).join(' ');
    const stop = n.stopped ? ` (stopped: ${n.stopped})` : '';
    return `${n.id} [${n.kind}] ${JSON.stringify(short)}${stop}${flags ? `  ${flags}` : ''}`;
  };
  const walk = (n: MenuNode, indent: string): void => {
    printed.add(n.id);
    n.children.forEach((edge, i) => {
      const lastChild = i === n.children.length - 1;
      const child = byId.get(edge.node);
      const input = edge.input === '' ? '(blank)' : edge.input;
      if (!child) return;
      if (printed.has(child.id)) {
        lines.push(`${indent}${lastChild ? '└─' : '├─'} ${input} → ${child.id} (seen)`);
        return;
      }
      lines.push(`${indent}${lastChild ? '└─' : '├─'} ${input} → ${label(child)}`);
      walk(child, `${indent}${lastChild ? '   ' : '│  '}`);
    });
  };
  const root = byId.get(map.root);
  if (root) {
    lines.push(label(root));
    walk(root, '');
  }
  const kinds = Object.entries(map.summary.byKind).map(([k, v]) => `${v} ${k}`).join(', ');
  const flags = Object.entries(map.summary.flags).map(([k, v]) => `${v} ${k}`).join(', ');
  lines.push('');
  lines.push(`${map.summary.nodes} screens (${kinds || 'none'}), ${map.requests} requests${map.complete ? '' : `; stopped early: ${map.stopReason}`}`);
  if (flags) lines.push(`flags: ${flags}`);
  return `${lines.join('\n')}\n`;
}
