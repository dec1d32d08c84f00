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

    mutating func analyzeFunction(_ functionIndex: Int, context incoming: Context) {
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

    func isMutableLiteral(_ range: Range<Int>) -> Bool {
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

    func isPythonCompoundHeader(_ start: Int) -> Bool {
        guard let first = cursor[start], first.kind == .identifier else { return false }
        return ["if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async", "def", "class"].contains(first.text)
    }

    /// Whether the `{` at `index` opens a block (split statements there) rather than a literal.
    func braceOpensBlock(_ index: Int, statementStart: Int) -> Bool {
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

    mutating func processStatement(_ statement: Range<Int>, context: inout Context) {
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

    static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "|=", "||=", "&&=", "??=", ":=", "<<=",
                                                           "%=", "**=", "^=", "&="]

    /// The top-level assignment operator of a statement.
    func findAssignment(_ statement: Range<Int>) -> Int? {
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

    static let leadingKeywords: Set<String> = ["if", "guard", "while", "elif", "using", "await", "export", "let", "var",
                                                       "const", "val", "final", "auto", "case", "static", "readonly", "private",
                                                       "public", "internal", "fileprivate", "try", "unless"]

    /// Handles `target = value`; returns the root token index of a resolved state target.
    mutating func handleAssignment(_ statement: Range<Int>, operator assignment: Int, context: inout Context) -> Int? {
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
    func typedDeclarationName(_ range: Range<Int>, declared: Bool) -> String? {
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

    func bindLocal(_ name: String, _ value: ValueFacts, context: inout Context) {
        context.locals.insert(name)
        if value.isData || value.temporary != nil {
            context.facts[name] = value.flowing(into: name)
        } else {
            context.facts[name] = nil
        }
    }

    // MARK: Targets

    /// The persistent place a target expression names, and where its accessors start.
    func resolveSlot(_ target: Range<Int>, context: Context) -> (StateSlot, Int?)? {
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

    func accessStart(_ index: Int, _ target: Range<Int>) -> Int? {
        index < target.upperBound ? index : nil
    }

    /// `module dict`, `static field (map)`: what kind of container the declaration holds.
    func describe(_ declaration: Outline.StateDeclaration?, kind: String) -> String {
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

    mutating func checkWrite(into slot: StateSlot, value: ValueFacts, key: ValueFacts?, at index: Int, context: Context) {
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

    mutating func report(rule: AnalyzerRule, at index: Int, message: String, identity: String) {
        let line = tokens[index].line
        let key = "\(rule.id)|\(line)"
        guard !reported.contains(key) else { return }
        reported.insert(key)
        findings.append(StateFinding(rule: rule, line: line, tokenIndex: index, message: message, identity: "\(rule.id)|\(identity)"))
    }

    // MARK: - Locals

    /// Names a function declares (so a same-named module variable is shadowed there).
    func declaredLocals(_ function: Outline.Function, statements: [Range<Int>]) -> Set<String> {
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
