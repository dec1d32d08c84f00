import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers a scan's findings as workers report them. The first `heldLimit` stay in memory; past
/// that, every finding is encoded into a spool file in the temporary directory and only a 40-byte
/// index entry stays behind (a finding in memory takes 1–2 KB with its message, excerpt and
/// fingerprint, and a monorepo's generated templates alone can yield 50,000 of them).
///
/// The spool file is unlinked the moment it is created, so nothing is left behind even when the
/// process is killed, and it is never placed inside a scanned root (the engine checks). If it
/// cannot be created or written (disk full), the findings come back into memory with a note and
/// the scan goes on.
///
/// Also applies what must be decided across analyzers before a finding is kept: disabled rules, the
/// minimum confidence, and a content finding on a template line that a serverless-config finding
/// already reports (that one names the function and the field, and says which token rule matched).
/// The template pass runs before the file pass, so every covering finding arrives first.
final class FindingCollector: @unchecked Sendable {
    private struct Place: Hashable {
        var path: UInt32
        var line: Int
    }

    private let lock = NSLock()
    private let heldLimit: Int
    private var spoolDirectory: String?
    private let disabledRules: Set<String>
    private let minimumConfidence: Confidence

    private var held: [Finding] = []
    private var descriptor: Int32 = -1
    /// Bytes already in the spool file; `pending` follows them.
    private var written = 0
    private var pending: [UInt8] = []
    private var entries: [FindingSpool.Entry] = []
    private var paths: [String] = []
    private var pathIDs: [String: UInt32] = [:]
    private var rules: [String] = []
    private var ruleIDs: [String: UInt32] = [:]
    private var covered: Set<Place> = []
    private var notes: [ScanWarning] = []

    /// `spoolDirectory` nil: everything stays in memory.
    init(heldLimit: Int, spoolDirectory: String?, disabledRules: Set<String> = [], minimumConfidence: Confidence = .low) {
        self.heldLimit = max(0, heldLimit)
        self.spoolDirectory = spoolDirectory
        self.disabledRules = disabledRules
        self.minimumConfidence = minimumConfidence
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Keeps `findings` (minus disabled rules, low confidence and covered template lines).
    /// `covering`: these are serverless-config findings; content findings reported later on the
    /// same lines are dropped.
    func add(_ findings: [Finding], covering: Bool = false) {
        guard !findings.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for finding in findings {
            guard !disabledRules.contains(finding.ruleID), finding.confidence >= minimumConfidence else { continue }
            if covering {
                covered.insert(Place(path: intern(finding.path, in: &paths, ids: &pathIDs), line: finding.line))
            } else if !covered.isEmpty, let path = pathIDs[finding.path], covered.contains(Place(path: path, line: finding.line)) {
                continue
            }
            if descriptor >= 0 {
                spool(finding)
            } else {
                held.append(finding)
                if held.count > heldLimit { spill() }
            }
        }
    }

    /// Everything kept, in report order, and notes about the spool (it could not be used).
    func finish() -> (findings: FindingList, notes: [ScanWarning]) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor >= 0 { flushPending() }
        guard descriptor >= 0 else {
            var findings = held
            held = []
            Finding.sortForReport(&findings)
            return (FindingList(findings), notes)
        }
        let spool = FindingSpool(descriptor: descriptor, paths: paths, rules: rules)
        descriptor = -1
        var sorted = entries
        entries = []
        spool.sortForReport(&sorted)
        return (FindingList(spool: spool, entries: sorted), notes)
    }

    private func intern(_ value: String, in table: inout [String], ids: inout [String: UInt32]) -> UInt32 {
        if let id = ids[value] { return id }
        let id = UInt32(table.count)
        table.append(value)
        ids[value] = id
        return id
    }

