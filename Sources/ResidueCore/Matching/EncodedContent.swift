import Foundation

/// How a value was hidden in the file.
public enum ContentEncoding: String, Sendable, Codable {
    case base64
    case percent
}

/// Finds base64 and percent-encoded strings that decode to text, so that a Kubernetes `Secret`
/// `data:` value, a base64 `.env` or an encoded connection string is matched like plain text.
///
/// The search runs over every byte of a text file, so it is built to be cheap where there is
/// nothing to find: a base64 run must be at least `minimumBase64Run` bytes, and the scan probes one
/// byte per stride (a byte outside the alphabet rules out every run through it); a run is decoded
/// only when its first 12 bytes decode to printable text (integrity hashes, images and key bodies
/// fail there), and in full only up to `maximumRun` bytes. Percent-encoding is looked for only
/// where `%XX` occurs (memchr).
enum EncodedContent {
    /// Shorter base64 (≤ 11 decoded bytes) holds no secret worth a finding.
    static let minimumBase64Run = 16
    /// Longer runs are images, archives or key material, not encoded configuration.
    static let maximumRun = 64 << 10
    /// Percent-encoded tokens need this many escapes (`%3D`, `%40`) to be worth decoding.
    static let minimumEscapes = 2

    /// A decoded string: where its encoded form lies in the buffer, and its text.
    struct Span {
        var range: Range<Int>
        var encoding: ContentEncoding
        var decoded: [UInt8]
    }

