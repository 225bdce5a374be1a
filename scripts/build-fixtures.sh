#!/usr/bin/env bash
# Rebuilds the Android fixture apps of fixtures/android/ from their sources (smali, AndroidManifest.xml,
# res/, assets/, C for the native libraries) into fixtures/android/build/, verifies every output with
# aapt, apksigner, dexdump and readelf, and writes that summary into each app's README.md.
#
#   scripts/build-fixtures.sh           rebuild fixtures/android/build/ and the README summaries
#   scripts/build-fixtures.sh --check   rebuild in a temporary directory and fail if any output differs
#                                       from the committed one (reproducibility check; touches nothing)
#   KEEP_WORK=1 scripts/build-fixtures.sh   keep the work directory (its path is printed)
#
# Tests use the committed binaries and never need these tools. What is and is not reproducible is
# documented in fixtures/android/README.md ("Reproducibility").
set -euo pipefail
# aapt writes a fixed zip time (1980-01-01 00:00 UTC) converted to *local* DOS time, and sort order
# depends on the locale: pin both so the outputs do not depend on the machine.
export TZ=UTC LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FX=$ROOT/fixtures/android
TOOLS=$FX/tools
KEYS=$FX/keys
FRAMEWORK=/usr/share/android-framework-res/framework-res.apk
SMALI_CP=/usr/share/java/smali.jar:/usr/share/java/smali-util.jar
MAX_OUTPUT_BYTES=$((100 * 1024))

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------------
missing=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package: $2)"); }
need_file() { [[ -f $1 ]] || missing+=("$1 (Debian package: $2)"); }
need_cmd java openjdk-17-jre-headless
need_cmd keytool openjdk-17-jre-headless
need_file /usr/share/java/smali.jar libsmali-java
need_file /usr/share/java/smali-util.jar libsmali-java
need_cmd aapt aapt
need_file "$FRAMEWORK" android-framework-res
need_cmd zipalign zipalign
need_cmd apksigner apksigner
need_cmd dexdump dexdump
need_cmd node nodejs
need_cmd gcc gcc
need_cmd strip binutils
need_cmd readelf binutils
need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need_cmd aarch64-linux-gnu-strip binutils-aarch64-linux-gnu
need_cmd unzip unzip
need_cmd sha256sum coreutils
if ((${#missing[@]})); then
  echo "build-fixtures: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "Install the listed Debian packages (apt-get install …) and run again." >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dfslab-fixtures.XXXXXX")
if [[ ${KEEP_WORK:-0} == 1 ]]; then
  echo "build-fixtures: work directory kept at $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
if ((CHECK_ONLY)); then OUT=$WORK/out; else OUT=$FX/build; fi
mkdir -p "$OUT" "$WORK/summary"

log() { echo "build-fixtures: $*"; }

# ---------------------------------------------------------------------------------------------------
# Keys (committed; generated once with keytool, see fixtures/android/keys/README.md)
# ---------------------------------------------------------------------------------------------------
key_args() { # <release|debug|weak|expired> -> apksigner key options
  case $1 in
    release) echo "--ks $KEYS/release.p12 --ks-pass pass:dfslab-fixture --ks-key-alias release" ;;
    debug) echo "--ks $KEYS/debug.p12 --ks-pass pass:android --ks-key-alias androiddebugkey" ;;
    weak) echo "--ks $KEYS/weak.p12 --ks-pass pass:dfslab-fixture --ks-key-alias weak" ;;
    expired) echo "--ks $KEYS/expired.p12 --ks-pass pass:dfslab-fixture --ks-key-alias expired" ;;
    aosp-dn) echo "--ks $KEYS/aosp-dn.p12 --ks-pass pass:dfslab-fixture --ks-key-alias aospdn" ;;
    *) echo "unknown key $1" >&2; return 1 ;;
  esac
}
for k in release debug weak expired aosp-dn; do
  [[ -f $KEYS/$k.p12 ]] || { echo "build-fixtures: $KEYS/$k.p12 is missing; see $KEYS/README.md" >&2; exit 1; }
