#include "CAudioShim.h"

#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DMUS_ALSA_ERROR_CAP 1024

static _Thread_local char last_error[DMUS_ALSA_ERROR_CAP];
static _Thread_local unsigned error_count;
static int current_mode = DMUS_ALSA_ERRORS_DEFAULT;

static void capture_handler(const char *file, int line, const char *function, int err,
                            const char *fmt, ...) {
    /* Keep the file's base name only: the build path of alsa-lib is noise. */
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : (file ? file : "?");

    size_t cap = sizeof last_error;
    int n = snprintf(last_error, cap, "%s:%d:(%s) ", base, line, function ? function : "?");
    if (n < 0) { last_error[0] = 0; return; }
    if ((size_t)n < cap) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(last_error + n, cap - (size_t)n, fmt, ap);
        va_end(ap);
        if (m > 0) n += m;
    }
    if (err != 0 && (size_t)n < cap) {
        snprintf(last_error + n, cap - (size_t)n, ": %s", snd_strerror(err));
    }
    error_count++;

    if (__atomic_load_n(&current_mode, __ATOMIC_RELAXED) == DMUS_ALSA_ERRORS_CAPTURE_AND_PRINT) {
        fprintf(stderr, "ALSA lib %s\n", last_error);
    }
}

int dmus_alsa_capture_errors(int mode) {
    int previous = __atomic_exchange_n(&current_mode, mode, __ATOMIC_ACQ_REL);
    last_error[0] = 0;
    error_count = 0;
    snd_lib_error_set_handler(mode == DMUS_ALSA_ERRORS_DEFAULT ? NULL : capture_handler);
    return previous;
}

int dmus_alsa_capture_mode(void) { return __atomic_load_n(&current_mode, __ATOMIC_RELAXED); }

const char *dmus_alsa_last_error(void) { return last_error; }

void dmus_alsa_clear_last_error(void) {
    last_error[0] = 0;
    error_count = 0;
}

unsigned dmus_alsa_error_count(void) { return error_count; }
