/**
 * The switchable weaknesses of the reference wallet. Each one is a boolean: `true` keeps the flaw, `false`
 * gives the correct control (not merely "the flaw is missing"). The `vulnerable` profile switches all of them on
 * and the `hardened` profile all off; callers can flip any one to see that it changes only its own behaviour.
 * `harnessTest` names the dfslab USSD test case (reference §6.2) that is expected to find it.
 */

export const WEAKNESS_IDS = [
  'no-gateway-auth',
  'header-trust',
  'data-before-pin',
  'session-msisdn-unbound',
  'stateless-path',
  'weak-session-ids',
  'no-idle-timeout',
  'reuse-after-end',
  'final-step-replay',
  'parallel-confirm-race',
  'no-pin-lockout',
  'pin-counter-per-session',
  'pin-echo',
  'pin-in-dial-string',
  'weak-pin-accepted',
  'separator-smuggling',
  'amount-validation',
  'error-leak',
  'msisdn-canonicalisation',
  'hidden-menu',
  'idor-account',
  'enumeration',
  'no-throttling',
  'oversize-screens',
  'notification-spoofing',
  'plain-http',
  'no-channel-limits',
  'no-sim-swap-check',
] as const;

export type WeaknessId = (typeof WEAKNESS_IDS)[number];
export type WalletProfile = 'vulnerable' | 'hardened';
export type WeaknessSet = Readonly<Record<WeaknessId, boolean>>;
export type DialectName = 'africastalking' | 'hubtel';

export interface WeaknessInfo {
  id: WeaknessId;
  title: string;
  /** The dfslab USSD test case(s) expected to find it. */
  harnessTest: string;
  /** Dialects through which it is observable. */
  dialects: readonly DialectName[];
  /** What a tester sees when it is on. */
  shows: string;
  /** The control the service applies when it is off. */
  control: string;
}

const BOTH: readonly DialectName[] = ['africastalking', 'hubtel'];

