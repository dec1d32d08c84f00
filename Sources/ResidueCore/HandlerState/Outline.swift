/// The shape of a source file as far as handler state needs it: functions and their bodies, types,
/// the state declared at module and type level, and the blocks that run on every way out
/// (`finally`, `ensure`, `defer`). Built from tokens by one small builder per block style
/// (braces, indentation, `end`); everything after it is shared.
struct Outline: Sendable {
    struct Parameter: Sendable, Equatable {
        var name: String
        /// The declared type as written (tokens joined), empty when untyped.
        var typeText: String
        /// Tokens of the default value (Python mutable defaults).
        var defaultValue: Range<Int>?
    }

    struct Function: Sendable {
        var name: String
        /// The class, struct, module or receiver type it belongs to.
        var typeName: String?
        var isStatic = false
        var isConstructor = false
        var parameters: [Parameter] = []
        /// Token indices of the body (between the braces, below the `def` line, before `end`).
        var body: Range<Int>
        var line: Int
        /// Decorators and annotations, as written without `@` (`lru_cache(maxsize=128)`, `Logging(clearState = true)`).
        var decorators: [String] = []
        /// Go receiver name (`h` in `func (h *Handler) …`): how instance fields are reached.
        var receiver: String?
        /// A closure passed straight to the runtime (`lambda.Start(func…)`, `LambdaRuntime { … }`).
        var isInlineHandler = false
    }

    struct TypeDeclaration: Sendable {
        var name: String
        /// `class`, `struct`, `interface`, `module`, `actor`, …
        var keyword: String
        /// Names written in the header after the type's own name (`RequestHandler`, `LambdaHandler`).
        var supertypes: [String]
        var line: Int
    }

    enum StateKind: Sendable {
        case module, staticField, instanceField
    }

    struct StateDeclaration: Sendable {
        var name: String
        var typeName: String?
        var kind: StateKind
        var line: Int
        /// Tokens of the initial value.
        var value: Range<Int>?
        /// `const`, `final`, `readonly`, `let`: the binding cannot change (its contents may).
        var isImmutableBinding: Bool
    }

    var functions: [Function] = []
    var types: [TypeDeclaration] = []
    var state: [StateDeclaration] = []
    /// Statements at module level, in order: the code that runs once, at initialization.
    var moduleStatements: [Range<Int>] = []
    /// Bodies that run on every way out of their block.
    var cleanupRegions: [Range<Int>] = []
    /// Java `package`, C# `namespace`.
    var packageName: String?

    /// Lookups by name, built once (`indexed()`), so the flow analysis stays linear in the file.
    private var moduleStateByName: [String: Int] = [:]
    private var fieldsByTypeAndName: [String: Int] = [:]
    private(set) var functionsByName: [String: [Int]] = [:]

    func moduleState(named name: String) -> StateDeclaration? {
        moduleStateByName[name].map { state[$0] }
    }

    func field(named name: String, in typeName: String?) -> StateDeclaration? {
        guard let typeName else { return nil }
        return fieldsByTypeAndName["\(typeName)\u{0}\(name)"].map { state[$0] }
    }

    func functions(named name: String) -> [Int] {
        functionsByName[name] ?? []
    }

    /// The same outline with its lookups built; the first declaration of a name wins.
    func indexed() -> Outline {
        var result = self
        for (index, declaration) in state.enumerated() {
            if declaration.typeName == nil && declaration.kind == .module {
                if result.moduleStateByName[declaration.name] == nil { result.moduleStateByName[declaration.name] = index }
            } else if let typeName = declaration.typeName, declaration.kind != .module {
                let key = "\(typeName)\u{0}\(declaration.name)"
                if result.fieldsByTypeAndName[key] == nil { result.fieldsByTypeAndName[key] = index }
            }
        }
        for (index, function) in functions.enumerated() {
            result.functionsByName[function.name, default: []].append(index)
        }
        return result
    }

    func isInCleanup(_ index: Int) -> Bool {
        cleanupRegions.contains { $0.contains(index) }
    }

    static func build(_ tokens: [Token], language: SourceLanguage) -> Outline {
        let outline = switch language {
        case .python: IndentationOutlineBuilder(tokens: tokens).build()
        case .ruby: RubyOutlineBuilder(tokens: tokens).build()
        default: BraceOutlineBuilder(tokens: tokens, language: language).build()
        }
        return outline.indexed()
    }
}

/// Helpers over a token array shared by the builders and the flow analysis.
struct TokenCursor {
    let tokens: [Token]

    subscript(_ index: Int) -> Token? {
        index >= 0 && index < tokens.count ? tokens[index] : nil
    }

    func isPunctuation(_ index: Int, _ text: String) -> Bool {
        self[index]?.isPunctuation(text) ?? false
    }

    func isIdentifier(_ index: Int, _ text: String) -> Bool {
        self[index]?.isIdentifier(text) ?? false
    }

    /// The index of the bracket closing the one at `open` (same kind), bounded by `limit`.
    func matchingClose(_ open: Int, limit: Int? = nil) -> Int? {
        guard let opener = self[open], opener.kind == .punctuation else { return nil }
        let closer: String
        switch opener.text {
        case "(": closer = ")"
        case "[": closer = "]"
        case "{": closer = "}"
        default: return nil
        }
        var depth = 0
        var index = open
        let end = min(limit ?? tokens.count, tokens.count)
        while index < end {
            let token = tokens[index]
            if token.kind == .punctuation {
                if token.text == opener.text { depth += 1 } else if token.text == closer {
                    depth -= 1
                    if depth == 0 { return index }
                }
            }
            index += 1
        }
        return nil
    }

    /// The index of the bracket opening the one at `close`, searching back no further than `floor`.
    func matchingOpen(_ close: Int, floor: Int = 0) -> Int? {
        guard let closer = self[close], closer.kind == .punctuation else { return nil }
        let opener: String
        switch closer.text {
        case ")": opener = "("
        case "]": opener = "["
        case "}": opener = "{"
        default: return nil
        }
        var depth = 0
        var index = close
        while index >= max(0, floor) {
            let token = tokens[index]
            if token.kind == .punctuation {
                if token.text == closer.text { depth += 1 } else if token.text == opener {
                    depth -= 1
                    if depth == 0 { return index }
                }
            }
            index -= 1
        }
        return nil
    }

