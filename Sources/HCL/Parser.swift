/// Recursive descent over the lexer's tokens. Line breaks end attributes in bodies and separate
/// object items, but mean nothing inside brackets, parentheses and template sequences, so the
/// parser keeps a stack saying whether they count where it is.
struct HCLParser {
    private var tokens: [HCLToken]
    private let bytes: [UInt8]
    private var index = 0
    private var lineBreaksMatter: [Bool] = [true]
    private var depth = 0

    init(tokens: [HCLToken], bytes: [UInt8]) {
        // The lexer always ends with `.endOfFile`; make sure of it so `peek` never runs off the end.
        var tokens = tokens
        if tokens.last?.kind != .endOfFile {
            let end = HCLPosition(line: 1, column: 1, offset: bytes.count)
            tokens.append(HCLToken(.endOfFile, HCLRange(start: tokens.last?.range.end ?? end, end: tokens.last?.range.end ?? end)))
        }
        self.tokens = tokens
        self.bytes = bytes
    }

    mutating func parseFile() throws(HCLParseError) -> HCLBody {
        let body = try parseBody(opener: nil)
        let end = peek()
        guard end.kind == .endOfFile else {
            throw HCLParseError("unexpected \(describe(end)): no block is open", at: end.range.start)
        }
        return body
    }

    // MARK: - Tokens

    /// The index of the next token that counts: line breaks are looked past (not consumed) where
    /// they mean nothing, so a caller that counts them still sees them.
    private func nextIndex(from start: Int) -> Int {
        var next = start
        if lineBreaksMatter.last == false {
            while next < tokens.count - 1, tokens[next].kind == .newline {
                next += 1
            }
        }
        return next
    }

    private func peek() -> HCLToken {
        tokens[nextIndex(from: index)]
    }

    /// The token after the next one.
    private func peekSecond() -> HCLToken {
        let first = nextIndex(from: index)
        guard first < tokens.count - 1 else { return tokens[tokens.count - 1] }
        return tokens[nextIndex(from: first + 1)]
    }

    @discardableResult
    private mutating func take() -> HCLToken {
        let next = nextIndex(from: index)
        let token = tokens[next]
        index = token.kind == .endOfFile ? next : next + 1
        return token
    }

    @discardableResult
    private mutating func expect(_ kind: HCLTokenKind, _ what: String, context: String = "") throws(HCLParseError) -> HCLToken {
        let token = peek()
        guard token.kind == kind else {
            throw HCLParseError("expected \(what)\(context), found \(describe(token))", at: token.range.start)
        }
        return take()
    }

    private func describe(_ token: HCLToken) -> String {
        switch token.kind {
        case .identifier: "'\(token.text)'"
        case .number: "number \(token.text)"
        case .newline: "a line break"
        case .endOfFile: "the end of the file"
        case .openQuote: "a string"
        case .closeQuote: "'\"'"
        case .heredocStart: "heredoc <<\(token.text)"
        case .heredocEnd: "the end of a heredoc"
        case .templateLiteral: "template text"
        case .templateInterpolation: "'${'"
        case .templateDirective: "'%{'"
        case .templateSequenceEnd: "'}'"
        default: "'\(String(decoding: bytes[token.range.start.offset..<token.range.end.offset], as: UTF8.self))'"
        }
    }

    // Entering and leaving are plain calls rather than closure-taking helpers: they sit on the
    // recursive path, and every closure and thunk frame there costs stack on deep input. On an
    // error nothing needs undoing: the parse is over.

    private mutating func enterNesting(at position: HCLPosition) throws(HCLParseError) {
        guard depth < HCL.maximumNestingDepth else {
            throw HCLParseError("nesting deeper than \(HCL.maximumNestingDepth) levels", at: position)
        }
        depth += 1
    }

    private func range(from start: HCLPosition) -> HCLRange {
        // The end of the last token taken, not of whatever line breaks were skipped after it.
        let end = index > 0 ? tokens[index - 1].range.end : start
        return HCLRange(start: start, end: end.offset >= start.offset ? end : start)
    }

