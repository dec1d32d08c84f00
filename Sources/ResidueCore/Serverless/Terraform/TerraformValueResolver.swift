import HCL

/// What a Terraform expression comes to, as far as the configuration says without running it.
enum TerraformValue: Equatable {
    /// Text known from the configuration, and where that text is written.
    case literal(String, SourceLocation)
    /// `null`: the argument is as good as unset.
    case null
    /// Read from Secrets Manager or a (possibly SecureString) SSM parameter: deployed as plaintext.
    case secret
    /// `var.name` with neither a default nor a tfvars value.
    case variable(name: String, sensitive: Bool)
    /// Anything else: a resource attribute, a function of unknown input, a conditional, …
    case unknown
}

/// One `key = value` of a map, after following variables, locals and `merge(…)`.
struct TerraformMapEntry {
    var key: String
    var value: WrittenExpression
    /// Where the map was used, when the entry is written elsewhere (a local, a variable default).
    var usedAt: SourceLocation?
}

/// Follows `var.x` (tfvars, then default), `local.x`, nested keys, `merge(…)` and templates to
/// literal text where the configuration allows, and recognises values read from secret stores.
struct TerraformValueResolver {
    let module: TerraformModule
    let budget = FollowBudget()

    /// Cycles (`local.a = local.b`, `local.b = local.a`) and very long chains stop here.
    static let maximumFollowDepth = 32
    /// Steps allowed for one value (see `FollowBudget`).
    static let stepsPerValue = 10_000
    /// Text longer than this is not built: templates that repeat a local can double it at every level.
    static let maximumLiteralLength = 1 << 20

    /// Starts the budget for the next value.
    func startValue() {
        budget.remaining = Self.stepsPerValue
    }

    // MARK: - Scalars

    func resolve(_ written: WrittenExpression, depth: Int = 0) -> TerraformValue {
        guard depth < Self.maximumFollowDepth, budget.spend() else { return .unknown }
        let expression = written.expression
        switch expression.kind {
        case .number(let digits):
            return .literal(digits, written.valueLocation)
        case .bool(let value):
            return .literal(value ? "true" : "false", written.valueLocation)
        case .null:
            return .null
        case .parenthesized(let inner):
            return resolve(WrittenExpression(expression: inner, file: written.file), depth: depth + 1)
        case .template(let template):
            return resolveTemplate(template, written, depth: depth)
        case .traversal(let root, let steps):
            return resolveTraversal(root: root, steps: steps, written, depth: depth)
        default:
            return containsSecret(written, depth: depth) ? .secret : .unknown
        }
    }

    private func resolveTemplate(_ template: HCLTemplate, _ written: WrittenExpression, depth: Int) -> TerraformValue {
        if let text = template.literalValue {
            return .literal(text, written.valueLocation)
        }
        // `"${var.x}"` is `var.x`: its value, where that value is written.
        if template.parts.count == 1, case .interpolation(let only) = template.parts[0] {
            return resolve(WrittenExpression(expression: only, file: written.file), depth: depth + 1)
        }
        var text = ""
        var allLiteral = true
        for part in template.parts {
            switch part {
            case .literal(let piece, _):
                text += piece
            case .interpolation(let inner):
                switch resolve(WrittenExpression(expression: inner, file: written.file), depth: depth + 1) {
                case .literal(let piece, _):
                    text += piece
                    if text.utf8.count > Self.maximumLiteralLength {
                        return .unknown
                    }
                case .null:
                    allLiteral = false
                case .secret:
                    return .secret
                case .variable, .unknown:
                    allLiteral = false
                }
            case .conditional, .loop:
                allLiteral = false
            }
        }
        if allLiteral {
            return .literal(text, written.valueLocation)
        }
        return containsSecret(written, depth: depth) ? .secret : .unknown
    }

