import Foundation
@testable import ResidueCore

enum TestSupport {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let patternsDirectory = packageRoot.appendingPathComponent("Patterns")

    /// The rule packs as written, examples included. Loaded once.
    static let packRules: [RuleDefinition] = {
        do {
            return try RulePackLoader.loadDirectory(patternsDirectory)
        } catch {
            fatalError("cannot load Patterns/: \(error)")
        }
    }()

    static let builtinScanner: ScanEngine = {
        do {
            return ScanEngine(ruleSet: try CompiledRuleSet(definitions: packRules))
        } catch {
            fatalError("built-in rules do not compile: \(error)")
        }
    }()

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("residue-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func scanner(_ yaml: String) throws -> ScanEngine {
        let rules = try RulePackLoader.parse(yaml: yaml, source: "test.yaml", pack: "test")
        return ScanEngine(ruleSet: try CompiledRuleSet(definitions: rules))
    }
}
