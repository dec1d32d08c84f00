import Foundation

/// The machine-readable report. Its shape is documented in the README and versioned by
/// `schemaVersion`; fields are only ever added.
public enum JSONReport {
    public static let schemaVersion = 1

    struct Document: Codable {
        var schemaVersion: Int
        var tool: Tool
        var findings: [Item]
        var summary: Summary
    }

    struct Tool: Codable {
        var name: String
        var version: String
    }

    struct Item: Codable {
        var ruleId: String
        var title: String
        var severity: Severity
        var confidence: Confidence
        var category: FindingCategory
        var path: String
        var line: Int
        var column: Int
        var endLine: Int
        var excerpt: String
        var redactedSecret: String
        var fingerprint: String
        var secret: String?
        var commit: String?
        var authorDate: String?
        var message: String?
        var encoding: ContentEncoding?
    }

    struct Summary: Codable {
        var filesScanned: Int
        var bytesScanned: Int
        var skipped: [String: Int]
        var findings: Int
        var bySeverity: [String: Int]
        var warnings: [ScanWarning]
        var regexLimitHits: Int
        var timeBudgetHits: Int?
        var findingsCapped: Int?
        var templatesNotParsed: Int?
        var suppressedInline: Int?
        var suppressedByBaseline: Int?
        var durationSeconds: Double
    }

    public static func render(_ result: ScanResult) -> String {
        let sink = StringReportSink()
        render(result, to: sink)
        return sink.text
    }

    /// Writes the document finding by finding; the same JSON `Document` decodes.
    public static func render(_ result: ScanResult, to sink: ReportSink) {
        let encoder = PrettyJSON.encoder()
        sink.write("{\n  \"findings\" : [\n")
        for (index, finding) in result.findings.enumerated() {
            let item = Item(
                ruleId: finding.ruleID, title: finding.title, severity: finding.severity,
                confidence: finding.confidence, category: finding.category, path: finding.path,
                line: finding.line, column: finding.column, endLine: finding.endLine, excerpt: finding.excerpt,
                redactedSecret: finding.redactedSecret, fingerprint: finding.fingerprint, secret: finding.secret,
                commit: finding.commit, authorDate: finding.authorDate, message: finding.message,
                encoding: finding.encoding)
            sink.write((index == 0 ? "    " : ",\n    ") + PrettyJSON.nested(PrettyJSON.encode(item, with: encoder), by: 4))
        }
        let stats = result.statistics
        let summary = Summary(
            filesScanned: stats.filesScanned, bytesScanned: stats.bytesScanned,
            skipped: Dictionary(uniqueKeysWithValues: stats.skipped.map { ($0.key.rawValue, $0.value) }),
            findings: result.findings.count,
            bySeverity: Dictionary(uniqueKeysWithValues: result.countsBySeverity.map { ($0.key.rawValue, $0.value) }),
            warnings: result.warnings, regexLimitHits: stats.regexLimitHits,
            timeBudgetHits: stats.timeBudgetHits, findingsCapped: stats.findingsCapped,
            templatesNotParsed: stats.templatesNotParsed,
            suppressedInline: stats.suppressedInline, suppressedByBaseline: stats.suppressedByBaseline,
            durationSeconds: (stats.durationSeconds * 1000).rounded() / 1000)
        let tool = Tool(name: ResidueVersion.name, version: ResidueVersion.version)
        sink.write("\n  ],\n  \"schemaVersion\" : \(schemaVersion),\n")
        sink.write("  \"summary\" : " + PrettyJSON.nested(PrettyJSON.encode(summary, with: encoder), by: 2) + ",\n")
        sink.write("  \"tool\" : " + PrettyJSON.nested(PrettyJSON.encode(tool, with: encoder), by: 2) + "\n}\n")
    }
}

extension JSONReport {
    /// A JSON report that could not be read back.
    public struct ReadError: Error, CustomStringConvertible {
        public var source: String
        public var reason: String
        public var description: String { "\(source): \(reason)" }
    }

    /// Reads a report written by `render` back into a result (for `residue merge`).
    public static func parse(_ data: Data, source: String) throws(ReadError) -> ScanResult {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw ReadError(source: source, reason: "not a Residue JSON report: \(error.localizedDescription)")
        }
        guard document.schemaVersion == schemaVersion else {
            throw ReadError(source: source, reason: "report schemaVersion \(document.schemaVersion) is not \(schemaVersion)")
        }
        var statistics = ScanStatistics()
        statistics.filesScanned = document.summary.filesScanned
        statistics.bytesScanned = document.summary.bytesScanned
        statistics.regexLimitHits = document.summary.regexLimitHits
        statistics.timeBudgetHits = document.summary.timeBudgetHits ?? 0
        statistics.findingsCapped = document.summary.findingsCapped ?? 0
        statistics.templatesNotParsed = document.summary.templatesNotParsed ?? 0
        statistics.suppressedInline = document.summary.suppressedInline ?? 0
        statistics.suppressedByBaseline = document.summary.suppressedByBaseline ?? 0
        statistics.durationSeconds = document.summary.durationSeconds
        for (name, count) in document.summary.skipped {
            if let reason = SkipReason(rawValue: name) { statistics.skip(reason, count: count) }
        }
        let findings = document.findings.map { item in
            var finding = Finding(
                ruleID: item.ruleId, title: item.title, severity: item.severity, confidence: item.confidence,
                category: item.category, path: item.path, line: item.line, column: item.column, endLine: item.endLine,
                excerpt: item.excerpt, redactedSecret: item.redactedSecret, fingerprint: item.fingerprint,
                secret: item.secret)
            finding.commit = item.commit
            finding.authorDate = item.authorDate
            finding.message = item.message
            finding.encoding = item.encoding
            return finding
        }
        return ScanResult(findings: findings, warnings: document.summary.warnings, statistics: statistics, failedRoots: [])
    }
}

extension ScanResult {
    /// Several shard reports as one: findings deduplicated and re-sorted, counts added up,
    /// duration the longest (shards run side by side).
    public static func merged(_ parts: [ScanResult]) -> ScanResult {
        var findings: [Finding] = []
        var seen: Set<String> = []
        var warnings: [ScanWarning] = []
        var statistics = ScanStatistics()
        for part in parts {
            for finding in part.findings where seen.insert("\(finding.fingerprint):\(finding.line):\(finding.column)").inserted {
                findings.append(finding)
            }
            warnings.append(contentsOf: part.warnings)
            statistics.add(part.statistics)
            statistics.durationSeconds = max(statistics.durationSeconds, part.statistics.durationSeconds)
        }
        findings.sort(by: Finding.reportOrder)
        return ScanResult(findings: findings, warnings: warnings, statistics: statistics, failedRoots: [])
    }
}
