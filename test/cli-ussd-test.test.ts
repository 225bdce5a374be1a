/**
 * `dfslab ussd test`, `report` and `replay` as a user runs them against the reference USSD service on
 * 127.0.0.1: the run is kept with its transcript, rendered through the same report formats as app audits
 * (the JSON report validates against docs/report.schema.json, SARIF against the official schema), and
 * replayed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, startWallet, type WalletServer } from '../examples/ussd-wallet/src/index.js';
import { loadExampleWallet } from '../src/cli/ussd-test.js';
import { cli } from './cli.js';
import { reportValidator, sarifValidator } from './schemas/validate.js';

const GATEWAY_KEY = 'cli-ussd-test-gateway-key';
const [A, B] = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber');

let wallet: WalletServer;
let dir = '';
let target = '';

beforeAll(async () => {
  wallet = await startWallet({ profile: 'vulnerable', port: 0, gatewayKey: GATEWAY_KEY });
  dir = mkdtempSync(join(tmpdir(), 'dfslab-ussd-test-'));
  target = join(dir, 'target.yaml');
  writeFileSync(
    target,
    `endpoint: ${wallet.url}${wallet.paths.africastalking}
dialect: africastalking
serviceCode: '*384*12#'
auth: { headers: { x-gateway-key: ${GATEWAY_KEY} } }
accounts:
  - { msisdn: '${A!.msisdn}', pin: '${A!.pin}', role: A, nationalId: '${A!.nationalId}' }
  - { msisdn: '${B!.msisdn}', pin: '${B!.pin}', role: B }
budget: { maxRequests: 600, ratePerSecond: 1000 }
quick: true
allowedAmount: 50
`,
  );
});

afterAll(async () => {
  await wallet?.stop();
});

describe('dfslab ussd test', () => {
  it('prints the plan in a dry run and sends nothing', async () => {
    const before = wallet.requestLog.length;
    const r = await cli(['ussd', 'test', '--target', target, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as { dryRun: boolean; run: Array<{ id: string }> };
    expect(plan.dryRun).toBe(true);
    expect(wallet.requestLog.length).toBe(before);
  });

  it('runs, keeps the transcript, and renders the run through the app report formats', async () => {
    const out = join(dir, 'reports');
    const runFile = join(dir, 'run.json');
    const r = await cli(['ussd', 'test', '--target', target, '-o', runFile, '--format', 'json,sarif,html,csv,oscal', '--out', `${out}/`]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/USSD \*384\*12# at http:\/\/127\.0\.0\.1/);
    const run = JSON.parse(readFileSync(runFile, 'utf8')) as { kind: string; transcript: Array<{ request: { headers: Record<string, string> } }>; testsRun: string[] };
    expect(run.kind).toBe('ussd');
    // The gateway key never reaches the evidence.
    expect(readFileSync(runFile, 'utf8')).not.toContain(GATEWAY_KEY);
    // Requests sent with the target's credentials show them redacted (tests that send a wrong key send their own).
    expect(run.transcript.some((e) => e.request.headers['x-gateway-key'] === '<redacted>')).toBe(true);

    const report = JSON.parse(readFileSync(join(out, 'target.json'), 'utf8')) as { app: { platform: string }; scope: { method: string; checksRun: string[] } };
    expect(report.app.platform).toBe('ussd');
    expect(report.scope.method).toBe('DYN-USSD');
    expect(report.scope.checksRun).toEqual(run.testsRun);
    expect(reportValidator()(report)).toBeUndefined();

    const sarif = JSON.parse(readFileSync(join(out, 'target.sarif'), 'utf8')) as unknown;
    expect(sarifValidator()(sarif)).toBeUndefined();
    expect(readFileSync(join(out, 'target.html'), 'utf8')).toContain('USSD *384*12#');

    // The saved run is a result `dfslab report` renders again.
    const again = await cli(['report', runFile, '--format', 'csv']);
    expect(again.code).toBe(0);
    expect(again.out.startsWith('\ufeffseverity,')).toBe(true);
  }, 60_000);

  it('replays a saved run and says which answers changed', async () => {
    const runFile = join(dir, 'run-replay.json');
    await cli(['ussd', 'test', '--target', target, '-o', runFile, '--format', 'json', '--out', join(dir, 'ignored.json')]);
    const r = await cli(['ussd', 'replay', '--target', target, '--run', runFile, '--json']);
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.out) as { replayed: number; changed: number };
    const run = JSON.parse(readFileSync(runFile, 'utf8')) as { transcript: unknown[] };
    expect(out.replayed).toBe(run.transcript.length);
  }, 60_000);

  it('refuses a saved run that is not one, in one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"kind":"ussd"}');
    const r = await cli(['ussd', 'replay', '--target', target, '--run', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/DFSLAB_E_RESULT_INVALID: not a saved USSD run/);
    const rep = await cli(['report', bad, '--format', 'json']);
    expect(rep.code).toBe(2);
    expect(rep.err).toMatch(/DFSLAB_E_RESULT_INVALID/);
  });

  it('starts the SIM Swap mock the target file declares, for the run', async () => {
    // A free port for the mock, which the staging service (here: a second wallet) is configured to call.
    const net = await import('node:net');
    const port = await new Promise<number>((res) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => res(p));
      });
    });
    // Vulnerable profile: its SIM-swap check is off, and it does not throttle the crawl (a real-clock run
    // against the hardened profile meets its per-number session limit, see ussd-reference.test.ts).
    const staging = await startWallet({ profile: 'vulnerable', port: 0, gatewayKey: GATEWAY_KEY, camaraUrl: `http://127.0.0.1:${port}` });
    try {
      const t = join(dir, 'simswap.yaml');
      writeFileSync(
        t,
        `endpoint: ${staging.url}${staging.paths.africastalking}
dialect: africastalking
serviceCode: '*384*12#'
accounts:
  - { msisdn: '254711000003', pin: '5067', role: A, nationalId: '25678901', dob: 1978-07-21 }
  - { msisdn: '${B!.msisdn}', pin: '${B!.pin}', role: B }
budget: { maxRequests: 600, ratePerSecond: 1000 }
quick: true
allowedAmount: 20000
tests: { include: ['USSD-SIMSWAP-01'] }
simSwapMock: { port: ${port}, swapped: [A] }
`,
      );
      const r = await cli(['ussd', 'test', '--target', t, '--json']);
      expect(r.err).toContain(`CAMARA SIM Swap mock listening at http://127.0.0.1:${port}`);
      const run = JSON.parse(r.out) as { findings: Array<{ checkId: string }>; testsRun: string[] };
      expect(run.testsRun).toEqual(['ussd.money.sim-swap-step-up']);
      expect(run.findings.map((f) => f.checkId)).toContain('ussd.money.sim-swap-step-up');
    } finally {
      await staging.stop();
    }
  }, 60_000);

  it('finds the reference service for serve-example', async () => {
    const mod = await loadExampleWallet();
    expect(typeof mod.runWalletCli).toBe('function');
  });
});
