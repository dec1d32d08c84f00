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
}
