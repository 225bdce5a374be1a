/**
 * @module formats/plist/types
 * The value model shared by the binary and XML readers, the typed errors, and the read options.
 */
import { ErrorCodes, FormatError } from '../../errors.js';

/**
 * A dictionary is a `Map`: it keeps the key order of the file exactly (a plain object would move
 * integer-like keys such as "1" to the front) and a key named "__proto__" or "constructor" is just data.
 * A key seen twice keeps its first position and its last value.
 */
export type PlistDict = Map<string, PlistValue>;

/** A keyed-archiver object reference (binary plist marker 0x8n, CFKeyedArchiverUID). */
export class PlistUid {
  constructor(readonly uid: number) {}
}

/**
 * Integers that fit in a double exactly are `number`; larger ones (beyond +-2^53) are `bigint`.
 * `data` is a `Uint8Array` view into the input for binary plists (no copy), a fresh array for XML.
 */
export type PlistValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | PlistValue[]
  | PlistDict
  | PlistUid;

export interface PlistReadOptions {
  /** File or entry name for error messages. */
  label?: string;
  /**
   * Most values produced in total. Binary plists can reference one container from many places, so a
   * small file can describe an exponentially large tree; this bounds the expansion. Default 1,000,000.
   */
  maxObjects?: number;
  /** Deepest nesting of arrays/dicts. Default 256. */
  maxDepth?: number;
}

export const DEFAULT_PLIST_MAX_OBJECTS = 1_000_000;
export const DEFAULT_PLIST_MAX_DEPTH = 256;

/** Malformed plist (binary or XML). `offset` is a byte offset (binary) or a character offset (XML). */
export class PlistFormatError extends FormatError {
  constructor(message: string, offset: number | undefined, label: string | undefined) {
    super(ErrorCodes.PLIST_BAD, `${message}; the property list is malformed`, {
      ...(offset === undefined ? {} : { offset }),
      ...(label === undefined ? {} : { path: label }),
    });
  }
}

/** A binary plist container (directly or indirectly) contains itself. */
export class PlistCycleError extends FormatError {
  constructor(objectIndex: number, offset: number, label: string | undefined) {
    super(
      ErrorCodes.PLIST_CYCLE,
      `binary plist object #${objectIndex} contains itself (reference cycle); the file is hostile or corrupt`,
      { offset, ...(label === undefined ? {} : { path: label }) },
    );
  }
}

export function isPlistDict(v: PlistValue | undefined): v is PlistDict {
  return v instanceof Map;
}
