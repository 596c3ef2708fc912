// A malloc counter for tests: it defines the allocator entry points and forwards them to
// glibc's exported __libc_* functions, counting per thread. Linked statically into the test
// executable, its symbols take over the whole process (libswiftCore's swift_slowAlloc too).
// Compiled out under sanitizers, which interpose malloc themselves.
#include "CMallocCounter.h"
#include <stddef.h>

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#    define DMUS_MC_DISABLED 1
#  endif
#endif

#ifndef DMUS_MC_DISABLED
#include <errno.h>
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread uint64_t allocations __attribute__((tls_model("initial-exec")));
static __thread uint64_t frees __attribute__((tls_model("initial-exec")));

void *malloc(size_t n) { allocations++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { allocations++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { allocations++; return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { allocations++; return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { allocations++; return __libc_memalign(a, n); }
void *valloc(size_t n) { allocations++; return __libc_memalign(4096, n); }
void *pvalloc(size_t n) { allocations++; return __libc_memalign(4096, (n + 4095) & ~(size_t)4095); }
int posix_memalign(void **out, size_t a, size_t n) {
    allocations++;
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
void free(void *p) { if (p) frees++; __libc_free(p); }

uint64_t mc_thread_allocations(void) { return allocations; }
uint64_t mc_thread_frees(void) { return frees; }
int mc_is_active(void) { return 1; }
#else
uint64_t mc_thread_allocations(void) { return 0; }
uint64_t mc_thread_frees(void) { return 0; }
int mc_is_active(void) { return 0; }
#endif
