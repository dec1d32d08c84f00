/// What an expression carries: request data, secrets, temporary paths; resources and counts carry nothing.
extension FlowAnalysis {
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
    func isReference(at index: Int) -> Bool {
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
    func accessText(at index: Int) -> String {
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
    func moduleFacts(of name: String) -> ValueFacts? {
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
    static let builderCalls: Set<String> = ["build", "region", "withRegion", "credentialsProvider", "withCredentials",
                                                    "endpointOverride", "overrideConfiguration", "httpClient", "withEndpointConfiguration",
                                                    "Table", "table", "promise", "withClientConfiguration", "getDatabase", "db",
                                                    "collection", "getCollection", "connect"]

    /// `boto3.client("s3")`, `new S3Client({})`, `re.compile(…)`, `psycopg2.connect(…)`,
    /// `DynamoDbClient.builder().build()`: a factory call, then at most builder calls.
    /// (`ssm.NewFromConfig(cfg).GetParameter(…)` is a fetch, not a resource.)
    func isResourceExpression(_ range: Range<Int>) -> Bool {
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
    func isCountExpression(_ range: Range<Int>) -> Bool {
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
    func secretFetch(at index: Int, context: Context) -> String? {
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

    func isDeclaredFunction(_ name: String) -> Bool {
        !outline.functions(named: name).isEmpty
    }

    /// Whether a same-file function's body fetches a secret (one level deep).
    func functionFetchesSecret(_ functionIndex: Int) -> Bool {
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
    func asksForDecryption(near index: Int) -> Bool {
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
    func environmentVariableName(at index: Int) -> String? {
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
    func temporarySource(at index: Int, range: Range<Int>) -> TemporaryPath? {
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
}
