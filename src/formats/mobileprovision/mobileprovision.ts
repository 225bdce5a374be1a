/**
 * @module formats/mobileprovision/mobileprovision
 * Apple provisioning profiles (`embedded.mobileprovision`): a CMS SignedData (RFC 5652 5) whose embedded
 * content (eContentType id-data) is an XML property list. Apple's keys are documented in "TN3125: Inside
 * Code Signing: Provisioning Profiles".
 *
 * This reads the structure only; it does not verify the CMS signature or the certificate chain.
 * Provisioning kind follows how Xcode/the App Store label profiles:
 *   ProvisionsAllDevices = true                      -> enterprise (In-House)
 *   ProvisionedDevices and get-task-allow = true     -> development
 *   ProvisionedDevices and get-task-allow false/none -> ad-hoc
 *   neither                                          -> app-store
 */
import { ErrorCodes, FormatError } from '../../errors.js';
import {
  DerCursor,
  Tag,
  asn1Error,
  children,
  decodeOctetString,
  isUniversal,
  readRootElement,
  type DerElement,
  type DerReadOptions,
} from '../asn1/index.js';
import { parseCertificate, parsePkcs7SignedData, type CertificateInfo } from '../apksig/index.js';
import { isPlistDict, readPlist, type PlistDict, type PlistValue } from '../plist/index.js';

export type ProvisioningKind = 'app-store' | 'ad-hoc' | 'development' | 'enterprise';

export interface MobileProvision {
  /** Profile name ("Name"). */
  name: string | undefined;
  appIdName: string | undefined;
  teamIdentifier: string[];
  teamName: string | undefined;
  uuid: string | undefined;
  creationDate: Date | undefined;
  expirationDate: Date | undefined;
  /** The Entitlements dict (empty when absent): get-task-allow, keychain-access-groups, associated domains… */
  entitlements: PlistDict;
  /** UDIDs the profile is limited to; undefined when the key is absent. */
  provisionedDevices: string[] | undefined;
  provisionsAllDevices: boolean;
  /** "iOS", "xrOS", "OSX"… */
  platform: string[];
  /** Entitlements `get-task-allow` (debugger may attach); false when absent. */
  getTaskAllow: boolean;
  /** Certificates of the developers allowed to sign with this profile (DeveloperCertificates). */
  developerCertificates: CertificateInfo[];
  /** Certificates carried in the CMS envelope (Apple's profile-signing chain), in file order. */
  signerCertificates: CertificateInfo[];
  kind: ProvisioningKind;
  /** The whole profile plist, for keys not surfaced above. */
  plist: PlistDict;
  /** True when `at` is at or after ExpirationDate (false when the profile has none). */
  expired(at: Date): boolean;
}

const DATA_CONTENT_TYPE = '1.2.840.113549.1.7.1';
/** Headroom for a profile's plist: real ones are a few KB, ones with many devices some hundred KB. */
const MAX_PROFILE_OBJECTS = 200_000;

export class MobileProvisionError extends FormatError {
  constructor(message: string, label: string | undefined) {
    super(ErrorCodes.MOBILEPROVISION_BAD, `${message}; the provisioning profile is malformed`, label === undefined ? {} : { path: label });
  }
}

/**
 * Reads a provisioning profile. Throws `DFSLAB_E_ASN1_BAD_DER` (CMS envelope or certificates),
 * `DFSLAB_E_PLIST_BAD` (the embedded plist) or `DFSLAB_E_MOBILEPROVISION_BAD` (missing content, keys of
 * the wrong type).
 */
export function readMobileProvision(bytes: Uint8Array, opts: { label?: string } = {}): MobileProvision {
  const label = opts.label;
  const cms = parsePkcs7SignedData(bytes, label);
  if (cms.contentType !== DATA_CONTENT_TYPE) throw new MobileProvisionError(`CMS content type is ${cms.contentType}, not id-data`, label);
  const content = cms.content ?? readConstructedContent(bytes, label);
  if (content === undefined) throw new MobileProvisionError('the CMS envelope has no embedded content (detached signature)', label);
  const top = readPlist(content, { maxObjects: MAX_PROFILE_OBJECTS, ...(label === undefined ? {} : { label }) });
  if (!isPlistDict(top)) throw new MobileProvisionError('the embedded property list is not a dict', label);

  const fields = new ProfileFields(top, label);
  const entitlements = fields.dict('Entitlements') ?? new Map<string, PlistValue>();
  const getTaskAllow = entitlements.get('get-task-allow');
  if (getTaskAllow !== undefined && typeof getTaskAllow !== 'boolean') {
    throw new MobileProvisionError('Entitlements.get-task-allow is not a boolean', label);
  }
  const provisionedDevices = fields.stringArray('ProvisionedDevices');
  const provisionsAllDevices = fields.boolean('ProvisionsAllDevices') ?? false;
  const expirationDate = fields.date('ExpirationDate');
  const developerCertificates = (fields.array('DeveloperCertificates') ?? []).map((c, i) => {
    if (!(c instanceof Uint8Array)) throw new MobileProvisionError(`DeveloperCertificates[${i}] is not data`, label);
    return parseCertificate(c);
  });

  return {
    name: fields.string('Name'),
    appIdName: fields.string('AppIDName'),
    teamIdentifier: fields.stringArray('TeamIdentifier') ?? [],
    teamName: fields.string('TeamName'),
    uuid: fields.string('UUID'),
    creationDate: fields.date('CreationDate'),
    expirationDate,
    entitlements,
    provisionedDevices,
    provisionsAllDevices,
    platform: fields.stringArray('Platform') ?? [],
    getTaskAllow: getTaskAllow === true,
    developerCertificates,
    signerCertificates: cms.certificates.map((der) => parseCertificate(der)),
    kind: provisioningKind(provisionsAllDevices, provisionedDevices !== undefined, getTaskAllow === true),
    plist: top,
    expired: (at: Date) => expirationDate !== undefined && at.getTime() >= expirationDate.getTime(),
  };
}

