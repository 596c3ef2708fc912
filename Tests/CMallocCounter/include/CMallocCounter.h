#ifndef DMUS_MALLOC_COUNTER_H
#define DMUS_MALLOC_COUNTER_H
#include <stdint.h>

/// Heap allocations (malloc, calloc, realloc, memalign, …) made by the calling thread since
/// the process started. Frees are not counted: the render path must do neither.
uint64_t mc_thread_allocations(void);
/// Frees made by the calling thread.
uint64_t mc_thread_frees(void);
/// 1 when the counter is live (0 under a sanitizer that interposes malloc itself).
int mc_is_active(void);

#endif
