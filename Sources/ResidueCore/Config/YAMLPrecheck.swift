/// Checks made on YAML bytes before Yams sees them. Yams (6.2) stops the process, rather than
/// throwing, on a mapping key that is itself a mapping or sequence (`{{}}`, `? {}`, and every Helm
/// or Jinja placeholder such as `image: {{ .Values.image }}`), found by fuzzing. Such keys never
/// occur in the files Residue reads (templates, `.residue.yaml`, rule packs), so they are refused
/// with a line number instead.
enum YAMLPrecheck {
    static let refusal = "a mapping key that is itself a mapping or sequence (such as a {{ }} placeholder) is not supported"

    /// The 1-based line of the first collection used as a mapping key, if any. Quoted text and
    /// comments are skipped; flow collections are tracked so `[{a: 1}]` passes and `{{a: 1}: 2}`
    /// does not.
    static func collectionKeyLine(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var index = 0
        var flow: [UInt8] = []  // open brackets: `{` or `[`
        var expectingKey = false  // just after `{` or `,` inside a flow mapping
        var atLineStart = true
        // The last byte that was not a space on this line: a `{` after `key: ` opens a flow
        // mapping, one inside a plain scalar (`${AWS::Region}`) does not.
        var previous: UInt8?
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                atLineStart = true
                previous = nil
                index += 1
                continue
            case 0x20, 0x09, 0x0D:
                index += 1
                continue
            case UInt8(ascii: "#") where index == 0 || [0x20, 0x09, 0x0A].contains(bytes[index - 1]):
                while index < count && bytes[index] != 0x0A { index += 1 }
                continue
            default:
                break
            }
            if atLineStart && flow.isEmpty {
                atLineStart = false
                var start = index
                // Block sequence entries: `- `, `- - `.
                while start + 1 < count && bytes[start] == UInt8(ascii: "-") && (bytes[start + 1] == 0x20) {
                    start += 2
                    while start < count && bytes[start] == 0x20 { start += 1 }
                }
                if start + 1 < count && bytes[start] == UInt8(ascii: "?") && [0x20, 0x0A, 0x09].contains(bytes[start + 1]) {
                    return line
                }
                if start < count && (bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[")),
                    let close = matchingClose(bytes, from: start), close + 1 < count, bytes[close + 1] == UInt8(ascii: ":")
                {
                    return line
                }
            }
            atLineStart = false
            defer { previous = byte }
            let opensValue = !flow.isEmpty || previous == nil
                || [UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ",")].contains(previous ?? 0)
            switch byte {
            case UInt8(ascii: "\"") where opensValue, UInt8(ascii: "'") where opensValue:
                index = skipQuoted(bytes, from: index, counting: &line)
                expectingKey = false
                continue
            case UInt8(ascii: "{") where opensValue, UInt8(ascii: "[") where opensValue:
                if expectingKey { return line }
                flow.append(byte)
                expectingKey = byte == UInt8(ascii: "{")
            case UInt8(ascii: "}") where !flow.isEmpty, UInt8(ascii: "]") where !flow.isEmpty:
                flow.removeLast()
                expectingKey = false
            case UInt8(ascii: ",") where !flow.isEmpty:
                expectingKey = flow.last == UInt8(ascii: "{")
            case UInt8(ascii: "?") where flow.last == UInt8(ascii: "{"):
                // An explicit key in a flow mapping: what follows is the key.
                break
            default:
                expectingKey = false
            }
            index += 1
        }
        return nil
    }

    /// The index after a quoted scalar starting at `start` (YAML `''` and `\"` escapes).
    private static func skipQuoted(_ bytes: [UInt8], from start: Int, counting line: inout Int) -> Int {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if quote == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == quote {
                if quote == UInt8(ascii: "'") && index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return index
    }

    /// The index of the bracket closing the one at `start` on the same line, if any.
    private static func matchingClose(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.count && bytes[index] != 0x0A {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }
}
