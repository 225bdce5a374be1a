import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../errors.js';
import { loadCatalog } from '../catalog/index.js';
import { registerCatalog } from './catalog.js';
import { run, type CliIO } from './main.js';

interface Result {
  code: number;
  out: string;
  err: string;
  error?: unknown;
}

/** Runs `dfslab catalog ...` on a fresh commander program, the way cli/main wires it. */
async function catalogCli(...args: string[]): Promise<Result> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), isTTY: false };
  const program = new Command().name('dfslab').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  let exit = 0;
  registerCatalog(program, io, (code) => (exit = code));
  try {
    await program.parseAsync(['catalog', ...args], { from: 'user' });
    return { code: exit, out, err };
  } catch (error) {
    if (isDfslabError(error)) return { code: 2, out, err: err + error.toLine(), error };
    if (error instanceof CommanderError) return { code: error.exitCode, out, err, error };
    throw error;
  }
}

const catalog = loadCatalog();

describe('dfslab catalog list', () => {
  it('prints every item grouped by area, with its verification codes', async () => {
    const { code, out } = await catalogCli('list');
    expect(code).toBe(0);
    expect(out).toMatch(/^App: resilience and build hardening\n/);
    expect(out).toMatch(/\n {2}APP-41 +SA-APK SA-IPA +App not debuggable\n/);
    expect(out).toContain('\nConsumer\n');
    expect(out.trimEnd().endsWith('186 items')).toBe(true);
    const rows = out.split('\n').filter((l) => /^ {2}[A-Z0-9]+-\d{2} /.test(l));
    expect(rows).toHaveLength(186);
  });

  it('filters by verification method, area and actor (case-insensitive)', async () => {
    const { out } = await catalogCli('list', '--verification', 'sa-apk');
    const ids = [...out.matchAll(/^ {2}([A-Z0-9]+-\d{2}) /gm)].map((m) => m[1]);
    const expected = [...catalog.items.values()].filter((i) => i.verification.includes('SA-APK')).map((i) => i.id);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(ids).toContain('PLAT-13');

    const network = await catalogCli('list', '--area', 'NETWORK COMM', '--actor', 'dev');
    expect(network.out.split('\n').filter((l) => l !== '' && !l.startsWith('  ') && !/items?$/.test(l))).toEqual([
      'App: network communication',
    ]);
    expect(network.out).toContain('APP-18');
    expect(network.out).not.toContain('APP-05'); // DFSP only
  });

  it('rejects unknown filters with one clear usage error', async () => {
    for (const args of [['--verification', 'XRAY'], ['--area', 'kitchen'], ['--actor', 'BANK'], ['--vocabulary', 'owasp']]) {
      const { code, err, error } = await catalogCli('list', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect((error as { code?: string }).code).toBe(ErrorCodes.USAGE);
      expect(err.split('\n')).toHaveLength(1);
    }
    expect((await catalogCli('list', '--verification', 'XRAY')).err).toContain('use one of: SA-APK, SA-IPA');
  });

  it('prints deterministic JSON for machines', async () => {
    const first = await catalogCli('list', '--json', '--verification', 'LAB-RF');
    const second = await catalogCli('list', '--verification', 'LAB-RF', '--json');
    expect(first.out).toBe(second.out);
    const items = JSON.parse(first.out) as { id: string; verification: string[]; sources: { title: string }[] }[];
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((i) => i.verification.includes('LAB-RF') && (i.sources[0]?.title ?? '') !== '')).toBe(true);
  });

  it('lists vocabularies', async () => {
    const maswe = await catalogCli('list', '--vocabulary', 'maswe');
    expect(maswe.out).toContain('MASWE-0063  Debug Mechanisms Not Disabled  [MASVS-RESILIENCE-4]\n');
    expect(maswe.out.trimEnd().endsWith('78 entries')).toBe(true);
    const verification = JSON.parse((await catalogCli('list', '--vocabulary', 'verification', '--json')).out) as { id: string }[];
    expect(verification.map((v) => v.id)).toEqual(['SA-APK', 'SA-IPA', 'DYN-APP', 'DYN-USSD', 'SRV', 'LAB-RF', 'EVID', 'Q']);
    const areas = await catalogCli('list', '--vocabulary', 'areas');
    expect(areas.out).toMatch(/^Consumer +2 items$/m);
  });
});

