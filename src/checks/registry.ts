/** Every check of every platform, Android first (the union of the platform registries). */
import { androidChecks } from './android/index.js';
import { iosChecks } from './ios/index.js';
import type { Check } from './types.js';

export const allChecks: readonly Check<unknown>[] = [...androidChecks, ...iosChecks] as unknown as Check<unknown>[];
