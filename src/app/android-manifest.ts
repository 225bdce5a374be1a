/**
 * @module app/android-manifest
 * The semantic model of AndroidManifest.xml: package identity, SDK levels, permissions and components with
 * their *effective* exported state. Values that are resource references are resolved through
 * resources.arsc, because a manifest may say `android:exported="@bool/x"` or `android:debuggable="@bool/y"`.
 */
import { androidAttr as lookupAndroidAttr, attrString, ResValueType, type XmlAttribute, type XmlElement } from '../formats/axml/index.js';

/**
 * The platform's typed readers find framework attributes by resource id only; an `android:`-named attribute
 * without the id (a manifest-obfuscation trick) is invisible to the device, so it is invisible here too.
 */
function androidAttr(el: XmlElement, name: string): XmlAttribute | undefined {
  return lookupAndroidAttr(el, name, { byIdOnly: true });
}
import type { ResourceTable } from '../formats/arsc/index.js';

const ResType = ResValueType;

export type ComponentType = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';

export interface IntentFilterData {
  scheme?: string;
  host?: string;
  port?: string;
  path?: string;
  pathPrefix?: string;
  pathPattern?: string;
  mimeType?: string;
}

export interface IntentFilter {
  actions: string[];
  categories: string[];
  data: IntentFilterData[];
  autoVerify: boolean;
  priority?: number;
}

export interface Component {
  type: ComponentType;
  /** Fully qualified class name (relative `.Name` resolved against the package). */
  name: string;
  /** Semantic location, e.g. `manifest/application/activity[com.x.Main]`. */
  element: string;
  /** Whether another app can start/bind/query the component, as the platform decides it. */
  exported: boolean;
  /** `android:exported` as written (undefined when absent). */
  exportedAttr: boolean | undefined;
  /** Why `exported` has its value, in words (for evidence). */
  exportedReason: string;
  enabled: boolean;
  /** Effective permission guarding the component (its own or the application's). */
  permission?: string;
  readPermission?: string;
  writePermission?: string;
  intentFilters: IntentFilter[];
  // activity
  launchMode?: string;
  taskAffinity?: string;
  allowTaskReparenting?: boolean;
  targetActivity?: string;
  filterTouchesWhenObscured?: boolean;
  // provider
  authorities?: string[];
  grantUriPermissions?: boolean;
  hasPathPermissions?: boolean;
  hasGrantUriPermissionPatterns?: boolean;
  process?: string;
  isLauncher: boolean;
}

export interface UsesPermission {
  name: string;
  maxSdkVersion?: number;
}

export interface DeclaredPermission {
  name: string;
  /** Base protection level: normal, dangerous, signature, signatureOrSystem, … and flags. */
  protectionLevel: string;
  element: string;
}

export interface DeepLink {
  component: string;
  scheme: string;
  host?: string;
  path?: string;
  autoVerify: boolean;
  browsable: boolean;
}

export interface ApplicationFlags {
  debuggable: boolean | undefined;
  allowBackup: boolean | undefined;
  fullBackupContent?: string;
  dataExtractionRules?: string;
  testOnly: boolean | undefined;
  usesCleartextTraffic: boolean | undefined;
  /** Resource path of the network security config (`res/xml/….xml`) when set. */
  networkSecurityConfig?: string;
  networkSecurityConfigRef?: number;
  requestLegacyExternalStorage: boolean | undefined;
  extractNativeLibs: boolean | undefined;
  hasFragileUserData: boolean | undefined;
  permission?: string;
  name?: string;
  label?: string;
  taskAffinity?: string;
}

