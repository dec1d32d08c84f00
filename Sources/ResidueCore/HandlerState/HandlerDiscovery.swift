/// What a declared handler string names.
enum HandlerReference: Sendable, Equatable {
    /// A source file (path below the scan root, without extension) and a function in it; Ruby's
    /// `app.App::Handler.process` also names the class the method belongs to.
    case module(path: String, typeName: String?, symbol: String)
    /// Java `com.acme.Handler::handleRequest` (`handleRequest` when no method is written).
    case javaClass(package: String?, className: String, method: String)
    /// .NET `Assembly::Namespace.Class::Method`.
    case dotnet(namespace: String?, className: String, method: String)
    /// A binary (`bootstrap`, Go): the code says which function the runtime calls.
    case binary(name: String)
}

/// Finds the handlers of a file: those the templates declare first, then those the language's
/// conventions name (`def handler(event, context)`, `exports.handler`, `RequestHandler`,
/// `lambda.Start(f)`, `ILambdaContext`, `def self.handler(event:, context:)`, `LambdaHandler`).
struct HandlerDiscovery: Sendable {
    struct Declared: Sendable, Equatable {
        var reference: HandlerReference
        /// The code folder below the scan root; nil when unknown or an archive.
        var codeLocation: String?
    }

    let declared: [Declared]
    /// Indices into `declared`, by what a file must be to match: every source file asks, and a
    /// monorepo declares thousands of handlers, so matching is a few lookups, not a loop.
    private var modulesByFullPath: [String: [Int]] = [:]
    private var modulesBySuffix: [String: [Int]] = [:]
    private var javaByFileName: [String: [Int]] = [:]
    private var dotnetByFolder: [String: [Int]] = [:]

    init(functions: [ServerlessFunction]) {
        self.init(handlers: functions.compactMap(\.handlerDeclaration))
    }

    init(handlers: [HandlerDeclaration]) {
        self.init(declared: handlers.compactMap { declaration in
            guard let reference = Self.reference(handler: declaration.handler, runtime: declaration.runtime) else { return nil }
            return Declared(reference: reference, codeLocation: Self.folder(declaration.codeLocation))
        })
    }

    /// Reads a handler string in the runtime's convention (guessing from its shape when the runtime is unknown).
    static func reference(handler: String, runtime: String?) -> HandlerReference? {
        let handler = handler.trimmingCharacters(in: .whitespaces)
        guard !handler.isEmpty else { return nil }
        let runtime = runtime?.lowercased() ?? ""
        let parts = handler.components(separatedBy: "::")
        if runtime.hasPrefix("dotnet") || (runtime.isEmpty && parts.count == 3) {
            guard parts.count == 3 else { return nil }
            let typePath = parts[1].split(separator: ".").map(String.init)
            guard let className = typePath.last else { return nil }
            return .dotnet(namespace: typePath.count > 1 ? typePath.dropLast().joined(separator: ".") : nil, className: className,
                           method: parts[2])
        }
        if runtime.hasPrefix("java") || (runtime.isEmpty && parts.count == 2 && !handler.contains("/")) && !runtime.hasPrefix("ruby") {
            let typePath = parts[0].split(separator: ".").map(String.init)
            guard let className = typePath.last else { return nil }
            return .javaClass(package: typePath.count > 1 ? typePath.dropLast().joined(separator: ".") : nil, className: className,
                              method: parts.count > 1 ? parts[1] : "handleRequest")
        }
        if runtime.hasPrefix("provided") || runtime.hasPrefix("go") {
            return .binary(name: handler)
        }
        if runtime.hasPrefix("ruby") || (runtime.isEmpty && handler.contains("::")) {
            // `file.method` or `file.Module::Class.method`.
            guard let firstDot = handler.firstIndex(of: "."), let lastDot = handler.lastIndex(of: ".") else { return nil }
            let file = String(handler[..<firstDot])
            let symbol = String(handler[handler.index(after: lastDot)...])
            let middle = firstDot < lastDot ? String(handler[handler.index(after: firstDot)..<lastDot]) : ""
            let typeName = middle.isEmpty ? nil : middle.components(separatedBy: "::").last
            return .module(path: file, typeName: typeName, symbol: symbol)
        }
        guard let lastDot = handler.lastIndex(of: ".") else { return .binary(name: handler) }
        var module = String(handler[..<lastDot])
        let symbol = String(handler[handler.index(after: lastDot)...])
        // Python names packages with dots (`pkg.app.handler`); Node writes paths (`src/app.handler`).
        if runtime.hasPrefix("python") || (!runtime.hasPrefix("node") && !module.contains("/")) {
            module = module.replacingOccurrences(of: ".", with: "/")
        }
        return .module(path: module, typeName: nil, symbol: symbol)
    }

