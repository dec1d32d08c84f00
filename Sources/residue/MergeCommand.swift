import ArgumentParser
import Foundation
import ResidueCore

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join JSON reports (e.g. from 'scan --shard K/N' jobs) into one report.",
        discussion: "Exit status follows 'scan': 1 when the merged findings reach --fail-on."
    )

    @Argument(help: "JSON reports written by 'residue scan --format json'.", completion: .file())
    var reports: [String]

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif or junit.")
    var format: ReportFormat = .json

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1.")
    var failOn: Severity = .low

    @Flag(name: .customLong("no-color"), help: "Never colour the text report.")
    var noColor = false

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name at least one JSON report") }
    }

    func run() throws {
        var parts: [ScanResult] = []
        for path in reports {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ResidueFailure(message: "\(path): cannot read report")
            }
            do {
                parts.append(try JSONReport.parse(data, source: path))
            } catch {
                throw ResidueFailure(message: error.description)
            }
        }
        let merged = ScanResult.merged(parts)
        try ReportOutput.emit(merged, format: format, output: output, rules: BuiltinRules.definitions, noColor: noColor)
        if merged.findings.contains(where: { $0.severity >= failOn }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
