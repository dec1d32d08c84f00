import CZlibInflate
import Foundation
import ZIPFoundation

/// Bounds on what one archive may expand to, against archive bombs. Each limit hit skips what
/// is over it with a warning naming the archive; the rest of the scan goes on.
public struct ArchiveLimits: Sendable, Equatable {
    /// Uncompressed bytes read from one archive (nested archives included).
    public var maxTotalBytes = 1 << 30
    /// Entries looked at in one archive (nested archives included).
    public var maxEntries = 100_000
    /// An entry over this many uncompressed bytes is skipped.
    public var maxEntryBytes = 64 << 20
    /// An entry expanding to more than this many times its compressed size is skipped, once it is
    /// past `ratioFloorBytes` (small, repetitive files legitimately compress far).
    public var maxCompressionRatio = 200
    public var ratioFloorBytes = 1 << 20

    public init() {}
}

/// The archive formats deployment packages and layers come in.
public enum ArchiveFormat: String, Sendable {
    /// `.zip`, `.jar`, `.whl` (and `.war`, `.ear`, `.aar`, `.egg`, `.nupkg`: zips too).
    case zip
    /// `.tar.gz`, `.tgz`.
    case tarGzip = "tar.gz"
    /// `.tar`.
    case tar

    static let zipExtensions: Set<String> = ["zip", "jar", "whl", "war", "ear", "aar", "egg", "nupkg"]

    /// By name alone (cheap: decides whether a file is read as an archive).
    public static func byName(_ path: String) -> ArchiveFormat? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".tar.gz") || lowered.hasSuffix(".tgz") { return .tarGzip }
        if lowered.hasSuffix(".tar") { return .tar }
        return zipExtensions.contains(Classifier.fileExtension(path)) ? .zip : nil
    }

    /// By the first bytes: `PK\3\4` (or an empty zip's `PK\5\6`), gzip's `1F 8B`.
    public static func sniff(_ bytes: [UInt8]) -> ArchiveFormat? {
        if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, (bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6) {
            return .zip
        }
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .tarGzip }
        return nil
    }
}

/// Why an archive, or part of it, was not read. The description reads after "not scanned: ".
public enum ArchiveProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case corrupt(String)
    case entryTooLarge(entry: String, limit: Int)
    case ratio(entry: String, limit: Int)
    case totalBytes(limit: Int)
    case entryCount(limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let reason): "corrupt or unreadable archive (\(reason))"
        case .entryTooLarge(let entry, let limit): "entry \(entry) is over the \(ByteCountText.format(limit)) per-entry limit"
        case .ratio(let entry, let limit): "entry \(entry) expands over \(limit)× its compressed size (archive bomb?)"
        case .totalBytes(let limit): "archive expands past the \(ByteCountText.format(limit)) total limit; later entries skipped"
        case .entryCount(let limit): "archive has over \(limit) entries; later entries skipped"
        }
    }

    /// Limits that stop the whole archive rather than one entry.
    var stopsArchive: Bool {
        switch self {
        case .corrupt, .totalBytes, .entryCount: true
        case .entryTooLarge, .ratio: false
        }
    }
}

/// Reads archives (in memory or from an open file, see `ArchiveSource`) and hands each regular
/// file's bytes to a visitor, within `ArchiveLimits`. Entries the visitor does not want (binary by
/// name) are not decompressed. A visitor may read a nested archive with the same reader: the
/// limits then cover both.
public final class ArchiveReader {
    public let limits: ArchiveLimits
    /// Shared across nested archives: totals count everything expanded from the outermost one.
    private var totalBytes = 0
    private var entryCount = 0
    /// What was skipped, in order; read after `read` returns.
    public private(set) var problems: [ArchiveProblem] = []

    /// Where entries over `largeEntryBytes` are written to be scanned from a file; nil: in memory.
    let spillDirectory: String?

    public init(limits: ArchiveLimits, spillDirectory: String? = nil) {
        self.limits = limits
        self.spillDirectory = spillDirectory
    }

    /// Entries over this many bytes go to a temporary file (see `EntrySink`), or failing that are
    /// held in memory by one worker at a time.
    static let largeEntryBytes = 8 << 20
    /// Admits one large entry held in memory at a time across every worker and reader: two 60 MB
    /// bundles in two deployment zips held at once took the scan past its memory bound.
    private static let largeEntryGate = DispatchSemaphore(value: 1)
    /// Whether this reader (an archive and the archives nested in it) holds the gate.
    private var holdsLargeEntryGate = false