    /// Splits `range` at commas outside brackets (and outside generic arguments when `angleBrackets`).
    func splitAtCommas(_ range: Range<Int>, angleBrackets: Bool = false) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var depth = 0
        var start = range.lowerBound
        for index in range {
            let token = tokens[index]
            switch token.kind {
            case .punctuation:
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth -= 1
                case "<" where angleBrackets: depth += 1
                case ">" where angleBrackets: depth -= 1
                case "," where depth == 0:
                    parts.append(start..<index)
                    start = index + 1
                default: break
                }
            case .interpolationStart: depth += 1
            case .interpolationEnd: depth -= 1
            default: break
            }
        }
        if start < range.upperBound { parts.append(start..<range.upperBound) }
        return parts.filter { !$0.isEmpty }
    }

    /// Tokens of `range` joined as compact text (no spaces around punctuation), for messages.
    func text(_ range: Range<Int>, limit: Int = 60) -> String {
        var result = ""
        var previous: Token?
        for index in range where index < tokens.count {
            let token = tokens[index]
            if token.kind == .newline || token.kind == .interpolationStart || token.kind == .interpolationEnd { continue }
            if let previous, previous.kind != .punctuation, token.kind != .punctuation { result += " " }
            if let previous, previous.isPunctuation(",") { result += " " }
            result += token.kind == .string ? "\"\(token.text)\"" : token.text
            previous = token
            if result.count > limit { return String(result.prefix(limit)) + "…" }
        }
        return result
    }

    /// Parameters in a parenthesised list `open…close`, read in the language's style.
    func parameters(open: Int, close: Int, language: SourceLanguage) -> [Outline.Parameter] {
        guard open + 1 < close else { return [] }
        let generics = language == .java || language == .csharp || language == .swift || language == .javascript
        return splitAtCommas((open + 1)..<close, angleBrackets: generics).compactMap { part -> Outline.Parameter? in
            var tokensOfPart = part
            // Attributes and annotations on parameters (`[FromBody]`, `@NonNull`, `final`).
            while let first = self[tokensOfPart.lowerBound], tokensOfPart.count > 1 {
                if first.isPunctuation("["), let close = matchingClose(tokensOfPart.lowerBound, limit: tokensOfPart.upperBound) {
                    tokensOfPart = (close + 1)..<tokensOfPart.upperBound
                } else if first.isPunctuation("@") {
                    tokensOfPart = (tokensOfPart.lowerBound + 2)..<tokensOfPart.upperBound
                } else if first.kind == .identifier && ["final", "in", "out", "ref", "params", "this", "inout", "readonly"].contains(first.text) {
                    tokensOfPart = (tokensOfPart.lowerBound + 1)..<tokensOfPart.upperBound
                } else if first.isPunctuation("*") || first.isPunctuation("**") || first.isPunctuation("&") || first.isPunctuation("...") {
                    tokensOfPart = (tokensOfPart.lowerBound + 1)..<tokensOfPart.upperBound
                } else {
                    break
                }
            }
            guard !tokensOfPart.isEmpty else { return nil }
            // The default value, after `=` at depth 0.
            var defaultValue: Range<Int>?
            var declaration = tokensOfPart
            var depth = 0
            for index in tokensOfPart {
                let token = tokens[index]
                if token.isPunctuation("(") || token.isPunctuation("[") || token.isPunctuation("{") || token.isPunctuation("<") { depth += 1 }
                if token.isPunctuation(")") || token.isPunctuation("]") || token.isPunctuation("}") || token.isPunctuation(">") { depth -= 1 }
                if depth == 0 && token.isPunctuation("=") {
                    defaultValue = (index + 1)..<tokensOfPart.upperBound
                    declaration = tokensOfPart.lowerBound..<index
                    break
                }
            }
            let identifiers = declaration.filter { tokens[$0].kind == .identifier }
            guard let firstIdentifier = identifiers.first else { return nil }
            var nameIndex = firstIdentifier
            switch language {
            case .java, .csharp:
                // `Map<String, Object> input`: the name is the last identifier.
                nameIndex = identifiers.last ?? firstIdentifier
            case .swift:
                // `_ event: Request`, `context: LambdaContext`: the name is just before the colon.
                if let colon = declaration.first(where: { tokens[$0].isPunctuation(":") }), colon > declaration.lowerBound,
                   tokens[colon - 1].kind == .identifier {
                    nameIndex = colon - 1
                }
            case .javascript where tokens[declaration.lowerBound].isPunctuation("{"):
                // A destructured parameter: its first property stands for the whole.
                nameIndex = firstIdentifier
            default:
                nameIndex = firstIdentifier
            }
            let typeRange: Range<Int>
            switch language {
            case .java, .csharp: typeRange = declaration.lowerBound..<nameIndex
            default: typeRange = min(nameIndex + 1, declaration.upperBound)..<declaration.upperBound
            }
            return Outline.Parameter(name: tokens[nameIndex].text, typeText: text(typeRange, limit: 120), defaultValue: defaultValue)
        }
    }
}

// MARK: - Brace languages

/// JavaScript/TypeScript, Java, Go, C# and Swift: blocks are braces; a block's header (the tokens
/// before its `{`) says whether it is a type, a function or just a block.
private struct BraceOutlineBuilder {
    let tokens: [Token]
    let language: SourceLanguage
    var cursor: TokenCursor { TokenCursor(tokens: tokens) }

    private enum Frame {
        case type(name: String)
        case function(index: Int)
        /// A block inside a function, or a literal/namespace/property outside one.
        case block(cleanup: Bool)
    }

    private static let typeKeywords: Set<String> = ["class", "struct", "interface", "enum", "record", "actor", "extension", "protocol"]
    private static let controlKeywords: Set<String> = [
        "if", "for", "foreach", "while", "switch", "catch", "using", "lock", "fixed", "synchronized", "return", "new",
        "typeof", "nameof", "sizeof", "default", "when", "guard", "else", "do", "try", "finally", "defer", "select",
    ]

