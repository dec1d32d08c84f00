import ArgumentParser
import Foundation
import ResidueCore

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files and folders for secrets and sensitive data.",
        discussion: """
            Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
            2 for invalid arguments or when nothing could be scanned.
            """
    )

    @Argument(help: "Files or folders to scan.", completion: .file())
    var paths: [String] = ["."]

    @Option(name: .shortAndLong, help: "Report format: text, json or sarif.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: low, medium, high or critical.")
    var failOn: Severity = .low

    @Flag(name: .customLong("show-secrets"), help: "Print secret values in full (they are masked by default).")
    var showSecrets = false

    @Flag(name: .customLong("no-ignore"), help: "Scan files that .gitignore or .residueignore exclude.")
    var noIgnore = false

    @Option(name: .customLong("rules"), help: "An extra rule pack (YAML file or folder of packs); repeatable.")
    var extraRulePacks: [String] = []

    @Option(name: .customLong("max-file-size"), help: "Skip (with a warning) files larger than this many MiB.")
    var maxFileSizeMiB: Int = 256

    @Option(name: .shortAndLong, help: "Worker threads (default: one per core).")
    var threads: Int?

    @Flag(name: .customLong("no-color"), help: "Never colour the text report.")
    var noColor = false

    func validate() throws {
        if maxFileSizeMiB < 1 { throw ValidationError("--max-file-size must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let definitions = try RuleLoading.definitions(extraPacks: extraRulePacks)
        let ruleSet = try RuleLoading.compile(definitions, source: extraRulePacks.first ?? "built-in rules")
        var configuration = ScanConfiguration(roots: paths)
        configuration.respectIgnoreFiles = !noIgnore
        configuration.showSecrets = showSecrets
        configuration.maxFileSize = maxFileSizeMiB << 20
        if let threads { configuration.workerCount = threads }

        let result = ScanEngine(ruleSet: ruleSet).scan(configuration)
        for warning in result.warnings {
            Console.warning("\(warning.path): \(warning.reason)")
        }
        if !result.failedRoots.isEmpty && result.failedRoots.count == paths.count {
            throw ResidueFailure(message: "nothing could be scanned: \(result.failedRoots.joined(separator: ", "))")
        }

        let colour = format == .text && output == nil && !noColor && Console.stdoutIsColourTerminal
        let report = ReportRenderer.render(
            result, format: format, rules: definitions, colour: colour,
            workingDirectory: FileManager.default.currentDirectoryPath)
        if let output {
            do {
                try Data(report.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw ResidueFailure(message: "\(output): cannot write report: \(error.localizedDescription)")
            }
            Console.note("wrote \(format.rawValue) report to \(output): \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")")
        } else {
            Console.output(report)
        }
        if result.findings.contains(where: { $0.severity >= failOn }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
