import Dispatch
import Foundation
import Synchronization

/// What to scan and how.
public struct ScanConfiguration: Sendable {
    public var roots: [String]
    /// Honour `.gitignore` and `.residueignore`.
    public var respectIgnoreFiles = true
    /// Put full secret values into findings (`--show-secrets`).
    public var showSecrets = false
    /// Files larger than this are skipped with a warning.
    public var maxFileSize = 256 << 20
    /// Bounds on what one archive (`.zip`, `.jar`, `.whl`, `.tar.gz`) may expand to.
    public var archiveLimits = ArchiveLimits()
    /// Files are read and matched in chunks of this size, overlapping by `chunkOverlap`.
    public var chunkSize = 8 << 20
    public var chunkOverlap = 128 << 10
    public var workerCount = ProcessInfo.processInfo.activeProcessorCount
    /// Honour `residue:ignore` comments.
    public var inlineIgnores = true
    /// Findings less certain than this are not reported (`--min-confidence`).
    public var minimumConfidence = Confidence.low
    /// Extra exclusions (gitignore syntax, relative to each root), from `.residue.yaml`.
    public var excludes: [String] = []
    /// Counters updated while the scan runs, for a progress display.
    public var progress: ScanProgress?
    /// Scan only the files of this shard: (index from 0, count). See `Shard`.
    public var shard: Shard?
    /// Set by the engine for the file pass: sees each source file after the content rules.
    var handlerState: HandlerStateAnalyzer?
    /// Set by the engine: where large archive entries are written to be scanned from a file (the
    /// spool's folder, never inside a scanned root); nil: they are held in memory.
    var temporaryDirectory: String?
    /// Regex work on one file stops after this many seconds (0: no budget), with a warning: PCRE2's
    /// match and depth limits bound each attempt, this bounds a file full of near-misses.
    public var matchTimeBudget = 10.0
    /// Findings reported per file; beyond it one summary finding says how many more there are.
    public var maxFindingsPerFile = 1000
    /// Read serverless templates (SAM, CloudFormation, Serverless Framework, Terraform, CDK) for
    /// secrets and sensitive data in function configuration.
    public var analyzeServerlessConfig = true
    /// Look for per-request data and secrets kept in handler state across invocations.
    public var analyzeHandlerState = true
    /// Rule ids whose findings are dropped (`rules.disable`), for analyzer rules; pattern rules
    /// are removed from the rule set before the scan.
    public var disabledRules: Set<String> = []
    /// Findings held in memory; past this many, they go to a spool file (see `FindingCollector`).
    public var findingsHeldInMemory = 4096
    /// Where temporary files go (the findings spool, archive entries over 8 MiB): the temporary
    /// directory unless set. Never inside a scanned root: then both stay in memory.
    public var spoolDirectory: String?

    public init(roots: [String]) {
        self.roots = roots
    }
}

/// Everything a scan produced.
public struct ScanResult: Sendable {
    public var findings: FindingList
    public var warnings: [ScanWarning]
    public var statistics: ScanStatistics
    /// Roots that could not be opened at all.
    public var failedRoots: [String]
    /// Said only at `--verbose`: what an analyzer skipped on purpose (minified bundles, generated code).
    public var notes: [ScanWarning] = []

    public init(findings: [Finding], warnings: [ScanWarning], statistics: ScanStatistics, failedRoots: [String],
                notes: [ScanWarning] = []) {
        self.init(findings: FindingList(findings), warnings: warnings, statistics: statistics, failedRoots: failedRoots, notes: notes)
    }

    public init(findings: FindingList, warnings: [ScanWarning], statistics: ScanStatistics, failedRoots: [String],
                notes: [ScanWarning] = []) {
        self.findings = findings
        self.warnings = warnings
        self.statistics = statistics
        self.failedRoots = failedRoots
        self.notes = notes
    }
}

