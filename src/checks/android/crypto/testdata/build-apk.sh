#!/usr/bin/env bash
# Builds one small, unsigned test APK from <app-dir>/AndroidManifest.xml and <app-dir>/smali/ (used by the
# crypto and tls check tests; run by build.sh here and by ../../tls/testdata/build.sh).
#
#   build-apk.sh <app-dir> <out.apk> [manifest-override.xml]
#
# Tools (Debian): aapt, android-framework-res, smali (libsmali-java), node. The zip is packed by the
# fixtures' fixture-zip.mjs with fixed timestamps, so the output depends only on the inputs.
set -euo pipefail
app_dir=$(cd "$1" && pwd)
out=$2
manifest=${3:-$app_dir/AndroidManifest.xml}
repo=$(cd "$(dirname "$0")/../../../../.." && pwd)
framework=/usr/share/android-framework-res/framework-res.apk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# aapt only accepts a manifest file named AndroidManifest.xml.
mkdir "$work/manifest" && cp "$manifest" "$work/manifest/AndroidManifest.xml"
aapt package -f -M "$work/manifest/AndroidManifest.xml" -I "$framework" -F "$work/res.apk" >/dev/null
(cd "$work" && unzip -q res.apk AndroidManifest.xml)
java -cp /usr/share/java/smali.jar:/usr/share/java/smali-util.jar org.jf.smali.Main assemble --jobs 1 \
  -o "$work/classes.dex" "$app_dir/smali"
node "$repo/fixtures/android/tools/fixture-zip.mjs" pack "$out" \
  "AndroidManifest.xml=$work/AndroidManifest.xml" "classes.dex=$work/classes.dex"
size=$(stat -c %s "$out")
if [ "$size" -gt 51200 ]; then echo "build-apk: $out is $size bytes (limit 50 KB)" >&2; exit 1; fi
echo "built $out ($size bytes)"
