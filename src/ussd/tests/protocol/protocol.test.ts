/**
 * The protocol family against the reference wallet: each test finds its weakness when that weakness alone is
 * switched on, and reports nothing against the hardened profile, in both dialects.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { citedIds, requestsBySource, startRig, summary, type WalletDialect, type WalletRig } from '../session/wallet-harness.test-support.js';
import { conformanceTest, issuesOf } from './conformance.js';
import { protocolTests } from './index.js';
import { notificationSpoofingTest } from './notification-spoofing.js';
import { transportTest } from './transport.js';

const DIALECTS: WalletDialect[] = ['africastalking', 'hubtel'];
let rig: WalletRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('issuesOf', () => {
  const entry = (text: string, extra: object = {}) => ({ id: 1, atMs: 0, source: 'crawl', request: { method: 'POST', url: 'http://x/', headers: {} }, response: { status: 200, headers: {}, body: '' }, elapsedMs: 5, screen: { continue: true, text }, ...extra });
  it('flags long screens, slow answers and bad statuses', () => {
    const opts = { budgetMs: 100, maxChars: 182, strict: true };
    expect(issuesOf(entry('x'.repeat(182)), opts)).toEqual([{ code: 'screen-long', severity: 'info', message: expect.stringContaining('182 characters') }]);
    expect(issuesOf(entry('x'.repeat(183)), opts).map((i) => i.code)).toEqual(['screen-too-long']);
    expect(issuesOf(entry('ok', { elapsedMs: 101 }), opts).map((i) => i.code)).toEqual(['slow']);
    expect(issuesOf(entry('ok', { response: { status: 500, headers: {}, body: '' } }), opts).map((i) => i.code)).toEqual(['http-status']);
    expect(issuesOf(entry('ok', { response: { status: 500, headers: {}, body: '' } }), { ...opts, strict: false })).toEqual([]);
    expect(issuesOf(entry('ok'), opts)).toEqual([]);
  });
});

describe.each(DIALECTS)('protocol tests over %s', (dialect) => {
  it('report nothing against the hardened wallet', async () => {
    rig = await startRig({ profile: 'hardened', dialect });
    const r = await rig.run(protocolTests);
    expect(r.findings, summary(r)).toEqual([]);
    expect(r.failed, summary(r)).toEqual([]);
    const passed = r.passes.map((p) => p.checkId).sort();
    if (dialect === 'africastalking') expect(passed, summary(r)).toEqual(protocolTests.map((t) => t.id).sort());
    else {
      expect(passed, summary(r)).toEqual([conformanceTest.id, transportTest.id]);
      expect(r.inconclusive.map((i) => i.testId)).toEqual([notificationSpoofingTest.id]);
    }
    expect(r.passes.find((p) => p.checkId === transportTest.id)!.message).toMatch(/TLSv1\.[23] with a valid certificate/);
    // Nothing moved: the prepared transfer was never confirmed.
    expect(rig.wallet.balances()['254711000002']).toBe(8_000);
    console.log(dialect, 'requests in quick mode', requestsBySource(r));
  });

  it('conformance finds a screen over 182 characters behind the PIN', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'oversize-screens': true }, dialect });
    const r = await rig.run([conformanceTest]);
    expect(r.findings.map((f) => `${f.locations[0]!.attribute} ${f.locations[0]!.key}`), summary(r)).toEqual(['screen-too-long 5>PIN(A)>1']);
    expect(r.findings[0]!.severity).toBe('medium');
    expect(JSON.stringify(r.findings)).not.toContain('4826');
  });

  it('conformance finds the long screen in the crawl of the vulnerable wallet', async () => {
    rig = await startRig({ profile: 'vulnerable', dialect, weaknesses: { 'plain-http': false } });
    const r = await rig.run([conformanceTest]);
    expect(r.findings.map((f) => `${f.locations[0]!.attribute} ${f.locations[0]!.key}`), summary(r)).toContain('screen-too-long 5>1');
  });

  it('transport finds a plain HTTP callback', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'plain-http': true }, dialect });
    const r = await rig.run([transportTest], { crawl: false });
    expect(r.findings.map((f) => f.checkId), summary(r)).toEqual([transportTest.id]);
    expect(r.findings[0]!.message).toContain('plain HTTP');
    expect(r.stats.requests).toBe(0);
  });
});

describe('notification-spoofing', () => {
  it('finds a forged Success notification that completes a pending transfer', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'notification-spoofing': true }, dialect: 'africastalking' });
    const r = await rig.run([notificationSpoofingTest]);
    expect(r.findings, summary(r)).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('from 8000 to 8001');
    const cited = r.transcript.filter((e) => citedIds(f.evidence).includes(e.id));
    expect(cited.some((e) => e.request.url.endsWith('/ussd/at/notify') && (e.request.body ?? '').includes('status=Success'))).toBe(true);
    // Only the smallest amount moved, and only through the forged notification.
    expect(rig.wallet.balances()['254711000002']).toBe(8_001);
    expect(rig.wallet.ledger().filter((e) => e.channel !== 'seed' && e.status === 'completed').map((e) => e.amount)).toEqual([1]);
  });

  it('leaves nothing pending against the hardened wallet', async () => {
    rig = await startRig({ profile: 'hardened', dialect: 'africastalking' });
    const r = await rig.run([notificationSpoofingTest]);
    expect(r.passes, summary(r)).toHaveLength(1);
    expect(rig.wallet.ledger().filter((e) => e.type === 'send' && e.channel !== 'seed').map((e) => e.status)).toEqual(['cancelled']);
  });
});

describe('transport', () => {
  it('finds a certificate accepted only because the target says insecure', async () => {
    rig = await startRig({ profile: 'hardened', dialect: 'hubtel', extraYaml: '' });
    // Same wallet, but the target trusts nothing and skips verification.
    const { parseTarget, connectTarget } = await import('../../target.js');
    const { dialectById } = await import('../../dialects/index.js');
    const { runUssdTests } = await import('../../run.js');
    const yaml = [`endpoint: ${rig.wallet.url}${rig.wallet.paths.hubtel}`, 'dialect: hubtel', "serviceCode: '*384#'", `auth: { headers: { X-Gateway-Key: '${rig.wallet.gatewayKey}' } }`, 'tls: { insecure: true }', 'accounts:', "  - { msisdn: '254711000001', pin: '4826', role: A }", 'budget: { ratePerSecond: 100 }', 'quick: true', ''].join('\n');
    const conn = await connectTarget(parseTarget(yaml, 't.yaml', { env: {} }), { dialect: dialectById('hubtel') });
    const r = await runUssdTests(conn, [transportTest]);
    expect(r.findings.map((f) => f.locations[0]!.attribute), summary(r)).toEqual(['tls.certificate']);
    expect(r.findings[0]!.message).toContain('tls.insecure');
  });
});