/// Walks, classifies and matches files in parallel. Never prints; never writes.
public final class ScanEngine: Sendable {
    public let ruleSet: CompiledRuleSet

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
    }

    public func scan(_ configuration: ScanConfiguration) -> ScanResult {
        let configuration = withTemporaryDirectory(configuration)
        let started = DispatchTime.now()
        let walker = Walker(respectIgnoreFiles: configuration.respectIgnoreFiles, excludes: configuration.excludes)
        let shard = configuration.shard
        let collector = makeCollector(configuration)
        var warnings: [ScanWarning] = []
        var notes: [ScanWarning] = []
        var statistics = ScanStatistics()

        // Templates first: the handlers they declare tell the handler-state analysis which
        // files and symbols are handlers. This walk hands on only the files named like templates,
        // to be sniffed as they come; the file pass below walks again, so no list of every file
        // (or every YAML and JSON file) is ever held.
        var handlers: [HandlerDeclaration] = []
        if configuration.analyzeServerlessConfig {
            let templates = BackgroundWalk(walker, roots: configuration.roots) { file in
                ServerlessConfigAnalyzer.kind(of: file.relativePath) != nil && (shard?.contains(file.relativePath) ?? true)
            }
            let analysis = ServerlessConfigAnalyzer(ruleSet: ruleSet, configuration: configuration).analyze(templates, into: collector)
            handlers = analysis.handlers
            warnings += analysis.output.warnings
            statistics.templatesNotParsed += analysis.output.warnings.count
            notes += analysis.output.notes
            statistics.suppressedInline += analysis.output.suppressedInline
        }
        var fileConfiguration = configuration
        if configuration.analyzeHandlerState {
            fileConfiguration.handlerState = HandlerStateAnalyzer(handlers: handlers, showSecrets: configuration.showSecrets)
        }
        handlers = []
        let pass = scanWhileWalking(walker, configuration: fileConfiguration, collector: collector)
        warnings += pass.walk.warnings + pass.files.warnings
        notes += pass.files.notes
        statistics.add(pass.walk.statistics)
        statistics.add(pass.files.statistics)
        let collected = collector.finish()
        notes += collected.notes
        // Workers finish files in no fixed order: the report's order comes from the paths.
        warnings.sort(by: ScanWarning.reportOrder)
        notes.sort(by: ScanWarning.reportOrder)
        statistics.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return ScanResult(findings: collected.findings, warnings: warnings, statistics: statistics,
                          failedRoots: pass.walk.failedRoots, notes: notes)
    }

    /// The configuration with its temporary directory: the one asked for (else `TMPDIR`), unless
    /// it lies inside a scanned root.
    private func withTemporaryDirectory(_ configuration: ScanConfiguration) -> ScanConfiguration {
        var resolved = configuration
        resolved.temporaryDirectory = UnlinkedFile.folder(
            outside: configuration.roots, preferred: configuration.spoolDirectory ?? NSTemporaryDirectory())
        return resolved
    }

    /// Where a scan's findings gather: spooled to a file past the in-memory limit.
    private func makeCollector(_ configuration: ScanConfiguration) -> FindingCollector {
        FindingCollector(
            heldLimit: configuration.findingsHeldInMemory, spoolDirectory: configuration.temporaryDirectory,
            disabledRules: configuration.disabledRules, minimumConfidence: configuration.minimumConfidence)
    }

    /// The file pass: one thread walks the tree into a bounded queue while every worker takes
    /// files from it, hands each file's findings to the collector and folds the rest into its own
    /// totals. Memory depends on neither how many files the tree holds nor how many findings.
    private func scanWhileWalking(
        _ walker: Walker, configuration: ScanConfiguration, collector: FindingCollector
    ) -> (walk: Walker.Result, files: FileScanResult) {
        let shard = configuration.shard
        let progress = configuration.progress
        let walk = BackgroundWalk(walker, roots: configuration.roots) { file in
            guard shard?.contains(file.relativePath) ?? true else { return false }
            progress?.addToTotal(1)
            return true
        }
        let queue = walk.queue

        let workers = max(1, configuration.workerCount)
        let totals = ResultSlots<FileScanResult>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { workerIndex in
            let worker = FileScanner(ruleSet: ruleSet, configuration: configuration)
            var collected = FileScanResult()
            var batch: [InputFile] = []
            while queue.pop(into: &batch, atMost: 16) {
                for file in batch {
                    var result = worker.scan(file)
                    result.capFindings(at: configuration.maxFindingsPerFile, relativePath: file.relativePath)
                    progress?.record(bytes: result.statistics.bytesScanned, findings: result.findings.count)
                    collector.add(result.findings)
                    result.findings = []
                    collected.absorb(result)
                }
            }
            totals.store(collected, at: workerIndex)
        }
        let walkResult = walk.wait()
        var combined = FileScanResult()
        for index in 0..<workers {
            if let collected = totals.take(at: index) { combined.absorb(collected) }
        }
        return (walkResult, combined)
    }

    /// Scans git blobs (the index, or history): content streams from one `git cat-file --batch`
    /// in batches that are matched in parallel, so memory stays bounded whatever the history.
    public func scan(git source: GitSource, blobs allBlobs: [GitBlob], configuration: ScanConfiguration) throws(GitSource.GitError) -> ScanResult {
        let configuration = withTemporaryDirectory(configuration)
        let started = DispatchTime.now()
        let exclusions = IgnoreFile(exclusions: configuration.excludes)
        var statistics = ScanStatistics()
        let blobs = allBlobs.filter { blob in
            if exclusions.excludes(path: blob.path) {
                statistics.skip(.ignored)
                return false
            }
            return configuration.shard?.contains(blob.path) ?? true
        }
        configuration.progress?.setTotal(blobs.count)
        let collector = makeCollector(configuration)
        var warnings: [ScanWarning] = []
        var batch: [(blob: GitBlob, bytes: [UInt8])] = []
        var batchBytes = 0

        func flush() {
            guard !batch.isEmpty else { return }
            let items = batch
            let results = scanInParallel(items, configuration: configuration) { worker, item in
                var result = worker.scanBlob(item.bytes, path: item.blob.path)
                result.capFindings(at: configuration.maxFindingsPerFile, relativePath: item.blob.path)
                return result
            }
            for (item, result) in zip(items, results) {
                collector.add(result.findings.map { finding in
                    var finding = finding
                    finding.commit = item.blob.commit
                    finding.authorDate = item.blob.authorDate
                    return finding
                })
                warnings += result.warnings
                statistics.add(result.statistics)
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }

        try source.readBlobs(blobs.map(\.objectID), maxSize: configuration.maxFileSize) { index, content, size in
            guard let bytes = content else {
                warnings.append(.overSizeLimit(path: blobs[index].path, size: size, limit: configuration.maxFileSize))
                statistics.skip(.tooLarge)
                return
            }
            batch.append((blobs[index], bytes))
            batchBytes += bytes.count
            if batchBytes >= 32 << 20 || batch.count >= 4096 { flush() }
        }
        flush()
        let collected = collector.finish()
        statistics.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return ScanResult(findings: collected.findings, warnings: warnings, statistics: statistics, failedRoots: [],
                          notes: collected.notes)
    }

    /// Scans items on every worker (one `FileScanner` each, pulling indices from an atomic counter)
    /// and returns the results in the items' order.
    private func scanInParallel<Item: Sendable>(
        _ items: [Item], configuration: ScanConfiguration, _ scan: @Sendable (FileScanner, Item) -> FileScanResult
    ) -> [FileScanResult] {
        guard !items.isEmpty else { return [] }
        let slots = ResultSlots<FileScanResult>(count: items.count)
        let next = WorkCounter()
        let workers = max(1, min(configuration.workerCount, items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let worker = FileScanner(ruleSet: ruleSet, configuration: configuration)
            while true {
                let index = next.claim()
                guard index < items.count else { break }
                let result = scan(worker, items[index])
                configuration.progress?.record(bytes: result.statistics.bytesScanned, findings: result.findings.count)
                slots.store(result, at: index)
            }
        }
        return (0..<items.count).compactMap { slots.take(at: $0) }
    }

    /// Scans bytes held in memory as if they were the file at `path` (tests, rule examples, stdin).
    public func scan(bytes: [UInt8], path: String, showSecrets: Bool = false) -> [Finding] {
        var configuration = ScanConfiguration(roots: [])
        configuration.showSecrets = showSecrets
        let worker = FileScanner(ruleSet: ruleSet, configuration: configuration)
        return worker.scanInMemory(bytes, path: path).findings
    }
}

/// One of N deterministic slices of a tree, so a large scan can fan out over CI jobs: a file
/// belongs to shard `hash(relative path) mod N`, with FNV-1a, the same on every machine.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// Parses `K/N` with 1 ≤ K ≤ N (1-based, as users count jobs).
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        index = k - 1
        count = n
    }

    public func contains(_ relativePath: String) -> Bool {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in relativePath.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count)) == index
    }
}

