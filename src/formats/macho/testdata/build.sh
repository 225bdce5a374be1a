#!/bin/sh
# Rebuilds the Mach-O fixtures from hello.c / libfoo.c with clang-14 and ld64.lld-14 (no Apple SDK needed:
# libSystem.tbd is a stub listing the few symbols hello.c imports). Outputs are gzipped because arm64
# segments are 16 KiB aligned and the raw files are mostly zero padding.
set -eu
cd "$(dirname "$0")"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CC=clang-14; LD=ld64.lld-14
# Dylib with an @rpath install name, ad-hoc signed.
$CC -target arm64-apple-ios12.0 -O1 -c libfoo.c -o "$T/libfoo.o"
$LD -arch arm64 -platform_version ios 12.0 15.0 -dylib -install_name @rpath/Foo.framework/Foo \
  -current_version 1.2.3 -compatibility_version 1.0 -adhoc_codesign -o "$T/Foo" "$T/libfoo.o"
# arm64 PIE executable: stack protector, LC_RPATH, libSystem + weak Foo, ad-hoc code signature.
$CC -target arm64-apple-ios12.0 -fstack-protector-all -O1 -c hello.c -o "$T/hello.arm64.o"
$LD -arch arm64 -platform_version ios 12.0 15.0 -e _main -pie -rpath @executable_path/Frameworks \
  -rpath @loader_path/lib -adhoc_codesign -o "$T/hello.arm64" "$T/hello.arm64.o" libSystem.tbd -weak_library "$T/Foo"
# x86_64 (simulator-like) non-PIE executable without signature, then a fat binary of both.
$CC -target x86_64-apple-ios12.0 -O1 -c hello.c -o "$T/hello.x86_64.o"
$LD -arch x86_64 -platform_version ios 12.0 15.0 -e _main -no_pie -o "$T/hello.x86_64" "$T/hello.x86_64.o" libSystem.tbd
llvm-lipo-14 -create "$T/hello.arm64" "$T/hello.x86_64" -output "$T/hello.fat"
for f in Foo hello.arm64 hello.x86_64 hello.fat; do gzip -9n < "$T/$f" > "$f.gz"; done
ls -l *.gz
# A detached CMS signature (the kind codesign stores in the 0xfade0b01 blob) from a throw-away self-signed
# certificate; the tests wrap it in a superblob built from known parts.
openssl req -x509 -newkey rsa:1024 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
  -subj "/CN=dfslab test signer/OU=TEAMID1234/O=dfslab" -days 3650 2>/dev/null
printf 'dfslab code directory stand-in' > "$T/cd.bin"
openssl cms -sign -binary -noattr -in "$T/cd.bin" -signer "$T/cert.pem" -inkey "$T/key.pem" -outform DER -out cms-detached.der
