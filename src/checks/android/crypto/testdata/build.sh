#!/usr/bin/env bash
# Rebuilds the crypto checks' edge-case test app: crypto-edge/ -> crypto-edge.apk.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/build-apk.sh" "$here/crypto-edge" "$here/crypto-edge.apk"
