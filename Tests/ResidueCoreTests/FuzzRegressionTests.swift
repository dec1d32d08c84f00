import Foundation
import Testing
@testable import ResidueCore

/// Inputs the fuzzers (`make fuzz`) found crashing, kept so they never crash again. Each file is
/// the fuzzer's input as it was: for `handler-*`, the first byte picks the language.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Corpora/fuzz-regressions")
    static let names = ["app.py", "index.js", "handler.ts", "Handler.java", "main.go", "Function.cs", "handler.rb", "main.swift"]

    @Test func handlerStateInputsNoLongerCrash() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasPrefix("handler-") }.sorted()
        #expect(!files.isEmpty)
        let analyzer = HandlerStateAnalyzer(functions: [])
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(file)))
            guard let first = bytes.first else { continue }
            let name = Self.names[Int(first) % Self.names.count]
            let output = bytes.dropFirst().withUnsafeBytes { analyzer.analyze($0, path: name, relativePath: name) }
            #expect(output.findings.count >= 0, "\(file)")
        }
    }

    // Yams 6.2.2 stopped the process on this mutated JSON report when it was read as a rule pack:
    // an alias used as a mapping key. Rule packs are now checked key by key before Yams loads them.
    @Test func configInputsNoLongerCrash() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasPrefix("config-") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(file))
            let text = String(decoding: data, as: UTF8.self)
            _ = try? ResidueConfig.parse(text, path: "fuzz.yaml")
            _ = try? Baseline.parse(text, path: "baseline.json")
            _ = try? JSONReport.parse(data, source: "report.json")
            if let rules = try? RulePackLoader.parse(yaml: text, source: "pack.yaml", pack: "fuzz") {
                _ = try? CompiledRuleSet(definitions: rules)
            }
        }
    }

    /// Yams stops the process on a collection used as a mapping key: such YAML is refused first.
    @Test(arguments: ["{{}}", "{ {}: 1 }", "image: {{ .Values.image }}", "? {}\n: 1", "{[a]: b}", "{{a: b}: c}", "- [a, b]: c"])
    func collectionKeysAreRefusedBeforeYams(_ yaml: String) {
        #expect(YAMLPrecheck.collectionKeyLine(Array(yaml.utf8)) != nil)
        #expect(throws: ConfigParseError.self) { try ConfigTreeReader.parseYAML(Array(yaml.utf8)) }
        #expect(throws: ResidueConfig.ConfigError.self) { try ResidueConfig.parse(yaml, path: ".residue.yaml") }
    }

    @Test(arguments: ["a: {b: {}}", "[{}]", "x: \"{{resolve:ssm:/a}}\"", "Name: !Sub '${AWS::StackName}-{x}'", "run: echo ${{ secrets.X }}",
                      "k: [1, {a: [2]}]", "# {{ comment }}\nk: v", "s: 'it''s {{x}}'"])
    func ordinaryYAMLPasses(_ yaml: String) {
        #expect(YAMLPrecheck.collectionKeyLine(Array(yaml.utf8)) == nil)
    }
}