done

# The hardened wallet compares its signing certificate with a constant; keep it in step with the key.
release_cert_sha256=$(keytool -exportcert -keystore "$KEYS/release.p12" -storepass dfslab-fixture -alias release 2>/dev/null | sha256sum | cut -c1-64)
if ! grep -q "\"$release_cert_sha256\"" "$FX/hardened-wallet/smali/a/g.smali"; then
  echo "build-fixtures: hardened-wallet/smali/a/g.smali must contain the release certificate SHA-256 $release_cert_sha256" >&2
  exit 1
fi

# ---------------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------------

# aapt package: compiled manifest + resources.arsc + res/ + assets/ into $work/unsigned.apk, and R.txt.
package_resources() { # <app-dir> <work-dir> [extra aapt options]
  local app=$1 work=$2
  shift 2
  mkdir -p "$work/gen"
  local args=(package -f -M "$app/AndroidManifest.xml" -I "$FRAMEWORK" -F "$work/unsigned.apk"
    -J "$work/gen" --output-text-symbols "$work")
  [[ -d $app/res ]] && args+=(-S "$app/res")
  [[ -d $app/assets ]] && args+=(-A "$app/assets")
  aapt "${args[@]}" "$@"
}

# --jobs 1: with several parser threads smali 2.5 sometimes lays out the type_list section in another
# order (same content, different bytes, so different DEX checksum and APK hash).
# smali's output depends on more than the file contents: it lists a directory in readdir order (which
# depends on how the checkout created the files) and the layout follows the file paths it was given. So
# copy the sources to a fixed relative layout (<n>/<path>) and hand it those relative paths, sorted.
assemble_dex() { # <out.dex> <smali-dir>...
  local out=$1
  shift
  mkdir -p "$(dirname "$out")"
  local src
  src=$(mktemp -d "$WORK/smali.XXXXXX")
  local i=0 dir
  for dir in "$@"; do
    mkdir -p "$src/$i"
    cp -R "$dir/." "$src/$i/"
    i=$((i + 1))
  done
  local files=()
  mapfile -t files < <(cd "$src" && find . -type f -name '*.smali' | sed 's|^\./||' | sort)
  (cd "$src" && java -cp "$SMALI_CP" org.jf.smali.Main assemble --jobs 1 -o "$out" "${files[@]}")
}

# aapt add stores each path as given, so run it from the staging directory.
add_entries() { # <apk> <stage-dir> <relative path>...
  local apk=$1 stage=$2
  shift 2
  (cd "$stage" && aapt add "$apk" "$@" >/dev/null)
}

# 4-byte alignment for stored entries, 16 KB for stored native libraries (see tools/fixture-zip.mjs),
# then zipalign as the independent judge.
align_apk() { # <in> <out> [--store-libs]
  node "$TOOLS/fixture-zip.mjs" align "$1" "$2" --page 16384 ${3:-}
  zipalign -c -p 4 "$2" >/dev/null
}

sign_apk() { # <key> <in> <out> [apksigner options]
  local key=$1 in=$2 out=$3
  shift 3
  # shellcheck disable=SC2046
  apksigner sign $(key_args "$key") --v4-signing-enabled false "$@" --out "$out" "$in"
  apksigner verify "$out" >/dev/null
}

# Native libraries are linked -nostdlib against link-time stand-ins of libc.so/liblog.so
# (fixtures/android/native-stubs), so the result has DT_NEEDED libc.so like an NDK build but needs no NDK.
cc_for() { case $1 in arm64-v8a) echo aarch64-linux-gnu-gcc ;; x86_64) echo gcc ;; esac; }
strip_for() { case $1 in arm64-v8a) echo aarch64-linux-gnu-strip ;; x86_64) echo strip ;; esac; }

