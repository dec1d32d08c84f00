import Foundation
import Testing
@testable import ResidueCore

/// Every rule carries matching and non-matching examples, and they hold — SwiftLint's way of
/// keeping rules honest.
@Suite struct RulePackTests {
    @Test func thePacksHoldAtLeastTwoHundredFiftyRules() {
        #expect(TestSupport.packRules.count >= 250, "only \(TestSupport.packRules.count) rules")
    }

    /// Sensitive-data rules live in their own category and each has a checksum to pass.
    @Test func everyPIIRuleHasAChecksumValidator() {
        let pii = TestSupport.packRules.filter { $0.category == .pii }
        #expect(pii.count >= 10)
        for rule in pii {
            #expect(rule.validator != nil, "pii rule \(rule.id) has no validator")
        }
    }

    @Test func everyRuleHasBothKindsOfExample() {
        for rule in TestSupport.packRules {
            #expect(!rule.matchExamples.isEmpty, "rule \(rule.id) has no match example")
            #expect(!rule.nomatchExamples.isEmpty, "rule \(rule.id) has no nomatch example")
        }
    }

    @Test func everyRuleHasKeywordsForThePrefilter() {
        for rule in TestSupport.packRules {
            #expect(!rule.keywords.isEmpty, "rule \(rule.id) has no keywords and would run on every byte")
        }
    }

    @Test(arguments: TestSupport.packRules.map(\.id))
    func matchExamplesAreReported(ruleID: String) throws {
        let rule = try #require(TestSupport.packRules.first { $0.id == ruleID })
        for example in rule.matchExamples {
            let findings = TestSupport.builtinScanner.scan(bytes: Array(example.text.utf8), path: "example.txt", showSecrets: true)
                .filter { $0.ruleID == rule.id }
            #expect(!findings.isEmpty, "rule \(rule.id) misses its match example: \(example.text)")
            if let secret = example.secret, !findings.isEmpty {
                #expect(findings.contains { $0.secret == secret },
                        "rule \(rule.id) captured \(findings.compactMap { $0.secret }) instead of \(secret)")
            }
        }
    }

    @Test(arguments: TestSupport.packRules.map(\.id))
    func nomatchExamplesAreNotReported(ruleID: String) throws {
        let rule = try #require(TestSupport.packRules.first { $0.id == ruleID })
        for example in rule.nomatchExamples {
            let findings = TestSupport.builtinScanner.scan(bytes: Array(example.utf8), path: "example.txt", showSecrets: true)
                .filter { $0.ruleID == rule.id }
            #expect(findings.isEmpty, "rule \(rule.id) fires on its nomatch example: \(example) → \(findings.compactMap { $0.secret })")
        }
    }

    /// The regex only runs near a keyword, so a match without one would be silently lost.
    @Test(arguments: TestSupport.packRules.map(\.id))
    func everyMatchContainsAKeyword(ruleID: String) throws {
        let rule = try #require(TestSupport.packRules.first { $0.id == ruleID })
        let regex = try PCRE2Regex(rule.regex)
        let scratch = MatchScratch(ovectorPairs: regex.ovectorPairs)
        for example in rule.matchExamples {
            let bytes = Array(example.text.utf8)
            guard let range = regex.firstMatch(in: bytes, scratch: scratch) else {
                Issue.record("rule \(rule.id): regex does not match its example \(example.text)")
                continue
            }
            let matched = String(decoding: bytes[range], as: UTF8.self).lowercased()
            #expect(rule.keywords.contains { matched.contains($0.lowercased()) },
                    "rule \(rule.id): match '\(matched)' contains none of \(rule.keywords)")
        }
    }

    @Test func ruleIDsAreUniqueAcrossPacks() {
        let ids = TestSupport.packRules.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}

