/**
 * @module formats/plist
 * Apple property lists, binary ("bplist00") and XML, read into `PlistValue` (dicts are `Map`s).
 */
export { readPlist, sniffPlistFormat, plistToJson, type PlistFormat, type PlistJson } from './plist.js';
export { readBinaryPlist, isBinaryPlist } from './binary.js';
export { readXmlPlist, readXmlPlistText, decodeXmlText } from './xml.js';
export {
  PlistUid,
  PlistFormatError,
  PlistCycleError,
  isPlistDict,
  DEFAULT_PLIST_MAX_DEPTH,
  DEFAULT_PLIST_MAX_OBJECTS,
  type PlistDict,
  type PlistValue,
  type PlistReadOptions,
} from './types.js';
