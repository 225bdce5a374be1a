/**
 * `dfslab ussd crawl` as a user runs it, against a small USSD app on 127.0.0.1 spoken to with the
 * Africa's Talking dialect: the tree, --json/--out, --transcript, --dry-run (sends nothing), bad targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';
import { FAKE_PIN, startFakeApp, type FakeApp } from '../src/ussd/fake-app.test-support.js';


let app: FakeApp;
let dir = '';
let target = '';

beforeAll(async () => {
  app = await startFakeApp();
  dir = mkdtempSync(join(tmpdir(), 'dfslab-cli-ussd-'));
  target = join(dir, 'target.yaml');
  writeFileSync(
    target,
    `endpoint: ${app.url}
dialect: africastalking
serviceCode: '*384*12#'
auth: { headers: { x-api-key: lab-key-not-for-output } }
accounts:
  - { msisdn: '254711000001', pin: '${FAKE_PIN}', role: A }
  - { msisdn: '254711000002', pin: '9876', role: B }
budget: { maxRequests: 400, ratePerSecond: 100 }
crawl: { probes: ['0', '99'] }
`,
  );
});
afterAll(async () => {
  await app.close();
});

describe('dfslab ussd crawl', () => {
  it('prints the menu tree and writes the map and the transcript', async () => {
    app.texts.length = 0;
    const out = join(dir, 'map.json');
    const transcript = join(dir, 'transcript.json');
    const r = await cli(['ussd', 'crawl', '--target', target, '--out', out, '--transcript', transcript]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^n1 \[menu\] "Welcome to TestPay"\n/);
    expect(r.out).toContain('(stopped: pin)');
    expect(r.out).toContain('!screen-too-long');
    expect(r.out).toContain('!protocol-error');
    const map = JSON.parse(readFileSync(out, 'utf8')) as { nodes: unknown[]; requests: number; target: { dialect: string } };
    expect(map.target.dialect).toBe('africastalking');
    expect(map.requests).toBe(app.texts.length);
    const entries = JSON.parse(readFileSync(transcript, 'utf8')) as Array<{ source: string; request: { headers: Record<string, string>; body: string } }>;
    expect(entries).toHaveLength(map.requests);
    expect(entries.every((e) => e.source === 'crawl')).toBe(true);
    expect(entries[0]!.request.body).toContain('sessionId=ATUid_');
    expect(readFileSync(transcript, 'utf8')).not.toContain('lab-key-not-for-output');
  });

  it('--json prints the same deterministic map', async () => {
    const a = await cli(['ussd', 'crawl', '--target', target, '--json']);
    const b = await cli(['ussd', 'crawl', '--target', target, '--json']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const map = JSON.parse(a.out) as { format: string; complete: boolean };
    expect(map.format).toBe('dfslab-ussd-menu-map');
    expect(map.complete).toBe(true);
  });

  it('--dry-run prints the plan and sends nothing', async () => {
    app.texts.length = 0;
    const r = await cli(['ussd', 'crawl', '--target', target, '--dry-run']);
    expect(r.code).toBe(0);
    expect(app.texts).toHaveLength(0);
    expect(r.out).toContain('dry run: nothing will be sent');
    expect(r.out).toContain(`endpoint      ${app.url}`);
    expect(r.out).toContain('africastalking');
    expect(r.out).toContain('A 254711000001 (crawls), B 254711000002');
    expect(r.out).toContain('at most 400 requests, 100 per second');
    expect(r.out).toContain('x-api-key (values hidden)');
    expect(r.out).not.toContain('lab-key-not-for-output');
    expect(r.out).not.toContain('9876');
    const j = await cli(['ussd', 'crawl', '--target', target, '--dry-run', '--json']);
    expect(JSON.parse(j.out)).toMatchObject({ dryRun: true, serviceCode: '*384*12#', crawl: { probes: ['0', '99'] } });
    expect(app.texts).toHaveLength(0);
  });

  it('stops with a clear note when the budget is spent', async () => {
    const small = join(dir, 'small.yaml');
    writeFileSync(small, readFileSync(target, 'utf8').replace('maxRequests: 400', 'maxRequests: 5'));
    const r = await cli(['ussd', 'crawl', '--target', small]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('the crawl is incomplete: the request budget (5) was spent');
  });

  it('reports a bad target file with its position and exit code 2', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'endpoint: http://127.0.0.1:1/\ndialect: africastalking\nserviceCode: "*1#"\naccounts: []\n');
    const r = await cli(['ussd', 'crawl', '--target', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dfslab: DFSLAB_E_USSD_TARGET_INVALID: invalid target file:\n {2}.*bad\.yaml:4:11: "accounts" is a non-empty list/);
    const missing = await cli(['ussd', 'crawl', '--target', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such target file');
    const unknown = join(dir, 'unknown.yaml');
    writeFileSync(unknown, readFileSync(target, 'utf8').replace('dialect: africastalking', 'dialect: pigeon'));
    const u = await cli(['ussd', 'crawl', '--target', unknown, '--dry-run']);
    expect(u.code).toBe(2);
    expect(u.err).toContain('unknown.yaml:2:1: unknown USSD dialect "pigeon"');
  });
});
