/// A place that outlives the invocation: module or package state, a static field, an instance
/// field of a reused handler object, a Python mutable default argument.
struct StateSlot: Sendable {
    enum Kind: Sendable {
        case module, staticField, instanceField, mutableDefault
    }

    var name: String
    var kind: Kind
    /// `module dict`, `static field`, `instance field`, `package variable`, …
    var description: String
    var declaredLine: Int?
}

/// One finding before it becomes a `Finding`: the rule, where, and the sentence.
struct StateFinding: Sendable, Equatable {
    var rule: AnalyzerRule
    var line: Int
    var tokenIndex: Int
    var message: String
    /// Stands in for the value in the fingerprint: function and slot, stable when lines move.
    var identity: String
}

/// The data flow over one file: from each handler, through the same-file functions it calls,
/// statement by statement, following simple assignments; reports writes of request data and
/// secrets into state that outlives the invocation and into `/tmp` files left behind.
struct FlowAnalysis {
    let tokens: [Token]
    let language: SourceLanguage
    let outline: Outline
    let vocabulary: LanguageVocabulary
    var cursor: TokenCursor { TokenCursor(tokens: tokens) }

    private(set) var findings: [StateFinding] = []
    private var reported: Set<String> = []
    private var visited: Set<String> = []

    static let maximumCallDepth = 5

    init(tokens: [Token], language: SourceLanguage, outline: Outline) {
        self.tokens = tokens
        self.language = language
        self.outline = outline
        self.vocabulary = LanguageVocabulary.of(language)
    }

    /// The state of one function's analysis: what each local holds, and how it was reached.
    struct Context {
        var functionIndex: Int?
        var facts: [String: ValueFacts] = [:]
        var locals: Set<String> = []
        var mutableDefaults: [String: Int] = [:]
        /// Function names from the handler down to this one.
        var chain: [String] = []
        /// Function indices from the handler down to this one (where removals may be).
        var chainIndices: [Int] = []
        /// Instance fields outlive the invocation: the object is the reused handler, or a module-level instance.
        var instancePersistent = false
        /// The module-level variable holding that instance, when it is not the handler object itself.
        var moduleInstance: String?
        /// Code that runs once, at initialization (module level, constructors, `init()`).
        var isInitialization = false
        var depth = 0
    }

    // MARK: - Entry points

    /// Analyzes one handler: every parameter carries request data.
    mutating func analyzeHandler(_ functionIndex: Int) {
        let function = outline.functions[functionIndex]
        var context = Context(functionIndex: functionIndex)
        // Go's `context.Context` is plumbing passed to every call, not request data.
        for parameter in function.parameters where !(language == .go && parameter.typeText.hasSuffix("Context")) {
            context.facts[parameter.name] = ValueFacts(request: parameter.name)
        }
        context.instancePersistent = function.typeName != nil || function.receiver != nil
        analyzeFunction(functionIndex, context: context)
    }

    /// Analyzes the code that runs once: module statements, type-level field initializers of the
    /// given types, constructors and `init`/`main`.
    mutating func analyzeInitialization(handlerTypes: Set<String>) {
        var context = Context(functionIndex: nil)
        context.isInitialization = true
        for statement in outline.moduleStatements {
            for part in statements(in: statement) { processStatement(part, context: &context) }
        }
        for declaration in outline.state where declaration.kind != .module {
            guard let typeName = declaration.typeName, handlerTypes.contains(typeName), let value = declaration.value else { continue }
            // Field initializers run once: only a secret can be in them.
            let isStatic = declaration.kind == .staticField
            let slot = StateSlot(name: declaration.name, kind: isStatic ? .staticField : .instanceField,
                                 description: describe(declaration, kind: isStatic ? "static field" : "instance field"),
                                 declaredLine: declaration.line)
            checkWrite(into: slot, value: evaluate(value, context: context), key: nil, at: value.lowerBound, context: context)
        }
        for (index, function) in outline.functions.enumerated() {
            let runsOnce = function.isConstructor || (language == .go && (function.name == "init" || function.name == "main")
                && function.receiver == nil)
            guard runsOnce, function.typeName == nil || handlerTypes.contains(function.typeName ?? "") else { continue }
            var initContext = Context(functionIndex: index)
            initContext.isInitialization = true
            initContext.instancePersistent = true
            analyzeFunction(index, context: initContext)
        }
    }

    // MARK: - Functions

    private mutating func analyzeFunction(_ functionIndex: Int, context incoming: Context) {
        let function = outline.functions[functionIndex]
        let signature = "\(functionIndex)|\(incoming.instancePersistent)|\(incoming.isInitialization)|"
            + function.parameters.map { incoming.facts[$0.name]?.isData == true ? "1" : "0" }.joined()
        guard incoming.depth <= Self.maximumCallDepth, !visited.contains(signature) else { return }
        visited.insert(signature)

        var context = incoming
        context.functionIndex = functionIndex
        context.chain.append(function.name)
        context.chainIndices.append(functionIndex)
        let bodyStatements = statements(in: function.body)
        context.locals = declaredLocals(function, statements: bodyStatements)
        for parameter in function.parameters {
            context.locals.insert(parameter.name)
            if language == .python, let defaultValue = parameter.defaultValue, isMutableLiteral(defaultValue) {
                context.mutableDefaults[parameter.name] = function.line
            }
        }
        for statement in bodyStatements {
            processStatement(statement, context: &context)
        }
    }

    private func isMutableLiteral(_ range: Range<Int>) -> Bool {
        guard let first = cursor[range.lowerBound] else { return false }
        if first.isPunctuation("[") || first.isPunctuation("{") { return true }
        return first.kind == .identifier && ["list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque"].contains(first.text)
            && cursor.isPunctuation(range.lowerBound + 1, "(")
    }

    // MARK: - Statements