build_stub_libs() {
  local abi cc
  for abi in arm64-v8a x86_64; do
    cc=$(cc_for "$abi")
    mkdir -p "$WORK/stubs/$abi"
    (cd "$FX/native-stubs" &&
      "$cc" -shared -fPIC -nostdlib -fno-builtin -w -Wl,-soname,libc.so -o "$WORK/stubs/$abi/libc.so" libc.c &&
      "$cc" -shared -fPIC -nostdlib -fno-builtin -w -Wl,-soname,liblog.so -o "$WORK/stubs/$abi/liblog.so" liblog.c)
  done
}

build_native_lib() { # <abi> <weak|hardened> <src.c> <out.so> [-l…]
  local abi=$1 profile=$2 src=$3 out=$4
  shift 4
  local cc
  cc=$(cc_for "$abi")
  local flags=(-shared -fPIC -nostdlib -Wall -Werror -I"$FX/native-stubs"
    -Wl,--hash-style=both -Wl,--build-id=sha1 -Wl,-z,noseparate-code
    -Wl,-soname,"$(basename "$out")" -L"$WORK/stubs/$abi")
  case $profile in
    weak)
      # No canary, no fortify, executable stack, no RELRO, lazy binding, 4 KB pages, symbols kept.
      flags+=(-O0 -fno-stack-protector -U_FORTIFY_SOURCE -Wl,-z,execstack -Wl,-z,norelro -Wl,-z,lazy
        -Wl,-z,max-page-size=4096) ;;
    hardened)
      # Canary, fortify, full RELRO, NX stack, 16 KB pages, hidden symbols, stripped below.
      flags+=(-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fvisibility=hidden -Wl,-z,relro -Wl,-z,now
        -Wl,-z,noexecstack -Wl,-z,max-page-size=16384)
      # Bionic keeps the stack guard in TLS slot 5 (TLS_SLOT_STACK_GUARD, offset 40 from tpidr_el0),
      # glibc in a global; read it the bionic way. BTI + PAC as the NDK enables them for arm64.
      if [[ $abi == arm64-v8a ]]; then
        flags+=(-mstack-protector-guard=sysreg -mstack-protector-guard-reg=tpidr_el0
          -mstack-protector-guard-offset=40 -mbranch-protection=standard)
      fi ;;
    *) echo "unknown native profile $profile" >&2; return 1 ;;
  esac
  mkdir -p "$(dirname "$out")"
  # Compile from the source directory with a bare file name so no absolute path lands in the binary.
  (cd "$(dirname "$src")" && "$cc" "${flags[@]}" -o "$out" "$(basename "$src")" "$@")
  if [[ $profile == hardened ]]; then "$(strip_for "$abi")" --strip-unneeded "$out"; fi
}

# ---------------------------------------------------------------------------------------------------
# Verification summary (goes into each README between the build-summary markers)
# ---------------------------------------------------------------------------------------------------
summarize_elf() { # <so-file> <name-in-apk>
  local so=$1 name=$2 hdr dyn syms
  hdr=$(readelf -lW "$so")
  dyn=$(readelf -dW "$so")
  syms=$(readelf --dyn-syms -W "$so" | awk '$7 == "UND" && $8 != "" {print $8}' | sed 's/@.*//' | sort -u | tr '\n' ' ')
  local stack relro now align symtab
  stack=$(awk '/GNU_STACK/ {print $7}' <<<"$hdr")
  relro=$(grep -q GNU_RELRO <<<"$hdr" && echo yes || echo no)
  now=$(grep -qE 'BIND_NOW|FLAGS_1.*NOW' <<<"$dyn" && echo yes || echo no)
  align=$(awk '/LOAD/ {print $NF; exit}' <<<"$hdr")
  symtab=$(grep -q '\.symtab' <<<"$(readelf -SW "$so")" && echo no || echo yes)
  echo "  $name: LOAD align $align, GNU_STACK $stack, GNU_RELRO $relro, BIND_NOW $now, stripped $symtab"
  echo "    NEEDED: $(awk -F'[][]' '/NEEDED/ {printf "%s ", $2}' <<<"$dyn")"
  echo "    imports: $syms"
}

