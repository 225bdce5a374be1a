/**
 * All iOS checks on the fixture IPAs built from source in fixtures/ios/ (skipped when not built): the
 * vulnerable bank must trigger each check its README lists, the hardened bank only what no lab build can
 * avoid (an ad-hoc signature and cryptid 0, see fixtures/ios/README.md "Limits").
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IosApp } from '../../app/ios.js';
import { repoRoot } from '../../../test/corpus.js';
import { iosChecks } from './index.js';
import { run } from './testing.test-support.js';

const build = join(repoRoot, 'fixtures/ios/build');
const open = (name: string) => IosApp.open(readFileSync(join(build, name)), { label: name });
const has = (name: string) => existsSync(join(build, name));

describe.skipIf(!has('vulnerable-bank.ipa'))('iOS checks on fixtures/ios/build/vulnerable-bank.ipa', () => {
  it('reports every weakness it was built with', async () => {
    const out = await run(open('vulnerable-bank.ipa'), iosChecks);
    const got = out.findings.map((f) => `${f.checkId} ${f.locations[0]!.path}`).sort();
    const main = 'Payload/VulnerableBank.app/VulnerableBank';
    const helper = 'Payload/VulnerableBank.app/Frameworks/Helper.framework/Helper';
    const profile = 'Payload/VulnerableBank.app/embedded.mobileprovision';
    expect(got).toEqual(
      [
        'ios.ats.arbitrary-loads Info.plist',
        'ios.ats.arbitrary-loads-web Info.plist',
        'ios.ats.arbitrary-loads-media Info.plist',
        'ios.ats.insecure-http-exceptions Info.plist',
        'ios.ats.weak-tls-exceptions Info.plist',
        `ios.binary.arc ${main}`,
        `ios.binary.not-encrypted ${main}`,
        `ios.binary.pie ${main}`,
        `ios.binary.rpath-hijack ${main}`,
        `ios.binary.stack-canary ${main}`,
        `ios.binary.stack-canary ${helper}`,
        `ios.binary.symbols-not-stripped ${main}`,
        `ios.binary.unsigned ${main}`,
        `ios.binary.unsigned ${helper}`,
        'ios.config.min-os Info.plist',
        'ios.config.url-schemes Info.plist',
        'ios.entitlements.associated-domains Info.plist',
        `ios.entitlements.get-task-allow ${main}`,
        `ios.entitlements.keychain-access-groups ${main}`,
        `ios.provisioning.development-profile ${profile}`,
        `ios.provisioning.expired-profile ${profile}`,
        `ios.code.insecure-functions ${main}`,
        `ios.code.insecure-random ${main}`,
        `ios.code.logging ${main}`,
        `ios.code.pasteboard ${main}`,
        `ios.code.weak-cipher ${main}`,
        `ios.code.weak-cipher ${main}`,
        `ios.code.weak-crypto ${main}`,
        `ios.code.webview ${main}`,
        `ios.network.cleartext-urls ${main}`,
        'ios.network.cleartext-urls Payload/VulnerableBank.app/config.json',
        'ios.network.pinning Info.plist',
        `ios.resilience.app-attest ${main}`,
        `ios.resilience.debugger-detection ${main}`,
        `ios.resilience.hooking-detection ${main}`,
        `ios.resilience.integrity-check ${main}`,
        `ios.resilience.jailbreak-detection ${main}`,
        `ios.resilience.obfuscation ${main}`,
        `ios.secrets.hardcoded-secret ${main}`,
        'ios.secrets.hardcoded-secret Payload/VulnerableBank.app/config.json',
        `ios.storage.keychain-accessibility ${main}`,
        `ios.storage.file-protection-none ${main}`,
      ].sort(),
    );
    const gta = out.findings.find((f) => f.checkId === 'ios.entitlements.get-task-allow')!;
    expect(gta.locations.map((l) => l.path)).toEqual([main, profile]);
  });
});

describe.skipIf(!has('hardened-bank.ipa'))('iOS checks on fixtures/ios/build/hardened-bank.ipa', () => {
  it('report only the ad-hoc signature and cryptid 0 that every lab-built IPA has, and its missing integrity self-check', async () => {
    const out = await run(open('hardened-bank.ipa'), iosChecks);
    // The hardened bank was built before ios.resilience.integrity-check existed and has no self-check (it hashes a
    // nonce, not its executable); the finding is the truth about this fixture, kept rather than rebuilding it.
    expect(out.findings.map((f) => `${f.checkId} ${f.severity}`).sort()).toEqual(['ios.binary.not-encrypted low', 'ios.binary.unsigned medium', 'ios.resilience.integrity-check low']);
  });
});
