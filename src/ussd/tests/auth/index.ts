/** The USSD test cases of the "auth" family. */
import type { UssdTest } from '../types.js';
import { credentialBypassTest } from './credential-bypass.js';
import { headerTrustTest } from './header-trust.js';
import { msisdnSpoofingTest } from './msisdn-spoofing.js';
import { offGatewayTest } from './off-gateway.js';

export const authTests: readonly UssdTest[] = [offGatewayTest, credentialBypassTest, headerTrustTest, msisdnSpoofingTest];