# Entry listing: method, uncompressed size, compressed size, name (unzip -v columns 2, 1, 3, 8).
list_zip() { unzip -v "$1" | awk '/^--------/ {n++; next} n == 1 {printf "  %-7s %7s %7s  %s\n", $2, $1, $3, $NF}'; }

summarize_apk() { # <apk> <display name> -> markdown on stdout
  local apk=$1 display=$2
  local x="$WORK/extract/$(basename "$apk")"
  rm -rf "$x" && mkdir -p "$x"
  (cd "$x" && unzip -q "$apk")
  echo "#### \`$display\` ($(stat -c %s "$apk") bytes)"
  echo
  echo '```text'
  echo "\$ unzip -v (method, size, compressed, name)"
  list_zip "$apk"
  # (grep on captured output: with pipefail, grep -q closing the pipe early would fail the pipeline)
  local listing verify
  listing=$(unzip -v "$apk")
  if grep -qE 'Stored .* lib/.*\.so$' <<<"$listing"; then
    echo "\$ zipalign -c -p -v 4 (data offsets of the stored native libraries)"
    zipalign -c -p -v 4 "$apk" | grep -E ' lib/.*\.so' | sed 's/^ */  /' || true
  fi
  echo "\$ aapt dump badging"
  aapt dump badging "$apk" 2>&1 | grep -vE "^(application-label-|locales:|densities:|supports-screens:|supports-any-density:)" | sed 's/^/  /' || true
  echo "\$ apksigner verify -v --print-certs"
  verify=$(apksigner verify -v --print-certs "$apk" 2>&1 || true)
  grep -vE 'MD5 digest|SHA-1 digest' <<<"$verify" | sed 's/^/  /' || true
  # apksigner ignores the JAR signature when minSdk >= 24; show that it is there and valid anyway.
  if compgen -G "$x/META-INF/*.SF" >/dev/null && grep -q 'v1 scheme (JAR signing): false' <<<"$verify"; then
    echo "\$ apksigner verify -v --min-sdk-version 19 (v1 only)"
    apksigner verify -v --min-sdk-version 19 "$apk" 2>&1 | grep 'v1 scheme' | sed 's/^/  /' || true
  fi
  local dex
  for dex in "$x"/classes*.dex; do
    [[ -f $dex ]] || continue
    echo "\$ dexdump -f $(basename "$dex")"
    dexdump -f "$dex" 2>/dev/null |
      grep -E '^(magic|checksum|file_size|string_ids_size|type_ids_size|method_ids_size|field_ids_size|class_defs_size) ' |
      sed 's/^/  /' || true
  done
  if [[ -d $x/lib ]]; then
    echo "\$ readelf (native libraries)"
    local so
    while IFS= read -r so; do summarize_elf "$so" "${so#"$x"/}"; done < <(find "$x/lib" -name '*.so' | sort)
  fi
  echo '```'
  echo
}

summary_header() {
  echo "Outputs of the last \`scripts/build-fixtures.sh\` run, as the tools see them."
  echo
}

# Writes the summary of the given outputs to $WORK/summary/<app>.md; publish_summary puts it in the README.
write_summary() { # <app-name> <output in $OUT>...
  local app=$1
  shift
  local out
  {
    summary_header
    for out in "$@"; do summarize_apk "$out" "build/$(basename "$out")"; done
  } >"$WORK/summary/$app.md"
}

publish_summary() { # <app-name>  (skipped in --check mode)
  if ((!CHECK_ONLY)); then node "$TOOLS/replace-section.mjs" "$FX/$1/README.md" "$WORK/summary/$1.md"; fi
}