export function provisioningKind(provisionsAllDevices: boolean, hasDeviceList: boolean, getTaskAllow: boolean): ProvisioningKind {
  if (provisionsAllDevices) return 'enterprise';
  if (hasDeviceList) return getTaskAllow ? 'development' : 'ad-hoc';
  return 'app-store';
}

/** Typed access to the profile's top-level keys: absent is undefined, the wrong type is an error. */
class ProfileFields {
  constructor(
    private readonly d: PlistDict,
    private readonly label: string | undefined,
  ) {}

  private wrong(key: string, expected: string): MobileProvisionError {
    return new MobileProvisionError(`key ${key} is not ${expected}`, this.label);
  }

  string(key: string): string | undefined {
    const v = this.d.get(key);
    if (v === undefined || typeof v === 'string') return v;
    throw this.wrong(key, 'a string');
  }

  boolean(key: string): boolean | undefined {
    const v = this.d.get(key);
    if (v === undefined || typeof v === 'boolean') return v;
    throw this.wrong(key, 'a boolean');
  }

  date(key: string): Date | undefined {
    const v = this.d.get(key);
    if (v === undefined || v instanceof Date) return v;
    throw this.wrong(key, 'a date');
  }

  dict(key: string): PlistDict | undefined {
    const v = this.d.get(key);
    if (v === undefined || isPlistDict(v)) return v;
    throw this.wrong(key, 'a dict');
  }

  array(key: string): PlistValue[] | undefined {
    const v = this.d.get(key);
    if (v === undefined || Array.isArray(v)) return v;
    throw this.wrong(key, 'an array');
  }

  stringArray(key: string): string[] | undefined {
    const v = this.array(key);
    if (v === undefined) return undefined;
    if (!v.every((x): x is string => typeof x === 'string')) throw this.wrong(key, 'an array of strings');
    return v;
  }
}

/**
 * parsePkcs7SignedData only returns a primitive eContent. Streaming signers emit BER with the content as
 * a constructed OCTET STRING of chunks (X.690 8.7.3.2); this walks ContentInfo -> SignedData ->
 * encapContentInfo -> [0] and concatenates the chunks.
 */
function readConstructedContent(bytes: Uint8Array, label: string | undefined): Uint8Array | undefined {
  const opts: DerReadOptions = { allowIndefinite: true, ...(label === undefined ? {} : { label }) };
  const root = readRootElement(bytes, { ...opts, allowTrailing: true });
  const ci = new DerCursor(root, opts);
  ci.expect(Tag.OBJECT_IDENTIFIER, 'ContentInfo.contentType');
  const explicit = ci.optionalContext(0);
  if (explicit === undefined) return undefined;
  const sd = new DerCursor(new DerCursor(explicit, opts).expect(Tag.SEQUENCE, 'SignedData'), opts);
  sd.expect(Tag.INTEGER, 'SignedData.version');
  sd.expect(Tag.SET, 'digestAlgorithms');
  const encap = new DerCursor(sd.expect(Tag.SEQUENCE, 'encapContentInfo'), opts);
  encap.expect(Tag.OBJECT_IDENTIFIER, 'eContentType');
  const eContent = encap.optionalContext(0);
  if (eContent === undefined) return undefined;
  const octets = new DerCursor(eContent, opts).next('eContent');
  if (!isUniversal(octets, Tag.OCTET_STRING)) throw asn1Error('eContent is not an OCTET STRING', octets.start, label);
  const parts: Uint8Array[] = [];
  collectOctets(octets, opts, parts, 0);
  return concat(parts);
}

function collectOctets(el: DerElement, opts: DerReadOptions, out: Uint8Array[], depth: number): void {
  if (!el.constructed) {
    out.push(decodeOctetString(el, opts.label));
    return;
  }
  // Nested constructed chunks are legal BER but never deeper than a level or two in practice.
  if (depth > 8) throw asn1Error('constructed OCTET STRING nested too deeply', el.start, opts.label);
  for (const c of children(el, opts)) {
    if (!isUniversal(c, Tag.OCTET_STRING)) throw asn1Error('chunk of a constructed OCTET STRING is not an OCTET STRING', c.start, opts.label);
    collectOctets(c, opts, out, depth + 1);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
