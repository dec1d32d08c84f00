/// A rule whose patterns are compiled and ready to run.
public final class CompiledRule: Sendable {
    public let definition: RuleDefinition
    public let regex: PCRE2Regex
    public let allow: [PCRE2Regex]

    public init(_ definition: RuleDefinition) throws(RuleCompileError) {
        self.definition = definition
        do {
            regex = try PCRE2Regex(definition.regex)
        } catch {
            throw RuleCompileError(ruleID: definition.id, field: "regex", error: error)
        }
        var allow: [PCRE2Regex] = []
        for pattern in definition.allow {
            do {
                allow.append(try PCRE2Regex(pattern))
            } catch {
                throw RuleCompileError(ruleID: definition.id, field: "allow", error: error)
            }
        }
        self.allow = allow
    }
}

/// A rule whose regex PCRE2 refused: names the rule, PCRE2's message and the offset.
public struct RuleCompileError: Error, CustomStringConvertible, Equatable {
    public var ruleID: String
    public var field: String
    public var error: RegexCompileError

    public var description: String {
        "rule '\(ruleID)': invalid \(field): \(error.message) at offset \(error.offset)"
    }
}

/// Every enabled rule, compiled, with the keyword prefilter that decides which run where.
public final class CompiledRuleSet: Sendable {
    public let rules: [CompiledRule]
    public let prefilter: KeywordPrefilter
    /// For each prefilter keyword, the rules that named it and its length in bytes.
    let keywordRules: [[Int]]
    let keywordLengths: [Int]
    /// Rules without keywords run on every byte.
    let unconditionalRules: [Int]
    /// The most ovector pairs any rule needs; sizes the per-thread match data.
    public let maxOvectorPairs: Int
    /// The largest `window` of any rule: the longest reach of a match past its keyword.
    public let maxWindow: Int

    public init(definitions: [RuleDefinition]) throws(RuleCompileError) {
        var compiled: [CompiledRule] = []
        compiled.reserveCapacity(definitions.count)
        for definition in definitions {
            compiled.append(try CompiledRule(definition))
        }
        rules = compiled

        var keywordIndex: [String: Int] = [:]
        var keywords: [String] = []
        var keywordRules: [[Int]] = []
        var unconditional: [Int] = []
        for (ruleIndex, rule) in compiled.enumerated() {
            if rule.definition.keywords.isEmpty {
                unconditional.append(ruleIndex)
                continue
            }
            for keyword in rule.definition.keywords {
                let key = keyword.lowercased()
                if let existing = keywordIndex[key] {
                    if keywordRules[existing].last != ruleIndex { keywordRules[existing].append(ruleIndex) }
                } else {
                    keywordIndex[key] = keywords.count
                    keywords.append(key)
                    keywordRules.append([ruleIndex])
                }
            }
        }
        prefilter = KeywordPrefilter(keywords: keywords)
        self.keywordRules = keywordRules
        keywordLengths = keywords.map { $0.utf8.count }
        unconditionalRules = unconditional
        maxOvectorPairs = compiled.map(\.regex.ovectorPairs).max() ?? 1
        maxWindow = compiled.map(\.definition.window).max() ?? RuleDefinition.defaultWindow
    }

    /// The built-in rules, compiled. They are tested, so failure here is a build defect.
    public static func builtin() throws(RuleCompileError) -> CompiledRuleSet {
        try CompiledRuleSet(definitions: BuiltinRules.definitions)
    }

    public func makeScratch() -> MatchScratch {
        MatchScratch(ovectorPairs: maxOvectorPairs)
    }
}
