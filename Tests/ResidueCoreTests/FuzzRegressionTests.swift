import Foundation
import Testing
@testable import ResidueCore

/// Inputs the fuzzers (`make fuzz`) found crashing, kept so they never crash again. Each file is
/// the fuzzer's input as it was: for `handler-*`, the first byte picks the language.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Corpora/fuzz-regressions")
    static let names = ["app.py", "index.js", "handler.ts", "Handler.java", "main.go", "Function.cs", "handler.rb", "main.swift"]

    /// `hcl-slow-1.bin`: a local that names itself inside a `merge(…)` made the secret search
    /// follow the same local again and again (seconds for 2.4 KB); each local is now looked into
    /// once per value, and the module still reads as written.
    @Test func terraformInputsReadAsWritten() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent("hcl-slow-1.bin")))
        let analysis = ServerlessConfigAnalyzer.analyzeInMemory(bytes, relativePath: "main.tf", ruleSet: TestSupport.builtinScanner.ruleSet)
        #expect(analysis.functions.map(\.logicalName) == ["aws_lambda_function.api", "aws_lambda_function.worker"])
        let stripe = analysis.output.findings.filter { $0.ruleID == "lambda-env-secret" }
        #expect(stripe.map(\.line) == [66])
        #expect(stripe.first?.message?.contains("STRIPE_API_KEY") == true)
    }

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
