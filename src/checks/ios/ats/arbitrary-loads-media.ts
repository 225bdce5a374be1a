import { defineAtsSwitchCheck } from './ats-support.js';

export default defineAtsSwitchCheck({
  id: 'ios.ats.arbitrary-loads-media',
  key: 'NSAllowsArbitraryLoadsForMedia',
  meta: {
    title: 'App Transport Security disabled for media loads',
    severity: 'low',
    confidence: 'high',
    description:
      '`NSAppTransportSecurity.NSAllowsArbitraryLoadsForMedia = true` lets AVFoundation load media over clear-text HTTP. The content can be observed and replaced by anyone on the network path; in a financial app such media (tutorial videos, marketing) is rarely worth the exception.',
    manual: 'Run `plutil -p Info.plist` and read `NSAppTransportSecurity`; play the app\'s media through a proxy and look for `http://` URLs.',
    remediation: 'Remove the key and serve media over HTTPS.',
  },
  message: 'Info.plist sets NSAllowsArbitraryLoadsForMedia = true: media may be loaded over clear-text HTTP.',
});
