/** The provisioning-profile check family, in id order. */
import type { IosCheck } from '../support.js';
import developmentProfile from './development-profile.js';
import expiredProfile from './expired-profile.js';

export const provisioningChecks: readonly IosCheck[] = [developmentProfile, expiredProfile];
