#ifndef RESIDUE_CMAGIC_SHIM_H
#define RESIDUE_CMAGIC_SHIM_H
#include <magic.h>
#endif
