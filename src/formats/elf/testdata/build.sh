#!/bin/sh
# Rebuilds the ELF fixtures of src/formats/elf from src/*.c with the machine's toolchains.
# Each output name says how it was built; elf.fixtures.test.ts checks the properties those flags imply.
#   x86-64 : gcc (Debian 12), linked against glibc
#   i386   : gcc -m32 -nostdlib (no 32-bit libc needed)
#   aarch64: aarch64-linux-gnu-gcc -nostdlib, little and big endian, LP64 and ILP32 (optional)
# Debug info is never generated (-g0) and build ids are off, so the files stay small and stable.
set -eu
cd "$(dirname "$0")"
out=.
src=src/native.c
common="-shared -fPIC -O2 -g0 -fno-asynchronous-unwind-tables -Wl,--build-id=none -Wl,-soname,libdfslab.so -Wl,-z,noseparate-code"
soft="-fno-stack-protector -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0"

x86() { name=$1; shift; gcc $common "$@" -o "$out/$name" $src; }

# No hardening at all: no canary, no FORTIFY, no RELRO, lazy binding, SysV hash only, DT_RPATH.
x86 x86_64-plain.so $soft -Wl,-z,norelro,-z,lazy,-z,noexecstack -Wl,--hash-style=sysv \
  -Wl,--disable-new-dtags,-rpath,/data/local/tmp/dfslab
x86 x86_64-canary.so -fstack-protector-strong -U_FORTIFY_SOURCE -Wl,-z,norelro,-z,lazy
x86 x86_64-execstack.so $soft -Wl,-z,execstack,-z,norelro,-z,lazy
x86 x86_64-relro-partial.so $soft -Wl,-z,relro,-z,lazy
# Full RELRO, GNU hash only, DT_RUNPATH.
x86 x86_64-relro-full.so $soft -Wl,-z,relro,-z,now -Wl,--hash-style=gnu \
  -Wl,--enable-new-dtags,-rpath,/data/local/tmp/dfslab
x86 x86_64-fortify.so -fno-stack-protector -D_FORTIFY_SOURCE=2 -Wl,-z,norelro,-z,lazy
# Everything on, then no .symtab (-s).
x86 x86_64-hardened-stripped.so -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wl,-z,relro,-z,now,-z,noexecstack -s
# Text relocation: a pointer in .text (textrel.S) needs a dynamic relocation against the code.
gcc $common $soft -Wl,-z,notext,-z,norelro -o "$out/x86_64-textrel.so" $src src/textrel.S

if gcc -m32 -E -x c /dev/null >/dev/null 2>&1; then
  gcc -m32 $common $soft -DDFSLAB_NO_LIBC -nostdlib -Wl,-z,relro,-z,lazy -Wl,--hash-style=both \
    -o "$out/i386-plain.so" $src
fi

if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
  a64() { name=$1; shift; aarch64-linux-gnu-gcc $common -DDFSLAB_NO_LIBC -nostdlib \
    -Wl,-z,max-page-size=4096,-z,common-page-size=4096 "$@" -o "$out/$name" $src; }
  a64 aarch64-hardened.so -fstack-protector-strong -Wl,-z,relro,-z,now,-z,noexecstack -Wl,--hash-style=gnu
  a64 aarch64-execstack.so -fno-stack-protector -Wl,-z,execstack,-z,relro,-z,lazy -Wl,--hash-style=sysv
  a64 aarch64be-hardened.so -mbig-endian -fstack-protector-strong -Wl,-z,relro,-z,now -Wl,--hash-style=both
  a64 aarch64be-ilp32.so -mbig-endian -mabi=ilp32 -fno-stack-protector -Wl,-z,norelro,-z,lazy -Wl,--hash-style=sysv
fi
ls -l "$out"/*.so