    private func resolveTraversal(root: String, steps: [HCLTraversalStep], _ written: WrittenExpression,
                                  depth: Int) -> TerraformValue {
        if isSecretReference(root: root, steps: steps) {
            return .secret
        }
        switch root {
        case "var", "local":
            guard let (target, remaining) = follow(root: root, steps: steps, written, depth: depth) else {
                // Declared here or not (the declaration may sit in a file not given), a variable
                // without any value is set only when Terraform runs.
                if root == "var", case .attribute(let name)? = steps.first?.kind {
                    return .variable(name: name, sensitive: isSensitive(name))
                }
                return .unknown
            }
            if remaining.isEmpty {
                return resolve(target, depth: depth + 1)
            }
            // Stuck on something that is not a literal map, e.g. `local.db.password` where
            // `local.db = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)`.
            return containsSecret(target, depth: depth + 1) ? .secret : .unknown
        case "path":
            // `path.module`, `path.root`, `path.cwd`: the module directory itself, which is where
            // relative paths are resolved from.
            if case .attribute(let name)? = steps.first?.kind, ["module", "root", "cwd"].contains(name), steps.count == 1 {
                return .literal(".", written.valueLocation)
            }
            return .unknown
        default:
            return .unknown
        }
    }

    private func isSensitive(_ variable: String) -> Bool {
        guard let sensitive = module.variables[variable]?.attribute("sensitive") else { return false }
        if case .bool(true) = sensitive.expression.kind { return true }
        return false
    }

    // MARK: - Following names

    /// The expression `var.x…` or `local.x…` denotes, following as many steps as literal maps and
    /// lists allow, with the steps left over; nil when the name has no value at all.
    private func follow(root: String, steps: [HCLTraversalStep], _ written: WrittenExpression,
                        depth: Int) -> (WrittenExpression, ArraySlice<HCLTraversalStep>)? {
        guard case .attribute(let name)? = steps.first?.kind else { return nil }
        let start: WrittenExpression?
        if root == "var" {
            if let assigned = module.variableValues[name] {
                start = assigned
            } else if let declared = module.variables[name]?.attribute("default"), !declared.expression.isNull {
                start = declared
            } else {
                start = nil
            }
        } else {
            start = module.locals[name]
        }
        guard let start else { return nil }
        return navigate(start, steps.dropFirst(), depth: depth + 1)
    }

    /// Steps into object and tuple constructors (and `merge` of them), following names on the way.
    private func navigate(_ start: WrittenExpression, _ steps: ArraySlice<HCLTraversalStep>,
                          depth: Int) -> (WrittenExpression, ArraySlice<HCLTraversalStep>) {
        var current = start
        var remaining = steps
        while let step = remaining.first {
            guard let inside = element(of: current, at: step, depth: depth + 1) else { break }
            current = inside
            remaining = remaining.dropFirst()
        }
        return (current, remaining)
    }

    private func element(of container: WrittenExpression, at step: HCLTraversalStep, depth: Int) -> WrittenExpression? {
        guard depth < Self.maximumFollowDepth, budget.spend() else { return nil }
        let key: String
        switch step.kind {
        case .attribute(let name):
            key = name
        case .index(let index):
            guard case .literal(let text, _) = resolve(WrittenExpression(expression: index, file: container.file), depth: depth + 1) else {
                return nil
            }
            key = text
        case .splat:
            return nil
        }
        if case .tuple(let elements) = dereference(container, depth: depth).expression.kind {
            guard let position = Int(key), elements.indices.contains(position) else { return nil }
            return WrittenExpression(expression: elements[position], file: dereference(container, depth: depth).file)
        }
        return map(container, depth: depth)?.last { $0.key == key }?.value
    }