# ---------------------------------------------------------------------------------------------------
# The apps
# ---------------------------------------------------------------------------------------------------
build_vulnerable_wallet() {
  local app=$FX/vulnerable-wallet w=$WORK/vulnerable-wallet
  log "vulnerable-wallet"
  package_resources "$app" "$w"
  node "$TOOLS/r-class.mjs" "$w/R.txt" org.dfslab.fixture.vulnwallet "$w/rsmali" "$app/smali" >/dev/null
  assemble_dex "$w/stage/classes.dex" "$app/smali" "$w/rsmali"
  # An old-style x86_64 helper: weak flags, an RPATH into /data/local/tmp and a text relocation.
  build_native_lib x86_64 weak "$app/jni/legacy.c" "$w/stage/lib/x86_64/liblegacy.so" \
    legacy_table.S -Wl,-rpath,/data/local/tmp/wallet -Wl,--disable-new-dtags -Wl,-z,notext
  add_entries "$w/unsigned.apk" "$w/stage" classes.dex lib/x86_64/liblegacy.so
  align_apk "$w/unsigned.apk" "$w/aligned.apk"
  # A debug build signed with the Android Debug key; apksigner picks v1+v2+v3 for minSdk 19.
  sign_apk debug "$w/aligned.apk" "$OUT/vulnerable-wallet.apk"
  write_summary vulnerable-wallet "$OUT/vulnerable-wallet.apk"
  publish_summary vulnerable-wallet
}

build_hardened_wallet() {
  local app=$FX/hardened-wallet w=$WORK/hardened-wallet abi
  log "hardened-wallet"
  package_resources "$app" "$w"
  # Release build: R ids are inlined and the R classes dropped, so only check the literals.
  node "$TOOLS/r-class.mjs" "$w/R.txt" org.dfslab.fixture.hardwallet - "$app/smali" >/dev/null
  assemble_dex "$w/stage/classes.dex" "$app/smali"
  for abi in arm64-v8a x86_64; do
    build_native_lib "$abi" hardened "$app/jni/guard.c" "$w/stage/lib/$abi/libguard.so" -lc
  done
  add_entries "$w/unsigned.apk" "$w/stage" classes.dex lib/arm64-v8a/libguard.so lib/x86_64/libguard.so
  # extractNativeLibs="false": libraries stored uncompressed and 16 KB aligned.
  align_apk "$w/unsigned.apk" "$w/aligned.apk" --store-libs
  sign_apk release "$w/aligned.apk" "$OUT/hardened-wallet.apk" \
    --v1-signing-enabled true --v2-signing-enabled true --v3-signing-enabled true
  write_summary hardened-wallet "$OUT/hardened-wallet.apk"
  publish_summary hardened-wallet
}

build_multidex_native() {
  local app=$FX/multidex-native w=$WORK/multidex-native abi
  log "multidex-native"
  package_resources "$app" "$w"
  assemble_dex "$w/stage/classes.dex" "$app/smali"
  assemble_dex "$w/stage/classes2.dex" "$app/smali_classes2"
  for abi in arm64-v8a x86_64; do
    build_native_lib "$abi" weak "$app/jni/native_weak.c" "$w/stage/lib/$abi/libnative.so" -lc -llog
    build_native_lib "$abi" hardened "$app/jni/native_safe.c" "$w/stage/lib/$abi/libsafe.so" -lc
  done
  add_entries "$w/unsigned.apk" "$w/stage" classes.dex classes2.dex \
    lib/arm64-v8a/libnative.so lib/arm64-v8a/libsafe.so lib/x86_64/libnative.so lib/x86_64/libsafe.so
  # extractNativeLibs="true": libraries stay deflated.
  align_apk "$w/unsigned.apk" "$w/aligned.apk"
  sign_apk release "$w/aligned.apk" "$OUT/multidex-native.apk"
  write_summary multidex-native "$OUT/multidex-native.apk"
  publish_summary multidex-native
}

