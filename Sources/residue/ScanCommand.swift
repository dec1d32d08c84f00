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
    /// Streams the report, a finding at a time, to standard output or to `output`. A regular file
    /// is replaced atomically (a temporary file beside it, then a rename) so a reader never sees
    /// half a report; anything else — `/dev/null`, `/dev/stdout`, a FIFO — is written in place,
    /// because renaming over it would replace the device itself.
    static func emit(_ result: ScanResult, format: ReportFormat, output: String?, rules: [RuleDefinition], noColor: Bool, quiet: Bool = false) throws {
        let colour = format == .text && output == nil && !noColor && Console.stdoutIsColourTerminal
        func render(into sink: FileDescriptorSink) {
            ReportRenderer.render(
                result, format: format, rules: rules, colour: colour,
                workingDirectory: FileManager.default.currentDirectoryPath, to: sink)
            sink.flush()
        }
        guard let output else {
            render(into: FileDescriptorSink(descriptor: STDOUT_FILENO))
            return
        }
        do {
            try writeReport(to: output, render)
        } catch {
            throw ResidueFailure(message: "\(output): cannot write report: \(error)")
        }
        if !quiet { Console.note("wrote \(format.rawValue) report to \(output): \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")") }
    }

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func writeReport(to path: String, _ render: (FileDescriptorSink) -> Void) throws(WriteError) {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { throw WriteError(description: errnoText()) }
            defer { close(descriptor) }
            let sink = FileDescriptorSink(descriptor: descriptor)
            render(sink)
            if let failure = sink.failure { throw WriteError(description: failure) }
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/." + name + ".residue-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw WriteError(description: errnoText()) }
        // mkstemp filled in the X's; the array still ends with its NUL.
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let sink = FileDescriptorSink(descriptor: descriptor)
        render(sink)
        // A new report is readable as the file it replaces would have been (mkstemp makes it 0600).
        let mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644 & ~currentUmask()
        fchmod(descriptor, mode)
        close(descriptor)
        if let failure = sink.failure {
            unlink(temporary)
            throw WriteError(description: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw WriteError(description: reason)
        }
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// Buffers report text and writes it to a file descriptor in 64 KiB blocks. The first failed
/// write is kept (and later text dropped) for the caller to report.
final class FileDescriptorSink: ReportSink {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: String?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        buffer.withUnsafeBytes { bytes in
            guard let start = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, start + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno)).lowercased()
                    return
                }
                offset += written
            }
        }
    }
}