    /// A template that is all of the tokens (HCL's JSON syntax): parts up to the end.
    mutating func parseBareTemplate(opener: HCLToken) throws(HCLParseError) -> [HCLTemplatePart] {
        lineBreaksMatter.append(false)
        defer { lineBreaksMatter.removeLast() }
        let parts = try parseTemplateParts(until: .endOfFile, opener: opener)
        let close = peek()
        if close.kind == .templateDirective {
            throw HCLParseError("'%{ \(peekSecond().text) }' without a matching '%{ if }' or '%{ for }'", at: close.range.start)
        }
        return parts
    }

    // MARK: - Bodies

    /// Attributes and blocks until `}` (inside a block, `opener` is its header) or the end of the file.
    private mutating func parseBody(opener: (description: String, position: HCLPosition)?) throws(HCLParseError) -> HCLBody {
        lineBreaksMatter.append(true)
        defer { lineBreaksMatter.removeLast() }
        var attributes: [HCLAttribute] = []
        var blocks: [HCLBlock] = []
        let start = peek().range.start
        while true {
            let token = peek()
            switch token.kind {
            case .newline:
                take()
                continue
            case .closeBrace where opener != nil:
                return HCLBody(attributes: attributes, blocks: blocks, range: HCLRange(start: start, end: token.range.start))
            case .closeBrace:
                throw HCLParseError("unexpected '}': no block is open", at: token.range.start)
            case .endOfFile:
                if let opener {
                    throw HCLParseError("unclosed '{' of \(opener.description) opened at line \(opener.position.line)",
                                        at: token.range.start)
                }
                return HCLBody(attributes: attributes, blocks: blocks, range: HCLRange(start: start, end: token.range.start))
            case .identifier:
                break
            default:
                throw HCLParseError("expected an attribute name or a block type, found \(describe(token))", at: token.range.start)
            }
            take()
            if peek().kind == .equals {
                take()
                let value = try parseExpression()
                attributes.append(HCLAttribute(name: token.text, nameRange: token.range, value: value,
                                               range: HCLRange(start: token.range.start, end: value.range.end)))
                let after = peek()
                switch after.kind {
                case .newline, .endOfFile:
                    break
                case .closeBrace where opener != nil:
                    break
                default:
                    throw HCLParseError("expected a line break after the value of '\(token.text)', found \(describe(after))",
                                        at: after.range.start)
                }
            } else {
                blocks.append(try parseBlock(type: token))
            }
        }
    }

    private mutating func parseBlock(type: HCLToken) throws(HCLParseError) -> HCLBlock {
        try enterNesting(at: type.range.start)
        defer { depth -= 1 }
        var labels: [HCLBlockLabel] = []
        while true {
            let token = peek()
            if token.kind == .identifier {
                take()
                labels.append(HCLBlockLabel(value: token.text, range: token.range))
            } else if token.kind == .openQuote {
                let label = try parsePrimary()
                guard case .template(let template) = label.kind, let value = template.literalValue else {
                    throw HCLParseError("a block label must be a plain string, without '${' or '%{'", at: token.range.start)
                }
                labels.append(HCLBlockLabel(value: value, range: label.range))
            } else {
                break
            }
        }
        let brace = peek()
        guard brace.kind == .openBrace else {
            let what = labels.isEmpty ? "'=' or '{'" : "'{'"
            throw HCLParseError("expected \(what) after '\(type.text)', found \(describe(brace))", at: brace.range.start)
        }
        take()
        let description = (["block '\(type.text)'"] + labels.map { "\"\($0.value)\"" }).joined(separator: " ")
        let body = try parseBody(opener: (description, type.range.start))
        let close = take()
        return HCLBlock(type: type.text, typeRange: type.range, labels: labels, body: body,
                        range: HCLRange(start: type.range.start, end: close.range.end))
    }

