#ifndef DMUS_CRESOURCES_H
#define DMUS_CRESOURCES_H
#include <stddef.h>

/// The default DLS collection embedded in the binary (Resources/default.dls).
const unsigned char *dmus_default_collection(size_t *size);
/// The demo song embedded in the binary (Resources/demo.mid).
const unsigned char *dmus_demo_song(size_t *size);

#endif
