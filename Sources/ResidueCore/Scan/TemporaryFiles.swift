import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files a scan makes (the findings spool, large archive entries): made with `mkstemp`
/// and unlinked at once, so no folder lists them and nothing is left behind even when the process
/// is killed; and never inside a scanned root.
enum UnlinkedFile {
    /// An open read-write descriptor, or -1 with `errno` set.
    static func create(in directory: String, prefix: String) -> Int32 {
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let descriptor = mkstemp(base)
            if descriptor >= 0 { unlink(base) }
            return descriptor
        }
    }

    /// `preferred` (resolved), unless it lies inside one of `roots` (a scan never writes into the
    /// tree it scans): then nil, and what would have gone there stays in memory.
    static func folder(outside roots: [String], preferred: String = NSTemporaryDirectory()) -> String? {
        guard let directory = realPath(preferred) else { return nil }
        for root in roots {
            guard let resolved = realPath(root) else { continue }
            if directory == resolved || directory.hasPrefix(resolved.hasSuffix("/") ? resolved : resolved + "/") { return nil }
        }
        return directory
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Whole reads and writes on a descriptor, retried on `EINTR`.
enum DescriptorIO {
    /// Up to `count` bytes from `offset` (fewer at the end of the file or on an error).
    static func read(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(count, 0))
        var done = 0
        while done < bytes.count {
            let got = bytes.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        if done < bytes.count { bytes.removeSubrange(done...) }
        return bytes
    }

    /// Some bytes from where the descriptor stands: how many (0 at the end), or -1 with `errno`.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let got = Foundation.read(descriptor, base, buffer.count)
            if got >= 0 || errno != EINTR { return got }
        }
    }

    /// Writes all of `bytes`; returns how many were written (fewer only on an error, with `errno`).
    static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        var done = 0
        while done < bytes.count, let base = bytes.baseAddress {
            let wrote = Foundation.write(descriptor, base + done, bytes.count - done)
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { break }
            done += wrote
        }
        return done
    }
}
