/// The report formats `residue scan --format` offers.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit
}

/// Residue's identity as reports state it.
public enum ResidueVersion {
    public static let name = "residue"
    public static let version = "0.1.0"
    public static let informationURI = "https://github.com/residue-scanner/residue"
}

/// Renders a scan result in any format.
public enum ReportRenderer {
    public static func render(
        _ result: ScanResult, format: ReportFormat, rules: [RuleDefinition], colour: Bool = false,
        workingDirectory: String
    ) -> String {
        let sink = StringReportSink()
        render(result, format: format, rules: rules, colour: colour, workingDirectory: workingDirectory, to: sink)
        return sink.text
    }

    /// Writes the report piece by piece (a finding at a time) into `sink`.
    public static func render(
        _ result: ScanResult, format: ReportFormat, rules: [RuleDefinition], colour: Bool = false,
        workingDirectory: String, to sink: ReportSink
    ) {
        switch format {
        case .text: TextReport.render(result, colour: colour, to: sink)
        case .json: JSONReport.render(result, to: sink)
        case .sarif: SARIFReport.render(result, rules: rules, workingDirectory: workingDirectory, to: sink)
        case .junit: JUnitReport.render(result, to: sink)
        }
    }
}

extension ScanResult {
    /// Findings per severity, every severity present (zero when none).
    public var countsBySeverity: [Severity: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, 0) })
        for finding in findings { counts[finding.severity, default: 0] += 1 }
        return counts
    }
}
