import ArgumentParser
import Foundation
import ResidueCore

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files and folders for secrets and sensitive data.",
        discussion: """
            Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
            2 for invalid arguments, when nothing could be scanned, or (with --fail-on-incomplete)
            when anything could not be scanned.
            """
    )

    @Argument(help: "Files or folders to scan.", completion: .file())
    var paths: [String] = ["."]

    @OptionGroup var report: ReportOptions

    @Flag(name: .customLong("fail-on-incomplete"), help: "Exit 2 when anything could not be scanned or not fully (unreadable files, templates that do not parse, archive limits).")
    var failOnIncomplete = false

    @Flag(name: .customLong("no-ignore"), help: "Scan files that .gitignore or .residueignore exclude.")
    var noIgnore = false

    @Option(name: .customLong("max-file-size"), help: "Skip (with a warning) files larger than this many MiB (default 256).")
    var maxFileSizeMiB: Int?

    @Option(name: .customLong("config"), help: "Settings file (default: .residue.yaml in the first folder scanned, else in the working directory).")
    var configPath: String?

    @Flag(name: .customLong("no-config"), help: "Ignore .residue.yaml.")
    var noConfig = false

    @Option(name: .customLong("baseline"), help: "Report only findings that this baseline (from 'residue baseline create') does not know.")
    var baselinePath: String?

    @Flag(name: .customLong("no-inline-ignore"), help: "Report findings even on lines marked 'residue:ignore'.")
    var noInlineIgnore = false

    @Option(name: .customLong("min-confidence"), help: "Report only findings at least this certain: low, medium or high (default: the config's, else low).")
    var minimumConfidence: Confidence?

    @Flag(name: .customLong("no-serverless-config"), help: "Do not read SAM/CloudFormation/Serverless/Terraform/CDK templates into functions (content rules still run on them).")
    var noServerlessConfig = false

    @Flag(name: .customLong("no-handler-state"), help: "Do not analyze handlers for per-request data kept across invocations.")
    var noHandlerState = false

    @Option(name: .shortAndLong, help: "Worker threads (default: one per core).")
    var threads: Int?

    @Flag(name: .customLong("quiet"), help: "No progress line or notes on standard error (warnings and errors still).")
    var quiet = false

    @Flag(name: .customLong("verbose"), help: "Also print rule and skip counts on standard error.")
    var verbose = false

    @Flag(name: .customLong("staged"), help: "Scan what is staged for the next commit (the index, not the working tree) in the repository at PATH.")
    var staged = false

    @Flag(name: .customLong("history"), help: "Scan every blob that commits added (all branches unless --branch), each distinct blob once.")
    var history = false

    @Option(name: .customLong("since"), help: "With --history: only commits not reachable from this revision.")
    var since: String?

    @Option(name: .customLong("branch"), help: "With --history: scan these branches or refs (repeatable) instead of all.")
    var branches: [String] = []

    @Option(name: .customLong("shard"), help: "Scan only shard K of N (K/N, 1-based): files split by a hash of their path. Join the JSON reports with 'residue merge'.")
    var shard: String?

    func validate() throws {
        if staged && history { throw ValidationError("--staged and --history cannot be combined") }
        if (since != nil || !branches.isEmpty) && !history { throw ValidationError("--since and --branch go with --history") }
        if (staged || history) && paths.count > 1 { throw ValidationError("--staged and --history take one repository path") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/8") }
        if let maxFileSizeMiB, maxFileSizeMiB < 1 || maxFileSizeMiB > 1 << 20 {
            throw ValidationError("--max-file-size must be from 1 to 1048576 (MiB)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let prepared = try ScanSetup.prepare(
            paths: paths, extraRulePacks: report.extraRulePacks, configPath: configPath, noConfig: noConfig)
        var configuration = prepared.configuration(roots: paths, respectIgnoreFiles: !noIgnore)
        configuration.showSecrets = report.showSecrets
        if let maxFileSizeMiB { configuration.maxFileSize = maxFileSizeMiB << 20 }
        if noInlineIgnore { configuration.inlineIgnores = false }
        if noServerlessConfig { configuration.analyzeServerlessConfig = false }
        if noHandlerState { configuration.analyzeHandlerState = false }
        if let minimumConfidence { configuration.minimumConfidence = minimumConfidence }
        if let threads { configuration.workerCount = threads }
        configuration.shard = shard.flatMap(Shard.init)
        let progress = ScanProgress()
        configuration.progress = progress
        let display = ProgressDisplay.start(progress, quiet: quiet)

        var result: ScanResult
        if staged || history {
            let source = GitSource(repository: paths.first ?? ".")
            do {
                let blobs = staged ? try source.stagedBlobs() : try source.historyBlobs(since: since, branches: branches)
                result = try ScanEngine(ruleSet: prepared.ruleSet).scan(git: source, blobs: blobs, configuration: configuration)
            } catch {
                throw ResidueFailure(message: "\(paths.first ?? "."): \(error.description)")
            }
        } else {
            result = ScanEngine(ruleSet: prepared.ruleSet).scan(configuration)
        }
        display?.stop()
        if verbose {
            Console.note("\(prepared.definitions.count) rules; \(result.statistics.filesScanned) files scanned; skipped: \(result.statistics.skipped.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")); regex limit hits \(result.statistics.regexLimitHits)")
        }
        Console.warnings(result.warnings)
        if verbose { Console.warnings(result.notes) }
        if !result.failedRoots.isEmpty && result.failedRoots.count == paths.count {
            throw ResidueFailure(message: "nothing could be scanned: \(result.failedRoots.joined(separator: ", "))")
        }
        if let baselinePath {
            let baseline: Baseline
            do {
                baseline = try Baseline.load(from: baselinePath)
            } catch {
                throw ResidueFailure(message: error.description)
            }
            let filtered = baseline.filter(result.findings)
            result.findings = filtered.new
            result.statistics.suppressedByBaseline = filtered.suppressed
        }
        try report.finish(result, prepared: prepared, failOnIncomplete: failOnIncomplete, quiet: quiet)
    }
}

