import { defineAtsSwitchCheck } from './ats-support.js';

export default defineAtsSwitchCheck({
  id: 'ios.ats.arbitrary-loads-web',
  key: 'NSAllowsArbitraryLoadsInWebContent',
  meta: {
    title: 'App Transport Security disabled for web views',
    severity: 'medium',
    confidence: 'high',
    description:
      '`NSAppTransportSecurity.NSAllowsArbitraryLoadsInWebContent = true` lets content loaded in `WKWebView` use clear-text HTTP and weak TLS. Pages shown in an app are trusted by the user as part of it: a network attacker can then inject script or phishing forms into them.',
    manual: 'Run `plutil -p Info.plist` and read `NSAppTransportSecurity`; browse the app\'s web views through a proxy and look for `http://` loads.',
    remediation: 'Remove the key and load web content only over HTTPS; if the app is a general browser, document why and keep app data out of those views.',
  },
  message: 'Info.plist sets NSAllowsArbitraryLoadsInWebContent = true: web views may load pages over clear-text HTTP or weak TLS.',
});
