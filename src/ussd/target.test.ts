import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UssdError } from '../errors.js';
import { connectTarget, loadTarget, parseTarget, resolveDialect, SafetyRails, testSelected } from './target.js';

const GOOD = `endpoint: http://127.0.0.1:8080/ussd
dialect: africastalking
serviceCode: '*384*12#'
auth:
  headers:
    x-api-key: '\${LAB_KEY}'
accounts:
  - msisdn: '+254711000001'
    pin: 0123
    role: A
    name: Amina Test
    nationalId: '12345678'
    dob: 1990-04-01
  - { msisdn: '254711000002', pin: '4321', role: B }
policies: { lockoutThreshold: 3, perTransactionLimit: 70000 }
budget: { maxRequests: 300, ratePerSecond: 2 }
tests: { include: ['USSD-PIN-*', 'USSD-DISC-01'], exclude: [USSD-PIN-05] }
prompts: { pin: [tarakimu za siri] }
allowedAmount: 10
crawl: { probes: ['0', '', '98'], maxDepth: 4 }
extras: { networkCode: '63902' }
`;

function errorOf(fn: () => unknown): UssdError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UssdError);
    return e as UssdError;
  }
  throw new Error('expected an error');
}

describe('parseTarget', () => {
  it('reads a complete target with defaults filled in', () => {
    const t = parseTarget(GOOD, 'lab.yaml', { env: { LAB_KEY: 'k-123' } });
    expect(t.endpoint).toBe('http://127.0.0.1:8080/ussd');
    expect(t.dialect).toBe('africastalking');
    expect(t.serviceCode).toBe('*384*12#');
    expect(t.auth.headers).toEqual({ 'x-api-key': 'k-123' });
    expect(t.accounts[0]).toEqual({ msisdn: '254711000001', pin: '0123', role: 'A', name: 'Amina Test', nationalId: '12345678', dob: '1990-04-01' });
    expect(t.accounts[1]!.pin).toBe('4321');
    expect(t.policies).toEqual({ lockoutThreshold: 3, sessionTimeoutSeconds: 180, perTransactionLimit: 70000, responseBudgetMs: 10000, highValueAmount: 10000 });
    expect(t.budget).toMatchObject({ maxRequests: 300, ratePerSecond: 2, timeoutMs: 10000, maxResponseBytes: 65536 });
    expect(t.production).toBe(false);
    expect(t.quick).toBe(false);
    expect(t.allowedAmount).toBe(10);
    expect(t.crawl).toEqual({ deep: false, maxDepth: 4, maxNodes: 200, probes: ['0', '', '98'], caller: 'A' });
    expect(t.prompts.pin).toEqual(['tarakimu za siri']);
    expect(t.extras).toEqual({ networkCode: '63902' });
    expect(t.at.dialect).toBe('lab.yaml:2:1');
    expect(testSelected(t, 'USSD-PIN-01')).toBe(true);
    expect(testSelected(t, 'USSD-PIN-05')).toBe(false);
    expect(testSelected(t, 'USSD-AUTH-01')).toBe(false);
  });

  it('reports every problem at once with file:line:col', () => {
    const bad = `endpoint: ftp://x
dialect: africastalking
template: ./t.yaml
serviceCode: 384
colour: blue
accounts:
  - msisdn: '0711'
    pin: abcd
    role: a
  - { msisdn: '254711000002', pin: '4321', role: B, shoe: 42 }
  - { msisdn: '254711000002', pin: '4321', role: C }
policies: { lockoutThreshold: -1 }
budget: { ratePerSecond: 1000 }
production: yes
crawl: { deep: true, probes: ['1234567890'] }
`;
    const e = errorOf(() => parseTarget(bad, 'bad.yaml', { env: {} }));
    expect(e.code).toBe('DFSLAB_E_USSD_TARGET_INVALID');
    const lines = e.message.split('\n').slice(1).map((l) => l.trim());
    const expectAt = (pos: string, text: string): void => {
      expect(lines.some((l) => l.startsWith(`bad.yaml:${pos}: `) && l.includes(text)), `${pos} ${text}\n${lines.join('\n')}`).toBe(true);
    };
    expectAt('1:11', 'http: or https:');
    expectAt('3:1', 'not both');
    expectAt('4:14', 'serviceCode');
    expectAt('5:1', 'unknown key "colour"');
    expectAt('7:13', 'E.164');
    expectAt('8:10', '"pin"');
    expectAt('9:11', '"role"');
    expectAt('10:53', 'unknown key "shoe"');
    expectAt('11:15', 'already declared at bad.yaml:10:5');
    expectAt('12:31', 'lockoutThreshold');
    expectAt('13:26', 'ratePerSecond');
    expectAt('14:13', 'true or false');
    expectAt('15:1', 'allowedAmount');
    expectAt('15:30', 'probe');
  });

  it('reports YAML syntax errors and missing required keys with positions', () => {
    expect(errorOf(() => parseTarget('endpoint: [\n', 't.yaml')).message).toMatch(/t\.yaml:\d+:\d+: /);
    const e = errorOf(() => parseTarget('endpoint: http://127.0.0.1/\n', 't.yaml'));
    expect(e.message).toContain('t.yaml:1:1: "serviceCode" is required');
    expect(e.message).toContain('t.yaml:1:1: the target needs "dialect"');
    expect(e.message).toContain('t.yaml:1:1: the target needs "accounts"');
    expect(errorOf(() => parseTarget('- a\n', 't.yaml')).message).toContain('t.yaml:1:1: a target file is a mapping');
  });

  it('says which environment variable is missing', () => {
    const e = errorOf(() => parseTarget(GOOD, 'lab.yaml', { env: {} }));
    expect(e.message).toContain('lab.yaml:6:16: header "x-api-key" refers to the environment variable LAB_KEY');
  });

  it('resolves the CA file relative to the target file and refuses a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-target-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const base = GOOD.replace(/auth:\n.*\n.*\n/, '');
    writeFileSync(join(dir, 'target.yaml'), `${base}tls: { ca: ca.pem }\n`);
    const t = loadTarget(join(dir, 'target.yaml'));
    expect(t.tls.ca).toBe(join(dir, 'ca.pem'));
    expect(t.tls.caPem).toContain('BEGIN CERTIFICATE');
    writeFileSync(join(dir, 'target2.yaml'), `${base}tls: { ca: nope.pem, insecure: true }\n`);
    expect(errorOf(() => loadTarget(join(dir, 'target2.yaml'))).message).toMatch(/target2\.yaml:\d+:12: cannot read the CA file/);
    expect(errorOf(() => loadTarget(join(dir, 'missing.yaml'))).message).toContain('no such target file');
  });

  it('resolves a built-in dialect and reports an unknown one at its position', async () => {
    const t = parseTarget(GOOD, 'lab.yaml', { env: { LAB_KEY: 'k' } });
    expect((await resolveDialect(t)).id).toBe('africastalking');
    const u = parseTarget(GOOD.replace('dialect: africastalking', 'dialect: smoke-signals'), 'lab.yaml', { env: { LAB_KEY: 'k' } });
    await expect(resolveDialect(u)).rejects.toMatchObject({ code: 'DFSLAB_E_USSD_TARGET_INVALID', message: expect.stringContaining('lab.yaml:2:1:') });
    const conn = await connectTarget(t);
    expect(conn.transport.ratePerSecond).toBe(2);
    expect(conn.transport.maxRequests).toBe(300);
    expect(() => conn.client.assertCaller('254711000009')).toThrow(/not one of the accounts/);
    expect(() => conn.client.assertCaller('+254711000002')).not.toThrow();
    expect(() => conn.client.assertCaller('0711000002')).not.toThrow();
  });
});

