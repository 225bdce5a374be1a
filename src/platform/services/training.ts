/**
 * @module platform/services/training
 * Training engagements: a lab lead (the trainer) sets up an engagement of type "training" on the samples that
 * ship with dfslab — the Android wallet and iOS bank fixtures, and the reference USSD service M-Wallet — and a
 * new team runs the usual workflow on them (scans, manual tests, findings). The trainer alone (the
 * engagement's lead, or a lab administrator) sees the answer key (training-key.ts) next to the team's results,
 * and the score.
 *
 * The samples are registered like any provider's apps, under a provider named "Training samples (dfslab)" in
 * the lab's organisation (created once, then reused), and scanned through the same storage and queue as an
 * upload: the audit engine is never told that an app is a sample. The key is hidden by answering "not found"
 * to everybody else (trainees included), so that nobody learns from the answer that a key exists.
 *
 * The bundled files are found from this module's own place: src/platform/services/ and
 * dist/platform/services/ are three levels below the package root, and the single-file bundle (dist/dfslab.mjs)
 * is one level below it. M-Wallet is started in this process, on 127.0.0.1 and a free port, when the trainer
 * asks; `stopTrainingWallet` stops it when the platform stops.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest, conflict, HttpError, notFound } from '../http/routes.js';
import { MANAGERS, type Actor } from '../types.js';
import {
  addMember,
  auditEngagement,
  canManage,
  createEngagement,
  engagementApps,
  engagementFor,
  recordEvent,
  userByEmail,
  type EngagementAccess,
  type EngagementApp,
} from './engagements.js';
import { createApp, createProvider, type App } from './providers.js';
import { checkArtifactFitsApp } from './scans.js';
import { planRows, type RowResult } from './test-plan.js';
import { TRAINING_KEY, TRAINING_SAMPLE_IDS, TRAINING_SAMPLES, trainingKeyEntry, type ExpectedResult, type TrainingSampleId } from './training-key.js';
import { detectApp, receiveArtifact, type StoredArtifact } from './uploads.js';
import { createUssdTarget, listUssdTargets, parseLabTarget, updateUssdTarget, type StoredUssdTarget } from './ussd-targets.js';

/** The provider the samples are registered under, in the trainer's lab. */
export const TRAINING_PROVIDER_NAME = 'Training samples (dfslab)';

/** The name of the USSD target the platform keeps for the M-Wallet it runs. */
export const TRAINING_TARGET_NAME = 'M-Wallet on this server (training)';

/** Where the package root may be, from this module: its source or compiled place, then the bundle's. */
const ROOT_CANDIDATES = [new URL('../../../', import.meta.url), new URL('../', import.meta.url)];

/** The bundled file of a sample, or a 503 that says which file is missing and where it was looked for. */
export function sampleFile(id: TrainingSampleId): string {
  const rel = TRAINING_SAMPLES[id].file;
  for (const root of ROOT_CANDIDATES) {
    const path = fileURLToPath(new URL(rel, root));
    if (existsSync(path)) return path;
  }
  throw new HttpError(
    503,
    'sample_missing',
    `the training sample ${rel} is not installed with this dfslab (looked under ${ROOT_CANDIDATES.map((r) => fileURLToPath(r)).join(' and ')}); reinstall dfslab with its samples, or run the platform from a checkout`,
  );
}

/** The identifier a sample is registered under: read from the file itself (package name, bundle id, service code). */
export function sampleIdentifier(id: TrainingSampleId): string {
  const path = sampleFile(id);
  if (id === 'ussd') return parseLabTarget(readFileSync(path, 'utf8'), basename(path)).serviceCode;
  return detectApp(readFileSync(path), basename(path)).identifier;
}

/** The sample an app in a training engagement's scope stands for (by platform: one sample per platform). */
export function sampleOfApp(app: Pick<EngagementApp, 'platform'>): TrainingSampleId {
  return app.platform;
}

