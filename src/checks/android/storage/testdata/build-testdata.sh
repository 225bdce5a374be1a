#!/bin/sh
# Rebuilds the DEX test input of src/checks/android/storage (value-flow-support.test.ts) from its smali
# source (Debian package `smali`). Run from anywhere: sh src/checks/android/storage/testdata/build-testdata.sh
# The output is committed so that the tests need no tools; rebuild after editing a .smali file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
java -cp /usr/share/java/smali.jar:/usr/share/java/smali-util.jar org.jf.smali.Main a --api 26 -o "$here/flow-cases.dex" "$here/smali/flow"
ls -l "$here/flow-cases.dex"
