/**
 * @module ussd/tests/money/support
 * What the money tests share on top of `../../flows.ts`: choosing amounts
 * that stay inside `allowedAmount`, reading A's balance the way A sees it (behind A's PIN), and completing a
 * transfer. Debits are always measured from A's balance screens before and after, never from the service's
 * internals: a lab only sees what the subscriber sees.
 */
import {
  BALANCE_WORDS,
  balanceEntry,
  balanceOnScreen,
  closeSession,
  driveTransfer,
  entryIds,
  readOf,
  saysAny,
  sendOn,
  transferEntry,
  walk,
  type FlowEntry,
  type FlowReading,
  type TransferState,
} from '../../flows.js';
import type { UssdAccount } from '../../target.js';
import type { UssdTestContext } from '../types.js';

/** The amount tests prefer when nothing forces another: small, yet above the minimum most wallets accept. */
export const SMALL_AMOUNT = 10;

/** Room left under `allowedAmount` after what the run already observed. */
export function amountRoom(ctx: UssdTestContext): number {
  const allowed = ctx.target.allowedAmount;
  return allowed === undefined ? 0 : Math.max(0, allowed - ctx.safety.observedTotal);
}

/**
 * A whole amount such that `times` of it stay within the room left, at most `preferred`; 0 when even 1 does not fit.
 * Whole units because many wallets refuse decimals, and a refused amount decides nothing.
 */
export function amountFor(ctx: UssdTestContext, times: number, preferred = SMALL_AMOUNT): number {
  return Math.max(0, Math.min(preferred, Math.floor(amountRoom(ctx) / Math.max(1, times))));
}

export interface BalanceRead {
  value?: number;
  ids: number[];
  reading?: FlowReading;
}

/** A's balance as the balance screen shows it (entering A's PIN where asked). */
export async function readBalance(ctx: UssdTestContext, entry: FlowEntry, account: UssdAccount = ctx.a): Promise<BalanceRead> {
  const session = await walk(ctx, account.msisdn, entry.path);
  let reading = readOf(ctx, session.screen);
  for (let i = 0; i < 2 && reading && !session.ended; i++) {
    if (balanceOnScreen(reading.text) !== undefined && reading.kind !== 'pin') break;
    if (reading.kind === 'pin') reading = readOf(ctx, await sendOn(session, account.pin));
    else if (reading.kind === 'menu') {
      const opt = reading.options.find((o) => saysAny(o.label, BALANCE_WORDS));
      if (!opt) break;
      reading = readOf(ctx, await sendOn(session, opt.key));
    } else break;
  }
  await closeSession(session);
  const value = reading && reading.kind !== 'pin' ? balanceOnScreen(reading.text) : undefined;
  return { ...(value !== undefined ? { value } : {}), ids: entryIds(session), ...(reading ? { reading } : {}) };
}

export interface MoneyFlows {
  transfer: FlowEntry;
  balance: FlowEntry;
}

/** The send-money and balance flows from the menu map, or why a money test cannot run. */
export function moneyFlows(ctx: UssdTestContext): MoneyFlows | { missing: string } {
  if (!ctx.menu) return { missing: 'no menu map: the crawl did not run or failed' };
  const transfer = transferEntry(ctx.menu, ctx.target.prompts);
  if (!transfer) return { missing: 'the menu map has no send-money flow (a recipient or amount prompt under a send/transfer option)' };
  const balance = balanceEntry(ctx.menu, ctx.target.prompts);
  if (!balance) return { missing: 'the menu map has no balance screen (a PIN prompt under a balance option), so debits cannot be measured' };
  return { transfer, balance };
}

/**
 * Drives a transfer A→B and confirms it. `state.session` holds every hop; its last exchange is the hop that
 * committed (the confirmation, or the PIN on flows without one).
 */
export async function completeTransfer(ctx: UssdTestContext, entry: FlowEntry, to: UssdAccount, amount: number, context: string): Promise<TransferState> {
  const state = await driveTransfer(ctx, entry, { recipient: to.msisdn, amount, pin: ctx.a.pin }, context);
  if (state.stop !== 'at-confirm') return state;
  const reading = readOf(ctx, await sendOn(state.session, state.commitInput ?? '1'));
  await closeSession(state.session);
  return { ...state, stop: 'ended', ...(reading ? { reading } : {}) };
}
