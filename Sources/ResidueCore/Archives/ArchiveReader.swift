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

/// Reads archives held in memory and hands each regular file's bytes to a visitor, within
/// `ArchiveLimits`. Entries the visitor does not want (binary by name) are not decompressed. A
/// visitor may read a nested archive with the same reader: the limits then cover both.
public final class ArchiveReader {
    public let limits: ArchiveLimits
    /// Shared across nested archives: totals count everything expanded from the outermost one.
    private var totalBytes = 0
    private var entryCount = 0
    /// What was skipped, in order; read after `read` returns.
    public private(set) var problems: [ArchiveProblem] = []

    public init(limits: ArchiveLimits) {
        self.limits = limits
    }

    /// Returns the problems so far and forgets them (a nested archive takes its own).
    public func takeProblems() -> [ArchiveProblem] {
        defer { problems.removeAll() }
        return problems
    }

    /// `wants(entryPath)` decides, by name, whether an entry is read; `visit(entryPath, bytes)`
    /// receives each one read. Returns false when the archive stopped early.
    @discardableResult
    public func read(_ bytes: [UInt8], format: ArchiveFormat, wants: (String) -> Bool,
                              visit: (String, [UInt8]) -> Void) -> Bool {
        do {
            switch format {
            case .zip: try readZip(bytes, wants: wants, visit: visit)
            case .tarGzip: try readTar(try inflate(bytes), compressedSize: bytes.count, wants: wants, visit: visit)
            case .tar: try readTar(bytes, compressedSize: nil, wants: wants, visit: visit)
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

    private func readZip(_ bytes: [UInt8], wants: (String) -> Bool, visit: (String, [UInt8]) -> Void) throws {
        // ZIPFoundation (0.9.20) leaks the archive's data when it finds no end-of-central-directory
        // record (its in-memory file is never closed), and looks for one with a read call per byte:
        // the record is checked here first, in one pass, the same way it would be.
        guard Self.hasEndOfCentralDirectory(bytes) else {
            throw ArchiveProblem.corrupt("not a readable zip: missingEndOfCentralDirectoryRecord")
        }
        let sawEntry = try bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            // The archive reads the bytes in place (no second copy of a large zip); it does not
            // outlive this closure.
            let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
            return try readZipEntries(data, wants: wants, visit: visit)
        }
        let isEmptyArchive = bytes.count >= 4 && bytes[2] == 5 && bytes[3] == 6
        if !sawEntry && !isEmptyArchive {
            throw ArchiveProblem.corrupt("no entries found")
        }
    }

    /// The end-of-central-directory record as ZIPFoundation finds it: the last `PK\u{5}\u{6}` that
    /// leaves room for the record, whose comment must fit in the file.
    static func hasEndOfCentralDirectory(_ bytes: [UInt8]) -> Bool {
        let recordSize = 22
        guard bytes.count >= recordSize else { return false }
        var index = bytes.count - recordSize
        while index >= 0 {
            if bytes[index] == 0x50 && bytes[index + 1] == 0x4B && bytes[index + 2] == 5 && bytes[index + 3] == 6 {
                let commentLength = Int(bytes[index + 20]) | Int(bytes[index + 21]) << 8
                return index + recordSize + commentLength <= bytes.count
            }
            index -= 1
        }
        return false
    }

    /// Reads the entries; false when there were none.
    private func readZipEntries(_ data: Data, wants: (String) -> Bool, visit: (String, [UInt8]) -> Void) throws -> Bool {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ArchiveProblem.corrupt("not a readable zip: \(error)")
        }
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
            var content: [UInt8] = []
            content.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limits.maxEntryBytes))))
            let compressedSize = max(Int(clamping: entry.compressedSize), 1)
            let limits = self.limits
            let budget = limits.maxTotalBytes - totalBytes
            do {
                // The declared sizes may lie: the limits are enforced on the bytes that come out.
                _ = try archive.extract(entry, skipCRC32: true) { chunk in
                    content.append(contentsOf: chunk)
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
            visit(path, content)
        }
        return sawEntry
    }

    // MARK: gzip

    /// Inflates gzip (or zlib) data, members one after another, within the total and ratio limits.
    private func inflate(_ compressed: [UInt8]) throws(ArchiveProblem) -> [UInt8] {
        var stream = z_stream()
        guard residue_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt("zlib cannot start") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        var problem: ArchiveProblem?
        compressed.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else {
                problem = .corrupt("empty")
                return
            }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlibInflate.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limits.maxTotalBytes {
                    problem = .totalBytes(limit: limits.maxTotalBytes)
                    return
                }
                if output.count > limits.ratioFloorBytes && output.count / max(input.count, 1) > limits.maxCompressionRatio {
                    problem = .ratio(entry: "(gzip stream)", limit: limits.maxCompressionRatio)
                    return
                }
                if status == Z_STREAM_END {
                    // Concatenated gzip members are one file.
                    if stream.avail_in > 0 && inflateReset(&stream) == Z_OK { continue }
                    return
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    problem = .corrupt("gzip data ends early")
                    return
                }
                if status != Z_OK && status != Z_BUF_ERROR {
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    problem = .corrupt("gzip: \(message)")
                    return
                }
            }
        }
        if let problem {
            // A bomb stops here; a gzip whose tail is damaged still gives the files before it.
            if case .corrupt = problem, output.count >= 512 { return output }
            throw problem
        }
        return output
    }

    // MARK: tar

    /// ustar, GNU (`L`/`K` long names, base-256 sizes) and pax (`x` headers' `path`, `size`).
    private func readTar(_ bytes: [UInt8], compressedSize: Int?, wants: (String) -> Bool,
                                  visit: (String, [UInt8]) -> Void) throws {
        var offset = 0
        var longName: String?
        var paxPath: String?
        var paxSize: Int?
        var sawHeader = false
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            guard Self.checksumMatches(header) else {
                if !sawHeader { throw ArchiveProblem.corrupt("not a tar archive") }
                throw ArchiveProblem.corrupt("bad tar header checksum at byte \(offset)")
            }
            sawHeader = true
            let type = header[header.startIndex + 156]
            guard var size = Self.number(header, at: 124, length: 12) else {
                throw ArchiveProblem.corrupt("bad tar size field at byte \(offset)")
            }
            if let paxSize, type != UInt8(ascii: "x"), type != UInt8(ascii: "g") { size = paxSize }
            let dataStart = offset + 512
            let dataEnd = dataStart + size
            guard size >= 0, dataEnd <= bytes.count else { throw ArchiveProblem.corrupt("tar entry runs past the end") }
            offset = dataStart + (size + 511) / 512 * 512
            switch type {
            case UInt8(ascii: "L"):
                longName = Self.cString(bytes[dataStart..<dataEnd])
                continue
            case UInt8(ascii: "K"):
                continue
            case UInt8(ascii: "x"):
                let records = Self.paxRecords(bytes[dataStart..<dataEnd])
                paxPath = records["path"]
                paxSize = records["size"].flatMap { Int($0) }
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            var name = Self.cString(header[(header.startIndex)..<(header.startIndex + 100)])
            let prefix = Self.cString(header[(header.startIndex + 345)..<(header.startIndex + 500)])
            let magic = Self.cString(header[(header.startIndex + 257)..<(header.startIndex + 262)])
            if magic == "ustar" && !prefix.isEmpty { name = prefix + "/" + name }
            name = paxPath ?? longName ?? name
            longName = nil
            paxPath = nil
            paxSize = nil
            try countEntry()
            // Regular files only ('0', NUL, contiguous '7'): links, folders and devices carry no content.
            guard type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7") else { continue }
            while name.hasPrefix("./") { name.removeFirst(2) }
            guard wants(name) else { continue }
            if size > limits.maxEntryBytes {
                problems.append(.entryTooLarge(entry: name, limit: limits.maxEntryBytes))
                continue
            }
            totalBytes += size
            if totalBytes > limits.maxTotalBytes { throw ArchiveProblem.totalBytes(limit: limits.maxTotalBytes) }
            visit(name, Array(bytes[dataStart..<dataEnd]))
        }
        if !sawHeader { throw ArchiveProblem.corrupt("not a tar archive") }
    }

    /// The header checksum: the sum of its bytes with the checksum field read as spaces.
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
