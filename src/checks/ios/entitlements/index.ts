/** The entitlements check family, in id order. */
import type { IosCheck } from '../support.js';
import associatedDomains from './associated-domains.js';
import getTaskAllow from './get-task-allow.js';
import keychainAccessGroups from './keychain-access-groups.js';

export const entitlementsChecks: readonly IosCheck[] = [associatedDomains, getTaskAllow, keychainAccessGroups];
