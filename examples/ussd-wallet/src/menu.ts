/**
 * The wallet's menu state machine, shared by both dialects. A dialect adapter turns each hop into inputs and
 * calls `openSession` (the dial) then `step` once per input; this module decides the next screen. Weakness
 * toggles that concern menus, PINs, amounts and transactions are applied here; those that concern hop
 * bookkeeping (session ids, replays, binding, timeouts) live in `session-flow.ts`.
 */
import { canonicalMsisdn, type Account, type Ledger, type LedgerEntry } from './accounts.js';
import type { SimSwapResult } from './camara-client.js';
import type { Guards } from './guards.js';
import type { Reply, Session } from './sessions.js';
import type { WeaknessSet } from './weaknesses.js';

export const MAX_SCREEN_CHARS = 182;
export const PER_TX_LIMIT = 50_000;
export const DAILY_LIMIT = 150_000;
export const SIM_SWAP_THRESHOLD = 10_000;

export interface MenuEnv {
  w: WeaknessSet;
  ledger: Ledger;
  guards: Guards;
  now: () => number;
  simSwap: (msisdn: string) => Promise<SimSwapResult>;
}

/** Vulnerable amount parser crashed: the server answers 500 with this error's stack (amount-validation). */
export class StackTraceLeak extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

/** Vulnerable look-up built SQL from input and it failed: the message reaches the user (error-leak). */
export class SqlErrorLeak extends Error {}

const con = (text: string): Reply => ({ end: false, text });
const end = (text: string): Reply => ({ end: true, text });

const LOCKED = 'Your M-Wallet account is locked after too many wrong PINs. Visit an agent with your ID to unlock it.';
const BUSY = 'Service busy. Please try again in a few minutes.';

