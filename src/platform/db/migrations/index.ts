/**
 * @module platform/db/migrations
 * The ordered list of schema migrations. A migration is a TypeScript module exporting `id` and `sql` (so the
 * bundled CLI carries them without data files); never edit one that has shipped: add the next.
 */
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-ussd-targets.js';
import * as m0003 from './0003-scan-heartbeat.js';
import * as m0004 from './0004-engagements.js';
import * as m0005 from './0005-compliance.js';
import * as m0006 from './0006-resilience.js';
import * as m0007 from './0007-sharing.js';
import * as m0008 from './0008-campaigns.js';
import * as m0009 from './0009-library.js';
import * as m0010 from './0010-benchmarks.js';
import * as m0011 from './0011-marking-changes.js';
import * as m0012 from './0012-digests.js';

export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012];
