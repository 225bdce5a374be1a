/**
 * @module app/android-nsc
 * Network security configuration (res/xml/…, referenced by android:networkSecurityConfig), read from its
 * compiled AXML form. Semantics follow the Android developer documentation "Network security configuration":
 * base-config, domain-config (nested, with domains as element text), trust-anchors/certificates
 * (src = system | user | @raw/…, overridePins), pin-set (expiration, pin digest) and debug-overrides.
 */
import { ResValueType as ResType, type XmlAttribute, type XmlElement } from '../formats/axml/index.js';
import type { ResourceTable } from '../formats/arsc/index.js';

export interface NscTrustAnchor {
  src: string;
  overridePins: boolean;
}

export interface NscPinSet {
  expiration?: string;
  pins: Array<{ digest: string; value: string }>;
}

export interface NscDomainConfig {
  /** Element path for locations, e.g. `network-security-config/domain-config[1]`. */
  element: string;
  domains: Array<{ name: string; includeSubdomains: boolean }>;
  cleartextTrafficPermitted: boolean | undefined;
  trustAnchors: NscTrustAnchor[] | undefined;
  pinSet: NscPinSet | undefined;
}

export interface NetworkSecurityConfig {
  path: string;
  base: { cleartextTrafficPermitted: boolean | undefined; trustAnchors: NscTrustAnchor[] | undefined } | undefined;
  domains: NscDomainConfig[];
  debugOverrides: { trustAnchors: NscTrustAnchor[] } | undefined;
}

function attrText(a: XmlAttribute | undefined, resources: ResourceTable | undefined): string | undefined {
  if (!a) return undefined;
  if (a.rawValue !== undefined) return a.rawValue;
  if (a.value.type === ResType.INT_BOOLEAN) return a.value.data !== 0 ? 'true' : 'false';
  if (a.value.type === ResType.INT_DEC) return String(a.value.data | 0);
  if (a.value.type === ResType.REFERENCE) {
    const name = resources?.nameOf(a.value.data >>> 0);
    return name ? `@${name.type}/${name.entry}` : `@0x${(a.value.data >>> 0).toString(16)}`;
  }
  return undefined;
}

function plainAttr(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

function boolAttr(el: XmlElement, name: string, res: ResourceTable | undefined): boolean | undefined {
  const t = attrText(plainAttr(el, name), res);
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}

function textOf(el: XmlElement): string {
  const own = el.text ?? '';
  return own.trim();
}

function readTrustAnchors(el: XmlElement | undefined, res: ResourceTable | undefined): NscTrustAnchor[] | undefined {
  if (!el) return undefined;
  return el.children
    .filter((c) => c.name === 'certificates')
    .map((c) => ({ src: attrText(plainAttr(c, 'src'), res) ?? '', overridePins: boolAttr(c, 'overridePins', res) === true }));
}

export function readNetworkSecurityConfig(root: XmlElement, path: string, res: ResourceTable | undefined): NetworkSecurityConfig {
  const cfg: NetworkSecurityConfig = { path, base: undefined, domains: [], debugOverrides: undefined };
  let domainIndex = 0;
  const walkDomainConfig = (el: XmlElement, inherited: { cleartext: boolean | undefined }): void => {
    domainIndex++;
    const cleartext = boolAttr(el, 'cleartextTrafficPermitted', res) ?? inherited.cleartext;
    const pinEl = el.children.find((c) => c.name === 'pin-set');
    const dc: NscDomainConfig = {
      element: `network-security-config/domain-config[${domainIndex}]`,
      domains: el.children
        .filter((c) => c.name === 'domain')
        .map((d) => ({ name: textOf(d), includeSubdomains: boolAttr(d, 'includeSubdomains', res) === true })),
      cleartextTrafficPermitted: cleartext,
      trustAnchors: readTrustAnchors(el.children.find((c) => c.name === 'trust-anchors'), res),
      pinSet: pinEl
        ? {
            ...(attrText(plainAttr(pinEl, 'expiration'), res) === undefined ? {} : { expiration: attrText(plainAttr(pinEl, 'expiration'), res)! }),
            pins: pinEl.children
              .filter((p) => p.name === 'pin')
              .map((p) => ({ digest: attrText(plainAttr(p, 'digest'), res) ?? '', value: textOf(p) })),
          }
        : undefined,
    };
    cfg.domains.push(dc);
    for (const child of el.children) if (child.name === 'domain-config') walkDomainConfig(child, { cleartext });
  };
  for (const el of root.children) {
    if (el.name === 'base-config') {
      cfg.base = {
        cleartextTrafficPermitted: boolAttr(el, 'cleartextTrafficPermitted', res),
        trustAnchors: readTrustAnchors(el.children.find((c) => c.name === 'trust-anchors'), res),
      };
    } else if (el.name === 'domain-config') {
      walkDomainConfig(el, { cleartext: undefined });
    } else if (el.name === 'debug-overrides') {
      cfg.debugOverrides = { trustAnchors: readTrustAnchors(el.children.find((c) => c.name === 'trust-anchors'), res) ?? [] };
    }
  }
  return cfg;
}
