/// One token of a source file. Comments are dropped. String tokens keep their contents (the raw
/// bytes between the quotes, cut at `Token.maximumStringText`), so paths, file modes and
/// environment-variable names can be read; the expressions interpolated into a string follow the
/// string token between `interpolationStart` and `interpolationEnd`, so data flowing through
/// `f"{event['id']}"` or `` `${event.id}` `` is seen.
struct Token: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case identifier, number, string, punctuation, newline, interpolationStart, interpolationEnd
    }

    static let maximumStringText = 256

    var kind: Kind
    var text: String
    var line: Int
    /// Byte offset of the token's first byte from the start of its line (indentation for Python).
    var column: Int
    /// Byte offset in the file.
    var offset: Int

    func isPunctuation(_ value: String) -> Bool {
        kind == .punctuation && text == value
    }

    func isIdentifier(_ value: String) -> Bool {
        kind == .identifier && text == value
    }
}

/// Splits source bytes into tokens for one language: strings (escapes, triple quotes, raw and
/// verbatim forms, heredocs, template literals and interpolation), comments (line, block, nested)
/// and, where a line break ends a statement, newline tokens outside brackets. Works on bytes;
/// never fails on garbage: unterminated strings and comments end at the end of input, and the
/// number of tokens and the interpolation depth are bounded.
struct Lexer {
    static let maximumTokens = 500_000
    static let maximumInterpolationDepth = 12
    static let maximumGroupingDepth = 256

    private let bytes: [UInt8]
    private let language: SourceLanguage
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var tokens: [Token] = []
    /// Open brackets, innermost last. A line break ends a statement only outside `(` and `[`, or
    /// directly inside a `{` (a callback's body inside a call's parentheses); in Python, only
    /// outside all brackets.
    private var openBrackets: [UInt8] = []

    private var lineBreaksEndStatements: Bool {
        guard let innermost = openBrackets.last else { return true }
        return language != .python && innermost == UInt8(ascii: "{")
    }
    /// Ruby heredocs whose bodies start at the next line break: terminator and whether it may be indented.
    private var pendingHeredocs: [(terminator: [UInt8], indented: Bool)] = []
    private var failure: String?

    /// The tokens of `bytes`, or why the file could not be tokenized within bounds.
    static func tokenize(_ bytes: [UInt8], language: SourceLanguage) -> (tokens: [Token], failure: String?) {
        var lexer = Lexer(bytes: bytes, language: language)
        lexer.lexCode(closing: nil, depth: 0)
        return (lexer.tokens, lexer.failure)
    }

    private init(bytes: [UInt8], language: SourceLanguage) {
        self.bytes = bytes
        self.language = language
    }

    // MARK: - Code

    /// Lexes code until the end of input, or (inside an interpolation) until the unmatched `closing` byte.
    private mutating func lexCode(closing: UInt8?, depth: Int) {
        let opening: UInt8? = closing == UInt8(ascii: "}") ? UInt8(ascii: "{") : closing == UInt8(ascii: ")") ? UInt8(ascii: "(") : nil
        var localDepth = 0
        while position < bytes.count, failure == nil {
            let byte = bytes[position]
            switch byte {
            case 0x0A:
                lexNewline(topLevel: closing == nil)
                continue
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                position += 1
                continue
            case UInt8(ascii: "\\") where peek(1) == 0x0A || (peek(1) == 0x0D && peek(2) == 0x0A):
                // An explicit line continuation (Python, Ruby, shell-like): not a statement end.
                position += peek(1) == 0x0D ? 2 : 1
                advanceLine(to: position + 1)
                continue
            default:
                break
            }
            if skipComment() { continue }
            if lexStringIfPresent(depth: depth) { continue }
            if isIdentifierStart(byte) {
                lexIdentifier()
                continue
            }
            if isDigit(byte) {
                lexNumber()
                continue
            }
            if let closing {
                if byte == closing && localDepth == 0 {
                    position += 1
                    return
                }
                if byte == opening { localDepth += 1 }
                if byte == closing { localDepth -= 1 }
            }
            lexPunctuation()
        }
    }

