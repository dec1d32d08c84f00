/// A parsed file: its body, and the bytes it was read from (for the source text of expressions).
public struct HCLFile: Sendable {
    public let bytes: [UInt8]
    public let body: HCLBody

    public init(bytes: [UInt8], body: HCLBody) {
        self.bytes = bytes
        self.body = body
    }

    /// The text of a range as written, e.g. an expression's source.
    public func text(of range: HCLRange) -> String {
        let start = max(0, min(range.start.offset, bytes.count))
        let end = max(start, min(range.end.offset, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// Attributes and blocks, in the order written.
public struct HCLBody: Sendable {
    public var attributes: [HCLAttribute]
    public var blocks: [HCLBlock]
    public var range: HCLRange

    public init(attributes: [HCLAttribute], blocks: [HCLBlock], range: HCLRange) {
        self.attributes = attributes
        self.blocks = blocks
        self.range = range
    }

    public func attribute(_ name: String) -> HCLAttribute? {
        attributes.first { $0.name == name }
    }

    public func blocks(ofType type: String) -> [HCLBlock] {
        blocks.filter { $0.type == type }
    }
}

/// `name = expression`.
public struct HCLAttribute: Sendable {
    public var name: String
    public var nameRange: HCLRange
    public var value: HCLExpression
    /// From the name to the end of the value.
    public var range: HCLRange

    public init(name: String, nameRange: HCLRange, value: HCLExpression, range: HCLRange) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
        self.range = range
    }
}

/// `type "label" label { body }`.
public struct HCLBlock: Sendable {
    public var type: String
    public var typeRange: HCLRange
    public var labels: [HCLBlockLabel]
    public var body: HCLBody
    /// From the type to the closing brace.
    public var range: HCLRange

    public init(type: String, typeRange: HCLRange, labels: [HCLBlockLabel], body: HCLBody, range: HCLRange) {
        self.type = type
        self.typeRange = typeRange
        self.labels = labels
        self.body = body
        self.range = range
    }
}

public struct HCLBlockLabel: Sendable {
    /// The label's text (quotes removed, escapes decoded).
    public var value: String
    public var range: HCLRange

    public init(value: String, range: HCLRange) {
        self.value = value
        self.range = range
    }
}

/// An expression and where it is written.
public struct HCLExpression: Sendable {
    public var kind: Kind
    public var range: HCLRange

    public init(_ kind: Kind, range: HCLRange) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Sendable {
        /// As written (`42`, `1.5e3`, and `-1` when the minus is written before the digits).
        case number(String)
        case bool(Bool)
        case null
        /// `"…"` or a heredoc.
        case template(HCLTemplate)
        /// `[a, b]`
        case tuple([HCLExpression])
        /// `{ k = v, "k" : v, (expr) = v }`
        case object([HCLObjectItem])
        /// A name with its steps: `var.x`, `local.env.KEY`, `aws_s3_bucket.b.arn`, `data.a.b.c[0]`, `x[*].id`.
        case traversal(root: String, steps: [HCLTraversalStep])
        /// Steps after something that is not a name: `jsondecode(s)["k"]`, `(a).b`, `[1, 2][0]`.
        case relativeTraversal(source: HCLExpression, steps: [HCLTraversalStep])
        /// `name(args)`, `provider::aws::arn_parse(x)`; `expandsFinalArgument` for `f(list...)`.
        case functionCall(name: String, arguments: [HCLExpression], expandsFinalArgument: Bool)
        case conditional(condition: HCLExpression, then: HCLExpression, else: HCLExpression)
        case forExpression(HCLForExpression)
        case unary(HCLUnaryOperator, HCLExpression)
        case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
        case parenthesized(HCLExpression)
    }
}

public enum HCLUnaryOperator: String, Sendable {
    case negate = "-"
    case not = "!"
}

public enum HCLBinaryOperator: String, Sendable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", modulo = "%"
}

/// The parts of a quoted string or heredoc.
public struct HCLTemplate: Sendable {
    public var parts: [HCLTemplatePart]
    public var isHeredoc: Bool

    /// The text when the template is only literal text (no interpolation or directive).
    public var literalValue: String? {
        var text = ""
        for part in parts {
            guard case .literal(let value, _) = part else { return nil }
            text += value
        }
        return text
    }
}

public indirect enum HCLTemplatePart: Sendable {
    /// Text with escapes decoded, and where it is written (adjacent literal pieces are merged).
    case literal(String, HCLRange)
    /// `${ expression }`
    case interpolation(HCLExpression)
    /// `%{ if c }…%{ else }…%{ endif }`
    case conditional(condition: HCLExpression, then: [HCLTemplatePart], else: [HCLTemplatePart])
    /// `%{ for k, v in collection }…%{ endfor }`
    case loop(keyVariable: String?, valueVariable: String, collection: HCLExpression, body: [HCLTemplatePart])
}

/// One step of a traversal.
public struct HCLTraversalStep: Sendable {
    public enum Kind: Sendable {
        /// `.name`
        case attribute(String)
        /// `[expression]`, and the legacy `.0`.
        case index(HCLExpression)
        /// `.*` (`full` false) or `[*]` (`full` true): the following steps apply to every element.
        case splat(full: Bool)
    }

    public var kind: Kind
    public var range: HCLRange
}

public struct HCLObjectItem: Sendable {
    public var key: HCLObjectKey
    public var value: HCLExpression
}

public struct HCLObjectKey: Sendable {
    public enum Kind: Sendable {
        /// A bare name: `KEY = v` (a literal key, not a variable).
        case identifier(String)
        /// `"KEY" = v`, `(var.k) = v`, or any other expression.
        case expression(HCLExpression)
    }

    public var kind: Kind
    public var range: HCLRange

    /// The key's text when written literally (a bare name or a string without interpolation).
    public var literalName: String? {
        switch kind {
        case .identifier(let name):
            return name
        case .expression(let expression):
            var inner = expression
            while case .parenthesized(let wrapped) = inner.kind {
                inner = wrapped
            }
            if case .template(let template) = inner.kind {
                return template.literalValue
            }
            return nil
        }
    }
}

/// `[for k, v in c : value if cond]` and `{for k, v in c : key => value... if cond}`.
public struct HCLForExpression: Sendable {
    public var keyVariable: String?
    public var valueVariable: String
    public var collection: HCLExpression
    /// Present for the object form (`{for …}`).
    public var keyExpression: HCLExpression?
    public var valueExpression: HCLExpression
    public var condition: HCLExpression?
    /// `...` after the value in the object form: values are grouped by key.
    public var groupsValues: Bool
}