    // MARK: - Expressions

    mutating func parseExpression() throws(HCLParseError) -> HCLExpression {
        let start = peek().range.start
        try enterNesting(at: start)
        defer { depth -= 1 }
        let condition = try parseBinary()
        guard peek().kind == .question else { return condition }
        take()
        let then = try parseExpression()
        try expect(.colon, "':'", context: " in a conditional expression")
        let otherwise = try parseExpression()
        return HCLExpression(.conditional(condition: condition, then: then, else: otherwise),
                             range: HCLRange(start: start, end: otherwise.range.end))
    }

    /// The precedence of a binary operator token (higher binds tighter), and the operator.
    private static func binaryOperator(_ kind: HCLTokenKind) -> (precedence: Int, operator: HCLBinaryOperator)? {
        switch kind {
        case .or: (1, .or)
        case .and: (2, .and)
        case .equalEqual: (3, .equal)
        case .notEqual: (3, .notEqual)
        case .less: (4, .less)
        case .lessEqual: (4, .lessOrEqual)
        case .greater: (4, .greater)
        case .greaterEqual: (4, .greaterOrEqual)
        case .plus: (5, .add)
        case .minus: (5, .subtract)
        case .star: (6, .multiply)
        case .slash: (6, .divide)
        case .percent: (6, .modulo)
        default: nil
        }
    }

    /// Precedence climbing, left-associative: one stack frame per operand rather than one per
    /// precedence level, which keeps deep nesting cheap on the stack.
    private mutating func parseBinary(minimumPrecedence: Int = 1) throws(HCLParseError) -> HCLExpression {
        var left = try parseUnary()
        while let (precedence, binaryOperator) = Self.binaryOperator(peek().kind), precedence >= minimumPrecedence {
            take()
            let right = try parseBinary(minimumPrecedence: precedence + 1)
            left = HCLExpression(.binary(binaryOperator, left, right), range: HCLRange(start: left.range.start, end: right.range.end))
        }
        return left
    }

    private mutating func parseUnary() throws(HCLParseError) -> HCLExpression {
        let token = peek()
        let unaryOperator: HCLUnaryOperator
        switch token.kind {
        case .minus: unaryOperator = .negate
        case .bang: unaryOperator = .not
        default: return try parsePostfix()
        }
        take()
        try enterNesting(at: token.range.start)
        defer { depth -= 1 }
        let operand = try parseUnary()
        let range = HCLRange(start: token.range.start, end: operand.range.end)
        // `-1` is a number as written, which is what a reader of the value wants.
        if unaryOperator == .negate, case .number(let digits) = operand.kind, !digits.hasPrefix("-") {
            return HCLExpression(.number("-" + digits), range: range)
        }
        return HCLExpression(.unary(unaryOperator, operand), range: range)
    }

    private mutating func parsePostfix() throws(HCLParseError) -> HCLExpression {
        let source = try parsePrimary()
        var steps: [HCLTraversalStep] = []
        while true {
            let token = peek()
            if token.kind == .dot {
                take()
                let name = peek()
                switch name.kind {
                case .identifier:
                    take()
                    steps.append(HCLTraversalStep(kind: .attribute(name.text),
                                                  range: HCLRange(start: token.range.start, end: name.range.end)))
                case .star:
                    take()
                    steps.append(HCLTraversalStep(kind: .splat(full: false),
                                                  range: HCLRange(start: token.range.start, end: name.range.end)))
                case .number:
                    take()
                    // Legacy index `.0`; `a.0.1` lexes its tail as the number `0.1`: two indexes.
                    for piece in name.text.split(separator: ".") {
                        let index = HCLExpression(.number(String(piece)), range: name.range)
                        steps.append(HCLTraversalStep(kind: .index(index), range: HCLRange(start: token.range.start, end: name.range.end)))
                    }
                default:
                    throw HCLParseError("expected an attribute name after '.', found \(describe(name))", at: name.range.start)
                }
            } else if token.kind == .openBracket {
                take()
                lineBreaksMatter.append(false)
                let step: HCLTraversalStep.Kind
                if peek().kind == .star, peekSecond().kind == .closeBracket {
                    take()
                    take()
                    step = .splat(full: true)
                } else {
                    let index = try parseExpression()
                    try expect(.closeBracket, "']'", context: " to close the index opened at line \(token.range.start.line)")
                    step = .index(index)
                }
                lineBreaksMatter.removeLast()
                steps.append(HCLTraversalStep(kind: step, range: range(from: token.range.start)))
            } else {
                break
            }
        }
        guard !steps.isEmpty else { return source }
        let range = HCLRange(start: source.range.start, end: steps[steps.count - 1].range.end)
        if case .traversal(let root, let earlier) = source.kind {
            return HCLExpression(.traversal(root: root, steps: earlier + steps), range: range)
        }
        return HCLExpression(.relativeTraversal(source: source, steps: steps), range: range)
    }

