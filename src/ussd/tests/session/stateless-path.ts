/**
 * USSD-SESS-02 (mid-session injection) and USSD-REPL-02 (path replay in a new session): does the application
 * execute a deep state of its menu for a session that never saw the screens before it?
 */
import type { MenuMap } from '../../crawler.js';
import type { UssdHop } from '../../types.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import {
  continues,
  dataRoutes,
  entryIds,
  freshHop,
  kindOf,
  pathLabel,
  quote,
  reachedByMenusOnly,
  rootOf,
  walkRoute,
  type HopOutcome,
} from '../../flows.js';
import { sameScreenShape } from './support.js';

/** A deep screen to aim at: PIN-guarded data first, else the deepest screen reached by menu choices. */
function deepTarget(ctx: UssdTestContext, map: MenuMap): { path: string[]; viaPin: boolean } | undefined {
  const guarded = dataRoutes(map, ctx.target.prompts).find((r) => r.viaPin);
  if (guarded) return { path: guarded.path, viaPin: true };
  const root = rootOf(map);
  const deep = map.nodes
    .filter((n) => n.path.length >= 2 && n.kind !== 'error' && n.continue && reachedByMenusOnly(map, n) && (!root || !sameScreenShape(n.text, root.text)))
    .sort((a, b) => b.path.length - a.path.length || (JSON.stringify(a.path) < JSON.stringify(b.path) ? -1 : 1))[0];
  return deep ? { path: [...deep.path], viaPin: false } : undefined;
}

export const statelessPathTest = defineUssdTest({
  id: 'ussd.session.stateless-path',
  meta: {
    title: 'Deep menu state executed without the screens before it',
    family: 'session',
    kind: 'control',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-287', 'CWE-294'], dfs: ['USSD-02', 'USSD-30', 'PLAT-07'] },
    description: [
      'Records an ordinary path as account A to a deep screen (a balance or statement behind the PIN when the',
      'menu map has one, else the deepest screen reached by menu choices), then sends that state to the',
      'application in a **fresh session** that never saw the earlier screens:',
      '',
      '- cumulative dialects (Africa\'s Talking): the first request of the new session id already carries the',
      '  whole path (`text=1*<PIN>`), which is also the replay of the recorded final hop (USSD-REPL-02);',
      '- per-hop dialects (Hubtel…): a continuing hop (`Type=Response`) with no dial before it, carrying the path;',
      '  and the recorded final hop replayed under a new session id with the state the gateway carried',
      '  (`ClientState`).',
      '',
      'A finding is the deep screen served to the new session. A refusal, an "expired"/"dial again" end or the',
      'first screen is the control. Nothing is confirmed and no money moves: a replayed transfer is',
      'USSD-REPL-01\'s business.',
    ].join('\n'),
    manual: [
      'Record a path to the balance (dial, option, PIN). Send its last request again with a new session id (Africa\'s',
      'Talking: `sessionId=<new>&text=1*<PIN>` as the first request; Hubtel: `Type=Response` with a new',
      '`SessionId`, no `Initiation`). The balance screen confirms it.',
    ].join('\n'),
    remediation: [
      'Keep the menu state on the server, keyed by session id and caller: process an input only as the answer to',
      'the screen this session was last served; a continuing hop for an unknown session must end it ("please',
      'dial again"). Never trust gateway-carried state (ClientState) without a server-side signature.',
    ].join('\n'),
    catalogueId: 'USSD-SESS-02',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.menu) {
      ctx.inconclusive('the menu map could not be built, so no deep screen is known');
      return;
    }
    const aim = deepTarget(ctx, ctx.menu);
    if (!aim) {
      ctx.inconclusive('the menu map has no screen two or more choices deep and no PIN-guarded data screen');
      return;
    }
    const baseline = await walkRoute(ctx, aim, ctx.a);
    const deep = baseline.outcome.screen;
    const inputs = [...baseline.driver.history];
    if (!deep || baseline.outcome.error || kindOf(ctx, deep) === 'pin' || inputs.length !== aim.path.length + (baseline.pinEntered ? 1 : 0)) {
      ctx.inconclusive(`the recorded path to ${pathLabel(aim.path)} did not reach its screen (${baseline.outcome.error?.code ?? quote(deep)})`, baseline.driver.entries);
      return;
    }
    if (!baseline.driver.ended) await baseline.driver.release('abort');
    const root = rootOf(ctx.menu);
    const label = pathLabel(aim.path) + (baseline.pinEntered ? '>PIN' : '');

    const attempts: Array<{ how: string; hop: UssdHop }> = [];
    const last = inputs[inputs.length - 1]!;
    if (ctx.dialect.semantics.input === 'cumulative') {
      attempts.push({ how: 'a new session whose first request carries the whole path (the recorded final hop replayed)', hop: freshHop(ctx, ctx.a.msisdn, { first: false, history: inputs.slice(0, -1), input: last, sequence: inputs.length + 1 }) });
    } else {
      attempts.push({ how: 'a continuing hop carrying the path, with no dial before it', hop: freshHop(ctx, ctx.a.msisdn, { first: false, input: inputs.join('*'), sequence: 2 }) });
      const recorded = baseline.driver.last;
      const state = recorded?.extras?.clientState;
      if (recorded && ((typeof state === 'string' && state !== '') || !ctx.quick)) {
        attempts.push({ how: 'the recorded final hop replayed under a new session id (same input and gateway state)', hop: { ...recorded, sessionId: ctx.client.newSessionId() } });
      }
    }

    const refused: number[] = [];
    for (const { how, hop } of attempts) {
      const out: HopOutcome = await ctx.sendHop(hop);
      const s = out.screen;
      const served = s !== undefined && kindOf(ctx, s) !== 'pin' && sameScreenShape(s.text, deep.text) && !(root && sameScreenShape(s.text, root.text));
      if (served) {
        ctx.report({
          message: `${how} got ${label}'s screen ${quote(s)} without the earlier screens being served in that session`,
          transcript: [...baseline.driver.entries, ...entryIds(out)],
          path: label,
          ...(aim.viaPin ? {} : { severity: 'medium' as const }),
        });
        return;
      }
      refused.push(...entryIds(out));
      if (continues(out) && ctx.dialect.release) {
        // Leave nothing open on a dialect whose gateway would release the session.
        const release = ctx.dialect.release({ ...hop, sequence: hop.sequence + 1, first: false, input: '' }, 'abort');
        refused.push(...entryIds((await ctx.sendRaw(release)).entry));
      }
    }
    ctx.pass({ message: `${label} was not served to a session that skipped the screens before it (${attempts.length} attempt(s))`, transcript: [...baseline.driver.entries, ...refused], path: label });
  },
});
