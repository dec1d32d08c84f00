/// Functions in a Serverless Framework `serverless.yml`: `provider.environment`, `provider.tags`
/// and `provider.stackTags` apply to every function; each function has its own `environment`,
/// `tags`, `name`, `description`, `handler` and `runtime`. Variables are recognised: `${ssm:…}`,
/// `${env:…}`, `${opt:…}`, `${file(…)}`, `${cf:…}`, … are references; `${self:a.b}` is followed
/// within the file; a literal fallback (`${env:KEY, 'fallback'}`) is literal text in the file.
enum ServerlessFrameworkReader {
    static func isServerlessConfig(_ root: ConfigNode, file: TemplateFile) -> Bool {
        let name = file.relativePath.split(separator: "/").last.map(String.init) ?? file.relativePath
        guard name.hasPrefix("serverless") else { return false }
        return root["service"] != nil && (root["functions"] != nil || root["provider"] != nil)
    }

    static func functions(in root: ConfigNode, file: TemplateFile) -> [ServerlessFunction] {
        let resolver = VariableResolver(root: root)
        let provider = root["provider"]
        var functions: [ServerlessFunction] = []
        for entry in root["functions"]?.pairs ?? [] {
            let definition = entry.value
            var function = ServerlessFunction(
                logicalName: entry.key, format: .serverlessFramework,
                location: file.location(entry.keyLine, entry.keyColumn), declaredIn: file.relativePath)
            function.handler = definition["handler"].flatMap { resolver.resolve($0).first?.literal }
            function.runtime = (definition["runtime"] ?? provider?["runtime"]).flatMap { resolver.resolve($0).first?.literal }
            if let artifact = (definition["package", "artifact"] ?? root["package", "artifact"])?.string {
                function.codeLocation = file.resolve(artifact)
            } else {
                function.codeLocation = file.relativeDirectory
            }
            for (kind, key) in [(FunctionFieldKind.name, "name"), (.description, "description")] {
                guard let node = definition[key] else { continue }
                let values = resolver.resolve(node)
                if kind == .name { function.deployedName = values.first?.literal }
                if kind == .description { function.description = values.first?.literal }
                function.fields += TemplateValue.fields(kind: kind, key: key, values, usedAt: node, file: file)
            }
            var environment = definition["environment"]?.pairs ?? []
            for pair in provider?["environment"]?.pairs ?? [] where !environment.contains(where: { $0.key == pair.key }) {
                environment.append(pair)
            }
            for pair in environment {
                function.fields += TemplateValue.fields(kind: .environment, key: pair.key, resolver.resolve(pair.value), usedAt: pair.value, file: file)
            }
            var tags = definition["tags"]?.pairs ?? []
            for source in [provider?["tags"], provider?["stackTags"]] {
                for pair in source?.pairs ?? [] where !tags.contains(where: { $0.key == pair.key }) { tags.append(pair) }
            }
            for pair in tags {
                function.fields += TemplateValue.fields(kind: .tag, key: pair.key, resolver.resolve(pair.value), usedAt: pair.value, file: file)
            }
            functions.append(function)
        }
        return functions
    }

}

/// Serverless Framework variables in one value.
struct VariableResolver {
    let root: ConfigNode

    func resolve(_ node: ConfigNode, depth: Int = 0) -> [TemplateValue] {
        guard let text = node.string else { return [] }
        guard text.contains("${") else { return [.literal(text, at: node)] }
        var out = ""
        var reference: FieldReference?
        var followedValue: TemplateValue?
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = Self.matchingClose(rest, from: open.upperBound) else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let expression = rest[open.upperBound..<close]
            let (source, fallback) = Self.splitFallback(expression)
            if let fallback {
                // The fallback is written in this file: it is what deploys when the source is missing.
                out += fallback
            } else if source.hasPrefix("self:"), depth < 8, let target = lookup(String(source.dropFirst(5))),
                let value = resolve(target, depth: depth + 1).first
            {
                if let literal = value.literal {
                    out += literal
                    if text == "${\(expression)}" { followedValue = value }
                } else {
                    reference = reference ?? value.reference
                    out += String(source)
                }
            } else {
                let kind: FieldReference.Kind = source.hasPrefix("ssm:") ? .serverlessSSM : .serverlessVariable
                reference = reference ?? FieldReference(kind: kind, text: "${\(expression)}")
                out += String(source)
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        if var followed = followedValue {
            followed.followed = true
            return [followed]
        }
        var value = TemplateValue.literal(out, at: node)
        if value.reference == nil { value.reference = reference }
        // A value that is only a variable has no literal text of its own.
        if let reference, text == reference.text, value.literal == out, !out.isEmpty, reference.kind != .parameter {
            value.literal = nil
        }
        return [value]
    }

    /// `a.b.c` below the document root.
    private func lookup(_ path: String) -> ConfigNode? {
        var node: ConfigNode? = root
        for key in path.split(separator: ".") { node = node?[String(key)] }
        return node
    }

    /// The `}` closing a `${` (variables nest: `${env:A, ${self:b}}`).
    static func matchingClose(_ text: Substring, from start: Substring.Index) -> Substring.Index? {
        var depth = 1
        var index = start
        while index < text.endIndex {
            if text[index] == "$", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "{" {
                depth += 1
                index = text.index(after: index)
            } else if text[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `source, 'fallback'` → (source, fallback literal); a quoted fallback is literal text.
    static func splitFallback(_ expression: Substring) -> (Substring, String?) {
        guard let comma = expression.firstIndex(of: ",") , !expression[..<comma].contains("(") || expression[..<comma].contains(")") else {
            return (expression, nil)
        }
        let source = expression[..<comma].trimmingCharacters(in: " ")
        let fallback = expression[expression.index(after: comma)...].trimmingCharacters(in: " ")
        for quote in ["'", "\""] where fallback.count >= 2 && fallback.hasPrefix(quote) && fallback.hasSuffix(quote) {
            return (Substring(source), String(fallback.dropFirst().dropLast()))
        }
        return (Substring(source), nil)
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