    /// A code location usable as a folder: normalized, nil for archives and the root itself.
    static func folder(_ codeLocation: String?) -> String? {
        guard var location = codeLocation?.trimmingCharacters(in: .whitespaces), !location.isEmpty else { return nil }
        let lower = location.lowercased()
        if lower.hasSuffix(".zip") || lower.hasSuffix(".jar") || lower.hasSuffix(".war") || lower.hasPrefix("s3://") { return nil }
        while location.hasPrefix("./") { location.removeFirst(2) }
        while location.hasSuffix("/") { location.removeLast() }
        return location == "." || location.isEmpty ? nil : location
    }

    private static func normalize(_ path: String) -> String {
        var result = path
        while result.hasPrefix("./") { result.removeFirst(2) }
        return result
    }

    /// Whether a declared handler names this file (so it is analyzed even without conventional names).
    func declares(relativePath: String) -> Bool {
        !matchingEntries(Self.normalize(relativePath)).isEmpty
    }

    /// Indices of the declared handlers that name the file at `path`.
    private func matchingEntries(_ path: String) -> [Int] {
        guard !declared.isEmpty else { return [] }
        let components = path.split(separator: "/").map(String.init)
        guard let fileName = components.last else { return [] }
        let stem = fileName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? fileName
        let folders = components.dropLast()
        let withoutExtension = (folders + [stem]).joined(separator: "/")
        var result = modulesByFullPath[withoutExtension] ?? []
        // Without a code location, a module matches the end of the path (`src/app` for `x/src/app`).
        var suffix = stem
        result += modulesBySuffix[suffix] ?? []
        for folder in folders.reversed() {
            suffix = folder + "/" + suffix
            result += modulesBySuffix[suffix] ?? []
        }
        if fileName.hasSuffix(".java") {
            result += (javaByFileName[fileName] ?? []).filter { Self.isInside(path, declared[$0].codeLocation) }
        }
        if fileName.hasSuffix(".cs") {
            result += dotnetByFolder[""] ?? []
            var folder = ""
            for component in folders {
                folder = folder.isEmpty ? component : folder + "/" + component
                result += dotnetByFolder[folder] ?? []
            }
        }
        return result
    }

    private static func isInside(_ path: String, _ folder: String?) -> Bool {
        guard let folder else { return true }
        return path.hasPrefix(folder + "/")
    }

    /// Indices (into `outline.functions`) of this file's handlers.
    func handlers(in outline: Outline, tokens: [Token], language: SourceLanguage, relativePath: String) -> [Int] {
        var seen: Set<Int> = []
        return (declaredHandlers(in: outline, relativePath: relativePath)
            + conventionHandlers(in: outline, tokens: tokens, language: language)).filter { seen.insert($0).inserted }
    }

    private func declaredHandlers(in outline: Outline, relativePath: String) -> [Int] {
        var result: [Int] = []
        for index in Set(matchingEntries(Self.normalize(relativePath))).sorted() {
            let entry = declared[index]
            switch entry.reference {
            case .module(_, let typeName, let symbol):
                result += outline.functions.indices.filter {
                    outline.functions[$0].name == symbol && (typeName == nil || outline.functions[$0].typeName == typeName)
                }
            case .javaClass(let package, let className, let method):
                if let package, let declaredPackage = outline.packageName, package != declaredPackage { continue }
                result += outline.functions.indices.filter { outline.functions[$0].name == method && outline.functions[$0].typeName == className }
            case .dotnet(_, let className, let method):
                result += outline.functions.indices.filter { outline.functions[$0].name == method && outline.functions[$0].typeName == className }
            case .binary:
                break
            }
        }
        return result
    }

    private init(declared: [Declared]) {
        self.declared = declared
        for (index, entry) in declared.enumerated() {
            switch entry.reference {
            case .module(let module, _, _):
                if let location = entry.codeLocation {
                    modulesByFullPath["\(location)/\(module)", default: []].append(index)
                } else {
                    modulesBySuffix[module, default: []].append(index)
                }
            case .javaClass(_, let className, _):
                javaByFileName["\(className).java", default: []].append(index)
            case .dotnet:
                dotnetByFolder[entry.codeLocation ?? "", default: []].append(index)
            case .binary:
                break
            }
        }
    }

