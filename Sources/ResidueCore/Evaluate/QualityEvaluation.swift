import Foundation

/// What a labelled corpus holds: the secrets and sensitive data a perfect scanner reports, and
/// the traps it must stay quiet on. One entry per line of a tab-separated file:
///
///     # label  path                        line  family-or-trap-kind
///     secret   services/orders/.env        4     aws
///     pii      data/customers.csv          12    card
///     trap     README.md                   9     docs-example
///     trap     package-lock.json           *     lock-file
///
/// Paths are relative to the scanned folder; `*` marks a whole file as a trap.
public struct GroundTruth: Sendable, Equatable {
    public enum Label: String, Sendable {
        case secret, pii, trap
    }

    public struct Entry: Sendable, Equatable {
        public var label: Label
        public var path: String
        /// 1-based; nil for a whole-file trap.
        public var line: Int?
        /// The rule family (pack) of a positive, or the kind of a trap.
        public var tag: String

        public init(label: Label, path: String, line: Int?, tag: String) {
            self.label = label
            self.path = path
            self.line = line
            self.tag = tag
        }

        /// The category a positive belongs to; nil for traps.
        public var category: FindingCategory? {
            switch label {
            case .secret: .secret
            case .pii: .pii
            case .trap: nil
            }
        }
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var source: String
        public var line: Int
        public var reason: String
        public var description: String { "\(source):\(line): \(reason)" }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public static func parse(_ text: String, source: String) throws(ParseError) -> GroundTruth {
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else {
                throw ParseError(source: source, line: index + 1, reason: "expected 4 tab-separated fields: label, path, line, family or trap kind")
            }
            guard let label = Label(rawValue: fields[0]) else {
                throw ParseError(source: source, line: index + 1, reason: "unknown label '\(fields[0])' (expected secret, pii or trap)")
            }
            let number: Int?
            if fields[2] == "*" && label == .trap {
                number = nil
            } else if let value = Int(fields[2]), value >= 1 {
                number = value
            } else {
                throw ParseError(source: source, line: index + 1, reason: "line must be a number from 1 (or * for a whole-file trap)")
            }
            guard !fields[1].isEmpty, !fields[3].isEmpty else {
                throw ParseError(source: source, line: index + 1, reason: "path and family or trap kind must not be empty")
            }
            entries.append(Entry(label: label, path: fields[1], line: number, tag: fields[3]))
        }
        return GroundTruth(entries: entries)
    }
}

/// Recall and precision of a scan against a `GroundTruth`, counted per line: a labelled line is
/// found when any finding of its category starts there (several rules on one line count once);
/// every other line with a finding is a false positive, charged to the trap on that line or file,
/// else to `unlabelled`.
public struct QualityReport: Sendable {
    public struct Score: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public init() {}

