/// The findings of a scan, in report order. Small results are held as an array; a large scan keeps
/// its findings in a spool file (see `FindingCollector`) and holds only a small sorted index, each
/// finding read back when a report, the baseline filter or a test reaches it. So a scan's memory
/// does not grow with the number of its findings.
public struct FindingList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    enum Storage: Sendable {
        case held([Finding])
        case spooled(FindingSpool, [FindingSpool.Entry])
    }

    let storage: Storage

    public init(_ findings: [Finding] = []) {
        storage = .held(findings)
    }

    public init(arrayLiteral findings: Finding...) {
        storage = .held(findings)
    }

    init(spool: FindingSpool, entries: [FindingSpool.Entry]) {
        storage = .spooled(spool, entries)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .held(let findings): findings.count
        case .spooled(_, let entries): entries.count
        }
    }

    public subscript(position: Int) -> Finding {
        switch storage {
        case .held(let findings): findings[position]
        case .spooled(let spool, let entries): spool.finding(at: entries[position])
        }
    }

    /// Whether the findings live in a spool file (tests check that large scans do spill).
    public var isSpooled: Bool {
        if case .spooled = storage { return true }
        return false
    }

    /// The findings that `isIncluded` keeps, in the same order and the same storage: a spooled
    /// list stays spooled (`filter` would build an array of every finding kept).
    public func keeping(where isIncluded: (Finding) throws -> Bool) rethrows -> FindingList {
        switch storage {
        case .held(let findings):
            return FindingList(try findings.filter(isIncluded))
        case .spooled(let spool, let entries):
            return FindingList(spool: spool, entries: try entries.filter { try isIncluded(spool.finding(at: $0)) })
        }
    }

    public static func == (lhs: FindingList, rhs: FindingList) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