    func build() -> Outline {
        var outline = Outline()
        var frames: [(frame: Frame, open: Int)] = []
        var statementStart = 0

        func enclosingFunction() -> Bool {
            frames.contains { if case .function = $0.frame { true } else { false } }
        }
        func enclosingType() -> String? {
            for entry in frames.reversed() {
                switch entry.frame {
                case .type(let name): return name
                case .function: return nil
                case .block: continue
                }
            }
            return nil
        }
        func atModuleLevel() -> Bool {
            frames.allSatisfy { if case .block(false) = $0.frame { true } else { false } }
        }
        func topIsType() -> Bool {
            if case .type = frames.last?.frame { true } else { false }
        }
        func endStatement(at index: Int) {
            let range = statementStart..<index
            if !range.isEmpty && !enclosingFunction() {
                if frames.isEmpty {
                    outline.moduleStatements.append(range)
                    recordModuleDeclaration(range, into: &outline)
                } else if topIsType(), let typeName = enclosingType() {
                    recordField(range, typeName: typeName, into: &outline)
                } else if atModuleLevel() {
                    outline.moduleStatements.append(range)
                }
            }
            statementStart = index + 1
        }

        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .punctuation {
                switch token.text {
                case ";":
                    endStatement(at: index)
                case "{":
                    let headerStart = headerStartIndex(before: index)
                    if enclosingFunction() {
                        let header = headerStart..<index
                        if language == .go, let literal = goInlineHandler(header: header, brace: index, outline: outline) {
                            outline.functions.append(literal)
                            frames.append((.function(index: outline.functions.count - 1), index))
                        } else {
                            frames.append((.block(cleanup: isCleanupHeader(header)), index))
                        }
                    } else {
                        let frame = classify(header: headerStart..<index, brace: index, typeName: enclosingType(),
                                             atModuleLevel: atModuleLevel(), into: &outline)
                        if case .function = frame, frames.isEmpty, statementStart < headerStart,
                           (statementStart..<headerStart).contains(where: { tokens[$0].isPunctuation("=") }) {
                            // `const getUser = memoize(async (id) => {`: the wrapper's declaration.
                            recordModuleDeclaration(statementStart..<headerStart, into: &outline)
                        }
                        if case .block = frame, topIsType(), let typeName = enclosingType() {
                            // A property with accessors (`public string Name { get; set; }`) or a computed property.
                            recordField(headerStart..<index, typeName: typeName, into: &outline)
                        }
                        frames.append((frame, index))
                    }
                    // A type or function body starts a new statement; a literal continues its statement.
                    if case .block = frames.last?.frame, !enclosingFunction() {
                        // keep statementStart: `const config = { … };` is one module statement.
                    } else {
                        statementStart = index + 1
                    }
                case "}":
                    guard let (frame, open) = frames.popLast() else {
                        statementStart = index + 1
                        break
                    }
                    switch frame {
                    case .function(let functionIndex):
                        outline.functions[functionIndex].body = (open + 1)..<index
                        statementStart = index + 1
                        if !enclosingFunction() {
                            // A module-level function ends its statement (`exports.handler = async () => { … }`).
                            let next = index + 1
                            if next < tokens.count, tokens[next].isPunctuation(")") || tokens[next].isPunctuation(",") {
                                statementStart = next + 1
                            }
                        }
                    case .type:
                        statementStart = index + 1
                    case .block(let cleanup):
                        if cleanup { outline.cleanupRegions.append((open + 1)..<index) }
                        if enclosingFunction() { statementStart = index + 1 }
                    }
                default:
                    break
                }
            } else if token.kind == .newline && language.newlineEndsStatement {
                if !continuesOnNextLine(newline: index) { endStatement(at: index) }
            } else if token.isIdentifier("defer") && (language == .go) && enclosingFunction() {
                // `defer os.Remove(path)`: the rest of the statement runs on every way out.
                var end = index + 1
                while end < tokens.count, tokens[end].kind != .newline, !tokens[end].isPunctuation(";") {
                    if tokens[end].isPunctuation("{"), let close = cursor.matchingClose(end) { end = close }
                    end += 1
                }
                outline.cleanupRegions.append(index..<end)
            } else if token.isIdentifier("package") && language == .java, outline.packageName == nil {
                var end = index + 1
                var name = ""
                while end < tokens.count, !tokens[end].isPunctuation(";"), end < index + 64 {
                    name += tokens[end].text
                    end += 1
                }
                outline.packageName = name
            } else if token.isIdentifier("namespace") && language == .csharp, outline.packageName == nil {
                var end = index + 1
                var name = ""
                while end < tokens.count, tokens[end].kind == .identifier || tokens[end].isPunctuation("."), end < index + 64 {
                    name += tokens[end].text
                    end += 1
                }
                outline.packageName = name
            }
            index += 1
        }
        // Unclosed blocks (truncated files) end at the end of input.
        while let (frame, open) = frames.popLast() {
            if case .function(let functionIndex) = frame {
                outline.functions[functionIndex].body = (open + 1)..<tokens.count
            }
        }
        appendExpressionBodiedFunctions(into: &outline)
        return outline
    }

    /// A line break inside an unfinished expression (after an operator, before `.method`) does not end it.
    private func continuesOnNextLine(newline index: Int) -> Bool {
        if let previous = cursor[index - 1], previous.kind == .punctuation,
           // (Not `?`: in Swift and TypeScript a line ending in `?` ends with an optional type.)
           ["=", "+", "-", "*", "/", "&&", "||", "??", ",", ".", "=>", ":", "(", "[", "|", "&"].contains(previous.text) {
            return true
        }
        if let next = cursor[index + 1], next.kind == .punctuation, [".", "?.", "&&", "||", "??", "?", ":"].contains(next.text) {
            return true
        }
        return false
    }

    /// Where the header of the block opened at `brace` starts: after the previous statement end,
    /// block edge, or (in a literal) comma, not crossing an unmatched bracket.
    private func headerStartIndex(before brace: Int) -> Int {
        var index = brace - 1
        var depth = 0
        while index >= 0 {
            let token = tokens[index]
            if token.kind == .newline && depth == 0 && language.newlineEndsStatement && !continuesOnNextLine(newline: index) { return index + 1 }
            if token.kind == .punctuation {
                switch token.text {
                case ")", "]": depth += 1
                // Generic arguments hold commas too: `RequestHandler<Map<String, Object>, String>`.
                case ">" where language != .go: depth += 1
                case "<" where language != .go: depth = max(0, depth - 1)
                case "(", "[":
                    if depth == 0 { return index + 1 }
                    depth -= 1
                case ";", "{", "}":
                    if depth == 0 { return index + 1 }
                case ",":
                    if depth == 0 { return index + 1 }
                default: break
                }
            }
            index -= 1
            if brace - index > 400 { return index + 1 }
        }
        return 0
    }

    private func isCleanupHeader(_ header: Range<Int>) -> Bool {
        guard let last = header.last.flatMap({ cursor[$0] }) else { return false }
        if last.isIdentifier("finally") || (language == .swift && last.isIdentifier("defer")) { return true }
        // Go `defer func() { … }()` is recorded with the `defer` statement.
        return false
    }

    /// Decides what the block opened at `brace` (outside any function) is.
    private func classify(header: Range<Int>, brace: Int, typeName: String?, atModuleLevel: Bool,
                          into outline: inout Outline) -> Frame {
        let headerTokens = header.filter { tokens[$0].kind != .newline }
        guard !headerTokens.isEmpty else { return .block(cleanup: false) }
        // Types: `class Name … {`, Go `type Name struct {`.
        for position in headerTokens where tokens[position].kind == .identifier && Self.typeKeywords.contains(tokens[position].text) {
            if let previous = cursor[position - 1], previous.isPunctuation(".") { continue }
            var nameIndex = position + 1
            if language == .go, tokens[position].text == "struct" || tokens[position].text == "interface" {
                guard let typeIndex = headerTokens.first(where: { tokens[$0].isIdentifier("type") }),
                      let nameToken = cursor[typeIndex + 1], nameToken.kind == .identifier else {
                    return .block(cleanup: false)
                }
                nameIndex = typeIndex + 1
            }
            guard let name = cursor[nameIndex], name.kind == .identifier else { continue }
            let supertypes = headerTokens.filter { $0 > nameIndex && tokens[$0].kind == .identifier }.map { tokens[$0].text }
            outline.types.append(Outline.TypeDeclaration(name: name.text, keyword: tokens[position].text, supertypes: supertypes,
                                                         line: tokens[position].line))
            return .type(name: name.text)
        }
        if let function = functionHeader(headerTokens, brace: brace, typeName: typeName, atModuleLevel: atModuleLevel) {
            outline.functions.append(function)
            return .function(index: outline.functions.count - 1)
        }
        return .block(cleanup: false)
    }

    /// Reads a function header (name, parameters, modifiers), or nil when the header is not one.
    private func functionHeader(_ header: [Int], brace: Int, typeName: String?, atModuleLevel: Bool) -> Outline.Function? {
        guard let first = header.first, let last = header.last else { return nil }
        var decorators: [String] = []
        // Annotations `@Name(…)` and attributes `[Name(…)]` before the declaration.
        var position = first
        while position <= last {
            if tokens[position].isPunctuation("@"), let name = cursor[position + 1], name.kind == .identifier {
                var end = position + 2
                while cursor.isPunctuation(end, "."), cursor[end + 1]?.kind == .identifier { end += 2 }
                if cursor.isPunctuation(end, "("), let close = cursor.matchingClose(end, limit: brace) { end = close + 1 }
                decorators.append(cursor.text((position + 1)..<end, limit: 200))
                position = end
            } else if language == .csharp, tokens[position].isPunctuation("["), let close = cursor.matchingClose(position, limit: brace) {
                decorators.append(cursor.text((position + 1)..<close, limit: 200))
                position = close + 1
            } else {
                break
            }
        }
        guard position <= last else { return nil }
        let body = (brace + 1)..<(brace + 1)
        let line = tokens[position].line
        let modifiers = Set((position...last).filter { tokens[$0].kind == .identifier }.map { tokens[$0].text })
        let isStatic = modifiers.contains("static")

        switch language {
        case .go:
            guard tokens[position].isIdentifier("func") else { return nil }
            var cursorIndex = position + 1
            var receiver: String?
            var receiverType: String?
            if cursor.isPunctuation(cursorIndex, "("), let close = cursor.matchingClose(cursorIndex, limit: brace) {
                let names = ((cursorIndex + 1)..<close).filter { tokens[$0].kind == .identifier }
                receiver = names.first.map { tokens[$0].text }
                receiverType = names.last.map { tokens[$0].text }
                cursorIndex = close + 1
            }
            guard let name = cursor[cursorIndex], name.kind == .identifier, cursor.isPunctuation(cursorIndex + 1, "("),
                  let close = cursor.matchingClose(cursorIndex + 1, limit: brace) else { return nil }
            var function = Outline.Function(name: name.text, typeName: receiverType, body: body, line: line)
            function.receiver = receiver
            function.parameters = goParameters(open: cursorIndex + 1, close: close)
            function.isConstructor = name.text == "init" && receiver == nil
            return function
        case .swift:
            if let funcIndex = (position...last).first(where: { tokens[$0].isIdentifier("func") }),
               let name = cursor[funcIndex + 1], name.kind == .identifier || name.kind == .punctuation {
                var open = funcIndex + 2
                if cursor.isPunctuation(open, "<"), let close = (open...last).first(where: { tokens[$0].isPunctuation(">") }) { open = close + 1 }
                guard cursor.isPunctuation(open, "("), let close = cursor.matchingClose(open, limit: brace) else { return nil }
                var function = Outline.Function(name: name.text, typeName: typeName, isStatic: isStatic || modifiers.contains("class"),
                                                body: body, line: line, decorators: decorators)
                function.parameters = cursor.parameters(open: open, close: close, language: .swift)
                return function
            }
            if let initIndex = (position...last).first(where: { tokens[$0].isIdentifier("init") }),
               cursor.isPunctuation(initIndex + 1, "(") || cursor.isPunctuation(initIndex + 1, "?"),
               let open = (initIndex...last).first(where: { tokens[$0].isPunctuation("(") }),
               let close = cursor.matchingClose(open, limit: brace) {
                var function = Outline.Function(name: "init", typeName: typeName, body: body, line: line)
                function.isConstructor = true
                function.parameters = cursor.parameters(open: open, close: close, language: .swift)
                return function
            }
            // `LambdaRuntime { (event: Input, context: LambdaContext) in … }`, `Lambda.run { … }`.
            if atModuleLevel, let lastToken = cursor[last],
               lastToken.isIdentifier("LambdaRuntime") || lastToken.isIdentifier("run") && cursor.isIdentifier(last - 2, "Lambda")
                || lastToken.isPunctuation(")") && header.contains(where: { tokens[$0].isIdentifier("LambdaRuntime") }) {
                var function = Outline.Function(name: "LambdaRuntime", typeName: nil, body: body, line: line)
                function.parameters = swiftClosureParameters(brace: brace)
                function.isInlineHandler = true
                return function
            }
            return nil
        case .javascript:
            return javaScriptFunctionHeader(header.filter { $0 >= position }, brace: brace,
                                            typeName: typeName, decorators: decorators, isStatic: isStatic)
        case .java, .csharp:
            // `modifiers Type name(params) [throws …] [: base(…)] {`: the first identifier
            // followed by `(` that is not a keyword names the method.
            var depth = 0
            for candidate in position...last {
                let token = tokens[candidate]
                if token.isPunctuation("(") || token.isPunctuation("[") {
                    if depth == 0, token.isPunctuation("("), let name = cursor[candidate - 1], name.kind == .identifier,
                       !Self.controlKeywords.contains(name.text), !cursor.isPunctuation(candidate - 2, "@"),
                       !cursor.isPunctuation(candidate - 2, "."),
                       !(position..<candidate).contains(where: { tokens[$0].isPunctuation("=") || tokens[$0].isPunctuation("=>") }) {
                        guard let close = cursor.matchingClose(candidate, limit: brace) else { return nil }
                        var function = Outline.Function(name: name.text, typeName: typeName, isStatic: isStatic,
                                                        body: body, line: tokens[candidate - 1].line, decorators: decorators)
                        function.isConstructor = name.text == typeName
                        function.parameters = cursor.parameters(open: candidate, close: close, language: language)
                        return function
                    }
                    depth += 1
                } else if token.isPunctuation(")") || token.isPunctuation("]") {
                    depth -= 1
                }
            }
            if language == .java, modifiers.contains("static"), position == last {
                // `static { … }`: a static initializer runs once, at class load.
                var function = Outline.Function(name: "static", typeName: typeName, isStatic: true, body: body, line: line)
                function.isConstructor = true
                return function
            }
            return nil
        case .python, .ruby:
            return nil
        }
    }

    /// JavaScript and TypeScript: `function name(…) {`, `name = (…) => {`, `name: async (…) => {`,
    /// `exports.name = function (…) {`, class methods `async name(…) {`.
    private func javaScriptFunctionHeader(_ header: [Int], brace: Int, typeName: String?, decorators: [String],
                                          isStatic: Bool) -> Outline.Function? {
        guard let first = header.first, let last = header.last else { return nil }
        let line = tokens[first].line
        let body = (brace + 1)..<(brace + 1)
        // The parameter list: the last `( … )` of the header (before `=>` or the return type).
        var closeIndex: Int?
        var index = last
        while index >= first {
            if tokens[index].isPunctuation(")") {
                closeIndex = index
                break
            }
            if tokens[index].isPunctuation("=>") || tokens[index].isPunctuation(":") || tokens[index].kind == .identifier
                || tokens[index].isPunctuation(">") || tokens[index].isPunctuation("<") || tokens[index].isPunctuation("|")
                || tokens[index].isPunctuation(".") || tokens[index].isPunctuation("[") || tokens[index].isPunctuation("]")
                || tokens[index].isPunctuation(",") || tokens[index].isPunctuation("?") {
                index -= 1
                continue
            }
            break
        }
        let hasArrow = header.contains { tokens[$0].isPunctuation("=>") }
        let hasFunctionKeyword = header.contains { tokens[$0].isIdentifier("function") }
        var parameters: [Outline.Parameter] = []
        var nameBefore = first
        if let closeIndex, let open = cursor.matchingOpen(closeIndex, floor: first) {
            parameters = cursor.parameters(open: open, close: closeIndex, language: .javascript)
            nameBefore = open
        } else if hasArrow, let arrow = header.last(where: { tokens[$0].isPunctuation("=>") }), let parameter = cursor[arrow - 1],
                  parameter.kind == .identifier {
            // `event => {`
            parameters = [Outline.Parameter(name: parameter.text, typeText: "", defaultValue: nil)]
            nameBefore = arrow - 1
        } else {
            return nil
        }
        // The name: after `function`, else the assignment target (`exports.handler =`,
        // `const handler =`, `handler:`), else the method name just before `(`.
        var name: String?
        if let functionKeyword = header.first(where: { tokens[$0].isIdentifier("function") }),
           let candidate = cursor[functionKeyword + 1], candidate.kind == .identifier {
            name = candidate.text
        }
        if name == nil,
           let assignment = header.first(where: { $0 < nameBefore && (tokens[$0].isPunctuation("=") || tokens[$0].isPunctuation(":")) }),
           let target = cursor[assignment - 1], target.kind == .identifier {
            name = target.text
        }
        if name == nil, !hasArrow, !hasFunctionKeyword, let candidate = cursor[nameBefore - 1], candidate.kind == .identifier,
           !Self.controlKeywords.contains(candidate.text), !["function", "async"].contains(candidate.text) {
            name = candidate.text
        }
        guard hasArrow || hasFunctionKeyword || name != nil else { return nil }
        var function = Outline.Function(name: name ?? "", typeName: typeName, isStatic: isStatic, body: body, line: line,
                                        decorators: decorators)
        function.parameters = parameters
        function.isConstructor = name == "constructor"
        return function
    }

    /// `(ctx context.Context, event events.SQSEvent)`, `(a, b string)`: Go names come first.
    private func goParameters(open: Int, close: Int) -> [Outline.Parameter] {
        guard open + 1 < close else { return [] }
        return cursor.splitAtCommas((open + 1)..<close).compactMap { part in
            guard let name = part.first(where: { tokens[$0].kind == .identifier }) else { return nil }
            return Outline.Parameter(name: tokens[name].text, typeText: cursor.text((name + 1)..<part.upperBound, limit: 120),
                                     defaultValue: nil)
        }
    }

    /// `{ (event: Input, context: LambdaContext) -> Output in` or `{ event, context in`.
    private func swiftClosureParameters(brace: Int) -> [Outline.Parameter] {
        guard let inIndex = ((brace + 1)..<min(brace + 48, tokens.count)).first(where: { tokens[$0].isIdentifier("in") }) else {
            return []
        }
        if cursor.isPunctuation(brace + 1, "("), let close = cursor.matchingClose(brace + 1, limit: inIndex) {
            return cursor.parameters(open: brace + 1, close: close, language: .swift)
        }
        return ((brace + 1)..<inIndex).filter { tokens[$0].kind == .identifier }.map {
            Outline.Parameter(name: tokens[$0].text, typeText: "", defaultValue: nil)
        }
    }

    /// Go `lambda.Start(func(ctx context.Context, e Event) (R, error) {`: a handler written inline.
    private func goInlineHandler(header: Range<Int>, brace: Int, outline: Outline) -> Outline.Function? {
        guard let funcIndex = header.last(where: { tokens[$0].isIdentifier("func") }),
              header.contains(where: { tokens[$0].isIdentifier("Start") || tokens[$0].isIdentifier("StartWithOptions") }),
              cursor.isPunctuation(funcIndex + 1, "("), let close = cursor.matchingClose(funcIndex + 1, limit: brace) else { return nil }
        var function = Outline.Function(name: "func literal", typeName: nil, body: (brace + 1)..<(brace + 1), line: tokens[funcIndex].line)
        function.parameters = goParameters(open: funcIndex + 1, close: close)
        function.isInlineHandler = true
        return function
    }

    /// `export const handler = async (event) => process(event);`: arrow functions without braces.
    private func appendExpressionBodiedFunctions(into outline: inout Outline) {
        guard language == .javascript else { return }
        for statement in outline.moduleStatements {
            guard let arrow = statement.first(where: { tokens[$0].isPunctuation("=>") }),
                  !statement.contains(where: { tokens[$0].isPunctuation("{") && $0 > arrow }),
                  let assignment = statement.first(where: { tokens[$0].isPunctuation("=") }), assignment < arrow,
                  let target = cursor[assignment - 1], target.kind == .identifier else { continue }
            var parameters: [Outline.Parameter] = []
            if cursor.isPunctuation(arrow - 1, ")"), let open = cursor.matchingOpen(arrow - 1, floor: assignment) {
                parameters = cursor.parameters(open: open, close: arrow - 1, language: .javascript)
            } else if let parameter = cursor[arrow - 1], parameter.kind == .identifier {
                parameters = [Outline.Parameter(name: parameter.text, typeText: "", defaultValue: nil)]
            }
            var function = Outline.Function(name: target.text, typeName: nil, body: (arrow + 1)..<statement.upperBound,
                                            line: tokens[statement.lowerBound].line)
            function.parameters = parameters
            outline.functions.append(function)
        }
    }

    // MARK: State declarations

    private static let declarationKeywords: Set<String> = ["let", "const", "var", "val", "export", "static", "final", "private",
                                                           "public", "protected", "internal", "readonly", "volatile", "lazy",
                                                           "fileprivate", "nonisolated", "unsafe", "declare", "transient"]

    /// `const cache = {}`, `var lastEvent events.X`, `let client = S3Client()`, Go `var ( … )`.
    private func recordModuleDeclaration(_ range: Range<Int>, into outline: inout Outline) {
        let statement = range.filter { tokens[$0].kind != .newline }
        guard let first = statement.first else { return }
        let keyword = tokens[first].text
        guard tokens[first].kind == .identifier,
              ["let", "const", "var", "export", "val"].contains(keyword) || (language == .swift && keyword == "nonisolated") else { return }
        if language == .go, keyword == "var", cursor.isPunctuation(first + 1, "("), let close = cursor.matchingClose(first + 1) {
            // One declaration per line inside `var ( … )`.
            var lineStart = first + 2
            for index in (first + 2)...close where index == close || tokens[index].line != tokens[lineStart].line {
                recordDeclaration(lineStart..<index, typeName: nil, kind: .module, immutable: false, into: &outline)
                lineStart = index
            }
            return
        }
        let immutable = statement.contains { tokens[$0].isIdentifier("const") || tokens[$0].isIdentifier("let") && language == .swift }
        recordDeclaration(range, typeName: nil, kind: .module, immutable: immutable, into: &outline)
    }

    private func recordField(_ range: Range<Int>, typeName: String, into outline: inout Outline) {
        let statement = range.filter { tokens[$0].kind != .newline }
        guard !statement.isEmpty else { return }
        // Methods without bodies (interfaces, abstract) and nested calls are not fields.
        // (Modifiers with arguments, `nonisolated(unsafe)`, `private(set)`, are not parameter lists.)
        let modifierWithArguments: Set<String> = ["nonisolated", "private", "fileprivate", "internal", "public", "unowned"]
        if let firstParenthesis = statement.first(where: {
            tokens[$0].isPunctuation("(") && !(cursor[$0 - 1].map { modifierWithArguments.contains($0.text) } ?? false)
        }) {
            let assignment = statement.first { tokens[$0].isPunctuation("=") }
            if assignment == nil || firstParenthesis < assignment ?? 0 { return }
        }
        let modifiers = Set(statement.filter { tokens[$0].kind == .identifier }.map { tokens[$0].text })
        let isStatic = modifiers.contains("static") || modifiers.contains("const") || modifiers.contains("class")
        let immutable = modifiers.contains("final") || modifiers.contains("readonly") || modifiers.contains("const")
            || (language == .swift && modifiers.contains("let"))
        if language == .go {
            // Struct fields: `cache map[string]string`, `a, b int`.
            let names = statement.prefix { tokens[$0].kind == .identifier || tokens[$0].isPunctuation(",") }
                .filter { tokens[$0].kind == .identifier }
            let fieldNames = names.count > 1 ? Array(names.dropLast()) : names
            for name in fieldNames {
                outline.state.append(Outline.StateDeclaration(name: tokens[name].text, typeName: typeName, kind: .instanceField,
                                                              line: tokens[name].line, value: nil, isImmutableBinding: false))
            }
            return
        }
        recordDeclaration(range, typeName: typeName, kind: isStatic ? .staticField : .instanceField, immutable: immutable,
                          into: &outline)
    }

    /// The declared name: the identifier before the top-level `=` (or the last one before `:`/end).
    private func recordDeclaration(_ range: Range<Int>, typeName: String?, kind: Outline.StateKind, immutable: Bool,
                                   into outline: inout Outline) {
        let statement = range.filter { tokens[$0].kind != .newline }
        guard !statement.isEmpty else { return }
        var assignment: Int?
        var depth = 0
        for index in statement {
            let token = tokens[index]
            if token.isPunctuation("(") || token.isPunctuation("[") || token.isPunctuation("{") || token.isPunctuation("<") { depth += 1 }
            if token.isPunctuation(")") || token.isPunctuation("]") || token.isPunctuation("}") || token.isPunctuation(">") { depth -= 1 }
            if depth <= 0 && (token.isPunctuation("=") || token.isPunctuation(":=")) {
                assignment = index
                break
            }
        }
        let declarationEnd = assignment ?? (statement.last.map { $0 + 1 } ?? range.upperBound)
        var nameIndex: Int?
        switch language {
        case .go, .swift, .javascript:
            // `var name Type`, `let name: Type`, `const name`: the first identifier after the keywords.
            nameIndex = statement.first {
                $0 < declarationEnd && tokens[$0].kind == .identifier && !Self.declarationKeywords.contains(tokens[$0].text)
                    && !["async", "get", "set", "override", "weak", "mutating", "required", "class"].contains(tokens[$0].text)
            }
        default:
            nameIndex = statement.last { $0 < declarationEnd && tokens[$0].kind == .identifier }
        }
        if language == .javascript, let first = statement.first, tokens[first].isPunctuation("{") || tokens[first].isPunctuation("[") {
            return
        }
        guard let nameIndex else { return }
        let value = assignment.map { ($0 + 1)..<range.upperBound }
        outline.state.append(Outline.StateDeclaration(name: tokens[nameIndex].text, typeName: typeName, kind: kind,
                                                      line: tokens[nameIndex].line, value: value, isImmutableBinding: immutable))
    }
}

