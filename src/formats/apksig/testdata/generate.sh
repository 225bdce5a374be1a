#!/usr/bin/env bash
# Rebuilds the signature test fixtures of src/formats/apksig from scratch:
#   certs/*.der        self-signed RSA / EC / DSA certificates, one CA-issued certificate, an "Android
#                      Debug" certificate and one with the AOSP test-key DN (our own key, NOT the AOSP key)
#   *.apk              a tiny app (aapt) signed with apksigner in several configurations, plus one JAR
#                      signed by jarsigner (PKCS #7 with signed attributes)
#   v4.apk.idsig       the APK Signature Scheme v4 file apksigner writes beside v4.apk
# Keys are generated into a temporary directory and thrown away; the tests only need public data.
# Requirements: openssl, aapt, apksigner, keytool + jarsigner (JDK), zip, framework-res.apk.
set -euo pipefail
cd "$(dirname "$0")"
OUT=$PWD
FRAMEWORK=${FRAMEWORK:-/usr/share/android-framework-res/framework-res.apk}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT/certs"

selfsigned() { # name subject newkey-args...
  local name=$1 subj=$2; shift 2
  openssl req -x509 -nodes -days 36500 -sha256 -subj "$subj" -keyout "$WORK/$name.key" -out "$WORK/$name.pem" "$@" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$WORK/$name.key" -outform DER -out "$WORK/$name.pk8"
  openssl x509 -in "$WORK/$name.pem" -outform DER -out "$OUT/certs/$name.der"
}

selfsigned rsa "/CN=dfslab test RSA/O=dfslab/C=ZZ" -newkey rsa:2048
selfsigned rsa-new "/CN=dfslab test RSA rotated/O=dfslab/C=ZZ" -newkey rsa:2048
selfsigned ec "/CN=dfslab test EC/O=dfslab/C=ZZ" -newkey ec -pkeyopt ec_paramgen_curve:P-256
openssl dsaparam -out "$WORK/dsaparam.pem" 2048 2>/dev/null
selfsigned dsa "/CN=dfslab test DSA/O=dfslab/C=ZZ" -newkey "dsa:$WORK/dsaparam.pem"
selfsigned debug "/C=US/O=Android/CN=Android Debug" -newkey rsa:2048
selfsigned aosp-dn "/C=US/ST=California/L=Mountain View/O=Android/OU=Android/CN=Android/emailAddress=android@android.com" -newkey rsa:2048
# A certificate issued by the RSA "CA" above (not self-signed).
openssl req -new -nodes -subj "/CN=dfslab issued leaf/O=dfslab/C=ZZ" -newkey ec -pkeyopt ec_paramgen_curve:P-384 \
  -keyout "$WORK/leaf.key" -out "$WORK/leaf.csr" 2>/dev/null
openssl x509 -req -in "$WORK/leaf.csr" -CA "$WORK/rsa.pem" -CAkey "$WORK/rsa.key" -set_serial 0x0102030405060708090a \
  -days 3650 -sha384 -out "$WORK/leaf.pem" 2>/dev/null
openssl x509 -in "$WORK/leaf.pem" -outform DER -out "$OUT/certs/leaf-issued-by-rsa.der"

# The app: a manifest, a text asset, and an asset whose name forces JAR manifest line wrapping (> 72 bytes).
mkdir -p "$WORK/app/assets"
cat > "$WORK/app/AndroidManifest.xml" <<'XML'
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.dfslab.fixture.sig"
    android:versionCode="1" android:versionName="1.0">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="30" />
  <application android:label="sig" />
</manifest>
XML
echo "hello from the dfslab signature fixture" > "$WORK/app/assets/hello.txt"
echo "wrapped" > "$WORK/app/assets/a-rather-long-asset-name-that-makes-the-jar-manifest-wrap-its-name-line.txt"
aapt package -f -M "$WORK/app/AndroidManifest.xml" -A "$WORK/app/assets" -I "$FRAMEWORK" -F "$WORK/unsigned.apk"
# A stored (uncompressed) entry, so tests can flip a byte of entry data without breaking inflation.
printf 'stored entry payload: tampering with one byte of it must break every signature\n' > "$WORK/stored.txt"
(cd "$WORK" && zip -q -0 unsigned.apk stored.txt)

sign() { # out key cert args...
  local out=$1 key=$2; shift 2
  apksigner sign --in "$WORK/unsigned.apk" --out "$OUT/$out" --key "$WORK/$key.pk8" --cert "$WORK/$key.pem" "$@"
  rm -f "$OUT/$out.idsig"
}

sign rsa-v1v2v3.apk rsa --v1-signing-enabled true --v2-signing-enabled true --v3-signing-enabled true
sign ec-v2-only.apk ec --min-sdk-version 24 --v1-signing-enabled false --v2-signing-enabled true --v3-signing-enabled false
sign dsa-v1-only.apk dsa --v1-signing-enabled true --v2-signing-enabled false --v3-signing-enabled false
sign rsa-verity.apk rsa --v1-signing-enabled true --v2-signing-enabled true --v3-signing-enabled true --verity-enabled true
apksigner sign --in "$WORK/unsigned.apk" --out "$OUT/v4.apk" --key "$WORK/ec.pk8" --cert "$WORK/ec.pem" \
  --min-sdk-version 24 --v1-signing-enabled false --v2-signing-enabled true --v3-signing-enabled true --v4-signing-enabled true

# Key rotation: v1/v2 by the old key, v3 by the new key with a proof-of-rotation lineage.
apksigner rotate --out "$WORK/lineage.bin" --old-signer --key "$WORK/rsa.pk8" --cert "$WORK/rsa.pem" \
  --new-signer --key "$WORK/rsa-new.pk8" --cert "$WORK/rsa-new.pem"
apksigner sign --in "$WORK/unsigned.apk" --out "$OUT/rsa-rotated-v3-lineage.apk" --lineage "$WORK/lineage.bin" \
  --key "$WORK/rsa.pk8" --cert "$WORK/rsa.pem" --next-signer --key "$WORK/rsa-new.pk8" --cert "$WORK/rsa-new.pem"
rm -f "$OUT/rsa-rotated-v3-lineage.apk.idsig"

# jarsigner: JAR signing with PKCS #7 signed attributes (content-type, message-digest…).
openssl pkcs12 -export -in "$WORK/rsa.pem" -inkey "$WORK/rsa.key" -name fixture -passout pass:fixture -out "$WORK/rsa.p12"
cp "$WORK/unsigned.apk" "$OUT/jarsigner-v1.apk"
jarsigner -keystore "$WORK/rsa.p12" -storetype PKCS12 -storepass fixture -digestalg SHA-256 -sigalg SHA256withRSA \
  "$OUT/jarsigner-v1.apk" fixture >/dev/null

# A JAR signature broken after signing (stored.txt replaced), then a valid v2 signature added over the
# result. apksigner always rewrites META-INF, so the v2 block is produced by sign_v2.py (a minimal v2 signer).
cp "$OUT/dsa-v1-only.apk" "$WORK/v1-broken.apk"
printf 'stored entry payload: replaced after JAR signing, so only the v1 signature breaks\n' > "$WORK/stored.txt"
(cd "$WORK" && zip -q -0 v1-broken.apk stored.txt)
python3 "$OUT/sign_v2.py" "$WORK/v1-broken.apk" "$OUT/v1-broken-v2-valid.apk" "$WORK/rsa.key" "$OUT/certs/rsa.der"

ls -l "$OUT"/*.apk "$OUT"/*.idsig "$OUT"/certs/