        public var positives: Int { truePositives + falseNegatives }
        /// 1 when there was nothing to find.
        public var recall: Double { positives == 0 ? 1 : Double(truePositives) / Double(positives) }
        /// 1 when nothing was reported.
        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
    }

    /// A finding's place, reduced to what the score counts.
    public struct Hit: Sendable, Equatable {
        public var path: String
        public var line: Int
        public var category: FindingCategory
        public var ruleIDs: [String]
        /// Why it was charged as a false positive: a trap kind, or `unlabelled`.
        public var trapKind: String?
    }

    public struct TrapTally: Sendable, Equatable {
        /// Trap entries of this kind (a whole-file trap counts once).
        public var traps = 0
        /// Lines with a false positive charged to this kind.
        public var tripped = 0
    }

    public var byCategory: [FindingCategory: Score] = [:]
    /// Recall by the truth's family; false positives by the pack of the rule that fired.
    public var byFamily: [String: Score] = [:]
    public var byTrapKind: [String: TrapTally] = [:]
    public var misses: [GroundTruth.Entry] = []
    public var falsePositives: [Hit] = []
    public var files = 0

    /// Scores `findings` of a scan of `root` (paths in findings start with it, as the scanner reports them).
    /// The family of every rule: its pack for pattern rules, its analyzer (`serverless-config`,
    /// `handler-state`, `engine`) for rules written in code.
    public static func families(of definitions: [RuleDefinition]) -> [String: String] {
        var families = Dictionary(definitions.map { ($0.id, $0.pack) }, uniquingKeysWith: { first, _ in first })
        for rule in AnalyzerRules.all { families[rule.id] = rule.analyzer }
        return families
    }

    /// `packOf` maps a rule id to its family.
    public static func evaluate(
        findings: [Finding], root: String, truth: GroundTruth, packOf: (String) -> String
    ) -> QualityReport {
        var report = QualityReport()
        struct LineKey: Hashable {
            var path: String
            var line: Int
            var category: FindingCategory
        }
        var positives: [LineKey: GroundTruth.Entry] = [:]
        var lineTraps: [String: [Int: String]] = [:]
        var fileTraps: [String: String] = [:]
        for entry in truth.entries {
            if let category = entry.category, let line = entry.line {
                positives[LineKey(path: entry.path, line: line, category: category)] = entry
                // A category with positives shows in the report even when every one is missed.
                if report.byCategory[category] == nil { report.byCategory[category] = Score() }
            } else if entry.label == .trap {
                report.byTrapKind[entry.tag, default: TrapTally()].traps += 1
                if let line = entry.line {
                    lineTraps[entry.path, default: [:]][line] = entry.tag
                } else {
                    fileTraps[entry.path] = entry.tag
                }
            }
        }

        var reported: [LineKey: [String]] = [:]
        var order: [LineKey] = []
        for finding in findings {
            let key = LineKey(path: relativePath(finding.path, root: root), line: finding.line, category: finding.category)
            if reported[key] == nil { order.append(key) }
            reported[key, default: []].append(finding.ruleID)
        }

        for key in order {
            let rules = reported[key] ?? []
            if let entry = positives[key] {
                report.byCategory[key.category, default: Score()].truePositives += 1
                report.byFamily[entry.tag, default: Score()].truePositives += 1
            } else {
                let kind = lineTraps[key.path]?[key.line] ?? fileTraps[key.path] ?? "unlabelled"
                report.byCategory[key.category, default: Score()].falsePositives += 1
                report.byFamily[rules.first.map(packOf) ?? "?", default: Score()].falsePositives += 1
                report.byTrapKind[kind, default: TrapTally()].tripped += 1
                report.falsePositives.append(Hit(path: key.path, line: key.line, category: key.category, ruleIDs: rules, trapKind: kind))
            }
        }
        for (key, entry) in positives.sorted(by: { ($0.key.path, $0.key.line) < ($1.key.path, $1.key.line) }) where reported[key] == nil {
            report.byCategory[key.category, default: Score()].falseNegatives += 1
            report.byFamily[entry.tag, default: Score()].falseNegatives += 1
            report.misses.append(entry)
        }
        report.files = Set(truth.entries.map(\.path)).count
        return report
    }

    /// `root/a/b` → `a/b`; paths outside `root` are returned as they are.
    static func relativePath(_ path: String, root: String) -> String {
        var base = root
        while base.hasPrefix("./") { base.removeFirst(2) }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var candidate = path
        while candidate.hasPrefix("./") { candidate.removeFirst(2) }
        if base == "." || base.isEmpty { return candidate }
        if candidate.hasPrefix(base + "/") { return String(candidate.dropFirst(base.count + 1)) }
        return candidate
    }

    /// The plain-text report: per category, per family, per trap kind, then every miss and false positive.
    public func render() -> String {
        func percent(_ value: Double) -> String { String(format: "%.3f", value) }
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        var lines: [String] = []
        lines.append("category  positives  found  missed  false-pos  recall  precision")
        for category in FindingCategory.allCases {
            let score = byCategory[category] ?? Score()
            lines.append(pad(category.rawValue, 10) + pad(String(score.positives), 11) + pad(String(score.truePositives), 7)
                + pad(String(score.falseNegatives), 8) + pad(String(score.falsePositives), 11) + pad(percent(score.recall), 8)
                + percent(score.precision))
        }
        lines.append("")
        lines.append("family              positives  found  false-pos  recall  precision")
        for (family, score) in byFamily.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(family, 20) + pad(String(score.positives), 11) + pad(String(score.truePositives), 7)
                + pad(String(score.falsePositives), 11) + pad(percent(score.recall), 8) + percent(score.precision))
        }
        lines.append("")
        lines.append("trap kind           traps  tripped")
        for (kind, tally) in byTrapKind.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(kind, 20) + pad(String(tally.traps), 7) + String(tally.tripped))
        }
        if !misses.isEmpty {
            lines.append("")
            lines.append("missed:")
            for entry in misses { lines.append("  \(entry.path):\(entry.line ?? 0) \(entry.label.rawValue) \(entry.tag)") }
        }
        if !falsePositives.isEmpty {
            lines.append("")
            lines.append("false positives:")
            for hit in falsePositives {
                lines.append("  \(hit.path):\(hit.line) \(hit.ruleIDs.joined(separator: ",")) (\(hit.trapKind ?? "unlabelled"))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
