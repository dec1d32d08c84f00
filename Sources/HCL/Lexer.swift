/// What a token is.
public enum HCLTokenKind: Sendable, Equatable {
    case identifier
    case number
    case openBrace, closeBrace, openBracket, closeBracket, openParen, closeParen
    case comma, dot, colon, doubleColon, question, equals, fatArrow, ellipsis
    case plus, minus, star, slash, percent
    case and, or, bang, equalEqual, notEqual, less, lessEqual, greater, greaterEqual
    /// A line break outside brackets: it ends attributes and block headers.
    case newline
    /// `"` opening and closing a quoted template.
    case openQuote, closeQuote
    /// `<<EOF` / `<<-EOF` (the marker is the token's text) and the closing marker line.
    case heredocStart, heredocEnd
    /// Literal text of a template, escapes already decoded (the token's text).
    case templateLiteral
    /// `${` (or `${~`) opening an interpolation.
    case templateInterpolation
    /// `%{` (or `%{~`) opening a directive (`if`, `else`, `endif`, `for`, `endfor`).
    case templateDirective
    /// `}` (or `~}`) closing an interpolation or directive.
    case templateSequenceEnd
    case endOfFile
}

public struct HCLToken: Sendable, Equatable {
    public var kind: HCLTokenKind
    public var range: HCLRange
    /// Identifiers and numbers: as written. Template literals: the decoded text. Heredoc start: the marker.
    public var text: String
    /// `${~`, `%{~`, `~}`: whitespace next to the sequence is stripped.
    public var strips: Bool
    /// `<<-EOF`: the common leading indentation of the lines is removed.
    public var indentedHeredoc: Bool
    /// A heredoc literal that starts at the beginning of a line (the unit that `<<-` trims).
    public var startsLine: Bool

    init(_ kind: HCLTokenKind, _ range: HCLRange, text: String = "", strips: Bool = false,
         indentedHeredoc: Bool = false, startsLine: Bool = false) {
        self.kind = kind
        self.range = range
        self.text = text
        self.strips = strips
        self.indentedHeredoc = indentedHeredoc
        self.startsLine = startsLine
    }
}

/// Splits HCL native syntax into tokens, on bytes. Templates make it modal: inside `"…"` and
/// heredocs it reads literal text until `${`/`%{`, and a `}` closes either a brace or an
/// interpolation, so it keeps a stack of what is open.
public struct HCLLexer {
    private enum Context {
        case brace
        case sequence(start: HCLPosition)
        case quoted(start: HCLPosition)
        case heredoc(marker: [UInt8], start: HCLPosition, atLineStart: Bool)
        /// The whole input is one template without delimiters (a string of HCL's JSON syntax).
        case bareTemplate
    }

    private let bytes: [UInt8]
    private var position = HCLPosition(line: 1, column: 1, offset: 0)
    private var tokens: [HCLToken] = []
    private var stack: [Context] = []

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The tokens of a template that is the whole of `bytes` (no quotes, no escapes but `$${` and
    /// `%%{`), ending with `.endOfFile`.
    public static func tokenizeTemplate(_ bytes: [UInt8]) throws(HCLParseError) -> [HCLToken] {
        var lexer = HCLLexer(bytes: bytes)
        lexer.stack = [.bareTemplate]
        try lexer.run()
        return lexer.tokens
    }

    /// All tokens of a file, ending with `.endOfFile`.
    public static func tokenize(_ bytes: [UInt8]) throws(HCLParseError) -> [HCLToken] {
        var lexer = HCLLexer(bytes: bytes)
        // A UTF-8 byte order mark is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            lexer.position.offset = 3
        }
        try lexer.run()
        return lexer.tokens
    }

    private mutating func run() throws(HCLParseError) {
        while true {
            if tokens.count > HCL.maximumElements {
                throw HCLParseError("too large to analyze: more than \(HCL.maximumElements) tokens", at: position)
            }
            switch stack.last {
            case .quoted(let start)?:
                try lexQuoted(start: start)
            case .heredoc(let marker, let start, let atLineStart)?:
                try lexHeredoc(marker: marker, start: start, atLineStart: atLineStart)
            case .bareTemplate?:
                if try !lexBareTemplate() {
                    return
                }
            default:
                if try !lexNormal() {
                    return
                }
            }
        }
    }

