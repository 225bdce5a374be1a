#!/usr/bin/env bash
# Rebuilds the committed resources.arsc fixtures of src/formats/arsc from the sources in app/.
# Needs: aapt, aapt2, unzip and /usr/share/android-framework-res/framework-res.apk (Debian packages aapt, aapt2,
# android-framework-res). Outputs (small, committed), each with `aapt dump --values resources` as *.values.txt:
#   resources.arsc          aapt, UTF-8 value strings, dense type chunks
#   resources-utf16.arsc    aapt --utf16, UTF-16 value strings
#   resources-sparse.arsc   aapt2 --enable-sparse-encoding (sparse type chunks where they are smaller)
set -euo pipefail
cd "$(dirname "$0")"
FW=${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

aapt package -f -M app/AndroidManifest.xml -S app/res -I "$FW" -F "$tmp/aapt.apk"
aapt package -f --utf16 -M app/AndroidManifest.xml -S app/res -I "$FW" -F "$tmp/utf16.apk"
aapt2 compile --dir app/res -o "$tmp/res.zip"
aapt2 link --enable-sparse-encoding -o "$tmp/sparse.apk" --manifest app/AndroidManifest.xml -I "$FW" "$tmp/res.zip"

for pair in aapt:resources utf16:resources-utf16 sparse:resources-sparse; do
  apk="$tmp/${pair%%:*}.apk"
  out="${pair#*:}"
  unzip -p "$apk" resources.arsc > "$out.arsc"
  aapt dump --values resources "$apk" > "$out.values.txt"
done
ls -l ./*.arsc