export interface TrainingInput {
  title: string;
  profile?: string | undefined;
  /** E-mail addresses of the trainees, added as auditors. */
  trainees?: readonly string[] | undefined;
}

/** Checks the trainee list: e-mail-like, at most 50, duplicates dropped. */
export function checkTrainees(list: readonly string[]): string[] {
  const out = [...new Set(list.map((e) => e.trim()).filter((e) => e !== ''))];
  if (out.length > 50) throw badRequest('at most 50 trainees per training engagement');
  for (const e of out) if (e.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(e)) throw badRequest(`"${e.slice(0, 80)}" is not an e-mail address`);
  return out;
}

/** The training provider of the lab, created the first time. */
async function trainingProvider(q: Queryable, actor: Actor, ip?: string): Promise<string> {
  const [p] = await q.query<{ id: string }>('select id from providers where org_id = $1 and lower(name) = lower($2)', [actor.orgId, TRAINING_PROVIDER_NAME]);
  if (p) return p.id;
  return (await createProvider(q, actor, { name: TRAINING_PROVIDER_NAME, kind: 'other' }, ip)).id;
}

/** The sample's app under the training provider, registered the first time. */
async function sampleApp(q: Queryable, actor: Actor, providerId: string, id: TrainingSampleId, identifier: string, ip?: string): Promise<string> {
  const platform = TRAINING_SAMPLES[id].platform;
  const [mine] = await q.query<{ id: string }>('select id from apps where org_id = $1 and provider_id = $2 and platform = $3 and identifier = $4', [actor.orgId, providerId, platform, identifier]);
  if (mine) return mine.id;
  const [elsewhere] = await q.query<{ provider_name: string }>(
    'select p.name as provider_name from apps a join providers p on p.id = a.provider_id where a.org_id = $1 and a.platform = $2 and a.identifier = $3',
    [actor.orgId, platform, identifier],
  );
  if (elsewhere) {
    throw conflict(`the ${platform} sample ${identifier} is already registered under the provider "${elsewhere.provider_name}"; a training engagement needs it under "${TRAINING_PROVIDER_NAME}" (remove or rename that app first)`);
  }
  return (await createApp(q, actor, providerId, { name: TRAINING_SAMPLES[id].name, platform, identifier }, ip)).id;
}

/**
 * Sets up a training engagement: the training provider and its three sample apps (reused when they exist),
 * then an engagement of type "training" with them in scope on the Android, iOS and USSD channels, the caller
 * as lead (the trainer) and the trainees as auditors.
 */
export async function createTrainingEngagement(q: Queryable, actor: Actor, input: TrainingInput, ip?: string): Promise<EngagementAccess> {
  if (!MANAGERS.includes(actor.role)) throw new HttpError(403, 'forbidden', 'only a lab lead or an administrator sets up a training engagement');
  const trainees = checkTrainees(input.trainees ?? []);
  // Read before anything is written: a missing sample leaves nothing half made.
  const identifiers = Object.fromEntries(TRAINING_SAMPLE_IDS.map((id) => [id, sampleIdentifier(id)])) as Record<TrainingSampleId, string>;
  const providerId = await trainingProvider(q, actor, ip);
  const apps = [];
  for (const id of TRAINING_SAMPLE_IDS) apps.push({ appId: await sampleApp(q, actor, providerId, id, identifiers[id], ip) });
  const a = await createEngagement(q, actor, { title: input.title, providerId, type: 'training', profile: input.profile ?? 'all', channels: ['android', 'ios', 'ussd'], apps }, ip);
  for (const email of trainees) await addMember(q, actor, a.e.id, await userByEmail(q, email), 'auditor', ip);
  return a;
}

/** A training engagement as the caller reaches it; any other engagement is "not found" here. */
export async function trainingEngagementFor(q: Queryable, actor: Actor, id: string): Promise<EngagementAccess> {
  const a = await engagementFor(q, actor, id);
  if (a.e.type !== 'training') throw notFound('no such training engagement');
  return a;
}

