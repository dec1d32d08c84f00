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
    }

    struct Summary: Codable {
        var filesScanned: Int
        var bytesScanned: Int
        var skipped: [String: Int]
        var findings: Int
        var bySeverity: [String: Int]
        var warnings: [ScanWarning]
        var regexLimitHits: Int
        var durationSeconds: Double
    }

    public static func render(_ result: ScanResult) -> String {
        let stats = result.statistics
        let document = Document(
            schemaVersion: schemaVersion,
            tool: Tool(name: ResidueVersion.name, version: ResidueVersion.version),
            findings: result.findings.map { finding in
                Item(
                    ruleId: finding.ruleID, title: finding.title, severity: finding.severity,
                    confidence: finding.confidence, category: finding.category, path: finding.path,
                    line: finding.line, column: finding.column, endLine: finding.endLine, excerpt: finding.excerpt,
                    redactedSecret: finding.redactedSecret, fingerprint: finding.fingerprint, secret: finding.secret)
            },
            summary: Summary(
                filesScanned: stats.filesScanned, bytesScanned: stats.bytesScanned,
                skipped: Dictionary(uniqueKeysWithValues: stats.skipped.map { ($0.key.rawValue, $0.value) }),
                findings: result.findings.count,
                bySeverity: Dictionary(uniqueKeysWithValues: result.countsBySeverity.map { ($0.key.rawValue, $0.value) }),
                warnings: result.warnings, regexLimitHits: stats.regexLimitHits,
                durationSeconds: (stats.durationSeconds * 1000).rounded() / 1000))
        return encode(document)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