    // MARK: Conventions

    /// Parameter names that, with a handler-like shape, mark a handler (a generic `request` or `e` does not).
    private static let eventNames: Set<String> = ["event", "evt", "_event", "lambda_event", "lambdaEvent", "sqsEvent", "snsEvent",
                                                  "apiEvent", "s3Event", "kinesisEvent"]
    private static let contextNames: Set<String> = ["context", "ctx", "_context", "lambda_context", "_ctx", "lambdaContext"]

    private static func isHandlerName(_ name: String) -> Bool {
        name.lowercased().contains("handler")
    }
    private static let pythonHandlerDecorators = ["inject_lambda_context", "capture_lambda_handler", "event_source", "log_metrics",
                                                  "lambda_handler_decorator", "event_parser", "idempotent", "batch_processor"]

    func conventionHandlers(in outline: Outline, tokens: [Token], language: SourceLanguage) -> [Int] {
        let functions = outline.functions
        let cursor = TokenCursor(tokens: tokens)
        var result: [Int] = functions.indices.filter { functions[$0].isInlineHandler }
        switch language {
        case .python:
            result += functions.indices.filter { index in
                let function = functions[index]
                guard function.typeName == nil else { return false }
                let names = function.parameters.map(\.name)
                if names.count >= 2, Self.eventNames.contains(names[0]), Self.contextNames.contains(names[1]) { return true }
                if ["handler", "lambda_handler"].contains(function.name), names.count == 2 { return true }
                return function.decorators.contains { decorator in Self.pythonHandlerDecorators.contains { decorator.contains($0) } }
            }
        case .javascript:
            let exported = Self.javaScriptExports(tokens)
            result += functions.indices.filter { index in
                let function = functions[index]
                guard function.typeName == nil, exported.names.contains(function.name) else { return false }
                let firstParameter = function.parameters.first?.name ?? ""
                return Self.isHandlerName(function.name) || Self.eventNames.contains(firstParameter)
            }
            // `export const handler = middy(baseHandler)`, `module.exports = { handler: process }`: the
            // function exported under a handler's name is the handler.
            result += functions.indices.filter { exported.wrapped.contains(functions[$0].name) && functions[$0].typeName == nil }
            // An Express app behind `serverless(app)` / `serverlessExpress({ app })`: each route callback handles requests.
            if tokens.contains(where: { $0.kind == .identifier && ($0.text == "serverless" || $0.text == "serverlessExpress") }) {
                result += functions.indices.filter { index in
                    let names = functions[index].parameters.map(\.name)
                    return functions[index].name.isEmpty && functions[index].typeName == nil && names.count >= 2
                        && ["req", "request"].contains(names[0]) && ["res", "response"].contains(names[1])
                }
            }
        case .java:
            let handlerTypes = Set(outline.types.filter { type in
                type.supertypes.contains { $0 == "RequestHandler" || $0 == "RequestStreamHandler" }
            }.map(\.name))
            result += functions.indices.filter { index in
                let function = functions[index]
                if function.name == "handleRequest", let typeName = function.typeName, handlerTypes.contains(typeName) { return true }
                return function.parameters.last?.typeText == "Context" && tokens.contains { $0.isIdentifier("amazonaws") }
            }
        case .go:
            for (index, token) in tokens.enumerated() where token.kind == .identifier
                && ["Start", "StartWithOptions", "StartHandler", "StartWithContext", "StartHandlerFunc"].contains(token.text)
                && cursor.isIdentifier(index - 2, "lambda") && cursor.isPunctuation(index + 1, "(") {
                var argument = index + 2
                if token.text == "StartWithContext" {
                    while argument < tokens.count, !tokens[argument].isPunctuation(",") { argument += 1 }
                    argument += 1
                }
                guard let name = cursor[argument], name.kind == .identifier else { continue }
                if cursor.isPunctuation(argument + 1, "."), let method = cursor[argument + 2], method.kind == .identifier {
                    result += functions.indices.filter { functions[$0].name == method.text && functions[$0].receiver != nil }
                } else {
                    result += functions.indices.filter { functions[$0].name == name.text && functions[$0].receiver == nil }
                }
            }
        case .csharp:
            result += functions.indices.filter { index in
                let function = functions[index]
                return function.parameters.contains { $0.typeText.contains("ILambdaContext") }
                    || function.decorators.contains { $0.hasPrefix("LambdaFunction") }
            }
        case .ruby:
            result += functions.indices.filter { index in
                let function = functions[index]
                let keywordNames = Set(function.parameters.filter { $0.typeText == "keyword" }.map(\.name))
                if keywordNames.contains("event") && keywordNames.contains("context") { return true }
                let names = function.parameters.map(\.name)
                return ["handler", "lambda_handler"].contains(function.name) && names.count == 2 && Self.eventNames.contains(names[0])
            }
        case .swift:
            let handlerTypes = Set(outline.types.filter { type in
                type.supertypes.contains { ["LambdaHandler", "SimpleLambdaHandler", "StreamingLambdaHandler", "EventLoopLambdaHandler",
                                            "LambdaWithBackgroundProcessingHandler"].contains($0) }
            }.map(\.name))
            result += functions.indices.filter { index in
                let function = functions[index]
                return function.name == "handle" && function.typeName.map(handlerTypes.contains) == true
            }
        }
        var seen: Set<Int> = []
        return result.filter { seen.insert($0).inserted }
    }