    /// Waits for the gate unless this reader holds it already; true when this call took it (and so
    /// must give it back with `releaseLargeEntry`).
    private func admitLargeEntry() -> Bool {
        guard !holdsLargeEntryGate else { return false }
        Self.largeEntryGate.wait()
        holdsLargeEntryGate = true
        return true
    }

    private func releaseLargeEntry() {
        holdsLargeEntryGate = false
        Self.largeEntryGate.signal()
    }

    /// Returns the problems so far and forgets them (a nested archive takes its own).
    public func takeProblems() -> [ArchiveProblem] {
        defer { problems.removeAll() }
        return problems
    }

    /// `wants(entryPath)` decides, by name, whether an entry is read; `visit(entryPath, content)`
    /// receives each one read. Returns false when the archive stopped early.
    @discardableResult
    public func read(_ source: ArchiveSource, format: ArchiveFormat, wants: (String) -> Bool,
                     visit: (String, ArchiveEntryContent) -> Void) -> Bool {
        do {
            switch format {
            case .zip: try readZip(source, wants: wants, visit: visit)
            case .tarGzip:
                try readTar(InflatingByteStream(source.stream(), compressedSize: source.size, limits: limits), wants: wants, visit: visit)
            case .tar: try readTar(source.stream(), wants: wants, visit: visit)
            }
            return true
        } catch let problem as ArchiveProblem {
            problems.append(problem)
            return false
        } catch {
            problems.append(.corrupt(String(describing: error)))
            return false
        }
    }

    /// Counts one entry against the entry-count limit.
    private func countEntry() throws(ArchiveProblem) {
        entryCount += 1
        if entryCount > limits.maxEntries { throw .entryCount(limit: limits.maxEntries) }
    }

    // MARK: zip

