/// A JSON value and where it is written: HCL's JSON syntax (`.tf.json`, `.tfvars.json`). Which
/// members are blocks and which are attributes depends on the schema of the application reading
/// it, so the value is handed over as JSON; `HCL.expression(fromJSON:in:)` turns an attribute's
/// value into an expression.
public struct HCLJSONValue: Sendable {
    public enum Kind: Sendable {
        case object([HCLJSONMember])
        case array([HCLJSONValue])
        /// Escapes decoded.
        case string(String)
        /// As written.
        case number(String)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    /// For strings, the quotes included.
    public var range: HCLRange
}

public struct HCLJSONMember: Sendable {
    public var name: String
    public var nameRange: HCLRange
    public var value: HCLJSONValue
}

extension HCL {
    /// Parses a JSON document, keeping positions.
    public static func parseJSON(_ bytes: [UInt8]) throws(HCLParseError) -> HCLJSONValue {
        var parser = JSONParser(bytes: bytes)
        return try parser.parseDocument()
    }

    /// The expression a JSON value stands for where an expression is expected: strings are
    /// templates (`"${var.x}"`), objects and arrays hold expressions in turn. Positions inside a
    /// string are exact unless the string has escapes; then they are the string's own.
    public static func expression(fromJSON value: HCLJSONValue, in bytes: [UInt8]) throws(HCLParseError) -> HCLExpression {
        switch value.kind {
        case .number(let digits):
            return HCLExpression(.number(digits), range: value.range)
        case .bool(let flag):
            return HCLExpression(.bool(flag), range: value.range)
        case .null:
            return HCLExpression(.null, range: value.range)
        case .array(let elements):
            var expressions: [HCLExpression] = []
            for element in elements {
                expressions.append(try expression(fromJSON: element, in: bytes))
            }
            return HCLExpression(.tuple(expressions), range: value.range)
        case .object(let members):
            var items: [HCLObjectItem] = []
            for member in members where member.name != "//" {
                items.append(HCLObjectItem(key: HCLObjectKey(kind: .identifier(member.name), range: member.nameRange),
                                           value: try expression(fromJSON: member.value, in: bytes)))
            }
            return HCLExpression(.object(items), range: value.range)
        case .string(let decoded):
            return try template(decoded, at: value.range, in: bytes)
        }
    }

