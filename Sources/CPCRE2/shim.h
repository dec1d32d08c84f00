#ifndef RESIDUE_CPCRE2_SHIM_H
#define RESIDUE_CPCRE2_SHIM_H
// Swift imports only the 8-bit code-unit API; the macro must come before the include.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
