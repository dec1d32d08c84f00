import Dispatch
import Foundation

/// What scanning one file produced.
struct FileScanResult {
    var findings: [Finding] = []
    var warnings: [ScanWarning] = []
    var notes: [ScanWarning] = []
    var statistics = ScanStatistics()
    /// Findings already dropped by `trimFindings` while a large file was read, and the most severe
    /// of them, for the summary finding.
    var droppedFindings = 0
    var worstDropped = Severity.low
}

extension FileScanResult {
    /// Adds another result's findings, warnings, notes and counts to this one.
    mutating func absorb(_ other: FileScanResult) {
        findings += other.findings
        warnings += other.warnings
        notes += other.notes
        statistics.add(other.statistics)
    }

    /// Keeps the `limit` most severe findings (earliest first among equals). Called between the
    /// chunks of a large file too, so a 2 GB log full of matches never holds more than twice the
    /// limit: trimming to the top `limit` again and again leaves the same findings as once at the end.
    mutating func trimFindings(to limit: Int) {
        guard limit > 0, findings.count > limit else { return }
        findings.sort { lhs, rhs in
            lhs.severity != rhs.severity ? lhs.severity > rhs.severity : (lhs.line, lhs.column) < (rhs.line, rhs.column)
        }
        let dropped = findings[limit...]
        droppedFindings += dropped.count
        worstDropped = max(worstDropped, dropped.map(\.severity).max() ?? .low)
        findings.removeSubrange(limit...)
    }

    /// Keeps the `limit` most severe findings of a file (a generated file can hold thousands of
    /// matches) and adds one finding that says how many more there are; its fingerprint comes
    /// from the path below the root, like every other finding's.
    mutating func capFindings(at limit: Int, relativePath: String) {
        trimFindings(to: limit)
        guard droppedFindings > 0, let first = findings.first else { return }
        statistics.findingsCapped += 1
        var summary = Finding(
            rule: EngineRules.findingsCapped,
            message: "\(droppedFindings) more findings in this file are not listed (at most \(limit) per file; the most severe are kept)",
            path: first.path, relativePath: relativePath, line: 1, column: 1, excerpt: "", identity: "capped",
            severity: worstDropped)
        summary.endLine = 1
        findings.append(summary)
        droppedFindings = 0
    }
}

