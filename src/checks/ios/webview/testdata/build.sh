#!/usr/bin/env bash
# Builds webview-file-access.ipa: a minimal arm64 iOS app whose Objective-C code turns on WKWebView's
# allowUniversalAccessFromFileURLs / allowFileAccessFromFileURLs through key-value coding and loads a local file
# with loadFileURL:allowingReadAccessToURL:. It gives ios.webview.file-access a committed app that triggers it.
# Needs clang-14, ld64.lld-14, plistutil and zip; reuses the .tbd stubs of fixtures/ios/sdk. Reproducible:
# fixed zip times, sorted entries, zip -X.
set -euo pipefail
export TZ=UTC LC_ALL=C
umask 022
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../../../.." && pwd)
SDK=$ROOT/fixtures/ios/sdk
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
B=$W/Payload/WebFiles.app
mkdir -p "$B"
cat > "$W/main.m" <<'SRC'
/* Declared by hand (no Apple SDK): only the messages matter, sent through objc_msgSend. */
typedef struct objc_object *id;
typedef struct objc_selector *SEL;
extern id objc_msgSend(id, SEL, ...);
extern id objc_getClass(const char *);
extern SEL sel_registerName(const char *);
static id str(const char *s) { return objc_msgSend(objc_getClass("NSString"), sel_registerName("stringWithUTF8String:"), s); }
int main(void) {
  id config = objc_msgSend(objc_getClass("WKWebViewConfiguration"), sel_registerName("new"));
  id prefs = objc_msgSend(config, sel_registerName("preferences"));
  id yes = objc_msgSend(objc_getClass("NSNumber"), sel_registerName("numberWithBool:"), 1);
  objc_msgSend(prefs, @selector(setValue:forKey:), yes, str("allowFileAccessFromFileURLs"));
  objc_msgSend(config, @selector(setValue:forKey:), yes, str("allowUniversalAccessFromFileURLs"));
  id web = objc_msgSend(objc_getClass("WKWebView"), sel_registerName("new"));
  objc_msgSend(web, @selector(loadFileURL:allowingReadAccessToURL:), 0, 0);
  return 0;
}
SRC
clang-14 -target arm64-apple-ios15.0 -fno-objc-arc -fstack-protector-strong -Os -c "$W/main.m" -o "$W/main.o"
ld64.lld-14 -arch arm64 -platform_version ios 15.0 15.0 -e _main -pie -o "$B/WebFiles" "$W/main.o" "$SDK/libSystem.tbd" "$SDK/libobjc.tbd"
cat > "$W/Info.plist" <<'PL'
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>org.dfslab.testdata.webfiles</string>
<key>CFBundleExecutable</key><string>WebFiles</string>
<key>MinimumOSVersion</key><string>15.0</string>
</dict></plist>
PL
plistutil -i "$W/Info.plist" -o "$B/Info.plist" -f bin
rm -f "$HERE/webview-file-access.ipa"
(cd "$W" && find Payload -exec touch -h -d '2020-01-01 00:00:00' {} + && find Payload | sort | zip -X -9 -q "$HERE/webview-file-access.ipa" -@)
ls -l "$HERE/webview-file-access.ipa"
