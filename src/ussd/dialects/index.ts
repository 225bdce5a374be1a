/**
 * @module ussd/dialects
 * The built-in gateway dialects, by id. A target file names one of these ids, or points to a user-defined
 * template (`template.ts`, `compileTemplateDialect`) for a gateway that is not built in.
 */
import { ErrorCodes, UssdError } from '../../errors.js';
import type { Dialect } from '../types.js';
import { africastalking } from './africastalking.js';
import { arkesel } from './arkesel.js';
import { emergent } from './emergent.js';
import { hubtel } from './hubtel.js';
import { madapi } from './madapi.js';
import { nalo } from './nalo.js';
import { truroute } from './truroute.js';

/** Built-in dialects keyed by id (keys in alphabetical order). */
export const DIALECTS: Readonly<Record<string, Dialect>> = Object.freeze({
  africastalking,
  arkesel,
  emergent,
  hubtel,
  madapi,
  nalo,
  truroute,
});

export const DIALECT_IDS: readonly string[] = Object.freeze(Object.keys(DIALECTS).sort());

/** The built-in dialect with this id; an unknown id is a target-file error that lists the known ones. */
export function dialectById(id: string): Dialect {
  const d = Object.prototype.hasOwnProperty.call(DIALECTS, id) ? DIALECTS[id] : undefined;
  if (!d) {
    throw new UssdError(
      ErrorCodes.USSD_TARGET_INVALID,
      `unknown USSD dialect ${JSON.stringify(id)}; the built-in dialects are ${DIALECT_IDS.join(', ')} (or describe the gateway with a dialect template, see docs/ussd-dialects.md)`,
    );
  }
  return d;
}

export { africastalking, arkesel, emergent, hubtel, madapi, nalo, truroute };
