/**
 * Shared reading of the `NSAppTransportSecurity` dictionary (Apple, "Information Property List >
 * NSAppTransportSecurity"): the global switches and the per-domain `NSExceptionDomains` entries.
 */
import { plistBool, plistDict, type IosApp } from '../../../app/ios.js';
import { isPlistDict, type PlistDict } from '../../../formats/plist/index.js';
import type { CheckMeta } from '../../types.js';
import { defineIosCheck, infoPlistLocation, refs, type IosCheck } from '../support.js';

export const ATS = 'NSAppTransportSecurity';

export interface ExceptionDomain {
  domain: string;
  settings: PlistDict;
}

/** Entries of `NSExceptionDomains` whose value is a dict, in plist order. */
export function exceptionDomains(app: IosApp): ExceptionDomain[] {
  const d = plistDict(app.ats, 'NSExceptionDomains');
  const out: ExceptionDomain[] = [];
  if (!d) return out;
  for (const [domain, v] of d) if (isPlistDict(v)) out.push({ domain, settings: v });
  return out;
}

/**
 * A check of one global ATS switch set to true (`NSAllowsArbitraryLoads…`): one finding at the Info.plist key.
 * The switches only have an effect as booleans; other types are ignored by iOS and here.
 */
export function defineAtsSwitchCheck(c: { id: string; key: string; meta: Omit<CheckMeta, 'family' | 'kind' | 'references'>; message: string }): IosCheck {
  return defineIosCheck({
    id: c.id,
    meta: {
      ...c.meta,
      family: 'ats',
      kind: 'weakness',
      references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-49', 'APP-46', 'APP-13'] }),
    },
    run(ctx) {
      if (plistBool(ctx.app.ats, c.key) !== true) return;
      ctx.report({
        message: c.message,
        locations: [infoPlistLocation(`${ATS}.${c.key}`)],
        evidence: [`Info.plist ${ATS}.${c.key} = true`],
      });
    },
  });
}