    private mutating func parsePrimary() throws(HCLParseError) -> HCLExpression {
        let token = peek()
        let start = token.range.start
        switch token.kind {
        case .number:
            take()
            return HCLExpression(.number(token.text), range: token.range)
        case .identifier:
            take()
            switch token.text {
            case "true": return HCLExpression(.bool(true), range: token.range)
            case "false": return HCLExpression(.bool(false), range: token.range)
            case "null": return HCLExpression(.null, range: token.range)
            default: break
            }
            var name = token.text
            while peek().kind == .doubleColon {
                take()
                let part = try expect(.identifier, "a name after '::'")
                name += "::" + part.text
            }
            if peek().kind == .openParen {
                return try parseFunctionCall(name: name, start: start)
            }
            guard name == token.text else {
                throw HCLParseError("expected '(' after the function name '\(name)', found \(describe(peek()))", at: peek().range.start)
            }
            return HCLExpression(.traversal(root: name, steps: []), range: token.range)
        // Brackets and templates count no nesting level of their own: `parseExpression`, which
        // every element, item and interpolation goes through, counts one per level.
        case .openQuote, .heredocStart:
            take()
            let isHeredoc = token.kind == .heredocStart
            if token.indentedHeredoc {
                trimHeredocIndentation(after: index)
            }
            lineBreaksMatter.append(false)
            let parts = try parseTemplateParts(until: isHeredoc ? .heredocEnd : .closeQuote, opener: token)
            lineBreaksMatter.removeLast()
            let close = peek()
            if close.kind == .templateDirective {
                let keyword = peekSecond()
                throw HCLParseError("'%{ \(keyword.text) }' without a matching '%{ if }' or '%{ for }'", at: close.range.start)
            }
            take()
            return HCLExpression(.template(HCLTemplate(parts: parts, isHeredoc: isHeredoc)), range: range(from: start))
        case .openParen:
            take()
            lineBreaksMatter.append(false)
            let inner = try parseExpression()
            try expect(.closeParen, "')'", context: " to close the '(' opened at line \(start.line)")
            lineBreaksMatter.removeLast()
            return HCLExpression(.parenthesized(inner), range: range(from: start))
        case .openBracket:
            take()
            lineBreaksMatter.append(false)
            defer { lineBreaksMatter.removeLast() }
            return try parseTupleOrFor(start: start)
        case .openBrace:
            take()
            return try parseObjectOrFor(start: start)
        default:
            throw HCLParseError("expected an expression, found \(describe(token))", at: start)
        }
    }

