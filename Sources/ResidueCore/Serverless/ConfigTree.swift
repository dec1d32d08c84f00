import Foundation
import Yams

/// A YAML or JSON document as a tree that remembers where each value is written: what the
/// template readers walk. YAML tags (CloudFormation's `!Ref`, `!Sub`, …) are kept, not resolved.
struct ConfigNode: Sendable {
    enum Kind: Sendable {
        case scalar(String)
        case mapping([ConfigPair])
        case sequence([ConfigNode])
    }

    var kind: Kind
    /// A local YAML tag such as `!Ref`; nil for untagged nodes and JSON.
    var tag: String?
    /// 1-based line and column of the value's first character (inside the quotes of a quoted string).
    var line: Int
    var column: Int
    /// A YAML `null`/`~`/empty value or JSON `null`.
    var isNull = false

    var string: String? {
        if case .scalar(let text) = kind, !isNull { return text }
        return nil
    }

    var pairs: [ConfigPair] {
        if case .mapping(let pairs) = kind { return pairs }
        return []
    }

    var items: [ConfigNode] {
        if case .sequence(let items) = kind { return items }
        return []
    }

    var isMapping: Bool {
        if case .mapping = kind { return true }
        return false
    }

    /// The value under `key` in a mapping.
    subscript(key: String) -> ConfigNode? {
        pairs.first { $0.key == key }?.value
    }

    /// The value at a path of keys, `node["provider", "environment"]`.
    subscript(path: String...) -> ConfigNode? {
        var node: ConfigNode? = self
        for key in path { node = node?[key] }
        return node
    }
}

struct ConfigPair: Sendable {
    var key: String
    var keyLine: Int
    var keyColumn: Int
    var value: ConfigNode
}

/// Why a document could not be read: shown as `path: line N: message`.
struct ConfigParseError: Error, Sendable, Equatable {
    var line: Int?
    var message: String

    var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}

/// Reads YAML (through Yams) and JSON (our own parser: Foundation's forgets positions) into
/// `ConfigNode` trees, with bounds: nesting depth and the number of nodes after alias expansion.
enum ConfigTreeReader {
    /// Templates nest a few dozen levels; far deeper nesting is hostile or generated.
    static let maxDepth = 256
    /// Nodes after YAML aliases are expanded, beyond one per byte of the document (which no
    /// document without aliases reaches): an alias bomb stops here, a large template does not.
    static let maxExpandedNodes = 50_000
    /// Values a template may hold. A deployable CloudFormation template (1 MB at most) holds
    /// about 100,000; past this a document is generated or hostile, and reading it would cost
    /// memory without bound (Yams's tree and ours take about 230 bytes a value, JSON's 110).
    static let maxNodes = 250_000

    /// `estimate`: how many values the document seems to hold, when it was counted before parsing.
    static func tooLarge(estimate: Int?) -> ConfigParseError {
        let about = estimate.map { " (about \($0))" } ?? ""
        return ConfigParseError(line: nil, message: "too large to analyze: more than \(maxNodes) values\(about)")
    }

    static func parseYAML(_ bytes: [UInt8]) throws(ConfigParseError) -> [ConfigNode] {
        // libyaml's parser is iterative, but composing nodes recurses: refuse absurd nesting before
        // it gets there.
        if let line = excessiveNesting(bytes) {
            throw ConfigParseError(line: line, message: "nesting deeper than \(maxDepth) levels")
        }
        if let line = YAMLPrecheck.collectionKeyLine(bytes) {
            throw ConfigParseError(line: line, message: YAMLPrecheck.refusal)
        }
        // Yams builds its whole tree before ours is made from it: count first.
        let estimate = estimatedNodes(bytes)
        if estimate > maxNodes { throw tooLarge(estimate: estimate) }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = LineTable(bytes)
        var documents: [ConfigNode] = []
        do {
            var budget = maxExpandedNodes + min(bytes.count, maxNodes)
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() {
                documents.append(try convert(node, depth: 0, budget: &budget, lines: lines))
            }
            if let error = sequence.error { throw error }
        } catch let error as ConfigParseError {
            throw error
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw ConfigParseError(line: nil, message: "\(error)")
        }
        return documents
    }

