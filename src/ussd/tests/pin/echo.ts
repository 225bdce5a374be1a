import type { TranscriptEntry } from '../../types.js';
import { defineUssdTest } from '../types.js';
import { closeSession, driveTransfer, excerpt, noOption, readOf, readScreen, sendOn, transferEntry, walk } from '../../flows.js';
import { pinEntries } from './support.js';

const ID = 'ussd.pin.echo';

/** Reference §6.2 USSD-PIN-03: does any screen after a PIN entry show the PIN? */
export const echoTest = defineUssdTest({
  id: ID,
  meta: {
    title: 'PIN shown on a USSD screen',
    family: 'pin',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: { masvs: [], maswe: [], cwe: ['CWE-549'], dfs: ['USSD-23'] },
    description: [
      "Walks the flows that take A's PIN without moving money: the first PIN prompt of the menu map (the balance",
      'first) and, when the target declares `allowedAmount` and allows state changes, the send-money flow up to its',
      'confirmation screen, which it then cancels. Afterwards it scans every screen this test received after a PIN',
      'entry for any PIN entered earlier in the test (a PIN entry is an input typed at a screen that asked for a PIN).',
      'A match must stand alone (not inside a longer number such as a phone number or an amount).',
      '',
      '- **Finding** when a screen shows an entered PIN.',
      '- **Pass** when none does.',
      '',
      'Limits: only the flows above (change-PIN results are covered by `ussd.pin.weak-pin`, which changes the PIN);',
      'a PIN that coincides with an amount or date on screen can give a false match (hence medium confidence).',
      'A flow where the PIN itself commits the transfer (no confirmation screen) moves the small amount declared.',
    ].join('\n'),
    manual: 'Walk the balance and send-money flows on a handset and read every screen after the PIN: no screen may show the PIN digits (e.g. "PIN: 1234" on the confirmation).',
    remediation: 'Never display a PIN, in full or in part, on any screen; mask it where the gateway supports masking (e.g. MaskNextRoute) and keep it out of logs.',
    catalogueId: 'USSD-PIN-03',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    if (!ctx.menu) return ctx.inconclusive('no menu map: the crawl did not run or failed');
    const flows: string[] = [];
    const pinEntry = pinEntries(ctx.menu, ctx.target.prompts)[0];
    if (pinEntry) {
      const s = await walk(ctx, ctx.a.msisdn, pinEntry.path);
      if (readOf(ctx, s.screen)?.kind === 'pin') {
        await sendOn(s, ctx.a.pin);
        flows.push(pinEntry.labels.join(' > ') || pinEntry.path.join('>'));
      }
      await closeSession(s);
    }
    const transfer = transferEntry(ctx.menu, ctx.target.prompts);
    const amount = Math.min(10, ctx.target.allowedAmount ?? 0);
    if (transfer && ctx.b && amount >= 1 && ctx.safety.destructiveAllowed() && ctx.target.allowedAmount! - ctx.safety.observedTotal >= amount) {
      const state = await driveTransfer(ctx, transfer, { recipient: ctx.b.msisdn, amount, pin: ctx.a.pin }, `${ID}: send-money flow up to its confirmation (cancelled)`);
      const no = state.reading?.kind === 'confirm' ? noOption(state.reading.options, { orBack: true }) : undefined;
      if (no && !state.session.ended) await sendOn(state.session, no.key);
      await closeSession(state.session);
      if (state.steps.includes('pin')) flows.push(transfer.labels.join(' > ') || transfer.path.join('>'));
    }
    if (flows.length === 0) return ctx.inconclusive('no flow that takes a PIN could be walked (no PIN prompt in the menu map)');

    const mine = ctx.transport.transcript.filter((e) => e.source === ID);
    const hits = echoes(mine, ctx.target.prompts);
    if (hits.length) {
      ctx.report({
        message: `the PIN entered is shown again on ${hits.length} screen(s): ${hits.map((h) => `#${h.entry.id} "${excerpt(h.entry.screen!.text, 100)}"`).join('; ')}`,
        transcript: [...new Set(hits.flatMap((h) => [h.pinEntry, h.entry.id]))],
      });
      return;
    }
    ctx.pass({ message: `no screen after a PIN entry showed the PIN (flows: ${flows.join('; ')})`, transcript: mine.map((e) => e.id) });
  },
});

/** Screens that show a PIN entered earlier in the same test, with the entry that typed it. */
export function echoes(entries: readonly TranscriptEntry[], extra?: Parameters<typeof readScreen>[1]): Array<{ entry: TranscriptEntry; pinEntry: number }> {
  const lastScreen = new Map<string, TranscriptEntry>();
  const pins: Array<{ pin: string; entry: number }> = [];
  const out: Array<{ entry: TranscriptEntry; pinEntry: number }> = [];
  for (const e of entries) {
    const hop = e.hop;
    if (!hop) continue;
    const prev = lastScreen.get(hop.sessionId);
    if (prev?.screen && /^\d{3,12}$/.test(hop.input)) {
      const k = readScreen(prev.screen, extra).kind;
      if (k === 'pin' || k === 'new-pin' || k === 'confirm-pin') pins.push({ pin: hop.input, entry: e.id });
    }
    if (e.screen) {
      lastScreen.set(hop.sessionId, e);
      const hit = pins.find((p) => standsAlone(e.screen!.text, p.pin));
      if (hit) out.push({ entry: e, pinEntry: hit.entry });
    }
  }
  return out;
}

/** The PIN as its own digit run (spaces or dashes between digits allowed), not part of a longer number. */
function standsAlone(text: string, pin: string): boolean {
  const body = [...pin].join('[ -]?');
  return new RegExp(`(?<![\\d.,])${body}(?![\\d]|[.,]\\d)`).test(text);
}
