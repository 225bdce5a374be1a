/**
 * USSD-SESS-03: does the application check the session ids it is given, or serve any string as a session?
 */
import { parseMenuOptions } from '../../prompts.js';
import { defineUssdTest } from '../types.js';
import { continues, entryIds, freshHop, HopDriver, quote } from '../../flows.js';

/** Ids no gateway issues. A new random-looking id is normal traffic and is not among them. */
export const MALFORMED_SESSION_IDS: ReadonlyArray<{ kind: string; id: string }> = [
  { kind: 'empty', id: '' },
  { kind: 'one character', id: '1' },
  { kind: 'very long (300 characters)', id: `dfslab${'0123456789abcdef'.repeat(19)}`.slice(0, 300) },
  { kind: 'non-ASCII', id: 'séssion-ünïcode-✓-测试' },
];

export const idHygieneTest = defineUssdTest({
  id: 'ussd.session.id-hygiene',
  meta: {
    title: 'Malformed or reused USSD session ids accepted',
    family: 'session',
    kind: 'control',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20', 'CWE-287'], dfs: ['USSD-02', 'PLAT-07'] },
    description: [
      'Dials as account A with session ids that no gateway issues: empty, a single character, 300 characters,',
      'and non-ASCII; then re-dials an id that already carried a finished exchange (a reused id). Each of these',
      'served as a fresh session with the normal first screen is a finding: the application has no check of',
      'the id format and no registry of used ids, which is what makes session-id guessing, fixation and',
      'collisions between subscribers possible (see USSD-SESS-01).',
      '',
      'A new, well-formed, random id is ordinary traffic and is never reported. A refusal (HTTP 4xx) or a final',
      '"error" screen is the control.',
    ].join('\n'),
    manual: [
      'Send the dialect\'s first hop with `sessionId` empty, `1`, a 300-character string and a non-ASCII string;',
      'then dial again with the id of a session that already went through a menu. Each must be refused.',
    ].join('\n'),
    remediation: [
      'Validate the session id against the gateway\'s format (character set and length) before anything else,',
      'refuse a dial on an id the application has already seen, and expire ids with their session.',
    ].join('\n'),
    catalogueId: 'USSD-SESS-03',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: false,
    slow: false,
  },
  async run(ctx) {
    // Baseline: a well-formed id works, and carries one exchange so that its re-dial is a reuse.
    const normal = new HopDriver(ctx, ctx.a.msisdn);
    const first = await normal.dial();
    if (!continues(first)) {
      ctx.inconclusive(`an ordinary first hop was not served (${first.error?.code ?? quote(first.screen)}); check the target file`, entryIds(first));
      return;
    }
    const option = parseMenuOptions(first.screen.text)[0]?.key ?? '1';
    const second = await normal.send(option);
    const refused: number[] = [...normal.entries];
    let accepted = 0;

    for (const { kind, id } of MALFORMED_SESSION_IDS) {
      const out = await ctx.sendHop(freshHop(ctx, ctx.a.msisdn, { sessionId: id }));
      if (continues(out)) {
        accepted++;
        ctx.report({ message: `a ${kind} session id was served as a new session: ${quote(out.screen)}`, transcript: entryIds(out), field: 'sessionId', path: kind });
      } else refused.push(...entryIds(out));
    }

    const redial = await ctx.sendHop(freshHop(ctx, ctx.a.msisdn, { sessionId: normal.sessionId }));
    if (continues(redial) && (second.screen === undefined || redial.screen.text !== second.screen.text)) {
      accepted++;
      ctx.report({
        message: `a dial on the id of a session that already carried input was served as a new session: ${quote(redial.screen)}`,
        transcript: [...normal.entries, ...entryIds(redial)],
        field: 'sessionId',
        path: 'reused',
        severity: 'low',
      });
    } else refused.push(...entryIds(redial));
    if (accepted === 0) ctx.pass({ message: `malformed (${MALFORMED_SESSION_IDS.map((m) => m.kind).join(', ')}) and reused session ids were refused`, transcript: refused, field: 'sessionId' });
  },
});
