/**
 * @module ussd/dialects/recordings.test-support
 * Loads the recorded gateway exchanges under `testdata/<dialect id>/` for the dialect tests (recorded
 * replay and fuzzing). Test support only; nothing in the harness imports it.
 *
 * Each exchange is `NN-name.json` (the hop, which call made it, the expected request and screen) with the
 * exact bodies beside it in `NN-name.request.txt` and `NN-name.reply.txt`; `malformed.json` lists answers
 * the dialect must refuse with a `UssdProtocolError`.
 * `testdata/templates/` holds dialect templates (`template.ts`) rather than recordings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { UssdHop, UssdHttpRequest, UssdHttpResponse, UssdScreen } from '../types.js';

export const TESTDATA_DIR = fileURLToPath(new URL('./testdata/', import.meta.url));

export interface RecordedExchange {
  name: string;
  description: string;
  call: 'request' | 'release' | 'notification';
  hop: UssdHop;
  reason?: 'abort' | 'timeout';
  notification?: { status: 'Success' | 'Incomplete' | 'Failed'; input: string; lastResponse: string; durationMs: number; hops: number };
  /** The expected request, body included (read from the `.request.txt` file). */
  request: UssdHttpRequest;
  reply?: UssdHttpResponse;
  screen?: UssdScreen;
}

export interface MalformedReply {
  name: string;
  status: number;
  body: string;
  /** A piece of the expected error message. */
  error: string;
}

export function recordedDialectIds(): string[] {
  return readdirSync(TESTDATA_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'templates')
    .map((e) => e.name)
    .sort();
}

export function loadExchanges(id: string): RecordedExchange[] {
  const dir = join(TESTDATA_DIR, id);
  const out: RecordedExchange[] = [];
  for (const file of readdirSync(dir).filter((f) => /^\d\d-.*\.json$/.test(f)).sort()) {
    const name = file.slice(0, -'.json'.length);
    const meta = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<RecordedExchange, 'name'> & {
      request: Omit<UssdHttpRequest, 'body'>;
      reply?: Omit<UssdHttpResponse, 'body'>;
    };
    const reqBody = join(dir, `${name}.request.txt`);
    const replyBody = join(dir, `${name}.reply.txt`);
    out.push({
      ...meta,
      name,
      request: existsSync(reqBody) ? { ...meta.request, body: readFileSync(reqBody, 'utf8') } : meta.request,
      ...(meta.reply ? { reply: { ...meta.reply, body: readFileSync(replyBody, 'utf8') } } : {}),
    });
  }
  return out;
}

export function loadMalformed(id: string): MalformedReply[] {
  const file = join(TESTDATA_DIR, id, 'malformed.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MalformedReply[]) : [];
}
