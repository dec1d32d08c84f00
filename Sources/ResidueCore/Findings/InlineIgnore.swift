/// `residue:ignore` comments, the way gitleaks has `gitleaks:allow`:
///
///     token = "…"  # residue:ignore                  every rule on this line
///     token = "…"  # residue:ignore github-pat-classic,generic-token
///     # residue:ignore-next-line
///     token = "…"
enum InlineIgnore {
    static let marker = Array("residue:ignore".utf8)
    static let nextLineSuffix = Array("-next-line".utf8)

    static func suppresses(ruleID: String, line: [UInt8], previousLine: [UInt8]) -> Bool {
        if let rules = directive(in: line, nextLine: false), rules.isEmpty || rules.contains(ruleID) { return true }
        if let rules = directive(in: previousLine, nextLine: true), rules.isEmpty || rules.contains(ruleID) { return true }
        return false
    }

    /// The rule ids a directive names (empty: all rules), or nil when the line has none.
    private static func directive(in line: [UInt8], nextLine: Bool) -> Set<String>? {
        guard line.count >= marker.count else { return nil }
        var index = 0
        while index + marker.count <= line.count {
            if line[index] == marker[0] && line[index..<(index + marker.count)].elementsEqual(marker) {
                var cursor = index + marker.count
                let isNextLine = cursor + nextLineSuffix.count <= line.count
                    && line[cursor..<(cursor + nextLineSuffix.count)].elementsEqual(nextLineSuffix)
                if isNextLine { cursor += nextLineSuffix.count }
                if isNextLine == nextLine {
                    return ruleList(line[cursor...])
                }
                index = cursor
                continue
            }
            index += 1
        }
        return nil
    }

    /// `[ ]id,id …` up to the end of the comment; ids are lowercase, digits and dashes.
    private static func ruleList(_ rest: ArraySlice<UInt8>) -> Set<String> {
        var ids: Set<String> = []
        var current: [UInt8] = []
        var started = false
        for byte in rest {
            let isIDByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
            if isIDByte {
                current.append(byte)
                started = true
            } else if byte == UInt8(ascii: ",") || (byte == UInt8(ascii: " ") && !started) {
                if !current.isEmpty { ids.insert(String(decoding: current, as: UTF8.self)) }
                current = []
                if byte == UInt8(ascii: ",") { started = false }
            } else {
                break
            }
        }
        if !current.isEmpty { ids.insert(String(decoding: current, as: UTF8.self)) }
        return ids
    }
}
