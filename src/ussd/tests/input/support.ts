/**
 * @module ussd/tests/input/support
 * What only the input test cases need on top of `../../flows.ts`: locating a money flow (recipient → amount →
 * PIN/confirm) by walking the prompts of the map without confirming anything, and recognising leaked internals
 * in an answer.
 */
import { entryIds, formatAmount, kindOf, promptsAt, reachedEnd, sendOn, walk, type PromptAt } from '../../flows.js';
import type { ScreenKind } from '../../prompts.js';
import type { UssdTestContext } from '../types.js';

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
      tried.push(...entryIds(session.exchanges.at(-1)?.entry));
      sequence.push(kindOf(ctx, s));
      if (kindOf(ctx, s) !== 'amount') continue;
    }
    const toAmount = [...session.history];
    if (!observed) {
      ctx.safety.observeAmount(opts.amount, `${ctx.client.serviceCode}: amount typed at ${toAmount.join('>')}`);
      observed = true;
    }
    const after = await sendOn(session, formatAmount(opts.amount));
    tried.push(...entryIds(session.exchanges.at(-1)?.entry));
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
