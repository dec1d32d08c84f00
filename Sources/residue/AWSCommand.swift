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

    @OptionGroup var report: ReportOptions

    @Flag(name: .customLong("fail-on-incomplete"), help: "Exit 2 when any function, package or layer could not be scanned.")
    var failOnIncomplete = false

    @Option(name: .customLong("config"), help: "Settings file (default: .residue.yaml in the working directory).")
    var configPath: String?

    @Flag(name: .customLong("no-config"), help: "Ignore .residue.yaml.")
    var noConfig = false

    @Flag(name: .customLong("quiet"), help: "No notes on standard error (warnings and errors still).")
    var quiet = false

    @Flag(name: .customLong("verbose"), help: "Also print what was scanned on standard error.")
    var verbose = false

    func run() throws {
        let prepared = try ScanSetup.prepare(paths: [], extraRulePacks: report.extraRulePacks, configPath: configPath, noConfig: noConfig)
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
        configuration.showSecrets = report.showSecrets
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
        try report.finish(result, prepared: prepared, failOnIncomplete: failOnIncomplete, quiet: quiet)
    }
}