/// The binary embeds the packs as generated source; this keeps the two in sync.
@Suite struct GeneratedRulesTests {
    @Test func generatedSourceIsUpToDate() throws {
        let expected = RuleCodegen.swiftSource(for: TestSupport.packRules.map(\.withoutExamples))
        let url = TestSupport.packageRoot.appendingPathComponent(RuleCodegen.generatedFileRelativePath)
        let actual = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(RuleCodegen.generatedFileRelativePath) is stale: run `make rules`")
    }

    @Test func embeddedRulesEqualThePacks() {
        #expect(BuiltinRules.definitions == TestSupport.packRules.map(\.withoutExamples))
    }

    @Test func embeddedRulesCompile() throws {
        let ruleSet = try CompiledRuleSet.builtin()
        #expect(ruleSet.rules.count == BuiltinRules.definitions.count)
        #expect(ruleSet.rules.allSatisfy { $0.regex.isJITCompiled })
    }

    @Test func swiftLiteralsRoundTripAwkwardText() {
        let literal = RuleCodegen.literal("a\\b\"c\nd\u{1}é")
        #expect(literal == "\"a\\\\b\\\"c\\nd\\u{1}é\"")
    }
}

@Suite struct RulePackLoaderTests {
    @Test func reportsTheFileAndRuleForBadFields() {
        let yaml = """
            rules:
              - id: bad-rule
                title: Bad
                severity: severe
                category: secret
                keywords: [x]
                regex: 'x'
            """
        #expect(throws: RulePackError(source: "p.yaml", ruleID: "bad-rule", reason: "severity 'severe' is not one of low, medium, high, critical")) {
            try RulePackLoader.parse(yaml: yaml, source: "p.yaml", pack: "p")
        }
    }

    @Test func rejectsUnknownFieldsAndValidators() {
        let unknownField = "rules:\n  - {id: a, title: A, severity: low, category: secret, regexp: 'x'}\n"
        #expect(throws: RulePackError.self) { try RulePackLoader.parse(yaml: unknownField, source: "p.yaml", pack: "p") }
        let unknownValidator = "rules:\n  - {id: a, title: A, severity: low, category: secret, regex: 'x', validator: magic}\n"
        #expect(throws: RulePackError.self) { try RulePackLoader.parse(yaml: unknownValidator, source: "p.yaml", pack: "p") }
    }

    /// Custom packs can come from the repository being scanned: an alias bomb must fail fast.
    @Test func aliasBombsAreRejected() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("rules: *a8")
        #expect(throws: RulePackError(source: "bomb.yaml", reason: "YAML expands to more than 200000 nodes (alias bomb?)")) {
            try RulePackLoader.parse(yaml: lines.joined(separator: "\n"), source: "bomb.yaml", pack: "bomb")
        }
    }

    @Test func invalidRegexNamesTheRuleAndPCRE2Message() throws {
        let rules = try RulePackLoader.parse(
            yaml: "rules:\n  - {id: broken, title: B, severity: low, category: secret, keywords: [a], regex: 'a(b'}\n",
            source: "p.yaml", pack: "p")
        do {
            _ = try CompiledRuleSet(definitions: rules)
            Issue.record("an invalid regex compiled")
        } catch {
            #expect(error.ruleID == "broken")
            #expect(error.error.message.contains("missing closing parenthesis"))
            #expect(error.error.offset == 3)
        }
    }

    @Test func parsesBothExampleForms() throws {
        let yaml = """
            rules:
              - id: ex
                title: Ex
                severity: low
                category: pii
                keywords: [k]
                regex: 'k(?<secret>\\d+)'
                examples:
                  match:
                    - 'k12'
                    - {text: 'k34', secret: '34'}
                  nomatch: ['k']
            """
        let rule = try #require(try RulePackLoader.parse(yaml: yaml, source: "p.yaml", pack: "p").first)
        #expect(rule.matchExamples == [RuleExample(text: "k12"), RuleExample(text: "k34", secret: "34")])
        #expect(rule.nomatchExamples == ["k"])
        #expect(rule.category == .pii)
    }
}
