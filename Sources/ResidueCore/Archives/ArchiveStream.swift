import CZlibInflate
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an archive's bytes come from: held in memory (a nested archive, a downloaded deployment
/// package), or an open file read as it goes, so a 200 MB deployment zip or layer tarball is never
/// held whole; only the entry being scanned is.
public enum ArchiveSource {
    case memory([UInt8])
    /// An open regular file of `size` bytes, also reachable at `path` (ZIPFoundation opens it by path).
    case file(descriptor: Int32, path: String, size: Int)

    var size: Int {
        switch self {
        case .memory(let bytes): bytes.count
        case .file(_, _, let size): size
        }
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the archive or when unreadable).
    func bytes(at offset: Int, count: Int) -> [UInt8] {
        let end = min(size, offset + count)
        guard offset >= 0, offset <= end else { return [] }
        switch self {
        case .memory(let bytes): return Array(bytes[offset..<end])
        case .file(let descriptor, _, _): return DescriptorIO.read(descriptor, at: offset, count: end - offset)
        }
    }

    /// A path that opens the file behind `descriptor` (an unlinked temporary file has no other).
    static func path(of descriptor: Int32) -> String {
        #if os(Linux)
        "/proc/self/fd/\(descriptor)"
        #else
        "/dev/fd/\(descriptor)"
        #endif
    }

    func stream() -> ArchiveByteStream {
        switch self {
        case .memory(let bytes): MemoryByteStream(bytes)
        case .file(let descriptor, _, _): FileByteStream(descriptor)
        }
    }
}

/// Bytes read front to back.
protocol ArchiveByteStream: AnyObject {
    /// Fills the start of `buffer`; returns how many bytes it put there, 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveProblem) -> Int
}

extension ArchiveByteStream {
    /// Exactly `count` bytes, or fewer when the stream ends first.
    func read(upTo count: Int) throws(ArchiveProblem) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        var failure: ArchiveProblem?
        bytes.withUnsafeMutableBytes { raw in
            do throws(ArchiveProblem) {
                while filled < count {
                    let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                    if got == 0 { break }
                    filled += got
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if filled < count { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Reads past `count` bytes; false when the stream ends first.
    func skip(_ count: Int) throws(ArchiveProblem) -> Bool {
        var left = count
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(count, 1), 64 << 10), alignment: 1)
        defer { scratch.deallocate() }
        while left > 0 {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(left, scratch.count)]))
            if got == 0 { return false }
            left -= got
        }
        return true
    }
}

final class MemoryByteStream: ArchiveByteStream {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveProblem) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

/// An open file from where its descriptor stands; the caller closes it.
final class FileByteStream: ArchiveByteStream {
    private let descriptor: Int32

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveProblem) -> Int {
        let got = DescriptorIO.readSome(descriptor, into: buffer)
        if got < 0 { throw .corrupt("cannot read: \(errnoDescription(errno))") }
        return got
    }
}

/// gzip (or zlib) data inflated as it is read, members one after another, within the total and
/// ratio limits of `ArchiveLimits` (the ratio against the whole compressed size, as declared sizes
/// are not trusted).
final class InflatingByteStream: ArchiveByteStream {
    private let input: ArchiveByteStream
    private let compressedSize: Int
    private let limits: ArchiveLimits
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var started = false
    private var inputEnded = false
    private var finished = false
    private var produced = 0

    init(_ input: ArchiveByteStream, compressedSize: Int, limits: ArchiveLimits) {
        self.input = input
        self.compressedSize = max(compressedSize, 1)
        self.limits = limits
        // zlib keeps a pointer back to its z_stream: it must not move.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inputBuffer = .allocate(byteCount: 256 << 10, alignment: 16)
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    /// Refills zlib's input when it has none; false at the end of the compressed bytes.
    private func refill() throws(ArchiveProblem) -> Bool {
        if stream.pointee.avail_in > 0 { return true }
        guard !inputEnded else { return false }
        let got = try input.read(into: inputBuffer)
        guard got > 0, let base = inputBuffer.baseAddress else {
            inputEnded = true
            return false
        }
        stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(got)
        return true
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveProblem) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if !started {
            guard residue_inflate_init_gzip(stream) == Z_OK else { throw .corrupt("zlib cannot start") }
            started = true
        }
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let room = Int(stream.pointee.avail_out)
        while true {
            let hasInput = try refill()
            let inputBefore = stream.pointee.avail_in
            let status = CZlibInflate.inflate(stream, Z_NO_FLUSH)
            let out = room - Int(stream.pointee.avail_out)
            if status == Z_STREAM_END {
                // Concatenated gzip members are one file.
                if try refill(), inflateReset(stream) == Z_OK {
                    if out > 0 { return try account(out) }
                    continue
                }
                finished = true
                return try account(out)
            }
            if status != Z_OK && status != Z_BUF_ERROR {
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw .corrupt("gzip: \(message)")
            }
            if out > 0 { return try account(out) }
            if !hasInput { throw .corrupt("gzip data ends early") }
            if stream.pointee.avail_in == inputBefore { throw .corrupt("gzip: no progress") }
        }
    }

