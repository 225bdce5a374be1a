/**
 * @module formats/axml/framework-attrs
 * Resource ids of the framework attributes (`android:attr/*`). The platform reads manifest attributes by these
 * ids, not by their names (PackageParser → `Resources.obtainAttributes` → AttributeResolution `RetrieveAttributes`
 * matches the XML resource map), so an attribute whose name string was renamed still takes effect.
 */
import { FRAMEWORK_ATTR_TABLE } from './framework-attr-table.js';

/**
 * The attributes the manifest checks read, by name. Ids from framework-res.apk (API 29) or, for later ones, AOSP
 * public-final.xml; framework-attrs.test.ts checks each against the generated table.
 */
export const AndroidAttr = {
  theme: 0x01010000,
  label: 0x01010001,
  icon: 0x01010002,
  name: 0x01010003,
  allowClearUserData: 0x01010005,
  permission: 0x01010006,
  readPermission: 0x01010007,
  writePermission: 0x01010008,
  protectionLevel: 0x01010009,
  permissionGroup: 0x0101000a,
  sharedUserId: 0x0101000b,
  persistent: 0x0101000d,
  enabled: 0x0101000e,
  debuggable: 0x0101000f,
  exported: 0x01010010,
  process: 0x01010011,
  taskAffinity: 0x01010012,
  multiprocess: 0x01010013,
  excludeFromRecents: 0x01010017,
  authorities: 0x01010018,
  syncable: 0x01010019,
  grantUriPermissions: 0x0101001b,
  priority: 0x0101001c,
  launchMode: 0x0101001d,
  screenOrientation: 0x0101001e,
  configChanges: 0x0101001f,
  value: 0x01010024,
  resource: 0x01010025,
  mimeType: 0x01010026,
  scheme: 0x01010027,
  host: 0x01010028,
  port: 0x01010029,
  path: 0x0101002a,
  pathPrefix: 0x0101002b,
  pathPattern: 0x0101002c,
  targetActivity: 0x01010202,
  allowTaskReparenting: 0x01010204,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  windowSoftInputMode: 0x0101022b,
  noHistory: 0x0101022d,
  sharedUserLabel: 0x01010261,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
  testOnly: 0x01010272,
  backupAgent: 0x0101027f,
  allowBackup: 0x01010280,
  required: 0x0101028e,
  killAfterRestore: 0x0101029c,
  installLocation: 0x010102b7,
  vmSafeMode: 0x010102b8,
  restoreAnyVersion: 0x010102ba,
  filterTouchesWhenObscured: 0x010102c4,
  hardwareAccelerated: 0x010102d3,
  largeHeap: 0x0101035a,
  isolatedProcess: 0x010103a9,
  supportsRtl: 0x010103af,
  singleUser: 0x010103bf,
  ssp: 0x010103e3,
  sspPrefix: 0x010103e4,
  sspPattern: 0x010103e5,
  documentLaunchMode: 0x01010445,
  fullBackupOnly: 0x01010473,
  extractNativeLibs: 0x010104ea,
  fullBackupContent: 0x010104eb,
  usesCleartextTraffic: 0x010104ec,
  autoVerify: 0x010104ee,
  resizeableActivity: 0x010104f6,
  directBootAware: 0x01010505,
  networkSecurityConfig: 0x01010527,
  roundIcon: 0x0101052c,
  visibleToInstantApps: 0x01010531,
  showWhenLocked: 0x01010569,
  compileSdkVersion: 0x01010572,
  compileSdkVersionCodename: 0x01010573,
  appComponentFactory: 0x0101057a,
  usesNonSdkApi: 0x0101058e,
  foregroundServiceType: 0x01010599,
  hasFragileUserData: 0x0101059a,
  useEmbeddedDex: 0x0101059e,
  forceUriPermissions: 0x0101059f,
  allowAudioPlaybackCapture: 0x01010601,
  requestLegacyExternalStorage: 0x01010603,
  // Public after API 29 (AOSP public-final.xml).
  forceQueryable: 0x01010608,
  crossProfile: 0x0101060e,
  allowNativeHeapPointerTagging: 0x01010612,
  preserveLegacyExternalStorage: 0x01010614,
  gwpAsanMode: 0x01010616,
  pathSuffix: 0x0101061e,
  sspSuffix: 0x0101061f,
  pathAdvancedPattern: 0x01010620,
  sspAdvancedPattern: 0x01010621,
  memtagMode: 0x01010624,
  knownCerts: 0x0101062a,
  dataExtractionRules: 0x0101063e,
  usesPermissionFlags: 0x01010644,
  requestRawExternalStorageAccess: 0x01010645,
  sharedUserMaxSdkVersion: 0x0101064d,
  localeConfig: 0x0101065b,
  enableOnBackInvokedCallback: 0x0101066c,
} as const;

export type AndroidAttrName = keyof typeof AndroidAttr;

let idToName: Map<number, string> | undefined;
let nameToId: Map<string, number> | undefined;

function tables(): { idToName: Map<number, string>; nameToId: Map<string, number> } {
  if (idToName === undefined || nameToId === undefined) {
    idToName = new Map(FRAMEWORK_ATTR_TABLE);
    nameToId = new Map();
    for (const [id, name] of FRAMEWORK_ATTR_TABLE) if (!nameToId.has(name)) nameToId.set(name, id);
  }
  return { idToName, nameToId };
}

/** The framework attribute name of `resId` (e.g. 0x01010003 → "name"), undefined when not a known public attr. */
export function frameworkAttrName(resId: number): string | undefined {
  return tables().idToName.get(resId >>> 0);
}

/** The resource id of framework attribute `name`, undefined when unknown. */
export function frameworkAttrId(name: string): number | undefined {
  return tables().nameToId.get(name);
}
