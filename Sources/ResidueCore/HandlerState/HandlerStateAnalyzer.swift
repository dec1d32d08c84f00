import Foundation

/// Finds per-request data and secrets that a function handler keeps in module-level, static or
/// instance state, or in `/tmp` files, where the next invocation served by the same warm execution
/// environment can read them.
///
/// Per file: a byte prefilter (files that mention no handler word are not lexed), a lexer for the
/// language, an outline (functions, types, state, cleanup blocks), handler discovery (declared
/// handlers, then conventions), and a data flow from each handler's parameters through the
/// same-file functions it calls (`FlowAnalysis`).
public struct HandlerStateAnalyzer: Sendable {
    /// The rules this analyzer reports under.
    public static let rules: [AnalyzerRule] = HandlerStateRules.all

    /// Larger source files are generated or bundled, not handlers.
    static let maximumFileSize = 2 << 20
    /// A line this long means a minified bundle.
    static let maximumLineLength = 5_000

    public let showSecrets: Bool
    /// The handlers and code locations of the functions declared in the scanned templates: they
    /// say which files and symbols are handlers, before conventions are tried. Only this index is
    /// kept, not the functions.
    private let discovery: HandlerDiscovery

    public init(functions: [ServerlessFunction], showSecrets: Bool = false) {
        self.init(handlers: functions.compactMap(\.handlerDeclaration), showSecrets: showSecrets)
    }

    public init(handlers: [HandlerDeclaration], showSecrets: Bool = false) {
        self.showSecrets = showSecrets
        self.discovery = HandlerDiscovery(handlers: handlers)
    }

    /// A cheap test on the path (extension) deciding whether `analyze` should see the file.
    public func wants(relativePath: String) -> Bool {
        SourceLanguage(relativePath: relativePath) != nil
    }

    /// Analyzes one source file held whole in memory. `path` is the path findings report;
    /// `relativePath` is the path below the scanned root (fingerprints, matching code locations).
    public func analyze(_ bytes: UnsafeRawBufferPointer, path: String, relativePath: String) -> AnalyzerOutput {
        guard let language = SourceLanguage(relativePath: relativePath) else { return AnalyzerOutput() }
        let declared = discovery.declares(relativePath: relativePath)
        guard declared || HandlerPrefilter.mentionsHandler(bytes, language: language) else { return AnalyzerOutput() }
        if bytes.count > Self.maximumFileSize {
            return AnalyzerOutput(notes: [ScanWarning(path: path, reason: "handler state not analyzed: over \(ByteCountText.format(Self.maximumFileSize))")])
        }
        let longestLine = HandlerPrefilter.longestLine(bytes)
        if longestLine > Self.maximumLineLength {
            return AnalyzerOutput(notes: [ScanWarning(path: path, reason: "handler state not analyzed: minified or generated (a line of \(longestLine) bytes)")])
        }
        let source = [UInt8](bytes)
        let (tokens, failure) = Lexer.tokenize(source, language: language)
        if let failure {
            return AnalyzerOutput(notes: [ScanWarning(path: path, reason: "handler state not analyzed: \(failure)")])
        }
        let outline = Outline.build(tokens, language: language)
        let handlers = discovery.handlers(in: outline, tokens: tokens, language: language, relativePath: relativePath)
        guard !handlers.isEmpty else { return AnalyzerOutput() }

        var flow = FlowAnalysis(tokens: tokens, language: language, outline: outline)
        for handler in handlers { flow.analyzeHandler(handler) }
        flow.analyzeInitialization(handlerTypes: Set(handlers.compactMap { outline.functions[$0].typeName }))

        let lines = LineIndex(source)
        let findings = flow.findings.map { found -> Finding in
            let token = tokens[found.tokenIndex]
            let lineText = lines.text(ofLineContaining: token.offset, in: source)
            return Finding(rule: found.rule, message: found.message, path: path, relativePath: relativePath, line: found.line,
                           column: lines.column(of: token.offset, in: source), excerpt: Self.excerpt(lineText), identity: found.identity,
                           showSecrets: showSecrets)
        }
        return AnalyzerOutput(findings: findings)
    }

    private static func excerpt(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 160 ? String(trimmed.prefix(159)) + "…" : trimmed
    }
}

/// The cheap byte-level checks done before any lexing.
enum HandlerPrefilter {
    /// Per language, groups of words: a file must hold a word of every group for the conventions
    /// to find a handler in it (a declared handler's file is analyzed regardless): a function
    /// definition or export, and a parameter named like a Lambda context, a handler's name, or the
    /// runtime's types or start call.
    private static let needles: [SourceLanguage: [[[UInt8]]]] = [
        .python: [["def"], ["context", "ctx", "handler", "event_source", "event_parser", "log_metrics", "idempotent", "batch_processor"]],
        .javascript: [["export"], ["andler", "vent", "evt", "serverless"]],
        .java: [["RequestHandler", "RequestStreamHandler", "amazonaws"]],
        .go: [["lambda"]],
        .csharp: [["ILambdaContext", "LambdaFunction"]],
        .ruby: [["def"], ["context", "handler"]],
        .swift: [["Lambda"]],
    ].mapValues { groups in groups.map { group in group.map { Array($0.utf8) } } }

    static func mentionsHandler(_ bytes: UnsafeRawBufferPointer, language: SourceLanguage) -> Bool {
        (needles[language] ?? []).allSatisfy { group in group.contains { ByteSearch.firstIndex(of: $0, in: bytes) != nil } }
    }

    static func longestLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var longest = 0
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            longest = max(longest, index - start)
            start = index + 1
        }
        return max(longest, bytes.count - start)
    }
}

/// Line starts of a file, for columns and excerpts.
private struct LineIndex {
    private var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
    }

    private func lineStart(of offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return starts[low]
    }

    /// 1-based column in Unicode code points.
    func column(of offset: Int, in bytes: [UInt8]) -> Int {
        let start = lineStart(of: offset)
        var column = 1
        for index in start..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    func text(ofLineContaining offset: Int, in bytes: [UInt8]) -> String {
        let start = lineStart(of: offset)
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
