import CPCRE2

/// A pattern that PCRE2 refused, with its message and the byte offset it points at.
public struct RegexCompileError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var offset: Int

    public var description: String { "\(message) at offset \(offset)" }
}

/// A compiled, JIT-compiled PCRE2 pattern in byte mode. Immutable after init, so one instance is
/// shared by every worker thread; each thread brings its own `MatchScratch`.
public final class PCRE2Regex: @unchecked Sendable {
    private let code: OpaquePointer
    public let pattern: String
    /// Whether PCRE2 JIT-compiled the pattern; otherwise the interpreter runs it.
    public let isJITCompiled: Bool
    /// Numbers of the capture groups named `secret` (duplicates are allowed with `(?J)`).
    public let secretGroups: [Int]
    /// Numbers of the capture groups named `name`.
    public let nameGroups: [Int]
    /// Capture-group count + 1, the ovector pairs a match needs.
    public let ovectorPairs: Int

    public init(_ pattern: String, caseless: Bool = false) throws(RegexCompileError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        // USE_OFFSET_LIMIT lets a caller bound where a match may start (see `match`), which keeps
        // the windows around keyword hits from trying every byte of the window.
        var options = UInt32(PCRE2_USE_OFFSET_LIMIT)
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        let compiled: OpaquePointer? = pattern.utf8.withContiguousStorageIfAvailable { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset, nil)
        } ?? {
            let bytes = Array(pattern.utf8)
            return bytes.withUnsafeBufferPointer {
                pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil)
            }
        }()
        guard let compiled else {
            throw RegexCompileError(message: PCRE2Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        self.pattern = pattern
        isJITCompiled = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var captureCount: UInt32 = 0
        _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captureCount)
        ovectorPairs = Int(captureCount) + 1
        let groups = PCRE2Regex.namedGroups(compiled)
        secretGroups = groups.filter { $0.name == "secret" }.map(\.number).sorted()
        nameGroups = groups.filter { $0.name == "name" }.map(\.number).sorted()
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// The result of one match attempt.
    public enum MatchOutcome: Equatable {
        case matched
        case noMatch
        /// The match or depth limit was hit: the subject is hostile or the pattern backtracks.
        case limitExceeded
        case failed(Int32)
    }

    /// Runs the pattern on `subject[0..<length]` from `start`; with `startLimit`, only matches that
    /// start at or before that offset count. On `.matched` the ovector in `scratch` holds the
    /// groups, as absolute offsets into `subject`.
    public func match(
        _ subject: UnsafePointer<UInt8>, length: Int, from start: Int, startLimit: Int? = nil, options: UInt32 = 0,
        scratch: MatchScratch
    ) -> MatchOutcome {
        // PCRE2_UNSET (SIZE_MAX) is -1 through Swift's Int.
        pcre2_set_offset_limit_8(scratch.matchContext, startLimit ?? -1)
        let rc: Int32
        if isJITCompiled {
            rc = pcre2_jit_match_8(code, subject, length, start, options, scratch.matchData, scratch.matchContext)
        } else {
            rc = pcre2_match_8(code, subject, length, start, options, scratch.matchData, scratch.matchContext)
        }
        if rc > 0 || rc == 0 { return .matched }
        switch rc {
        case PCRE2_ERROR_NOMATCH, PCRE2_ERROR_PARTIAL: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded
        default: return .failed(rc)
        }
    }

    /// Convenience for tests and cold paths: does the pattern match anywhere in `bytes`?
    public func firstMatch(in bytes: [UInt8], scratch: MatchScratch) -> Range<Int>? {
        // PCRE2 needs a valid pointer even for an empty subject.
        let subject = bytes.isEmpty ? [0] : bytes
        return subject.withUnsafeBufferPointer { buffer -> Range<Int>? in
            guard let base = buffer.baseAddress,
                match(base, length: bytes.count, from: 0, scratch: scratch) == .matched
            else { return nil }
            return scratch.group(0)
        }
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }

    private static func namedGroups(_ code: OpaquePointer) -> [(name: String, number: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count) == 0, count > 0,
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize) == 0,
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table) == 0,
            let table
        else { return [] }
        var result: [(String, Int)] = []
        for index in 0..<Int(count) {
            let entry = table + index * Int(entrySize)
            // Each entry: a 2-byte big-endian group number, then the NUL-terminated name.
            let number = Int(entry[0]) << 8 | Int(entry[1])
            var nameBytes: [UInt8] = []
            var cursor = entry + 2
            while cursor.pointee != 0 && cursor < entry + Int(entrySize) {
                nameBytes.append(cursor.pointee)
                cursor += 1
            }
            result.append((String(decoding: nameBytes, as: UTF8.self), number))
        }
        return result
    }
}

/// Per-thread PCRE2 state: match data, a match context with limits, and a JIT stack.
/// Not thread-safe; every worker owns one.
public final class MatchScratch {
    /// Backtracking budget per match attempt; bounds hostile input on any pattern.
    public static let defaultMatchLimit: UInt32 = 1_000_000
    public static let defaultDepthLimit: UInt32 = 10_000

    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    private let jitStack: OpaquePointer?
    private let ovector: UnsafeMutablePointer<Int>
    private let pairCount: Int

    public init(ovectorPairs: Int = 64, matchLimit: UInt32 = MatchScratch.defaultMatchLimit,
                depthLimit: UInt32 = MatchScratch.defaultDepthLimit) {
        // pcre2 allocation failures are out-of-memory conditions we cannot recover from anyway.
        guard let data = pcre2_match_data_create_8(UInt32(max(ovectorPairs, 1)), nil),
            let context = pcre2_match_context_create_8(nil)
        else { fatalError("PCRE2: out of memory creating match data") }
        matchData = data
        matchContext = context
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        // The default 32 KiB JIT stack is too small for lazy multi-line patterns (PEM blocks).
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 2 * 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        ovector = pcre2_get_ovector_pointer_8(data)
        pairCount = Int(pcre2_get_ovector_count_8(data))
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The byte range of group `number` in the last match, or nil when it did not take part.
    @inline(__always)
    public func group(_ number: Int) -> Range<Int>? {
        guard number < pairCount else { return nil }
        let start = ovector[2 * number]
        let end = ovector[2 * number + 1]
        // PCRE2_UNSET is SIZE_MAX, which reads as -1 through Swift's Int.
        if start < 0 || end < start { return nil }
        return start..<end
    }
}