    /// Names a JavaScript module exports (`exports.x =`, `module.exports.x =`, `export const x`,
    /// `export async function x`, `module.exports = { x, y: z }`, `export { x }`), and the functions
    /// exported through a wrapper (`export const handler = middy(base)`).
    static func javaScriptExports(_ tokens: [Token]) -> (names: Set<String>, wrapped: Set<String>) {
        let cursor = TokenCursor(tokens: tokens)
        var names: Set<String> = []
        var wrapped: Set<String> = []
        func collectWrapped(from start: Int) {
            // `middy(baseHandler).use(…)`, `withLogging(processEvent)`: identifiers passed to the first call.
            var index = start
            while index < tokens.count, tokens[index].kind == .identifier || tokens[index].isPunctuation(".") { index += 1 }
            guard cursor.isPunctuation(index, "("), let close = cursor.matchingClose(index), close - index < 40 else {
                if let name = cursor[start], name.kind == .identifier, cursor[start + 1]?.kind == .newline || cursor.isPunctuation(start + 1, ";")
                    || start + 1 >= tokens.count {
                    wrapped.insert(name.text)
                }
                return
            }
            for inner in (index + 1)..<close where tokens[inner].kind == .identifier && !cursor.isPunctuation(inner - 1, ".") {
                wrapped.insert(tokens[inner].text)
            }
        }
        for (index, token) in tokens.enumerated() where token.kind == .identifier {
            if token.text == "exports", cursor.isPunctuation(index + 1, "."), let name = cursor[index + 2], name.kind == .identifier,
               cursor.isPunctuation(index + 3, "=") {
                names.insert(name.text)
                if isHandlerName(name.text) { collectWrapped(from: index + 4) }
            } else if token.text == "exports", cursor.isIdentifier(index - 2, "module"), cursor.isPunctuation(index + 1, "=") {
                if cursor.isPunctuation(index + 2, "{"), let close = cursor.matchingClose(index + 2) {
                    for part in cursor.splitAtCommas((index + 3)..<close) {
                        guard let first = cursor[part.lowerBound], first.kind == .identifier else { continue }
                        names.insert(first.text)
                        if cursor.isPunctuation(part.lowerBound + 1, ":"), let target = cursor[part.lowerBound + 2], target.kind == .identifier {
                            names.insert(target.text)
                            if isHandlerName(first.text) { wrapped.insert(target.text) }
                        }
                    }
                } else if let name = cursor[index + 2], name.kind == .identifier {
                    names.insert(name.text)
                }
            } else if token.text == "export" {
                var next = index + 1
                while let word = cursor[next], word.kind == .identifier, ["const", "let", "var", "async", "function", "default"].contains(word.text) {
                    next += 1
                }
                if let name = cursor[next], name.kind == .identifier {
                    names.insert(name.text)
                    if isHandlerName(name.text), cursor.isPunctuation(next + 1, "=") { collectWrapped(from: next + 2) }
                    if isHandlerName(name.text), cursor.isPunctuation(next + 1, ":"), let equals = (next..<min(next + 12, tokens.count)).first(where: { tokens[$0].isPunctuation("=") }) {
                        collectWrapped(from: equals + 1)
                    }
                } else if cursor.isPunctuation(next, "{"), let close = cursor.matchingClose(next) {
                    for inner in (next + 1)..<close where tokens[inner].kind == .identifier && !tokens[inner].isIdentifier("as") {
                        names.insert(tokens[inner].text)
                    }
                }
            }
        }
        return (names, wrapped)
    }
}
