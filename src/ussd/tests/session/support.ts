/**
 * @module ussd/tests/session/support
 * What only the session test cases need on top of `../../flows.ts`: whether an authenticated context survives
 * what should end it (a change of caller, an idle pause), probed by going home and walking a data route again.
 */
import type { MenuMap } from '../../crawler.js';
import { continues, dataRoutes, HopDriver, kindOf, navigationKey, pathLabel, personalDataIn, quote, walkRoute, type DataRoute, type HopOutcome } from '../../flows.js';
import type { UssdAccount } from '../../target.js';
import type { UssdScreen } from '../../types.js';
import type { UssdTestContext } from '../types.js';

/** Same screen up to digits and spacing (a balance or a date may differ between two visits). */
export function sameScreen(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
}

export function sameScreenShape(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
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
