import ArgumentParser
import Foundation
import ResidueCore

struct AWSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Scan Lambda functions deployed in an AWS account: configuration, tags, code packages and layers.",
        discussion: """
            Credentials, region and endpoint come from the standard AWS environment variables and
            the shared credentials and config files (--profile or AWS_PROFILE). Exit status: 0 when
            nothing at or above --fail-on was found, 1 when something was, 2 for invalid arguments,
            when nothing could be reached, or (with --fail-on-incomplete) when anything could not be scanned.
            """
    )

    @Option(name: .customLong("region"), help: "Region to scan (repeatable; default: AWS_REGION, AWS_DEFAULT_REGION or the profile's).")
    var regions: [String] = []

    @Option(name: .customLong("function"), help: "Function name or ARN to scan (repeatable; default: every function).")
    var functions: [String] = []

    @Option(name: .customLong("profile"), help: "Profile of the shared credentials and config files.")
    var profile: String?

    @Flag(name: .customLong("no-code"), help: "Judge configuration and tags only; do not download code packages and layers.")
    var noCode = false

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif or junit.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: low, medium, high or critical (default: the config's, else low).")
    var failOn: Severity?

    @Flag(name: .customLong("fail-on-incomplete"), help: "Exit 2 when any function, package or layer could not be scanned.")
    var failOnIncomplete = false

    @Flag(name: .customLong("show-secrets"), help: "Print secret values in full (they are masked by default).")
    var showSecrets = false

    @Option(name: .customLong("rules"), help: "An extra rule pack (YAML file or folder of packs); repeatable.")
    var extraRulePacks: [String] = []

    @Option(name: .customLong("config"), help: "Settings file (default: .residue.yaml in the working directory).")
    var configPath: String?

    @Flag(name: .customLong("no-config"), help: "Ignore .residue.yaml.")
    var noConfig = false

    @Flag(name: .customLong("no-color"), help: "Never colour the text report.")
    var noColor = false

    @Flag(name: .customLong("quiet"), help: "No notes on standard error (warnings and errors still).")
    var quiet = false

    @Flag(name: .customLong("verbose"), help: "Also print what was scanned on standard error.")
    var verbose = false

    func run() throws {
        let prepared = try ScanSetup.prepare(paths: [], extraRulePacks: extraRulePacks, configPath: configPath, noConfig: noConfig)
        let settings: AWSSettings
        do {
            settings = try AWSSettingsResolver().resolve(profile: profile)
        } catch {
            throw ResidueFailure(message: error.description)
        }
        var chosenRegions = regions
        if chosenRegions.isEmpty, let region = settings.region { chosenRegions = [region] }
        // Functions named by ARN carry their region; anything else needs one.
        if chosenRegions.isEmpty && (functions.isEmpty || !functions.allSatisfy({ $0.hasPrefix("arn:") })) {
            throw ResidueFailure(message: "no region: pass --region, set AWS_REGION, or set region in the profile")
        }
        var configuration = DeployedScanConfiguration(regions: chosenRegions)
        configuration.functions = functions
        configuration.scanCode = !noCode
        configuration.showSecrets = showSecrets
        configuration.disabledRules = prepared.config.disabledAnalyzerRules
        if let size = prepared.config.maxFileSizeMiB { configuration.maxFileSize = size << 20 }

        var result = DeployedFunctionScanner(ruleSet: prepared.ruleSet, settings: settings, http: AWSHTTPClient())
            .scan(configuration)
        if verbose {
            for note in result.notes { Console.note("\(note.path): \(note.reason)") }
            Console.note("\(prepared.definitions.count) rules; \(result.statistics.filesScanned) files scanned in packages")
        }
        Console.warnings(result.warnings)
        if !result.failedRoots.isEmpty {
            throw ResidueFailure(message: "nothing could be scanned: \(result.failedRoots.joined(separator: ", "))")
        }
        result.notes = []
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