    private func account(_ count: Int) throws(ArchiveProblem) -> Int {
        produced += count
        if produced > limits.maxTotalBytes { throw .totalBytes(limit: limits.maxTotalBytes) }
        if produced > limits.ratioFloorBytes && produced / compressedSize > limits.maxCompressionRatio {
            throw .ratio(entry: "(gzip stream)", limit: limits.maxCompressionRatio)
        }
        return count
    }
}

/// An archive entry's content as handed to the visitor.
public enum ArchiveEntryContent {
    case bytes([UInt8])
    /// An unlinked temporary file rewound to its start, owned by the reader: valid during the visit.
    case file(descriptor: Int32, size: Int)
}

/// Where an entry's bytes go as they come out: memory up to `ArchiveReader.largeEntryBytes`, then
/// an unlinked temporary file when a folder for one is known, so a 60 MB bundle in a deployment
/// zip is scanned in windows from that file like any large file. Without such a folder (or when the
/// file cannot be made or written) a large entry stays in memory, once `admit` lets it.
final class EntrySink {
    private(set) var count = 0
    /// Whether `admit` was called and returned true: the reader must release the admission.
    private(set) var admitted = false
    private var bytes: [UInt8] = []
    private var descriptor: Int32 = -1
    /// Bytes written to the file so far.
    private var inFile = 0
    private var spillDirectory: String?
    private let admit: () -> Bool

    init(spillDirectory: String?, expected: Int, admit: @escaping () -> Bool) {
        self.spillDirectory = spillDirectory
        self.admit = admit
        bytes.reserveCapacity(min(max(expected, 0), ArchiveReader.largeEntryBytes))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func append(_ chunk: UnsafeRawBufferPointer) {
        count += chunk.count
        if descriptor < 0 && bytes.count + chunk.count > ArchiveReader.largeEntryBytes && !admitted {
            spill()
        }
        if descriptor >= 0, write(chunk) { return }
        bytes.append(contentsOf: chunk)
    }

    /// The content; the file, if any, stays open until the sink goes.
    func content() -> ArchiveEntryContent {
        guard descriptor >= 0, lseek(descriptor, 0, SEEK_SET) == 0 else { return .bytes(bytes) }
        return .file(descriptor: descriptor, size: inFile)
    }

    /// Moves what is held so far into a temporary file, or (failing that) takes the admission to
    /// hold a large entry in memory.
    private func spill() {
        if let directory = spillDirectory {
            let opened = UnlinkedFile.create(in: directory, prefix: "residue-entry")
            if opened >= 0 {
                descriptor = opened
                let held = bytes
                bytes = []
                if held.withUnsafeBytes({ write($0) }) { return }
                // `write` gave the file up and took the admission.
                bytes = held
                return
            }
            spillDirectory = nil
        }
        admitted = admit()
    }

    /// Writes all of `chunk`; on failure reads back what the file holds into memory and stops
    /// using it (false: the caller keeps `chunk` in memory).
    private func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if DescriptorIO.write(descriptor, chunk) == chunk.count {
            inFile += chunk.count
            return true
        }
        // The earlier chunks come back; this one, however much of it was written, the caller keeps.
        bytes = DescriptorIO.read(descriptor, at: 0, count: inFile)
        close(descriptor)
        descriptor = -1
        spillDirectory = nil
        if !admitted { admitted = admit() }
        return false
    }
}