/**
 * A training engagement for its trainer: the lead, or an administrator of its lab. Everybody else, trainees
 * included, is told "not found", as for an engagement that is not a training one.
 */
export async function trainerAccess(q: Queryable, actor: Actor, id: string): Promise<EngagementAccess> {
  const a = await trainingEngagementFor(q, actor, id);
  if (!canManage(a)) throw notFound('no such training engagement');
  return a;
}

/** An app in the training engagement's scope, with the sample it stands for. */
export async function trainingSampleApp(q: Queryable, a: EngagementAccess, appId: string): Promise<{ app: EngagementApp; sample: TrainingSampleId }> {
  const app = (await engagementApps(q, a.e.id)).find((x) => x.app_id === appId);
  if (!app) throw notFound("no such app in this engagement's scope");
  return { app, sample: sampleOfApp(app) };
}

/**
 * Stores the bundled build of a sample as an upload would be stored (content-addressed in the artifact store),
 * refused when it is not a build of `app`. The file is read as a stream through the upload path, so the size
 * limit, the content check and the hashing are those of an upload.
 */
export async function storeSampleBuild(config: PlatformConfig, sample: TrainingSampleId, app: Pick<App, 'platform' | 'identifier' | 'name'>): Promise<StoredArtifact> {
  if (sample === 'ussd') throw badRequest('a USSD service is tested live: the trainer starts M-Wallet from the training page, then run the tests of its target');
  const path = sampleFile(sample);
  return receiveArtifact(config, createReadStream(path), basename(path), (detected) => checkArtifactFitsApp(app, detected));
}

export type Verdict = 'correct' | 'wrong' | 'not_yet';

export interface TrainingRow {
  row_id: string;
  position: number;
  item_id: string;
  title: string;
  mode: 'automated' | 'manual';
  expected: ExpectedResult;
  samples: readonly TrainingSampleId[];
  explanation: string;
  /** The team's result (recorded, or computed from the linked scans); null: nothing yet. */
  actual: RowResult | null;
  verdict: Verdict;
}

export interface TrainingScore {
  /** Rows of the plan the key decides. */
  keyed: number;
  correct: number;
  wrong: number;
  not_yet: number;
  /** correct ÷ keyed (0 when nothing is keyed). */
  score: number;
  /** The keyed rows expected to fail: found when the team's result is "fail", missed otherwise. */
  findings: { expected: number; found: number; missed: number };
}

export interface TrainingView {
  rows: TrainingRow[];
  score: TrainingScore;
}

/** The answer key next to the team's results, and the score (for the trainer: call after `trainerAccess`). */
export async function trainingView(q: Queryable, a: EngagementAccess): Promise<TrainingView> {
  const rows: TrainingRow[] = [];
  for (const r of await planRows(q, a)) {
    const k = trainingKeyEntry(r.item_id);
    if (!k) continue;
    const verdict: Verdict = r.result === null ? 'not_yet' : r.result === k.expected ? 'correct' : 'wrong';
    rows.push({ row_id: r.id, position: r.position, item_id: r.item_id, title: r.title, mode: r.mode, expected: k.expected, samples: k.samples, explanation: k.explanation, actual: r.result, verdict });
  }
  const count = (v: Verdict): number => rows.filter((r) => r.verdict === v).length;
  const failing = rows.filter((r) => r.expected === 'fail');
  const found = failing.filter((r) => r.actual === 'fail').length;
  const correct = count('correct');
  return {
    rows,
    score: {
      keyed: rows.length,
      correct,
      wrong: count('wrong'),
      not_yet: count('not_yet'),
      score: rows.length ? correct / rows.length : 0,
      findings: { expected: failing.length, found, missed: failing.length - found },
    },
  };
}

/** How many key entries there are (for a summary that does not need the plan). */
export const TRAINING_KEY_SIZE = TRAINING_KEY.length;