    /// Splits a body into statements: at `;`, line ends (where they end statements), block braces
    /// (not literal braces), Python's compound-statement colon.
    func statements(in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        var grouping = 0
        var interpolation = 0
        var braces: [(splits: Bool, grouping: Int)] = []
        func cut(_ end: Int) {
            if start < end { result.append(start..<end) }
            start = end + 1
        }
        var index = range.lowerBound
        while index < range.upperBound && index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .interpolationStart: interpolation += 1
            case .interpolationEnd: interpolation = max(0, interpolation - 1)
            case .newline where interpolation == 0 && grouping == 0: cut(index)
            case .punctuation where interpolation == 0:
                switch token.text {
                case "(", "[": grouping += 1
                case ")", "]": grouping = max(0, grouping - 1)
                case ";" where grouping == 0: cut(index)
                case "{" where language.usesBraces:
                    let splits = braceOpensBlock(index, statementStart: start)
                    braces.append((splits, grouping))
                    if splits {
                        cut(index)
                        grouping = 0
                    }
                case "}" where language.usesBraces:
                    let entry = braces.popLast() ?? (true, 0)
                    if entry.splits {
                        cut(index)
                        grouping = entry.grouping
                    }
                case ":" where language == .python && grouping == 0 && isPythonCompoundHeader(start):
                    cut(index)
                default: break
                }
            default: break
            }
            index += 1
        }
        cut(range.upperBound)
        return result
    }

    private func isPythonCompoundHeader(_ start: Int) -> Bool {
        guard let first = cursor[start], first.kind == .identifier else { return false }
        return ["if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async", "def", "class"].contains(first.text)
    }

    /// Whether the `{` at `index` opens a block (split statements there) rather than a literal.
    private func braceOpensBlock(_ index: Int, statementStart: Int) -> Bool {
        var previousIndex = index - 1
        while previousIndex >= 0, tokens[previousIndex].kind == .newline { previousIndex -= 1 }
        guard let previous = cursor[previousIndex] else { return true }
        let first = cursor[statementStart]
        switch language {
        case .swift:
            return true
        case .go:
            if previous.isPunctuation(")") && !(first?.isIdentifier("return") ?? false) { return true }
            if let first, first.kind == .identifier,
               ["if", "for", "switch", "select", "else", "go", "defer", "func"].contains(first.text) { return true }
            if previous.isIdentifier("else") { return true }
            // `lambda.Start(func(ctx context.Context) error {`: a function literal's body.
            var depth = 0
            var back = index - 1
            while back >= max(0, index - 60) {
                let token = tokens[back]
                if token.isPunctuation(")") || token.isPunctuation("]") { depth += 1 }
                if token.isPunctuation("(") || token.isPunctuation("[") {
                    if depth == 0 { return false }
                    depth -= 1
                }
                if depth == 0 && (token.isPunctuation("=") || token.isPunctuation(":=") || token.isPunctuation(",")
                    || token.isPunctuation("{") || token.isPunctuation("}")) { return false }
                if token.isIdentifier("func") { return true }
                back -= 1
            }
            return false
        default:
            if previous.isPunctuation(")") || previous.isPunctuation("=>") || previous.isPunctuation("->") { return true }
            if previous.kind == .identifier {
                if ["return", "typeof", "yield", "await", "in", "of", "case", "new", "const", "let", "var"].contains(previous.text) {
                    return false
                }
                // C# and Java object initializers: `new Order { Id = … }`.
                var back = previousIndex
                while back > statementStart, tokens[back].kind == .identifier && tokens[back].text != "new" || tokens[back].isPunctuation(".") {
                    back -= 1
                }
                if cursor.isIdentifier(back, "new") { return false }
                return true
            }
            return false
        }
    }

    private mutating func processStatement(_ statement: Range<Int>, context: inout Context) {
        guard let first = cursor[statement.lowerBound] else { return }
        // Resource headers declare locals inside parentheses: Java `try (Writer w = Files.newBufferedWriter(p))`,
        // C# `using (var stream = File.Create(p))`.
        if first.isIdentifier("try") || first.isIdentifier("using") && language == .csharp,
           cursor.isPunctuation(statement.lowerBound + 1, "("),
           let close = cursor.matchingClose(statement.lowerBound + 1, limit: statement.upperBound + 1) {
            var start = statement.lowerBound + 2
            for index in start...close where index == close || tokens[index].isPunctuation(";") {
                if start < index { processStatement(start..<index, context: &context) }
                start = index + 1
            }
            return
        }
        // Swift conditions bind one name per clause: `guard let body = event.body, let order = … else`.
        if language == .swift, first.isIdentifier("guard") || first.isIdentifier("if") || first.isIdentifier("while"),
           statement.count > 1 {
            var clauses = cursor.splitAtCommas((statement.lowerBound + 1)..<statement.upperBound)
            if let last = clauses.popLast() {
                let end = cursor.isIdentifier(last.upperBound - 1, "else") ? last.upperBound - 1 : last.upperBound
                if last.lowerBound < end { clauses.append(last.lowerBound..<end) }
            }
            if clauses.count > 1 || clauses.first?.contains(where: { tokens[$0].isPunctuation("=") }) == true {
                for clause in clauses { processStatement(clause, context: &context) }
                return
            }
        }
        if language == .python && (first.isIdentifier("global") || first.isIdentifier("nonlocal")) { return }
        if first.isIdentifier("import") || first.isIdentifier("from") && language == .python || first.isIdentifier("using") && language == .csharp
            && !cursor.isPunctuation(statement.lowerBound + 1, "(") && !cursor.isIdentifier(statement.lowerBound + 1, "var") {
            return
        }
        bindCallbackParameters(statement, context: &context)
        bindOutArguments(statement, context: &context)
        bindLoopVariables(statement, context: &context)
        bindWithTargets(statement, context: &context)
        var assignmentRoot: Int?
        var remaining = statement
        var chained = 0
        while let assignment = findAssignment(remaining), chained < 4 {
            // `a = b = value`, `profile = CACHE[id] ||= fetch(id)`: each target gets what follows it.
            assignmentRoot = handleAssignment(remaining, operator: assignment, context: &context) ?? assignmentRoot
            remaining = (assignment + 1)..<statement.upperBound
            chained += 1
        }
        handleMutatorCalls(statement, skipping: assignmentRoot, context: &context)
        handleCalls(statement, context: &context)
        handleFileWrite(statement, context: context)
        handleLoggerKeys(statement, context: context)
    }

    // MARK: Assignments

    private static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "|=", "||=", "&&=", "??=", ":=", "<<=",
                                                           "%=", "**=", "^=", "&="]

    /// The top-level assignment operator of a statement.
    private func findAssignment(_ statement: Range<Int>) -> Int? {
        var depth = 0
        for index in statement {
            let token = tokens[index]
            switch token.kind {
            case .punctuation:
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth -= 1
                case let text where depth == 0 && Self.assignmentOperators.contains(text):
                    return index
                case "=>" where depth == 0, "->" where depth == 0:
                    // A lambda's body: what follows is not this statement's assignment.
                    return nil
                default: break
                }
            case .interpolationStart: depth += 1
            case .interpolationEnd: depth -= 1
            default: break
            }
        }
        return nil
    }

    private static let leadingKeywords: Set<String> = ["if", "guard", "while", "elif", "using", "await", "export", "let", "var",
                                                       "const", "val", "final", "auto", "case", "static", "readonly", "private",
                                                       "public", "internal", "fileprivate", "try", "unless"]

    /// Handles `target = value`; returns the root token index of a resolved state target.
    private mutating func handleAssignment(_ statement: Range<Int>, operator assignment: Int, context: inout Context) -> Int? {
        var lhsStart = statement.lowerBound
        var isDeclaration = tokens[assignment].text == ":="
        while lhsStart < assignment, tokens[lhsStart].kind == .identifier, Self.leadingKeywords.contains(tokens[lhsStart].text) {
            if ["let", "var", "const", "val", "final", "auto"].contains(tokens[lhsStart].text) { isDeclaration = true }
            lhsStart += 1
        }
        let valueRange = (assignment + 1)..<statement.upperBound
        var value = evaluate(valueRange, context: context)
        if tokens[assignment].text != "=" && tokens[assignment].text != ":=" {
            // `count += 1` keeps no request data; `seen += [event["id"]]` does.
            value = evaluate(valueRange, context: context)
        }
        var resolvedRoot: Int?
        for target in cursor.splitAtCommas(lhsStart..<assignment) {
            var targetRange = target
            // `x: int = …`, `let x: String = …`: drop the annotation.
            if let colon = target.first(where: { tokens[$0].isPunctuation(":") }), !(language == .ruby) {
                targetRange = target.lowerBound..<colon
            }
            guard let rootIndex = targetRange.first(where: { tokens[$0].kind != .newline }) else { continue }
            let root = tokens[rootIndex]
            // Destructuring: `const { body, headers } = event`.
            if root.isPunctuation("{") || root.isPunctuation("[") || root.isPunctuation("(") {
                for index in targetRange where tokens[index].kind == .identifier && !cursor.isPunctuation(index + 1, ":") {
                    bindLocal(tokens[index].text, value, context: &context)
                }
                continue
            }
            if context.isInitialization && context.functionIndex == nil {
                // Module level: the declared name is module state.
                let nameIndex = language == .go || language == .swift || language == .javascript || language == .python
                    || language == .ruby ? rootIndex : (targetRange.last ?? rootIndex)
                if tokens[nameIndex].kind == .identifier, let declaration = outline.moduleState(named: tokens[nameIndex].text),
                   declaration.line == tokens[nameIndex].line {
                    let slot = StateSlot(name: declaration.name, kind: .module, description: describe(declaration, kind: "module"),
                                         declaredLine: declaration.line)
                    checkWrite(into: slot, value: value, key: nil, at: statement.lowerBound, context: context)
                    continue
                }
            }
            // Typed declarations: `String body = …`, `Map<String, Object> x = …`, `var x T = …` (Go).
            if let name = typedDeclarationName(targetRange, declared: isDeclaration) {
                bindLocal(name, value, context: &context)
                continue
            }
            guard let (slot, accessStart) = resolveSlot(targetRange, context: context) else {
                if root.kind == .identifier {
                    if targetRange.count == 1 || !context.locals.contains(root.text) {
                        if targetRange.count == 1 { bindLocal(root.text, value, context: &context) }
                    } else {
                        var merged = context.facts[root.text] ?? ValueFacts()
                        merged.merge(value.flowing(into: root.text))
                        context.facts[root.text] = merged
                    }
                }
                continue
            }
            resolvedRoot = rootIndex
            var key: ValueFacts?
            if let accessStart, cursor.isPunctuation(accessStart, "["), let close = cursor.matchingClose(accessStart, limit: assignment + 1) {
                key = evaluate((accessStart + 1)..<close, context: context)
            }
            checkWrite(into: slot, value: value, key: key, at: statement.lowerBound, context: context)
        }
        return resolvedRoot
    }

    /// `String body`, `Map<String, Object> input`, `var x T` (Go with `var`), `x: T` already cut.
    private func typedDeclarationName(_ range: Range<Int>, declared: Bool) -> String? {
        let significant = range.filter { tokens[$0].kind != .newline }
        guard let last = significant.last, tokens[last].kind == .identifier else { return nil }
        if significant.count == 1 { return declared ? tokens[last].text : nil }
        switch language {
        case .java, .csharp:
            let before = tokens[significant[significant.count - 2]]
            if before.kind == .identifier || before.isPunctuation(">") || before.isPunctuation("]") || before.isPunctuation("?") {
                if before.kind == .identifier, ["return", "throw", "new", "await", "yield", "else"].contains(before.text) { return nil }
                if significant.contains(where: { tokens[$0].isPunctuation(".") && $0 > significant[significant.count - 2] }) { return nil }
                // `this.x`, `a.b` are not declarations: only type tokens before the name.
                if significant.dropLast().contains(where: { tokens[$0].isIdentifier("this") }) { return nil }
                return tokens[last].text
            }
            return nil
        case .go where declared:
            return tokens[significant[0]].text
        case .swift where declared, .javascript where declared:
            return tokens[significant[0]].kind == .identifier ? tokens[significant[0]].text : nil
        default:
            return nil
        }
    }

    private func bindLocal(_ name: String, _ value: ValueFacts, context: inout Context) {
        context.locals.insert(name)
        if value.isData || value.temporary != nil {
            context.facts[name] = value.flowing(into: name)
        } else {
            context.facts[name] = nil
        }
    }

    // MARK: Targets

    /// The persistent place a target expression names, and where its accessors start.
    private func resolveSlot(_ target: Range<Int>, context: Context) -> (StateSlot, Int?)? {
        guard let rootIndex = target.first, let root = cursor[rootIndex], root.kind == .identifier else { return nil }
        let function = context.functionIndex.map { outline.functions[$0] }
        let typeName = function?.typeName
        // `self.x`, `this.x`, Go receiver `h.x`.
        if root.text == "self" || root.text == "this" || (function?.receiver != nil && root.text == function?.receiver),
           cursor.isPunctuation(rootIndex + 1, ".") || cursor.isPunctuation(rootIndex + 1, "?."),
           let field = cursor[rootIndex + 2], field.kind == .identifier, rootIndex + 2 < target.upperBound {
            if root.text == "self", language == .python, function?.receiver != "self" { return nil }
            let declaration = outline.field(named: field.text, in: typeName)
            if declaration?.kind == .staticField {
                return (StateSlot(name: field.text, kind: .staticField, description: describe(declaration, kind: "static field"),
                                  declaredLine: declaration?.line), accessStart(rootIndex + 3, target))
            }
            guard context.instancePersistent else { return nil }
            return (StateSlot(name: field.text, kind: .instanceField, description: describe(declaration, kind: "instance field"),
                              declaredLine: declaration?.line), accessStart(rootIndex + 3, target))
        }
        if let mutableDefaultLine = context.mutableDefaults[root.text] {
            return (StateSlot(name: root.text, kind: .mutableDefault, description: "mutable default argument",
                              declaredLine: mutableDefaultLine), accessStart(rootIndex + 1, target))
        }
        if language == .ruby {
            if root.text.hasPrefix("$") {
                return (StateSlot(name: root.text, kind: .module, description: "global variable", declaredLine: outline.moduleState(named: root.text)?.line),
                        accessStart(rootIndex + 1, target))
            }
            if root.text.hasPrefix("@") {
                // On `main` (top-level methods) or the class object (class methods), an instance
                // variable lives as long as the process.
                let persistent = function.map { $0.isStatic || $0.typeName == nil } ?? true || context.instancePersistent
                guard persistent, !context.isInitialization else { return nil }
                let declaration = outline.state.first { $0.name == root.text }
                return (StateSlot(name: root.text, kind: .module, description: describe(declaration, kind: root.text.hasPrefix("@@") ? "class variable" : "class-level instance variable"),
                                  declaredLine: declaration?.line), accessStart(rootIndex + 1, target))
            }
            if root.text.first?.isUppercase == true {
                let declaration = outline.state.first { $0.name == root.text }
                guard declaration != nil else { return nil }
                return (StateSlot(name: root.text, kind: .module, description: describe(declaration, kind: "constant"),
                                  declaredLine: declaration?.line), accessStart(rootIndex + 1, target))
            }
            return nil
        }
        // `Handler.cache[…]`, Swift `Self.cache[…]`: a static field through its type.
        let staticOwner = root.text == "Self" ? typeName : root.text
        if cursor.isPunctuation(rootIndex + 1, "."), let field = cursor[rootIndex + 2], field.kind == .identifier, let staticOwner,
           outline.types.contains(where: { $0.name == staticOwner }),
           let declaration = outline.field(named: field.text, in: staticOwner) {
            return (StateSlot(name: "\(root.text).\(field.text)", kind: .staticField, description: describe(declaration, kind: "static field"),
                              declaredLine: declaration.line), accessStart(rootIndex + 3, target))
        }
        guard !context.locals.contains(root.text) else { return nil }
        // A bare field of the enclosing type (Java, C#, Swift, Kotlin-style implicit `this`).
        if let typeName, [.java, .csharp, .swift].contains(language), let declaration = outline.field(named: root.text, in: typeName) {
            if declaration.kind == .staticField {
                return (StateSlot(name: root.text, kind: .staticField, description: describe(declaration, kind: "static field"),
                                  declaredLine: declaration.line), accessStart(rootIndex + 1, target))
            }
            guard context.instancePersistent else { return nil }
            return (StateSlot(name: root.text, kind: .instanceField, description: describe(declaration, kind: "instance field"),
                              declaredLine: declaration.line), accessStart(rootIndex + 1, target))
        }
        if let declaration = outline.moduleState(named: root.text) {
            let kind = language == .go ? "package variable" : language == .swift ? "global variable" : "module"
            return (StateSlot(name: root.text, kind: .module, description: describe(declaration, kind: kind),
                              declaredLine: declaration.line), accessStart(rootIndex + 1, target))
        }
        return nil
    }

    private func accessStart(_ index: Int, _ target: Range<Int>) -> Int? {
        index < target.upperBound ? index : nil
    }

    /// `module dict`, `static field (map)`: what kind of container the declaration holds.
    private func describe(_ declaration: Outline.StateDeclaration?, kind: String) -> String {
        guard let value = declaration?.value, let first = cursor[value.lowerBound] else { return kind }
        var container: String?
        let words = value.prefix(6).filter { tokens[$0].kind == .identifier }.map { tokens[$0].text }
        if first.isPunctuation("{") {
            container = language == .python ? "dict" : language == .ruby ? "hash" : "object"
        } else if first.isPunctuation("[") {
            container = language == .swift && value.contains(where: { tokens[$0].isPunctuation(":") }) ? "dictionary" : "list"
        } else if words.contains(where: { ["dict", "defaultdict", "OrderedDict", "Map", "HashMap", "ConcurrentHashMap", "Dictionary",
                                           "ConcurrentDictionary", "make", "LinkedHashMap", "TreeMap", "map", "Hash"].contains($0) }) {
            container = "map"
        } else if words.contains(where: { ["list", "deque", "ArrayList", "List", "LinkedList", "Array", "Queue", "ConcurrentQueue"].contains($0) }) {
            container = "list"
        } else if words.contains(where: { ["set", "Set", "HashSet"].contains($0) }) {
            container = "set"
        }
        guard let container else { return kind }
        return kind == "module" ? "module \(container)" : "\(kind), \(container)"
    }

    // MARK: Writes into state

    private mutating func checkWrite(into slot: StateSlot, value: ValueFacts, key: ValueFacts?, at index: Int, context: Context) {
        guard !value.isResource else { return }
        var flow = value
        if let key { flow.merge(key) }
        let place = "\(slot.name) (\(slot.description)\(slot.declaredLine.map { ", line \($0)" } ?? ""))"
        let line = tokens[index].line
        let via = context.chain.count > 1 ? " in \(context.chain.last ?? "")() (called from \(context.chain.first ?? "")())" : ""
        let identity = "\(context.chain.first ?? "init")|\(slot.name)"
        if let request = flow.request {
            if slot.kind == .mutableDefault {
                report(rule: HandlerStateRules.mutableDefault, at: index,
                       message: "\(request) → \(place) at line \(line)\(via): a default argument is created once and shared by every call, "
                           + "so it collects request data across invocations; default to None and create the container inside the function",
                       identity: identity)
                return
            }
            if LanguageVocabulary.isCacheName(slot.name), key?.request != nil || value.request == nil {
                report(rule: HandlerStateRules.memoizedRequest, at: index,
                       message: "\(request) → \(place) at line \(line)\(via): a cache keyed by request data keeps one caller's results "
                           + "for the next invocation; key it by data that is not per-user, bound it with a TTL, or keep it per request",
                       identity: identity)
                return
            }
            let rule = slot.kind == .instanceField ? HandlerStateRules.instanceField : HandlerStateRules.globalWrite
            let holder = slot.kind != .instanceField ? "kept for the next invocation"
                : context.moduleInstance.map { "the module-level \($0) keeps it for the next invocation" }
                ?? "the handler object is reused by the next invocation"
            report(rule: rule, at: index,
                   message: "\(request) → \(place) at line \(line)\(via): \(holder); keep it in a local variable", identity: identity)
            return
        }
        // An environment variable holds the same value for the life of the environment whether
        // or not it is copied into a global: configuration, not a secret kept across requests.
        if let secret = flow.secret, slot.kind != .mutableDefault, !secret.hasPrefix("env ") {
            let when = context.isInitialization ? "at initialization" : "at line \(line)\(via), on first use"
            report(rule: HandlerStateRules.secretAtInit, at: index,
                   message: "\(secret) → \(place) \(when): the secret stays in memory for the life of the execution environment "
                       + "and misses rotation (and is shared by SnapStart restores); cache it with a TTL (Parameters and Secrets "
                       + "extension, Powertools parameters with max_age) or fetch it per request",
                   identity: identity)
        }
    }

    private mutating func report(rule: AnalyzerRule, at index: Int, message: String, identity: String) {
        let line = tokens[index].line
        let key = "\(rule.id)|\(line)"
        guard !reported.contains(key) else { return }
        reported.insert(key)
        findings.append(StateFinding(rule: rule, line: line, tokenIndex: index, message: message, identity: "\(rule.id)|\(identity)"))
    }

    // MARK: Mutating calls

    private mutating func handleMutatorCalls(_ statement: Range<Int>, skipping assignmentRoot: Int?, context: inout Context) {
        for index in statement {
            let token = tokens[index]
            let isRubyAppend = language == .ruby && token.isPunctuation("<<")
            guard isRubyAppend || (token.kind == .identifier && vocabulary.mutators.contains(token.text)
                && (cursor.isPunctuation(index - 1, ".") || cursor.isPunctuation(index - 1, "?."))) else { continue }
            let receiverEnd = isRubyAppend ? index : index - 1
            guard let receiverStart = expressionStart(endingBefore: receiverEnd, floor: statement.lowerBound),
                  receiverStart != assignmentRoot else { continue }
            var arguments: Range<Int>
            if cursor.isPunctuation(index + 1, "("), let close = cursor.matchingClose(index + 1, limit: statement.upperBound + 1) {
                arguments = (index + 2)..<close
            } else if isRubyAppend || language == .ruby {
                arguments = (index + 1)..<statement.upperBound
            } else {
                continue
            }
            if arguments.isEmpty { continue }
            let parts = cursor.splitAtCommas(arguments)
            let keyed = parts.count >= 2 && ["put", "set", "Store", "TryAdd", "AddOrUpdate", "store", "setdefault", "putIfAbsent",
                                              "computeIfAbsent", "Add", "GetOrAdd", "LoadOrStore", "Set", "setObject", "updateValue",
                                              "compute", "merge"].contains(token.text)
            var key: ValueFacts?
            var value = ValueFacts()
            if keyed, let first = parts.first, let last = parts.last {
                // Swift and Objective-C put the value first (`updateValue(v, forKey: k)`).
                let valueFirst = ["updateValue", "setObject"].contains(token.text)
                let keyParts = valueFirst ? [last] : [first]
                let valueParts = valueFirst ? Array(parts.dropLast()) : Array(parts.dropFirst())
                key = keyParts.reduce(into: ValueFacts()) { $0.merge(evaluate($1, context: context)) }
                for part in valueParts { value.merge(evaluate(part, context: context)) }
            } else {
                value = evaluate(arguments, context: context)
            }
            let receiverRange = receiverStart..<receiverEnd
            if let (slot, _) = resolveSlot(receiverRange, context: context) {
                checkWrite(into: slot, value: value, key: key, at: statement.lowerBound, context: context)
            } else if let root = cursor[receiverStart], root.kind == .identifier, context.locals.contains(root.text) {
                var merged = context.facts[root.text] ?? ValueFacts()
                merged.merge(value.flowing(into: root.text))
                if let key { merged.merge(key.flowing(into: root.text)) }
                if merged.isData || merged.temporary != nil { context.facts[root.text] = merged }
            }
        }
    }

    /// The start of the member-access chain ending just before `end` (`self.cache[k].items`).
    private func expressionStart(endingBefore end: Int, floor: Int) -> Int? {
        var index = end - 1
        var start: Int?
        while index >= floor {
            let token = tokens[index]
            if token.kind == .identifier {
                start = index
                if cursor.isPunctuation(index - 1, ".") || cursor.isPunctuation(index - 1, "?.") || cursor.isPunctuation(index - 1, "::") {
                    index -= 2
                    continue
                }
                break
            }
            if token.isPunctuation("]") || token.isPunctuation(")") {
                guard let open = cursor.matchingOpen(index, floor: floor) else { return nil }
                index = open - 1
                continue
            }
            if token.isPunctuation("!") || token.isPunctuation("?") {
                index -= 1
                continue
            }
            break
        }
        return start
    }

    // MARK: Calls

    private mutating func handleCalls(_ statement: Range<Int>, context: inout Context) {
        guard context.depth < Self.maximumCallDepth else { return }
        for index in statement {
            let token = tokens[index]
            guard token.kind == .identifier else { continue }
            let isCall = cursor.isPunctuation(index + 1, "(")
            if !isCall, language == .ruby, !cursor.isPunctuation(index - 1, "."), !cursor.isPunctuation(index + 1, ":"),
               let callee = resolveFunctionReference(at: index, context: context), callee.index != context.functionIndex,
               outline.functions[callee.index].parameters.isEmpty {
                // Ruby calls a method without parentheses: `password: db_password`.
                analyzeFunction(callee.index, context: childContext(context, callee: callee))
                continue
            }
            if !isCall {
                // A function passed by name (`event.Records.map(processRecord)`) gets the statement's data.
                guard let callee = resolveFunctionReference(at: index, context: context), callee.index != context.functionIndex,
                      cursor.isPunctuation(index - 1, "(") || cursor.isPunctuation(index - 1, ",") else { continue }
                let statementFacts = evaluate(statement, context: context)
                guard statementFacts.isData else { continue }
                var calleeContext = childContext(context, callee: callee)
                for parameter in outline.functions[callee.index].parameters {
                    calleeContext.facts[parameter.name] = statementFacts
                }
                analyzeFunction(callee.index, context: calleeContext)
                continue
            }
            guard let callee = resolveFunctionReference(at: index, context: context), callee.index != context.functionIndex,
                  let close = cursor.matchingClose(index + 1, limit: statement.upperBound + 1) else { continue }
            let function = outline.functions[callee.index]
            let arguments = cursor.splitAtCommas((index + 2)..<close)
            var calleeContext = childContext(context, callee: callee)
            var anyRequest: String?
            for (position, argument) in arguments.enumerated() {
                var valueRange = argument
                var parameterName: String?
                // Keyword arguments: `save(data=event)`, `handle(event: event)`.
                if argument.count > 2, let label = cursor[argument.lowerBound], label.kind == .identifier,
                   cursor.isPunctuation(argument.lowerBound + 1, "=") || cursor.isPunctuation(argument.lowerBound + 1, ":") {
                    parameterName = label.text
                    valueRange = (argument.lowerBound + 2)..<argument.upperBound
                }
                let facts = evaluate(valueRange, context: context)
                if anyRequest == nil { anyRequest = facts.request }
                let name = parameterName ?? (position < function.parameters.count ? function.parameters[position].name : nil)
                if let name, function.parameters.contains(where: { $0.name == name }) {
                    if facts.isData || facts.temporary != nil { calleeContext.facts[name] = facts }
                } else if facts.isData, let last = function.parameters.last {
                    // `*args`, varargs: the last parameter takes the rest.
                    calleeContext.facts[last.name] = facts
                }
            }
            if let anyRequest, function.decorators.contains(where: LanguageVocabulary.isMemoizer) {
                report(rule: HandlerStateRules.memoizedRequest, at: statement.lowerBound,
                       message: "\(anyRequest) → \(function.name)() (memoised, line \(function.line)) at line \(token.line): results "
                           + "keyed by request data are kept for the next invocation; do not memoise per-user lookups, or bound them with a TTL",
                       identity: "\(context.chain.first ?? "")|\(function.name)")
            }
            analyzeFunction(callee.index, context: calleeContext)
        }
        // Memoised wrappers held in module state: `const getUser = memoize(async (id) => …)`.
        for index in statement where tokens[index].kind == .identifier && cursor.isPunctuation(index + 1, "(")
            && !cursor.isPunctuation(index - 1, ".") && !context.locals.contains(tokens[index].text) {
            guard let declaration = outline.moduleState(named: tokens[index].text), let value = declaration.value,
                  value.prefix(4).contains(where: { tokens[$0].kind == .identifier && LanguageVocabulary.isMemoizer(tokens[$0].text) }),
                  let close = cursor.matchingClose(index + 1, limit: statement.upperBound + 1) else { continue }
            let facts = evaluate((index + 2)..<close, context: context)
            if let request = facts.request {
                report(rule: HandlerStateRules.memoizedRequest, at: statement.lowerBound,
                       message: "\(request) → \(declaration.name)() (memoised, line \(declaration.line)) at line \(tokens[index].line): "
                           + "results keyed by request data are kept for the next invocation; do not memoise per-user lookups, or bound them with a TTL",
                       identity: "\(context.chain.first ?? "")|\(declaration.name)")
            }
        }
    }

    private func childContext(_ context: Context, callee: (index: Int, persistent: Bool, moduleInstance: String?)) -> Context {
        var child = Context(functionIndex: nil)
        child.chain = context.chain
        child.chainIndices = context.chainIndices
        child.instancePersistent = callee.persistent
        child.moduleInstance = callee.moduleInstance ?? context.moduleInstance
        child.isInitialization = context.isInitialization
        child.depth = context.depth + 1
        return child
    }

    /// The same-file function a name at `index` refers to, and whether its instance outlives the invocation.
    private func resolveFunctionReference(at index: Int, context: Context) -> (index: Int, persistent: Bool, moduleInstance: String?)? {
        let name = tokens[index].text
        let current = context.functionIndex.map { outline.functions[$0] }
        if cursor.isPunctuation(index - 1, ".") || cursor.isPunctuation(index - 1, "?.") || cursor.isPunctuation(index - 1, "::") {
            guard let receiver = cursor[index - 2], receiver.kind == .identifier,
                  !cursor.isPunctuation(index - 3, ".") else { return nil }
            if receiver.text == "self" || receiver.text == "this" || receiver.text == current?.receiver {
                if let found = method(named: name, in: current?.typeName) { return (found, context.instancePersistent, nil) }
                return nil
            }
            if outline.types.contains(where: { $0.name == receiver.text }), let found = method(named: name, in: receiver.text) {
                return (found, context.instancePersistent, nil)
            }
            // A module-level instance: `processor = OrderProcessor()` … `processor.process(event)`.
            if !context.locals.contains(receiver.text), let declaration = outline.moduleState(named: receiver.text),
               let value = declaration.value,
               let typeName = value.prefix(4).map({ tokens[$0] }).first(where: { token in
                   token.kind == .identifier && outline.types.contains { $0.name == token.text }
               })?.text,
               let found = method(named: name, in: typeName) {
                return (found, true, receiver.text)
            }
            return nil
        }
        if context.locals.contains(name) { return nil }
        if let found = outline.functions(named: name).first(where: { outline.functions[$0].typeName == nil
            && !outline.functions[$0].isInlineHandler && outline.functions[$0].receiver == nil }) {
            return (found, context.instancePersistent, nil)
        }
        // Implicit `self`: a method of the same type.
        if let typeName = current?.typeName, let found = method(named: name, in: typeName) {
            return (found, context.instancePersistent, nil)
        }
        return nil
    }

    private func method(named name: String, in typeName: String?) -> Int? {
        guard let typeName else { return nil }
        return outline.functions(named: name).first { outline.functions[$0].typeName == typeName }
    }

    // MARK: Bindings

    /// Callback parameters get the data of the expression they are called on:
    /// `event.Records.forEach((record) => …)`, `records.each do |record|`, `items.forEach { item in`.
    private mutating func bindCallbackParameters(_ statement: Range<Int>, context: inout Context) {
        for index in statement {
            let token = tokens[index]
            var parameters: [String] = []
            var lambdaStart = index
            switch language {
            case .ruby:
                guard token.isPunctuation("|"), index > statement.lowerBound,
                      cursor.isIdentifier(index - 1, "do") || cursor.isPunctuation(index - 1, "{") else { continue }
                var end = index + 1
                while end < statement.upperBound, !tokens[end].isPunctuation("|") {
                    if tokens[end].kind == .identifier { parameters.append(tokens[end].text) }
                    end += 1
                }
                lambdaStart = index - 1
            case .swift:
                guard token.isIdentifier("in"), let open = (max(statement.lowerBound - 1, index - 12)..<index).last(where: {
                    tokens[$0].isPunctuation("{")
                }) else { continue }
                parameters = ((open + 1)..<index).filter {
                    tokens[$0].kind == .identifier && !cursor.isPunctuation($0 - 1, ":")
                }.map { tokens[$0].text }
                lambdaStart = open
            default:
                guard token.isPunctuation("=>") || token.isPunctuation("->") else { continue }
                if cursor.isPunctuation(index - 1, ")"), let open = cursor.matchingOpen(index - 1, floor: statement.lowerBound) {
                    parameters = cursor.parameters(open: open, close: index - 1, language: language == .javascript ? .javascript : .go).map(\.name)
                    lambdaStart = open
                } else if let parameter = cursor[index - 1], parameter.kind == .identifier {
                    parameters = [parameter.text]
                    lambdaStart = index - 1
                } else {
                    continue
                }
                if cursor.isIdentifier(lambdaStart - 1, "async") { lambdaStart -= 1 }
            }
            guard !parameters.isEmpty else { continue }
            // The receiver: the call the lambda is an argument of, or the expression before the block.
            var facts = ValueFacts()
            var callOpen = lambdaStart - 1
            while callOpen >= statement.lowerBound, tokens[callOpen].isPunctuation(",") || tokens[callOpen].kind == .newline {
                callOpen -= 1
            }
            if cursor.isPunctuation(callOpen, "(") || cursor.isIdentifier(callOpen, "do") || cursor.isPunctuation(callOpen, "{")
                || callOpen == lambdaStart - 1 {
                let end = cursor.isPunctuation(callOpen, "(") || cursor.isIdentifier(callOpen, "do") ? callOpen : lambdaStart
                if let start = expressionStart(endingBefore: end, floor: max(0, statement.lowerBound - 40)) {
                    facts = evaluate(start..<end, context: context)
                }
            }
            for parameter in parameters {
                context.locals.insert(parameter)
                if facts.isData || facts.temporary != nil {
                    context.facts[parameter] = facts.flowing(into: parameter)
                }
            }
        }
    }

    /// Go `json.Unmarshal([]byte(req.Body), &order)`, C# `TryGetValue(key, out var value)`: the
    /// call fills a local through a pointer or `out` with the data of its other arguments.
    private mutating func bindOutArguments(_ statement: Range<Int>, context: inout Context) {
        guard language == .go || language == .csharp else { return }
        for index in statement where tokens[index].isPunctuation("&") && language == .go || tokens[index].isIdentifier("out") {
            var nameIndex = index + 1
            if cursor.isIdentifier(nameIndex, "var") { nameIndex += 1 }
            guard let name = cursor[nameIndex], name.kind == .identifier, !cursor.isPunctuation(nameIndex + 1, "."),
                  !cursor.isPunctuation(nameIndex + 1, "{") else { continue }
            guard let open = (statement.lowerBound..<index).last(where: { tokens[$0].isPunctuation("(") }),
                  let close = cursor.matchingClose(open, limit: statement.upperBound + 1) else { continue }
            // The receiver counts too: `request.Headers.TryGetValue("x", out var value)`.
            let start = expressionStart(endingBefore: open, floor: statement.lowerBound) ?? open + 1
            let facts = evaluate(start..<close, context: context)
            guard facts.isData else { continue }
            context.locals.insert(name.text)
            var merged = context.facts[name.text] ?? ValueFacts()
            merged.merge(facts.flowing(into: name.text))
            context.facts[name.text] = merged
        }
    }

    /// `for record in event["Records"]`, `for (const r of records)`, `for (Order o : orders)`,
    /// `foreach (var r in records)`, `for _, r := range records`.
    private mutating func bindLoopVariables(_ statement: Range<Int>, context: inout Context) {
        guard let first = cursor[statement.lowerBound], first.isIdentifier("for") || first.isIdentifier("foreach")
                || first.isIdentifier("async") && cursor.isIdentifier(statement.lowerBound + 1, "for") else { return }
        var separator: Int?
        for index in statement {
            let token = tokens[index]
            if token.isIdentifier("in") || token.isIdentifier("of") || token.isPunctuation(":") && language == .java
                || token.isIdentifier("range") {
                separator = index
                break
            }
        }
        guard let separator else { return }
        var iterableEnd = statement.upperBound
        if language == .java || language == .csharp || language == .javascript,
           let open = (statement.lowerBound..<separator).first(where: { tokens[$0].isPunctuation("(") }),
           let close = cursor.matchingClose(open, limit: statement.upperBound + 1) {
            iterableEnd = close
        }
        let facts = evaluate((separator + 1)..<iterableEnd, context: context)
        let names = ((statement.lowerBound + 1)..<separator).filter {
            tokens[$0].kind == .identifier && !["const", "let", "var", "await", "for", "final", "auto", "case"].contains(tokens[$0].text)
        }
        // Typed loop variables (`Order o`): the name is the last identifier.
        let bound: [Int] = (language == .java || language == .csharp) ? Array(names.suffix(1)) : names
        for name in bound {
            context.locals.insert(tokens[name].text)
            if facts.isData || facts.temporary != nil { context.facts[tokens[name].text] = facts.flowing(into: tokens[name].text) }
        }
    }

    /// Python `with open(path, "w") as f:`, `with tempfile.TemporaryDirectory() as tmp:`.
    private mutating func bindWithTargets(_ statement: Range<Int>, context: inout Context) {
        guard language == .python, let first = cursor[statement.lowerBound],
              first.isIdentifier("with") || first.isIdentifier("async") && cursor.isIdentifier(statement.lowerBound + 1, "with") else { return }
        let start = first.isIdentifier("async") ? statement.lowerBound + 2 : statement.lowerBound + 1
        for item in cursor.splitAtCommas(start..<statement.upperBound) {
            guard let asIndex = item.first(where: { tokens[$0].isIdentifier("as") }), let name = cursor[asIndex + 1],
                  name.kind == .identifier else { continue }
            let facts = evaluate(item.lowerBound..<asIndex, context: context)
            context.locals.insert(name.text)
            context.facts[name.text] = facts.isData || facts.temporary != nil ? facts.flowing(into: name.text) : nil
        }
    }

    // MARK: - Expressions

    /// The facts of an expression: the data its names carry, secrets it fetches, temporary paths it builds.
    func evaluate(_ range: Range<Int>, context: Context) -> ValueFacts {
        var result = ValueFacts()
        guard !range.isEmpty else { return result }
        if isResourceExpression(range) {
            result.isResource = true
            return result
        }
        if isCountExpression(range) { return result }
        var interpolationDepth = 0
        for index in range where index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .interpolationStart: interpolationDepth += 1
            case .interpolationEnd: interpolationDepth -= 1
            case .string:
                if token.text.hasPrefix("/tmp") || token.text == "java.io.tmpdir" {
                    result.merge(ValueFacts(temporary: TemporaryPath(origin: "\"\(token.text)\"", autoDeleted: false,
                                                                     roots: [token.text])))
                }
            case .identifier:
                if token.text == "DeleteOnClose" {
                    // `new FileStream(path, …, FileOptions.DeleteOnClose)`: the stream deletes its file.
                    result.temporary?.autoDeleted = true
                    continue
                }
                if let secret = secretFetch(at: index, context: context) {
                    if result.secret == nil { result.secret = secret }
                    continue
                }
                if let temporary = temporarySource(at: index, range: range) {
                    result.merge(ValueFacts(temporary: temporary))
                    continue
                }
                guard isReference(at: index) else { continue }
                if let facts = context.facts[token.text] {
                    var described = facts
                    if facts.request == token.text { described.request = accessText(at: index) }
                    result.merge(described)
                } else if !context.locals.contains(token.text), let moduleFacts = moduleFacts(of: token.text) {
                    result.merge(moduleFacts)
                }
            default:
                break
            }
        }
        return result
    }

    /// A name read as a value here (not a member, a keyword-argument label or an object key).
    private func isReference(at index: Int) -> Bool {
        if let previous = cursor[index - 1], previous.isPunctuation(".") || previous.isPunctuation("?.") || previous.isPunctuation("::") {
            return false
        }
        if let next = cursor[index + 1], next.isPunctuation("=") {
            // `f(user=event)`: a keyword argument's label.
            if let previous = cursor[index - 1], previous.isPunctuation("(") || previous.isPunctuation(",") { return false }
        }
        if let next = cursor[index + 1], next.isPunctuation(":"),
           let previous = cursor[index - 1], previous.isPunctuation("(") || previous.isPunctuation(",") || previous.isPunctuation("{") {
            // `{ user: x }`, `handle(event: x)`: a key or label (a Python dict key is an expression).
            return language == .python && previous.isPunctuation("{")
        }
        return true
    }

    /// `event["body"]`, `event.requestContext.authorizer`: the name and its first accessors, for messages.
    private func accessText(at index: Int) -> String {
        var end = index + 1
        var accessors = 0
        while end < tokens.count, accessors < 3 {
            if (tokens[end].isPunctuation(".") || tokens[end].isPunctuation("?.")), cursor[end + 1]?.kind == .identifier {
                end += 2
                if cursor.isPunctuation(end, "("), let close = cursor.matchingClose(end), close - end < 8 { end = close + 1 }
            } else if tokens[end].isPunctuation("["), let close = cursor.matchingClose(end), close - end < 8 {
                end = close + 1
            } else {
                break
            }
            accessors += 1
        }
        return cursor.text(index..<end, limit: 48)
    }

    /// Module-level constants that name temporary paths (`CACHE_FILE = "/tmp/cache.json"`).
    private func moduleFacts(of name: String) -> ValueFacts? {
        guard let declaration = outline.moduleState(named: name), let value = declaration.value, value.count < 40 else { return nil }
        for index in value where index < tokens.count {
            let token = tokens[index]
            if token.kind == .string, token.text.hasPrefix("/tmp") || token.text == "java.io.tmpdir" {
                return ValueFacts(temporary: TemporaryPath(origin: "\"\(token.text)\"", autoDeleted: false, roots: [name, token.text]))
            }
            if token.kind == .identifier, let autoDeleted = LanguageVocabulary.temporaryPathSources[token.text], !autoDeleted {
                return ValueFacts(temporary: TemporaryPath(origin: "\(name)", autoDeleted: false, roots: [name]))
            }
        }
        return nil
    }

    /// Calls that only configure what a factory built (`DynamoDbClient.builder().region(r).build()`).
    private static let builderCalls: Set<String> = ["build", "region", "withRegion", "credentialsProvider", "withCredentials",
                                                    "endpointOverride", "overrideConfiguration", "httpClient", "withEndpointConfiguration",
                                                    "Table", "table", "promise", "withClientConfiguration", "getDatabase", "db",
                                                    "collection", "getCollection", "connect"]

    /// `boto3.client("s3")`, `new S3Client({})`, `re.compile(…)`, `psycopg2.connect(…)`,
    /// `DynamoDbClient.builder().build()`: a factory call, then at most builder calls.
    /// (`ssm.NewFromConfig(cfg).GetParameter(…)` is a fetch, not a resource.)
    private func isResourceExpression(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound, tokens[index].kind == .identifier && ["new", "await", "try", "lazy"].contains(tokens[index].text)
                || tokens[index].isPunctuation("&") {
            index += 1
        }
        var callees: [String] = []
        while index < range.upperBound {
            let token = tokens[index]
            if token.kind == .identifier {
                if cursor.isPunctuation(index + 1, "<"), language != .python, language != .ruby {
                    // Generic arguments before the call: `new ConcurrentHashMap<>()`.
                    var close = index + 1
                    while close < range.upperBound, !tokens[close].isPunctuation(">") { close += 1 }
                    if cursor.isPunctuation(close + 1, "(") {
                        callees.append(token.text)
                        guard let end = cursor.matchingClose(close + 1, limit: range.upperBound) else { break }
                        index = end + 1
                        continue
                    }
                }
                if cursor.isPunctuation(index + 1, "(") || cursor.isPunctuation(index + 1, "{") && language == .go {
                    callees.append(token.text)
                    guard let end = cursor.matchingClose(index + 1, limit: range.upperBound) else { break }
                    index = end + 1
                    continue
                }
                index += 1
                continue
            }
            if token.isPunctuation(".") || token.isPunctuation("::") || token.isPunctuation("?.") || token.isPunctuation("*") {
                index += 1
                continue
            }
            break
        }
        guard let first = callees.first, LanguageVocabulary.resourceFactories.contains(first) else { return false }
        return callees.dropFirst().allSatisfy { Self.builderCalls.contains($0) || LanguageVocabulary.resourceFactories.contains($0) }
    }

    /// `len(records)`, `records.length`, `body.size()`: a number, not the data.
    private func isCountExpression(_ range: Range<Int>) -> Bool {
        guard let first = cursor[range.lowerBound] else { return false }
        if first.isIdentifier("len") && cursor.isPunctuation(range.lowerBound + 1, "(") {
            return cursor.matchingClose(range.lowerBound + 1) == range.upperBound - 1
        }
        // `x.length`, `x.count`, or an empty call `x.size()`, at the very end.
        let countWords: Set<String> = ["length", "size", "count", "Count", "Length", "len"]
        var nameIndex = range.upperBound - 1
        if cursor.isPunctuation(nameIndex, ")") && cursor.isPunctuation(nameIndex - 1, "(") { nameIndex -= 2 }
        guard nameIndex > range.lowerBound, let name = cursor[nameIndex], name.kind == .identifier, countWords.contains(name.text) else {
            return false
        }
        return cursor.isPunctuation(nameIndex - 1, ".")
    }

    /// A secret fetch starting at `index`: Secrets Manager, SSM with decryption, a secret-named
    /// environment variable, or a same-file function that does one of those.
    private func secretFetch(at index: Int, context: Context) -> String? {
        let token = tokens[index]
        let isCall = cursor.isPunctuation(index + 1, "(")
        if isCall && LanguageVocabulary.secretFetches.contains(token.text) && !isDeclaredFunction(token.text) {
            return "\(token.text)()"
        }
        if token.text == "GetSecretValueCommand" && cursor.isIdentifier(index - 1, "new") {
            return "GetSecretValueCommand"
        }
        if isCall || token.text == "GetParameterCommand", LanguageVocabulary.parameterFetches.contains(token.text)
            || token.text == "GetParameterCommand", asksForDecryption(near: index) {
            return "\(token.text)(decrypted)"
        }
        if let name = environmentVariableName(at: index), LanguageVocabulary.isSecretName(name) {
            return "env \(name)"
        }
        // A bare call names a module function, or (implicit `this`) a method of the same class.
        let implicitSelf = [.java, .csharp, .swift, .ruby].contains(language)
        if isCall, !cursor.isPunctuation(index - 1, "."), !context.locals.contains(token.text),
           let callee = outline.functions(named: token.text).first(where: { outline.functions[$0].typeName == nil || implicitSelf }),
           functionFetchesSecret(callee) {
            return "\(token.text)()"
        }
        if isCall, cursor.isPunctuation(index - 1, "."), let receiver = cursor[index - 2],
           receiver.isIdentifier("self") || receiver.isIdentifier("this"),
           let typeName = context.functionIndex.flatMap({ outline.functions[$0].typeName }),
           let callee = method(named: token.text, in: typeName), functionFetchesSecret(callee) {
            return "\(token.text)()"
        }
        return nil
    }

    private func isDeclaredFunction(_ name: String) -> Bool {
        !outline.functions(named: name).isEmpty
    }

    /// Whether a same-file function's body fetches a secret (one level deep).
    private func functionFetchesSecret(_ functionIndex: Int) -> Bool {
        let body = outline.functions[functionIndex].body
        for index in body where index < tokens.count && tokens[index].kind == .identifier {
            let token = tokens[index]
            let isCall = cursor.isPunctuation(index + 1, "(")
            if isCall && LanguageVocabulary.secretFetches.contains(token.text) && !isDeclaredFunction(token.text) { return true }
            if token.text == "GetSecretValueCommand" { return true }
            if isCall, LanguageVocabulary.parameterFetches.contains(token.text), asksForDecryption(near: index) { return true }
            if token.text == "GetParameterCommand", asksForDecryption(near: index) { return true }
        }
        return false
    }

    /// `WithDecryption=True`, `WithDecryption: true`, `.withDecryption(true)`, `decrypt=True` in the
    /// call or the few statements before it (a request object built just above).
    private func asksForDecryption(near index: Int) -> Bool {
        let end = cursor.isPunctuation(index + 1, "(") ? (cursor.matchingClose(index + 1) ?? index + 1) : min(tokens.count - 1, index + 40)
        let start = max(0, index - 60)
        for position in start...end where tokens[position].kind == .identifier && LanguageVocabulary.decryptionFlags.contains(tokens[position].text) {
            var next = position + 1
            while next <= min(end + 4, tokens.count - 1), tokens[next].kind == .punctuation || tokens[next].isIdentifier("aws") || tokens[next].isIdentifier("Bool") {
                next += 1
            }
            if let value = cursor[next], value.kind == .identifier, ["True", "true"].contains(value.text) { return true }
        }
        return false
    }

    /// The variable name read from the environment at `index`: `os.environ["X"]`, `os.getenv("X")`,
    /// `process.env.X`, `System.getenv("X")`, `os.Getenv("X")`, `Environment.GetEnvironmentVariable("X")`,
    /// `ENV["X"]`, `ENV.fetch("X")`, `environment["X"]`.
    private func environmentVariableName(at index: Int) -> String? {
        let token = tokens[index]
        func stringAfter(_ position: Int) -> String? {
            guard let value = cursor[position], value.kind == .string else { return nil }
            return value.text
        }
        switch token.text {
        case "environ" where cursor.isIdentifier(index - 2, "os"):
            if cursor.isPunctuation(index + 1, "[") { return stringAfter(index + 2) }
            if cursor.isPunctuation(index + 1, "."), cursor.isIdentifier(index + 2, "get") { return stringAfter(index + 4) }
        case "getenv", "Getenv", "GetEnvironmentVariable", "LookupEnv":
            if cursor.isPunctuation(index + 1, "(") { return stringAfter(index + 2) }
        case "env" where cursor.isIdentifier(index - 2, "process"):
            if cursor.isPunctuation(index + 1, "."), let name = cursor[index + 2], name.kind == .identifier { return name.text }
            if cursor.isPunctuation(index + 1, "[") { return stringAfter(index + 2) }
        case "ENV":
            if cursor.isPunctuation(index + 1, "[") { return stringAfter(index + 2) }
            if cursor.isPunctuation(index + 1, "."), cursor.isIdentifier(index + 2, "fetch") { return stringAfter(index + 4) }
        case "environment":
            if cursor.isPunctuation(index + 1, "[") { return stringAfter(index + 2) }
        case "env" where cursor.isIdentifier(index - 2, "Lambda"):
            if cursor.isPunctuation(index + 1, "(") { return stringAfter(index + 2) }
        default:
            break
        }
        return nil
    }

    /// `tempfile.mkdtemp()`, `os.tmpdir()`, `Path.GetTempPath()`, `Dir.tmpdir`: a temporary path.
    private func temporarySource(at index: Int, range: Range<Int>) -> TemporaryPath? {
        let token = tokens[index]
        guard var autoDeleted = LanguageVocabulary.temporaryPathSources[token.text] else { return nil }
        // `Tempfile.create(…) { |f| }`, `Dir.mktmpdir do |dir|`: the block form deletes it.
        if token.text == "Tempfile" || token.text == "mktmpdir" {
            let statementTail = (index..<min(range.upperBound + 16, tokens.count))
            if statementTail.contains(where: { tokens[$0].isIdentifier("do") || tokens[$0].isPunctuation("{") }),
               token.text == "mktmpdir" || cursor.isIdentifier(index + 2, "create") {
                autoDeleted = true
            }
        }
        if token.text == "NamedTemporaryFile" || token.text == "fileSync" || token.text == "dirSync" {
            // `delete=False` keeps the file.
            if let close = cursor.isPunctuation(index + 1, "(") ? cursor.matchingClose(index + 1) : nil,
               ((index + 2)..<close).contains(where: { tokens[$0].isIdentifier("delete") && cursor.isIdentifier($0 + 2, "False") }) {
                autoDeleted = false
            }
        }
        return TemporaryPath(origin: "\(token.text)()", autoDeleted: autoDeleted, roots: [])
    }

    // MARK: - Files

    private mutating func handleFileWrite(_ statement: Range<Int>, context: Context) {
        guard let writeIndex = statement.first(where: { index in
            let token = tokens[index]
            guard token.kind == .identifier, vocabulary.fileWrites.contains(token.text) else { return false }
            return cursor.isPunctuation(index + 1, "(") || (language == .ruby && cursor[index + 1]?.kind != .punctuation)
        }) else { return }
        // Only the call itself counts: its receiver (`f.write`) and its arguments.
        var callStart = writeIndex
        if cursor.isPunctuation(writeIndex - 1, ".") || cursor.isPunctuation(writeIndex - 1, "?."),
           let start = expressionStart(endingBefore: writeIndex - 1, floor: statement.lowerBound) {
            callStart = start
        }
        var callEnd = statement.upperBound
        if cursor.isPunctuation(writeIndex + 1, "("), let close = cursor.matchingClose(writeIndex + 1, limit: statement.upperBound + 1) {
            callEnd = close + 1
        }
        var temporary: TemporaryPath?
        var place: String?
        var data = ValueFacts()
        for index in callStart..<callEnd {
            let token = tokens[index]
            let single = evaluate(index..<(index + 1), context: context)
            if let path = single.temporary {
                if temporary == nil { temporary = path } else { temporary?.roots.formUnion(path.roots) }
                if place == nil, token.kind == .identifier, isReference(at: index) { place = "\(token.text) (\(path.origin))" }
            } else if single.isData, token.kind == .identifier, isReference(at: index) || secretFetch(at: index, context: context) != nil {
                data.merge(single)
            }
        }
        let deleteOnClose = statement.contains { tokens[$0].isIdentifier("DeleteOnClose") }
        guard var temporary, !temporary.autoDeleted, !deleteOnClose, let flow = data.request ?? data.secret else { return }
        temporary.roots.formUnion(statement.filter { tokens[$0].kind == .string && tokens[$0].text.hasPrefix("/tmp") }.map { tokens[$0].text })
        let removals = removalStatements(matching: temporary.roots, context: context)
        if removals.contains(where: { outline.isInCleanup($0) }) { return }
        let line = tokens[writeIndex].line
        let via = context.chain.count > 1 ? " in \(context.chain.last ?? "")() (called from \(context.chain.first ?? "")())" : ""
        let identity = "\(context.chain.first ?? "")|\(temporary.origin)"
        let written = "\(flow) → file at \(place ?? temporary.origin) at line \(line)\(via)"
        if let removal = removals.first {
            report(rule: HandlerStateRules.temporaryFile, at: statement.lowerBound,
                   message: "\(written): removed at line \(tokens[removal].line) only when nothing fails before it, so an error leaves "
                       + "it in /tmp for the next invocation; remove it in \(cleanupBlock)", identity: identity)
        } else {
            report(rule: HandlerStateRules.temporaryFile, at: statement.lowerBound,
                   message: "\(written): never removed, so it stays in /tmp for the next invocation; remove it in \(cleanupBlock) "
                       + "or use a self-deleting temporary file", identity: identity)
        }
    }

    /// Where the removal belongs, in the language's words.
    private var cleanupBlock: String {
        switch language {
        case .python, .java, .javascript: "a finally block"
        case .csharp: "a finally block (or a FileOptions.DeleteOnClose stream)"
        case .ruby: "an ensure block"
        case .go: "a defer statement"
        case .swift: "a defer block"
        }
    }

    /// Token indices of removal calls (in the function and its callers) that name one of `roots`.
    private func removalStatements(matching roots: Set<String>, context: Context) -> [Int] {
        var found: [Int] = []
        var ranges = context.chainIndices.map { outline.functions[$0].body }
        if let functionIndex = context.functionIndex { ranges.append(outline.functions[functionIndex].body) }
        for range in ranges {
            for statement in statements(in: range) {
                guard statement.contains(where: { tokens[$0].kind == .identifier && vocabulary.removals.contains(tokens[$0].text) }) else { continue }
                let names = statement.compactMap { index -> String? in
                    let token = tokens[index]
                    if token.kind == .string { return token.text }
                    return token.kind == .identifier ? token.text : nil
                }
                if names.contains(where: roots.contains) { found.append(statement.lowerBound) }
            }
        }
        return found
    }

    // MARK: - Logger keys

    private static let keyAppenders: Set<String> = ["append_keys", "appendKeys", "appendKey", "AppendKey", "AppendKeys", "appendPersistentKeys"]
    private static let keyClearers: Set<String> = ["remove_keys", "removeKeys", "removeKey", "RemoveKeys", "RemoveKey", "resetKeys",
                                                   "resetState", "removePersistentKeys", "clear_state_keys"]

    private mutating func handleLoggerKeys(_ statement: Range<Int>, context: Context) {
        guard let appender = statement.first(where: { index in
            let token = tokens[index]
            if token.kind == .identifier && Self.keyAppenders.contains(token.text) && cursor.isPunctuation(index + 1, "(") { return true }
            return token.isIdentifier("put") && cursor.isIdentifier(index - 2, "MDC")
        }), let close = cursor.matchingClose(appender + 1) else { return }
        let facts = evaluate((appender + 2)..<close, context: context)
        guard let request = facts.request, !loggerKeysAreCleared else { return }
        report(rule: HandlerStateRules.loggerKeys, at: statement.lowerBound,
               message: "\(request) → logger keys (\(tokens[appender].text)) at line \(tokens[appender].line): appended keys stay on the "
                   + "logger for the next invocation's log lines; clear them (clear_state=True / clearState: true, or remove_keys in a finally block)",
               identity: "\(context.chain.first ?? "")|logger")
    }

    /// `clear_state=True`, `clearState: true`, `remove_keys(…)`, `MDC.clear()` anywhere in the file.
    private var loggerKeysAreCleared: Bool {
        for (index, token) in tokens.enumerated() where token.kind == .identifier {
            if Self.keyClearers.contains(token.text) { return true }
            if ["clear_state", "clearState", "ClearState"].contains(token.text),
               let value = cursor[index + 2], value.isIdentifier("True") || value.isIdentifier("true") { return true }
            if token.text == "MDC", cursor.isIdentifier(index + 2, "clear") || cursor.isIdentifier(index + 2, "remove") { return true }
        }
        return false
    }

    // MARK: - Locals

    /// Names a function declares (so a same-named module variable is shadowed there).
    private func declaredLocals(_ function: Outline.Function, statements: [Range<Int>]) -> Set<String> {
        var locals: Set<String> = []
        var globals: Set<String> = []
        for statement in statements {
            guard let first = cursor[statement.lowerBound] else { continue }
            switch language {
            case .python:
                if first.isIdentifier("global") || first.isIdentifier("nonlocal") {
                    for index in statement.dropFirst() where tokens[index].kind == .identifier { globals.insert(tokens[index].text) }
                    continue
                }
                if let assignment = findAssignment(statement) {
                    let targets = statement.lowerBound..<assignment
                    // Only plain names (not `x[k] = …` or `x.a = …`) make a name local.
                    for part in cursor.splitAtCommas(targets) {
                        let significant = part.filter { !tokens[$0].isPunctuation("(") && !tokens[$0].isPunctuation(")") }
                        if let only = significant.first, tokens[only].kind == .identifier,
                           significant.count == 1 || cursor.isPunctuation(significant[1], ":") {
                            locals.insert(tokens[only].text)
                        }
                    }
                }
                if first.isIdentifier("for"), let inIndex = statement.first(where: { tokens[$0].isIdentifier("in") }) {
                    for index in (statement.lowerBound + 1)..<inIndex where tokens[index].kind == .identifier { locals.insert(tokens[index].text) }
                }
                for index in statement where tokens[index].isIdentifier("as") {
                    if let name = cursor[index + 1], name.kind == .identifier { locals.insert(name.text) }
                }
            case .ruby:
                if let assignment = findAssignment(statement), first.kind == .identifier, assignment == statement.lowerBound + 1,
                   let initial = first.text.first, initial.isLowercase || initial == "_" {
                    locals.insert(first.text)
                }
            default:
                for index in statement where tokens[index].kind == .identifier {
                    let text = tokens[index].text
                    if vocabulary.declarationKeywords.contains(text) {
                        var next = index + 1
                        while let token = cursor[next], token.kind == .identifier && ["mut", "const", "let", "var"].contains(token.text) { next += 1 }
                        if let name = cursor[next] {
                            // Swift `if let cached {` only shadows inside its block.
                            let shorthand = language == .swift && !cursor.isPunctuation(next + 1, "=") && !cursor.isPunctuation(next + 1, ":")
                            if name.kind == .identifier && !shorthand { locals.insert(name.text) }
                            if name.isPunctuation("{") || name.isPunctuation("[") || name.isPunctuation("("),
                               let close = cursor.matchingClose(next) {
                                for inner in next..<close where tokens[inner].kind == .identifier && !cursor.isPunctuation(inner + 1, ":") {
                                    locals.insert(tokens[inner].text)
                                }
                            }
                        }
                    }
                }
                if let assignment = findAssignment(statement) {
                    if tokens[assignment].text == ":=" {
                        for index in statement.lowerBound..<assignment where tokens[index].kind == .identifier { locals.insert(tokens[index].text) }
                    } else if let name = typedDeclarationName(statement.lowerBound..<assignment, declared: false) {
                        locals.insert(name)
                    }
                } else if language == .java || language == .csharp, statement.count == 2,
                          tokens[statement.lowerBound].kind == .identifier, tokens[statement.lowerBound + 1].kind == .identifier,
                          !["return", "throw", "await", "yield", "goto", "else", "new", "using", "case"].contains(first.text) {
                    // `String body;`: declared without a value.
                    locals.insert(tokens[statement.lowerBound + 1].text)
                }
                if language == .go, first.isIdentifier("var"), let name = cursor[statement.lowerBound + 1], name.kind == .identifier {
                    locals.insert(name.text)
                }
            }
        }
        return locals.subtracting(globals)
    }
}