/// One worker's state: PCRE2 scratch, a libmagic cookie, a reusable read buffer. Not shared.
final class FileScanner {
    /// Bytes of a line either side of a secret that excerpts and `residue:ignore` look at.
    static let contextLimit = 512
    private let ruleSet: CompiledRuleSet
    private let matcher: ContentMatcher
    let configuration: ScanConfiguration
    private let scratch: MatchScratch
    private var magic: MagicCookie??
    /// Bytes kept after a chunk so a match starting before its end is seen whole: the longest
    /// reach of any rule, and never less than the configured overlap.
    private let overlap: Int
    /// The read buffer, reused across files; it only grows.
    private var bufferStart: UnsafeMutableRawPointer
    private var bufferCount: Int
    private var buffer: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: bufferStart, count: bufferCount) }

    init(ruleSet: CompiledRuleSet, configuration: ScanConfiguration) {
        self.ruleSet = ruleSet
        matcher = ContentMatcher(ruleSet: ruleSet)
        self.configuration = configuration
        scratch = ruleSet.makeScratch()
        overlap = max(configuration.chunkOverlap, ruleSet.maxWindow + ContentMatcher.maxLookBehind + 1024)
        bufferCount = 64 << 10
        bufferStart = .allocate(byteCount: bufferCount, alignment: 16)
    }

    deinit {
        bufferStart.deallocate()
    }

    func magicCookie() -> MagicCookie? {
        if let magic { return magic }
        let cookie = MagicCookie()
        magic = .some(cookie)
        return cookie
    }

    /// Grows the buffer to at least `bytes`, keeping its first `kept` bytes.
    private func ensureCapacity(_ bytes: Int, keeping kept: Int = 0) {
        guard bufferCount < bytes else { return }
        let larger = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        larger.copyMemory(from: bufferStart, byteCount: kept)
        bufferStart.deallocate()
        bufferStart = larger
        bufferCount = bytes
    }

    private func shrinkBuffer() {
        let small = 64 << 10
        guard bufferCount > 1 << 20 else { return }
        bufferStart.deallocate()
        bufferStart = .allocate(byteCount: small, alignment: 16)
        bufferCount = small
    }

    /// When regex work on the current file must stop (uptime nanoseconds).
    private var fileDeadline = UInt64.max

    private func startClock() {
        let budget = configuration.matchTimeBudget
        fileDeadline = budget > 0 ? DispatchTime.now().uptimeNanoseconds + UInt64(budget * 1e9) : .max
    }

    func scan(_ file: InputFile) -> FileScanResult {
        startClock()
        // A chunk-sized buffer is given back after the large file that needed it: most files are
        // small, and two idle 8 MiB buffers are a tenth of a long scan's peak memory.
        defer { shrinkBuffer() }
        var result = FileScanResult()
        if let format = ArchiveFormat.byName(file.path) {
            return scanArchiveFile(file, format: format)
        }
        if Classifier.isBinaryByExtension(file.path) {
            result.statistics.skip(.binary)
            return result
        }
        guard let (descriptor, size) = openRegularFile(file, into: &result) else { return result }
        defer { close(descriptor) }
        return scanOpened(descriptor, size: size, as: file)
    }

    /// Scans an open file from where its descriptor stands, in overlapping windows: a file on
    /// disk, or an archive entry written to a temporary file. `size` is what `fstat` gave.
    func scanOpened(_ descriptor: Int32, size: Int, as file: InputFile) -> FileScanResult {
        var result = FileScanResult()
        let chunk = configuration.chunkSize
        // Each later pass also keeps `leftContext` bytes before its report range, so look-behinds
        // and `residue:ignore-next-line` see what precedes it.
        let leftContext = ContentMatcher.maxLookBehind
        let capacity = chunk + overlap + leftContext
        ensureCapacity(min(max(size, 1), capacity) + 1)
        var filled = 0
        var endOfFile = false
        var reportStart = 0
        func fill() -> Bool {
            let limit = min(buffer.count, reportStart + chunk + overlap)
            while filled < limit {
                let count = read(descriptor, bufferStart + filled, limit - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    result.warnings.append(ScanWarning(path: file.path, reason: "read failed: \(errnoDescription(errno))"))
                    result.statistics.skip(.unreadable)
                    return false
                }
                if count == 0 {
                    endOfFile = true
                    break
                }
                filled += count
                // The size fstat gave is reached: skip the read that would only confirm EOF (one
                // syscall per small file). A file still growing is read on in the next pass.
                if reportStart == 0 && filled == size {
                    endOfFile = true
                    break
                }
            }
            return true
        }
        guard fill() else { return result }

        let head = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
        switch Classifier.classify(path: file.path, head: head, magic: magicCookie) {
        case .binary:
            result.statistics.skip(.binary)
            return result
        case .utf16(let littleEndian, let bomLength):
            // Decoded whole: UTF-16 sources are small, and the size limit bounds them.
            var raw = Array(head)
            while !endOfFile {
                filled = 0
                guard fill() else { return result }
                raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
            }
            return scanUTF16(raw, littleEndian: littleEndian, bomLength: bomLength, path: file.path,
                             fingerprintPath: file.relativePath)
        case .text:
            break
        }

        // Chunked: each pass matches [0, filled) and reports the matches that start in
        // [reportStart, reportStart + chunk) (or anywhere after reportStart, on the last pass).
        var lineBase = 1
        // Code points of the current line that lie before the buffer: a match on a line that began
        // in an earlier chunk (a minified bundle, a one-line log) still gets its true column.
        var columnBase = 0
        var chunked = false
        while true {
            let last = endOfFile
            if !last && buffer.count < capacity + 1 {
                // The file grew past the size fstat gave: make room for a full chunk and overlap.
                ensureCapacity(capacity + 1, keeping: filled)
                guard fill() else { return result }
                continue
            }
            let reportEnd = last ? filled : min(reportStart + chunk, filled)
            let view = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
            collect(view, reportRange: reportStart..<reportEnd, lineBase: lineBase, columnBase: columnBase, path: file.path,
                    fingerprintPath: file.relativePath, into: &result)
            result.statistics.bytesScanned += reportEnd - reportStart
            if last { break }
            chunked = true
            if result.findings.count > 2 * configuration.maxFindingsPerFile {
                result.trimFindings(to: configuration.maxFindingsPerFile)
            }
            let keepFrom = max(0, reportEnd - leftContext)
            let dropped = UnsafeRawBufferPointer(rebasing: buffer[0..<keepFrom])
            lineBase += ByteCounting.newlines(in: dropped)
            if let newline = dropped.lastIndex(of: 0x0A) {
                columnBase = ByteCounting.codePoints(in: UnsafeRawBufferPointer(rebasing: dropped[(newline + 1)...]))
            } else {
                columnBase += ByteCounting.codePoints(in: dropped)
            }
            let carried = filled - keepFrom
            if carried > 0 {
                memmove(bufferStart, bufferStart + keepFrom, carried)
            }
            filled = carried
            reportStart = reportEnd - keepFrom
            guard fill() else { return result }
        }
        result.statistics.filesScanned = 1
        if let handlerState = configuration.handlerState, handlerState.wants(relativePath: file.relativePath) {
            if chunked {
                // Source files of several megabytes are generated or bundled, not handlers.
                result.notes.append(ScanWarning(path: file.path, reason: "handler state not analyzed: over \(ByteCountText.format(configuration.chunkSize))"))
            } else {
                let whole = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
                let output = handlerState.analyze(whole, path: file.path, relativePath: file.relativePath)
                var findings = output.findings
                if configuration.inlineIgnores && !findings.isEmpty {
                    let before = findings.count
                    findings.removeAll { finding in
                        InlineIgnore.suppresses(ruleID: finding.ruleID, line: Self.line(finding.line, in: whole),
                                                previousLine: Self.line(finding.line - 1, in: whole))
                    }
                    result.statistics.suppressedInline += before - findings.count
                }
                result.findings += findings
                result.warnings += output.warnings
                result.notes += output.notes
            }
        }
        return result
    }

    /// The bytes of a 1-based line (without its newline), at most `contextLimit` of them.
    static func line(_ number: Int, in view: UnsafeRawBufferPointer) -> [UInt8] {
        guard number >= 1 else { return [] }
        var line = 1
        var start = 0
        while line < number {
            guard let newline = view[start...].firstIndex(of: 0x0A) else { return [] }
            start = newline + 1
            line += 1
        }
        let end = view[start...].firstIndex(of: 0x0A) ?? view.count
        return Array(view[start..<min(end, start + contextLimit)])
    }

    /// Scans content that is not a file on disk (a git blob): same size limit and classification.
    func scanBlob(_ bytes: [UInt8], path: String) -> FileScanResult {
        if let format = ArchiveFormat.byName(path) {
            return scanArchive(bytes, format: format, label: path, relativeLabel: path)
        }
        if Classifier.isBinaryByExtension(path) {
            var result = FileScanResult()
            result.statistics.skip(.binary)
            return result
        }
        return scanContent(bytes, path: path, relativePath: path)
    }

    /// Scans bytes held in memory (a blob, an archive entry) as the file `path`: size limit,
    /// classification, content rules, then the handler-state analysis when it wants the path.
    func scanContent(_ bytes: [UInt8], path: String, relativePath: String) -> FileScanResult {
        var result = FileScanResult()
        if bytes.count > configuration.maxFileSize {
            result.warnings.append(.overSizeLimit(path: path, size: bytes.count, limit: configuration.maxFileSize))
            result.statistics.skip(.tooLarge)
            return result
        }
        let kind = bytes.withUnsafeBytes { Classifier.classify(path: path, head: $0, magic: magicCookie) }
        switch kind {
        case .binary:
            result.statistics.skip(.binary)
            return result
        case .utf16(let littleEndian, let bomLength):
            return scanUTF16(bytes, littleEndian: littleEndian, bomLength: bomLength, path: path, fingerprintPath: relativePath)
        case .text:
            result = scanInMemory(bytes, path: path, fingerprintPath: relativePath)
        }
        if let handlerState = configuration.handlerState, handlerState.wants(relativePath: relativePath) {
            if bytes.count > configuration.chunkSize {
                result.notes.append(ScanWarning(path: path, reason: "handler state not analyzed: over \(ByteCountText.format(configuration.chunkSize))"))
            } else {
                let output = bytes.withUnsafeBytes { handlerState.analyze($0, path: path, relativePath: relativePath) }
                result.findings += output.findings
                result.warnings += output.warnings
                result.notes += output.notes
            }
        }
        return result
    }

    /// Decodes UTF-16 to UTF-8 and scans that; the byte count is the file's own.
    func scanUTF16(_ raw: [UInt8], littleEndian: Bool, bomLength: Int, path: String, fingerprintPath: String) -> FileScanResult {
        let decoded = raw.withUnsafeBytes {
            Classifier.decodeUTF16(UnsafeRawBufferPointer(rebasing: $0.dropFirst(bomLength)), littleEndian: littleEndian)
        }
        var result = scanInMemory(decoded, path: path, fingerprintPath: fingerprintPath)
        result.statistics.bytesScanned = raw.count
        return result
    }

    func scanInMemory(_ bytes: [UInt8], path: String, fingerprintPath: String? = nil) -> FileScanResult {
        startClock()
        var result = FileScanResult()
        bytes.withUnsafeBytes { view in
            collect(view, reportRange: 0..<view.count, lineBase: 1, path: path,
                    fingerprintPath: fingerprintPath ?? path, into: &result)
        }
        result.statistics.filesScanned = 1
        result.statistics.bytesScanned = bytes.count
        return result
    }

    /// Opens a file for reading and checks it is a regular file within the size limit; otherwise
    /// records why it is not scanned and returns nil. The caller closes the descriptor.
    func openRegularFile(_ file: InputFile, into result: inout FileScanResult) -> (descriptor: Int32, size: Int)? {
        // O_NONBLOCK: opening a FIFO that slipped through must not block the worker.
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            result.warnings.append(ScanWarning(path: file.path, reason: "cannot open: \(errnoDescription(errno))"))
            result.statistics.skip(.unreadable)
            return nil
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            result.warnings.append(ScanWarning(path: file.path, reason: "cannot stat: \(errnoDescription(errno))"))
            result.statistics.skip(.unreadable)
            close(descriptor)
            return nil
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            result.statistics.skip(.notRegularFile)
            close(descriptor)
            return nil
        }
        let size = Int(info.st_size)
        if size > configuration.maxFileSize {
            result.warnings.append(.overSizeLimit(path: file.path, size: size, limit: configuration.maxFileSize))
            result.statistics.skip(.tooLarge)
            close(descriptor)
            return nil
        }
        return (descriptor, size)
    }

    private func collect(
        _ view: UnsafeRawBufferPointer, reportRange: Range<Int>, lineBase: Int, columnBase: Int = 0, path: String,
        fingerprintPath: String, into result: inout FileScanResult
    ) {
        var stats = ContentMatcher.Stats()
        stats.deadline = fileDeadline
        var matches = matcher.matches(in: view, reportRange: reportRange, scratch: scratch, stats: &stats)
        matches += matcher.decodedMatches(in: view, reportRange: reportRange, direct: matches, scratch: scratch, stats: &stats)
        result.statistics.regexLimitHits += stats.limitExceeded
        if stats.timedOut && result.statistics.timeBudgetHits == 0 {
            result.statistics.timeBudgetHits = 1
            result.warnings.append(ScanWarning(
                path: path,
                reason: "not fully scanned: regex work stopped after the \(String(format: "%g", configuration.matchTimeBudget)) s budget per file; matches after line \(lineBase) may be missed"))
        }
        if stats.limitExceeded > 0 {
            result.warnings.append(ScanWarning(
                path: path, reason: "a rule hit the regex match limit \(stats.limitExceeded) time(s); matches there may be missed"))
        }
        if configuration.minimumConfidence > .low {
            matches.removeAll { $0.confidence < configuration.minimumConfidence }
        }
        guard !matches.isEmpty else { return }
        matches.sort { $0.secretRange.lowerBound < $1.secretRange.lowerBound }

        // One forward pass turns offsets into lines.
        var line = lineBase
        var cursor = 0
        var lineStart = 0
        // Columns advance from the previous match on the same line, so many matches on one long
        // (minified) line cost one pass over it, not one each.
        var columnLineStart = -1
        var columnOffset = 0
        var columnValue = 1
        for (matchIndex, match) in matches.enumerated() {
            let start = match.secretRange.lowerBound
            if cursor < start {
                let skipped = UnsafeRawBufferPointer(rebasing: view[cursor..<start])
                let newlines = ByteCounting.newlines(in: skipped)
                if newlines > 0 {
                    line += newlines
                    var back = start
                    while back > cursor && view[back - 1] != 0x0A { back -= 1 }
                    lineStart = back
                }
                cursor = start
            }
            var lineEnd = start
            if let base = view.baseAddress, start < view.count {
                lineEnd = memchr(base + start, 0x0A, view.count - start).map { UnsafeRawPointer($0) - base } ?? view.count
            }
            let secretEnd = match.secretRange.upperBound
            let endLine = line + ByteCounting.newlines(in: UnsafeRawBufferPointer(rebasing: view[start..<secretEnd]))
            if columnLineStart != lineStart || columnOffset > start {
                columnLineStart = lineStart
                columnOffset = lineStart
                // The view's first line may have begun before the view.
                columnValue = lineStart == 0 ? 1 + columnBase : 1
            }
            for index in columnOffset..<start where view[index] & 0xC0 != 0x80 { columnValue += 1 }
            columnOffset = start
            let column = columnValue

            let rule = ruleSet.rules[match.ruleIndex].definition
            // Minified files have megabyte lines: excerpts and ignore comments look at most
            // `contextLimit` bytes either side of the secret, never the whole line.
            let contextStart = max(lineStart, start - FileScanner.contextLimit)
            let contextEnd = min(lineEnd, secretEnd + FileScanner.contextLimit)
            let lineBytes = Array(view[contextStart..<contextEnd])
            if configuration.inlineIgnores {
                var previousStart = max(lineStart - 1, 0)
                let previousFloor = max(0, lineStart - 1 - FileScanner.contextLimit)
                while previousStart > previousFloor && view[previousStart - 1] != 0x0A { previousStart -= 1 }
                let previous = lineStart > 0 ? Array(view[previousStart..<(lineStart - 1)]) : []
                if InlineIgnore.suppresses(ruleID: rule.id, line: lineBytes, previousLine: previous) {
                    result.statistics.suppressedInline += 1
                    continue
                }
            }
            // Every other candidate secret in view is masked as well.
            // Matches are sorted by start: look only at those near this one.
            let viewEnd = contextStart + lineBytes.count
            var neighbours: [Range<Int>] = []
            var before = matchIndex - 1
            while before >= 0 && matches[before].secretRange.lowerBound >= contextStart - ruleSet.maxWindow {
                neighbours.append(matches[before].secretRange)
                before -= 1
            }
            var after = matchIndex + 1
            while after < matches.count && matches[after].secretRange.lowerBound < viewEnd {
                neighbours.append(matches[after].secretRange)
                after += 1
            }
            neighbours = neighbours
                .filter { $0 != match.secretRange && $0.upperBound > contextStart && $0.lowerBound < viewEnd }
                .map { max($0.lowerBound, contextStart) - contextStart..<min($0.upperBound, viewEnd) - contextStart }
            let excerpt = Redaction.excerpt(
                line: lineBytes, secretStart: start - contextStart, secretEnd: min(secretEnd, lineEnd) - contextStart,
                showSecret: configuration.showSecrets, otherSecrets: neighbours)
            // A decoded secret is reported where its encoded form is, with the decoded value.
            let secretBytes = match.decoded?.secret ?? Array(view[match.secretRange])
            let secretText = String(decoding: secretBytes, as: UTF8.self)
            var finding = Finding(
                ruleID: rule.id, title: rule.title, severity: rule.severity, confidence: match.confidence,
                category: rule.category, path: path, line: line, column: column, endLine: endLine,
                excerpt: excerpt, redactedSecret: Redaction.mask(secretText),
                fingerprint: Fingerprint.make(ruleID: rule.id, path: fingerprintPath, secret: secretBytes),
                secret: configuration.showSecrets ? secretText : nil)
            if let decoded = match.decoded {
                finding.title += " (\(decoded.encoding.rawValue)-encoded)"
                finding.encoding = decoded.encoding
            }
            result.findings.append(finding)
        }
    }
}

/// Counting bytes eight at a time.
enum ByteCounting {
    /// UTF-8 code points: every byte that is not a continuation byte (`10xxxxxx`); an invalid
    /// byte counts as one, as the decoder's replacement character would.
    static func codePoints(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The number of `\n` bytes, by SWAR: each 64-bit word is XORed with `\n` repeated, and the
    /// exact zero-byte test `~((x & 0x7F…) + 0x7F… | x | 0x7F…)` leaves one high bit per match.
    static func newlines(in view: UnsafeRawBufferPointer) -> Int {
        guard let base = view.baseAddress else { return 0 }
        let count = view.count
        var total = 0
        var index = 0
        let pattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            let zeros = ~(((word & low7) &+ low7) | word | low7)
            total += zeros.nonzeroBitCount
            index += 8
        }
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) == 0x0A { total += 1 }
            index += 1
        }
        return total
    }
}

/// Human-readable byte counts for messages.
public enum ByteCountText {
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
