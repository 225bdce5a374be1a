/* A tiny dylib linked by the fixture executables as @rpath/Foo.framework/Foo. */
int foo_value(void) { return 42; }
