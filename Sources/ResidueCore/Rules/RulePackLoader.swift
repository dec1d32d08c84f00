import Foundation
import Yams

/// A rule pack that could not be read, with the file and the reason.
public struct RulePackError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var ruleID: String?
    public var reason: String

    public init(source: String, ruleID: String? = nil, reason: String) {
        self.source = source
        self.ruleID = ruleID
        self.reason = reason
    }

    public var description: String {
        if let ruleID {
            return "\(source): rule '\(ruleID)': \(reason)"
        }
        return "\(source): \(reason)"
    }
}

/// Reads rule packs in the `Patterns/*.yaml` format.
public enum RulePackLoader {
    private static let knownKeys: Set<String> = [
        "id", "title", "severity", "category", "confidence", "keywords", "regex", "entropy",
        "validator", "allow", "window", "lookbehind", "examples", "description",
    ]

    /// Parses one pack. `source` names it in errors; `pack` is recorded on every rule.
    /// The most YAML nodes a pack may expand to. Custom packs can come from a scanned repository
    /// (`.residue.yaml` names them), so a "billion laughs" alias bomb must fail, not exhaust memory.
    static let maxExpandedNodes = 200_000

    public static func parse(yaml text: String, source: String, pack: String) throws -> [RuleDefinition] {
        let document: Any?
        if let line = YAMLPrecheck.collectionKeyLine(Array(text.utf8)) {
            throw RulePackError(source: source, reason: "line \(line): \(YAMLPrecheck.refusal)")
        }
        do {
            // Compose first (aliases stay shared references), count the nodes as they would
            // expand, and only then build Swift values.
            if let node = try Yams.compose(yaml: text) {
                var budget = maxExpandedNodes
                guard withinBudget(node, &budget) else {
                    throw RulePackError(
                        source: source, reason: "YAML expands to more than \(maxExpandedNodes) nodes (alias bomb?)")
                }
                if let key = firstKeyNotScalar(node) {
                    let line = key.mark.map { "line \($0.line): " } ?? ""
                    throw RulePackError(source: source, reason: line + "a mapping key must be plain text, not a collection or an alias")
                }
            }
            document = try Yams.load(yaml: text)
        } catch let error as RulePackError {
            throw error
        } catch {
            throw RulePackError(source: source, reason: "invalid YAML: \(oneLine(String(describing: error)))")
        }
        guard let root = document as? [String: Any] else {
            throw RulePackError(source: source, reason: "expected a mapping with a 'rules' list")
        }
        guard let list = root["rules"] as? [Any] else {
            throw RulePackError(source: source, reason: "expected a 'rules' list")
        }
        var rules: [RuleDefinition] = []
        var seen: Set<String> = []
        for (index, entry) in list.enumerated() {
            guard let fields = entry as? [String: Any] else {
                throw RulePackError(source: source, reason: "rule #\(index + 1) is not a mapping")
            }
            let rule = try parseRule(fields, index: index, source: source, pack: pack)
            if !seen.insert(rule.id).inserted {
                throw RulePackError(source: source, ruleID: rule.id, reason: "duplicate rule id")
            }
            rules.append(rule)
        }
        return rules
    }

