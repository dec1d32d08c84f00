import ArgumentParser
import Foundation
import ResidueCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules a scan runs."
    )

    enum ListFormat: String, ExpressibleByArgument {
        case text, json
    }

    @Option(name: .shortAndLong, help: "text or json.")
    var format: ListFormat = .text

    @Option(name: .customLong("rules"), help: "An extra rule pack (YAML file or folder of packs); repeatable.")
    var extraRulePacks: [String] = []

    func run() throws {
        let definitions = try RuleLoading.definitions(extraPacks: extraRulePacks)
        // Compiling proves every listed rule would run.
        _ = try RuleLoading.compile(definitions, source: extraRulePacks.first ?? "built-in rules")
        switch format {
        case .text:
            let idWidth = definitions.map(\.id.count).max() ?? 2
            let validatorWidth = ValidatorKind.allCases.map(\.rawValue.count).max() ?? 1
            var out = ""
            for rule in definitions {
                let id = rule.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let category = rule.category.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                let validator = (rule.validator?.rawValue ?? "-").padding(toLength: validatorWidth, withPad: " ", startingAt: 0)
                out += "\(id)  \(severity)  \(category)  \(validator)  \(rule.title)\n"
            }
            let validated = definitions.filter { $0.validator != nil }.count
            let packs = Set(definitions.map(\.pack)).count
            out += "\(definitions.count) rules in \(packs) packs, \(validated) with an offline validator\n"
            // Rules written in code: the serverless-config and handler-state analyzers.
            let analyzerRules = AnalyzerRules.all
            out += "\n"
            let analyzerWidth = analyzerRules.map(\.id.count).max() ?? 2
            for rule in analyzerRules {
                let id = rule.id.padding(toLength: analyzerWidth, withPad: " ", startingAt: 0)
                let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let category = rule.category.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                let analyzer = rule.analyzer.padding(toLength: 17, withPad: " ", startingAt: 0)
                out += "\(id)  \(severity)  \(category)  \(analyzer)  \(rule.title)\n"
            }
            out += "\(analyzerRules.count) analyzer rules (serverless configuration, handler state)\n"
            Console.output(out)
        case .json:
            struct Entry: Encodable {
                var id, title, severity, category, confidence: String
                var pack: String?
                var keywords: [String]?
                var validator: String?
                var analyzer: String?
                var fix: String?
            }
            let entries = definitions.map {
                Entry(id: $0.id, title: $0.title, severity: $0.severity.rawValue, category: $0.category.rawValue,
                      confidence: $0.confidence.rawValue, pack: $0.pack, keywords: $0.keywords,
                      validator: $0.validator?.rawValue)
            } + AnalyzerRules.all.map {
                Entry(id: $0.id, title: $0.title, severity: $0.severity.rawValue, category: $0.category.rawValue,
                      confidence: $0.confidence.rawValue, analyzer: $0.analyzer, fix: $0.fix)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(entries)
            Console.output(String(decoding: data, as: UTF8.self) + "\n")
        }
    }
}