    /// Follows parentheses and `var.x`/`local.x` to the expression they stand for.
    private func dereference(_ written: WrittenExpression, depth: Int) -> WrittenExpression {
        guard depth < Self.maximumFollowDepth else { return written }
        switch written.expression.kind {
        case .parenthesized(let inner):
            return dereference(WrittenExpression(expression: inner, file: written.file), depth: depth + 1)
        case .traversal(let root, let steps) where root == "var" || root == "local":
            guard let (target, remaining) = follow(root: root, steps: steps, written, depth: depth + 1), remaining.isEmpty else {
                return written
            }
            return dereference(target, depth: depth + 1)
        case .template(let template):
            if template.parts.count == 1, case .interpolation(let only) = template.parts[0] {
                return dereference(WrittenExpression(expression: only, file: written.file), depth: depth + 1)
            }
            return written
        default:
            return written
        }
    }

    // MARK: - Maps

    /// The entries of a map: an object constructor, a variable or local holding one, or
    /// `merge(…)` of those (later keys win); nil when the keys are not known from the configuration.
    func map(_ written: WrittenExpression, usedAt: SourceLocation? = nil, depth: Int = 0) -> [TerraformMapEntry]? {
        guard depth < Self.maximumFollowDepth, budget.spend() else { return nil }
        let target = dereference(written, depth: depth)
        // Entries written somewhere else than where the map is used point back to the use.
        let use = usedAt ?? (target.expression.range == written.expression.range && target.file.path == written.file.path
            ? nil : written.valueLocation)
        switch target.expression.kind {
        case .object(let items):
            return items.map { item in
                let key = item.key.literalName ?? keyText(item.key, target, depth: depth)
                return TerraformMapEntry(key: key, value: WrittenExpression(expression: item.value, file: target.file), usedAt: use)
            }
        case .functionCall(let name, let arguments, false) where name == "merge":
            var entries: [TerraformMapEntry] = []
            for argument in arguments {
                guard let more = map(WrittenExpression(expression: argument, file: target.file), usedAt: use, depth: depth + 1) else {
                    // A map whose keys are unknown: the literal entries around it still count.
                    continue
                }
                for entry in more {
                    entries.removeAll { $0.key == entry.key }
                    entries.append(entry)
                }
            }
            return entries
        default:
            return nil
        }
    }

    private func keyText(_ key: HCLObjectKey, _ container: WrittenExpression, depth: Int) -> String {
        guard case .expression(let expression) = key.kind else { return "" }
        let written = WrittenExpression(expression: expression, file: container.file)
        if case .literal(let text, _) = resolve(written, depth: depth + 1) {
            return text
        }
        return written.sourceText
    }

    // MARK: - Secrets

    /// Secrets Manager secret values and SSM parameter values (unless the parameter is known to be
    /// a plain `String`/`StringList`): Terraform reads them at apply time and writes the plaintext
    /// into the function's configuration.
    func isSecretReference(root: String, steps: [HCLTraversalStep]) -> Bool {
        var names: [String] = []
        for step in steps {
            if case .attribute(let name) = step.kind {
                names.append(name)
            }
        }
        let isData = root == "data"
        let type = isData ? names.first : root
        let rest = isData ? names.dropFirst() : names[...]
        guard let type else { return false }
        switch type {
        case "aws_secretsmanager_secret_version":
            return rest.contains("secret_string") || rest.contains("secret_binary")
        case "aws_ssm_parameter":
            guard rest.contains("value") else { return false }
            guard !isData, let name = rest.first,
                  let parameterType = module.resources["aws_ssm_parameter"]?[name]?.attribute("type"),
                  case .literal(let typeText, _) = resolve(parameterType, depth: 1) else {
                // A data source, or a parameter whose type is not written: assume SecureString.
                return true
            }
            return typeText == "SecureString"
        case "aws_ssm_parameters_by_path":
            return isData && rest.contains("values")
        default:
            return false
        }
    }

    /// Whether a secret reference appears anywhere in the expression, following names.
    func containsSecret(_ written: WrittenExpression, depth: Int) -> Bool {
        var explored: Set<ExpressionAddress> = []
        return containsSecret(written, depth: depth, explored: &explored)
    }

