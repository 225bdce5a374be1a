#!/usr/bin/env bash
# Installs the Debian packages dfslab's tests use as oracles and to rebuild fixtures:
#   aapt, apksigner, dexdump, androguard (and its AOSP apksig samples), smali (libsmali-java),
#   android-framework-res, zipalign, unzip, binutils (readelf), a JDK (keytool), gcc (x86-64 and aarch64),
#   chromium (browser tests of the HTML report, PDF) and poppler-utils (pdftotext, to check the PDF),
#   and for iOS: clang-14, lld-14 (ld64.lld), llvm-14 (llvm-objdump, llvm-nm, llvm-otool), libplist-utils, openssl.
# The audit itself needs none of them. Safe to run repeatedly; does nothing when all are present.
set -euo pipefail
pkgs=(chromium poppler-utils aapt apksigner dexdump androguard android-framework-res libsmali-java zipalign unzip binutils openjdk-17-jre-headless gcc gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu clang-14 lld-14 llvm-14 libplist-utils openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: apt-get not found; oracle tests will be skipped (missing: ${missing[*]})" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
