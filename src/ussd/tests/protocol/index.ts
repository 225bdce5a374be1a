/** The USSD test cases of the "protocol" family. */
import type { UssdTest } from '../types.js';
import { conformanceTest } from './conformance.js';
import { notificationSpoofingTest } from './notification-spoofing.js';
import { transportTest } from './transport.js';

export const protocolTests: readonly UssdTest[] = [conformanceTest, notificationSpoofingTest, transportTest];