    /// Reads every `*.yaml` pack in a folder, sorted by file name.
    public static func loadDirectory(_ directory: URL) throws -> [RuleDefinition] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        var rules: [RuleDefinition] = []
        var ids: Set<String> = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw RulePackError(source: url.path, reason: "cannot read: \(error.localizedDescription)")
            }
            let stem = (name as NSString).deletingPathExtension
            for rule in try parse(yaml: text, source: url.path, pack: stem) {
                if !ids.insert(rule.id).inserted {
                    throw RulePackError(source: url.path, ruleID: rule.id, reason: "duplicate rule id (also in another pack)")
                }
                rules.append(rule)
            }
        }
        return rules
    }

    private static func parseRule(_ fields: [String: Any], index: Int, source: String, pack: String) throws -> RuleDefinition {
        guard let id = fields["id"] as? String, !id.isEmpty else {
            throw RulePackError(source: source, reason: "rule #\(index + 1) has no 'id'")
        }
        func fail(_ reason: String) -> RulePackError {
            RulePackError(source: source, ruleID: id, reason: reason)
        }
        if let unknown = fields.keys.filter({ !knownKeys.contains($0) }).sorted().first {
            throw fail("unknown field '\(unknown)'")
        }
        guard id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw fail("id must be lowercase letters, digits and dashes")
        }
        guard let title = fields["title"] as? String, !title.isEmpty else { throw fail("missing 'title'") }
        guard let severityText = fields["severity"] as? String else { throw fail("missing 'severity'") }
        guard let severity = Severity(rawValue: severityText) else {
            throw fail("severity '\(severityText)' is not one of low, medium, high, critical")
        }
        guard let categoryText = fields["category"] as? String else { throw fail("missing 'category'") }
        guard let category = FindingCategory(rawValue: categoryText) else {
            throw fail("category '\(categoryText)' is not one of secret, pii")
        }
        var confidence = Confidence.medium
        if let value = fields["confidence"] {
            guard let text = value as? String, let parsed = Confidence(rawValue: text) else {
                throw fail("confidence must be one of low, medium, high")
            }
            confidence = parsed
        }
        let keywords = try stringList(fields["keywords"], field: "keywords", fail: fail)
        if keywords.contains(where: { $0.isEmpty }) { throw fail("empty keyword") }
        if keywords.contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) { throw fail("keywords must be ASCII") }
        guard let regex = fields["regex"] as? String, !regex.isEmpty else { throw fail("missing 'regex'") }
        var entropy: Double?
        if let value = fields["entropy"] {
            if let number = value as? Double {
                entropy = number
            } else if let number = value as? Int {
                entropy = Double(number)
            } else {
                throw fail("entropy must be a number")
            }
        }
        var validator: ValidatorKind?
        if let value = fields["validator"] {
            guard let text = value as? String, let kind = ValidatorKind(rawValue: text) else {
                let names = ValidatorKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("unknown validator '\(value)'; known: \(names)")
            }
            validator = kind
        }
        let allow = try stringList(fields["allow"], field: "allow", fail: fail)
        var window = RuleDefinition.defaultWindow
        if let value = fields["window"] {
            guard let number = value as? Int, number > 0, number <= 1 << 20 else {
                throw fail("window must be a whole number of bytes from 1 to 1048576")
            }
            window = number
        }
        var lookbehind: Int?
        if let value = fields["lookbehind"] {
            guard let number = value as? Int, number >= 0, number <= 1024 else {
                throw fail("lookbehind must be a whole number of bytes from 0 to 1024")
            }
            lookbehind = number
        }
        var matchExamples: [RuleExample] = []
        var nomatchExamples: [String] = []
        if let value = fields["examples"] {
            guard let examples = value as? [String: Any] else { throw fail("examples must be a mapping") }
            if let unknown = examples.keys.first(where: { $0 != "match" && $0 != "nomatch" }) {
                throw fail("unknown examples field '\(unknown)'")
            }
            for item in examples["match"] as? [Any] ?? [] {
                if let text = item as? String {
                    matchExamples.append(RuleExample(text: text))
                } else if let map = item as? [String: Any], let text = map["text"] as? String {
                    matchExamples.append(RuleExample(text: text, secret: map["secret"] as? String))
                } else {
                    throw fail("a match example must be a string or a mapping with 'text'")
                }
            }
            nomatchExamples = try stringList(examples["nomatch"], field: "examples.nomatch", fail: fail)
        }
        return RuleDefinition(
            id: id, title: title, severity: severity, category: category, confidence: confidence,
            keywords: keywords, regex: regex, entropy: entropy, validator: validator, allow: allow,
            window: window, lookbehind: lookbehind, pack: pack, matchExamples: matchExamples, nomatchExamples: nomatchExamples)
    }

    /// Yams's `load` stops the process on a mapping key that is not a scalar (a collection, or an
    /// alias as a key; found by fuzzing), so the composed tree is checked before it is loaded.
    private static func firstKeyNotScalar(_ node: Node) -> Node? {
        switch node {
        case .scalar, .alias: return nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar = key else { return key }
                if let found = firstKeyNotScalar(value) { return found }
            }
            return nil
        case .sequence(let sequence):
            for item in sequence {
                if let found = firstKeyNotScalar(item) { return found }
            }
            return nil
        }
    }

    private static func withinBudget(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case .scalar, .alias: return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                if !withinBudget(key, &budget) || !withinBudget(value, &budget) { return false }
            }
            return true
        case .sequence(let sequence):
            for item in sequence where !withinBudget(item, &budget) { return false }
            return true
        }
    }

    private static func stringList(_ value: Any?, field: String, fail: (String) -> RulePackError) throws -> [String] {
        guard let value else { return [] }
        if let list = value as? [Any] {
            return try list.map { item in
                if let text = item as? String { return text }
                if let number = item as? Int { return String(number) }
                throw fail("\(field) must be a list of strings")
            }
        }
        if let text = value as? String { return [text] }
        throw fail("\(field) must be a list of strings")
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
