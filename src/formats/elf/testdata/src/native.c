/*
 * Source of the ELF test fixtures (see ../build.sh). One small "JNI" library that copies caller input
 * into a stack buffer, so that each hardening flag leaves its mark: -fstack-protector-strong adds
 * __stack_chk_fail, -D_FORTIFY_SOURCE=2 turns strcpy/sprintf into __strcpy_chk/__sprintf_chk while memcpy
 * to a destination of unknown size stays plain memcpy (an unfortified import).
 *
 * Cross builds (aarch64, i386) have no libc headers or libc to link against, so they declare the
 * prototypes themselves and link with -nostdlib: the imports stay undefined dynamic symbols, exactly as
 * a library linked against bionic would have them.
 */
#ifdef DFSLAB_NO_LIBC
typedef __SIZE_TYPE__ size_t;
char *strcpy(char *dst, const char *src);
void *memcpy(void *dst, const void *src, size_t n);
int sprintf(char *dst, const char *fmt, ...);
size_t strlen(const char *s);
#else
#include <stdio.h>
#include <string.h>
#endif

/* Writable data and read-only data that readRodataStrings must find. */
char dfslab_fixture_token[] = "dfslab-fixture-data-token-5f3a9c";
static const char dfslab_fixture_banner[] = "dfslab fixture rodata banner %s:%u";

int Java_org_dfslab_fixture_Native_copy(char *out, const char *in, unsigned n) {
  char buf[64];
  strcpy(buf, in);
  memcpy(out, buf, n);
  sprintf(out + n, dfslab_fixture_banner, dfslab_fixture_token, n);
  return (int)strlen(buf);
}

int JNI_OnLoad(void *vm, void *reserved) {
  (void)vm;
  (void)reserved;
  return 0x00010006; /* JNI_VERSION_1_6 */
}
