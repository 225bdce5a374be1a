#!/usr/bin/env python3
"""Test-fixture helper: adds an APK Signature Scheme v2 block (one signer, RSA PKCS#1 v1.5 + SHA-256,
algorithm 0x0103) to an APK without touching anything else, so an existing (possibly broken) JAR
signature survives. Format: source.android.com "APK Signature Scheme v2". Signing uses openssl.
usage: sign_v2.py in.apk out.apk key.pem cert.der
"""
import hashlib
import struct
import subprocess
import sys

src, dst, key, cert_path = sys.argv[1:5]
apk = open(src, 'rb').read()
eocd = apk.rfind(b'PK\x05\x06')
cd_size, cd_off = struct.unpack('<II', apk[eocd + 12:eocd + 20])
before, cd, eocd_bytes = apk[:cd_off], apk[cd_off:eocd], bytearray(apk[eocd:])
assert cd_off + cd_size == eocd, 'central directory must end at the EOCD'

MIB = 1 << 20
chunks = [part[i:i + MIB] for part in (before, cd, bytes(eocd_bytes)) for i in range(0, len(part), MIB)]
top = b'\x5a' + struct.pack('<I', len(chunks)) + b''.join(
    hashlib.sha256(b'\xa5' + struct.pack('<I', len(c)) + c).digest() for c in chunks)
digest = hashlib.sha256(top).digest()


def lp(b):
    return struct.pack('<I', len(b)) + b


ALG = 0x0103
cert = open(cert_path, 'rb').read()
signed = lp(lp(struct.pack('<I', ALG) + lp(digest))) + lp(lp(cert)) + lp(b'')
signature = subprocess.run(['openssl', 'dgst', '-sha256', '-sign', key], input=signed, capture_output=True, check=True).stdout
pem = subprocess.run(['openssl', 'x509', '-inform', 'DER', '-in', cert_path, '-pubkey', '-noout'], capture_output=True, check=True).stdout
spki = subprocess.run(['openssl', 'pkey', '-pubin', '-outform', 'DER'], input=pem, capture_output=True, check=True).stdout
signer = lp(signed) + lp(lp(struct.pack('<I', ALG) + lp(signature))) + lp(spki)
value = lp(lp(signer))
pair = struct.pack('<QI', 4 + len(value), 0x7109871a) + value
size = len(pair) + 8 + 16
block = struct.pack('<Q', size) + pair + struct.pack('<Q', size) + b'APK Sig Block 42'
eocd_bytes[16:20] = struct.pack('<I', cd_off + len(block))
open(dst, 'wb').write(before + block + cd + bytes(eocd_bytes))
