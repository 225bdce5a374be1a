/**
 * Accounts and the ledger of the reference wallet: in-memory, seeded, reset on demand. Money is whole KES in
 * the hardened flows; the vulnerable amount parser lets other numbers in, and the ledger stores what it gets
 * (that is the point of the weakness).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type AccountKind = 'subscriber' | 'agent' | 'biller' | 'airtime' | 'unregistered';

export interface SeedAccount {
  /** Account id: the MSISDN for subscribers/agents (international, no '+'), `biller-<paybill>` for billers. */
  id: string;
  kind: AccountKind;
  name: string;
  msisdn?: string;
  pin?: string;
  balance: number;
  nationalId?: string;
  /** Date of birth as DDMMYYYY (what the forgot-PIN flow asks). */
  dob?: string;
  /** Pay-bill number of a biller. */
  paybill?: string;
  /** A biller whose account numbers are subscriber numbers (loan repayments). */
  accountIsMsisdn?: boolean;
  /** Outstanding loan of a subscriber with the loans biller. */
  loanOutstanding?: number;
}

export const DEFAULT_COUNTRY_CODE = '254';

export const DEFAULT_ACCOUNTS: readonly SeedAccount[] = [
  { id: '254711000001', kind: 'subscriber', name: 'JANE WANJIRU MWANGI', msisdn: '254711000001', pin: '4826', balance: 25_000, nationalId: '28765432', dob: '14031990', loanOutstanding: 0 },
  { id: '254711000002', kind: 'subscriber', name: 'JOHN KAMAU OTIENO', msisdn: '254711000002', pin: '7391', balance: 8_000, nationalId: '30123456', dob: '02111985', loanOutstanding: 3_200 },
  { id: '254711000003', kind: 'subscriber', name: 'AMINA HASSAN ALI', msisdn: '254711000003', pin: '5067', balance: 400_000, nationalId: '25678901', dob: '21071978', loanOutstanding: 0 },
  { id: '254711000004', kind: 'subscriber', name: 'GRACE AKINYI ODHIAMBO', msisdn: '254711000004', pin: '9153', balance: 1_000, nationalId: '33456789', dob: '09092001', loanOutstanding: 450 },
  { id: '254711000099', kind: 'agent', name: 'KILIMANI AGENT 0099', msisdn: '254711000099', pin: '2468', balance: 1_250_000, nationalId: '21000999', dob: '01011980' },
  { id: '254711000009', kind: 'unregistered', name: '', msisdn: '254711000009', balance: 0 },
  { id: 'biller-400200', kind: 'biller', name: 'KENYA POWER', paybill: '400200', balance: 0 },
  { id: 'biller-888880', kind: 'biller', name: 'NAIROBI WATER', paybill: '888880', balance: 0 },
  { id: 'biller-222222', kind: 'biller', name: 'M-WALLET LOANS', paybill: '222222', balance: 0, accountIsMsisdn: true },
  { id: 'airtime-pool', kind: 'airtime', name: 'AIRTIME', balance: 0 },
];

/**
 * Reduces the forms a gateway or a user may send (`+254…`, `254…`, `0…`, `00254…`, spaces/dashes) to one
 * form. Returns null for anything that is not a plausible MSISDN.
 */
export function canonicalMsisdn(raw: string, countryCode = DEFAULT_COUNTRY_CODE): string | null {
  const s = raw.replace(/[\s-]/g, '');
  let digits: string;
  if (/^\+[1-9][0-9]{6,14}$/.test(s)) digits = s.slice(1);
  else if (/^00[1-9][0-9]{6,14}$/.test(s)) digits = s.slice(2);
  else if (/^0[1-9][0-9]{8}$/.test(s)) digits = countryCode + s.slice(1);
  else if (/^[1-9][0-9]{6,14}$/.test(s)) digits = s;
  else return null;
  return digits;
}

export type EntryStatus = 'pending' | 'completed' | 'cancelled' | 'failed';
export type EntryType = 'send' | 'paybill' | 'airtime' | 'seed';

export interface LedgerEntry {
  ref: string;
  type: EntryType;
  from: string;
  to: string;
  amount: number;
  status: EntryStatus;
  /** Where it came from: a dialect, the notification callback, or the seed. */
  channel: string;
  sessionId: string;
  atMs: number;
  /** Bill account number or airtime target number. */
  account?: string;
  note?: string;
}

export interface Account extends SeedAccount {
  pinHash: string;
  salt: string;
}

