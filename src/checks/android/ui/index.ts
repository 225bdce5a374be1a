/** The UI check family: protections of what the screen shows (capture) and of what the user taps (overlays). */
import type { AndroidCheck } from '../support.js';
import flagSecure from './flag-secure.js';
import tapjacking from './tapjacking.js';

export const uiChecks: readonly AndroidCheck[] = [flagSecure, tapjacking];
