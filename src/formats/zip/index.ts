/**
 * @module formats/zip
 * ZIP reader for APKs, split-APK sets, AABs and IPAs. See archive.ts.
 * (The test-only writer lives in ./testing.js and is deliberately not re-exported here.)
 */
export {
  ZipArchive,
  DEFAULT_ZIP_LIMITS,
  isZip,
  type ZipEntry,
  type ZipAnomaly,
  type ZipAnomalyKind,
  type ZipLimits,
  type ZipOpenOptions,
  type ZipReadOptions,
} from './archive.js';
export {
  ZipEocdNotFoundError,
  ZipTruncatedError,
  ZipBadEntryError,
  ZipBombError,
  ZipUnsupportedError,
  ZipCorruptDataError,
  ZipEntryNotFoundError,
  type ZipBombReason,
} from './errors.js';
export { crc32 } from './crc32.js';
