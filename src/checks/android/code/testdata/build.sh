#!/usr/bin/env bash
# Rebuilds the edge-case test app of the code, ipc, network and secrets checks: code-edge/ -> code-edge.apk
# (unsigned, one DEX). Tools (Debian): aapt, android-framework-res, smali (libsmali-java), node. The zip is
# packed by the fixtures' fixture-zip.mjs with fixed timestamps, so the output depends only on the inputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
app=$here/code-edge
out=$here/code-edge.apk
framework=/usr/share/android-framework-res/framework-res.apk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C
aapt package -f -M "$app/AndroidManifest.xml" -I "$framework" -F "$work/res.apk" >/dev/null
(cd "$work" && unzip -q res.apk AndroidManifest.xml)
java -cp /usr/share/java/smali.jar:/usr/share/java/smali-util.jar org.jf.smali.Main assemble --jobs 1 \
  -o "$work/classes.dex" "$app/smali"
node "$repo/fixtures/android/tools/fixture-zip.mjs" pack "$out" \
  "AndroidManifest.xml=$work/AndroidManifest.xml" "classes.dex=$work/classes.dex"
size=$(stat -c %s "$out")
if [ "$size" -gt 51200 ]; then echo "build.sh: $out is $size bytes (limit 50 KB)" >&2; exit 1; fi
echo "built $out ($size bytes)"