    private func readZip(_ source: ArchiveSource, wants: (String) -> Bool, visit: (String, ArchiveEntryContent) -> Void) throws {
        // ZIPFoundation (0.9.20) leaks the archive's data when it finds no end-of-central-directory
        // record (its in-memory file is never closed), and looks for one with a read call per byte:
        // the record is checked here first, the same way it would be.
        guard Self.hasEndOfCentralDirectory(size: source.size, bytes: source.bytes(at:count:)) else {
            throw ArchiveProblem.corrupt("not a readable zip: missingEndOfCentralDirectoryRecord")
        }
        let sawEntry: Bool
        switch source {
        case .memory(let bytes):
            sawEntry = try bytes.withUnsafeBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return false }
                // The archive reads the bytes in place (no second copy of a large zip); it does not
                // outlive this closure.
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                return try readZipEntries(try openZip { try Archive(data: data, accessMode: .read) }, wants: wants, visit: visit)
            }
        case .file(_, let path, _):
            // Read from the file an entry at a time: the archive is never held whole.
            sawEntry = try readZipEntries(
                try openZip { try Archive(url: URL(fileURLWithPath: path), accessMode: .read) }, wants: wants, visit: visit)
        }
        let isEmptyArchive = source.bytes(at: 2, count: 2) == [5, 6]
        if !sawEntry && !isEmptyArchive {
            throw ArchiveProblem.corrupt("no entries found")
        }
    }

    private func openZip(_ open: () throws -> Archive) throws(ArchiveProblem) -> Archive {
        do {
            return try open()
        } catch {
            throw .corrupt("not a readable zip: \(error)")
        }
    }

    /// The end-of-central-directory record as ZIPFoundation finds it: the last `PK\u{5}\u{6}` that
    /// leaves room for the record, whose comment must fit in the file.
    static func hasEndOfCentralDirectory(_ bytes: [UInt8]) -> Bool {
        hasEndOfCentralDirectory(size: bytes.count) { offset, count in Array(bytes[offset..<min(bytes.count, offset + count)]) }
    }

    /// The same search over a file of `size` bytes read by `bytes(offset, count)`, a window at a
    /// time from the end (ZIPFoundation searches the whole file for it, so this does too).
    static func hasEndOfCentralDirectory(size: Int, bytes: (Int, Int) -> [UInt8]) -> Bool {
        let recordSize = 22
        guard size >= recordSize else { return false }
        let window = 1 << 20
        // Candidates are the record starts `lower..<upper`; the window read covers their records.
        var upper = size - recordSize + 1
        while upper > 0 {
            let lower = max(0, upper - window)
            let chunk = bytes(lower, upper - lower + recordSize - 1)
            guard chunk.count == upper - lower + recordSize - 1 else { return false }
            var index = upper - 1
            while index >= lower {
                let at = index - lower
                if chunk[at] == 0x50 && chunk[at + 1] == 0x4B && chunk[at + 2] == 5 && chunk[at + 3] == 6 {
                    let commentLength = Int(chunk[at + 20]) | Int(chunk[at + 21]) << 8
                    return index + recordSize + commentLength <= size
                }
                index -= 1
            }
            upper = lower
        }
        return false
    }

    /// Reads the entries; false when there were none.
    private func readZipEntries(_ archive: Archive, wants: (String) -> Bool, visit: (String, ArchiveEntryContent) -> Void) throws -> Bool {
        var sawEntry = false
        for entry in archive {
            sawEntry = true
            try countEntry()
            guard entry.type == .file else { continue }
            let path = entry.path
            guard wants(path) else { continue }
            if entry.uncompressedSize > UInt64(limits.maxEntryBytes) {
                problems.append(.entryTooLarge(entry: path, limit: limits.maxEntryBytes))
                continue
            }
            let content = makeSink(expected: Int(clamping: entry.uncompressedSize))
            defer { if content.admitted { releaseLargeEntry() } }
            let compressedSize = max(Int(clamping: entry.compressedSize), 1)
            let limits = self.limits
            let budget = limits.maxTotalBytes - totalBytes
            do {
                // The declared sizes may lie: the limits are enforced on the bytes that come out.
                _ = try archive.extract(entry, skipCRC32: true) { chunk in
                    chunk.withUnsafeBytes { content.append($0) }
                    if content.count > limits.maxEntryBytes { throw ArchiveProblem.entryTooLarge(entry: path, limit: limits.maxEntryBytes) }
                    if content.count > budget { throw ArchiveProblem.totalBytes(limit: limits.maxTotalBytes) }
                    if content.count > limits.ratioFloorBytes && content.count / compressedSize > limits.maxCompressionRatio {
                        throw ArchiveProblem.ratio(entry: path, limit: limits.maxCompressionRatio)
                    }
                }
            } catch let problem as ArchiveProblem {
                if problem.stopsArchive { throw problem }
                problems.append(problem)
                totalBytes += content.count
                continue
            } catch {
                throw ArchiveProblem.corrupt("entry \(path): \(error)")
            }
            totalBytes += content.count
            visit(path, content.content())
        }
        return sawEntry
    }

    private func makeSink(expected: Int) -> EntrySink {
        EntrySink(spillDirectory: spillDirectory, expected: expected) { [unowned self] in admitLargeEntry() }
    }

    // MARK: tar

    /// Moves up to `count` bytes from `stream` into `sink`, a piece at a time.
    private func copy(_ count: Int, from stream: ArchiveByteStream, to sink: EntrySink) throws(ArchiveProblem) {
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(count, 1), 256 << 10), alignment: 16)
        defer { piece.deallocate() }
        var left = count
        while left > 0 {
            let got = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: piece[0..<min(left, piece.count)]))
            if got == 0 { return }
            sink.append(UnsafeRawBufferPointer(rebasing: piece[0..<got]))
            left -= got
        }
    }

    /// Metadata entries (long names, pax records) larger than this are not believed.
    static let maxMetadataBytes = 1 << 20

    /// ustar, GNU (`L`/`K` long names, base-256 sizes) and pax (`x` headers' `path`, `size`), read
    /// front to back: entries not wanted are read past, not kept.
    private func readTar(_ stream: ArchiveByteStream, wants: (String) -> Bool, visit: (String, ArchiveEntryContent) -> Void) throws {
        var offset = 0
        var longName: String?
        var paxPath: String?
        var paxSize: Int?
        var sawHeader = false
        while true {
            let header = try stream.read(upTo: 512)
            // A short block at the end is not a header (as a zero block is not).
            guard header.count == 512, !header.allSatisfy({ $0 == 0 }) else { break }
            guard Self.checksumMatches(header[...]) else {
                if !sawHeader { throw ArchiveProblem.corrupt("not a tar archive") }
                throw ArchiveProblem.corrupt("bad tar header checksum at byte \(offset)")
            }
            sawHeader = true
            let type = header[156]
            guard var size = Self.number(header[...], at: 124, length: 12), size >= 0 else {
                throw ArchiveProblem.corrupt("bad tar size field at byte \(offset)")
            }
            if let paxSize, type != UInt8(ascii: "x"), type != UInt8(ascii: "g") { size = paxSize }
            let padding = (size + 511) / 512 * 512 - size
            offset += 512 + size + padding
            let runsPast = ArchiveProblem.corrupt("tar entry runs past the end")
            /// The entry's data, read whole.
            func data() throws -> [UInt8] {
                let bytes = try stream.read(upTo: size)
                guard bytes.count == size else { throw runsPast }
                _ = try stream.skip(padding)
                return bytes
            }
            /// The entry's data, read past.
            func pass() throws {
                guard try stream.skip(size) else { throw runsPast }
                _ = try stream.skip(padding)
            }
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "x"):
                guard size <= Self.maxMetadataBytes else { throw ArchiveProblem.corrupt("tar metadata entry of \(size) bytes at byte \(offset)") }
                let bytes = try data()
                if type == UInt8(ascii: "L") {
                    longName = Self.cString(bytes[...])
                } else {
                    let records = Self.paxRecords(bytes[...])
                    paxPath = records["path"]
                    paxSize = records["size"].flatMap { Int($0) }
                }
                continue
            case UInt8(ascii: "K"), UInt8(ascii: "g"):
                try pass()
                continue
            default:
                break
            }
            var name = Self.cString(header[0..<100])
            let prefix = Self.cString(header[345..<500])
            let magic = Self.cString(header[257..<262])
            if magic == "ustar" && !prefix.isEmpty { name = prefix + "/" + name }
            name = paxPath ?? longName ?? name
            longName = nil
            paxPath = nil
            paxSize = nil
            try countEntry()
            // Regular files only ('0', NUL, contiguous '7'): links, folders and devices carry no content.
            guard type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7") else {
                try pass()
                continue
            }
            while name.hasPrefix("./") { name.removeFirst(2) }
            guard wants(name) else {
                try pass()
                continue
            }
            if size > limits.maxEntryBytes {
                problems.append(.entryTooLarge(entry: name, limit: limits.maxEntryBytes))
                try pass()
                continue
            }
            totalBytes += size
            if totalBytes > limits.maxTotalBytes { throw ArchiveProblem.totalBytes(limit: limits.maxTotalBytes) }
            let content = makeSink(expected: size)
            defer { if content.admitted { releaseLargeEntry() } }
            try copy(size, from: stream, to: content)
            guard content.count == size else { throw runsPast }
            _ = try stream.skip(padding)
            visit(name, content.content())
        }
        if !sawHeader { throw ArchiveProblem.corrupt("not a tar archive") }
    }

    static func checksumMatches(_ header: ArraySlice<UInt8>) -> Bool {
        guard let stored = number(header, at: 148, length: 8) else { return false }
        var sum = 0
        for (index, byte) in header.enumerated() {
            sum += (148..<156).contains(index) ? 0x20 : Int(byte)
        }
        return sum == stored
    }

    /// An octal field (NUL/space terminated), or GNU base-256 when the high bit is set.
    static func number(_ header: ArraySlice<UInt8>, at offset: Int, length: Int) -> Int? {
        let field = header[(header.startIndex + offset)..<(header.startIndex + offset + length)]
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for byte in field.dropFirst() {
                guard value < Int.max >> 8 else { return nil }
                value = value << 8 | Int(byte)
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for byte in field {
            if byte == 0 || (byte == 0x20 && seenDigit) { break }
            if byte == 0x20 { continue }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte), value < Int.max >> 3 else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
            seenDigit = true
        }
        return value
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// pax records: `LENGTH key=value\n`, repeated.
    static func paxRecords(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var records: [String: String] = [:]
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let space = bytes[index...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)), length > 0,
                  index + length <= bytes.endIndex
            else { break }
            let record = bytes[(space + 1)..<(index + length)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
                var valueEnd = record.endIndex
                if valueEnd > equals + 1, record[valueEnd - 1] == 0x0A { valueEnd -= 1 }
                records[key] = String(decoding: record[(equals + 1)..<valueEnd], as: UTF8.self)
            }
            index += length
        }
        return records
    }
}
