#!/usr/bin/env bash
# Rebuilds the resilience test apps from decoys/ and more/ (manifest + smali):
#   smali → classes.dex, aapt package (binary manifest) → aapt add classes.dex. Unsigned: the resilience
#   checks do not look at signatures. Outputs are committed; tests never need the tools.
set -euo pipefail
export TZ=UTC LC_ALL=C
cd "$(dirname "$0")"
FRAMEWORK=/usr/share/android-framework-res/framework-res.apk
SMALI_CP=/usr/share/java/smali.jar:/usr/share/java/smali-util.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for app in decoys more; do
  mkdir -p "$work/$app"
  java -cp "$SMALI_CP" org.jf.smali.Main assemble --jobs 1 -o "$work/$app/classes.dex" "$app/smali"
  aapt package -f -M "$app/AndroidManifest.xml" -I "$FRAMEWORK" -F "$work/$app.apk"
  (cd "$work/$app" && aapt add "$work/$app.apk" classes.dex >/dev/null)
  cp "$work/$app.apk" "resilience-$app.apk"
done
ls -l resilience-*.apk
