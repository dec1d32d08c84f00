/// A field value after following what the template lets us follow: literal text (with where it is
/// written) and/or what it refers to.
struct TemplateValue: Sendable {
    var literal: String?
    var reference: FieldReference?
    var line: Int
    var column: Int
    /// Set when the literal was followed from elsewhere in the template (a parameter default, a
    /// mapping, `custom:`), so the message can say where it is used.
    var followed = false
    /// The parameter the value came from.
    var sourceName: String?
    /// Where the pieces of a joined literal are written.
    var segments: [LiteralSegment] = []

    static func literal(_ text: String, at node: ConfigNode, followed: Bool = false) -> TemplateValue {
        var value = TemplateValue(literal: text, reference: nil, line: node.line, column: node.column, followed: followed)
        value.reference = DynamicReference.classify(text)
        if let reference = value.reference, reference.text == text { value.literal = nil }
        return value
    }

    /// The function fields for `values` under `key`: each where its literal is written, with
    /// `usedAt` (the field's own node) when it was followed from elsewhere.
    static func fields(kind: FunctionFieldKind, key: String, _ values: [TemplateValue], usedAt: ConfigNode,
                       file: TemplateFile) -> [FunctionField] {
        values.map { value in
            var field = FunctionField(
                kind: kind, key: key, literal: value.literal, reference: value.reference,
                location: file.location(value.line, value.column),
                usedAt: value.followed ? file.location(usedAt.line, usedAt.column) : nil, sourceName: value.sourceName)
            field.segments = value.segments
            return field
        }
    }

    static func reference(_ kind: FieldReference.Kind, _ text: String, at node: ConfigNode, noEcho: Bool = false) -> TemplateValue {
        TemplateValue(literal: nil, reference: FieldReference(kind: kind, text: text, parameterNoEcho: noEcho),
                      line: node.line, column: node.column)
    }
}

/// CloudFormation dynamic references, `{{resolve:service:…}}`, resolved when the stack deploys.
enum DynamicReference {
    static func classify(_ text: String) -> FieldReference? {
        guard let start = text.range(of: "{{resolve:") else { return nil }
        let end = text.range(of: "}}", range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
        let reference = String(text[start.lowerBound..<end])
        let service = reference.dropFirst("{{resolve:".count).prefix { $0 != ":" }
        let kind: FieldReference.Kind
        switch service {
        case "secretsmanager": kind = .secretsManagerDynamic
        case "ssm-secure": kind = .ssmSecureDynamic
        case "ssm": kind = .ssmDynamic
        default: kind = .other
        }
        return FieldReference(kind: kind, text: reference)
    }
}

/// Evaluates CloudFormation values: literals, `Ref` to parameters (defaults followed, `NoEcho`
/// noted), `Fn::Sub` and `Fn::Join` literal text, `Fn::If` branches, `Fn::FindInMap` through the
/// template's mappings; anything else is an intrinsic reference.
struct CloudFormationEvaluator {
    struct Parameter {
        var defaultValue: ConfigNode?
        var noEcho: Bool
    }

    var parameters: [String: Parameter] = [:]
    var mappings: [String: ConfigNode] = [:]
    var resources: Set<String> = []

    init(template: ConfigNode) {
        for pair in template["Parameters"]?.pairs ?? [] {
            let noEcho = pair.value["NoEcho"]?.string.map { $0.lowercased() == "true" } ?? false
            parameters[pair.key] = Parameter(defaultValue: pair.value["Default"].flatMap { $0.isNull ? nil : $0 }, noEcho: noEcho)
        }
        for pair in template["Mappings"]?.pairs ?? [] { mappings[pair.key] = pair.value }
        resources = Set((template["Resources"]?.pairs ?? []).map(\.key))
    }

    /// The intrinsic a node applies, in either form: a `!Tag` or a one-key `{"Fn::X": …}` / `{"Ref": …}` mapping.
    static func intrinsic(_ node: ConfigNode) -> (name: String, argument: ConfigNode)? {
        if let tag = node.tag {
            let name = String(tag.dropFirst())
            var argument = node
            argument.tag = nil
            return (name == "Ref" || name == "Condition" ? name : "Fn::" + name, argument)
        }
        let pairs = node.pairs
        if pairs.count == 1, pairs[0].key == "Ref" || pairs[0].key.hasPrefix("Fn::") || pairs[0].key == "Condition" {
            return (pairs[0].key, pairs[0].value)
        }
        return nil
    }

    func evaluate(_ node: ConfigNode, depth: Int = 0) -> [TemplateValue] {
        guard depth < 16 else { return [] }
        if let (name, argument) = Self.intrinsic(node) {
            return evaluateIntrinsic(name, argument, node: node, depth: depth)
        }
        if let text = node.string { return [.literal(text, at: node)] }
        return []
    }