    private mutating func lexNewline(topLevel: Bool) {
        position += 1
        advanceLine(to: position)
        if language == .ruby && !pendingHeredocs.isEmpty { consumeHeredocBodies() }
        if topLevel && lineBreaksEndStatements && language.newlineEndsStatement,
           let last = tokens.last, last.kind != .newline {
            append(.newline, text: "", at: position - 1)
        }
        if language == .ruby { skipRubyBlockComment() }
    }

    private mutating func advanceLine(to newLineStart: Int) {
        line += 1
        lineStart = newLineStart
    }

    private func peek(_ distance: Int) -> UInt8? {
        let index = position + distance
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func append(_ kind: Token.Kind, text: String, at offset: Int) {
        guard tokens.count < Self.maximumTokens else {
            failure = "more than \(Self.maximumTokens) tokens"
            return
        }
        tokens.append(Token(kind: kind, text: text, line: line, column: max(0, offset - lineStart), offset: offset))
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "$"): language == .javascript || language == .ruby
        case UInt8(ascii: "@"): language == .ruby || (language == .csharp && peek(1).map(isIdentifierContinuation) == true)
        case 0x80...: true
        default: false
        }
    }

    private func isIdentifierContinuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80...: true
        case UInt8(ascii: "$"): language == .javascript
        default: false
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func lexIdentifier() {
        let start = position
        // Ruby sigils (`@x`, `@@x`, `$x`) and C# verbatim identifiers (`@class`) are part of the name.
        while position < bytes.count, bytes[position] == UInt8(ascii: "@") || bytes[position] == UInt8(ascii: "$") {
            position += 1
        }
        while position < bytes.count, isIdentifierContinuation(bytes[position]) { position += 1 }
        if language == .ruby, position < bytes.count,
           bytes[position] == UInt8(ascii: "?") || bytes[position] == UInt8(ascii: "!"),
           peek(1) != UInt8(ascii: "="), position > start, bytes[start] != UInt8(ascii: "$") {
            position += 1
        }
        var text = String(decoding: bytes[start..<position], as: UTF8.self)
        if language == .csharp, text.hasPrefix("@") { text.removeFirst() }
        append(.identifier, text: text, at: start)
    }

    private mutating func lexNumber() {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if isIdentifierContinuation(byte) || (byte == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
                position += 1
            } else {
                break
            }
        }
        append(.number, text: String(decoding: bytes[start..<position], as: UTF8.self), at: start)
    }

    private static let operators: [[UInt8]] = [
        "===", "!==", "**=", "<<=", ">>=", "...", "||=", "&&=", "??=",
        "==", "!=", "<=", ">=", "=>", "->", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=",
        "||", "&&", "??", "?.", "::", ":=", "<<", "++", "--", "**",
    ].map { Array($0.utf8) }

    /// The operators by their first byte, longest first.
    private static let operatorsByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for candidate in operators { table[Int(candidate[0])].append(candidate) }
        return table
    }()

    private mutating func lexPunctuation() {
        let start = position
        var length = 1
        candidates: for candidate in Self.operatorsByFirstByte[Int(bytes[start])] where start + candidate.count <= bytes.count {
            for offset in 1..<candidate.count where bytes[start + offset] != candidate[offset] { continue candidates }
            length = candidate.count
            break
        }
        position += length
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if length == 1 {
            switch bytes[start] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                openBrackets.append(bytes[start])
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                // Unbalanced closers in broken code close what they can.
                if !openBrackets.isEmpty { openBrackets.removeLast() }
            default:
                break
            }
            if openBrackets.count > Self.maximumGroupingDepth {
                failure = "brackets nested more than \(Self.maximumGroupingDepth) deep"
            }
        }
        append(.punctuation, text: text, at: start)
    }

    // MARK: - Comments

    private mutating func skipComment() -> Bool {
        let byte = bytes[position]
        switch language {
        case .python, .ruby:
            guard byte == UInt8(ascii: "#") else { return false }
            skipToEndOfLine()
            return true
        case .csharp where byte == UInt8(ascii: "#") && isAtLineStart():
            // Preprocessor directives (`#region`, `#if DEBUG`) are not code.
            skipToEndOfLine()
            return true
        default:
            guard byte == UInt8(ascii: "/"), let next = peek(1) else { return false }
            if next == UInt8(ascii: "/") {
                skipToEndOfLine()
                return true
            }
            guard next == UInt8(ascii: "*") else { return false }
            position += 2
            var nesting = 1
            while position < bytes.count, nesting > 0 {
                let current = bytes[position]
                if current == 0x0A {
                    position += 1
                    advanceLine(to: position)
                } else if current == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                    nesting -= 1
                    position += 2
                } else if language == .swift && current == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                    nesting += 1
                    position += 2
                } else {
                    position += 1
                }
            }
            return true
        }
    }

    private func isAtLineStart() -> Bool {
        var index = position - 1
        while index >= lineStart {
            if bytes[index] != 0x20 && bytes[index] != 0x09 { return false }
            index -= 1
        }
        return true
    }

    private mutating func skipToEndOfLine() {
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
    }

    /// `=begin` … `=end` at the start of lines.
    private mutating func skipRubyBlockComment() {
        guard startsWith("=begin") else { return }
        while position < bytes.count {
            skipToEndOfLine()
            guard position < bytes.count else { return }
            position += 1
            advanceLine(to: position)
            if startsWith("=end") {
                skipToEndOfLine()
                return
            }
        }
    }

    private func startsWith(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard position + needle.count <= bytes.count else { return false }
        return bytes[position..<(position + needle.count)].elementsEqual(needle)
    }

    // MARK: - Strings

    private enum Interpolation {
        /// `${…}` (JavaScript template literals).
        case dollarBrace
        /// `{…}` with `{{` as an escaped brace (Python f-strings, C# `$"…"`).
        case brace
        /// `#{…}` (Ruby double quotes, backticks, heredocs without quotes).
        case hashBrace
        /// `\(…)` (Swift).
        case backslashParenthesis
    }

    private struct StringForm {
        var prefixLength = 0
        var quote: UInt8
        /// How many quote bytes open and close it (3 for triple quotes, text blocks and C# raw strings).
        var quoteCount = 1
        var escapes = true
        /// `""` stands for one quote (C# verbatim strings).
        var doubledQuoteEscape = false
        var multiline = false
        var interpolation: Interpolation?
        /// Swift raw strings: the number of `#` around the quotes.
        var hashes = 0
    }

    private mutating func lexStringIfPresent(depth: Int) -> Bool {
        guard let form = stringForm() else {
            if language == .ruby { return lexRubySpecialLiteral() }
            if language == .javascript { return lexRegexIfPresent() }
            return false
        }
        lexString(form, depth: depth)
        return true
    }

    /// What string starts at `position`, if any.
    private func stringForm() -> StringForm? {
        let byte = bytes[position]
        let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), backtick = UInt8(ascii: "`")
        func tripled(_ quote: UInt8, at offset: Int) -> Bool {
            peek(offset) == quote && peek(offset + 1) == quote && peek(offset + 2) == quote
        }
        switch language {
        case .python:
            // Prefixes: r, b, u, f and pairs (rb, br, fr, rf), any case.
            var prefixLength = 0
            var formatted = false
            while prefixLength < 2, let next = peek(prefixLength),
                  [UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "u"), UInt8(ascii: "f")].contains(next | 0x20) {
                if next | 0x20 == UInt8(ascii: "f") { formatted = true }
                prefixLength += 1
            }
            guard let quote = peek(prefixLength), quote == doubleQuote || quote == singleQuote else { return nil }
            // A prefix must stand alone: `self.f"…"` is not Python, but `xf"` would be part of a name.
            if prefixLength > 0, position > 0, isIdentifierContinuation(bytes[position - 1]) { return nil }
            let triple = tripled(quote, at: prefixLength)
            return StringForm(prefixLength: prefixLength, quote: quote, quoteCount: triple ? 3 : 1, multiline: triple,
                              interpolation: formatted ? .brace : nil)
        case .javascript:
            if byte == backtick { return StringForm(quote: backtick, multiline: true, interpolation: .dollarBrace) }
            if byte == doubleQuote || byte == singleQuote { return StringForm(quote: byte) }
            return nil
        case .java:
            if byte == doubleQuote && tripled(doubleQuote, at: 0) { return StringForm(quote: doubleQuote, quoteCount: 3, multiline: true) }
            if byte == doubleQuote || byte == singleQuote { return StringForm(quote: byte) }
            return nil
        case .go:
            if byte == backtick { return StringForm(quote: backtick, escapes: false, multiline: true) }
            if byte == doubleQuote || byte == singleQuote { return StringForm(quote: byte) }
            return nil
        case .csharp:
            var prefixLength = 0
            var interpolated = false, verbatim = false
            while prefixLength < 3, let next = peek(prefixLength), next == UInt8(ascii: "$") || next == UInt8(ascii: "@") {
                if next == UInt8(ascii: "$") { interpolated = true } else { verbatim = true }
                prefixLength += 1
            }
            guard peek(prefixLength) == doubleQuote else {
                return prefixLength == 0 && byte == singleQuote ? StringForm(quote: singleQuote) : nil
            }
            // Raw string literals: three or more quotes, no escapes; kept opaque.
            var quoteCount = 0
            while peek(prefixLength + quoteCount) == doubleQuote { quoteCount += 1 }
            if quoteCount >= 3 {
                return StringForm(prefixLength: prefixLength, quote: doubleQuote, quoteCount: quoteCount, escapes: false, multiline: true)
            }
            return StringForm(prefixLength: prefixLength, quote: doubleQuote, escapes: !verbatim, doubledQuoteEscape: verbatim,
                              multiline: verbatim, interpolation: interpolated ? .brace : nil)
        case .ruby:
            if byte == doubleQuote || byte == backtick { return StringForm(quote: byte, multiline: true, interpolation: .hashBrace) }
            if byte == singleQuote { return StringForm(quote: singleQuote, multiline: true) }
            return nil
        case .swift:
            var hashes = 0
            while peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
            guard peek(hashes) == doubleQuote else { return nil }
            let triple = tripled(doubleQuote, at: hashes)
            // Raw strings (`#"…"#`) are kept opaque: `\#(…)` interpolation is rare in handlers.
            return StringForm(prefixLength: hashes, quote: doubleQuote, quoteCount: triple ? 3 : 1, escapes: hashes == 0,
                              multiline: triple, interpolation: hashes == 0 ? .backslashParenthesis : nil, hashes: hashes)
        }
    }

    private mutating func lexString(_ form: StringForm, depth: Int) {
        let tokenStart = position
        let tokenIndex = tokens.count
        append(.string, text: "", at: tokenStart)
        position += form.prefixLength + form.quoteCount
        let contentStart = position
        var contentEnd = bytes.count
        while position < bytes.count, failure == nil {
            let byte = bytes[position]
            if byte == 0x0A {
                if !form.multiline {
                    // An unterminated one-line string ends at the line break.
                    contentEnd = position
                    break
                }
                position += 1
                advanceLine(to: position)
                continue
            }
            if byte == UInt8(ascii: "\\") && form.escapes {
                if form.interpolation == .backslashParenthesis && peek(1) == UInt8(ascii: "(") {
                    position += 2
                    lexInterpolation(closing: UInt8(ascii: ")"), depth: depth)
                    continue
                }
                if peek(1) == 0x0A {
                    position += 2
                    advanceLine(to: position)
                } else {
                    position += 2
                }
                continue
            }
            if byte == form.quote {
                if form.doubledQuoteEscape && peek(1) == form.quote {
                    position += 2
                    continue
                }
                if closesString(form) {
                    contentEnd = position
                    position += form.quoteCount + form.hashes
                    break
                }
                position += 1
                continue
            }
            if let interpolation = form.interpolation, startsInterpolation(interpolation) {
                continue
            }
            position += 1
        }
        position = min(position, bytes.count)
        let end = min(contentEnd, bytes.count)
        if contentStart < end, tokenIndex < tokens.count {
            tokens[tokenIndex].text = String(decoding: bytes[contentStart..<min(end, contentStart + Token.maximumStringText)], as: UTF8.self)
        }
    }

    private func closesString(_ form: StringForm) -> Bool {
        for offset in 0..<form.quoteCount where peek(offset) != form.quote { return false }
        for offset in 0..<form.hashes where peek(form.quoteCount + offset) != UInt8(ascii: "#") { return false }
        return true
    }

    /// At an interpolation opener: lexes the expression inside (advancing past it) and says true.
    private mutating func startsInterpolation(_ interpolation: Interpolation) -> Bool {
        let byte = bytes[position]
        switch interpolation {
        case .dollarBrace:
            guard byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") else { return false }
            position += 2
        case .hashBrace:
            guard byte == UInt8(ascii: "#"), peek(1) == UInt8(ascii: "{") else { return false }
            position += 2
        case .brace:
            guard byte == UInt8(ascii: "{") else { return false }
            if peek(1) == UInt8(ascii: "{") {
                position += 2
                return true
            }
            position += 1
        case .backslashParenthesis:
            return false
        }
        lexInterpolation(closing: interpolation == .backslashParenthesis ? UInt8(ascii: ")") : UInt8(ascii: "}"), depth: 0)
        return true
    }

    private mutating func lexInterpolation(closing: UInt8, depth: Int) {
        let nesting = interpolationNesting + 1
        guard nesting <= Self.maximumInterpolationDepth else {
            failure = "strings interpolated more than \(Self.maximumInterpolationDepth) deep"
            return
        }
        interpolationNesting = nesting
        append(.interpolationStart, text: "", at: position)
        let savedBrackets = openBrackets
        lexCode(closing: closing, depth: nesting)
        openBrackets = savedBrackets
        append(.interpolationEnd, text: "", at: max(0, position - 1))
        interpolationNesting = nesting - 1
    }

    private var interpolationNesting = 0

    // MARK: - JavaScript regular expressions

    /// Whether a `/` here starts an expression (a regular expression literal) rather than dividing.
    private func slashStartsRegex() -> Bool {
        guard let previous = tokens.last(where: { $0.kind != .newline }) else { return true }
        switch previous.kind {
        case .identifier: return SourceLanguage.expressionKeywords.contains(previous.text)
        case .number, .string, .interpolationEnd: return false
        case .punctuation: return ![")", "]", "}"].contains(previous.text)
        case .newline, .interpolationStart: return true
        }
    }

    private mutating func lexRegexIfPresent() -> Bool {
        guard bytes[position] == UInt8(ascii: "/"), peek(1) != UInt8(ascii: "/"), peek(1) != UInt8(ascii: "*"),
              slashStartsRegex() else { return false }
        var index = position + 1
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { return false }
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if byte == UInt8(ascii: "/") && !inClass { break }
            index += 1
        }
        guard index < bytes.count else { return false }
        let start = position
        position = index + 1
        while position < bytes.count, isIdentifierContinuation(bytes[position]) { position += 1 }
        append(.string, text: String(decoding: bytes[(start + 1)..<min(index, start + 1 + Token.maximumStringText)], as: UTF8.self), at: start)
        return true
    }

    // MARK: - Ruby literals

    /// `%q(…)`, `%w[…]`, `%i{…}`, `%(…)`, regular expressions and heredocs, kept opaque.
    private mutating func lexRubySpecialLiteral() -> Bool {
        let byte = bytes[position]
        if byte == UInt8(ascii: "<"), peek(1) == UInt8(ascii: "<"), lexHeredocOpener() { return true }
        if byte == UInt8(ascii: "/") && slashStartsRegex() {
            return lexDelimited(from: position, open: UInt8(ascii: "/"), close: UInt8(ascii: "/"), bodyStart: position + 1)
        }
        guard byte == UInt8(ascii: "%"), slashStartsRegex(), let next = peek(1) else { return false }
        var delimiterOffset = 1
        if [UInt8(ascii: "q"), UInt8(ascii: "Q"), UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "i"), UInt8(ascii: "I"),
            UInt8(ascii: "r"), UInt8(ascii: "x"), UInt8(ascii: "s")].contains(next) {
            delimiterOffset = 2
        }
        guard let open = peek(delimiterOffset) else { return false }
        let close: UInt8
        switch open {
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case UInt8(ascii: "{"): close = UInt8(ascii: "}")
        case UInt8(ascii: "<"): close = UInt8(ascii: ">")
        case UInt8(ascii: "|"), UInt8(ascii: "!"), UInt8(ascii: "/"), UInt8(ascii: "^"): close = open
        default: return false
        }
        return lexDelimited(from: position, open: open, close: close, bodyStart: position + delimiterOffset + 1)
    }

    /// A literal from `start` whose body begins at `bodyStart` and ends at the `close` that balances it.
    private mutating func lexDelimited(from start: Int, open: UInt8, close: UInt8, bodyStart: Int) -> Bool {
        var index = bodyStart
        var nesting = 1
        let startLine = line, startLineStart = lineStart
        var newlines: [Int] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == 0x0A { newlines.append(index + 1) }
            if byte == close && open != close {
                nesting -= 1
            } else if byte == open && open != close {
                nesting += 1
            } else if byte == close {
                nesting = 0
            }
            if nesting == 0 { break }
            index += 1
        }
        let end = min(index, bytes.count)
        let text = String(decoding: bytes[min(bodyStart, end)..<min(end, bodyStart + Token.maximumStringText)], as: UTF8.self)
        line = startLine
        lineStart = startLineStart
        append(.string, text: text, at: start)
        for newlineStart in newlines { advanceLine(to: newlineStart) }
        position = min(end + 1, bytes.count)
        if open == UInt8(ascii: "/") {
            while position < bytes.count, isIdentifierContinuation(bytes[position]) { position += 1 }
        }
        return true
    }

    /// `<<~EOS`, `<<-EOS`, `<<EOS`, `<<~'EOS'`: the opener becomes a string token; the body is
    /// skipped at the next line break.
    private mutating func lexHeredocOpener() -> Bool {
        var index = position + 2
        var indented = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "~") || bytes[index] == UInt8(ascii: "-") {
            indented = true
            index += 1
        }
        var quote: UInt8?
        if index < bytes.count, [UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`")].contains(bytes[index]) {
            quote = bytes[index]
            index += 1
        }
        let nameStart = index
        while index < bytes.count, isIdentifierContinuation(bytes[index]) { index += 1 }
        guard index > nameStart else { return false }
        // Without `~`, `-` or quotes, only an upper-case name reads as a heredoc (`a <<b` is a shift).
        if !indented && quote == nil && !(bytes[nameStart] >= UInt8(ascii: "A") && bytes[nameStart] <= UInt8(ascii: "Z")) {
            return false
        }
        let terminator = Array(bytes[nameStart..<index])
        if let quote {
            guard index < bytes.count, bytes[index] == quote else { return false }
            index += 1
        }
        append(.string, text: "", at: position)
        pendingHeredocs.append((terminator, indented))
        position = index
        return true
    }

    private mutating func consumeHeredocBodies() {
        let pending = pendingHeredocs
        pendingHeredocs = []
        for heredoc in pending {
            while position < bytes.count {
                var lineEnd = position
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var contentStart = position
                if heredoc.indented {
                    while contentStart < lineEnd, bytes[contentStart] == 0x20 || bytes[contentStart] == 0x09 { contentStart += 1 }
                }
                var contentEnd = lineEnd
                if contentEnd > contentStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let isTerminator = bytes[contentStart..<contentEnd].elementsEqual(heredoc.terminator)
                position = min(lineEnd + 1, bytes.count)
                if lineEnd < bytes.count { advanceLine(to: position) }
                if isTerminator { break }
            }
        }
    }
}