    /// Where an expression is written: the same local or variable reached twice (`merge(local.a,
    /// local.a)`, a local that names itself) is looked into once, so the work stays linear in the
    /// module instead of doubling with every level (found by fuzzing).
    private struct ExpressionAddress: Hashable {
        var path: String
        var range: HCLRange
    }

    private func containsSecret(_ written: WrittenExpression, depth: Int, explored: inout Set<ExpressionAddress>) -> Bool {
        guard depth < Self.maximumFollowDepth, budget.spend(),
              explored.insert(ExpressionAddress(path: written.file.path, range: written.expression.range)).inserted else {
            return false
        }
        // Names are collected first and followed after the walk, so the stack holds one walk or
        // one chain of names at a time, never a walk per name in the chain.
        var names: [HCLExpression] = []
        var found = false
        written.expression.visit { expression in
            guard !found, case .traversal(let root, let steps) = expression.kind else { return }
            if isSecretReference(root: root, steps: steps) {
                found = true
            } else if root == "var" || root == "local" {
                names.append(expression)
            }
        }
        if found { return true }
        for name in names {
            guard case .traversal(let root, let steps) = name.kind,
                  let (target, _) = follow(root: root, steps: steps, WrittenExpression(expression: name, file: written.file),
                                           depth: depth + 1) else {
                continue
            }
            if containsSecret(target, depth: depth + 1, explored: &explored) {
                return true
            }
        }
        return false
    }
}

/// Work left for following one value. Names shared down a chain (`local.a` using `local.b` twice,
/// `local.b` using `local.c` twice, …) would otherwise make the work grow exponentially with the
/// chain's length; a value that runs out is left as an expression.
final class FollowBudget {
    var remaining = TerraformValueResolver.stepsPerValue

    func spend() -> Bool {
        guard remaining > 0 else { return false }
        remaining -= 1
        return true
    }
}

extension HCLExpression {
    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// Calls `body` on this expression and every expression inside it.
    func visit(_ body: (HCLExpression) -> Void) {
        body(self)
        switch kind {
        case .number, .bool, .null:
            break
        case .template(let template):
            HCLExpression.visit(template.parts, body)
        case .tuple(let elements):
            elements.forEach { $0.visit(body) }
        case .object(let items):
            for item in items {
                if case .expression(let key) = item.key.kind {
                    key.visit(body)
                }
                item.value.visit(body)
            }
        case .traversal(_, let steps):
            HCLExpression.visit(steps, body)
        case .relativeTraversal(let source, let steps):
            source.visit(body)
            HCLExpression.visit(steps, body)
        case .functionCall(_, let arguments, _):
            arguments.forEach { $0.visit(body) }
        case .conditional(let condition, let then, let otherwise):
            condition.visit(body)
            then.visit(body)
            otherwise.visit(body)
        case .forExpression(let loop):
            loop.collection.visit(body)
            loop.keyExpression?.visit(body)
            loop.valueExpression.visit(body)
            loop.condition?.visit(body)
        case .unary(_, let operand):
            operand.visit(body)
        case .binary(_, let left, let right):
            left.visit(body)
            right.visit(body)
        case .parenthesized(let inner):
            inner.visit(body)
        }
    }

    private static func visit(_ steps: [HCLTraversalStep], _ body: (HCLExpression) -> Void) {
        for step in steps {
            if case .index(let index) = step.kind {
                index.visit(body)
            }
        }
    }

    private static func visit(_ parts: [HCLTemplatePart], _ body: (HCLExpression) -> Void) {
        for part in parts {
            switch part {
            case .literal:
                break
            case .interpolation(let inner):
                inner.visit(body)
            case .conditional(let condition, let then, let otherwise):
                condition.visit(body)
                visit(then, body)
                visit(otherwise, body)
            case .loop(_, _, let collection, let loopBody):
                collection.visit(body)
                visit(loopBody, body)
            }
        }
    }
}
