import { defineIosCheck, infoPlistLocation, refs } from '../support.js';

/** iOS 12 is the oldest major version still receiving security fixes in the ground truth's reference. */
const OLDEST_SUPPORTED_MAJOR = 12;

/** "8.0" → [8, 0]; undefined for anything that is not a dotted number. */
function parseVersion(v: string): [number, number] | undefined {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,3}))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

export default defineIosCheck({
  id: 'ios.config.min-os',
  meta: {
    title: 'App supports iOS versions without security updates',
    family: 'config',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-1'], maswe: ['MASWE-0041'], cwe: ['CWE-693', 'CWE-1104'], dfs: ['APP-32'] }),
    description:
      "`MinimumOSVersion` in Info.plist (written by Xcode from the deployment target) is the oldest iOS the app installs on. Below iOS 12 the devices run systems that no longer receive security fixes, with publicly known kernel and WebKit exploits, older TLS stacks and weaker keychain/data-protection behaviour: the app's own protections can be bypassed there. When Info.plist has no `MinimumOSVersion`, the minimum OS recorded in the main binary (`LC_BUILD_VERSION` / `LC_VERSION_MIN_IPHONEOS`) is used.",
    manual: 'Run `plutil -p Info.plist | grep MinimumOSVersion`, or read the deployment target in the Xcode project (`IPHONEOS_DEPLOYMENT_TARGET`).',
    remediation: 'Raise the deployment target to an iOS version that still receives security updates, and refuse or limit sensitive functions on older systems.',
  },
  run(ctx) {
    const { app } = ctx;
    let version = app.minimumOsVersion;
    let source = 'Info.plist MinimumOSVersion';
    if (version === undefined) {
      const slice = app.mainBinary?.slices.find((s) => s.minOs?.platform.toLowerCase().startsWith('ios'));
      version = slice?.minOs?.version;
      source = `main binary minimum OS (${slice?.cpu ?? '?'})`;
    }
    if (version === undefined) return;
    const parsed = parseVersion(version);
    if (!parsed || parsed[0] >= OLDEST_SUPPORTED_MAJOR) return;
    ctx.report({
      message: `The app installs on iOS ${version} and later; versions below ${OLDEST_SUPPORTED_MAJOR} no longer receive security updates.`,
      locations: [infoPlistLocation('MinimumOSVersion')],
      evidence: [`${source} = ${version}`],
    });
  },
});
