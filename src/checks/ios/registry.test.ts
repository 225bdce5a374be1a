/** The ios check registry meets the shared meta-tests (registry.test-support.ts). */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iosChecks } from './index.js';
import { describeCheckRegistry } from '../registry.test-support.js';

describeCheckRegistry('ios', iosChecks, dirname(fileURLToPath(import.meta.url)));
