/// Mutating calls on state, calls into same-file functions, and the names calls and blocks bind.
extension FlowAnalysis {
    // MARK: Mutating calls

    mutating func handleMutatorCalls(_ statement: Range<Int>, skipping assignmentRoot: Int?, context: inout Context) {
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
    func expressionStart(endingBefore end: Int, floor: Int) -> Int? {
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

    mutating func handleCalls(_ statement: Range<Int>, context: inout Context) {
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

    func childContext(_ context: Context, callee: (index: Int, persistent: Bool, moduleInstance: String?)) -> Context {
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
    func resolveFunctionReference(at index: Int, context: Context) -> (index: Int, persistent: Bool, moduleInstance: String?)? {
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

    func method(named name: String, in typeName: String?) -> Int? {
        guard let typeName else { return nil }
        return outline.functions(named: name).first { outline.functions[$0].typeName == typeName }
    }

    // MARK: Bindings

    /// Callback parameters get the data of the expression they are called on:
    /// `event.Records.forEach((record) => …)`, `records.each do |record|`, `items.forEach { item in`.
    mutating func bindCallbackParameters(_ statement: Range<Int>, context: inout Context) {
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
                guard token.isIdentifier("in"), let open = (max(0, statement.lowerBound - 1, index - 12)..<index).last(where: {
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
    mutating func bindOutArguments(_ statement: Range<Int>, context: inout Context) {
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
    mutating func bindLoopVariables(_ statement: Range<Int>, context: inout Context) {
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
           let close = cursor.matchingClose(open, limit: statement.upperBound + 1), close > separator {
            // Broken code can close the parenthesis before the `in` (found by fuzzing).
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
    mutating func bindWithTargets(_ statement: Range<Int>, context: inout Context) {
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
}
