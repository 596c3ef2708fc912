/* libsndfile for Swift. Flags come from pkg-config "sndfile" (Package.swift).
 * Note: SF_FORMAT_*, SFM_* and SFC_* come from anonymous C enums and import as Int;
 * write them as Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16). */
#ifndef DMUS_CSNDFILE_H
#define DMUS_CSNDFILE_H
#include <sndfile.h>
#endif
