/**
 * @module formats/mobileprovision
 * Apple provisioning profiles (embedded.mobileprovision): CMS envelope + XML plist. See mobileprovision.ts.
 */
export {
  readMobileProvision,
  provisioningKind,
  MobileProvisionError,
  type MobileProvision,
  type ProvisioningKind,
} from './mobileprovision.js';
