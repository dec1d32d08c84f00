import Foundation

/// Finding a byte string in a buffer: `memchr` for its first byte, `memcmp` for the rest.
enum ByteSearch {
    static func firstIndex(of needle: [UInt8], in buffer: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first, let base = buffer.baseAddress, needle.count <= buffer.count else { return nil }
        let last = buffer.count - needle.count
        var offset = 0
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, needle, needle.count) == 0 { return position }
            offset = position + 1
        }
        return nil
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstIndex(of: needle, in: $0) }
    }
}