    private mutating func parseFunctionCall(name: String, start: HCLPosition) throws(HCLParseError) -> HCLExpression {
        let open = take()
        lineBreaksMatter.append(false)
        defer { lineBreaksMatter.removeLast() }
        var arguments: [HCLExpression] = []
        var expandsFinal = false
        while peek().kind != .closeParen {
            arguments.append(try parseExpression())
            if peek().kind == .ellipsis {
                take()
                expandsFinal = true
                break
            }
            guard peek().kind == .comma else { break }
            take()
        }
        try expect(.closeParen, "')'", context: " to close the arguments of \(name)() opened at line \(open.range.start.line)")
        return HCLExpression(.functionCall(name: name, arguments: arguments, expandsFinalArgument: expandsFinal),
                             range: range(from: start))
    }

    /// `for` followed by a name starts a for-expression (`{ for = 1 }` is an ordinary object).
    private mutating func startsForExpression() -> Bool {
        let token = peek()
        return token.kind == .identifier && token.text == "for" && peekSecond().kind == .identifier
    }

    private mutating func parseTupleOrFor(start: HCLPosition) throws(HCLParseError) -> HCLExpression {
        if startsForExpression() {
            return try parseFor(start: start, object: false)
        }
        var elements: [HCLExpression] = []
        while peek().kind != .closeBracket {
            elements.append(try parseExpression())
            guard peek().kind == .comma else { break }
            take()
        }
        try expect(.closeBracket, "',' or ']'", context: " in the list opened at line \(start.line)")
        return HCLExpression(.tuple(elements), range: range(from: start))
    }

    private mutating func parseObjectOrFor(start: HCLPosition) throws(HCLParseError) -> HCLExpression {
        lineBreaksMatter.append(false)
        let isFor = startsForExpression()
        if isFor {
            defer { lineBreaksMatter.removeLast() }
            return try parseFor(start: start, object: true)
        }
        // Object items end at line breaks.
        lineBreaksMatter[lineBreaksMatter.count - 1] = true
        defer { lineBreaksMatter.removeLast() }
        var items: [HCLObjectItem] = []
        while true {
            while peek().kind == .newline {
                take()
            }
            let token = peek()
            if token.kind == .closeBrace {
                take()
                break
            }
            if token.kind == .endOfFile {
                throw HCLParseError("unclosed '{' of the object opened at line \(start.line)", at: token.range.start)
            }
            let key: HCLObjectKey
            let second = peekSecond().kind
            if token.kind == .identifier, second == .equals || second == .colon {
                take()
                key = HCLObjectKey(kind: .identifier(token.text), range: token.range)
            } else {
                let expression = try parseExpression()
                key = HCLObjectKey(kind: .expression(expression), range: expression.range)
            }
            let separator = peek()
            guard separator.kind == .equals || separator.kind == .colon else {
                throw HCLParseError("expected '=' or ':' after an object key, found \(describe(separator))", at: separator.range.start)
            }
            take()
            // Values are parsed where line breaks count, as HCL does: a break ends the item.
            let value = try parseExpression()
            items.append(HCLObjectItem(key: key, value: value))
            let after = peek()
            switch after.kind {
            case .comma, .newline:
                take()
            case .closeBrace:
                break
            case .endOfFile:
                throw HCLParseError("unclosed '{' of the object opened at line \(start.line)", at: after.range.start)
            default:
                throw HCLParseError("expected ',', a line break or '}' after an object item, found \(describe(after))",
                                    at: after.range.start)
            }
        }
        return HCLExpression(.object(items), range: range(from: start))
    }

    private mutating func parseFor(start: HCLPosition, object: Bool) throws(HCLParseError) -> HCLExpression {
        take() // `for`
        let (keyVariable, valueVariable, collection) = try parseForHeader(in: "a for expression")
        try expect(.colon, "':'", context: " after the collection of a for expression")
        var keyExpression: HCLExpression?
        var valueExpression = try parseExpression()
        var groups = false
        if object {
            try expect(.fatArrow, "'=>'", context: " in an object for expression")
            keyExpression = valueExpression
            valueExpression = try parseExpression()
            if peek().kind == .ellipsis {
                take()
                groups = true
            }
        }
        var condition: HCLExpression?
        let next = peek()
        if next.kind == .identifier, next.text == "if" {
            take()
            condition = try parseExpression()
        }
        try expect(object ? .closeBrace : .closeBracket, object ? "'}'" : "']'",
                   context: " to close the for expression opened at line \(start.line)")
        let forExpression = HCLForExpression(keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
                                             keyExpression: keyExpression, valueExpression: valueExpression,
                                             condition: condition, groupsValues: groups)
        return HCLExpression(.forExpression(forExpression), range: range(from: start))
    }