    /// 1 for the base64 alphabet (standard, without padding), else 0.
    private static let base64Class: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            1
        default: 0
        }
    }

    /// The 6-bit value of a base64 character, 255 for anything else.
    private static let base64Value: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(byte) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(byte) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: 255
        }
    }

    /// Encoded strings that start in `searchRange` of `buffer` and decode to text.
    static func spans(in buffer: UnsafeRawBufferPointer, searchRange: Range<Int>) -> [Span] {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !searchRange.isEmpty else { return [] }
        var spans: [Span] = []
        base64Spans(base, count: buffer.count, searchRange: searchRange, into: &spans)
        percentSpans(base, count: buffer.count, searchRange: searchRange, into: &spans)
        return spans
    }

    // MARK: Base64

    private static func base64Spans(_ base: UnsafePointer<UInt8>, count: Int, searchRange: Range<Int>, into spans: inout [Span]) {
        base64Class.withUnsafeBufferPointer { isBase64 in
            var start = searchRange.lowerBound
            // A run that began before the search range belongs to whoever searched there.
            if start > 0 && isBase64[Int(base[start - 1])] == 1 {
                while start < count && isBase64[Int(base[start])] == 1 { start += 1 }
            }
            let stride = minimumBase64Run
            while start + stride <= count && start < searchRange.upperBound {
                let probe = start + stride - 1
                if isBase64[Int(base[probe])] == 0 {
                    start = probe + 1
                    continue
                }
                // The run must also cover start..<probe: look back for a byte that breaks it.
                var back = probe - 1
                while back >= start && isBase64[Int(base[back])] == 1 { back -= 1 }
                if back >= start {
                    start = back + 1
                    continue
                }
                var end = probe + 1
                while end < count && isBase64[Int(base[end])] == 1 && end - start <= maximumRun { end += 1 }
                if end - start > maximumRun {
                    // Too long to be configuration: skip to its end without decoding.
                    while end < count && isBase64[Int(base[end])] == 1 { end += 1 }
                    start = end
                    continue
                }
                var padded = end
                while padded < count && padded - end < 2 && base[padded] == UInt8(ascii: "=") { padded += 1 }
                if !isIntegrityHash(base, start), let decoded = decodeBase64Text(base, start..<end, padding: padded - end) {
                    spans.append(Span(range: start..<padded, encoding: .base64, decoded: decoded))
                }
                start = padded
            }
        }
    }

    /// `sha512-…`, `sha256-…`: subresource-integrity hashes in lock files are never text.
    private static func isIntegrityHash(_ base: UnsafePointer<UInt8>, _ start: Int) -> Bool {
        guard start >= 5, base[start - 1] == UInt8(ascii: "-") else { return false }
        var index = start - 2
        while index > 0 && base[index] >= UInt8(ascii: "0") && base[index] <= UInt8(ascii: "9") { index -= 1 }
        return index >= 2 && base[index] == UInt8(ascii: "a") && base[index - 1] == UInt8(ascii: "h") && base[index - 2] == UInt8(ascii: "s")
    }

    /// The decoded bytes when they are text (printable ASCII, tabs and newlines, UTF-8), else nil.
    private static func decodeBase64Text(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, padding: Int) -> [UInt8]? {
        let length = range.count
        // Valid lengths: a multiple of 4 when padded; 2 or 3 spare characters when not.
        if padding > 0 ? (length + padding) % 4 != 0 : length % 4 == 1 { return nil }
        // Cheap gate: the first 16 characters decode to 12 bytes that must already look like text.
        guard decodeQuads(base, range.lowerBound, quads: 4).map(isTextPrefix) ?? false else { return nil }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(length * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in range {
            accumulator = accumulator << 6 | UInt32(base64Value[Int(base[index])])
            bits += 6
            if bits >= 8 {
                bits -= 8
                decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        var printable = 0
        for byte in decoded where isTextByte(byte) { printable += 1 }
        // Text, with room for a few UTF-8 letters: binary data fails by a wide margin.
        return printable * 10 >= decoded.count * 9 ? decoded : nil
    }

    private static func decodeQuads(_ base: UnsafePointer<UInt8>, _ start: Int, quads: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(quads * 3)
        for quad in 0..<quads {
            var value: UInt32 = 0
            for offset in 0..<4 {
                let digit = base64Value[Int(base[start + quad * 4 + offset])]
                if digit == 255 { return nil }
                value = value << 6 | UInt32(digit)
            }
            bytes.append(UInt8(truncatingIfNeeded: value >> 16))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            bytes.append(UInt8(truncatingIfNeeded: value))
        }
        return bytes
    }

    private static func isTextPrefix(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy(isTextByte)
    }

    private static func isTextByte(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: Percent-encoding

    private static func percentSpans(_ base: UnsafePointer<UInt8>, count: Int, searchRange: Range<Int>, into spans: inout [Span]) {
        var cursor = searchRange.lowerBound
        while cursor < searchRange.upperBound,
            let found = memchr(base + cursor, Int32(UInt8(ascii: "%")), searchRange.upperBound - cursor)
        {
            let percent = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            guard percent + 2 < count, hexValue(base[percent + 1]) != nil, hexValue(base[percent + 2]) != nil else {
                cursor = percent + 1
                continue
            }
            // The token around the escape: up to whitespace, quotes or brackets.
            var start = percent
            while start > 0 && percent - start < 4096 && isTokenByte(base[start - 1]) { start -= 1 }
            var end = percent
            while end < count && end - start < maximumRun && isTokenByte(base[end]) { end += 1 }
            cursor = end
            guard start >= searchRange.lowerBound, end - start >= minimumBase64Run else { continue }
            if let decoded = percentDecode(base, start..<end) {
                spans.append(Span(range: start..<end, encoding: .percent, decoded: decoded))
            }
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "`")
            && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The decoded token when it has enough escapes and decodes to text, else nil.
    private static func percentDecode(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        var escapes = 0
        var index = range.lowerBound
        while index < range.upperBound {
            if base[index] == UInt8(ascii: "%"), index + 2 < range.upperBound,
                let high = hexValue(base[index + 1]), let low = hexValue(base[index + 2])
            {
                let byte = high << 4 | low
                guard isTextByte(byte) || byte >= 0x80 else { return nil }
                decoded.append(byte)
                escapes += 1
                index += 3
            } else {
                decoded.append(base[index])
                index += 1
            }
        }
        return escapes >= minimumEscapes ? decoded : nil
    }
}