describe('template dialects', () => {
  it('compiles the template named by the target, relative to the target file', async (ctx) => {
    const template = join(dirname(fileURLToPath(import.meta.url)), 'dialects', 'testdata', 'templates', 'advanta.yaml');
    if (!existsSync(template)) {
      ctx.skip('the dialect template test data is not present');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-target-tpl-'));
    writeFileSync(join(dir, 'target.yaml'), GOOD.replace('dialect: africastalking', `template: ${JSON.stringify(template)}`).replace(/auth:\n.*\n.*\n/, ''));
    const t = loadTarget(join(dir, 'target.yaml'));
    expect(t.template).toBe(template);
    const d = await resolveDialect(t);
    expect(typeof d.request).toBe('function');
    expect(d.id).not.toBe('africastalking');
  });
});

describe('SafetyRails', () => {
  it('stops the run when an amount beyond allowedAmount moves', () => {
    const rails = new SafetyRails({ allowedAmount: 10, production: false });
    rails.observeAmount(4, 'USSD-LIMIT-01');
    rails.observeAmount(0, 'USSD-LIMIT-01');
    expect(rails.observedTotal).toBe(4);
    expect(() => rails.observeAmount(7, 'USSD-REPL-01')).toThrow(expect.objectContaining({ code: 'DFSLAB_E_USSD_SAFETY_STOP' }));
    expect(() => new SafetyRails({ production: false }).observeAmount(1, 'x')).toThrow(/allowedAmount/);
    expect(() => new SafetyRails({ allowedAmount: 100, production: false }).observeAmount(101, 'x')).toThrow(/beyond allowedAmount 100/);
  });

  it('refuses destructive tests against production without a written authorisation', () => {
    expect(() => new SafetyRails({ production: true }).assertDestructiveAllowed('USSD-PIN-01')).toThrow(expect.objectContaining({ code: 'DFSLAB_E_USSD_SAFETY_STOP' }));
    expect(() => new SafetyRails({ production: true, authorised: 'CBK letter ref 2026/114, J. Doe' }).assertDestructiveAllowed('USSD-PIN-01')).not.toThrow();
    expect(() => new SafetyRails({ production: false }).assertDestructiveAllowed('USSD-PIN-01')).not.toThrow();
    const t = parseTarget(`${GOOD}production: true\n`, 'p.yaml', { env: { LAB_KEY: 'k' } });
    expect(new SafetyRails(t).destructiveAllowed()).toBe(false);
  });
});

describe('rate ceiling', () => {
  const base = (endpoint: string, rate: number): string =>
    `endpoint: ${endpoint}\ndialect: africastalking\nserviceCode: '*384#'\naccounts:\n  - { msisdn: '254711000001', pin: '1234', role: A }\nbudget: { ratePerSecond: ${rate} }\n`;
  it('allows more than 100 requests/s only for a service on this machine', () => {
    expect(parseTarget(base('http://127.0.0.1:8088/ussd', 800), 't.yaml').budget.ratePerSecond).toBe(800);
    expect(parseTarget(base('http://localhost:8088/ussd', 1000), 't.yaml').budget.ratePerSecond).toBe(1000);
    expect(() => parseTarget(base('https://staging.wallet.example/ussd', 800), 't.yaml')).toThrow(/ratePerSecond/);
    expect(() => parseTarget(base('http://127.0.0.1:8088/ussd', 5000), 't.yaml')).toThrow(/ratePerSecond/);
  });
});

describe('simSwapMock', () => {
  const base = `endpoint: http://127.0.0.1:8088/ussd\ndialect: africastalking\nserviceCode: '*384#'\naccounts:\n  - { msisdn: '254711000001', pin: '1234', role: A }\n  - { msisdn: '254711000002', pin: '4321', role: B }\n`;
  it('reads the mock the harness starts for the run', () => {
    expect(parseTarget(`${base}simSwapMock: { port: 9099, swapped: [A], fail: timeout }\n`, 't.yaml').simSwapMock).toEqual({ port: 9099, swapped: ['A'], fail: 'timeout' });
    expect(parseTarget(`${base}simSwapMock: { port: 9099 }\n`, 't.yaml').simSwapMock).toEqual({ port: 9099, swapped: 'all', fail: 'none' });
  });
  it('refuses a mock without a port, an unknown role or failure mode', () => {
    expect(() => parseTarget(`${base}simSwapMock: { swapped: all }\n`, 't.yaml')).toThrow(/needs the "port"/);
    expect(() => parseTarget(`${base}simSwapMock: { port: 9099, swapped: [C] }\n`, 't.yaml')).toThrow(/role C/);
    expect(() => parseTarget(`${base}simSwapMock: { port: 9099, fail: 404 }\n`, 't.yaml')).toThrow(/none, 500 or timeout/);
  });
});

describe('notificationPath and highValueAmount', () => {
  const base = `endpoint: http://127.0.0.1:8088/ussd/at\ndialect: africastalking\nserviceCode: '*384#'\naccounts:\n  - { msisdn: '254711000001', pin: '1234', role: A }\n`;
  it('default to <endpoint>/notify and 10,000, and take the declared values', () => {
    const d = parseTarget(base, 't.yaml');
    expect(d.notificationPath).toBe('notify');
    expect(d.policies.highValueAmount).toBe(10_000);
    const t = parseTarget(`${base}notificationPath: /ussd/at/events\npolicies: { highValueAmount: 5000 }\n`, 't.yaml');
    expect(t.notificationPath).toBe('/ussd/at/events');
    expect(t.policies.highValueAmount).toBe(5000);
    expect(() => parseTarget(`${base}notificationPath: 'https://elsewhere.example/n'\n`, 't.yaml')).toThrow(/notificationPath/);
  });
});

describe('budget.throttleBackoffSeconds', () => {
  const base = `endpoint: http://127.0.0.1:8088/ussd\ndialect: africastalking\nserviceCode: '*384#'\naccounts:\n  - { msisdn: '254711000001', pin: '1234', role: A }\n`;
  it('defaults to 5, 15, 30, 60 seconds, takes a declared schedule, and feeds the crawl', async () => {
    const d = parseTarget(base, 't.yaml');
    expect(d.budget.throttleBackoffSeconds).toEqual([5, 15, 30, 60]);
    const t = parseTarget(`${base}budget: { throttleBackoffSeconds: [0.5, 2, 600] }\n`, 't.yaml');
    expect(t.budget.throttleBackoffSeconds).toEqual([0.5, 2, 600]);
    expect(parseTarget(`${base}budget: { throttleBackoffSeconds: [] }\n`, 't.yaml').budget.throttleBackoffSeconds).toEqual([]);
    const { crawlOptionsFor } = await import('./crawler.js');
    expect(crawlOptionsFor(await connectTarget(d)).throttleBackoffMs).toEqual([5_000, 15_000, 30_000, 60_000]);
    expect(crawlOptionsFor(await connectTarget(t)).throttleBackoffMs).toEqual([500, 2_000, 600_000]);
  });
  it('refuses waits below 0 or beyond 600 s, more than 8 of them, and anything but a list of numbers', () => {
    const bad = (v: string): string => errorOf(() => parseTarget(`${base}budget: { throttleBackoffSeconds: ${v} }\n`, 't.yaml')).message;
    expect(bad('[5, -1]')).toMatch(/t\.yaml:6:39: each item of "throttleBackoffSeconds" is a number ≥ 0 and ≤ 600/);
    expect(bad('[601]')).toContain('≤ 600');
    expect(bad('[1, 1, 1, 1, 1, 1, 1, 1, 1]')).toContain('"throttleBackoffSeconds" has at most 8 entries (got 9)');
    expect(bad('5')).toContain('"throttleBackoffSeconds" is a list of numbers');
    expect(bad("['5s']")).toContain('each item of "throttleBackoffSeconds"');
  });
});