build_signing_variants() {
  local app=$FX/signing-variants w=$WORK/signing-variants
  log "signing-variants"
  # -0 txt keeps assets/notice.txt stored, so tampered.apk can flip a byte without re-deflating.
  package_resources "$app" "$w" -0 txt
  assemble_dex "$w/stage/classes.dex" "$app/smali"
  add_entries "$w/unsigned.apk" "$w/stage" classes.dex
  align_apk "$w/unsigned.apk" "$w/aligned.apk"

  cp "$w/aligned.apk" "$OUT/unsigned.apk"
  sign_apk release "$w/aligned.apk" "$OUT/signed-v1v2v3.apk" \
    --v1-signing-enabled true --v2-signing-enabled true --v3-signing-enabled true
  # JAR signature only, minSdk 19: on Android 5.0-7.0 the Janus bug (CVE-2017-13156) applies.
  sign_apk release "$w/aligned.apk" "$OUT/signed-v1-only.apk" \
    --v1-signing-enabled true --v2-signing-enabled false --v3-signing-enabled false
  sign_apk debug "$w/aligned.apk" "$OUT/signed-debug.apk"
  # RSA-1024 key with a SHA1withRSA certificate; --min-sdk-version 9 makes apksigner use SHA-1
  # digests and SHA1withRSA for the v1 signature (v2/v3 always use SHA-256).
  sign_apk weak "$w/aligned.apk" "$OUT/signed-weak.apk" --min-sdk-version 9
  sign_apk expired "$w/aligned.apk" "$OUT/signed-expired-cert.apk"
  # Our own key under the DN of the AOSP test keys (whose private keys are published in the AOSP tree):
  # what an app signed with those keys looks like to the signing checks.
  sign_apk aosp-dn "$w/aligned.apk" "$OUT/signed-aosp-test-dn.apk"
  # Key rotation (APK Signature Scheme v3 proof-of-rotation): v1/v2 by the old weak key, v3 by the
  # release key with a lineage weak -> release.
  # shellcheck disable=SC2046
  apksigner rotate --out "$w/lineage.bin" --old-signer $(key_args weak) --new-signer $(key_args release)
  # shellcheck disable=SC2046
  apksigner sign $(key_args weak) --next-signer $(key_args release) --lineage "$w/lineage.bin" \
    --v4-signing-enabled false --out "$OUT/signed-v3-rotated.apk" "$w/aligned.apk"
  apksigner verify "$OUT/signed-v3-rotated.apk" >/dev/null
  # One flipped bit in a stored asset of the fully signed APK (offset 10 of assets/notice.txt).
  node "$TOOLS/fixture-zip.mjs" tamper "$OUT/signed-v1v2v3.apk" "$OUT/tampered.apk" assets/notice.txt 10
  unzip -tq "$OUT/tampered.apk" >/dev/null # still a valid zip (CRCs fixed)
  if apksigner verify "$OUT/tampered.apk" >/dev/null 2>&1; then
    echo "build-fixtures: tampered.apk still verifies" >&2
    return 1
  fi
  write_summary signing-variants "$OUT/unsigned.apk" "$OUT/signed-v1v2v3.apk" "$OUT/signed-v1-only.apk" \
    "$OUT/signed-debug.apk" "$OUT/signed-weak.apk" "$OUT/signed-expired-cert.apk" \
    "$OUT/signed-aosp-test-dn.apk" "$OUT/signed-v3-rotated.apk" "$OUT/tampered.apk"
  {
    echo "Signers of \`build/signed-v3-rotated.apk\` on devices before Android 9 (v1/v2) and its v3 lineage:"
    echo
    echo '```text'
    echo "\$ apksigner verify -v --print-certs --max-sdk-version 27"
    apksigner verify -v --print-certs --max-sdk-version 27 "$OUT/signed-v3-rotated.apk" 2>&1 |
      grep -E 'Signer #1 (certificate DN|certificate SHA-256|key)' | sed 's/^/  /' || true
    echo "\$ apksigner lineage --print-certs"
    apksigner lineage -v --in "$OUT/signed-v3-rotated.apk" --print-certs 2>&1 |
      grep -E 'certificate DN|certificate SHA-256|key size|capability' | sed 's/^/  /' || true
    echo '```'
  } >>"$WORK/summary/signing-variants.md"
  publish_summary signing-variants
}