// MARK: - Python

/// Python: blocks are indentation. Works line by line over the logical lines the lexer delimits.
private struct IndentationOutlineBuilder {
    let tokens: [Token]
    var cursor: TokenCursor { TokenCursor(tokens: tokens) }

    private enum FrameKind {
        case type(name: String)
        case function(index: Int)
        case cleanup
        case other
    }

    func build() -> Outline {
        var outline = Outline()
        var frames: [(kind: FrameKind, indent: Int, bodyStart: Int)] = []
        var decorators: [String] = []
        for line in logicalLines() {
            guard let firstIndex = line.first, let first = cursor[firstIndex] else { continue }
            let indent = first.column
            while let frame = frames.last, indent <= frame.indent {
                frames.removeLast()
                close(frame, at: firstIndex, into: &outline)
            }
            let enclosingType: String? = {
                if case .type(let name) = frames.last?.kind { return name }
                return nil
            }()
            let insideFunction = frames.contains { if case .function = $0.kind { true } else { false } }
            let bodyStart = line.upperBound + 1
            if first.isPunctuation("@") {
                decorators.append(cursor.text((firstIndex + 1)..<line.upperBound, limit: 200))
                continue
            }
            var keywordIndex = firstIndex
            if first.isIdentifier("async") { keywordIndex += 1 }
            if cursor.isIdentifier(keywordIndex, "def"), !insideFunction, let name = cursor[keywordIndex + 1],
               cursor.isPunctuation(keywordIndex + 2, "(") {
                var function = Outline.Function(name: name.text, typeName: enclosingType, body: bodyStart..<bodyStart,
                                                line: first.line, decorators: decorators)
                if let close = cursor.matchingClose(keywordIndex + 2, limit: line.upperBound) {
                    function.parameters = cursor.parameters(open: keywordIndex + 2, close: close, language: .python)
                }
                function.isStatic = decorators.contains { $0.hasPrefix("staticmethod") || $0.hasPrefix("classmethod") }
                function.isConstructor = name.text == "__init__"
                if enclosingType != nil, !function.isStatic, function.parameters.first?.name == "self" {
                    function.receiver = "self"
                    function.parameters.removeFirst()
                }
                outline.functions.append(function)
                frames.append((.function(index: outline.functions.count - 1), indent, bodyStart))
            } else if first.isIdentifier("class"), !insideFunction, let name = cursor[firstIndex + 1], name.kind == .identifier {
                let supertypes = ((firstIndex + 2)..<line.upperBound).filter { tokens[$0].kind == .identifier }.map { tokens[$0].text }
                outline.types.append(Outline.TypeDeclaration(name: name.text, keyword: "class", supertypes: supertypes, line: first.line))
                frames.append((.type(name: name.text), indent, bodyStart))
            } else if first.isIdentifier("finally") {
                frames.append((.cleanup, indent, bodyStart))
            } else if endsWithColon(line) {
                frames.append((.other, indent, bodyStart))
            } else if atModuleLevel(frames) {
                // Module level, including `try:`/`if` blocks there.
                outline.moduleStatements.append(line)
                recordAssignment(line, typeName: nil, kind: .module, into: &outline)
            } else if let enclosingType, case .type = frames.last?.kind {
                recordAssignment(line, typeName: enclosingType, kind: .staticField, into: &outline)
            }
            decorators = []
        }
        while let frame = frames.popLast() {
            close(frame, at: tokens.count, into: &outline)
        }
        return outline
    }

