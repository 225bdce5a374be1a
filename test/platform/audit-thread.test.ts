/**
 * The scan job's audit in a worker thread (the built module: a thread cannot load the TypeScript sources): the
 * same result as in-process, progress events passed on, an engine refusal coming back as a DfslabError with
 * its code, the warm thread reused, and the event loop free while an app is audited.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';

const BUILT_MODULE = join(repoRoot, 'dist', 'platform', 'jobs', 'audit-thread.js');

describe.skipIf(!existsSync(BUILT_MODULE))('audit in a worker thread (built module)', () => {
  it('gives the in-process result, passes progress on, and returns engine refusals as DfslabErrors', async () => {
    const { auditInThread } = (await import(BUILT_MODULE)) as typeof import('../../src/platform/jobs/audit-thread.js');
    const { audit, DfslabError } = (await import(join(repoRoot, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    const apk = join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk');
    let progress = 0;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const threaded = await auditInThread(apk, 'wallet.apk', () => progress++);
    clearInterval(ticker);
    const inline = await audit(apk, { label: 'wallet.apk' });
    expect(threaded.findings.map((f) => f.fingerprint)).toEqual(inline.findings.map((f) => f.fingerprint));
    expect(threaded.app).toEqual(inline.app);
    expect(progress).toBeGreaterThan(10);
    // The main thread's timers ran while the thread audited.
    expect(ticks).toBeGreaterThan(5);

    const again = await auditInThread(apk, 'wallet.apk', () => undefined);
    expect(again.findings.length).toBe(inline.findings.length);

    const err = await auditInThread(join(repoRoot, 'package.json'), 'notes.apk', () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DfslabError);
    expect((err as InstanceType<typeof DfslabError>).toLine()).toMatch(/^DFSLAB_E_INPUT_NOT_AN_APP: .*\(notes\.apk\)$/);
  }, 60_000);
});
