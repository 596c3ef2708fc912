/* libasound (alsa-lib) for Swift. Flags come from pkg-config "alsa" (Package.swift);
 * the module map's link line links -lasound even without pkg-config output.
 * What Swift cannot import from here (the variadic error handler, the *_alloca macros)
 * lives in the CAudioShim target. */
#ifndef DMUS_CALSA_H
#define DMUS_CALSA_H
#include <alsa/asoundlib.h>
#endif