    private func atModuleLevel(_ frames: [(kind: FrameKind, indent: Int, bodyStart: Int)]) -> Bool {
        frames.allSatisfy { frame in
            switch frame.kind {
            case .other, .cleanup: true
            case .type, .function: false
            }
        }
    }

    private func close(_ frame: (kind: FrameKind, indent: Int, bodyStart: Int), at end: Int, into outline: inout Outline) {
        let body = min(frame.bodyStart, end)..<max(end, min(frame.bodyStart, end))
        switch frame.kind {
        case .function(let index): outline.functions[index].body = body
        case .cleanup: outline.cleanupRegions.append(body)
        case .type, .other: break
        }
    }

    private func endsWithColon(_ line: Range<Int>) -> Bool {
        guard let first = cursor[line.lowerBound], first.kind == .identifier,
              ["if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async", "match", "case"].contains(first.text)
        else { return false }
        return line.contains { tokens[$0].isPunctuation(":") }
    }

    /// Token ranges of logical lines (between newline tokens).
    func logicalLines() -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for (index, token) in tokens.enumerated() where token.kind == .newline {
            if start < index { lines.append(start..<index) }
            start = index + 1
        }
        if start < tokens.count { lines.append(start..<tokens.count) }
        return lines
    }

    /// `NAME = …`, `NAME: Type = …`, `A, B = …` at module or class level.
    private func recordAssignment(_ line: Range<Int>, typeName: String?, kind: Outline.StateKind, into outline: inout Outline) {
        guard let assignment = line.first(where: { tokens[$0].isPunctuation("=") }) else { return }
        var targetEnd = assignment
        if let colon = (line.lowerBound..<assignment).first(where: { tokens[$0].isPunctuation(":") }) { targetEnd = colon }
        let targets = (line.lowerBound..<targetEnd)
        guard targets.allSatisfy({ tokens[$0].kind == .identifier || tokens[$0].isPunctuation(",") }) else { return }
        for index in targets where tokens[index].kind == .identifier {
            outline.state.append(Outline.StateDeclaration(name: tokens[index].text, typeName: typeName, kind: kind,
                                                          line: tokens[index].line, value: (assignment + 1)..<line.upperBound,
                                                          isImmutableBinding: false))
        }
    }
}

