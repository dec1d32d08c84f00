import Synchronization

/// Live counters a long scan updates as it goes; a front end may poll them to draw progress.
public final class ScanProgress: Sendable {
    private let files = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let findings = Atomic<Int>(0)
    private let total = Atomic<Int>(0)

    public init() {}

    public struct Snapshot: Sendable, Equatable {
        public var filesDone: Int
        public var filesTotal: Int
        public var bytesDone: Int
        public var findings: Int
    }

    public var snapshot: Snapshot {
        Snapshot(filesDone: files.load(ordering: .relaxed), filesTotal: total.load(ordering: .relaxed),
                 bytesDone: bytes.load(ordering: .relaxed), findings: findings.load(ordering: .relaxed))
    }

    /// The total grows while the walk finds files.
    func addToTotal(_ count: Int) {
        total.wrappingAdd(count, ordering: .relaxed)
    }

    func setTotal(_ count: Int) {
        total.store(count, ordering: .relaxed)
    }

    func record(bytes count: Int, findings found: Int) {
        files.wrappingAdd(1, ordering: .relaxed)
        bytes.wrappingAdd(count, ordering: .relaxed)
        if found > 0 { findings.wrappingAdd(found, ordering: .relaxed) }
    }
}