function hashPin(pin: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${pin}`).digest('hex');
}

// Day one of the seeded history, so the statement is the same on every run.
const SEED_BASE_MS = Date.UTC(2026, 9, 1, 8, 0, 0);

export class Ledger {
  private accounts = new Map<string, Account>();
  private entries: LedgerEntry[] = [];
  private refCounter = 0;

  constructor(
    private readonly seeds: readonly SeedAccount[],
    private readonly now: () => number,
  ) {
    this.reset();
  }

  reset(): void {
    this.accounts.clear();
    this.entries = [];
    this.refCounter = 0;
    for (const seed of this.seeds) {
      if (seed.kind === 'unregistered') continue;
      const salt = createHash('sha256').update(`salt:${seed.id}`).digest('hex').slice(0, 16);
      this.accounts.set(seed.id, { ...seed, salt, pinHash: seed.pin === undefined ? '' : hashPin(seed.pin, salt) });
    }
    this.seedHistory();
  }

  /** A few past transactions per subscriber so the mini statement has something to show. */
  private seedHistory(): void {
    const subs = [...this.accounts.values()].filter((a) => a.kind === 'subscriber');
    const billers = [...this.accounts.values()].filter((a) => a.kind === 'biller');
    subs.forEach((a, i) => {
      for (let k = 0; k < 5; k++) {
        const other = subs[(i + k + 1) % subs.length];
        const biller = billers[k % Math.max(1, billers.length)];
        const toBiller = k % 2 === 1 && biller !== undefined;
        const to = toBiller ? biller.id : (other?.id ?? 'airtime-pool');
        this.entries.push({
          ref: this.nextRef(),
          type: toBiller ? 'paybill' : 'send',
          from: a.id,
          to: to === a.id ? 'airtime-pool' : to,
          amount: 150 + 75 * k + 10 * i,
          status: 'completed',
          channel: 'seed',
          sessionId: '',
          atMs: SEED_BASE_MS + (i * 5 + k) * 86_400_000,
        });
      }
    });
  }

  private nextRef(): string {
    this.refCounter += 1;
    return `MW${String(this.refCounter).padStart(6, '0')}`;
  }

  account(id: string | null | undefined): Account | undefined {
    if (id === null || id === undefined) return undefined;
    return this.accounts.get(id);
  }

  /** A registered subscriber or agent by canonical MSISDN. */
  subscriber(msisdn: string | null): Account | undefined {
    const a = this.account(msisdn);
    return a !== undefined && (a.kind === 'subscriber' || a.kind === 'agent') ? a : undefined;
  }

  billerByPaybill(paybill: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.kind === 'biller' && a.paybill === paybill) return a;
    return undefined;
  }

  verifyPin(a: Account, pin: string): boolean {
    if (a.pinHash === '') return false;
    const want = Buffer.from(a.pinHash, 'hex');
    const got = Buffer.from(hashPin(pin, a.salt), 'hex');
    return want.length === got.length && timingSafeEqual(want, got);
  }

  setPin(a: Account, pin: string): void {
    a.pinHash = hashPin(pin, a.salt);
  }

  register(msisdn: string, name: string, nationalId: string, dob: string, pin: string): Account {
    const salt = createHash('sha256').update(`salt:${msisdn}`).digest('hex').slice(0, 16);
    const a: Account = { id: msisdn, kind: 'subscriber', name, msisdn, balance: 0, nationalId, dob, salt, pinHash: hashPin(pin, salt), loanOutstanding: 0 };
    this.accounts.set(msisdn, a);
    return a;
  }

  createPending(e: Omit<LedgerEntry, 'ref' | 'status' | 'atMs'>): LedgerEntry {
    const entry: LedgerEntry = { ...e, ref: this.nextRef(), status: 'pending', atMs: this.now() };
    this.entries.push(entry);
    return entry;
  }

  entry(ref: string | undefined): LedgerEntry | undefined {
    return ref === undefined ? undefined : this.entries.find((e) => e.ref === ref);
  }

  pendingOfSession(channel: string, sessionId: string): LedgerEntry[] {
    return this.entries.filter((e) => e.status === 'pending' && e.sessionId === sessionId && e.channel === channel);
  }

  /**
   * The correct control: the funds check and the debit happen in one synchronous step, so no other request can
   * run in between (Node runs one callback at a time).
   */
  completeAtomic(e: LedgerEntry): 'ok' | 'insufficient' | 'missing' {
    const from = this.accounts.get(e.from);
    const to = this.accounts.get(e.to);
    if (from === undefined || to === undefined) return 'missing';
    if (from.balance < e.amount) return 'insufficient';
    this.move(e, from, to);
    return 'ok';
  }

  /**
   * The weakness: read the balance, wait for a (simulated) core-banking round trip, then debit. Concurrent
   * confirms all pass the check before any of them debits.
   */
  async completeRacy(e: LedgerEntry): Promise<'ok' | 'insufficient' | 'missing'> {
    const from = this.accounts.get(e.from);
    const to = this.accounts.get(e.to);
    if (from === undefined || to === undefined) return 'missing';
    const seen = from.balance;
    await new Promise<void>((resolve) => setTimeout(resolve, 15));
    if (seen < e.amount) return 'insufficient';
    this.move(e, from, to);
    return 'ok';
  }

  private move(e: LedgerEntry, from: Account, to: Account): void {
    from.balance -= e.amount;
    to.balance += e.amount;
    if (to.accountIsMsisdn === true && e.account !== undefined) {
      const borrower = this.accounts.get(e.account);
      if (borrower?.loanOutstanding !== undefined) borrower.loanOutstanding = Math.max(0, borrower.loanOutstanding - e.amount);
    }
    if (e.status === 'completed') {
      // Executed a second time (replay/race): the books show it as a new transaction, as a naive core would.
      this.entries.push({ ...e, ref: this.nextRef(), atMs: this.now(), note: `repeat of ${e.ref}` });
    } else {
      e.status = 'completed';
      e.atMs = this.now();
    }
  }

  /** Completed USSD debits of one subscriber since `sinceMs` (for the daily channel limit). */
  debitsSince(accountId: string, sinceMs: number): number {
    let sum = 0;
    for (const e of this.entries) {
      if (e.from === accountId && e.status === 'completed' && e.channel !== 'seed' && e.atMs >= sinceMs) sum += e.amount;
    }
    return sum;
  }

  /** Newest first. */
  historyOf(accountId: string): LedgerEntry[] {
    return this.entries
      .filter((e) => e.status === 'completed' && (e.from === accountId || e.to === accountId))
      .sort((a, b) => b.atMs - a.atMs || (a.ref < b.ref ? 1 : -1));
  }

  allEntries(): ReadonlyArray<LedgerEntry> {
    return this.entries.map((e) => ({ ...e }));
  }

  balances(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of [...this.accounts.keys()].sort()) out[id] = this.accounts.get(id)?.balance ?? 0;
    return out;
  }

  allAccounts(): Account[] {
    return [...this.accounts.values()];
  }
}
