/// A rule implemented in code by an analyzer (serverless configuration, handler state) rather than
/// as a pattern in `Patterns/`. Listed by `residue rules`, described in SARIF, and switched off by
/// `rules.disable` like any pattern rule.
public struct AnalyzerRule: Sendable, Equatable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var category: FindingCategory
    public var confidence: Confidence
    /// `serverless-config` or `handler-state`.
    public var analyzer: String
    /// What to do about a finding: shown in SARIF help and the JSON report.
    public var fix: String

    public init(id: String, title: String, severity: Severity, category: FindingCategory, confidence: Confidence,
                analyzer: String, fix: String) {
        self.id = id
        self.title = title
        self.severity = severity
        self.category = category
        self.confidence = confidence
        self.analyzer = analyzer
        self.fix = fix
    }
}

/// What an analyzer produced for one file or one set of files.
public struct AnalyzerOutput: Sendable {
    public var findings: [Finding] = []
    /// Problems the user should see (a template that does not parse).
    public var warnings: [ScanWarning] = []
    /// Said only at `--verbose`: files skipped on purpose (minified bundles, generated code).
    public var notes: [ScanWarning] = []
    /// Findings silenced by a `residue:ignore` comment.
    public var suppressedInline = 0

    public init(findings: [Finding] = [], warnings: [ScanWarning] = [], notes: [ScanWarning] = []) {
        self.findings = findings
        self.warnings = warnings
        self.notes = notes
    }
}

extension Finding {
    /// A finding of an analyzer rule. `identity` stands in for the secret in the fingerprint (say,
    /// the function and variable), so the finding keeps its fingerprint when lines move.
    public init(rule: AnalyzerRule, message: String, path: String, relativePath: String, line: Int, column: Int,
                endLine: Int? = nil, excerpt: String, identity: String, value: String? = nil,
                severity: Severity? = nil, confidence: Confidence? = nil, showSecrets: Bool = false) {
        self.init(
            ruleID: rule.id, title: rule.title, severity: severity ?? rule.severity,
            confidence: confidence ?? rule.confidence, category: rule.category, path: path, line: line,
            column: column, endLine: endLine ?? line, excerpt: excerpt,
            redactedSecret: value.map(Redaction.mask) ?? "",
            fingerprint: Fingerprint.make(ruleID: rule.id, path: relativePath, secret: Array(identity.utf8)),
            secret: showSecrets ? value : nil)
        self.message = message
    }
}

/// Every rule implemented in code, for listings, SARIF descriptors and rule selection.
public enum AnalyzerRules {
    public static var all: [AnalyzerRule] { FieldJudgment.rules + HandlerStateAnalyzer.rules + EngineRules.all }
}

/// Findings the engine itself reports about a scan's bounds.
public enum EngineRules {
    public static let findingsCapped = AnalyzerRule(
        id: "residue-findings-capped", title: "More findings in one file than the per-file limit", severity: .low,
        category: .secret, confidence: .high, analyzer: "engine",
        fix: "Look at the file as a whole: it is probably generated, a dump, or test data; exclude it in .residue.yaml if so.")

    public static let all = [findingsCapped]
}
