import Crypto
import Foundation

/// One thing Residue found. Every analyzer produces this same shape.
public struct Finding: Sendable, Equatable, Codable {
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var confidence: Confidence
    public var category: FindingCategory
    /// The path as the user named it (relative to the working directory when they gave a relative root).
    public var path: String
    /// 1-based line of the secret's first byte.
    public var line: Int
    /// 1-based column of the secret's first character, counted in Unicode code points.
    public var column: Int
    /// 1-based line of the secret's last byte (differs from `line` for multi-line secrets).
    public var endLine: Int
    /// The line holding the secret, with the secret masked and long lines trimmed.
    public var excerpt: String
    /// The secret itself with all but a short prefix masked.
    public var redactedSecret: String
    /// Stable identity: rule, path and a hash of the value, not the line.
    public var fingerprint: String
    /// The full value; only filled when the user asked with `--show-secrets`.
    public var secret: String?
    /// For history scans: the commit that added the content, and its author date (ISO 8601).
    public var commit: String?
    public var authorDate: String?
    /// A sentence saying what was found where, for analyzer findings (the function and field, the
    /// data flow); nil for pattern matches, whose title says it.
    public var message: String?
    /// Set when the secret was found by decoding the text at this position (base64, percent).
    public var encoding: ContentEncoding?

    public init(
        ruleID: String, title: String, severity: Severity, confidence: Confidence, category: FindingCategory,
        path: String, line: Int, column: Int, endLine: Int, excerpt: String, redactedSecret: String,
        fingerprint: String, secret: String? = nil
    ) {
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.confidence = confidence
        self.category = category
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.excerpt = excerpt
        self.redactedSecret = redactedSecret
        self.fingerprint = fingerprint
        self.secret = secret
    }

    /// Report order: by path, then position, then rule.
    /// Puts findings in `reportOrder` by sorting their indices, then moving each finding once
    /// along the permutation's cycles: `sort` would copy the whole array into a scratch buffer,
    /// 15 MB at the end of a scan with 70,000 findings.
    public static func sortForReport(_ findings: inout [Finding]) {
        guard findings.count > 1 else { return }
        var order = Array(findings.indices)
        order.sort { reportOrder(findings[$0], findings[$1]) }
        // order[k] is the index of the finding that belongs at position k.
        for start in order.indices where order[start] != start {
            var position = start
            let held = findings[start]
            while order[position] != start {
                let source = order[position]
                findings[position] = findings[source]
                order[position] = position
                position = source
            }
            findings[position] = held
            order[position] = position
        }
    }

    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.fingerprint < rhs.fingerprint
    }
}

/// Builds fingerprints: SHA-256 over the rule id, the path and SHA-256 of the value, so the same
/// secret in the same file keeps its fingerprint wherever it moves within the file.
public enum Fingerprint {
    public static func make(ruleID: String, path: String, secret: some Collection<UInt8>) -> String {
        let valueHash = SHA256.hash(data: Array(secret))
        var hasher = SHA256()
        hasher.update(data: Array("residue-v1\u{0}\(ruleID)\u{0}\(normalize(path))\u{0}".utf8))
        hasher.update(data: Array(valueHash))
        return hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// `./a/b` and `a/b` are the same file.
    static func normalize(_ path: String) -> String {
        var result = path
        while result.hasPrefix("./") { result.removeFirst(2) }
        return result
    }
}

/// Masks secrets for display.
public enum Redaction {
    /// Keeps a short prefix (more for long values, none for short ones) and masks the rest.
    public static func mask(_ secret: String) -> String {
        let characters = Array(secret)
        let visible: Int
        switch characters.count {
        case ..<8: visible = 0
        case ..<16: visible = 2
        default: visible = 4
        }
        let hidden = min(max(characters.count - visible, 3), 12)
        return String(characters.prefix(visible)) + String(repeating: "*", count: hidden)
    }

    /// The line around a secret, masked, at most `limit` characters, one line. `otherSecrets`
    /// (offsets into `line`) are masked too, so an excerpt never shows a neighbouring finding.
    public static func excerpt(
        line: [UInt8], secretStart: Int, secretEnd: Int, showSecret: Bool, otherSecrets: [Range<Int>] = [],
        limit: Int = 160
    ) -> String {
        let start = max(0, min(secretStart, line.count))
        let end = max(start, min(secretEnd, line.count))
        let secretText = String(decoding: line[start..<end], as: UTF8.self)
        let replacement = showSecret ? secretText : mask(secretText)
        func masked(_ range: Range<Int>) -> String {
            var text = ""
            var cursor = range.lowerBound
            for other in otherSecrets.sorted(by: { $0.lowerBound < $1.lowerBound }) where !showSecret {
                let lower = max(other.lowerBound, cursor)
                let upper = min(other.upperBound, range.upperBound)
                guard lower < upper else { continue }
                text += String(decoding: line[cursor..<lower], as: UTF8.self)
                text += mask(String(decoding: line[lower..<upper], as: UTF8.self))
                cursor = upper
            }
            return text + String(decoding: line[cursor..<range.upperBound], as: UTF8.self)
        }
        var before = clean(masked(0..<start))
        var after = clean(masked(end..<line.count))
        if !showSecret && secretText.count >= 4 {
            // The same value elsewhere in view (`password` and `password_confirm`) is masked too.
            before = before.replacingOccurrences(of: secretText, with: replacement)
            after = after.replacingOccurrences(of: secretText, with: replacement)
        }
        let room = max(20, limit - replacement.count)
        if before.count > room / 2 { before = "…" + String(before.suffix(room / 2)) }
        if after.count > room - min(before.count, room / 2) { after = String(after.prefix(max(0, room - before.count))) + "…" }
        return (before + replacement + after).trimmingCharacters(in: .whitespaces)
    }

    private static func clean(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).replacingOccurrences(of: "\r", with: "")
    }
}
