/**
 * @module errors
 * The catalogue of failures dfslab reports. Each failure kind has its own class and a stable code
 * (`DFSLAB_E_*`) so that callers, the CLI and the platform can react to it without parsing messages.
 * Messages say what went wrong and what the user can do; `offset`/`path` say where.
 */

export const ErrorCodes = {
  // Generic input
  INPUT_NOT_FOUND: 'DFSLAB_E_INPUT_NOT_FOUND',
  INPUT_UNREADABLE: 'DFSLAB_E_INPUT_UNREADABLE',
  INPUT_NOT_AN_APP: 'DFSLAB_E_INPUT_NOT_AN_APP',
  INPUT_TOO_LARGE: 'DFSLAB_E_INPUT_TOO_LARGE',
  USAGE: 'DFSLAB_E_USAGE',
  // Byte-level reading
  TRUNCATED: 'DFSLAB_E_TRUNCATED',
  LIMIT_EXCEEDED: 'DFSLAB_E_LIMIT_EXCEEDED',
  // ZIP
  ZIP_EOCD_NOT_FOUND: 'DFSLAB_E_ZIP_EOCD_NOT_FOUND',
  ZIP_TRUNCATED: 'DFSLAB_E_ZIP_TRUNCATED',
  ZIP_BAD_ENTRY: 'DFSLAB_E_ZIP_BAD_ENTRY',
  ZIP_BOMB: 'DFSLAB_E_ZIP_BOMB',
  ZIP_UNSUPPORTED: 'DFSLAB_E_ZIP_UNSUPPORTED',
  ZIP_CORRUPT_DATA: 'DFSLAB_E_ZIP_CORRUPT_DATA',
  ZIP_ENTRY_NOT_FOUND: 'DFSLAB_E_ZIP_ENTRY_NOT_FOUND',
  // Android formats
  AXML_BAD_CHUNK: 'DFSLAB_E_AXML_BAD_CHUNK',
  ARSC_BAD_CHUNK: 'DFSLAB_E_ARSC_BAD_CHUNK',
  DEX_BAD_MAGIC: 'DFSLAB_E_DEX_BAD_MAGIC',
  DEX_BAD_STRUCTURE: 'DFSLAB_E_DEX_BAD_STRUCTURE',
  ASN1_BAD_DER: 'DFSLAB_E_ASN1_BAD_DER',
  APKSIG_BAD_BLOCK: 'DFSLAB_E_APKSIG_BAD_BLOCK',
  APKSIG_BAD_IDSIG: 'DFSLAB_E_APKSIG_BAD_IDSIG',
  ELF_BAD_HEADER: 'DFSLAB_E_ELF_BAD_HEADER',
  MACHO_BAD: 'DFSLAB_E_MACHO_BAD',
  PLIST_BAD: 'DFSLAB_E_PLIST_BAD',
  PLIST_CYCLE: 'DFSLAB_E_PLIST_CYCLE',
  MOBILEPROVISION_BAD: 'DFSLAB_E_MOBILEPROVISION_BAD',
  // App model
  APK_NO_MANIFEST: 'DFSLAB_E_APK_NO_MANIFEST',
  SPLITS_NO_BASE: 'DFSLAB_E_SPLITS_NO_BASE',
  // Catalog
  CATALOG_INVALID: 'DFSLAB_E_CATALOG_INVALID',
  CATALOG_UNKNOWN_ID: 'DFSLAB_E_CATALOG_UNKNOWN_ID',
  // Resilience questionnaires
  RESILIENCE_INVALID: 'DFSLAB_E_RESILIENCE_INVALID',
  // Checks
  CHECK_UNKNOWN: 'DFSLAB_E_CHECK_UNKNOWN',
  // Reports, suppressions, baselines, diffs
  RESULT_INVALID: 'DFSLAB_E_RESULT_INVALID',
  SUPPRESSIONS_INVALID: 'DFSLAB_E_SUPPRESSIONS_INVALID',
  REPORT_CHROMIUM_MISSING: 'DFSLAB_E_REPORT_CHROMIUM_MISSING',
  REPORT_RENDER_FAILED: 'DFSLAB_E_REPORT_RENDER_FAILED',
  // USSD harness
  USSD_TARGET_INVALID: 'DFSLAB_E_USSD_TARGET_INVALID',
  USSD_PROTOCOL: 'DFSLAB_E_USSD_PROTOCOL',
  USSD_TRANSPORT: 'DFSLAB_E_USSD_TRANSPORT',
  USSD_TIMEOUT: 'DFSLAB_E_USSD_TIMEOUT',
  USSD_RESPONSE_TOO_LARGE: 'DFSLAB_E_USSD_RESPONSE_TOO_LARGE',
  USSD_BUDGET_EXHAUSTED: 'DFSLAB_E_USSD_BUDGET_EXHAUSTED',
  USSD_SAFETY_STOP: 'DFSLAB_E_USSD_SAFETY_STOP',
  // Lab platform
  DB_UNAVAILABLE: 'DFSLAB_E_DB_UNAVAILABLE',
  DB_MIGRATION_FAILED: 'DFSLAB_E_DB_MIGRATION_FAILED',
  PLATFORM_CONFIG: 'DFSLAB_E_PLATFORM_CONFIG',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface DfslabErrorDetails {
  /** Byte offset in the file or structure where the problem was seen. */
  offset?: number;
  /** Path of the file, or of the entry inside an archive. */
  path?: string;
  cause?: unknown;
}

/** Base class of every error dfslab throws on purpose. Anything else is a bug. */
export class DfslabError extends Error {
  readonly code: ErrorCode;
  readonly offset: number | undefined;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, details: DfslabErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.offset = details.offset;
    this.path = details.path;
  }

  /** One line for the CLI: code, where, what. */
  toLine(): string {
    const where = [this.path, this.offset === undefined ? undefined : `offset ${this.offset}`]
      .filter((x) => x !== undefined)
      .join(' @ ');
    return `${this.code}: ${this.message}${where ? ` (${where})` : ''}`;
  }
}

/** A read ran past the end of the available bytes. */
export class TruncatedError extends DfslabError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.TRUNCATED, message, details);
  }
}

/** A structure declared a size or count beyond what dfslab accepts (defence against hostile input). */
export class LimitExceededError extends DfslabError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.LIMIT_EXCEEDED, message, details);
  }
}

/** A binary structure is malformed in a way that stops parsing. */
export class FormatError extends DfslabError {}

/** The input file itself is missing, unreadable or not something dfslab audits. */
export class InputError extends DfslabError {}

/** A caller asked for something that does not exist (unknown check id, unknown catalog id). */
export class UsageError extends DfslabError {}

/** A report could not be produced (saved result unreadable, suppression file invalid, no Chromium for PDF). */
export class ReportError extends DfslabError {}

/** The USSD harness could not go on: bad target file, a target that breaks its dialect, transport failures, safety rails. */
export class UssdError extends DfslabError {}

/** The application's answer does not follow the dialect (no continue/end marker, malformed body, bad status). */
export class UssdProtocolError extends UssdError {
  constructor(message: string, details: DfslabErrorDetails = {}) {
    super(ErrorCodes.USSD_PROTOCOL, message, details);
  }
}

/** The lab platform could not start or reach its database (bad DATABASE_URL, data directory, migration). */
export class PlatformError extends DfslabError {}

export function isDfslabError(e: unknown): e is DfslabError {
  return e instanceof DfslabError;
}
