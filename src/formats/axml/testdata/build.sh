#!/usr/bin/env bash
# Rebuilds the committed binary XML fixtures of src/formats/axml from the sources in basic/.
# Needs: aapt, aapt2, unzip, node, and /usr/share/android-framework-res/framework-res.apk (Debian packages
# aapt, aapt2, android-framework-res). Outputs (all small, committed):
#   basic.axml / basic.xmltree.txt                       AndroidManifest.xml compiled by aapt, and aapt's dump
#   basic-aapt2.axml / basic-aapt2.xmltree.txt           the same manifest compiled by aapt2
#   network_security_config.axml / ….xmltree.txt         res/xml file (UTF-8 pool, text nodes), by aapt
#   obfuscated.axml / obfuscated.xmltree.txt             basic.axml with manifest-obfuscation tricks (obfuscate.mjs)
set -euo pipefail
cd "$(dirname "$0")"
FW=${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

aapt package -f -M basic/AndroidManifest.xml -S basic/res -I "$FW" -F "$tmp/aapt.apk"
unzip -p "$tmp/aapt.apk" AndroidManifest.xml > basic.axml
unzip -p "$tmp/aapt.apk" res/xml/network_security_config.xml > network_security_config.axml
aapt dump xmltree "$tmp/aapt.apk" AndroidManifest.xml > basic.xmltree.txt
aapt dump xmltree "$tmp/aapt.apk" res/xml/network_security_config.xml > network_security_config.xmltree.txt

aapt2 compile --dir basic/res -o "$tmp/res.zip"
aapt2 link -o "$tmp/aapt2.apk" --manifest basic/AndroidManifest.xml -I "$FW" "$tmp/res.zip"
unzip -p "$tmp/aapt2.apk" AndroidManifest.xml > basic-aapt2.axml
aapt dump xmltree "$tmp/aapt2.apk" AndroidManifest.xml > basic-aapt2.xmltree.txt

node obfuscate.mjs basic.axml obfuscated.axml
(cd "$tmp" && cp "$OLDPWD/obfuscated.axml" AndroidManifest.xml && zip -q -X obf.zip AndroidManifest.xml)
aapt dump xmltree "$tmp/obf.zip" AndroidManifest.xml > obfuscated.xmltree.txt
ls -l ./*.axml
