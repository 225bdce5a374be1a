/**
 * USSD-SESS-06: once a session has ended (a final screen, the gateway's release/abort, or Africa's Talking's
 * end-of-session notification), does another hop on the same session id still go on?
 */
import type { MenuMap, MenuNode } from '../../crawler.js';
import { parseMenuOptions } from '../../prompts.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { continues, entryIds, HopDriver, nodeAt, pathLabel, quote, type HopOutcome } from '../../flows.js';

type Variant = 'release' | 'end' | 'notification';

/** The shortest path to a final screen whose every earlier screen is a menu (a crawl already went there). */
function finalScreen(map: MenuMap): MenuNode | undefined {
  return map.nodes
    .filter((n) => n.kind === 'final' && n.path.length > 0 && n.path.slice(0, -1).every((_, i) => nodeAt(map, n.path.slice(0, i + 1))?.kind === 'menu') && nodeAt(map, [])?.kind === 'menu')
    .sort((a, b) => a.path.length - b.path.length || (JSON.stringify(a.path) < JSON.stringify(b.path) ? -1 : 1))[0];
}

function firstOption(text: string | undefined): string {
  return (text === undefined ? undefined : parseMenuOptions(text)[0]?.key) ?? '1';
}

export const reuseAfterEndTest = defineUssdTest({
  id: 'ussd.session.reuse-after-end',
  meta: {
    title: 'USSD session goes on after it ended',
    family: 'session',
    kind: 'control',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-613'], dfs: ['USSD-30', 'PLAT-01'] },
    description: [
      'Ends a session as account A, then sends one more ordinary hop on the same session id:',
      '',
      '- **release**: for dialects with a release/abort message (Hubtel `Type=Release`, MADAPI, TruRoute…),',
      '  dial, release, then answer the first screen\'s first option;',
      '- **end**: walk by menu choices to a final screen of the menu map (an `END`), then send an option;',
      '- **notification**: for Africa\'s Talking, whose application learns of the end through the',
      '  end-of-session notification (sent to the target file\'s `notificationPath`, by default `<endpoint>/notify`),',
      '  send that notification with `status=Incomplete`, then an option.',
      '',
      'Quick mode runs the first variant that applies (release, else end, else notification); a full run all',
      'of them. A finding is a continuing screen after the end; an "ended"/"dial again" answer or a refusal is',
      'the control. The worst case, confirming a pending transfer after the user aborted, is not attempted',
      '(no money moves in this test).',
    ].join('\n'),
    manual: [
      'Dial, let the session end (choose an option that ends it, or send the gateway\'s release message), then',
      'send another hop with the same session id. The application must answer that the session is over.',
    ].join('\n'),
    remediation: [
      'Mark a session ended on every final screen, release, timeout and end-of-session notification, refuse',
      'every later hop on its id, and cancel whatever was pending in it.',
    ].join('\n'),
    catalogueId: 'USSD-SESS-06',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const map = ctx.menu;
    const end = map ? finalScreen(map) : undefined;
    const variants: Variant[] = [];
    if (ctx.dialect.release) variants.push('release');
    if (end) variants.push('end');
    if (ctx.dialect.notification) variants.push('notification');
    if (variants.length === 0) {
      ctx.inconclusive(`the ${ctx.dialect.id} dialect has no release message or notification, and the menu map has no final screen reached by menu choices`);
      return;
    }
    const results: Array<{ variant: Variant; verdict: 'continued' | 'refused' | 'undecided'; why: string; transcript: number[] }> = [];
    for (const variant of ctx.quick ? variants.slice(0, 1) : variants) results.push(await tryVariant(ctx, variant, end));

    for (const r of results) {
      if (r.verdict === 'continued') ctx.report({ message: r.why, transcript: r.transcript, path: r.variant });
    }
    if (results.some((r) => r.verdict === 'continued')) return;
    const refused = results.filter((r) => r.verdict === 'refused');
    if (refused.length > 0) {
      ctx.pass({ message: refused.map((r) => r.why).join('; '), transcript: refused.flatMap((r) => r.transcript), path: refused.map((r) => r.variant).join(',') });
      return;
    }
    ctx.inconclusive(results.map((r) => r.why).join('; '), results.flatMap((r) => r.transcript));
  },
});

async function tryVariant(ctx: UssdTestContext, variant: Variant, end: MenuNode | undefined): Promise<{ variant: Variant; verdict: 'continued' | 'refused' | 'undecided'; why: string; transcript: number[] }> {
  const driver = new HopDriver(ctx, ctx.a.msisdn);
  let endedBy: HopOutcome | undefined;
  let next = '1';
  let what = '';
  if (variant === 'end' && end) {
    const out = await driver.walk(end.path);
    if (out.screen?.continue !== false || driver.history.length !== end.path.length) {
      return { variant, verdict: 'undecided', why: `the path ${pathLabel(end.path)} no longer ends the session (${quote(out.screen)})`, transcript: driver.entries };
    }
    endedBy = out;
    const parent = ctx.menu ? nodeAt(ctx.menu, end.path.slice(0, -1)) : undefined;
    next = firstOption(parent?.text);
    what = `the final screen at ${pathLabel(end.path)} (${quote(out.screen)})`;
  } else {
    const first = await driver.dial();
    if (!continues(first)) return { variant, verdict: 'undecided', why: `the first hop was not served (${first.error?.code ?? quote(first.screen)})`, transcript: driver.entries };
    next = firstOption(first.screen.text);
    if (variant === 'release') {
      endedBy = await driver.release('abort');
      what = `the gateway's release (abort) message`;
    } else {
      const hop = driver.hop('', false);
      const request = ctx.dialect.notification!(hop, { status: 'Incomplete', input: '', lastResponse: first.screen.text, durationMs: 15_000, hops: 1 });
      const sent = await ctx.sendRaw(request, { path: ctx.target.notificationPath ?? 'notify' });
      endedBy = { entry: sent.entry, ...(sent.error ? { error: sent.error } : {}) };
      if (sent.status === undefined || sent.status < 200 || sent.status > 299) {
        return { variant, verdict: 'undecided', why: `the end-of-session notification to <endpoint>/notify was not taken (${sent.status !== undefined ? `HTTP ${sent.status}` : sent.error?.code ?? 'no answer'})`, transcript: [...driver.entries, ...entryIds(sent.entry)] };
      }
      what = `the end-of-session notification (status=Incomplete)`;
    }
  }
  const after = await driver.send(next);
  const transcript = [...driver.entries, ...entryIds(endedBy)].sort((a, b) => a - b);
  if (continues(after)) {
    await driver.release('abort');
    return { variant, verdict: 'continued', why: `after ${what}, a hop with the same session id went on: ${quote(after.screen)}`, transcript };
  }
  return { variant, verdict: 'refused', why: `after ${what} the next hop was refused (${after.screen ? quote(after.screen) : after.error?.code ?? 'no answer'})`, transcript };
}
