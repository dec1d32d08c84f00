/// One line of a `.gitignore` or `.residueignore`.
struct IgnorePattern: Equatable {
    var glob: [UInt8]
    var negated: Bool
    var directoryOnly: Bool
    /// Contains a slash: matched against the path relative to the ignore file's folder,
    /// otherwise against the last path component at any depth.
    var anchored: Bool

    /// Parses one line; nil for blanks and comments.
    init?(line: Substring) {
        var bytes = Array(line.utf8)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        // Trailing spaces are ignored unless escaped with a backslash.
        while let last = bytes.last, last == UInt8(ascii: " ") {
            if bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: "\\") { break }
            bytes.removeLast()
        }
        guard let first = bytes.first, first != UInt8(ascii: "#") else { return nil }
        negated = false
        if first == UInt8(ascii: "!") {
            negated = true
            bytes.removeFirst()
        } else if first == UInt8(ascii: "\\"), bytes.count > 1,
            bytes[1] == UInt8(ascii: "#") || bytes[1] == UInt8(ascii: "!")
        {
            bytes.removeFirst()
        }
        directoryOnly = false
        if bytes.last == UInt8(ascii: "/") {
            directoryOnly = true
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { return nil }
        anchored = bytes.contains(UInt8(ascii: "/"))
        if bytes.first == UInt8(ascii: "/") { bytes.removeFirst() }
        glob = bytes
    }

    func matches(relativePath: ArraySlice<UInt8>, isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        if anchored {
            return Glob.matches(glob[...], relativePath)
        }
        let name: ArraySlice<UInt8>
        if let slash = relativePath.lastIndex(of: UInt8(ascii: "/")) {
            name = relativePath[(slash + 1)...]
        } else {
            name = relativePath
        }
        return Glob.matches(glob[...], name)
    }
}

/// The patterns of one ignore file, which apply below the folder that holds it.
struct IgnoreFile {
    /// Folder of the ignore file relative to the walk root, "" for the root itself.
    var base: String
    var patterns: [IgnorePattern]

    /// Globs given as a list (the config's `exclude`), applying from the scan root.
    init(exclusions globs: [String]) {
        self.init(base: "", contents: globs.joined(separator: "\n"))
    }

    init(base: String, contents: String) {
        self.base = base
        patterns = contents.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" })
            .compactMap(IgnorePattern.init(line:))
    }

    /// Whether a path (and any folder above it) is excluded, for paths that were not walked.
    func excludes(path: String) -> Bool {
        guard !patterns.isEmpty else { return false }
        let components = path.split(separator: "/")
        var prefix = ""
        for (index, component) in components.enumerated() {
            prefix = prefix.isEmpty ? String(component) : prefix + "/" + component
            let isLast = index == components.count - 1
            if decision(relativePath: prefix, isDirectory: !isLast) == true { return true }
        }
        return false
    }

    /// nil when no pattern speaks about the path; otherwise whether the last one ignores it.
    func decision(relativePath: String, isDirectory: Bool) -> Bool? {
        let path: ArraySlice<UInt8>
        if base.isEmpty {
            path = Array(relativePath.utf8)[...]
        } else {
            let bytes = Array(relativePath.utf8)
            let prefix = base.utf8.count + 1
            guard bytes.count > prefix, relativePath.hasPrefix(base + "/") else { return nil }
            path = bytes[prefix...]
        }
        var result: Bool?
        for pattern in patterns where pattern.matches(relativePath: path, isDirectory: isDirectory) {
            result = !pattern.negated
        }
        return result
    }
}

/// Git's wildmatch subset: `*`, `?`, `[...]`, `**` across folders, backslash escapes.
enum Glob {
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var budget = 100_000
        return match(pattern, pattern.startIndex, text, text.startIndex, &budget)
    }

    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")

    private static func match(
        _ p: ArraySlice<UInt8>, _ pStart: Int, _ s: ArraySlice<UInt8>, _ sStart: Int, _ budget: inout Int
    ) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        var pi = pStart
        var si = sStart
        while pi < p.endIndex {
            let c = p[pi]
            if c == star {
                if pi + 1 < p.endIndex && p[pi + 1] == star {
                    var next = pi + 2
                    if next < p.endIndex && p[next] == slash {
                        // `**/` matches zero or more whole folders.
                        next += 1
                        if match(p, next, s, si, &budget) { return true }
                        var k = si
                        while k < s.endIndex {
                            if s[k] == slash && match(p, next, s, k + 1, &budget) { return true }
                            k += 1
                        }
                        return false
                    }
                    // `**` elsewhere matches anything, slashes included.
                    var k = si
                    while k <= s.endIndex {
                        if match(p, next, s, k, &budget) { return true }
                        k += 1
                    }
                    return false
                }
                var k = si
                while k <= s.endIndex {
                    if match(p, pi + 1, s, k, &budget) { return true }
                    if k < s.endIndex && s[k] == slash { break }
                    k += 1
                }
                return false
            }
            guard si < s.endIndex else { return false }
            switch c {
            case UInt8(ascii: "?"):
                if s[si] == slash { return false }
                pi += 1
            case UInt8(ascii: "["):
                guard let (matched, end) = matchClass(p, pi, s[si]) else {
                    // An unterminated class is a literal `[`.
                    if s[si] != c { return false }
                    pi += 1
                    si += 1
                    continue
                }
                if !matched { return false }
                pi = end
            case UInt8(ascii: "\\") where pi + 1 < p.endIndex:
                if s[si] != p[pi + 1] { return false }
                pi += 2
            default:
                if s[si] != c { return false }
                pi += 1
            }
            si += 1
        }
        return si == s.endIndex
    }

    /// Matches one byte against `[...]` at `start`; returns the verdict and the index after `]`.
    private static func matchClass(_ p: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < p.endIndex && (p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^")) {
            negated = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.endIndex {
            let c = p[i]
            if c == UInt8(ascii: "]") && !first {
                return (matched != negated && byte != slash, i + 1)
            }
            first = false
            var low = c
            if c == UInt8(ascii: "\\") && i + 1 < p.endIndex {
                i += 1
                low = p[i]
            }
            if i + 2 < p.endIndex && p[i + 1] == UInt8(ascii: "-") && p[i + 2] != UInt8(ascii: "]") {
                let high = p[i + 2]
                if byte >= low && byte <= high { matched = true }
                i += 3
            } else {
                if byte == low { matched = true }
                i += 1
            }
        }
        return nil
    }
}