describe('dfslab catalog show', () => {
  it('shows a DFS item with its sources, references and test steps', async () => {
    const { code, out } = await catalogCli('show', 'app-41');
    expect(code).toBe(0);
    expect(out).toMatch(/^APP-41 {2}App not debuggable\n/);
    expect(out).toContain('Verification:  SA-APK (Static analysis of the Android package), SA-IPA');
    expect(out).toContain('Sources:       D3 T1.2: Security audit of various DFS applications (FIGI), 1st edition (2021)');
    expect(out).toContain('MASWE-0063  Debug Mechanisms Not Disabled');
    expect(out).toContain('CWE-489  Active Debug Code');
    expect(out).toContain('OWASP 2016:    M1');
    expect(out).toMatch(/How to test:\n {2}1\. Android: android:debuggable/);
    expect(out).toMatch(/Defined in: +dfs\/app\.yaml:\d+\n$/);
  });

  it('wraps prose to the terminal width', async () => {
    const { out } = await catalogCli('show', 'USSD-10');
    const prose = out.split('How to test:')[0] as string;
    for (const line of prose.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(out).toContain('Statement:     An attacker cannot passively read');
  });

  it('shows MASVS, MASWE, CWE, document and code entries with the items that cite them', async () => {
    const masvs = await catalogCli('show', 'masvs-network-2');
    expect(masvs.out).toContain('MASWE-0028  Insecure Identity Pinning');
    expect(masvs.out).toMatch(/DFS items: +APP-18 {2}Certificate pinning\n +APP-48/);
    const maswe = await catalogCli('show', 'MASWE-5');
    expect(maswe.out).toMatch(/^MASWE-0005 {2}Insertion of Sensitive Data into Logs\n/);
    expect(maswe.out).toContain('MASVS:         MASVS-STORAGE-2  No leakage of sensitive data');
    const cwe = await catalogCli('show', 'CWE-532');
    expect(cwe.out).toContain('https://cwe.mitre.org/data/definitions/532.html');
    expect(cwe.out).toContain('PLAT-06');
    const doc = await catalogCli('show', 'd2');
    expect(doc.out).toMatch(/^D2 {2}Security testing for USSD and STK/);
    const code = await catalogCli('show', 'lab-rf');
    expect(code.out).toContain('Meaning:');
  });

  it('prints JSON with the citing items', async () => {
    const json = JSON.parse((await catalogCli('show', 'MASWE-0028', '--json')).out) as { kind: string; citedBy: string[] };
    expect(json).toMatchObject({ kind: 'maswe', id: 'MASWE-0028', citedBy: ['APP-18', 'APP-48'] });
  });

  it('answers an unknown id with one line and a suggestion', async () => {
    const typo = await catalogCli('show', 'APP-411');
    expect(typo.code).toBe(2);
    expect((typo.error as { code?: string }).code).toBe(ErrorCodes.CATALOG_UNKNOWN_ID);
    expect(typo.err).toBe('DFSLAB_E_CATALOG_UNKNOWN_ID: unknown catalog id "APP-411"; did you mean APP-41?');
    expect((await catalogCli('show', 'MASVS-STORAGE')).err).toContain('did you mean MASVS-STORAGE-1?');
    expect((await catalogCli('show', 'CWE-5320')).err).toContain('did you mean CWE-532?');
    const nothing = await catalogCli('show', 'completely-unrelated');
    expect(nothing.err).toContain('try `dfslab catalog search <words>`');
  });
});

describe('dfslab catalog search', () => {
  it('lists matching items best first, then vocabulary entries', async () => {
    const { out } = await catalogCli('search', 'pinning');
    const lines = out.split('\n');
    expect([lines[0]?.slice(0, 6), lines[1]?.slice(0, 6)].sort()).toEqual(['APP-18', 'APP-48']);
    expect(out).toMatch(/\n\nMASVS-NETWORK-2 +Identity pinning\nMASWE-0028 +Insecure Identity Pinning\n/);
    expect(out).toMatch(/^\d+ DFS items?$/m);
  });

  it('says so when nothing matches, and prints JSON on request', async () => {
    expect((await catalogCli('search', 'zebra', 'crossing')).out).toBe('No catalog entry contains all of: zebra crossing\n');
    const json = JSON.parse((await catalogCli('search', '--json', 'sim', 'swap')).out) as { query: string; items: { id: string }[] };
    expect(json.query).toBe('sim swap');
    expect(json.items.map((i) => i.id)).toEqual(expect.arrayContaining(['SIM-01', 'SIM-13', 'USSD-16']));
  });
});

// cli/main wires every command; run it end to end once its other commands are present.
const mainReady = existsSync(fileURLToPath(new URL('./audit.ts', import.meta.url)));
describe.skipIf(!mainReady)(`through cli/main run()${mainReady ? '' : ' (skipped: src/cli/audit.ts not written yet)'}`, () => {
  it('prints the error line and returns exit code 2 for an unknown id', async () => {
    const { run } = await import('./main.js');
    let out = '';
    let err = '';
    const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), isTTY: false };
    expect(await run(['catalog', 'show', 'APP-411'], io)).toBe(2);
    expect(err).toBe('dfslab: DFSLAB_E_CATALOG_UNKNOWN_ID: unknown catalog id "APP-411"; did you mean APP-41?\n');
    expect(await run(['catalog', 'show', 'APP-41'], io)).toBe(0);
    expect(out).toContain('App not debuggable');
  });
});

describe('dfslab catalog export', () => {
  it('writes the OSCAL catalog to standard output or a file, and refuses unknown formats', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    let out = '';
    let err = '';
    const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), isTTY: false };
    expect(await run(['catalog', 'export'], io)).toBe(0);
    const doc = JSON.parse(out) as { catalog: { groups: Array<{ controls: unknown[] }> } };
    expect(doc.catalog.groups.reduce((n, g) => n + g.controls.length, 0)).toBe(loadCatalog().items.size);
    const file = join(mkdtempSync(join(tmpdir(), 'dfslab-cat-')), 'catalog.oscal.json');
    expect(await run(['catalog', 'export', '--format', 'oscal', '--out', file], io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(out);
    expect(err).toContain('wrote the OSCAL catalog');
    expect(await run(['catalog', 'export', '--format', 'xml'], io)).toBe(2);
    expect(err).toMatch(/takes oscal or json/);
  });
});