// MARK: - Ruby

/// Ruby: `def`/`class`/`module`/`do`/`begin`/… open blocks that `end` closes.
private struct RubyOutlineBuilder {
    let tokens: [Token]
    var cursor: TokenCursor { TokenCursor(tokens: tokens) }

    private enum FrameKind {
        case type(name: String)
        case singletonClass
        case function(index: Int)
        case other
    }

    private static let statementOpeners: Set<String> = ["if", "unless", "while", "until", "case", "begin", "for"]

    func build() -> Outline {
        var outline = Outline()
        var frames: [(kind: FrameKind, start: Int, ensureStart: Int?)] = []
        var statementStart = 0
        var index = 0

        func enclosingType() -> String? {
            for frame in frames.reversed() {
                if case .type(let name) = frame.kind { return name }
                if case .function = frame.kind { return nil }
            }
            return nil
        }
        func insideFunction() -> Bool {
            frames.contains { if case .function = $0.kind { true } else { false } }
        }
        func insideSingleton() -> Bool {
            frames.contains { if case .singletonClass = $0.kind { true } else { false } }
        }

        while index < tokens.count {
            let token = tokens[index]
            let atStatementStart = index == statementStart
            if token.kind == .newline || token.isPunctuation(";") {
                if !insideFunction() && statementStart < index {
                    let range = statementStart..<index
                    if frames.isEmpty {
                        outline.moduleStatements.append(range)
                        recordAssignment(range, typeName: nil, into: &outline)
                    } else if let typeName = enclosingType() {
                        recordAssignment(range, typeName: typeName, into: &outline)
                    }
                }
                statementStart = index + 1
                index += 1
                continue
            }
            guard token.kind == .identifier else {
                index += 1
                continue
            }
            // `x.end`, `:end` and `end:` are a method, a symbol and a hash key, not keywords.
            if cursor.isPunctuation(index - 1, ".") || cursor.isPunctuation(index - 1, ":") || cursor.isPunctuation(index + 1, ":") {
                index += 1
                continue
            }
            switch token.text {
            case "def" where atStatementStart || cursor[index - 1]?.kind == .punctuation:
                var nameIndex = index + 1
                var isStatic = insideSingleton()
                if cursor.isIdentifier(nameIndex, "self"), cursor.isPunctuation(nameIndex + 1, ".") {
                    isStatic = true
                    nameIndex += 2
                }
                guard let name = cursor[nameIndex] else {
                    index += 1
                    continue
                }
                // An endless method (`def x = 1`) has no `end`.
                if cursor.isPunctuation(nameIndex + 1, "=") {
                    index = nameIndex + 1
                    continue
                }
                var parameters: [Outline.Parameter] = []
                var bodyStart = nameIndex + 1
                if cursor.isPunctuation(nameIndex + 1, "("), let close = cursor.matchingClose(nameIndex + 1) {
                    parameters = rubyParameters(nameIndex + 2..<close)
                    bodyStart = close + 1
                } else {
                    var end = nameIndex + 1
                    while end < tokens.count, tokens[end].kind != .newline, !tokens[end].isPunctuation(";") { end += 1 }
                    parameters = rubyParameters(nameIndex + 1..<end)
                    bodyStart = end
                }
                var function = Outline.Function(name: name.text, typeName: enclosingType(), isStatic: isStatic,
                                                body: bodyStart..<bodyStart, line: token.line)
                function.parameters = parameters
                function.isConstructor = name.text == "initialize"
                if cursor.isPunctuation(bodyStart, "=") {
                    // An endless method, `def total(x) = x * 2`: its body is the rest of the line; no `end`.
                    var end = bodyStart + 1
                    while end < tokens.count, tokens[end].kind != .newline, !tokens[end].isPunctuation(";") { end += 1 }
                    function.body = (bodyStart + 1)..<end
                    if !insideFunction() { outline.functions.append(function) }
                    index = end
                    continue
                }
                if !insideFunction() {
                    outline.functions.append(function)
                    frames.append((.function(index: outline.functions.count - 1), bodyStart, nil))
                } else {
                    frames.append((.other, bodyStart, nil))
                }
                index = bodyStart
                continue
            case "class", "module":
                if cursor.isPunctuation(index + 1, "<<") {
                    frames.append((.singletonClass, index, nil))
                } else if atStatementStart || cursor[index - 1]?.kind == .punctuation {
                    var nameIndex = index + 1
                    while cursor.isPunctuation(nameIndex + 1, "::"), cursor[nameIndex + 2]?.kind == .identifier { nameIndex += 2 }
                    let name = cursor[nameIndex]?.text ?? ""
                    var supertypes: [String] = []
                    var end = nameIndex + 1
                    while end < tokens.count, tokens[end].kind != .newline, !tokens[end].isPunctuation(";") {
                        if tokens[end].kind == .identifier { supertypes.append(tokens[end].text) }
                        end += 1
                    }
                    outline.types.append(Outline.TypeDeclaration(name: name, keyword: token.text, supertypes: supertypes, line: token.line))
                    frames.append((.type(name: name), index, nil))
                }
            case "do":
                frames.append((.other, index, nil))
            case let keyword where Self.statementOpeners.contains(keyword):
                let previous = cursor[index - 1]
                let opensBlock = atStatementStart || previous == nil || previous?.kind == .newline
                    || (previous?.kind == .punctuation && ["=", "(", ",", "||", "&&", "||=", "+=", "<<", "[", "{"].contains(previous?.text ?? ""))
                    || previous?.isIdentifier("return") == true
                // `while … do` opens only once.
                if opensBlock { frames.append((.other, index, nil)) }
            case "ensure":
                if !frames.isEmpty { frames[frames.count - 1].ensureStart = index + 1 }
            case "end":
                if let frame = frames.popLast() {
                    if let ensureStart = frame.ensureStart { outline.cleanupRegions.append(ensureStart..<index) }
                    if case .function(let functionIndex) = frame.kind {
                        outline.functions[functionIndex].body = frame.start..<index
                    }
                }
            default:
                break
            }
            index += 1
        }
        while let frame = frames.popLast() {
            if case .function(let functionIndex) = frame.kind { outline.functions[functionIndex].body = frame.start..<tokens.count }
        }
        return outline
    }

