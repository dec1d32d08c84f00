import ArgumentParser
import ResidueCore

/// The options `scan` and `aws` share: how the report is written and what makes the run fail.
struct ReportOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format: text, json, sarif or junit.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: low, medium, high or critical (default: the config's, else low).")
    var failOn: Severity?

    @Flag(name: .customLong("show-secrets"), help: "Print secret values in full (they are masked by default).")
    var showSecrets = false

    @Option(name: .customLong("rules"), help: "An extra rule pack (YAML file or folder of packs); repeatable.")
    var extraRulePacks: [String] = []

    @Flag(name: .customLong("no-color"), help: "Never colour the text report.")
    var noColor = false

    /// Writes the report, then ends the run the way the exit statuses promise: 2 for an
    /// incomplete scan under `--fail-on-incomplete`, 1 for findings at or above `--fail-on`.
    func finish(_ result: ScanResult, prepared: ScanSetup.Prepared, failOnIncomplete: Bool, quiet: Bool) throws {
        try ReportOutput.emit(result, format: format, output: output, rules: prepared.definitions, noColor: noColor, quiet: quiet)
        try Incompleteness.check(result, failOnIncomplete: failOnIncomplete)
        let threshold = failOn ?? prepared.config.failOn ?? .low
        if result.findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}

/// `--fail-on-incomplete`: a warning means something was not scanned, or not fully (an
/// unreadable file, a template that did not parse, an archive limit, a function out of reach).
enum Incompleteness {
    static func check(_ result: ScanResult, failOnIncomplete: Bool) throws {
        guard failOnIncomplete, !result.warnings.isEmpty else { return }
        let count = result.warnings.count
        throw ResidueFailure(message: "incomplete scan: \(count) item\(count == 1 ? "" : "s") not scanned or not fully (--fail-on-incomplete)")
    }
}
