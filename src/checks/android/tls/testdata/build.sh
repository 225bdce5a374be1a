#!/usr/bin/env bash
# Rebuilds the tls checks' edge-case test apps from tls-edge/: tls-edge.apk (not debuggable) and
# tls-edge-debuggable.apk (same code, android:debuggable="true"), with ../../crypto/testdata/build-apk.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../../crypto/testdata/build-apk.sh"
bash "$build" "$here/tls-edge" "$here/tls-edge.apk"
bash "$build" "$here/tls-edge" "$here/tls-edge-debuggable.apk" "$here/tls-edge/AndroidManifest-debuggable.xml"
