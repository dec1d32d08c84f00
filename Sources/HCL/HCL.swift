/// HashiCorp Configuration Language (HCL 2, native syntax): a parser that keeps exact positions,
/// for reading Terraform. Its own module: it knows nothing of secrets or of Residue.
///
/// Types are prefixed `HCL…` rather than nested in this enum, so that code in other modules can
/// still write `HCL.parse(_:)` without a type named like the module shadowing its other members.
public enum HCL {
    /// The deepest nesting of blocks, brackets, templates and operators the parser follows before
    /// it gives up with an error: recursion must stay bounded on hostile input. Real Terraform
    /// nests a dozen levels at most. A debug build ran out of stack at about 450 levels of
    /// brackets on a 512 KiB thread (the size of test and dispatch worker threads), so the limit
    /// leaves room for that and for whatever the caller already has on the stack.
    public static let maximumNestingDepth = 128

    /// The most tokens a file may hold (and values a `.tf.json` file): about 600 KB of dense HCL,
    /// ten times a large hand-written `main.tf`. Tokens and the syntax tree built from them take
    /// about 280 bytes an element, so a file past this is refused with an error rather than read
    /// at any cost.
    public static let maximumElements = 100_000

    /// Parses one file of HCL native syntax (`.tf`, `.tfvars`).
    public static func parse(_ bytes: [UInt8]) throws(HCLParseError) -> HCLFile {
        let tokens = try HCLLexer.tokenize(bytes)
        var parser = HCLParser(tokens: tokens, bytes: bytes)
        let body = try parser.parseFile()
        return HCLFile(bytes: bytes, body: body)
    }
}

/// A place in a file.
public struct HCLPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode code points (a tab counts one).
    public var column: Int
    /// 0-based offset in bytes.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }

    /// Moves past `byte`: a newline starts the next line; a UTF-8 continuation byte belongs to the
    /// code point its lead byte already counted.
    mutating func advance(over byte: UInt8) {
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
}

/// A stretch of a file: `start` included, `end` excluded.
public struct HCLRange: Sendable, Equatable, Hashable {
    public var start: HCLPosition
    public var end: HCLPosition

    public init(start: HCLPosition, end: HCLPosition) {
        self.start = start
        self.end = end
    }
}

/// Why a file does not parse, and where.
public struct HCLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: HCLPosition

    public init(_ message: String, at position: HCLPosition) {
        self.message = message
        self.position = position
    }

    public var description: String { "line \(position.line), column \(position.column): \(message)" }
}
