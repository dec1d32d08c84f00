/// Where data leaves the invocation other than through variables: files under /tmp and logger keys.
extension FlowAnalysis {
    // MARK: - Files

    mutating func handleFileWrite(_ statement: Range<Int>, context: Context) {
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
    var cleanupBlock: String {
        switch language {
        case .python, .java, .javascript: "a finally block"
        case .csharp: "a finally block (or a FileOptions.DeleteOnClose stream)"
        case .ruby: "an ensure block"
        case .go: "a defer statement"
        case .swift: "a defer block"
        }
    }

    /// Token indices of removal calls (in the function and its callers) that name one of `roots`.
    func removalStatements(matching roots: Set<String>, context: Context) -> [Int] {
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

    static let keyAppenders: Set<String> = ["append_keys", "appendKeys", "appendKey", "AppendKey", "AppendKeys", "appendPersistentKeys"]
    static let keyClearers: Set<String> = ["remove_keys", "removeKeys", "removeKey", "RemoveKeys", "RemoveKey", "resetKeys",
                                                   "resetState", "removePersistentKeys", "clear_state_keys"]

    mutating func handleLoggerKeys(_ statement: Range<Int>, context: Context) {
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
    var loggerKeysAreCleared: Bool {
        for (index, token) in tokens.enumerated() where token.kind == .identifier {
            if Self.keyClearers.contains(token.text) { return true }
            if ["clear_state", "clearState", "ClearState"].contains(token.text),
               let value = cursor[index + 2], value.isIdentifier("True") || value.isIdentifier("true") { return true }
            if token.text == "MDC", cursor.isIdentifier(index + 2, "clear") || cursor.isIdentifier(index + 2, "remove") { return true }
        }
        return false
    }
}
