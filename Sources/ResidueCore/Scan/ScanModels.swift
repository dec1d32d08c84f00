/// Something that went wrong with one path; the scan went on without it.
public struct ScanWarning: Sendable, Equatable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// By path, then reason: the order reports list warnings in, whatever order workers met them.
    public static func reportOrder(_ lhs: ScanWarning, _ rhs: ScanWarning) -> Bool {
        lhs.path != rhs.path ? lhs.path < rhs.path : lhs.reason < rhs.reason
    }

    /// A file or blob skipped for its size.
    static func overSizeLimit(path: String, size: Int, limit: Int) -> ScanWarning {
        ScanWarning(
            path: path,
            reason: "not scanned: \(ByteCountText.format(size)) is over the \(ByteCountText.format(limit)) limit (--max-file-size)")
    }
}

/// Why a path was not scanned.
public enum SkipReason: String, Sendable, Codable, CaseIterable, Comparable {
    /// Binary content (by extension, NUL bytes or libmagic).
    case binary
    /// Excluded by `.gitignore` / `.residueignore`.
    case ignored
    /// A symbolic link: the target is scanned at its own path, or lies outside the scanned root.
    case symlink
    /// Over the per-file size limit.
    case tooLarge = "too-large"
    /// A FIFO, socket or device.
    case notRegularFile = "not-a-regular-file"
    /// Could not be opened or read (permissions, vanished, broken link).
    case unreadable

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Counts of what a scan did and did not look at.
public struct ScanStatistics: Sendable, Equatable {
    public var filesScanned = 0
    public var bytesScanned = 0
    public var skipped: [SkipReason: Int] = [:]
    /// Regex attempts stopped by PCRE2's match or depth limit.
    public var regexLimitHits = 0
    /// Files whose regex work stopped at the per-file time budget.
    public var timeBudgetHits = 0
    /// Files with more findings than the per-file limit (the rest summarised in one finding).
    public var findingsCapped = 0
    /// Templates (YAML, JSON, HCL) that did not parse: scanned as text, but their functions not analyzed.
    public var templatesNotParsed = 0
    /// Findings silenced by a `residue:ignore` comment.
    public var suppressedInline = 0
    /// Findings silenced because the baseline knows them.
    public var suppressedByBaseline = 0
    public var durationSeconds = 0.0

    public init() {}

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    mutating func skip(_ reason: SkipReason, count: Int = 1) {
        skipped[reason, default: 0] += count
    }

    mutating func add(_ other: ScanStatistics) {
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        regexLimitHits += other.regexLimitHits
        timeBudgetHits += other.timeBudgetHits
        findingsCapped += other.findingsCapped
        templatesNotParsed += other.templatesNotParsed
        suppressedInline += other.suppressedInline
        suppressedByBaseline += other.suppressedByBaseline
        for (reason, count) in other.skipped { skipped[reason, default: 0] += count }
    }
}