    private static func template(_ decoded: String, at range: HCLRange, in bytes: [UInt8]) throws(HCLParseError) -> HCLExpression {
        let contentStart = min(range.start.offset + 1, bytes.count)
        let contentEnd = max(contentStart, min(range.end.offset - 1, bytes.count))
        let raw = bytes[contentStart..<contentEnd]
        let exact = !raw.contains(UInt8(ascii: "\\"))
        var inside = range.start
        inside.column += 1
        inside.offset += 1
        // Without escapes the raw text is the template and sits on one line (JSON strings cannot
        // hold a line break): positions shift by where the text starts. With escapes, they
        // cannot be mapped back one to one; everything points at the string.
        func place(_ position: HCLPosition) -> HCLPosition {
            guard exact else { return inside }
            return HCLPosition(line: inside.line, column: inside.column + position.column - 1, offset: inside.offset + position.offset)
        }
        var tokens: [HCLToken]
        do {
            tokens = try HCLLexer.tokenizeTemplate(exact ? Array(raw) : Array(decoded.utf8))
        } catch {
            throw HCLParseError(error.message, at: place(error.position))
        }
        for index in tokens.indices {
            tokens[index].range = HCLRange(start: place(tokens[index].range.start), end: place(tokens[index].range.end))
        }
        var parser = HCLParser(tokens: tokens, bytes: bytes)
        let parts = try parser.parseBareTemplate(opener: HCLToken(.openQuote, range))
        return HCLExpression(.template(HCLTemplate(parts: parts, isHeredoc: false)), range: range)
    }
}

/// JSON on bytes, with the same positions as the HCL lexer and the same nesting limit.
private struct JSONParser {
    let bytes: [UInt8]
    var position = HCLPosition(line: 1, column: 1, offset: 0)
    var depth = 0
    var values = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position.offset = 3
        }
    }

    mutating func parseDocument() throws(HCLParseError) -> HCLJSONValue {
        let value = try parseValue()
        skipWhitespace()
        if let extra = byte() {
            throw HCLParseError("unexpected \(describe(extra)) after the JSON value", at: position)
        }
        return value
    }

    private func byte() -> UInt8? {
        position.offset < bytes.count ? bytes[position.offset] : nil
    }

    private mutating func advance() {
        guard position.offset < bytes.count else { return }
        position.advance(over: bytes[position.offset])
    }

    private mutating func skipWhitespace() {
        while let current = byte(), current == 0x20 || current == 0x09 || current == 0x0A || current == 0x0D {
            advance()
        }
    }

    private func describe(_ value: UInt8) -> String {
        if value >= 0x21 && value < 0x7F {
            return "'\(Character(Unicode.Scalar(value)))'"
        }
        return "byte 0x\(String(value, radix: 16, uppercase: true))"
    }

    private mutating func expect(_ expected: UInt8, _ context: String) throws(HCLParseError) {
        skipWhitespace()
        guard byte() == expected else {
            let found = byte().map(describe) ?? "the end of the file"
            throw HCLParseError("expected '\(Character(Unicode.Scalar(expected)))' \(context), found \(found)", at: position)
        }
        advance()
    }

    private mutating func parseValue() throws(HCLParseError) -> HCLJSONValue {
        skipWhitespace()
        let start = position
        values += 1
        guard values <= HCL.maximumElements else {
            throw HCLParseError("too large to analyze: more than \(HCL.maximumElements) values", at: start)
        }
        guard let current = byte() else {
            throw HCLParseError("expected a JSON value, found the end of the file", at: start)
        }
        switch current {
        case UInt8(ascii: "{"):
            return try nested(start) { parser throws(HCLParseError) in try parser.parseObject(start) }
        case UInt8(ascii: "["):
            return try nested(start) { parser throws(HCLParseError) in try parser.parseArray(start) }
        case UInt8(ascii: "\""):
            let text = try parseString()
            return HCLJSONValue(kind: .string(text), range: HCLRange(start: start, end: position))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber(start)
        default:
            for (word, kind) in [("true", HCLJSONValue.Kind.bool(true)), ("false", .bool(false)), ("null", .null)]
            where bytes[position.offset...].starts(with: word.utf8) {
                for _ in 0..<word.utf8.count {
                    advance()
                }
                return HCLJSONValue(kind: kind, range: HCLRange(start: start, end: position))
            }
            throw HCLParseError("unexpected \(describe(current)) in JSON", at: start)
        }
    }

    private mutating func nested(_ start: HCLPosition,
                                 _ body: (inout JSONParser) throws(HCLParseError) -> HCLJSONValue) throws(HCLParseError) -> HCLJSONValue {
        guard depth < HCL.maximumNestingDepth else {
            throw HCLParseError("nesting deeper than \(HCL.maximumNestingDepth) levels", at: start)
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func parseObject(_ start: HCLPosition) throws(HCLParseError) -> HCLJSONValue {
        advance()
        var members: [HCLJSONMember] = []
        skipWhitespace()
        if byte() == UInt8(ascii: "}") {
            advance()
            return HCLJSONValue(kind: .object([]), range: HCLRange(start: start, end: position))
        }
        while true {
            skipWhitespace()
            let nameStart = position
            guard byte() == UInt8(ascii: "\"") else {
                let found = byte().map(describe) ?? "the end of the file"
                throw HCLParseError("expected a member name in the object opened at line \(start.line), found \(found)", at: position)
            }
            let name = try parseString()
            let nameRange = HCLRange(start: nameStart, end: position)
            try expect(UInt8(ascii: ":"), "after a member name")
            let value = try parseValue()
            members.append(HCLJSONMember(name: name, nameRange: nameRange, value: value))
            skipWhitespace()
            if byte() == UInt8(ascii: ",") {
                advance()
                continue
            }
            try expect(UInt8(ascii: "}"), "to close the object opened at line \(start.line)")
            return HCLJSONValue(kind: .object(members), range: HCLRange(start: start, end: position))
        }
    }

    private mutating func parseArray(_ start: HCLPosition) throws(HCLParseError) -> HCLJSONValue {
        advance()
        var elements: [HCLJSONValue] = []
        skipWhitespace()
        if byte() == UInt8(ascii: "]") {
            advance()
            return HCLJSONValue(kind: .array([]), range: HCLRange(start: start, end: position))
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            if byte() == UInt8(ascii: ",") {
                advance()
                continue
            }
            try expect(UInt8(ascii: "]"), "to close the array opened at line \(start.line)")
            return HCLJSONValue(kind: .array(elements), range: HCLRange(start: start, end: position))
        }
    }

    private mutating func parseNumber(_ start: HCLPosition) throws(HCLParseError) -> HCLJSONValue {
        func isDigit(_ value: UInt8?) -> Bool {
            value.map(HCLLexer.isDigit) ?? false
        }
        if byte() == UInt8(ascii: "-") {
            advance()
        }
        guard isDigit(byte()) else {
            throw HCLParseError("expected a digit in a number", at: position)
        }
        while isDigit(byte()) { advance() }
        if byte() == UInt8(ascii: ".") {
            advance()
            guard isDigit(byte()) else { throw HCLParseError("expected a digit after '.' in a number", at: position) }
            while isDigit(byte()) { advance() }
        }
        if byte() == UInt8(ascii: "e") || byte() == UInt8(ascii: "E") {
            advance()
            if byte() == UInt8(ascii: "+") || byte() == UInt8(ascii: "-") { advance() }
            guard isDigit(byte()) else { throw HCLParseError("expected a digit in the exponent of a number", at: position) }
            while isDigit(byte()) { advance() }
        }
        let text = String(decoding: bytes[start.offset..<position.offset], as: UTF8.self)
        return HCLJSONValue(kind: .number(text), range: HCLRange(start: start, end: position))
    }

    /// At the opening quote; returns the decoded text and leaves the position after the closing quote.
    private mutating func parseString() throws(HCLParseError) -> String {
        let start = position
        advance()
        var decoded: [UInt8] = []
        while true {
            guard let current = byte(), current != 0x0A else {
                throw HCLParseError("unterminated string started at line \(start.line), column \(start.column)", at: start)
            }
            if current == UInt8(ascii: "\"") {
                advance()
                return String(decoding: decoded, as: UTF8.self)
            }
            if current != UInt8(ascii: "\\") {
                decoded.append(current)
                advance()
                continue
            }
            let escapeStart = position
            advance()
            guard let code = byte() else {
                throw HCLParseError("unterminated string started at line \(start.line), column \(start.column)", at: start)
            }
            advance()
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var unit = try parseHexUnit(escapeStart)
                if unit >= 0xD800 && unit < 0xDC00, byte() == UInt8(ascii: "\\") {
                    // A surrogate pair: `\uD83D\uDE00`.
                    advance()
                    guard byte() == UInt8(ascii: "u") else {
                        throw HCLParseError("invalid escape: a high surrogate must be followed by \\u", at: escapeStart)
                    }
                    advance()
                    let low = try parseHexUnit(escapeStart)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw HCLParseError("invalid escape: unpaired surrogate", at: escapeStart)
                    }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else {
                    throw HCLParseError("invalid escape: unpaired surrogate", at: escapeStart)
                }
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw HCLParseError("invalid escape sequence \\\(Character(Unicode.Scalar(code)))", at: escapeStart)
            }
        }
    }

    private mutating func parseHexUnit(_ escapeStart: HCLPosition) throws(HCLParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = byte(), let nibble = Self.hexValue(digit) else {
                throw HCLParseError("invalid escape: expected 4 hexadecimal digits after \\u", at: escapeStart)
            }
            value = value << 4 | UInt32(nibble)
            advance()
        }
        return value
    }

    private static func hexValue(_ value: UInt8) -> UInt8? {
        switch value {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
