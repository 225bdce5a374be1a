#!/bin/sh
# Rebuilds the .mobileprovision fixtures: one XML plist per provisioning kind, signed as CMS SignedData
# with the content embedded (as Apple does), by a throwaway self-signed key that is discarded afterwards.
# The signer certificate is committed (signer.pem) and also listed as the profile's developer certificate.
# Requires openssl. Run from this folder: sh make-fixtures.sh
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The key is never committed, so rebuilding re-creates both key and certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=dfslab test iPhone Developer/O=dfslab fixtures/C=ZZ" \
  -keyout "$tmp/signer.key" -out signer.pem 2>/dev/null
cert_b64=$(openssl x509 -in signer.pem -outform DER | base64 -w0)

# write_profile <kind> <devices-xml> <all-devices-xml> <get-task-allow>
write_profile() {
  # sh functions have no locals: p_* names keep the callers' variables intact.
  kind=$1 p_devices=$2 p_all=$3 gta=$4
  cat > "$tmp/$kind.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AppIDName</key>
	<string>dfslab fixture $kind</string>
	<key>ApplicationIdentifierPrefix</key>
	<array>
		<string>ABCDE12345</string>
	</array>
	<key>CreationDate</key>
	<date>2024-01-02T03:04:05Z</date>
	<key>Platform</key>
	<array>
		<string>iOS</string>
		<string>xrOS</string>
	</array>
	<key>DeveloperCertificates</key>
	<array>
		<data>$cert_b64</data>
	</array>
	<key>Entitlements</key>
	<dict>
		<key>application-identifier</key>
		<string>ABCDE12345.org.example.$kind</string>
		<key>keychain-access-groups</key>
		<array>
			<string>ABCDE12345.*</string>
		</array>
		<key>get-task-allow</key>
		<$gta/>
		<key>com.apple.developer.team-identifier</key>
		<string>ABCDE12345</string>
		<key>com.apple.developer.associated-domains</key>
		<array>
			<string>applinks:example.org</string>
		</array>
	</dict>
	<key>ExpirationDate</key>
	<date>2025-01-02T03:04:05Z</date>
	<key>Name</key>
	<string>dfslab $kind profile</string>
$p_devices$p_all	<key>TeamIdentifier</key>
	<array>
		<string>ABCDE12345</string>
	</array>
	<key>TeamName</key>
	<string>dfslab Fixtures &amp; Co</string>
	<key>TimeToLive</key>
	<integer>366</integer>
	<key>UUID</key>
	<string>00000000-0000-4000-8000-00000000000$5</string>
	<key>Version</key>
	<integer>1</integer>
</dict>
</plist>
PLIST
  openssl cms -sign -nodetach -binary -outform DER -in "$tmp/$kind.plist" -signer signer.pem -inkey "$tmp/signer.key" \
    -md sha256 -out "$kind.mobileprovision"
}

devices='	<key>ProvisionedDevices</key>
	<array>
		<string>00008030-001A2B3C4D5E6F70</string>
		<string>0123456789abcdef0123456789abcdef01234567</string>
	</array>
'
all='	<key>ProvisionsAllDevices</key>
	<true/>
'
write_profile app-store '' '' false 1
write_profile ad-hoc "$devices" '' false 2
write_profile development "$devices" '' true 3
write_profile enterprise '' "$all" false 4

# Streamed BER (indefinite lengths, chunked OCTET STRING content): the other encoding a signer may emit.
openssl cms -sign -nodetach -binary -stream -outform DER -in "$tmp/development.plist" -signer signer.pem \
  -inkey "$tmp/signer.key" -md sha256 -out development-ber.mobileprovision