export const WEAKNESSES: readonly WeaknessInfo[] = [
  {
    id: 'no-gateway-auth',
    title: 'Callback accepts requests from anyone',
    harnessTest: 'USSD-AUTH-01, USSD-AUTH-03',
    dialects: BOTH,
    shows: 'A request without gateway credentials gets the normal first screen.',
    control: 'Every path requires the X-Gateway-Key header (401 when missing, 403 when wrong).',
  },
  {
    id: 'header-trust',
    title: 'Gateway recognised by spoofable headers',
    harnessTest: 'USSD-AUTH-04',
    dialects: BOTH,
    shows: 'With gateway auth on, a request without the key is still accepted when its User-Agent contains "AfricasTalking" or "Hubtel", or X-Forwarded-For starts with a gateway address (52.48.80.x in this lab).',
    control: 'Only the X-Gateway-Key counts; User-Agent and X-Forwarded-For are ignored.',
  },
  {
    id: 'data-before-pin',
    title: 'Subscriber data shown before the PIN',
    harnessTest: 'USSD-AUTH-02',
    dialects: BOTH,
    shows: 'The welcome shows the caller\'s name; balance and mini statement need no PIN, so a spoofed number reads them.',
    control: 'No personal data before "Enter PIN"; balance and statement ask the PIN once per session.',
  },
  {
    id: 'session-msisdn-unbound',
    title: 'Session not bound to the calling number',
    harnessTest: 'USSD-SESS-01',
    dialects: BOTH,
    shows: 'After A enters the PIN, a hop with the same session id from B continues in A\'s context.',
    control: 'A hop whose number differs from the session\'s first hop is refused and ends the session.',
  },
  {
    id: 'stateless-path',
    title: 'Deep path executed without the earlier screens',
    harnessTest: 'USSD-SESS-02, USSD-REPL-02',
    dialects: BOTH,
    shows: 'AT: a new session whose first text is `2*254711000002*500*4826*1` sends money. Hubtel: Type=Response without Initiation runs the Message path or trusts ClientState.',
    control: 'Only inputs to screens served in this session are processed; unknown sessions must start with a dial.',
  },
  {
    id: 'weak-session-ids',
    title: 'Malformed or reused session ids accepted',
    harnessTest: 'USSD-SESS-03',
    dialects: BOTH,
    shows: 'Empty, `1`, 300-character or non-ASCII session ids, and a re-dial on a used id, are served.',
    control: 'Session ids must match [A-Za-z0-9_-]{8,64} and may not be reused for a new dial.',
  },
  {
    id: 'no-idle-timeout',
    title: 'No idle timeout',
    harnessTest: 'USSD-SESS-05',
    dialects: BOTH,
    shows: 'An authenticated session continues after any idle time.',
    control: 'A session idle for more than 180 s is ended.',
  },
  {
    id: 'reuse-after-end',
    title: 'Session continues after END/Release/Timeout',
    harnessTest: 'USSD-SESS-06',
    dialects: BOTH,
    shows: 'A hop after END, or after a Hubtel Release/Timeout at the confirm screen, continues (and can confirm the pending transaction).',
    control: 'Ended sessions answer "session has ended"; pending transactions are cancelled on Release/Timeout.',
  },
  {
    id: 'final-step-replay',
    title: 'Replayed confirm hop debits again',
    harnessTest: 'USSD-REPL-01',
    dialects: BOTH,
    shows: 'Re-sending the exact confirm hop (same AT text / same Hubtel Sequence) creates another debit.',
    control: 'A duplicate hop gets the cached answer with no side effect.',
  },
  {
    id: 'parallel-confirm-race',
    title: 'Race between balance check and debit',
    harnessTest: 'USSD-RACE-01',
    dialects: BOTH,
    shows: 'Simultaneous confirm hops each pass the balance check, so several debits happen and balances go negative.',
    control: 'Hops of one session are serialised, and the funds check and debit are one atomic step.',
  },
  {
    id: 'no-pin-lockout',
    title: 'No PIN lockout',
    harnessTest: 'USSD-PIN-01',
    dialects: BOTH,
    shows: 'Any number of wrong PINs; the prompt always comes back.',
    control: 'After 3 wrong PINs (per subscriber, across sessions and dialects) the account is locked.',
  },
  {
    id: 'pin-counter-per-session',
    title: 'PIN failure counter kept per session',
    harnessTest: 'USSD-PIN-02',
    dialects: BOTH,
    shows: 'Three wrong PINs end the session but a new session starts again from zero; the account never locks.',
    control: 'The counter belongs to the subscriber and survives new sessions and dialect changes.',
  },
  {
    id: 'pin-echo',
    title: 'PIN echoed on screen',
    harnessTest: 'USSD-PIN-03',
    dialects: BOTH,
    shows: 'The confirm screen and the change-PIN result show the PIN digits.',
    control: 'PINs are never displayed.',
  },
  {
    id: 'pin-in-dial-string',
    title: 'PIN accepted from the dial string',
    harnessTest: 'USSD-PIN-04',
    dialects: ['hubtel'],
    shows: 'Hubtel Initiation Message `*384*1*4826#` opens the balance with the PIN pre-entered.',
    control: 'A pre-entered route navigates menus but stops at the first "Enter PIN" prompt.',
  },
  {
    id: 'weak-pin-accepted',
    title: 'Weak PINs accepted',
    harnessTest: 'USSD-PIN-05',
    dialects: BOTH,
    shows: 'Change PIN / registration accept 0000, 1234, 1111, 1212 and the old PIN.',
    control: 'Repeated digits, sequences, ABAB patterns and the old PIN are refused.',
  },
  {
    id: 'separator-smuggling',
    title: 'Separator smuggling in cumulative text',
    harnessTest: 'USSD-INJ-01',
    dialects: ['africastalking'],
    shows: '`500*4826*1` at the amount prompt (or `4826*1` at the PIN prompt) completes the transfer without the confirm screen.',
    control: 'The new part of the AT text is one input; `*` inside it is invalid.',
  },
  {
    id: 'amount-validation',
    title: 'Amounts not validated',
    harnessTest: 'USSD-INJ-02',
    dialects: BOTH,
    shows: 'Negative, zero, decimal and huge amounts are accepted; non-numeric or long input gives HTTP 500 with a stack trace.',
    control: 'Whole amounts from 1 only, with a clear message otherwise.',
  },
  {
    id: 'error-leak',
    title: 'Internal errors leaked',
    harnessTest: 'USSD-INJ-03',
    dialects: BOTH,
    shows: 'A quote in a number/account/ID field (or in the caller number) gives an SQL error with the query text.',
    control: 'Parameterised look-ups; errors answer a generic message.',
  },
  {
    id: 'msisdn-canonicalisation',
    title: 'Caller number not canonicalised for lockout',
    harnessTest: 'USSD-INJ-04',
    dialects: BOTH,
    shows: 'An account locked as 254711000001 still takes PINs as +254711000001 or 0711000001.',
    control: 'Every number is reduced to one canonical form before any look-up or counter.',
  },
  {
    id: 'hidden-menu',
    title: 'Undocumented agent menu',
    harnessTest: 'USSD-AUTHZ-01, USSD-INJ-05',
    dialects: BOTH,
    shows: 'Option 99 (or 0*0) on the main menu opens "Agent tools": subscriber look-up and PIN reset without any credential.',
    control: 'No such menu; 99 is an invalid choice.',
  },
  {
    id: 'idor-account',
    title: 'Other subscribers\' accounts readable',
    harnessTest: 'USSD-AUTHZ-02',
    dialects: BOTH,
    shows: 'Mini statement "Another account" and Pay Bill 222222 (loans) show B\'s statement/loan when B\'s number is typed.',
    control: 'Only the caller\'s own account can be viewed or used as loan account.',
  },
  {
    id: 'enumeration',
    title: 'Recipient enumeration before PIN',
    harnessTest: 'USSD-DATA-01',
    dialects: BOTH,
    shows: 'Send Money shows the recipient\'s full name, or "not registered", before the PIN.',
    control: 'The same prompt for every recipient; the outcome is told only after the PIN.',
  },
  {
    id: 'no-throttling',
    title: 'No throttling or velocity control',
    harnessTest: 'USSD-RATE-01',
    dialects: BOTH,
    shows: 'Unlimited sessions per number and unlimited PIN failures across subscribers.',
    control: 'At most 20 new sessions per number per minute and 12 PIN failures per minute service-wide.',
  },
  {
    id: 'oversize-screens',
    title: 'Screens longer than 182 characters',
    harnessTest: 'USSD-PROTO-01, USSD-DISC-01',
    dialects: BOTH,
    shows: 'The mini statement is well over 182 characters.',
    control: 'Every screen fits in 182 characters.',
  },
  {
    id: 'notification-spoofing',
    title: 'End-of-session notification trusted',
    harnessTest: 'USSD-PROTO-02',
    dialects: ['africastalking'],
    shows: 'A forged AT notification with status=Success completes the session\'s pending transaction.',
    control: 'Notifications are informational: they end the session and cancel pending transactions, never move money.',
  },
  {
    id: 'plain-http',
    title: 'Plain HTTP callback',
    harnessTest: 'USSD-TLS-01',
    dialects: BOTH,
    shows: 'The service listens on http://.',
    control: 'HTTPS only, TLS 1.2 minimum.',
  },
  {
    id: 'no-channel-limits',
    title: 'No USSD transaction limits',
    harnessTest: 'USSD-LIMIT-01',
    dialects: BOTH,
    shows: 'Any amount is accepted on USSD.',
    control: 'KES 50,000 per transaction and KES 150,000 per day on USSD.',
  },
  {
    id: 'no-sim-swap-check',
    title: 'No SIM-swap check',
    harnessTest: 'USSD-SIMSWAP-01, USSD-PIN-06',
    dialects: BOTH,
    shows: 'Forgot-PIN and large transfers proceed without asking the SIM Swap API.',
    control: 'Forgot-PIN and transfers above KES 10,000 call CAMARA SIM Swap /check (maxAge 72 h); refused when swapped, fail closed on error or 2 s timeout.',
  },
];

/** Builds the toggle set of a profile with the caller's overrides; unknown ids are refused so typos show. */
export function resolveWeaknesses(
  profile: WalletProfile,
  overrides: Partial<Record<string, boolean>> = {},
): WeaknessSet {
  const on = profile === 'vulnerable';
  const set = {} as Record<WeaknessId, boolean>;
  for (const id of WEAKNESS_IDS) set[id] = on;
  for (const [id, value] of Object.entries(overrides)) {
    if (!(WEAKNESS_IDS as readonly string[]).includes(id)) {
      throw new Error(`Unknown weakness id "${id}". Known ids: ${WEAKNESS_IDS.join(', ')}.`);
    }
    if (value !== undefined) set[id as WeaknessId] = value;
  }
  return set;
}
