/* CAudioShim: the bits of alsa-lib that Swift cannot call directly.
 *
 * alsa-lib reports details of a failure (for example "Unknown PCM foo") through a C *variadic*
 * error-handler callback, which Swift can neither define nor pass. This shim installs a handler
 * that formats each message into a per-thread buffer instead of printing it to stderr, and
 * lets Swift read that buffer back. The buffer is thread-local, so two threads opening PCMs at
 * the same time each see their own message. Formatting uses vsnprintf into a fixed buffer:
 * no heap allocation. */
#ifndef DMUS_CAUDIOSHIM_H
#define DMUS_CAUDIOSHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Capture modes for dmus_alsa_capture_errors. */
enum {
    DMUS_ALSA_ERRORS_DEFAULT = 0, /* alsa-lib's own handler: print to stderr, capture nothing */
    DMUS_ALSA_ERRORS_CAPTURE = 1, /* capture the last message per thread, print nothing      */
    DMUS_ALSA_ERRORS_CAPTURE_AND_PRINT = 2 /* capture, and also print to stderr as alsa-lib does */
};

/* Installs (or, with DMUS_ALSA_ERRORS_DEFAULT, removes) the capturing handler. Process-wide
 * (snd_lib_error_set_handler). Returns the previous mode. */
int dmus_alsa_capture_errors(int mode);

/* The mode currently in force. */
int dmus_alsa_capture_mode(void);

/* The last message alsa-lib reported on the calling thread since the last clear, as
 * "file:line:(function) message" (plus ": strerror" when alsa-lib passed an error code),
 * or "" when there was none. Valid until the next ALSA call on this thread. */
const char *dmus_alsa_last_error(void);

/* Forgets the calling thread's last message. */
void dmus_alsa_clear_last_error(void);

/* Number of messages captured on the calling thread since the last clear. */
unsigned dmus_alsa_error_count(void);

#ifdef __cplusplus
}
#endif

#endif
