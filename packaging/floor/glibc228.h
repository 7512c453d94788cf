/* Forced into every C file of the floor build's CPython (CFLAGS="-include glibc228.h").
 *
 * glibc 2.29 added new versions of these five maths functions (faster, same results to the last
 * bit for correctly rounded inputs; the old versions stay exported for old programs). A CPython
 * compiled on Debian 11 (glibc 2.31) would link against the new ones and refuse to start on UOS 20
 * (Debian 10, glibc 2.28). Binding the calls to the baseline x86-64 versions keeps libpython's
 * floor at 2.28; CPython's test_math, test_cmath and test_statistics pass with them
 * (packaging/build_floor.sh runs those tests). x86-64 only: aarch64's baseline is GLIBC_2.17.
 */
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
#endif