/// Hands out file indices to workers.
final class WorkCounter: Sendable {
    private let next = Atomic<Int>(0)

    func claim() -> Int {
        next.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// One slot per file; each slot is written by exactly one worker, then read after all finish.
final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ value: Value, at index: Int) {
        storage[index] = value
    }

    func take(at index: Int) -> Value? {
        let value = storage[index]
        storage[index] = nil
        return value
    }
}

/// Files on their way from the walker thread to the workers. Bounded: the walker waits when the
/// workers fall behind, so a tree of millions of files is never held as a list.
final class FileQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [InputFile] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits while the queue is full.
    func push(_ file: InputFile) {
        condition.lock()
        defer { condition.unlock() }
        while buffer.count - head >= capacity {
            condition.wait()
        }
        buffer.append(file)
        condition.broadcast()
    }

    /// No more files will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Replaces `batch` with up to `limit` files, waiting for some; false once the queue is closed
    /// and drained.
    func pop(into batch: inout [InputFile], atMost limit: Int) -> Bool {
        batch.removeAll(keepingCapacity: true)
        condition.lock()
        defer { condition.unlock() }
        while head == buffer.count && !closed {
            condition.wait()
        }
        guard head < buffer.count else { return false }
        let end = min(buffer.count, head + limit)
        batch.append(contentsOf: buffer[head..<end])
        head = end
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= capacity {
            buffer.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return true
    }
}

/// A walk on its own thread into a bounded queue of the files `accept` takes, for workers to
/// drain while it goes on; `wait()` gives its summary once it is done.
final class BackgroundWalk: Sendable {
    let queue = FileQueue(capacity: 4096)
    private let done = DispatchSemaphore(value: 0)
    private let result = WalkResultBox()

    init(_ walker: Walker, roots: [String], accept: @escaping @Sendable (InputFile) -> Bool) {
        let queue = queue
        let done = done
        let result = result
        let thread = Thread {
            let summary = walker.walk(roots: roots) { file in
                if accept(file) { queue.push(file) }
            }
            queue.close()
            result.store(summary)
            done.signal()
        }
        // The walk recurses once per folder level.
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Waits for the walk to end (the queue must be drained, or it waits forever).
    func wait() -> Walker.Result {
        done.wait()
        return result.take() ?? Walker.Result()
    }
}

/// The walker thread's summary (warnings, skip counts, failed roots), handed to the engine.
final class WalkResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Walker.Result?

    func store(_ value: Walker.Result) {
        lock.lock()
        result = value
        lock.unlock()
    }

    func take() -> Walker.Result? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}
