/** The ipc check family: what the app sends to other apps and lets them do in its name. */
import type { AndroidCheck } from '../support.js';
import implicitBroadcast from './implicit-broadcast.js';
import mutablePendingIntent from './mutable-pending-intent.js';
import smsSend from './sms-send.js';

export const ipcChecks: readonly AndroidCheck[] = [implicitBroadcast, mutablePendingIntent, smsSend];