export interface ManifestModel {
  packageName: string;
  versionCode: number | undefined;
  versionName: string | undefined;
  minSdk: number;
  targetSdk: number;
  maxSdk: number | undefined;
  compileSdk: number | undefined;
  sharedUserId: string | undefined;
  installLocation: string | undefined;
  application: ApplicationFlags;
  usesPermissions: UsesPermission[];
  declaredPermissions: DeclaredPermission[];
  components: Component[];
  deepLinks: DeepLink[];
  /** Names of <uses-library>, <uses-feature> — informational. */
  usesFeatures: string[];
  /** Problems in the manifest that the platform tolerates or rejects (duplicates, missing names…). */
  notes: string[];
}

/** Reads typed attribute values, resolving resource references through resources.arsc. */
export class AttrReader {
  constructor(private readonly resources: ResourceTable | undefined) {}

  /** Follow a reference to its default-config value (a bounded number of hops). */
  private deref(attr: XmlAttribute): { type: number; data: number; string?: string } {
    let v: { type: number; data: number; string?: string } = { type: attr.value.type, data: attr.value.data };
    const str = attrString(attr);
    if (str !== undefined && v.type === ResType.STRING) v.string = str;
    for (let hops = 0; hops < 8 && (v.type === ResType.REFERENCE || v.type === ResType.DYNAMIC_REFERENCE); hops++) {
      const r = this.resources?.resolveDefault(v.data);
      if (!r) break;
      v = { type: r.value.type, data: r.value.data, ...(r.string === undefined ? {} : { string: r.string }) };
    }
    return v;
  }

  bool(el: XmlElement, name: string): boolean | undefined {
    const a = androidAttr(el, name);
    if (!a) return undefined;
    const v = this.deref(a);
    if (v.type === ResType.INT_BOOLEAN || v.type === ResType.INT_DEC || v.type === ResType.INT_HEX) return v.data !== 0;
    const s = v.string ?? attrString(a);
    if (s === 'true') return true;
    if (s === 'false') return false;
    return undefined;
  }

  int(el: XmlElement, name: string): number | undefined {
    const a = androidAttr(el, name);
    if (!a) return undefined;
    const v = this.deref(a);
    if (v.type === ResType.INT_DEC || v.type === ResType.INT_HEX || v.type === ResType.INT_BOOLEAN) return v.data | 0;
    const s = v.string ?? attrString(a);
    if (s !== undefined && /^-?\d+$/.test(s.trim())) return Number.parseInt(s.trim(), 10);
    return undefined;
  }

  string(el: XmlElement, name: string): string | undefined {
    const a = androidAttr(el, name);
    if (!a) return undefined;
    const v = this.deref(a);
    if (v.string !== undefined) return v.string;
    const raw = attrString(a);
    if (raw !== undefined) return raw;
    if (v.type === ResType.INT_DEC || v.type === ResType.INT_BOOLEAN) return String(v.data | 0);
    if (v.type === ResType.INT_HEX) return `0x${(v.data >>> 0).toString(16)}`;
    return undefined;
  }

  /** The resource id an attribute refers to (for `@xml/…` attributes), without following it. */
  ref(el: XmlElement, name: string): number | undefined {
    const a = androidAttr(el, name);
    if (!a) return undefined;
    return a.value.type === ResType.REFERENCE ? a.value.data >>> 0 : undefined;
  }

  /** The path of a file resource (e.g. `res/xml/network_security_config.xml`) an attribute points to. */
  filePath(el: XmlElement, name: string): string | undefined {
    const id = this.ref(el, name);
    if (id === undefined) return undefined;
    const v = this.resources?.resolveDefault(id);
    return v?.string;
  }
}

// AOSP PermissionInfo: protectionLevel base values and flags (frameworks/base attrs.xml protectionLevel)
const PROTECTION_BASE: Record<number, string> = { 0: 'normal', 1: 'dangerous', 2: 'signature', 3: 'signatureOrSystem', 4: 'internal' };
const PROTECTION_FLAGS: Array<[number, string]> = [
  [0x10, 'privileged'],
  [0x20, 'development'],
  [0x40, 'appop'],
  [0x80, 'pre23'],
  [0x100, 'installer'],
  [0x200, 'verifier'],
  [0x400, 'preinstalled'],
  [0x800, 'setup'],
  [0x1000, 'instant'],
  [0x2000, 'runtime'],
  [0x4000, 'oem'],
  [0x8000, 'vendorPrivileged'],
];