build_manifest_edge() {
  local app=$FX/manifest-edge w=$WORK/manifest-edge
  log "manifest-edge"
  # --split fr moves the French strings into a configuration split (unsigned_fr.apk).
  package_resources "$app" "$w" --split fr
  assemble_dex "$w/stage/classes.dex" "$app/smali"
  add_entries "$w/unsigned.apk" "$w/stage" classes.dex
  align_apk "$w/unsigned.apk" "$w/aligned.apk"
  sign_apk release "$w/aligned.apk" "$OUT/manifest-edge.apk"

  align_apk "$w/unsigned_fr.apk" "$w/fr.aligned.apk"
  sign_apk release "$w/fr.aligned.apk" "$w/split_config.fr.apk"

  # ABI split: its own manifest, no code, only lib/arm64-v8a/libedge.so.
  aapt package -f -M "$app/split-arm64-v8a/AndroidManifest.xml" -I "$FRAMEWORK" -F "$w/abi.unsigned.apk"
  build_native_lib arm64-v8a weak "$app/jni/edge.c" "$w/abi-stage/lib/arm64-v8a/libedge.so" -lc
  add_entries "$w/abi.unsigned.apk" "$w/abi-stage" lib/arm64-v8a/libedge.so
  align_apk "$w/abi.unsigned.apk" "$w/abi.aligned.apk"
  sign_apk release "$w/abi.aligned.apk" "$w/split_config.arm64_v8a.apk"

  # .apks (SAI / bundletool-style set of APKs at the root of a zip) and .xapk (APKPure: manifest.json).
  node "$TOOLS/fixture-zip.mjs" pack "$OUT/manifest-edge.apks" \
    "base.apk=$OUT/manifest-edge.apk" \
    "split_config.arm64_v8a.apk=$w/split_config.arm64_v8a.apk" \
    "split_config.fr.apk=$w/split_config.fr.apk"
  local total
  total=$(($(stat -c %s "$OUT/manifest-edge.apk") + $(stat -c %s "$w/split_config.arm64_v8a.apk") + $(stat -c %s "$w/split_config.fr.apk")))
  cat >"$w/manifest.json" <<EOF
{
  "xapk_version": 2,
  "package_name": "org.dfslab.fixture.edge",
  "name": "Fixture manifest edge cases",
  "version_code": "3",
  "version_name": "0.3-edge",
  "min_sdk_version": "23",
  "target_sdk_version": "30",
  "permissions": [
    "android.permission.RECEIVE_BOOT_COMPLETED",
    "org.dfslab.fixture.edge.permission.VIEW_LEDGER"
  ],
  "split_configs": ["config.arm64_v8a", "config.fr"],
  "total_size": $total,
  "split_apks": [
    { "file": "org.dfslab.fixture.edge.apk", "id": "base" },
    { "file": "config.arm64_v8a.apk", "id": "config.arm64_v8a" },
    { "file": "config.fr.apk", "id": "config.fr" }
  ]
}
EOF
  node "$TOOLS/fixture-zip.mjs" pack "$OUT/manifest-edge.xapk" \
    "manifest.json=$w/manifest.json" \
    "org.dfslab.fixture.edge.apk=$OUT/manifest-edge.apk" \
    "config.arm64_v8a.apk=$w/split_config.arm64_v8a.apk" \
    "config.fr.apk=$w/split_config.fr.apk"
  unzip -tq "$OUT/manifest-edge.apks" >/dev/null
  unzip -tq "$OUT/manifest-edge.xapk" >/dev/null

  {
    summary_header
    summarize_apk "$OUT/manifest-edge.apk" "build/manifest-edge.apk"
    summarize_apk "$w/split_config.arm64_v8a.apk" "split_config.arm64_v8a.apk"
    summarize_apk "$w/split_config.fr.apk" "split_config.fr.apk"
    echo '```text'
    echo "\$ unzip -v build/manifest-edge.apks"
    list_zip "$OUT/manifest-edge.apks"
    echo "\$ unzip -v build/manifest-edge.xapk"
    list_zip "$OUT/manifest-edge.xapk"
    echo '```'
  } >"$WORK/summary/manifest-edge.md"
  publish_summary manifest-edge
}