    private func evaluateIntrinsic(_ name: String, _ argument: ConfigNode, node: ConfigNode, depth: Int) -> [TemplateValue] {
        switch name {
        case "Ref":
            guard let target = argument.string else { return [] }
            return [ref(target, at: argument)]
        case "Fn::Sub":
            if let template = argument.string {
                return [substitute(template, variables: [:], at: argument, depth: depth)]
            }
            let items = argument.items
            guard let template = items.first?.string else { return [] }
            var variables: [String: String] = [:]
            for pair in items.count > 1 ? items[1].pairs : [] {
                if let literal = evaluate(pair.value, depth: depth + 1).first?.literal { variables[pair.key] = literal }
            }
            return [substitute(template, variables: variables, at: items[0], depth: depth)]
        case "Fn::Join":
            let items = argument.items
            guard items.count == 2, let delimiter = items[0].string else {
                return [.reference(.intrinsic, "Fn::Join", at: node)]
            }
            var joined = ""
            var segments: [LiteralSegment] = []
            var reference: FieldReference?
            for (index, part) in items[1].items.enumerated() {
                if index > 0 { joined += delimiter }
                let value = evaluate(part, depth: depth + 1).first
                segments.append(LiteralSegment(offset: joined.utf8.count, line: value?.line ?? part.line,
                                               column: value?.column ?? part.column))
                if let literal = value?.literal {
                    joined += literal
                } else {
                    reference = reference ?? value?.reference
                    joined += value?.reference?.text ?? ""
                }
            }
            var value = TemplateValue.literal(joined, at: items[1].items.first ?? node)
            value.segments = segments
            if value.reference == nil { value.reference = reference }
            return [value]
        case "Fn::If":
            let items = argument.items
            guard items.count == 3 else { return [] }
            return evaluate(items[1], depth: depth + 1) + evaluate(items[2], depth: depth + 1)
        case "Fn::FindInMap":
            return findInMap(argument.items, depth: depth)
        case "Fn::Base64":
            return evaluate(argument, depth: depth + 1)
        default:
            return [.reference(.intrinsic, name, at: node)]
        }
    }

    private func ref(_ target: String, at node: ConfigNode) -> TemplateValue {
        if let parameter = parameters[target] {
            // A default is written in the template, NoEcho or not: it is judged where it is written.
            if let defaultValue = parameter.defaultValue, let text = defaultValue.string {
                var value = TemplateValue.literal(text, at: defaultValue, followed: true)
                value.sourceName = target
                if value.reference == nil {
                    value.reference = FieldReference(kind: .parameter, text: "!Ref \(target)", parameterNoEcho: parameter.noEcho)
                }
                return value
            }
            return .reference(.parameter, "!Ref \(target)", at: node, noEcho: parameter.noEcho)
        }
        return .reference(.intrinsic, "!Ref \(target)", at: node)
    }

    /// `Fn::Sub`: `${Name}` becomes the parameter default or given variable when known, else stays
    /// as the variable's name; `${!Literal}` is the literal `${Literal}`.
    private func substitute(_ template: String, variables: [String: String], at node: ConfigNode, depth: Int) -> TemplateValue {
        var out = ""
        var reference: FieldReference?
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
            } else if let value = variables[name] {
                out += value
            } else if let parameter = parameters[name], let text = parameter.defaultValue?.string {
                out += text
            } else {
                if parameters[name] != nil {
                    reference = reference ?? FieldReference(kind: .parameter, text: "${\(name)}", parameterNoEcho: parameters[name]?.noEcho ?? false)
                }
                out += name
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        var value = TemplateValue.literal(out, at: node)
        if value.reference == nil { value.reference = reference }
        return value
    }

    private func findInMap(_ items: [ConfigNode], depth: Int) -> [TemplateValue] {
        guard items.count >= 3, let mapName = items[0].string, let map = mappings[mapName] else { return [] }
        // A key that is not a literal (`!Ref Stage`) could be any key: every entry is considered.
        func keys(_ node: ConfigNode) -> [String]? {
            if CloudFormationEvaluator.intrinsic(node) == nil, let text = node.string { return [text] }
            return nil
        }
        var results: [TemplateValue] = []
        let firstLevel = keys(items[1]).map { wanted in map.pairs.filter { wanted.contains($0.key) } } ?? map.pairs
        for first in firstLevel {
            let secondLevel = keys(items[2]).map { wanted in first.value.pairs.filter { wanted.contains($0.key) } } ?? first.value.pairs
            for second in secondLevel {
                for var value in evaluate(second.value, depth: depth + 1) {
                    value.followed = true
                    results.append(value)
                }
            }
        }
        return results
    }
}
