/**
 * The reference USSD wallet: a realistic mobile-money USSD service speaking the Africa's Talking and Hubtel
 * dialects, with every weakness switchable. It is the target of dfslab's USSD harness tests, the lab's
 * training target and the demo. See ../README.md.
 */
export { startWallet, WALLET_PATHS, MAX_BODY_BYTES, REQUEST_TIMEOUT_MS } from './server.js';
export type { WalletOptions, WalletServer, RequestLogEntry } from './server.js';
export { WEAKNESSES, WEAKNESS_IDS, resolveWeaknesses } from './weaknesses.js';
export type { WeaknessId, WeaknessInfo, WeaknessSet, WalletProfile, DialectName } from './weaknesses.js';
export { DEFAULT_ACCOUNTS, canonicalMsisdn } from './accounts.js';
export type { SeedAccount, LedgerEntry, AccountKind, EntryStatus, EntryType } from './accounts.js';
export { PER_TX_LIMIT, DAILY_LIMIT, SIM_SWAP_THRESHOLD, MAX_SCREEN_CHARS, isWeakPin } from './menu.js';
export { IDLE_TIMEOUT_MS } from './session-flow.js';
export { PIN_ATTEMPTS, SESSIONS_PER_MSISDN_PER_MINUTE, PIN_FAILURES_PER_MINUTE } from './guards.js';
export { runWalletCli } from './cli.js';
