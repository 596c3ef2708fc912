// Links Resources/ into the binary with the assembler's .incbin, so `dmus` needs no files
// beside it. DMUS_RESOURCES_DIR comes from Package.swift (the package's own Resources/).
// After regenerating Resources/, touch this file (the Makefile's `resources` target does).
#include "CResources.h"

#define DMUS_STR2(x) #x
#define DMUS_INCBIN(name, file)                                         \
    __asm__(".section .rodata\n"                                        \
            ".balign 16\n"                                              \
            ".global " #name "_start\n"                                 \
            #name "_start:\n"                                           \
            ".incbin \"" DMUS_RESOURCES_DIR "/" file "\"\n"             \
            ".global " #name "_end\n"                                   \
            #name "_end:\n"                                             \
            ".byte 0\n"                                                 \
            ".previous\n");                                             \
    extern const unsigned char name##_start[];                          \
    extern const unsigned char name##_end[];

DMUS_INCBIN(dmus_res_default_dls, "default.dls")
DMUS_INCBIN(dmus_res_demo_mid, "demo.mid")

const unsigned char *dmus_default_collection(size_t *size) {
    *size = (size_t)(dmus_res_default_dls_end - dmus_res_default_dls_start);
    return dmus_res_default_dls_start;
}

const unsigned char *dmus_demo_song(size_t *size) {
    *size = (size_t)(dmus_res_demo_mid_end - dmus_res_demo_mid_start);
    return dmus_res_demo_mid_start;
}