// ---------------------------------------------------------------------------------------------------------
// M-Wallet in this process.

interface WalletHandle {
  url: string;
  paths: { africastalking: string };
  reset(): void;
  stop(): Promise<void>;
}

interface WalletModule {
  startWallet(o: { profile: 'vulnerable' | 'hardened'; port?: number; host?: string }): Promise<WalletHandle>;
}

/** Where the reference service is: compiled beside dist/platform/, beside the bundle, or its sources (tests). */
const WALLET_CANDIDATES = [
  new URL('../../examples/ussd-wallet/index.js', import.meta.url),
  new URL('./examples/ussd-wallet/index.js', import.meta.url),
  new URL('../../../examples/ussd-wallet/src/index.ts', import.meta.url),
];

let wallet: Promise<WalletHandle> | undefined;

async function loadWallet(): Promise<WalletModule> {
  for (const u of WALLET_CANDIDATES) {
    if (existsSync(fileURLToPath(u))) return (await import(u.href)) as WalletModule;
  }
  throw new HttpError(503, 'sample_missing', 'the reference USSD service M-Wallet is not built with this dfslab (dist/examples/ussd-wallet); run `npm run build`, or reinstall dfslab');
}

/** The running M-Wallet's callback URL, if this process runs one. */
export async function trainingWalletUrl(): Promise<string | undefined> {
  const w = await wallet?.catch(() => undefined);
  return w ? `${w.url}${w.paths.africastalking}` : undefined;
}

/**
 * Starts M-Wallet (vulnerable profile) on 127.0.0.1 and a free port, or resets the running one to its seeded
 * accounts; then points the engagement's USSD sample at it with a target made from the bundled target file
 * (its seeded test accounts), created or replaced. Only the trainer may.
 */
export async function startTrainingWallet(q: Queryable, actor: Actor, engagementId: string, ip?: string): Promise<{ endpoint: string; target: StoredUssdTarget }> {
  const a = await trainerAccess(q, actor, engagementId);
  if (a.e.phase === 'closed') throw conflict('the training engagement is closed');
  const ussd = (await engagementApps(q, a.e.id)).find((x) => x.platform === 'ussd');
  if (!ussd) throw conflict('this training engagement has no USSD service in scope');
  const text = readFileSync(sampleFile('ussd'), 'utf8');
  if (!wallet) {
    const starting = loadWallet().then((m) => m.startWallet({ profile: 'vulnerable', port: 0, host: '127.0.0.1' }));
    wallet = starting;
    starting.catch(() => {
      if (wallet === starting) wallet = undefined;
    });
  }
  const w = await wallet;
  w.reset();
  const endpoint = `${w.url}${w.paths.africastalking}`;
  if (!/^endpoint:.*$/m.test(text)) throw new HttpError(503, 'sample_missing', 'the bundled M-Wallet target file has no "endpoint:" line');
  const targetText = text.replace(/^endpoint:.*$/m, `endpoint: ${endpoint}`);
  const existing = (await listUssdTargets(q, actor, ussd.app_id)).find((t) => t.name === TRAINING_TARGET_NAME);
  const target = existing
    ? await updateUssdTarget(q, actor, existing.id, { text: targetText }, ip)
    : await createUssdTarget(q, actor, ussd.app_id, { name: TRAINING_TARGET_NAME, text: targetText }, ip);
  await recordEvent(q, a, 'training_ussd_started', { detail: { targetId: target.id } });
  await auditEngagement(q, a, 'training.ussd_started', { targetId: target.id, endpoint }, ip);
  return { endpoint, target };
}

/** Stops the M-Wallet this process runs, if any (the platform calls it when it stops). */
export async function stopTrainingWallet(): Promise<void> {
  const w = wallet;
  wallet = undefined;
  const running = await w?.catch(() => undefined);
  await running?.stop();
}
