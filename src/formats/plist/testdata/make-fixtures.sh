#!/bin/sh
# Rebuilds the plist fixtures from the hand-written source all-types.xml with libplist's plistutil:
# XML -> binary (all-types.bplist) -> XML again (all-types.roundtrip.xml). Run from anywhere.
set -eu
cd "$(dirname "$0")"
plistutil -i all-types.xml -o all-types.bplist -f bin
plistutil -i all-types.bplist -o all-types.roundtrip.xml -f xml
