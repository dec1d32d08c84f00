#include <zlib.h>

// zlib's inflateInit2 is a macro Swift cannot call; this passes the version and size it needs.
static inline int residue_inflate_init_gzip(z_stream *stream) {
    // 15 window bits + 32: detect gzip or zlib headers automatically.
    return inflateInit2_(stream, 15 + 32, ZLIB_VERSION, (int)sizeof(z_stream));
}