    // MARK: - Reading bytes

    private var atEnd: Bool { position.offset >= bytes.count }

    private func byte(at distance: Int = 0) -> UInt8? {
        let index = position.offset + distance
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            guard position.offset < bytes.count else { return }
            position.advance(over: bytes[position.offset])
        }
    }

    private mutating func emit(_ kind: HCLTokenKind, from start: HCLPosition, text: String = "",
                               strips: Bool = false, indentedHeredoc: Bool = false, startsLine: Bool = false) {
        tokens.append(HCLToken(kind, HCLRange(start: start, end: position), text: text, strips: strips,
                               indentedHeredoc: indentedHeredoc, startsLine: startsLine))
    }

    private func describe(_ value: UInt8) -> String {
        if value >= 0x21 && value < 0x7F {
            return "'\(Character(Unicode.Scalar(value)))'"
        }
        return "byte 0x\(String(value, radix: 16, uppercase: true))"
    }

    // MARK: - Normal mode

    /// Reads one token outside templates; false at the end of the input.
    private mutating func lexNormal() throws(HCLParseError) -> Bool {
        try skipSpaceAndComments()
        let start = position
        guard let current = byte() else {
            for context in stack.reversed() {
                if case .sequence(let opened) = context {
                    throw HCLParseError("unterminated template sequence '${' started at line \(opened.line)", at: opened)
                }
            }
            emit(.endOfFile, from: start)
            return false
        }
        let next = byte(at: 1)
        switch current {
        case UInt8(ascii: "\n"):
            advance()
            emit(.newline, from: start)
        case UInt8(ascii: "{"):
            advance()
            stack.append(.brace)
            emit(.openBrace, from: start)
        case UInt8(ascii: "}"):
            advance()
            closeBraceOrSequence(from: start, strips: false)
        case UInt8(ascii: "~") where next == UInt8(ascii: "}"):
            advance(2)
            closeBraceOrSequence(from: start, strips: true)
        case UInt8(ascii: "["): advance(); emit(.openBracket, from: start)
        case UInt8(ascii: "]"): advance(); emit(.closeBracket, from: start)
        case UInt8(ascii: "("): advance(); emit(.openParen, from: start)
        case UInt8(ascii: ")"): advance(); emit(.closeParen, from: start)
        case UInt8(ascii: ","): advance(); emit(.comma, from: start)
        case UInt8(ascii: "?"): advance(); emit(.question, from: start)
        case UInt8(ascii: "+"): advance(); emit(.plus, from: start)
        case UInt8(ascii: "-"): advance(); emit(.minus, from: start)
        case UInt8(ascii: "*"): advance(); emit(.star, from: start)
        case UInt8(ascii: "/"): advance(); emit(.slash, from: start)
        case UInt8(ascii: "%"): advance(); emit(.percent, from: start)
        case UInt8(ascii: ":"):
            if next == UInt8(ascii: ":") {
                advance(2)
                emit(.doubleColon, from: start)
            } else {
                advance()
                emit(.colon, from: start)
            }
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), byte(at: 2) == UInt8(ascii: ".") {
                advance(3)
                emit(.ellipsis, from: start)
            } else {
                advance()
                emit(.dot, from: start)
            }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") {
                advance(2); emit(.equalEqual, from: start)
            } else if next == UInt8(ascii: ">") {
                advance(2); emit(.fatArrow, from: start)
            } else {
                advance(); emit(.equals, from: start)
            }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") {
                advance(2); emit(.notEqual, from: start)
            } else {
                advance(); emit(.bang, from: start)
            }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") {
                advance(2); emit(.greaterEqual, from: start)
            } else {
                advance(); emit(.greater, from: start)
            }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "<") {
                try lexHeredocStart(from: start)
            } else if next == UInt8(ascii: "=") {
                advance(2); emit(.lessEqual, from: start)
            } else {
                advance(); emit(.less, from: start)
            }
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"):
            advance(2); emit(.and, from: start)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"):
            advance(2); emit(.or, from: start)
        case UInt8(ascii: "\""):
            advance()
            stack.append(.quoted(start: start))
            emit(.openQuote, from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumber(from: start)
        default:
            guard Self.isIdentifierStart(current) else {
                throw HCLParseError("unexpected character \(describe(current))", at: start)
            }
            while let following = byte(), Self.isIdentifierContinuation(following) {
                advance()
            }
            emit(.identifier, from: start, text: text(from: start))
        }
        return true
    }

    private mutating func closeBraceOrSequence(from start: HCLPosition, strips: Bool) {
        switch stack.last {
        case .sequence?:
            stack.removeLast()
            emit(.templateSequenceEnd, from: start, strips: strips)
        case .brace?:
            stack.removeLast()
            emit(.closeBrace, from: start)
        default:
            // An unmatched `}`: the parser reports it where it does not fit.
            emit(.closeBrace, from: start)
        }
    }

    private mutating func skipSpaceAndComments() throws(HCLParseError) {
        while let current = byte() {
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: "#"):
                skipLineComment()
            case UInt8(ascii: "/") where byte(at: 1) == UInt8(ascii: "/"):
                skipLineComment()
            case UInt8(ascii: "/") where byte(at: 1) == UInt8(ascii: "*"):
                let start = position
                advance(2)
                while true {
                    guard let inside = byte() else {
                        throw HCLParseError("unterminated comment '/*' started at line \(start.line)", at: start)
                    }
                    if inside == UInt8(ascii: "*"), byte(at: 1) == UInt8(ascii: "/") {
                        advance(2)
                        break
                    }
                    advance()
                }
            default:
                return
            }
        }
    }

    /// Up to, not including, the line break: the break still ends the attribute before the comment.
    private mutating func skipLineComment() {
        while let current = byte(), current != UInt8(ascii: "\n") {
            advance()
        }
    }

    private mutating func lexNumber(from start: HCLPosition) {
        skipDigits()
        if byte() == UInt8(ascii: "."), let after = byte(at: 1), Self.isDigit(after) {
            advance()
            skipDigits()
        }
        if let marker = byte(), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            var length = 1
            if let sign = byte(at: 1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                length = 2
            }
            if let digit = byte(at: length), Self.isDigit(digit) {
                advance(length)
                skipDigits()
            }
        }
        emit(.number, from: start, text: text(from: start))
    }

    private mutating func skipDigits() {
        while let current = byte(), Self.isDigit(current) {
            advance()
        }
    }

    private func text(from start: HCLPosition) -> String {
        String(decoding: bytes[start.offset..<position.offset], as: UTF8.self)
    }

    static func isDigit(_ value: UInt8) -> Bool {
        value >= UInt8(ascii: "0") && value <= UInt8(ascii: "9")
    }

    /// Letters, `_`, and any non-ASCII byte: HCL allows Unicode identifiers, and taking every
    /// non-ASCII byte keeps multi-byte letters whole without decoding them here.
    static func isIdentifierStart(_ value: UInt8) -> Bool {
        (value >= UInt8(ascii: "a") && value <= UInt8(ascii: "z"))
            || (value >= UInt8(ascii: "A") && value <= UInt8(ascii: "Z"))
            || value == UInt8(ascii: "_") || value >= 0x80
    }

    static func isIdentifierContinuation(_ value: UInt8) -> Bool {
        isIdentifierStart(value) || isDigit(value) || value == UInt8(ascii: "-")
    }

    // MARK: - Quoted templates

    private mutating func lexQuoted(start quoteStart: HCLPosition) throws(HCLParseError) {
        var literal: [UInt8] = []
        let literalStart = position
        func unterminated() -> HCLParseError {
            HCLParseError("unterminated string started at line \(quoteStart.line), column \(quoteStart.column)", at: quoteStart)
        }
        while true {
            guard let current = byte() else {
                throw unterminated()
            }
            let next = byte(at: 1)
            switch current {
            case UInt8(ascii: "\""):
                flushLiteral(&literal, from: literalStart)
                let start = position
                advance()
                stack.removeLast()
                emit(.closeQuote, from: start)
                return
            case UInt8(ascii: "\n"):
                throw HCLParseError(
                    "unterminated string started at line \(quoteStart.line), column \(quoteStart.column)"
                        + " (a quoted string cannot span lines)",
                    at: quoteStart)
            case UInt8(ascii: "\\"):
                try decodeEscape(into: &literal)
            case UInt8(ascii: "$"), UInt8(ascii: "%"):
                if next == current, byte(at: 2) == UInt8(ascii: "{") {
                    // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
                    literal.append(current)
                    literal.append(UInt8(ascii: "{"))
                    advance(3)
                } else if next == UInt8(ascii: "{") {
                    flushLiteral(&literal, from: literalStart)
                    openSequence(current)
                    return
                } else {
                    literal.append(current)
                    advance()
                }
            default:
                literal.append(current)
                advance()
            }
        }
    }

    private mutating func flushLiteral(_ literal: inout [UInt8], from start: HCLPosition, startsLine: Bool = false) {
        guard position.offset > start.offset else { return }
        emit(.templateLiteral, from: start, text: String(decoding: literal, as: UTF8.self), startsLine: startsLine)
        literal.removeAll(keepingCapacity: true)
    }

    /// `${` or `%{`, with an optional `~` strip marker.
    private mutating func openSequence(_ introducer: UInt8) {
        let start = position
        advance(2)
        var strips = false
        if byte() == UInt8(ascii: "~") {
            strips = true
            advance()
        }
        stack.append(.sequence(start: start))
        emit(introducer == UInt8(ascii: "$") ? .templateInterpolation : .templateDirective, from: start, strips: strips)
    }

    private mutating func decodeEscape(into literal: inout [UInt8]) throws(HCLParseError) {
        let start = position
        guard let code = byte(at: 1) else {
            throw HCLParseError("unterminated escape sequence", at: start)
        }
        switch code {
        case UInt8(ascii: "n"): literal.append(0x0A); advance(2)
        case UInt8(ascii: "r"): literal.append(0x0D); advance(2)
        case UInt8(ascii: "t"): literal.append(0x09); advance(2)
        case UInt8(ascii: "\""): literal.append(UInt8(ascii: "\"")); advance(2)
        case UInt8(ascii: "\\"): literal.append(UInt8(ascii: "\\")); advance(2)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = code == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for index in 0..<digits {
                guard let digit = byte(at: 2 + index), let nibble = Self.hexValue(digit) else {
                    let escape = Character(Unicode.Scalar(code))
                    throw HCLParseError("invalid escape \\\(escape): expected \(digits) hexadecimal digits", at: start)
                }
                value = value << 4 | UInt32(nibble)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw HCLParseError("invalid escape: U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar", at: start)
            }
            literal.append(contentsOf: Array(String(Character(scalar)).utf8))
            advance(2 + digits)
        default:
            throw HCLParseError("invalid escape sequence \\\(describe(code).trimmingQuotes)", at: start)
        }
    }

    private static func hexValue(_ value: UInt8) -> UInt8? {
        switch value {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: - Heredocs

    /// `<<EOF` or `<<-EOF`, then a line break; the template starts on the next line.
    private mutating func lexHeredocStart(from start: HCLPosition) throws(HCLParseError) {
        advance(2)
        var indented = false
        if byte() == UInt8(ascii: "-") {
            indented = true
            advance()
        }
        let markerStart = position
        guard let first = byte(), Self.isIdentifierStart(first) else {
            throw HCLParseError("invalid heredoc: expected a marker such as EOF after '<<'", at: start)
        }
        while let following = byte(), Self.isIdentifierContinuation(following) {
            advance()
        }
        let marker = Array(bytes[markerStart.offset..<position.offset])
        while let trailing = byte(), trailing == UInt8(ascii: " ") || trailing == UInt8(ascii: "\t") || trailing == UInt8(ascii: "\r") {
            advance()
        }
        guard byte() == UInt8(ascii: "\n") else {
            let opener = "<<" + (indented ? "-" : "") + String(decoding: marker, as: UTF8.self)
            throw HCLParseError("invalid heredoc: a line break must follow '\(opener)'", at: start)
        }
        advance()
        stack.append(.heredoc(marker: marker, start: start, atLineStart: true))
        emit(.heredocStart, from: start, text: String(decoding: marker, as: UTF8.self), indentedHeredoc: indented)
    }

    private mutating func setHeredocAtLineStart(_ value: Bool) {
        if case .heredoc(let marker, let start, _)? = stack.last {
            stack[stack.count - 1] = .heredoc(marker: marker, start: start, atLineStart: value)
        }
    }

    private mutating func lexHeredoc(marker: [UInt8], start heredocStart: HCLPosition, atLineStart: Bool) throws(HCLParseError) {
        if atLineStart, isAtClosingMarker(marker) {
            let start = position
            while let current = byte(), current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") {
                advance()
            }
            advance(marker.count)
            stack.removeLast()
            // The line break after the marker is left for normal mode: it ends the attribute.
            emit(.heredocEnd, from: start)
            return
        }
        guard !atEnd else {
            let markerText = String(decoding: marker, as: UTF8.self)
            throw HCLParseError("unterminated heredoc <<\(markerText) started at line \(heredocStart.line)", at: heredocStart)
        }
        // One literal per line, so that `<<-` can trim each line's indentation by its token.
        var literal: [UInt8] = []
        let literalStart = position
        while let current = byte() {
            let next = byte(at: 1)
            if (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")) && next == UInt8(ascii: "{") {
                flushLiteral(&literal, from: literalStart, startsLine: atLineStart)
                setHeredocAtLineStart(false)
                openSequence(current)
                return
            }
            if (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")) && next == current && byte(at: 2) == UInt8(ascii: "{") {
                literal.append(current)
                literal.append(UInt8(ascii: "{"))
                advance(3)
                continue
            }
            literal.append(current)
            advance()
            if current == UInt8(ascii: "\n") {
                break
            }
        }
        let endedLine = literal.last == UInt8(ascii: "\n")
        flushLiteral(&literal, from: literalStart, startsLine: atLineStart)
        setHeredocAtLineStart(endedLine)
    }

    /// Literal text up to `${`, `%{` or the end; false at the end.
    private mutating func lexBareTemplate() throws(HCLParseError) -> Bool {
        guard !atEnd else {
            emit(.endOfFile, from: position)
            return false
        }
        var literal: [UInt8] = []
        let literalStart = position
        while let current = byte() {
            let next = byte(at: 1)
            if (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")) && next == UInt8(ascii: "{") {
                flushLiteral(&literal, from: literalStart)
                openSequence(current)
                return true
            }
            if (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")) && next == current && byte(at: 2) == UInt8(ascii: "{") {
                literal.append(current)
                literal.append(UInt8(ascii: "{"))
                advance(3)
                continue
            }
            literal.append(current)
            advance()
        }
        flushLiteral(&literal, from: literalStart)
        return true
    }

    /// Whether the current line is the heredoc's closing marker (optionally indented, then a line
    /// break or the end of input).
    private func isAtClosingMarker(_ marker: [UInt8]) -> Bool {
        var index = position.offset
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index + marker.count <= bytes.count, bytes[index..<index + marker.count].elementsEqual(marker) else {
            return false
        }
        var after = index + marker.count
        if after < bytes.count, bytes[after] == UInt8(ascii: "\r") {
            after += 1
        }
        guard after == bytes.count || bytes[after] == UInt8(ascii: "\n") else {
            return false
        }
        return true
    }
}

private extension String {
    var trimmingQuotes: String {
        guard count >= 2, first == "'", last == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
