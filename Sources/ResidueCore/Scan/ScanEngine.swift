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
    /// Files are read and matched in chunks of this size, overlapping by `chunkOverlap`.
    public var chunkSize = 8 << 20
    public var chunkOverlap = 128 << 10
    public var workerCount = ProcessInfo.processInfo.activeProcessorCount

    public init(roots: [String]) {
        self.roots = roots
    }
}

/// Everything a scan produced.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var warnings: [ScanWarning]
    public var statistics: ScanStatistics
    /// Roots that could not be opened at all.
    public var failedRoots: [String]
}

/// Walks, classifies and matches files in parallel. Never prints; never writes.
public final class ScanEngine: Sendable {
    public let ruleSet: CompiledRuleSet

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
    }

    public func scan(_ configuration: ScanConfiguration) -> ScanResult {
        let started = DispatchTime.now()
        let walk = Walker(respectIgnoreFiles: configuration.respectIgnoreFiles).walk(roots: configuration.roots)
        let files = walk.files
        let slots = ResultSlots<FileScanResult>(count: files.count)
        let nextFile = WorkCounter()
        let workers = max(1, min(configuration.workerCount, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let worker = FileScanner(ruleSet: ruleSet, configuration: configuration)
            while true {
                let index = nextFile.claim()
                guard index < files.count else { break }
                slots.store(worker.scan(files[index]), at: index)
            }
        }
        var findings: [Finding] = []
        var warnings = walk.warnings
        var statistics = walk.statistics
        for index in 0..<files.count {
            guard let result = slots.take(at: index) else { continue }
            findings.append(contentsOf: result.findings)
            warnings.append(contentsOf: result.warnings)
            statistics.add(result.statistics)
        }
        findings.sort(by: Finding.reportOrder)
        statistics.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return ScanResult(findings: findings, warnings: warnings, statistics: statistics, failedRoots: walk.failedRoots)
    }

    /// Scans bytes held in memory as if they were the file at `path` (tests, rule examples, stdin).
    public func scan(bytes: [UInt8], path: String, showSecrets: Bool = false) -> [Finding] {
        var configuration = ScanConfiguration(roots: [])
        configuration.showSecrets = showSecrets
        let worker = FileScanner(ruleSet: ruleSet, configuration: configuration)
        return worker.scanInMemory(bytes, path: path).findings
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