    /// `event:, context:`, `(event, context)`, `data = {}`: names first.
    private func rubyParameters(_ range: Range<Int>) -> [Outline.Parameter] {
        guard !range.isEmpty else { return [] }
        return cursor.splitAtCommas(range).compactMap { part in
            guard let name = part.first(where: { tokens[$0].kind == .identifier }) else { return nil }
            let isKeyword = cursor.isPunctuation(name + 1, ":")
            return Outline.Parameter(name: tokens[name].text, typeText: isKeyword ? "keyword" : "", defaultValue: nil)
        }
    }

    /// `CACHE = {}`, `$seen = []`, `@cache = {}` at top or class level.
    private func recordAssignment(_ range: Range<Int>, typeName: String?, into outline: inout Outline) {
        guard let first = cursor[range.lowerBound], first.kind == .identifier, cursor.isPunctuation(range.lowerBound + 1, "=")
                || cursor.isPunctuation(range.lowerBound + 1, "||=") else { return }
        let name = first.text
        let isConstant = name.first.map { $0.isUppercase } ?? false
        guard isConstant || name.hasPrefix("$") || name.hasPrefix("@") else { return }
        outline.state.append(Outline.StateDeclaration(name: name, typeName: name.hasPrefix("$") ? nil : typeName,
                                                      kind: typeName == nil || name.hasPrefix("$") ? .module : .staticField,
                                                      line: first.line, value: (range.lowerBound + 2)..<range.upperBound,
                                                      isImmutableBinding: false))
    }
}
