/// Comments that silence findings, Residue's own and those of other scanners, so a repository that
/// already marked its fixtures for gitleaks or detect-secrets needs no second set of comments:
///
///     token = "…"  # residue:ignore                             every rule, this line
///     token = "…"  # residue:ignore generic-token, jwt -- test fixture
///     # residue:ignore generic-password -- rotated in 2024      a comment-only line: the next line
///     # residue:ignore-next-line                                the next line, whatever this one holds
///     token = "…"  # gitleaks:allow                             also: trufflehog:ignore, kingfisher:ignore,
///                                                                pragma: allowlist secret
///     # pragma: allowlist nextline secret                       the next line (detect-secrets)
///
/// Rule ids are lowercase words with digits and dashes, separated by commas or spaces; a reason
/// follows `--`. `nosec` is deliberately not honoured: it silences code-security linters, and a
/// line marked for them says nothing about secrets. Markers are matched ASCII case-insensitively.
enum InlineIgnore {
    /// Markers that apply to their own line (and, on a comment-only line, to the next).
    private static let sameLineMarkers = ["residue:ignore", "gitleaks:allow", "trufflehog:ignore", "kingfisher:ignore",
                                          "pragma: allowlist secret", "pragma:allowlist secret", "pragma: allowlist-secret"]
        .map { Array($0.utf8) }
    /// Markers that apply to the next line only.
    private static let nextLineMarkers = ["residue:ignore-next-line", "pragma: allowlist nextline secret",
                                          "pragma:allowlist nextline secret"]
        .map { Array($0.utf8) }
    private static let residueMarker = Array("residue:ignore".utf8)

    static func suppresses(ruleID: String, line: [UInt8], previousLine: [UInt8]) -> Bool {
        if let rules = directive(in: line, forNextLine: false), rules.isEmpty || rules.contains(ruleID) { return true }
        if let rules = directive(in: previousLine, forNextLine: true), rules.isEmpty || rules.contains(ruleID) { return true }
        return false
    }

    /// The rule ids a directive names (empty: all rules), or nil when the line has none that applies.
    private static func directive(in line: [UInt8], forNextLine: Bool) -> Set<String>? {
        guard line.count >= 12 else { return nil }
        let lowered = line.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if forNextLine {
            for marker in nextLineMarkers {
                if let end = endOfMarker(marker, in: lowered) { return ruleList(marker, line[end...]) }
            }
            // A bare marker alone on a comment line speaks about the line below it.
            guard isCommentOnly(lowered) else { return nil }
        }
        for marker in sameLineMarkers {
            var from = 0
            while let end = endOfMarker(marker, in: lowered, from: from) {
                // `residue:ignore-next-line` is not a same-line `residue:ignore`.
                if marker == residueMarker && lowered[end...].starts(with: Array("-next-line".utf8)) {
                    from = end
                    continue
                }
                return ruleList(marker, line[end...])
            }
        }
        return nil
    }

    /// Where `marker` ends in `line`, searching from `from`; nil when absent.
    private static func endOfMarker(_ marker: [UInt8], in line: [UInt8], from: Int = 0) -> Int? {
        guard let first = marker.first, line.count >= marker.count else { return nil }
        var index = from
        while index + marker.count <= line.count {
            if line[index] == first && line[index..<(index + marker.count)].elementsEqual(marker) { return index + marker.count }
            index += 1
        }
        return nil
    }

    /// Only Residue's own marker names rules; the other scanners' markers silence every rule.
    private static func ruleList(_ marker: [UInt8], _ rest: ArraySlice<UInt8>) -> Set<String> {
        guard marker == residueMarker || marker.starts(with: residueMarker) else { return [] }
        return ruleIDs(rest)
    }

    /// `[ ]id[, id …] [-- reason]`: ids start with a letter; anything else ends the list.
    private static func ruleIDs(_ rest: ArraySlice<UInt8>) -> Set<String> {
        var ids: Set<String> = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { ids.insert(String(decoding: current, as: UTF8.self)) }
            current = []
        }
        for byte in rest {
            let isLetter = byte >= 0x61 && byte <= 0x7A
            let isIDByte = isLetter || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
            if current.isEmpty ? isLetter : isIDByte {
                current.append(byte)
            } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                flush()
            } else {
                break
            }
        }
        flush()
        return ids
    }

    /// The line holds a comment and nothing else: `# …`, `// …`, `/* … */`, `<!-- … -->`, `-- …`, `; …`.
    private static func isCommentOnly(_ line: [UInt8]) -> Bool {
        guard let start = line.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return false }
        let rest = line[start...]
        for leader in ["#", "//", "/*", "*", "<!--", "--", ";", "%", "'", "rem "] where rest.starts(with: Array(leader.utf8)) {
            return true
        }
        return false
    }
}
