/**
 * The auth family against the reference wallet (each weakness alone, and the hardened profile, in both
 * dialects), plus a small callback that trusts X-Forwarded-For, which the wallet has no switch for.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlMenu, crawlOptionsFor } from '../../crawler.js';
import { dialectById } from '../../dialects/index.js';
import { runUssdTests } from '../../run.js';
import { connectTarget, parseTarget } from '../../target.js';
import { citedIds, requestsBySource, startRig, summary, type WalletDialect, type WalletRig } from '../session/wallet-harness.test-support.js';
import { credentialBypassTest, wrongValue } from './credential-bypass.js';
import { headerTrustTest } from './header-trust.js';
import { authTests } from './index.js';
import { msisdnSpoofingTest } from './msisdn-spoofing.js';
import { offGatewayTest } from './off-gateway.js';

const DIALECTS: WalletDialect[] = ['africastalking', 'hubtel'];
let rig: WalletRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('wrongValue', () => {
  it('is random, never the real value, and shares nothing with it (it goes into the transcript in clear)', () => {
    const secret = 'lab-gateway-key-0123456789';
    const a = wrongValue(secret);
    expect(a).not.toBe(secret);
    expect(a).toHaveLength(secret.length);
    expect(wrongValue(secret)).not.toBe(a);
    // No long run of the secret survives in the wrong value.
    for (let i = 0; i + 4 <= secret.length; i++) expect(a).not.toContain(secret.slice(i, i + 4));
    expect(wrongValue('').length).toBeGreaterThan(0);
  });
});

describe.each(DIALECTS)('auth tests over %s', (dialect) => {
  it('report nothing against the hardened wallet', async () => {
    rig = await startRig({ profile: 'hardened', dialect });
    const r = await rig.run(authTests);
    expect(r.findings, summary(r)).toEqual([]);
    expect(r.failed, summary(r)).toEqual([]);
    expect(r.passes.map((p) => p.checkId).sort(), summary(r)).toEqual(authTests.map((t) => t.id).sort());
    console.log(dialect, 'requests in quick mode', requestsBySource(r));
  });

  it('off-gateway finds a callback that needs no credentials', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'no-gateway-auth': true }, dialect });
    const r = await rig.run([offGatewayTest]);
    expect(r.findings, summary(r)).toHaveLength(1);
    expect(r.findings[0]!.confidence).toBe('high');
    const cited = r.transcript.filter((e) => citedIds(r.findings[0]!.evidence).includes(e.id));
    expect(cited).toHaveLength(1);
    expect(cited[0]!.request.headers['x-gateway-key']).toBeUndefined();
  });

  it('off-gateway reports with medium confidence when the target declares no credentials', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'no-gateway-auth': true }, dialect, noAuth: true });
    const r = await rig.run([offGatewayTest], { crawl: false });
    expect(r.findings.map((f) => f.confidence), summary(r)).toEqual(['medium']);
  });

  it('credential-bypass finds missing and wrong keys accepted', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'no-gateway-auth': true }, dialect });
    const r = await rig.run([credentialBypassTest]);
    expect(r.findings.map((f) => f.locations[0]!.key).sort(), summary(r)).toEqual(['missing', 'wrong']);
    const wrong = r.transcript.find((e) => citedIds(r.findings.find((f) => f.locations[0]!.key === 'wrong')!.evidence).includes(e.id))!;
    const sent = wrong.request.headers['x-gateway-key'];
    expect(sent).toBeDefined();
    expect(sent).not.toBe(rig.wallet.gatewayKey);
    expect(sent).not.toBe('<redacted>');
  });

  it('credential-bypass and header-trust are inconclusive without declared credentials', async () => {
    rig = await startRig({ profile: 'hardened', dialect, noAuth: true });
    const r = await rig.run([credentialBypassTest, headerTrustTest], { crawl: false });
    expect(r.findings, summary(r)).toEqual([]);
    expect(r.inconclusive.map((i) => i.testId).sort(), summary(r)).toEqual([credentialBypassTest.id, headerTrustTest.id].sort());
  });

  it('msisdn-spoofing finds B\'s data shown to a spoofed caller', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'data-before-pin': true }, dialect });
    const r = await rig.run([msisdnSpoofingTest]);
    expect(r.findings.length, summary(r)).toBeGreaterThanOrEqual(2);
    const messages = r.findings.map((f) => f.message).join('\n');
    expect(messages).toContain("B's name");
    expect(messages).toContain("B's balance");
    // Every cited request was sent as B, and B's PIN was never typed.
    for (const f of r.findings) {
      for (const e of r.transcript.filter((x) => citedIds(f.evidence).includes(x.id))) {
        expect(e.hop?.msisdn).toBe('254711000002');
        expect(e.request.body ?? '').not.toContain('7391');
      }
    }
  });
});

describe('header-trust', () => {
  it('finds a callback that admits requests claiming a gateway address', async () => {
    // A callback with an allow-list built on X-Forwarded-For: the flaw the reference wallet does not have.
    const server = http.createServer((req, res) => {
      const trusted = req.headers['x-api-key'] === 'k' || req.headers['x-forwarded-for'] === '127.0.0.1';
      req.resume();
      req.on('end', () => {
        res.writeHead(trusted ? 200 : 403, { 'content-type': 'text/plain' });
        res.end(trusted ? 'CON Welcome\n1. Balance' : 'Forbidden');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const target = parseTarget(
        [`endpoint: http://127.0.0.1:${port}/ussd`, 'dialect: africastalking', "serviceCode: '*384#'", 'auth: { headers: { x-api-key: k } }', 'accounts:', "  - { msisdn: '254711000001', pin: '4826', role: A }", 'budget: { ratePerSecond: 100 }', 'quick: true', ''].join('\n'),
        't.yaml',
        { env: {} },
      );
      const conn = await connectTarget(target, { dialect: dialectById('africastalking') });
      const r = await runUssdTests(conn, [headerTrustTest, offGatewayTest], { crawl: () => crawlMenu(conn.client, crawlOptionsFor(conn)) });
      expect(r.findings.map((f) => f.checkId), summary(r)).toEqual([headerTrustTest.id]);
      expect(r.findings[0]!.message).toContain('127.0.0.1');
      expect(r.passes.map((p) => p.checkId)).toEqual([offGatewayTest.id]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('is inconclusive when the callback needs no credentials at all', async () => {
    rig = await startRig({ profile: 'hardened', weaknesses: { 'no-gateway-auth': true }, dialect: 'africastalking' });
    const r = await rig.run([headerTrustTest], { crawl: false });
    expect(r.findings, summary(r)).toEqual([]);
    expect(r.inconclusive.map((i) => i.testId)).toEqual([headerTrustTest.id]);
  });
});