export function protectionLevelName(v: number): string {
  const base = PROTECTION_BASE[v & 0xf] ?? `0x${(v & 0xf).toString(16)}`;
  const flags = PROTECTION_FLAGS.filter(([bit]) => (v & bit) !== 0).map(([, n]) => n);
  return [base, ...flags].join('|');
}

function qualify(pkg: string, name: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined;
  if (name.startsWith('.')) return pkg + name;
  if (!name.includes('.')) return `${pkg}.${name}`;
  return name;
}

const COMPONENT_TAGS: readonly ComponentType[] = ['activity', 'activity-alias', 'service', 'receiver', 'provider'];

function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Build the manifest model from the parsed AXML tree. */
export function readManifest(root: XmlElement, resources: ResourceTable | undefined): ManifestModel {
  const r = new AttrReader(resources);
  const notes: string[] = [];
  if (root.name !== 'manifest') notes.push(`root element is <${root.name}>, not <manifest>`);
  // `package` has no android: namespace and no resource id.
  const pkgAttr = root.attributes.find((a) => a.name === 'package' && a.ns === undefined) ?? root.attributes.find((a) => a.name === 'package');
  const packageName = attrString(pkgAttr) ?? '';
  if (!packageName) notes.push('the manifest has no package name');

  const usesSdk = childrenNamed(root, 'uses-sdk')[0];
  const minSdkRaw = usesSdk ? r.int(usesSdk, 'minSdkVersion') : undefined;
  const minSdkStr = usesSdk && minSdkRaw === undefined ? r.string(usesSdk, 'minSdkVersion') : undefined;
  // A codename (e.g. "Tiramisu") as minSdk means a preview build: treat it as the newest level we know.
  const minSdk = minSdkRaw ?? (minSdkStr ? 10000 : 1);
  const targetSdk = (usesSdk ? r.int(usesSdk, 'targetSdkVersion') : undefined) ?? minSdk;
  const maxSdk = usesSdk ? r.int(usesSdk, 'maxSdkVersion') : undefined;

  const appEl = childrenNamed(root, 'application')[0];
  const application: ApplicationFlags = {
    debuggable: appEl ? r.bool(appEl, 'debuggable') : undefined,
    allowBackup: appEl ? r.bool(appEl, 'allowBackup') : undefined,
    testOnly: appEl ? r.bool(appEl, 'testOnly') : undefined,
    usesCleartextTraffic: appEl ? r.bool(appEl, 'usesCleartextTraffic') : undefined,
    requestLegacyExternalStorage: appEl ? r.bool(appEl, 'requestLegacyExternalStorage') : undefined,
    extractNativeLibs: appEl ? r.bool(appEl, 'extractNativeLibs') : undefined,
    hasFragileUserData: appEl ? r.bool(appEl, 'hasFragileUserData') : undefined,
  };
  if (appEl) {
    const nsc = r.filePath(appEl, 'networkSecurityConfig');
    if (nsc) application.networkSecurityConfig = nsc;
    const nscRef = r.ref(appEl, 'networkSecurityConfig');
    if (nscRef !== undefined) application.networkSecurityConfigRef = nscRef;
    const perm = r.string(appEl, 'permission');
    if (perm) application.permission = perm;
    const name = qualify(packageName, r.string(appEl, 'name'));
    if (name) application.name = name;
    const label = r.string(appEl, 'label');
    if (label) application.label = label;
    const fbc = r.string(appEl, 'fullBackupContent');
    if (fbc) application.fullBackupContent = fbc;
    const der = r.string(appEl, 'dataExtractionRules');
    if (der) application.dataExtractionRules = der;
    const ta = r.string(appEl, 'taskAffinity');
    if (ta !== undefined) application.taskAffinity = ta;
  } else {
    notes.push('the manifest has no <application> element');
  }

  const usesPermissions: UsesPermission[] = [];
  for (const tag of ['uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m']) {
    for (const el of childrenNamed(root, tag)) {
      const name = r.string(el, 'name');
      if (!name) continue;
      const max = r.int(el, 'maxSdkVersion');
      usesPermissions.push(max === undefined ? { name } : { name, maxSdkVersion: max });
    }
  }
  const declaredPermissions: DeclaredPermission[] = [];
  for (const el of childrenNamed(root, 'permission')) {
    const name = r.string(el, 'name');
    if (!name) continue;
    const lvl = r.int(el, 'protectionLevel');
    const lvlStr = lvl === undefined ? (r.string(el, 'protectionLevel') ?? 'normal') : protectionLevelName(lvl);
    declaredPermissions.push({ name, protectionLevel: lvlStr, element: `manifest/permission[${name}]` });
  }

  const components: Component[] = [];
  const deepLinks: DeepLink[] = [];
  if (appEl) {
    for (const el of appEl.children) {
      if (!(COMPONENT_TAGS as readonly string[]).includes(el.name)) continue;
      const type = el.name as ComponentType;
      const name = qualify(packageName, r.string(el, 'name'));
      if (!name) {
        notes.push(`a <${type}> has no android:name`);
        continue;
      }
      const intentFilters: IntentFilter[] = childrenNamed(el, 'intent-filter').map((f) => {
        const priority = r.int(f, 'priority');
        return {
          actions: childrenNamed(f, 'action').map((a) => r.string(a, 'name') ?? '').filter(Boolean),
          categories: childrenNamed(f, 'category').map((a) => r.string(a, 'name') ?? '').filter(Boolean),
          data: childrenNamed(f, 'data').map((d) => {
            const o: IntentFilterData = {};
            for (const k of ['scheme', 'host', 'port', 'path', 'pathPrefix', 'pathPattern', 'mimeType'] as const) {
              const v = r.string(d, k);
              if (v !== undefined) o[k] = v;
            }
            return o;
          }),
          autoVerify: r.bool(f, 'autoVerify') === true,
          ...(priority === undefined ? {} : { priority }),
        };
      });
      const exportedAttr = r.bool(el, 'exported');
      const { exported, reason } = effectiveExported(type, exportedAttr, intentFilters.length > 0, minSdk, targetSdk);
      const element = `manifest/application/${type}[${name}]`;
      const ownPermission = r.string(el, 'permission');
      const permission = ownPermission ?? (type === 'provider' ? undefined : application.permission);
      const isLauncher = intentFilters.some(
        (f) => f.actions.includes('android.intent.action.MAIN') && f.categories.includes('android.intent.category.LAUNCHER'),
      );
      const c: Component = {
        type,
        name,
        element,
        exported,
        exportedAttr,
        exportedReason: reason,
        enabled: r.bool(el, 'enabled') !== false,
        intentFilters,
        isLauncher,
      };
      if (permission) c.permission = permission;
      if (type === 'provider') {
        const rp = r.string(el, 'readPermission');
        const wp = r.string(el, 'writePermission');
        if (rp) c.readPermission = rp;
        if (wp) c.writePermission = wp;
        const auth = r.string(el, 'authorities');
        if (auth) c.authorities = auth.split(';').filter(Boolean);
        const g = r.bool(el, 'grantUriPermissions');
        if (g !== undefined) c.grantUriPermissions = g;
        c.hasPathPermissions = childrenNamed(el, 'path-permission').length > 0;
        c.hasGrantUriPermissionPatterns = childrenNamed(el, 'grant-uri-permission').length > 0;
      }
      if (type === 'activity' || type === 'activity-alias') {
        const lm = r.int(el, 'launchMode');
        const lmName = lm === undefined ? r.string(el, 'launchMode') : (['standard', 'singleTop', 'singleTask', 'singleInstance', 'singleInstancePerTask'][lm] ?? String(lm));
        if (lmName !== undefined) c.launchMode = lmName;
        const ta = r.string(el, 'taskAffinity');
        if (ta !== undefined) c.taskAffinity = ta;
        const atr = r.bool(el, 'allowTaskReparenting');
        if (atr !== undefined) c.allowTaskReparenting = atr;
        const tgt = qualify(packageName, r.string(el, 'targetActivity'));
        if (tgt) c.targetActivity = tgt;
        const ftwo = r.bool(el, 'filterTouchesWhenObscured');
        if (ftwo !== undefined) c.filterTouchesWhenObscured = ftwo;
      }
      const proc = r.string(el, 'process');
      if (proc) c.process = proc;
      components.push(c);

      for (const f of intentFilters) {
        if (!f.actions.includes('android.intent.action.VIEW')) continue;
        const browsable = f.categories.includes('android.intent.category.BROWSABLE');
        const schemes = f.data.map((d) => d.scheme).filter((s): s is string => !!s);
        const hosts = f.data.map((d) => d.host).filter((s): s is string => !!s);
        const paths = f.data.map((d) => d.path ?? d.pathPrefix ?? d.pathPattern).filter((s): s is string => !!s);
        // <data> elements of one filter combine: every scheme with every host (AOSP IntentFilter matching).
        for (const scheme of new Set(schemes)) {
          for (const host of hosts.length ? new Set(hosts) : [undefined]) {
            const dl: DeepLink = { component: name, scheme, autoVerify: f.autoVerify, browsable };
            if (host !== undefined) dl.host = host;
            if (paths[0] !== undefined) dl.path = paths[0];
            deepLinks.push(dl);
          }
        }
      }
    }
  }

  const il = r.int(root, 'installLocation');
  const installLocation = il === undefined ? r.string(root, 'installLocation') : (['auto', 'internalOnly', 'preferExternal'][il] ?? String(il));
  return {
    packageName,
    versionCode: r.int(root, 'versionCode'),
    versionName: r.string(root, 'versionName'),
    minSdk,
    targetSdk,
    maxSdk,
    compileSdk: r.int(root, 'compileSdkVersion'),
    sharedUserId: r.string(root, 'sharedUserId'),
    installLocation,
    application,
    usesPermissions,
    declaredPermissions,
    components,
    deepLinks,
    usesFeatures: childrenNamed(root, 'uses-feature').map((f) => r.string(f, 'name') ?? '').filter(Boolean),
    notes,
  };
}

/**
 * The platform's rule for whether a component is reachable by other apps (PackageParser / ParsingPackageUtils):
 * an explicit android:exported wins; otherwise activities, services and receivers are exported exactly when
 * they have an intent filter (apps targeting 31+ must say it explicitly, or installation fails), and providers
 * are exported by default only when minSdk or targetSdk is 16 or lower.
 */
export function effectiveExported(
  type: ComponentType,
  attr: boolean | undefined,
  hasIntentFilter: boolean,
  minSdk: number,
  targetSdk: number,
): { exported: boolean; reason: string } {
  if (attr !== undefined) return { exported: attr, reason: `android:exported="${attr}"` };
  if (type === 'provider') {
    if (minSdk <= 16 || targetSdk <= 16) return { exported: true, reason: 'provider without android:exported, exported by default when min/targetSdk <= 16' };
    return { exported: false, reason: 'provider without android:exported is private from SDK 17' };
  }
  if (hasIntentFilter) {
    return {
      exported: true,
      reason:
        targetSdk >= 31
          ? 'has an intent filter and no android:exported (an install error when targeting 31+; exported on older platforms)'
          : 'has an intent filter and no android:exported: implicitly exported',
    };
  }
  return { exported: false, reason: 'no intent filter and no android:exported' };
}