export function kes(n: number): string {
  if (!Number.isFinite(n)) return `KES ${String(n)}`;
  const fixed = Math.abs(n).toFixed(2);
  const [int = '0', frac = '00'] = fixed.split('.');
  return `KES ${n < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

function shortName(name: string): string {
  return name.split(/\s+/).slice(0, 2).join(' ');
}

/**
 * The vulnerable look-up concatenates input into SQL; a quote breaks the statement and the driver's message
 * (with the query) is shown. The hardened look-up is parameterised, so a quote is just "not found".
 */
export function leakyLookup(w: WeaknessSet, value: string, column: string): void {
  if (w['error-leak'] && /['"\\;]/.test(value)) {
    throw new SqlErrorLeak(
      `SQLITE_ERROR: near "${value.slice(0, 40)}": syntax error in: SELECT id, name, pin_hash, balance FROM accounts WHERE ${column} = '${value.slice(0, 60)}'`,
    );
  }
}

function mainScreen(s: Session, a: Account, env: MenuEnv): string {
  const head = env.w['data-before-pin'] ? `Welcome ${a.name}` : 'Welcome to M-Wallet';
  return `${head}\n1. My Balance\n2. Send Money\n3. Pay Bill\n4. Buy Airtime\n5. Mini Statement\n98. More`;
}

const MORE_SCREEN = 'M-Wallet\n6. Change PIN\n7. Forgot PIN\n0. Back';
const UNREG_SCREEN = 'Welcome to M-Wallet.\nThis number is not registered.\n1. Register\n2. Exit';

function home(s: Session, a: Account, env: MenuEnv): Reply {
  cancelPending(s, env);
  s.state = 'main';
  s.ctx = {};
  return con(mainScreen(s, a, env));
}

function cancelPending(s: Session, env: MenuEnv): void {
  const e = env.ledger.entry(s.ctx.pendingRef);
  if (e?.status === 'pending') e.status = 'cancelled';
}

/** The first screen of a session. */
export function openSession(s: Session, env: MenuEnv): Reply {
  const a = env.ledger.subscriber(s.msisdn);
  if (a === undefined) {
    s.state = 'unreg-menu';
    s.ctx = {};
    return con(UNREG_SCREEN);
  }
  return home(s, a, env);
}

export function awaitingPin(s: Session): boolean {
  return s.state === 'auth-pin' || s.state === 'tx-pin' || s.state === 'cp-old';
}

/** One input; marks the session ended when the answer is final. */
export async function step(s: Session, rawInput: string, env: MenuEnv): Promise<Reply> {
  const reply = await stepInner(s, rawInput.trim(), env);
  if (reply.end) {
    s.ended = true;
    const a = env.ledger.subscriber(s.msisdn);
    s.state = a === undefined ? 'unreg-menu' : 'main';
    s.ctx = {};
  }
  return reply;
}

async function stepInner(s: Session, input: string, env: MenuEnv): Promise<Reply> {
  const { w, ledger } = env;
  const a = ledger.subscriber(s.msisdn);
  if (a === undefined) return unregistered(s, input, env);
  if (s.state.startsWith('reg-') || s.state === 'unreg-menu') return home(s, a, env);
  if (input === '00') return home(s, a, env);

  switch (s.state) {
    case 'main':
    case 'main-more':
      return mainChoice(s, a, input, env);
    case 'balance-shown':
    case 'stmt-shown':
      if (input === '0') return home(s, a, env);
      return con(`Invalid choice.\n00. Home`);
    case 'auth-pin': {
      const r = checkPin(s, a, input, env);
      if (r !== true) return r;
      s.authenticated = true;
      return showProtected(s, a, s.ctx.after ?? 'balance', env);
    }
    case 'send-recipient': {
      leakyLookup(w, input, 'msisdn');
      const r = canonicalMsisdn(input);
      if (r === null) return con('Invalid phone number.\nEnter recipient phone number');
      if (r === a.id) return con('You cannot send money to yourself.\nEnter recipient phone number');
      s.ctx.recipient = r;
      s.ctx.recipientRaw = input;
      s.state = 'send-amount';
      if (w.enumeration) {
        const to = ledger.subscriber(r);
        if (to === undefined) return end(`${input} is not registered for M-Wallet.`);
        return con(`Send to ${to.name} (${r})\nEnter amount`);
      }
      return con('Enter amount');
    }
    case 'send-amount':
    case 'bill-amount':
    case 'air-amount':
      return amountEntered(s, a, input, env);
    case 'tx-pin': {
      const r = checkPin(s, a, input, env);
      if (r !== true) return r;
      return prepareTransaction(s, a, input, env);
    }
    case 'tx-confirm':
      if (input === '1') return executeTransaction(s, a, env);
      if (input === '2') {
        cancelPending(s, env);
        return end('Transaction cancelled. No money was moved.');
      }
      return con(`Invalid choice.\n1. Confirm\n2. Cancel`);
    case 'bill-number': {
      const biller = ledger.billerByPaybill(input);
      if (biller === undefined) return con('Unknown business number.\nEnter business number');
      s.ctx.billerId = biller.id;
      s.state = 'bill-account';
      return con(`${biller.name}\nEnter account number`);
    }
    case 'bill-account':
      return billAccount(s, a, input, env);
    case 'air-choice':
      if (input === '0') return home(s, a, env);
      if (input === '1') {
        s.ctx.account = a.id;
        s.state = 'air-amount';
        return con('Enter airtime amount');
      }
      if (input === '2') {
        s.state = 'air-number';
        return con('Enter phone number');
      }
      return con('Invalid choice.\n1. My number\n2. Other number\n0. Back');
    case 'air-number': {
      leakyLookup(w, input, 'msisdn');
      const n = canonicalMsisdn(input);
      if (n === null) return con('Invalid phone number.\nEnter phone number');
      s.ctx.account = n;
      s.state = 'air-amount';
      return con('Enter airtime amount');
    }
    case 'stmt-choice':
      if (input === '0') return home(s, a, env);
      if (input === '1') {
        s.state = 'stmt-shown';
        return con(statement(a, env));
      }
      if (input === '2') {
        s.state = 'stmt-number';
        return con('Enter phone number of the account');
      }
      return con('Invalid choice.\n1. My account\n2. Another account\n0. Back');
    case 'stmt-number': {
      leakyLookup(w, input, 'msisdn');
      const n = canonicalMsisdn(input);
      if (w['idor-account']) {
        const other = ledger.subscriber(n);
        if (other === undefined) return con('Account not found.\n00. Home');
        s.state = 'stmt-shown';
        return con(statement(other, env));
      }
      if (n !== a.id) return end('You can only view the statement of your own account.');
      s.state = 'stmt-shown';
      return con(statement(a, env));
    }
    case 'cp-old': {
      const r = checkPin(s, a, input, env);
      if (r !== true) return r;
      s.ctx.pin = input;
      s.state = 'cp-new';
      return con('Enter new 4-digit PIN');
    }
    case 'cp-new':
    case 'fp-new':
      return newPinEntered(s, a, input, env);
    case 'cp-new2':
    case 'fp-new2': {
      if (input !== s.ctx.newPin) {
        s.state = s.state === 'cp-new2' ? 'cp-new' : 'fp-new';
        return con('PINs do not match.\nEnter new 4-digit PIN');
      }
      ledger.setPin(a, input);
      if (s.state === 'fp-new2') {
        env.guards.unlock(s.msisdn);
        env.guards.unlock(s.msisdnRaw);
        return end('Your PIN has been reset. Use it next time you dial.');
      }
      return end(`Your PIN has been changed.${w['pin-echo'] ? ` Your new PIN is ${input}.` : ''}`);
    }
    case 'fp-id':
      leakyLookup(w, input, 'national_id');
      s.ctx.regId = input;
      s.state = 'fp-dob';
      return con('Enter your date of birth (DDMMYYYY)');
    case 'fp-dob': {
      if (s.ctx.regId !== a.nationalId || input !== a.dob) return end('The details do not match our records.');
      if (!w['no-sim-swap-check']) {
        const r = await env.simSwap(a.id);
        if (r === 'swapped') return end('We could not verify your SIM card. Visit an M-Wallet agent with your ID to reset your PIN.');
        if (r === 'error') return end('Service temporarily unavailable. Please try again later.');
      }
      s.state = 'fp-new';
      return con('Enter new 4-digit PIN');
    }
    case 'agent-menu':
      if (input === '0') return home(s, a, env);
      if (input === '1') {
        s.state = 'agent-lookup';
        return con('Enter subscriber number');
      }
      if (input === '2') {
        s.state = 'agent-reset';
        return con('Enter subscriber number to reset PIN');
      }
      if (input === '3') return end(`Agent float: ${kes(a.kind === 'agent' ? a.balance : 1_250_000)}`);
      return con('Invalid choice.\n1. Subscriber look-up\n2. Reset subscriber PIN\n3. Float\n0. Back');
    case 'agent-lookup':
    case 'agent-reset': {
      leakyLookup(w, input, 'msisdn');
      const n = canonicalMsisdn(input);
      const target = ledger.subscriber(n);
      if (target === undefined) return end('Subscriber not found.');
      if (s.state === 'agent-lookup') {
        return end(`${target.name} ID ${target.nationalId ?? '-'} DOB ${target.dob ?? '-'} Bal ${kes(target.balance)}`);
      }
      ledger.setPin(target, '0000');
      env.guards.unlock(target.id);
      return end(`PIN of ${target.id} reset to 0000.`);
    }
    default:
      return home(s, a, env);
  }
}

function mainChoice(s: Session, a: Account, input: string, env: MenuEnv): Reply {
  switch (input) {
    case '1':
      return requireAuth(s, a, 'balance', env);
    case '2':
      s.ctx = { txType: 'send' };
      s.state = 'send-recipient';
      return con('Send Money\nEnter recipient phone number');
    case '3':
      s.ctx = { txType: 'paybill' };
      s.state = 'bill-number';
      return con('Pay Bill\nEnter business number');
    case '4':
      s.ctx = { txType: 'airtime' };
      s.state = 'air-choice';
      return con('Buy Airtime\n1. My number\n2. Other number\n0. Back');
    case '5':
      return requireAuth(s, a, 'stmt', env);
    case '6':
      s.state = 'cp-old';
      return con('Change PIN\nEnter PIN');
    case '7':
      s.state = 'fp-id';
      return con('Forgot PIN\nEnter your national ID number');
    case '98':
      s.state = 'main-more';
      return con(MORE_SCREEN);
    case '0':
      return home(s, a, env);
    case '99':
    case '0*0':
      if (env.w['hidden-menu']) {
        s.state = 'agent-menu';
        return con('Agent tools\n1. Subscriber look-up\n2. Reset subscriber PIN\n3. Float\n0. Back');
      }
      return con(`Invalid choice.\n${s.state === 'main-more' ? MORE_SCREEN : mainScreen(s, a, env)}`);
    default:
      return con(`Invalid choice.\n${s.state === 'main-more' ? MORE_SCREEN : mainScreen(s, a, env)}`);
  }
}

function requireAuth(s: Session, a: Account, what: 'balance' | 'stmt', env: MenuEnv): Reply {
  if (s.authenticated || env.w['data-before-pin']) return showProtected(s, a, what, env);
  s.ctx = { after: what };
  s.state = 'auth-pin';
  return con('Enter PIN');
}

function showProtected(s: Session, a: Account, what: 'balance' | 'stmt', env: MenuEnv): Reply {
  s.ctx = {};
  if (what === 'balance') {
    s.state = 'balance-shown';
    return con(`Your M-Wallet balance is ${kes(a.balance)}\n00. Home`);
  }
  s.state = 'stmt-choice';
  void env;
  return con('Mini statement\n1. My account\n2. Another account\n0. Back');
}

function describe(e: LedgerEntry, self: string, env: MenuEnv, long: boolean): string {
  const d = new Date(e.atMs);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const outgoing = e.from === self;
  const other = env.ledger.account(outgoing ? e.to : e.from);
  if (long) {
    const verb = outgoing ? (e.type === 'paybill' ? 'Paid' : e.type === 'airtime' ? 'Airtime' : 'Sent') : 'Received';
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mi = String(d.getUTCMinutes()).padStart(2, '0');
    return `${e.ref} ${dd}/${mm}/${d.getUTCFullYear()} ${hh}:${mi} ${verb} ${kes(e.amount)} ${outgoing ? 'to' : 'from'} ${other?.name ?? e.to} ${other?.msisdn ?? other?.paybill ?? ''}`.trimEnd();
  }
  const who = other === undefined ? '' : shortName(other.name).slice(0, 12);
  return `${dd}/${mm} ${outgoing ? '-' : '+'}${Math.round(e.amount)} ${who}`.trimEnd();
}

function statement(acct: Account, env: MenuEnv): string {
  const history = env.ledger.historyOf(acct.id).slice(0, 5);
  if (env.w['oversize-screens']) {
    const lines = history.map((e) => describe(e, acct.id, env, true));
    return `Mini statement for ${acct.name} (${acct.id})\n${lines.join('\n')}\nBalance ${kes(acct.balance)}\n00. Home`;
  }
  const tail = `\nBal ${kes(acct.balance)}\n00. Home`;
  let text = 'Mini statement';
  for (const e of history) {
    const line = `\n${describe(e, acct.id, env, false)}`;
    if (text.length + line.length + tail.length > MAX_SCREEN_CHARS) break;
    text += line;
  }
  return text + tail;
}

function billAccount(s: Session, a: Account, input: string, env: MenuEnv): Reply {
  const { w, ledger } = env;
  leakyLookup(w, input, 'account_no');
  const biller = ledger.account(s.ctx.billerId);
  if (biller === undefined) return home(s, a, env);
  if (!/^[A-Za-z0-9+-]{1,20}$/.test(input)) return con('Invalid account number.\nEnter account number');
  if (biller.accountIsMsisdn === true) {
    const n = canonicalMsisdn(input);
    if (n === null) return con('Invalid account number.\nEnter account number');
    if (w['idor-account']) {
      const borrower = ledger.subscriber(n);
      s.ctx.account = n;
      s.state = 'bill-amount';
      if (borrower !== undefined) {
        return con(`Loan a/c ${n} ${borrower.name}\nOutstanding ${kes(borrower.loanOutstanding ?? 0)}\nEnter amount`);
      }
      return con('Enter amount');
    }
    if (n !== a.id) return con('Enter your own phone number as the loan account.\nEnter account number');
    s.ctx.account = n;
    s.state = 'bill-amount';
    return con('Enter amount');
  }
  s.ctx.account = input;
  s.state = 'bill-amount';
  return con('Enter amount');
}

/** Hardened: whole KES from 1. Vulnerable: whatever a careless float parse makes of it. */
function parseAmount(input: string, env: MenuEnv): number | null {
  if (env.w['amount-validation']) {
    try {
      const m = /^(-?\d{0,15}(?:\.\d+)?(?:e\d+)?)$/i.exec(input);
      // The flaw under test: the match is assumed to succeed.
      const amount = Number.parseFloat((m as RegExpExecArray)[1] as string);
      return Number.isNaN(amount) ? 0 : amount;
    } catch (e) {
      throw new StackTraceLeak(e instanceof Error ? e : new Error(String(e)));
    }
  }
  if (!/^[1-9][0-9]{0,8}$/.test(input)) return null;
  return Number(input);
}

function dayStart(nowMs: number): number {
  return Math.floor(nowMs / 86_400_000) * 86_400_000;
}

function limitProblem(a: Account, amount: number, env: MenuEnv): Reply | undefined {
  if (env.w['no-channel-limits']) return undefined;
  if (amount > PER_TX_LIMIT) return con(`Amount above the USSD limit of ${kes(PER_TX_LIMIT)} per transaction.\nEnter amount`);
  if (env.ledger.debitsSince(a.id, dayStart(env.now())) + amount > DAILY_LIMIT) {
    return end(`This would exceed your daily USSD limit of ${kes(DAILY_LIMIT)}. Try again tomorrow.`);
  }
  return undefined;
}

function amountEntered(s: Session, a: Account, input: string, env: MenuEnv): Reply {
  const amount = parseAmount(input, env);
  if (amount === null) return con('Invalid amount. Enter a whole number, e.g. 500.\nEnter amount');
  const problem = limitProblem(a, amount, env);
  if (problem !== undefined) return problem;
  s.ctx.amount = amount;
  s.state = 'tx-pin';
  return con('Enter PIN');
}

/**
 * PIN verification with the lockout policy. Hardened: 3 failures per subscriber (canonical number) across
 * sessions and dialects lock the account, and a service-wide failure velocity stops PIN spraying.
 */
function checkPin(s: Session, a: Account, pin: string, env: MenuEnv): true | Reply {
  const { w, guards } = env;
  const key = w['msisdn-canonicalisation'] ? s.msisdnRaw : s.msisdn;
  const subscriberLock = !w['no-pin-lockout'] && !w['pin-counter-per-session'];
  if (subscriberLock && guards.isLocked(key)) return end(LOCKED);
  if (!w['no-throttling'] && guards.globalVelocityExceeded()) return end(BUSY);
  if (env.ledger.verifyPin(a, pin)) {
    if (subscriberLock) guards.clearFailures(key);
    s.pinFailsThisSession = 0;
    return true;
  }
  guards.recordGlobalFailure();
  if (w['no-pin-lockout']) return con('Wrong PIN.\nEnter PIN');
  if (w['pin-counter-per-session']) {
    s.pinFailsThisSession += 1;
    const left = 3 - s.pinFailsThisSession;
    if (left <= 0) return end('Too many wrong PIN attempts. Please dial again.');
    return con(`Wrong PIN. ${left} attempt${left === 1 ? '' : 's'} left.\nEnter PIN`);
  }
  const left = guards.recordFailure(key);
  if (left === 0) return end(LOCKED);
  return con(`Wrong PIN. ${left} attempt${left === 1 ? '' : 's'} left.\nEnter PIN`);
}

function prepareTransaction(s: Session, a: Account, pin: string, env: MenuEnv): Reply {
  const { ledger, w } = env;
  const amount = s.ctx.amount ?? 0;
  let to: Account | undefined;
  let question: string;
  if (s.ctx.txType === 'send') {
    to = ledger.subscriber(s.ctx.recipient ?? null);
    if (to === undefined) return end(`${s.ctx.recipientRaw ?? 'The recipient'} is not registered for M-Wallet. Nothing was sent.`);
    question = `Send ${kes(amount)} to ${shortName(to.name)} (${to.id})?`;
  } else if (s.ctx.txType === 'paybill') {
    to = ledger.account(s.ctx.billerId);
    if (to === undefined) return home(s, a, env);
    question = `Pay ${kes(amount)} to ${to.name} a/c ${s.ctx.account ?? ''}?`;
  } else {
    to = ledger.account('airtime-pool');
    if (to === undefined) return home(s, a, env);
    question = `Buy ${kes(amount)} airtime for ${s.ctx.account ?? a.id}?`;
  }
  const entry = ledger.createPending({
    type: s.ctx.txType ?? 'send', from: a.id, to: to.id, amount, channel: s.dialect, sessionId: s.id,
    ...(s.ctx.account === undefined ? {} : { account: s.ctx.account }),
  });
  s.ctx.pendingRef = entry.ref;
  s.state = 'tx-confirm';
  return con(`${question}${w['pin-echo'] ? `\nPIN: ${pin}` : ''}\n1. Confirm\n2. Cancel`);
}

async function executeTransaction(s: Session, a: Account, env: MenuEnv): Promise<Reply> {
  const { ledger, w } = env;
  const e = ledger.entry(s.ctx.pendingRef);
  if (e === undefined) return end('Transaction not found.');
  if (e.status === 'cancelled' || e.status === 'failed') return end('This transaction is no longer valid. No money was moved.');
  if (!w['no-sim-swap-check'] && e.amount > SIM_SWAP_THRESHOLD) {
    const r = await env.simSwap(a.id);
    if (r !== 'not-swapped') {
      if (e.status === 'pending') e.status = 'failed';
      return end(r === 'swapped'
        ? 'For your security this transaction needs extra verification. Visit an M-Wallet agent with your ID.'
        : 'Service temporarily unavailable. No money was moved. Please try again later.');
    }
  }
  const problem = limitProblem(a, e.amount, env);
  if (problem !== undefined) {
    if (e.status === 'pending') e.status = 'failed';
    return end(problem.text.replace(/\nEnter amount$/, ''));
  }
  const result = w['parallel-confirm-race'] ? await ledger.completeRacy(e) : ledger.completeAtomic(e);
  if (result !== 'ok') {
    if (e.status === 'pending') e.status = 'failed';
    return end(`Failed: insufficient funds. Your balance is ${kes(a.balance)}.`);
  }
  const to = ledger.account(e.to);
  const what = e.type === 'send' ? `sent to ${shortName(to?.name ?? e.to)}` : e.type === 'paybill' ? `paid to ${to?.name ?? e.to}` : `airtime for ${e.account ?? a.id}`;
  return end(`Confirmed ${e.ref}. ${kes(e.amount)} ${what}. New balance ${kes(a.balance)}.`);
}

const WEAK_PINS = new Set(['0000', '1234', '1111', '1212', '4321', '2580', '1004', '2000', '6969', '7777', '5555', '9999']);

/** Repeated digits, runs up or down, ABAB, common PINs, the old PIN, the birth year. */
export function isWeakPin(pin: string, oldPin?: string, dob?: string): boolean {
  if (WEAK_PINS.has(pin)) return true;
  if (oldPin !== undefined && pin === oldPin) return true;
  if (dob !== undefined && dob.length === 8 && pin === dob.slice(4)) return true;
  const d = [...pin].map(Number);
  if (d.every((x) => x === d[0])) return true;
  const diffs = d.slice(1).map((x, i) => x - (d[i] ?? 0));
  if (diffs.every((x) => x === 1) || diffs.every((x) => x === -1)) return true;
  if (pin[0] === pin[2] && pin[1] === pin[3]) return true;
  return false;
}

function newPinEntered(s: Session, a: Account | undefined, input: string, env: MenuEnv): Reply {
  const again = s.state === 'reg-pin' ? 'Create a 4-digit PIN' : 'Enter new 4-digit PIN';
  if (!/^\d{4}$/.test(input)) return con(`PIN must be 4 digits.\n${again}`);
  if (!env.w['weak-pin-accepted'] && isWeakPin(input, s.ctx.pin, a?.dob ?? s.ctx.regDob)) {
    return con(`That PIN is too easy to guess. Avoid repeated or sequential digits and your old PIN.\n${again}`);
  }
  s.ctx.newPin = input;
  s.state = s.state === 'cp-new' ? 'cp-new2' : s.state === 'fp-new' ? 'fp-new2' : 'reg-pin2';
  return con(s.state === 'reg-pin2' ? 'Confirm PIN' : 'Confirm new PIN');
}

function unregistered(s: Session, input: string, env: MenuEnv): Reply {
  switch (s.state) {
    case 'unreg-menu':
      if (input === '1') {
        s.state = 'reg-name';
        return con('Register\nEnter your full name');
      }
      if (input === '2') return end('Thank you for using M-Wallet.');
      return con(`Invalid choice.\n${UNREG_SCREEN}`);
    case 'reg-name':
      if (!/^[A-Za-z][A-Za-z .'-]{1,39}$/.test(input)) return con('Invalid name.\nEnter your full name');
      s.ctx.regName = input.toUpperCase();
      s.state = 'reg-id';
      return con('Enter your national ID number');
    case 'reg-id':
      if (!/^\d{6,10}$/.test(input)) return con('Invalid ID number.\nEnter your national ID number');
      s.ctx.regId = input;
      s.state = 'reg-dob';
      return con('Enter your date of birth (DDMMYYYY)');
    case 'reg-dob':
      if (!/^\d{8}$/.test(input)) return con('Invalid date.\nEnter your date of birth (DDMMYYYY)');
      s.ctx.regDob = input;
      s.state = 'reg-pin';
      return con('Create a 4-digit PIN');
    case 'reg-pin':
      return newPinEntered(s, undefined, input, env);
    case 'reg-pin2': {
      if (input !== s.ctx.newPin) {
        s.state = 'reg-pin';
        return con('PINs do not match.\nCreate a 4-digit PIN');
      }
      const acct = env.ledger.register(s.msisdn, s.ctx.regName ?? '', s.ctx.regId ?? '', s.ctx.regDob ?? '', input);
      return end(`Welcome ${acct.name}. Your M-Wallet account is ready.`);
    }
    default:
      return openSession(s, env);
  }
}