    // MARK: - Templates

    /// Parts until `end` (consumed by the caller), or until an `else`/`endif`/`endfor` directive.
    private mutating func parseTemplateParts(until end: HCLTokenKind, opener: HCLToken) throws(HCLParseError) -> [HCLTemplatePart] {
        var parts: [HCLTemplatePart] = []
        var stripNextLeading = false
        while true {
            let token = peek()
            switch token.kind {
            case end:
                return parts
            case .templateLiteral:
                take()
                var text = token.text
                var range = token.range
                if stripNextLeading {
                    (text, range) = stripLeadingWhitespace(text, range)
                    stripNextLeading = false
                }
                // Merge with a literal just before (heredocs come one line at a time).
                if case .literal(let previous, let previousRange)? = parts.last {
                    parts[parts.count - 1] = .literal(previous + text, HCLRange(start: previousRange.start, end: range.end))
                } else if !text.isEmpty {
                    parts.append(.literal(text, range))
                }
            case .templateInterpolation:
                take()
                if token.strips {
                    stripTrailingWhitespace(of: &parts)
                }
                let expression = try parseExpression()
                let close = try expect(.templateSequenceEnd, "'}'", context: " to close the '${' opened at line \(token.range.start.line)")
                stripNextLeading = close.strips
                parts.append(.interpolation(expression))
            case .templateDirective:
                let keyword = peekSecond()
                if keyword.kind == .identifier, ["else", "endif", "endfor"].contains(keyword.text) {
                    return parts
                }
                take()
                if token.strips {
                    stripTrailingWhitespace(of: &parts)
                }
                let (part, strips) = try parseDirective(opener: token, keyword: keyword, end: end, templateOpener: opener)
                stripNextLeading = strips
                parts.append(part)
            case .endOfFile:
                throw HCLParseError("unterminated template started at line \(opener.range.start.line)", at: opener.range.start)
            default:
                throw HCLParseError("unexpected \(describe(token)) in a template", at: token.range.start)
            }
        }
    }

    private mutating func parseDirective(opener: HCLToken, keyword: HCLToken, end: HCLTokenKind,
                                         templateOpener: HCLToken) throws(HCLParseError) -> (HCLTemplatePart, Bool) {
        try enterNesting(at: opener.range.start)
        defer { depth -= 1 }
        guard keyword.kind == .identifier, keyword.text == "if" || keyword.text == "for" else {
            throw HCLParseError("expected 'if' or 'for' after '%{', found \(describe(keyword))", at: keyword.range.start)
        }
        take()
        if keyword.text == "if" {
            let condition = try parseExpression()
            try expect(.templateSequenceEnd, "'}'", context: " to close '%{ if'")
            let then = try parseTemplateParts(until: end, opener: templateOpener)
            var otherwise: [HCLTemplatePart] = []
            if try takeDirective("else") {
                otherwise = try parseTemplateParts(until: end, opener: templateOpener)
            }
            guard try takeDirective("endif") else {
                throw HCLParseError("expected '%{ endif }' for the '%{ if' at line \(opener.range.start.line)", at: peek().range.start)
            }
            return (.conditional(condition: condition, then: then, else: otherwise), tokens[index - 1].strips)
        }
        let (keyVariable, valueVariable, collection) = try parseForHeader(in: "'%{ for'")
        try expect(.templateSequenceEnd, "'}'", context: " to close '%{ for'")
        let body = try parseTemplateParts(until: end, opener: templateOpener)
        guard try takeDirective("endfor") else {
            throw HCLParseError("expected '%{ endfor }' for the '%{ for' at line \(opener.range.start.line)", at: peek().range.start)
        }
        return (.loop(keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, body: body),
                tokens[index - 1].strips)
    }

