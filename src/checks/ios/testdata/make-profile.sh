#!/bin/sh
# Builds app-store-2099.mobileprovision: an App Store distribution profile (no device list, get-task-allow
# false) that expires in 2099, the "nothing to report" case of the provisioning checks (the profiles under
# src/formats/mobileprovision/testdata all expired in 2025). Signed as CMS SignedData with embedded content
# by a throwaway self-signed key. Requires openssl. Run from this folder: sh make-profile.sh
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:1024 -nodes -days 3650 -subj "/CN=dfslab check fixture/O=dfslab fixtures/C=ZZ" \
  -keyout "$tmp/k.pem" -out "$tmp/c.pem" 2>/dev/null
cat > "$tmp/p.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>AppIDName</key><string>dfslab check fixture</string>
	<key>CreationDate</key><date>2024-01-02T03:04:05Z</date>
	<key>Entitlements</key>
	<dict>
		<key>application-identifier</key><string>ABCDE12345.org.example.bank</string>
		<key>get-task-allow</key><false/>
	</dict>
	<key>ExpirationDate</key><date>2099-01-02T03:04:05Z</date>
	<key>Name</key><string>dfslab app-store 2099 profile</string>
	<key>TeamIdentifier</key><array><string>ABCDE12345</string></array>
	<key>UUID</key><string>00000000-0000-4000-8000-000000000099</string>
	<key>Version</key><integer>1</integer>
</dict>
</plist>
PLIST
openssl cms -sign -nodetach -binary -outform DER -in "$tmp/p.plist" -signer "$tmp/c.pem" -inkey "$tmp/k.pem" \
  -md sha256 -out app-store-2099.mobileprovision