    /// Opens the spool file and moves the held findings into it.
    private func spill() {
        guard let directory = spoolDirectory else { return }
        let opened = UnlinkedFile.create(in: directory, prefix: "residue-findings")
        guard opened >= 0 else {
            giveUpSpooling("cannot create a spool file: \(String(cString: strerror(errno)))")
            return
        }
        descriptor = opened
        let moving = held
        held = []
        for (index, finding) in moving.enumerated() {
            // A failed write brought the spooled ones back into `held`; the rest join them.
            guard descriptor >= 0 else {
                held += moving[index...]
                return
            }
            spool(finding)
        }
    }

    private func spool(_ finding: Finding) {
        let offset = written + pending.count
        FindingCodec.encode(finding, into: &pending)
        entries.append(FindingSpool.Entry(
            offset: offset, length: UInt32(written + pending.count - offset),
            path: intern(finding.path, in: &paths, ids: &pathIDs), rule: intern(finding.ruleID, in: &rules, ids: &ruleIDs),
            line: finding.line, column: finding.column))
        if pending.count >= 1 << 20 { flushPending() }
    }

    private func flushPending() {
        guard pending.withUnsafeBytes({ DescriptorIO.write(descriptor, $0) }) == pending.count else {
            // `written` still marks where `pending` starts: a partly written tail is read from it.
            fallBackToMemory("cannot write the spool file: \(String(cString: strerror(errno)))")
            return
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads back what was spooled (from the file, or from `pending` for what was not written yet)
    /// and keeps everything in memory from now on.
    private func fallBackToMemory(_ reason: String) {
        let unwritten = pending
        let spool = FindingSpool(descriptor: descriptor, paths: paths, rules: rules)
        descriptor = -1
        held = entries.map { entry in
            let start = entry.offset - written
            guard start >= 0 else { return spool.finding(at: entry) }
            return spool.finding(at: entry, in: Array(unwritten[start..<(start + Int(entry.length))]))
        }
        entries = []
        pending = []
        written = 0
        giveUpSpooling(reason)
    }

    private func giveUpSpooling(_ reason: String) {
        notes.append(ScanWarning(path: spoolDirectory ?? "", reason: "\(reason); findings kept in memory"))
        spoolDirectory = nil
    }
}

/// A spool file of encoded findings and the tables their entries point into. Read-only once built;
/// reads are `pread`s, safe from any thread.
final class FindingSpool: @unchecked Sendable {
    /// Where one finding lies in the file, with what the report order needs (40 bytes).
    struct Entry: Sendable {
        var offset: Int
        var length: UInt32
        var path: UInt32
        var rule: UInt32
        var line: Int
        var column: Int
    }

    private let descriptor: Int32
    private let paths: [String]
    private let rules: [String]

    init(descriptor: Int32, paths: [String], rules: [String]) {
        self.descriptor = descriptor
        self.paths = paths
        self.rules = rules
    }

    deinit {
        close(descriptor)
    }

    func finding(at entry: Entry) -> Finding {
        finding(at: entry, in: DescriptorIO.read(descriptor, at: entry.offset, count: Int(entry.length)))
    }

    /// The finding encoded in `bytes`; a stand-in that says so if they do not decode (the spool
    /// file was damaged under us), so a report never drops a finding silently.
    func finding(at entry: Entry, in bytes: [UInt8]) -> Finding {
        let path = paths[Int(entry.path)]
        let ruleID = rules[Int(entry.rule)]
        if let finding = FindingCodec.decode(bytes, path: path, ruleID: ruleID) { return finding }
        var unreadable = Finding(
            ruleID: ruleID, title: ruleID, severity: .high, confidence: .low, category: .secret, path: path,
            line: entry.line, column: entry.column, endLine: entry.line, excerpt: "", redactedSecret: "",
            fingerprint: "unreadable-\(entry.offset)")
        unreadable.message = "this finding could not be read back from the scan's spool file"
        return unreadable
    }

    /// Report order (`Finding.reportOrder`) from the entries alone: paths and rules compared once
    /// as strings, by rank; only entries equal up to the rule are read back for their fingerprints.
    func sortForReport(_ entries: inout [Entry]) {
        let pathRank = Self.ranks(of: paths)
        let ruleRank = Self.ranks(of: rules)
        func key(_ entry: Entry) -> (Int, Int, Int, Int) {
            (pathRank[Int(entry.path)], entry.line, entry.column, ruleRank[Int(entry.rule)])
        }
        entries.sort { key($0) < key($1) }
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count && key(entries[end]) == key(entries[start]) { end += 1 }
            if end - start > 1 {
                let run = entries[start..<end].map { (entry: $0, fingerprint: finding(at: $0).fingerprint) }
                entries.replaceSubrange(start..<end, with: run.sorted { $0.fingerprint < $1.fingerprint }.map(\.entry))
            }
            start = end
        }
    }

    private static func ranks(of values: [String]) -> [Int] {
        var ranks = [Int](repeating: 0, count: values.count)
        for (rank, index) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() {
            ranks[index] = rank
        }
        return ranks
    }
}

/// A finding as bytes: LEB128 integers, length-prefixed UTF-8 strings, enum cases by position.
/// The path and rule id live in the spool's tables, not in each record.
enum FindingCodec {
    static func encode(_ finding: Finding, into bytes: inout [UInt8]) {
        func integer(_ value: Int) {
            // Zigzag, so a negative value (never expected) still round-trips.
            var rest = UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> 63))
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }
        func text(_ value: String) {
            integer(value.utf8.count)
            bytes.append(contentsOf: value.utf8)
        }
        func optionalText(_ value: String?) {
            bytes.append(value == nil ? 0 : 1)
            if let value { text(value) }
        }
        text(finding.title)
        bytes.append(UInt8(Severity.allCases.firstIndex(of: finding.severity) ?? 0))
        bytes.append(UInt8(Confidence.allCases.firstIndex(of: finding.confidence) ?? 0))
        bytes.append(UInt8(FindingCategory.allCases.firstIndex(of: finding.category) ?? 0))
        integer(finding.line)
        integer(finding.column)
        integer(finding.endLine)
        text(finding.excerpt)
        text(finding.redactedSecret)
        text(finding.fingerprint)
        optionalText(finding.secret)
        optionalText(finding.commit)
        optionalText(finding.authorDate)
        optionalText(finding.message)
        switch finding.encoding {
        case nil: bytes.append(0)
        case .base64: bytes.append(1)
        case .percent: bytes.append(2)
        }
    }

    static func decode(_ bytes: [UInt8], path: String, ruleID: String) -> Finding? {
        var position = 0
        func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }
        func integer() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while shift < 64, let next = byte() {
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)) }
                shift += 7
            }
            return nil
        }
        func text() -> String? {
            guard let count = integer(), count >= 0, count <= bytes.count - position else { return nil }
            defer { position += count }
            return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
        }
        func optionalText() -> String?? {
            switch byte() {
            case 0: return .some(nil)
            case 1: return text().map { .some($0) }
            default: return nil
            }
        }
        func choice<Case>(_ cases: [Case]) -> Case? {
            guard let index = byte(), Int(index) < cases.count else { return nil }
            return cases[Int(index)]
        }
        guard let title = text(), let severity = choice(Severity.allCases), let confidence = choice(Confidence.allCases),
              let category = choice(FindingCategory.allCases), let line = integer(), let column = integer(),
              let endLine = integer(), let excerpt = text(), let redacted = text(), let fingerprint = text(),
              let secret = optionalText(), let commit = optionalText(), let authorDate = optionalText(),
              let message = optionalText(), let encoding = choice([nil, ContentEncoding.base64, .percent]),
              position == bytes.count
        else { return nil }
        var finding = Finding(
            ruleID: ruleID, title: title, severity: severity, confidence: confidence, category: category, path: path,
            line: line, column: column, endLine: endLine, excerpt: excerpt, redactedSecret: redacted,
            fingerprint: fingerprint, secret: secret)
        finding.commit = commit
        finding.authorDate = authorDate
        finding.message = message
        finding.encoding = encoding
        return finding
    }
}