    /// `k, v in collection` (or `v in collection`), after `for` in an expression or a template
    /// directive; `place` names which in the error for a missing `in`.
    private mutating func parseForHeader(
        in place: String
    ) throws(HCLParseError) -> (key: String?, value: String, collection: HCLExpression) {
        var keyVariable: String?
        var valueVariable = try expect(.identifier, "a variable name after 'for'").text
        if peek().kind == .comma {
            take()
            keyVariable = valueVariable
            valueVariable = try expect(.identifier, "a second variable name after ','").text
        }
        let keyword = peek()
        guard keyword.kind == .identifier, keyword.text == "in" else {
            throw HCLParseError("expected 'in' in \(place), found \(describe(keyword))", at: keyword.range.start)
        }
        take()
        return (keyVariable, valueVariable, try parseExpression())
    }

    /// Takes `%{ keyword }` when it comes next.
    private mutating func takeDirective(_ keyword: String) throws(HCLParseError) -> Bool {
        guard peek().kind == .templateDirective else { return false }
        let word = peekSecond()
        guard word.kind == .identifier, word.text == keyword else { return false }
        take()
        take()
        try expect(.templateSequenceEnd, "'}'", context: " after '%{ \(keyword)'")
        return true
    }

    private func stripLeadingWhitespace(_ text: String, _ range: HCLRange) -> (String, HCLRange) {
        var start = range.start
        var offset = start.offset
        while offset < range.end.offset, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) {
            if bytes[offset] == 0x0A {
                start.line += 1
                start.column = 1
            } else {
                start.column += 1
            }
            offset += 1
        }
        start.offset = offset
        let stripped = String(text.drop { $0.isWhitespace })
        return (stripped, HCLRange(start: start, end: range.end))
    }

    private func stripTrailingWhitespace(of parts: inout [HCLTemplatePart]) {
        guard case .literal(let text, let range)? = parts.last else { return }
        var kept = Substring(text)
        while let last = kept.last, last.isWhitespace {
            kept = kept.dropLast()
        }
        if kept.isEmpty {
            parts.removeLast()
        } else {
            parts[parts.count - 1] = .literal(String(kept), range)
        }
    }

    /// `<<-EOF`: removes the smallest indentation of the heredoc's non-blank lines from every line,
    /// on the tokens before they are parsed, moving each literal's start past what was removed.
    private mutating func trimHeredocIndentation(after start: Int) {
        var lineStarts: [Int] = []
        var nestedHeredocs = 0
        var cursor = start
        while cursor < tokens.count {
            let token = tokens[cursor]
            if token.kind == .heredocStart {
                nestedHeredocs += 1
            } else if token.kind == .heredocEnd {
                if nestedHeredocs == 0 { break }
                nestedHeredocs -= 1
            } else if token.kind == .templateLiteral, token.startsLine, nestedHeredocs == 0 {
                lineStarts.append(cursor)
            } else if token.kind == .endOfFile {
                break
            }
            cursor += 1
        }
        func indentation(_ text: String) -> Int {
            text.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
        }
        let contentLines = lineStarts.filter { tokens[$0].text.contains { !$0.isWhitespace } }
        guard let smallest = contentLines.map({ indentation(tokens[$0].text) }).min(), smallest > 0 else { return }
        for position in lineStarts {
            let removed = min(smallest, indentation(tokens[position].text))
            guard removed > 0 else { continue }
            tokens[position].text = String(decoding: tokens[position].text.utf8.dropFirst(removed), as: UTF8.self)
            tokens[position].range.start.offset += removed
            tokens[position].range.start.column += removed
        }
    }
}