    private static func describe(_ error: YamlError) -> ConfigParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return ConfigParseError(line: mark.line, message: detail)
        case .reader(let problem, _, _, _):
            return ConfigParseError(line: nil, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigParseError(line: context.mark.line, message: "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return ConfigParseError(line: nil, message: "\(error)")
        }
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int, lines: LineTable) throws(ConfigParseError) -> ConfigNode {
        budget -= 1
        guard budget >= 0 else {
            throw ConfigParseError(line: node.mark?.line, message: "YAML aliases expand to too many nodes (alias bomb?)")
        }
        guard depth <= maxDepth else {
            throw ConfigParseError(line: node.mark?.line, message: "nesting deeper than \(maxDepth) levels")
        }
        let mark = node.mark
        var line = mark?.line ?? 0
        var column = mark?.column ?? 0
        let tagName = node.tag.rawValue
        let tag = tagName.hasPrefix("!") && tagName != "!" ? tagName : nil
        switch node {
        case .scalar(let scalar):
            var result = ConfigNode(kind: .scalar(scalar.string), tag: tag, line: line, column: column)
            switch scalar.style {
            case .singleQuoted, .doubleQuoted:
                // The mark is the quote (or the tag before it): the value starts after the quote.
                if let quote = lines.firstQuote(line: line, fromColumn: column) { column = quote + 1 }
                result.column = column
            case .literal, .folded:
                // Block scalars start on the next line, at its indentation.
                line += 1
                result.line = line
                result.column = lines.indentation(line: line) + 1
            default:
                if tag != nil, let start = lines.valueAfterTag(line: line, fromColumn: column) { result.column = start }
                result.isNull = tag == nil && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            }
            return result
        case .mapping(let mapping):
            var pairs: [ConfigPair] = []
            var mergedKeys: Set<String> = []
            for (key, value) in mapping {
                let keyNode = try convert(key, depth: depth + 1, budget: &budget, lines: lines)
                let valueNode = try convert(value, depth: depth + 1, budget: &budget, lines: lines)
                // YAML merge keys (`<<: *defaults`) splice the aliased mapping in.
                if keyNode.string == "<<" && keyNode.tag == nil {
                    for merged in valueNode.isMapping ? [valueNode] : valueNode.items {
                        for pair in merged.pairs where !pairs.contains(where: { $0.key == pair.key }) {
                            pairs.append(pair)
                            mergedKeys.insert(pair.key)
                        }
                    }
                    continue
                }
                // Keys written in the mapping itself override merged ones.
                let keyText = keyNode.string ?? ""
                if mergedKeys.remove(keyText) != nil { pairs.removeAll { $0.key == keyText } }
                pairs.append(ConfigPair(key: keyNode.string ?? "", keyLine: keyNode.line, keyColumn: keyNode.column, value: valueNode))
            }
            return ConfigNode(kind: .mapping(pairs), tag: tag, line: line, column: column)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget, lines: lines)) }
            return ConfigNode(kind: .sequence(items), tag: tag, line: line, column: column)
        case .alias:
            return ConfigNode(kind: .scalar(""), tag: nil, line: line, column: column, isNull: true)
        }
    }

    /// About how many values a YAML document holds, from its bytes alone: two for each `key:`
    /// (key and value), one for each `- ` item and flow `,`, two for each `[` and `{` (the
    /// collection and its first item). Quoting and comments are not followed: text that looks
    /// like structure counts, so the estimate errs high, and for a document of one value a byte it
    /// is close to exact. JSON (`json`) is counted exactly, but for text inside strings: a value
    /// for each `,` and `:` (the next item, a member's value), each `[` and `{` (the collection;
    /// its first item or key comes with it), plus the root.
    static func estimatedNodes(_ bytes: [UInt8], json: Bool = false) -> Int {
        if json {
            return bytes.reduce(1) { count, byte in
                byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
                    ? count + 1 : count
            }
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var count = 1
            var previous: UInt8 = 0x0A
            for index in buffer.indices {
                let byte = buffer[index]
                let next = index + 1 < buffer.count ? buffer[index + 1] : 0x0A
                let spaceNext = next == 0x20 || next == 0x0A || next == 0x0D || next == 0x09
                switch byte {
                case UInt8(ascii: ":"):
                    // `key: value`, `key:` at a line end, and JSON-style `"key":value`.
                    if spaceNext || previous == UInt8(ascii: "\"") || previous == UInt8(ascii: "'") { count += 2 }
                case UInt8(ascii: "-"):
                    if spaceNext && (previous == 0x20 || previous == 0x0A || previous == 0x09 || previous == UInt8(ascii: "-")) {
                        count += 1
                    }
                case UInt8(ascii: ","):
                    count += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    count += 2
                default:
                    break
                }
                previous = byte
            }
            return count
        }
    }

    /// The line of the first place where block indentation or flow brackets nest deeper than
    /// `maxDepth`, if any. Counting ignores quoting, so it overestimates; the bound is generous.
    static func excessiveNesting(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var flowDepth = 0
        var atLineStart = true
        var indentation = 0
        for byte in bytes {
            switch byte {
            case 0x0A:
                line += 1
                atLineStart = true
                indentation = 0
                continue
            case 0x20 where atLineStart, 0x2D where atLineStart:  // spaces and `- ` sequence entries indent
                indentation += 1
                if indentation > maxDepth * 4 { return line }
                continue
            case 0x5B, 0x7B:
                flowDepth += 1
                if flowDepth > maxDepth { return line }
            case 0x5D, 0x7D:
                flowDepth = max(0, flowDepth - 1)
            default:
                break
            }
            atLineStart = false
        }
        return nil
    }

    // MARK: JSON

    static func parseJSON(_ bytes: [UInt8]) throws(ConfigParseError) -> ConfigNode {
        // Counted before parsing too: the parser's own count would stop only after building a
        // quarter of a million values.
        let estimate = estimatedNodes(bytes, json: true)
        if estimate > maxNodes { throw tooLarge(estimate: estimate) }
        var parser = JSONPositionParser(bytes: bytes)
        return try parser.parseDocument()
    }
}

