/* Tiny program for Mach-O fixtures: imports a few libc symbols the checks look for. */
extern char *strcpy(char *, const char *);
extern unsigned long strlen(const char *);
extern int ptrace(int, int, void *, int);
extern int printf(const char *, ...);
int exported_counter = 3;
int helper_add(int a, int b) { return a + b; }
int main(int argc, char **argv) {
  char buf[32];
  strcpy(buf, argv[0]);
  ptrace(31, 0, 0, 0);
  printf("dfslab fixture says hello %s\n", buf);
  return helper_add(argc, (int)strlen(buf));
}
