import Foundation
import Testing
@testable import ResidueCore

@Suite("Bounds on one file's work")
struct BoundsTests {
    private func scan(_ text: String, name: String = "keys.txt", _ adjust: (inout ScanConfiguration) -> Void) throws -> ScanResult {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(text, to: root.appendingPathComponent(name))
        var configuration = ScanConfiguration(roots: [root.path])
        adjust(&configuration)
        return TestSupport.builtinScanner.scan(configuration)
    }

    /// Twenty distinct, valid-looking AWS access key IDs on twenty lines.
    private var manyKeys: String {
        (0..<20).map { "aws_access_key_id = AKIA" + "QWERTYUIOPASDFGH".shuffledDeterministically(seed: $0) }
            .joined(separator: "\n") + "\n"
    }

    @Test func findingsBeyondThePerFileLimitAreSummarised() throws {
        let text = manyKeys
        let all = try scan(text) { _ in }
        #expect(all.findings.count == 20)
        let capped = try scan(text) { $0.maxFindingsPerFile = 5 }
        #expect(capped.findings.count == 6)
        let summary = try #require(capped.findings.first { $0.ruleID == "residue-findings-capped" })
        #expect(summary.message == "15 more findings in this file are not listed (at most 5 per file; the most severe are kept)")
        #expect(summary.severity == all.findings.map(\.severity).max())
        #expect(capped.statistics.findingsCapped == 1)
    }

    /// A large file full of matches is trimmed between its chunks (memory stays bounded by the
    /// limit), and ends with the same findings as when it is read in one piece.
    @Test func findingsAreTrimmedBetweenChunksWithTheSameOutcome() throws {
        let text = (0..<3000).map { "aws_access_key_id = AKIA" + "QWERTYUIOPASDFGH".shuffledDeterministically(seed: $0) }
            .joined(separator: "\n") + "\n"
        let all = try scan(text) { $0.maxFindingsPerFile = 1_000_000 }
        #expect(all.findings.count > 2000)
        let whole = try scan(text) { $0.maxFindingsPerFile = 5 }
        let chunked = try scan(text) {
            $0.maxFindingsPerFile = 5
            $0.chunkSize = 4096
            $0.chunkOverlap = 0
        }
        for capped in [whole, chunked] {
            #expect(capped.findings.count == 6)
            #expect(capped.statistics.findingsCapped == 1)
            let summary = try #require(capped.findings.first { $0.ruleID == "residue-findings-capped" })
            #expect(summary.message == "\(all.findings.count - 5) more findings in this file are not listed (at most 5 per file; the most severe are kept)")
        }
        #expect(chunked.findings.map(\.line) == whole.findings.map(\.line))
        #expect(chunked.findings.map(\.fingerprint) == whole.findings.map(\.fingerprint))
        #expect(chunked.statistics.bytesScanned == text.utf8.count)
    }

    @Test func regexWorkStopsAtTheTimeBudgetWithAWarning() throws {
        // Thousands of keyword hits: matching checks the clock every 32 windows.
        let text = String(repeating: "password = \"\" token = \"\" secret = \"\"\n", count: 5_000)
        let result = try scan(text) { $0.matchTimeBudget = 1e-9 }
        #expect(result.statistics.timeBudgetHits == 1)
        #expect(result.warnings.contains { $0.reason.hasPrefix("not fully scanned: regex work stopped after the 1e-09 s budget per file") })
        let unbounded = try scan(text) { $0.matchTimeBudget = 0 }
        #expect(unbounded.statistics.timeBudgetHits == 0)
        #expect(unbounded.warnings.isEmpty)
    }
}

extension String {
    /// A permutation that depends only on `seed`, so test data is the same on every run.
    func shuffledDeterministically(seed: Int) -> String {
        var characters = Array(self)
        var state = UInt64(seed &+ 1) &* 0x9E37_79B9_7F4A_7C15
        for index in stride(from: characters.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            characters.swapAt(index, Int(state >> 33) % (index + 1))
        }
        return String(characters)
    }
}

@Suite("Inline ignores on analyzer findings")
struct AnalyzerSuppressionTests {
    @Test func residueIgnoreSilencesHandlerStateFindings() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let handler = """
            import json

            _last = {}

            def handler(event, context):
                body = json.loads(event["body"])
                _last["payment"] = body%@
                return {"statusCode": 200}
            """
        try TestSupport.write(handler.replacingOccurrences(of: "%@", with: ""), to: root.appendingPathComponent("a/app.py"))
        try TestSupport.write(handler.replacingOccurrences(of: "%@", with: "  # residue:ignore handler-state-global-write -- fixture"),
                              to: root.appendingPathComponent("b/app.py"))
        let result = TestSupport.builtinScanner.scan(ScanConfiguration(roots: [root.path]))
        #expect(result.findings.map { "\($0.path.dropFirst(root.path.count + 1)):\($0.line) \($0.ruleID)" } == ["a/app.py:7 handler-state-global-write"])
        #expect(result.statistics.suppressedInline == 1)
    }
}