/// What `scan` and `baseline create` share: the config and the rules it selects.
enum ScanSetup {
    struct Prepared {
        var config: ResidueConfig
        var definitions: [RuleDefinition]
        var ruleSet: CompiledRuleSet

        /// A scan of `roots` with the config's settings; command-line flags override them after.
        func configuration(roots: [String], respectIgnoreFiles: Bool) -> ScanConfiguration {
            var configuration = ScanConfiguration(roots: roots)
            configuration.respectIgnoreFiles = respectIgnoreFiles
            configuration.excludes = config.excludes
            configuration.disabledRules = config.disabledAnalyzerRules
            configuration.inlineIgnores = config.inlineIgnore ?? true
            configuration.minimumConfidence = config.minimumConfidence ?? .low
            if let size = config.maxFileSizeMiB { configuration.maxFileSize = size << 20 }
            return configuration
        }
    }

    static func prepare(paths: [String], extraRulePacks: [String], configPath: String?, noConfig: Bool) throws -> Prepared {
        var config = ResidueConfig()
        var configSource = "built-in rules"
        if !noConfig, let path = configPath ?? defaultConfigPath(paths: paths) {
            do {
                config = try ResidueConfig.load(from: path)
            } catch {
                throw ResidueFailure(message: error.description)
            }
            configSource = path
        }
        var definitions = try RuleLoading.definitions(extraPacks: extraRulePacks)
        do {
            definitions = try config.applyRuleSelection(to: definitions, path: configSource)
        } catch {
            throw ResidueFailure(message: error.description)
        }
        let ruleSet = try RuleLoading.compile(definitions, source: extraRulePacks.first ?? configSource)
        return Prepared(config: config, definitions: definitions, ruleSet: ruleSet)
    }

    /// `.residue.yaml` in the first folder scanned, else in the working directory.
    static func defaultConfigPath(paths: [String]) -> String? {
        var candidates: [String] = []
        if let first = paths.first {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), isDirectory.boolValue {
                candidates.append((first as NSString).appendingPathComponent(ResidueConfig.fileName))
            }
        }
        candidates.append(ResidueConfig.fileName)
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// Writes a report to standard output or a file, the same way for every command.
enum ReportOutput {
    /// Regular files are replaced atomically (temporary file, then rename) so a reader never sees
    /// half a report; anything else — `/dev/null`, `/dev/stdout`, a FIFO — is written in place,
    /// because renaming over it would replace the device itself.
    static func write(_ data: Data, to path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            return
        }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func emit(_ result: ScanResult, format: ReportFormat, output: String?, rules: [RuleDefinition], noColor: Bool, quiet: Bool = false) throws {
        let colour = format == .text && output == nil && !noColor && Console.stdoutIsColourTerminal
        let report = ReportRenderer.render(
            result, format: format, rules: rules, colour: colour,
            workingDirectory: FileManager.default.currentDirectoryPath)
        guard let output else {
            Console.output(report)
            return
        }
        do {
            try ReportOutput.write(Data(report.utf8), to: output)
        } catch {
            throw ResidueFailure(message: "\(output): cannot write report: \(error.localizedDescription)")
        }
        if !quiet { Console.note("wrote \(format.rawValue) report to \(output): \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")") }
    }
}
