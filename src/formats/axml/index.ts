/**
 * @module formats/axml
 * Android binary XML (AndroidManifest.xml, res/xml/*.xml) and the resource-format pieces it shares with
 * resources.arsc: chunk framing, string pools, typed values, framework attribute ids.
 */
export {
  ANDROID_NS,
  androidAttr,
  attr,
  attrString,
  parseAxml,
  type AxmlAnomaly,
  type AxmlDocument,
  type XmlAttribute,
  type XmlElement,
  type XmlNamespace,
} from './axml.js';
export { AndroidAttr, frameworkAttrId, frameworkAttrName, type AndroidAttrName } from './framework-attrs.js';
export type { ResAnomaly } from './res-anomaly.js';
export { ResValueType, complexToFloat, formatValue, resBoolean, resFloat, resInteger, type ResValue } from './res-value.js';
export { toXmlString } from './xml-text.js';
