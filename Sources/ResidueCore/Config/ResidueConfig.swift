import Foundation
import Yams

/// `.residue.yaml`: per-repository settings. Every key is optional; unknown keys are errors.
///
/// ```yaml
/// exclude: ["tests/fixtures/**", "*.min.js"]   # gitignore syntax, relative to the scan root
/// rules:
///   disable: [generic-password]                # rule ids to turn off
///   only: [aws-access-key-id]                  # run only these (optional)
/// custom-rules:                                # packs in the Patterns/ format, relative to this file
///   - .residue/rules.yaml
/// fail-on: high                                # low | medium | high | critical
/// inline-ignore: true                          # honour `residue:ignore` comments
/// min-confidence: medium                       # low | medium | high
/// max-file-size-mib: 256
/// ```
public struct ResidueConfig: Sendable, Equatable {
    public static let fileName = ".residue.yaml"

    public var excludes: [String] = []
    public var disabledRules: [String] = []
    public var onlyRules: [String]?
    public var customRules: [RuleDefinition] = []
    public var failOn: Severity?
    public var inlineIgnore: Bool?
    public var minimumConfidence: Confidence?
    public var maxFileSizeMiB: Int?

    public init() {}

    /// A config that could not be used: the file, the line when known, and why.
    public struct ConfigError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var line: Int?
        public var reason: String

        public var description: String {
            if let line { return "\(path):\(line): \(reason)" }
            return "\(path): \(reason)"
        }
    }

    public static func load(from path: String) throws(ConfigError) -> ResidueConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, reason: "cannot read config")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> ResidueConfig {
        let node: Node?
        if let line = YAMLPrecheck.collectionKeyLine(Array(text.utf8)) {
            throw ConfigError(path: path, reason: "line \(line): \(YAMLPrecheck.refusal)")
        }
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(path: path, reason: "invalid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " "))")
        }
        var config = ResidueConfig()
        guard let node else { return config }
        guard let mapping = node.mapping else {
            throw ConfigError(path: path, line: line(node), reason: "expected a mapping of settings")
        }
        func fail(_ node: Node, _ reason: String) -> ConfigError {
            ConfigError(path: path, line: line(node), reason: reason)
        }
        func strings(_ node: Node, _ key: String) throws(ConfigError) -> [String] {
            guard let sequence = node.sequence else { throw fail(node, "'\(key)' must be a list of strings") }
            var values: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string else { throw fail(item, "'\(key)' must be a list of strings") }
                values.append(text)
            }
            return values
        }
        let baseDirectory = (path as NSString).deletingLastPathComponent
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "exclude":
                config.excludes = try strings(value, key)
            case "rules":
                guard let rules = value.mapping else { throw fail(value, "'rules' must be a mapping with 'disable' and/or 'only'") }
                for (ruleKey, ruleValue) in rules {
                    switch ruleKey.scalar?.string ?? "" {
                    case "disable": config.disabledRules = try strings(ruleValue, "rules.disable")
                    case "only":
                        // An empty list means "not given": it must not silently switch every rule off.
                        let only = try strings(ruleValue, "rules.only")
                        config.onlyRules = only.isEmpty ? nil : only
                    case let other: throw fail(ruleKey, "unknown key 'rules.\(other)' (expected disable, only)")
                    }
                }
            case "custom-rules":
                for file in try strings(value, key) {
                    let resolved = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
                    guard let data = FileManager.default.contents(atPath: resolved) else {
                        throw fail(value, "custom rule pack '\(file)' not found")
                    }
                    do {
                        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                        config.customRules += try RulePackLoader.parse(yaml: String(decoding: data, as: UTF8.self), source: resolved, pack: stem)
                    } catch {
                        throw fail(value, String(describing: error))
                    }
                }
            case "fail-on":
                guard let text = value.scalar?.string, let severity = Severity(rawValue: text) else {
                    throw fail(value, "'fail-on' must be one of low, medium, high, critical")
                }
                config.failOn = severity
            case "inline-ignore":
                guard let flag = value.scalar.flatMap({ Bool.construct(from: $0) }) else {
                    throw fail(value, "'inline-ignore' must be true or false")
                }
                config.inlineIgnore = flag
            case "min-confidence":
                guard let text = value.scalar?.string, let confidence = Confidence(rawValue: text) else {
                    throw fail(value, "'min-confidence' must be one of low, medium, high")
                }
                config.minimumConfidence = confidence
            case "max-file-size-mib":
                guard let number = value.scalar.flatMap({ Int.construct(from: $0) }), number >= 1, number <= 1 << 20 else {
                    throw fail(value, "'max-file-size-mib' must be a whole number from 1 to 1048576")
                }
                config.maxFileSizeMiB = number
            default:
                throw fail(keyNode, "unknown key '\(key)' (expected exclude, rules, custom-rules, fail-on, inline-ignore, min-confidence, max-file-size-mib)")
            }
        }
        return config
    }

    /// Applies `rules.only` / `rules.disable` and adds the custom rules; unknown ids are errors so
    /// a typo cannot silently leave a rule on.
    public func applyRuleSelection(to rules: [RuleDefinition], path: String) throws(ConfigError) -> [RuleDefinition] {
        var all = rules
        var known = Set(rules.map(\.id))
        for rule in customRules {
            guard known.insert(rule.id).inserted else {
                throw ConfigError(path: path, reason: "custom rule '\(rule.id)' reuses the id of another rule")
            }
            all.append(rule)
        }
        let allIDs = Set(all.map(\.id)).union(AnalyzerRules.all.map(\.id))
        for id in disabledRules + (onlyRules ?? []) where !allIDs.contains(id) {
            throw ConfigError(path: path, reason: "unknown rule id '\(id)'")
        }
        if let only = onlyRules {
            let keep = Set(only)
            all = all.filter { keep.contains($0.id) }
        }
        let disabled = Set(disabledRules)
        return all.filter { !disabled.contains($0.id) }
    }

    /// Analyzer rules (serverless config, handler state) that `rules.disable` / `rules.only` turn off.
    public var disabledAnalyzerRules: Set<String> {
        let analyzerIDs = Set(AnalyzerRules.all.map(\.id))
        var disabled = Set(disabledRules).intersection(analyzerIDs)
        if let only = onlyRules { disabled.formUnion(analyzerIDs.subtracting(only)) }
        return disabled
    }

    private static func line(_ node: Node) -> Int? {
        node.mark.map { $0.line }
    }
}