/// Line starts of a document, for turning YAML marks into value positions.
struct LineTable {
    private let bytes: [UInt8]
    private var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
    }

    private func lineBytes(_ line: Int) -> ArraySlice<UInt8>? {
        guard line >= 1 && line <= starts.count else { return nil }
        let start = starts[line - 1]
        let end = line < starts.count ? starts[line] - 1 : bytes.count
        return bytes[start..<max(start, end)]
    }

    /// Byte offset in the line of a 1-based code-point column.
    private func offset(in slice: ArraySlice<UInt8>, column: Int) -> Int {
        var remaining = column - 1
        var index = slice.startIndex
        while index < slice.endIndex && remaining > 0 {
            index += 1
            while index < slice.endIndex && slice[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    private func column(in slice: ArraySlice<UInt8>, offset: Int) -> Int {
        var column = 1
        for index in slice.startIndex..<offset where slice[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The bytes of a 1-based line, without its newline.
    func line(_ line: Int) -> [UInt8]? {
        lineBytes(line).map { Array($0.last == 0x0D ? $0.dropLast() : $0) }
    }

    /// The column of the first `'` or `"` at or after `fromColumn`.
    func firstQuote(line: Int, fromColumn: Int) -> Int? {
        guard let slice = lineBytes(line) else { return nil }
        var index = offset(in: slice, column: fromColumn)
        while index < slice.endIndex {
            if slice[index] == 0x22 || slice[index] == 0x27 { return column(in: slice, offset: index) }
            index += 1
        }
        return nil
    }

    /// For a tagged plain scalar (`!Ref Name`), the column of the value after the tag.
    func valueAfterTag(line: Int, fromColumn: Int) -> Int? {
        guard let slice = lineBytes(line) else { return nil }
        var index = offset(in: slice, column: fromColumn)
        guard index < slice.endIndex, slice[index] == 0x21 else { return nil }
        while index < slice.endIndex && slice[index] != 0x20 { index += 1 }
        while index < slice.endIndex && slice[index] == 0x20 { index += 1 }
        return column(in: slice, offset: index)
    }

    func indentation(line: Int) -> Int {
        guard let slice = lineBytes(line) else { return 0 }
        return slice.prefix { $0 == 0x20 }.count
    }
}

/// JSON (RFC 8259) into `ConfigNode`, with the line and column of every value.
struct JSONPositionParser {
    let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private var nodes = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is tolerated.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
    }

    mutating func parseDocument() throws(ConfigParseError) -> ConfigNode {
        skipWhitespace()
        let node = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value") }
        return node
    }

    private mutating func error(_ message: String) -> ConfigParseError {
        ConfigParseError(line: line, message: "\(message) (column \(column()))")
    }

    /// `columnCount` is the column at `columnIndex`, on the current line.
    private var columnIndex = 0
    private var columnCount = 1

    /// The column of `index`, counted on from the last one asked for: minified JSON is one line,
    /// and counting each value's column from the line start would be quadratic.
    private mutating func column() -> Int {
        if columnIndex < lineStart || columnIndex > index {
            columnIndex = lineStart
            columnCount = 1
        }
        while columnIndex < index && columnIndex < bytes.count {
            if bytes[columnIndex] & 0xC0 != 0x80 { columnCount += 1 }
            columnIndex += 1
        }
        return columnCount
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case 0x20, 0x09, 0x0D:
                index += 1
            default:
                return
            }
        }
    }

    private mutating func parseValue() throws(ConfigParseError) -> ConfigNode {
        guard index < bytes.count else { throw error("unexpected end of input") }
        nodes += 1
        if nodes > ConfigTreeReader.maxNodes {
            throw ConfigTreeReader.tooLarge(estimate: nil)
        }
        let valueLine = line
        let valueColumn = column()
        switch bytes[index] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= ConfigTreeReader.maxDepth else { throw error("nesting deeper than \(ConfigTreeReader.maxDepth) levels") }
            index += 1
            var pairs: [ConfigPair] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                index += 1
                return ConfigNode(kind: .mapping(pairs), line: valueLine, column: valueColumn)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let keyLine = line
                let keyColumn = column() + 1
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                index += 1
                skipWhitespace()
                let value = try parseValue()
                pairs.append(ConfigPair(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                throw error("expected ',' or '}' in an object")
            }
            return ConfigNode(kind: .mapping(pairs), line: valueLine, column: valueColumn)
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= ConfigTreeReader.maxDepth else { throw error("nesting deeper than \(ConfigTreeReader.maxDepth) levels") }
            index += 1
            var items: [ConfigNode] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                index += 1
                return ConfigNode(kind: .sequence(items), line: valueLine, column: valueColumn)
            }
            while true {
                skipWhitespace()
                items.append(try parseValue())
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                throw error("expected ',' or ']' in an array")
            }
            return ConfigNode(kind: .sequence(items), line: valueLine, column: valueColumn)
        case UInt8(ascii: "\""):
            let text = try parseString()
            return ConfigNode(kind: .scalar(text), line: valueLine, column: valueColumn + 1)
        default:
            let start = index
            while index < bytes.count, !([0x2C, 0x5D, 0x7D, 0x20, 0x0A, 0x0D, 0x09] as [UInt8]).contains(bytes[index]) {
                index += 1
            }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word == "null" {
                return ConfigNode(kind: .scalar(""), line: valueLine, column: valueColumn, isNull: true)
            }
            guard word == "true" || word == "false" || Double(word) != nil else {
                index = start
                throw error(word.isEmpty ? "expected a value" : "unexpected '\(word.prefix(20))'")
            }
            return ConfigNode(kind: .scalar(word), line: valueLine, column: valueColumn)
        }
    }

    private mutating func parseString() throws(ConfigParseError) -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { throw error("unterminated string") }
                let escaped = bytes[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { throw error("bad \\u escape") }
                    var scalarValue = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { throw error("bad surrogate pair") }
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: out.append(escaped)
                }
            case 0x0A:
                throw error("unterminated string")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count, let value = UInt16(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            return nil
        }
        index += 4
        return value
    }
}
