#!/usr/bin/env bash
# Rebuilds the iOS fixture apps of fixtures/ios/ from their sources (C and Objective-C, Info.plist, entitlements,
# provisioning-profile templates) into fixtures/ios/build/*.ipa, verifies every output with llvm-objdump-14,
# llvm-nm-14, llvm-otool-14, llvm-lipo-14, plistutil, openssl and unzip, and writes that summary into each app's
# README.md.
#
#   scripts/build-ios-fixtures.sh           rebuild fixtures/ios/build/ and the README summaries
#   scripts/build-ios-fixtures.sh --check   rebuild in a temporary directory and fail if any output differs
#                                           from the committed one (reproducibility check; touches nothing)
#   KEEP_WORK=1 scripts/build-ios-fixtures.sh   keep the work directory (its path is printed)
#
# No Apple SDK: the sources declare the APIs they call and link against the stub .tbd files of fixtures/ios/sdk/
# (the approach of src/formats/macho/testdata/build.sh). Everything is reproducible: fixed zip times, sorted
# entries, `zip -X`, committed keys and CMS signatures without signed attributes (see fixtures/ios/README.md).
set -euo pipefail
export TZ=UTC LC_ALL=C
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FX=$ROOT/fixtures/ios
SDK=$FX/sdk
KEYS=$FX/keys
MAX_OUTPUT_BYTES=$((150 * 1024))
ZIP_TIME='2020-01-01 00:00:00'

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package: $2)"); }
need_cmd clang-14 clang-14
need_cmd ld64.lld-14 lld-14
for t in llvm-lipo-14 llvm-strip-14 llvm-objdump-14 llvm-nm-14 llvm-otool-14; do need_cmd "$t" llvm-14; done
need_cmd plistutil libplist-utils
need_cmd openssl openssl
need_cmd zip zip
need_cmd unzip unzip
need_cmd node nodejs
need_cmd sha256sum coreutils
if ((${#missing[@]})); then
  echo "build-ios-fixtures: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "Install the listed Debian packages (apt-get install …) and run again." >&2
  exit 1
fi

WORK=$(mktemp -d)
if [[ ${KEEP_WORK:-0} == 1 ]]; then
  echo "build-ios-fixtures: work directory $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
if ((CHECK_ONLY)); then OUT=$WORK/out; else OUT=$FX/build; fi
mkdir -p "$OUT" "$WORK/summary"

# -nostdinc/-fno-builtin: there are no iOS headers here, and clang must not turn the calls we want to see as
# imports (strcpy, sprintf, memset...) into inline code or other functions. -g0 keeps work paths out of outputs.
CFLAGS=(-nostdinc -fno-builtin -O1 -g0 -Wno-incompatible-library-redeclaration)
SIGN=(node "$FX/tools/adhoc-sign.mjs")

binary_plist() { plistutil -i "$1" -o "$2" -f bin; }

# The <dict> of an entitlements plist, to paste into a profile template.
entitlements_dict() { sed -n '/^<dict>$/,/^<\/dict>$/p' "$1" | sed '2,$s/^/\t/'; }

# embedded.mobileprovision = CMS SignedData (DER, content attached) over the profile XML. -noattr leaves out the
# signing-time attribute and RSA PKCS#1 v1.5 is deterministic, so the bytes only depend on the inputs.
make_profile() { # <template> <entitlements.plist> <developer cert pem> <out>
  local cert_b64 ents
  cert_b64=$(openssl x509 -in "$3" -outform DER | base64 -w0)
  ents=$(entitlements_dict "$2")
  node -e '
    const fs = require("fs");
    const [tpl, cert, ents, out] = process.argv.slice(1);
    fs.writeFileSync(out, fs.readFileSync(tpl, "utf8").replace("@CERT@", cert).replace("@ENTITLEMENTS@", ents.trimStart()));
  ' "$1" "$cert_b64" "$ents" "$WORK/profile.xml"
  openssl cms -sign -nodetach -binary -noattr -md sha256 -outform DER -in "$WORK/profile.xml" \
    -signer "$KEYS/apple-ca-standin.cert.pem" -inkey "$KEYS/apple-ca-standin.key.pem" -out "$4"
}

# Zips Payload/ with fixed times and modes, entries sorted (directories first, as they precede their contents).
make_ipa() { # <stage dir containing Payload/> <out.ipa>
  (
    cd "$1"
    find Payload -type d -exec chmod 755 {} +
    find Payload -type f -exec chmod 644 {} +
    find Payload -type f -perm /111 -exec chmod 755 {} + 2>/dev/null || true
    find Payload -exec touch -h -d "$ZIP_TIME" {} +
    rm -f "$2"
    find Payload | sort | zip -X -9 -q "$2" -@
  )
  local size
  size=$(stat -c %s "$2")
  if ((size > MAX_OUTPUT_BYTES)); then echo "build-ios-fixtures: $2 is $size bytes (> $MAX_OUTPUT_BYTES)" >&2; exit 1; fi
}

# ---------------------------------------------------------------------------------------------------
# vulnerable-bank: fat (arm64 + x86_64), no PIE, no stack protector, not stripped, MRC, weak crypto
# ---------------------------------------------------------------------------------------------------
build_vulnerable_bank() {
  local app=$FX/vulnerable-bank W=$WORK/vulnerable-bank
  local bundle=$W/stage/Payload/VulnerableBank.app
  mkdir -p "$W" "$bundle/Frameworks/Helper.framework"
  binary_plist "$app/Info.plist" "$bundle/Info.plist"
  binary_plist "$app/Helper-Info.plist" "$bundle/Frameworks/Helper.framework/Info.plist"
  local slices=()
  for arch in arm64 x86_64; do
    local target=$arch-apple-ios9.0
    clang-14 -target "$target" "${CFLAGS[@]}" -fno-stack-protector -c "$app/src/helper.c" -o "$W/helper.$arch.o"
    mkdir -p "$W/$arch"
    # Helper.framework: a dylib whose install name is @rpath-relative, found through the app's LC_RPATH.
    ld64.lld-14 -arch "$arch" -platform_version ios 9.0 15.0 -dylib -install_name @rpath/Helper.framework/Helper \
      -current_version 1.0 -compatibility_version 1.0 -adhoc_codesign -o "$W/$arch/Helper" "$W/helper.$arch.o" \
      "$SDK/libSystem.tbd"
    clang-14 -target "$target" "${CFLAGS[@]}" -fno-stack-protector -c "$app/src/main.c" -o "$W/main.$arch.o"
    clang-14 -target "$target" "${CFLAGS[@]}" -fno-stack-protector -fno-objc-arc -c "$app/src/VBLoginViewController.m" \
      -o "$W/login.$arch.o"
    # -no_pie: an absolute-address image (MH_PIE clear), which ASLR cannot slide.
    ld64.lld-14 -arch "$arch" -platform_version ios 9.0 15.0 -e _main -no_pie -rpath @executable_path/Frameworks -rpath /Users/builder/DerivedData/VulnerableBank/Frameworks \
      -adhoc_codesign -o "$W/$arch/VulnerableBank" "$W/main.$arch.o" "$W/login.$arch.o" \
      "$SDK/libSystem.tbd" "$SDK/libobjc.tbd" "$SDK/Foundation.tbd" "$SDK/Security.tbd" "$SDK/UIKit.tbd" "$W/$arch/Helper"
    "${SIGN[@]}" "$W/$arch/VulnerableBank" org.dfslab.fixtures.vulnerablebank "$app/entitlements.plist" "$bundle/Info.plist"
    slices+=("$W/$arch/VulnerableBank")
  done
  llvm-lipo-14 -create "${slices[@]}" -output "$bundle/VulnerableBank"
  llvm-lipo-14 -create "$W/arm64/Helper" "$W/x86_64/Helper" -output "$bundle/Frameworks/Helper.framework/Helper"
  make_profile "$app/profile.plist.in" "$app/entitlements.plist" "$KEYS/developer.cert.pem" "$bundle/embedded.mobileprovision"
  cp "$app/config.json" "$bundle/config.json"
  printf 'APPL????' >"$bundle/PkgInfo"
  make_ipa "$W/stage" "$OUT/vulnerable-bank.ipa"
}

# ---------------------------------------------------------------------------------------------------
# hardened-bank: thin arm64, PIE, stack protector, stripped, ARC, anti-debug/jailbreak/Frida checks
# ---------------------------------------------------------------------------------------------------
build_hardened_bank() {
  local app=$FX/hardened-bank W=$WORK/hardened-bank
  local bundle=$W/stage/Payload/HardenedBank.app
  mkdir -p "$W" "$bundle"
  binary_plist "$app/Info.plist" "$bundle/Info.plist"
  local target=arm64-apple-ios15.0
  clang-14 -target "$target" "${CFLAGS[@]}" -fstack-protector-strong -c "$app/src/main.c" -o "$W/main.o"
  clang-14 -target "$target" "${CFLAGS[@]}" -fstack-protector-strong -fobjc-arc -c "$app/src/HBSecurityGuard.m" -o "$W/guard.o"
  ld64.lld-14 -arch arm64 -platform_version ios 15.0 15.0 -e _main -pie -adhoc_codesign -o "$W/HardenedBank" \
    "$W/main.o" "$W/guard.o" "$SDK/libSystem.tbd" "$SDK/libobjc.tbd" "$SDK/Security.tbd" "$SDK/DeviceCheck.tbd"
  # Strip every defined symbol but keep the undefined ones (what Xcode's "Strip Style: All Symbols" leaves:
  # __mh_execute_header and the imports), then sign, as Xcode does. Without --keep-undefined llvm-strip would also
  # drop imports that are bound only through dyld info (_OBJC_CLASS_$_... class references).
  llvm-strip-14 --keep-undefined "$W/HardenedBank"
  "${SIGN[@]}" "$W/HardenedBank" org.dfslab.fixtures.hardenedbank "$app/entitlements.plist" "$bundle/Info.plist"
  cp "$W/HardenedBank" "$bundle/HardenedBank"
  make_profile "$app/profile.plist.in" "$app/entitlements.plist" "$KEYS/distribution.cert.pem" "$bundle/embedded.mobileprovision"
  printf 'APPL????' >"$bundle/PkgInfo"
  make_ipa "$W/stage" "$OUT/hardened-bank.ipa"
}

# ---------------------------------------------------------------------------------------------------
# Verification summary (goes into each README between the build-summary markers)
# ---------------------------------------------------------------------------------------------------
summarize_macho() { # <file> <label>
  echo
  echo "#### \`$2\`"
  echo
  echo '```'
  llvm-lipo-14 -info "$1" | sed "s|$WORK/x-[a-z-]*/||"
  local archs
  archs=$(llvm-lipo-14 -archs "$1")
  for arch in $archs; do
    echo "--- $arch"
    llvm-objdump-14 --macho --private-header --arch="$arch" "$1" | tail -n 1 | sed 's/^ *//'
    llvm-objdump-14 --macho --private-headers --arch="$arch" "$1" |
      awk '/^ *cmd /{print $2} /^ *(name|path) /{print "    " $1 " " $2} /^ *cryptid /{print "    cryptid " $2}' |
      paste -sd' ' | sed 's/ LC_/\nLC_/g' | sort | uniq -c | sed 's/^ *//'
    echo "otool -L:"
    llvm-otool-14 -L -arch "$arch" "$1" | tail -n +2
    echo "symbols: $(llvm-nm-14 --arch="$arch" "$1" | wc -l) total, $(llvm-nm-14 --arch="$arch" -u "$1" | wc -l) undefined, $(llvm-nm-14 --arch="$arch" --defined-only "$1" | wc -l) defined"
    echo "imports: $(llvm-nm-14 --arch="$arch" -u "$1" | paste -sd' ')"
  done
  echo "code signature:"
  node "$FX/tools/describe-signature.mjs" "$1"
  echo '```'
}

write_summary() { # <app> <ipa> <bundle name> <executable>
  local app=$1 ipa=$2 name=$3 exe=$4 x=$WORK/x-$1
  rm -rf "$x"; mkdir -p "$x"
  unzip -q "$ipa" -d "$x"
  local b=$x/Payload/$name.app
  {
    echo "Generated by \`scripts/build-ios-fixtures.sh\`; do not edit by hand."
    echo
    echo "\`$(basename "$ipa")\`: $(stat -c %s "$ipa") bytes, sha256 \`$(sha256sum "$ipa" | cut -d' ' -f1)\`"
    echo
    echo '```'
    (cd "$(dirname "$ipa")" && unzip -l "$(basename "$ipa")")
    echo '```'
    summarize_macho "$b/$exe" "Payload/$name.app/$exe"
    if [[ -f $b/Frameworks/Helper.framework/Helper ]]; then
      summarize_macho "$b/Frameworks/Helper.framework/Helper" "Payload/$name.app/Frameworks/Helper.framework/Helper"
    fi
    echo
    echo "#### \`Info.plist\` (binary; \`plistutil -f xml\` keys)"
    echo
    echo '```'
    head -c 8 "$b/Info.plist"; echo
    plistutil -i "$b/Info.plist" -f xml | grep -oE '<key>[^<]*</key>' | sed 's/<\/*key>//g' | paste -sd' '
    echo '```'
    echo
    echo "#### \`embedded.mobileprovision\`"
    echo
    echo '```'
    openssl cms -verify -noverify -inform DER -in "$b/embedded.mobileprovision" -out "$x/profile.xml" 2>&1 | head -1
    grep -oE '<key>[^<]*</key>' "$x/profile.xml" | sed 's/<\/*key>//g' | paste -sd' '
    grep -A1 -E '<key>(ExpirationDate|get-task-allow)</key>' "$x/profile.xml" | grep -v '^--' | sed 's/^\s*//' | paste -sd' '
    echo "ProvisionedDevices entries: $(sed -n '/<key>ProvisionedDevices<\/key>/,/<\/array>/p' "$x/profile.xml" | grep -c '<string>' || true)"
    openssl cms -cmsout -print -inform DER -in "$b/embedded.mobileprovision" | grep -E 'signedAttrs|subject:' | sed 's/^ *//' | sort -u
    echo '```'
  } >"$WORK/summary/$app.md"
}

publish_summary() { # <app>  (skipped in --check mode)
  ((CHECK_ONLY)) && return 0
  node -e '
    const fs = require("fs");
    const [readme, summary] = process.argv.slice(1);
    const text = fs.readFileSync(readme, "utf8");
    const start = "<!-- build-summary:start -->", end = "<!-- build-summary:end -->";
    const i = text.indexOf(start), j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(readme + ": build-summary markers missing");
    fs.writeFileSync(readme, text.slice(0, i + start.length) + "\n" + fs.readFileSync(summary, "utf8") + text.slice(j));
  ' "$FX/$1/README.md" "$WORK/summary/$1.md"
}

build_vulnerable_bank
build_hardened_bank
(cd "$OUT" && sha256sum -b vulnerable-bank.ipa hardened-bank.ipa >SHA256SUMS)

write_summary vulnerable-bank "$OUT/vulnerable-bank.ipa" VulnerableBank VulnerableBank
write_summary hardened-bank "$OUT/hardened-bank.ipa" HardenedBank HardenedBank
publish_summary vulnerable-bank
publish_summary hardened-bank

if ((CHECK_ONLY)); then
  status=0
  for f in SHA256SUMS vulnerable-bank.ipa hardened-bank.ipa; do
    if ! cmp -s "$OUT/$f" "$FX/build/$f"; then echo "build-ios-fixtures: $f differs from the committed one" >&2; status=1; fi
  done
  if ((status)); then exit 1; fi
  echo "build-ios-fixtures: all outputs are reproducible (byte-for-byte equal to fixtures/ios/build/)"
else
  ls -l "$OUT"
fi
