import { defineIosCheck, refs, signatureLocation } from '../support.js';

/**
 * Apple's own groups an app may list without sharing with other apps' items: `com.apple.token` is the
 * CryptoTokenKit group for smart-card identities (Keychain Services, "Sharing access to keychain items").
 */
const APPLE_GROUPS = new Set(['com.apple.token']);

/** The team prefix of the app: `com.apple.developer.team-identifier`, else the `application-identifier` prefix. */
function appTeam(ent: ReadonlyMap<string, unknown>, profileTeam: string | undefined): string | undefined {
  const team = ent.get('com.apple.developer.team-identifier');
  if (typeof team === 'string' && team !== '') return team;
  const appId = ent.get('application-identifier');
  if (typeof appId === 'string' && appId.includes('.')) return appId.slice(0, appId.indexOf('.'));
  return profileTeam;
}

export default defineIosCheck({
  id: 'ios.entitlements.keychain-access-groups',
  meta: {
    title: 'Keychain shared through a wildcard or foreign access group',
    family: 'entitlements',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-2'], maswe: ['MASWE-0002'], cwe: ['CWE-732'], dfs: ['APP-24', 'APP-28'] }),
    description:
      "The `keychain-access-groups` entitlement lists the keychain groups whose items the app can read and write. A wildcard group (`*` or `TEAMID.*`) in the entitlements the binary is signed with shares the keychain with every app of the team (and any future one), so tokens, PIN-derived keys and session secrets stored by the banking app become readable by a marketing or test app of the same developer account, and an app of that team can plant items the bank app will trust. A group whose prefix is another team identifier shares items beyond the developer account. Only the code-signature entitlements are judged: provisioning profiles normally carry `TEAMID.*` as the set the binary may *choose from*, which is not a weakness by itself. `com.apple.token` (CryptoTokenKit) is ignored. One finding per app listing every offending group.",
    manual:
      'Run `codesign -d --entitlements :- <app>/<binary>` (or `ldid -e`) and read `keychain-access-groups`; every entry should be an explicit `TEAMID.bundle-or-group` of the same team. Check which other apps of the team share a listed group.',
    remediation:
      'List only the explicit groups the app needs (`$(AppIdentifierPrefix)com.example.bank`), never a wildcard; keep secrets in a group no other app uses and set `kSecAttrAccessGroup` explicitly when adding items.',
  },
  run(ctx) {
    const { app } = ctx;
    const ent = app.entitlements;
    if (!ent) return;
    const groups = ent.get('keychain-access-groups');
    if (!Array.isArray(groups)) return;
    const profile = app.provisioningProfile.value;
    const team = appTeam(ent, profile ? appTeam(profile.entitlements, undefined) : undefined);
    const evidence: string[] = [];
    for (const g of groups) {
      if (typeof g !== 'string' || APPLE_GROUPS.has(g)) continue;
      const dot = g.indexOf('.');
      const prefix = dot > 0 ? g.slice(0, dot) : g;
      if (g.includes('*')) evidence.push(`keychain-access-groups "${g}": wildcard, shared with every app of ${prefix === '*' || prefix === '' ? 'any team' : `team ${prefix}`}`);
      else if (team && dot > 0 && prefix !== team && !prefix.startsWith('$(')) evidence.push(`keychain-access-groups "${g}": team prefix ${prefix}, the app's team is ${team}`);
    }
    if (evidence.length === 0) return;
    ctx.report({
      message: `The app's keychain access groups reach beyond its own items (${evidence.length} group${evidence.length > 1 ? 's' : ''}): other apps can read and write the keychain items it stores there.`,
      locations: [signatureLocation(app, 'code-signature', 'keychain-access-groups')],
      evidence: [...evidence, ...(team ? [`app team: ${team}`] : [])],
    });
  },
});
