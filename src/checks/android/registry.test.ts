/** The android check registry meets the shared meta-tests (registry.test-support.ts). */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { androidChecks } from './index.js';
import { describeCheckRegistry } from '../registry.test-support.js';

describeCheckRegistry('android', androidChecks, dirname(fileURLToPath(import.meta.url)));
