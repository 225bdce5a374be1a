#!/bin/sh
# Rebuilds the DEX fixtures of src/formats/dex from their smali sources (Debian package `smali`, 2.5.2).
# Run from anywhere: sh src/formats/dex/testdata/build-fixtures.sh
# The outputs are committed so that tests need no tools; rebuild after editing a .smali file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
smali() {
  java -cp /usr/share/java/smali.jar:/usr/share/java/smali-util.jar org.jf.smali.Main a "$@"
}
# api 26 = DEX 038 (the version of most current apps); the opcode fixture needs api 28 (DEX 039) for
# const-method-handle / const-method-type.
smali --api 26 -o "$here/calls.dex" "$here/smali/calls"
smali --api 26 -o "$here/multidex-a.dex" "$here/smali/multidex-a"
smali --api 26 -o "$here/multidex-b.dex" "$here/smali/multidex-b"
smali --api 28 -o "$here/opcodes.dex" "$here/smali/opcodes"
ls -l "$here"/*.dex
