/**
 * @module formats/zip/errors
 * The failures of the ZIP reader, one class per kind, each with its stable code. `open()` throws only the
 * structural ones (no EOCD, truncated or malformed central directory, too many entries); reading one entry
 * can additionally throw the per-entry ones (bomb, unsupported method, corrupt data, bad local header).
 */
import { ErrorCodes, FormatError, type DfslabErrorDetails } from '../../errors.js';

/** No End Of Central Directory record: the input is not a ZIP (so not an APK, split set or IPA). */
export class ZipEocdNotFoundError extends FormatError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_EOCD_NOT_FOUND, message, details);
  }
}

/** The central directory (or a ZIP64 record, or an entry's data) lies partly outside the file. */
export class ZipTruncatedError extends FormatError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_TRUNCATED, message, details);
  }
}

/** A central directory record or a local header is malformed in a way that stops reading it. */
export class ZipBadEntryError extends FormatError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_BAD_ENTRY, message, details);
  }
}

/** Why a read (or an open) was refused as a decompression bomb. */
export type ZipBombReason =
  /** The entry declares more bytes than `ZipLimits.maxEntrySize`. */
  | 'entry-size'
  /** The caller's `maxBytes` is smaller than the declared size. */
  | 'caller-limit'
  /** Declared size / compressed size is beyond `ZipLimits.maxRatio`. */
  | 'ratio'
  /** The entry shares its bytes with other entries whose declared sizes add up to an explosion. */
  | 'overlap'
  /** Reading it would take the bytes produced from this archive past `ZipLimits.maxTotalUncompressed`. */
  | 'total'
  /** The central directory declares more entries than `ZipLimits.maxEntries`. */
  | 'entry-count';

/**
 * Reading was refused because the output would be out of proportion to the input. Thrown *before*
 * anything is inflated, from the declared sizes alone.
 */
export class ZipBombError extends FormatError {
  readonly reason: ZipBombReason;
  constructor(reason: ZipBombReason, message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_BOMB, message, details);
    this.reason = reason;
  }
}

/** The entry uses a compression method other than stored (0) or deflate (8). */
export class ZipUnsupportedError extends FormatError {
  readonly method: number;
  constructor(method: number, message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_UNSUPPORTED, message, details);
    this.method = method;
  }
}

/** The entry's bytes do not inflate, or inflate to a size or CRC-32 other than the declared ones. */
export class ZipCorruptDataError extends FormatError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_CORRUPT_DATA, message, details);
  }
}

/** The archive has no entry of that name (or the entry object belongs to another archive). */
export class ZipEntryNotFoundError extends FormatError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.ZIP_ENTRY_NOT_FOUND, message, details);
  }
}
