import Foundation

/// The report for people: one `path:line:col: severity: title [rule-id]` line per finding, then
/// a summary.
public enum TextReport {
    public static func render(_ result: ScanResult, colour: Bool) -> String {
        let sink = StringReportSink()
        render(result, colour: colour, to: sink)
        return sink.text
    }

    public static func render(_ result: ScanResult, colour: Bool, to sink: ReportSink) {
        for finding in result.findings {
            let severity = colour ? paint(finding.severity) : finding.severity.rawValue
            var line = "\(terminalSafe(finding.path)):\(finding.line):\(finding.column): \(severity): \(finding.message ?? finding.title) [\(finding.ruleID)]"
            if let commit = finding.commit {
                line += " in commit \(commit.prefix(12))" + (finding.authorDate.map { " (\($0))" } ?? "")
            }
            sink.write(line + "\n")
        }
        if !result.findings.isEmpty { sink.write("\n") }
        sink.write(summary(result) + "\n")
    }

    public static func summary(_ result: ScanResult) -> String {
        let stats = result.statistics
        var line = "Scanned \(stats.filesScanned) file\(stats.filesScanned == 1 ? "" : "s") (\(ByteCountText.format(stats.bytesScanned))) in \(String(format: "%.2f", stats.durationSeconds))s"
        if stats.skippedTotal > 0 {
            let parts = stats.skipped.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            line += "; skipped \(stats.skippedTotal) (\(parts.joined(separator: ", ")))"
        }
        var partial: [String] = []
        if stats.timeBudgetHits > 0 { partial.append("\(stats.timeBudgetHits) stopped at the time budget") }
        if stats.regexLimitHits > 0 { partial.append("\(stats.regexLimitHits) regex attempts over the match limit") }
        if stats.templatesNotParsed > 0 {
            partial.append("\(stats.templatesNotParsed) template\(stats.templatesNotParsed == 1 ? "" : "s") not parsed")
        }
        if stats.findingsCapped > 0 { partial.append("\(stats.findingsCapped) with findings over the per-file limit") }
        if !partial.isEmpty { line += "; not fully scanned: " + partial.joined(separator: ", ") }
        if stats.suppressedByBaseline > 0 {
            line += "; \(stats.suppressedByBaseline) suppressed by the baseline"
        }
        if stats.suppressedInline > 0 {
            line += "; \(stats.suppressedInline) suppressed by residue:ignore"
        }
        if !result.warnings.isEmpty {
            line += "; \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")"
        }
        let counts = result.countsBySeverity
        let bySeverity = Severity.allCases.reversed().map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        line += ".\nFindings: \(result.findings.count) (\(bySeverity))."
        return line
    }

    /// A path as one printable line: a file name with a newline or an escape sequence must not
    /// forge report lines or drive the terminal.
    public static func terminalSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func paint(_ severity: Severity) -> String {
        let code: String
        switch severity {
        case .critical: code = "1;31"
        case .high: code = "31"
        case .medium: code = "33"
        case .low: code = "36"
        }
        return "\u{1B}[\(code)m\(severity.rawValue)\u{1B}[0m"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