build_diff_pair() {
  local app=$FX/diff-pair v
  log "diff-pair"
  # Both versions share res/ and smali/ (so one classes.dex for both); only the manifests differ.
  for v in 1 2; do
    local w=$WORK/diff-pair/v$v
    package_resources "$app/v$v" "$w" -S "$app/res"
    assemble_dex "$w/stage/classes.dex" "$app/smali"
    add_entries "$w/unsigned.apk" "$w/stage" classes.dex
    align_apk "$w/unsigned.apk" "$w/aligned.apk"
    sign_apk release "$w/aligned.apk" "$OUT/diff-v$v.apk"
  done
  if ! cmp -s "$WORK/diff-pair/v1/stage/classes.dex" "$WORK/diff-pair/v2/stage/classes.dex"; then
    echo "build-fixtures: the two diff-pair versions must share one classes.dex" >&2
    return 1
  fi
  write_summary diff-pair "$OUT/diff-v1.apk" "$OUT/diff-v2.apk"
  publish_summary diff-pair
}

build_fingerprint_stability() {
  local app=$FX/fingerprint-stability w=$WORK/fingerprint-stability
  log "fingerprint-stability"
  package_resources "$app" "$w"
  cp "$w/unsigned.apk" "$w/unsigned-split.apk"
  # Single DEX: both source folders, given in the other order (smali_classes2 first).
  assemble_dex "$w/single/classes.dex" "$app/smali_classes2" "$app/smali"
  add_entries "$w/unsigned.apk" "$w/single" classes.dex
  # Split: the launcher's folder in classes.dex, the rest in classes2.dex.
  assemble_dex "$w/split/classes.dex" "$app/smali"
  assemble_dex "$w/split/classes2.dex" "$app/smali_classes2"
  add_entries "$w/unsigned-split.apk" "$w/split" classes.dex classes2.dex
  align_apk "$w/unsigned.apk" "$w/aligned.apk"
  align_apk "$w/unsigned-split.apk" "$w/aligned-split.apk"
  sign_apk release "$w/aligned.apk" "$OUT/fingerprint-single-dex.apk"
  sign_apk release "$w/aligned-split.apk" "$OUT/fingerprint-split-dex.apk"
  write_summary fingerprint-stability "$OUT/fingerprint-single-dex.apk" "$OUT/fingerprint-split-dex.apk"
  publish_summary fingerprint-stability
}

# ---------------------------------------------------------------------------------------------------
build_stub_libs
build_vulnerable_wallet
build_hardened_wallet
build_multidex_native
build_signing_variants
build_manifest_edge
build_diff_pair
build_fingerprint_stability

outputs=$(cd "$OUT" && ls -1 ./*.apk ./*.apks ./*.xapk | sed 's|^\./||' | sort)
too_big=0
for f in $outputs; do
  size=$(stat -c %s "$OUT/$f")
  if ((size >= MAX_OUTPUT_BYTES)); then
    echo "build-fixtures: $f is $size bytes (limit $MAX_OUTPUT_BYTES)" >&2
    too_big=1
  fi
done
((too_big == 0)) || exit 1
# shellcheck disable=SC2086
(cd "$OUT" && sha256sum $outputs) >"$OUT/SHA256SUMS"

if ((CHECK_ONLY)); then
  if diff -u "$FX/build/SHA256SUMS" "$OUT/SHA256SUMS"; then
    log "reproducible: every output matches fixtures/android/build/SHA256SUMS"
  else
    echo "build-fixtures: the rebuilt outputs differ from the committed ones (see diff above)" >&2
    exit 1
  fi
else
  log "wrote $(wc -l <"$OUT/SHA256SUMS") outputs to ${OUT#"$ROOT"/}/ (SHA256SUMS updated)"
fi
