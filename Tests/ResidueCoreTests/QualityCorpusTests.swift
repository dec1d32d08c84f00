import Foundation
import Testing
@testable import ResidueCore

/// The labelled serverless corpus (Tests/Corpora/make_serverless_corpus.py): recall and precision
/// must reach 0.95 for every category with something to find, and a category with nothing planted
/// must report nothing.
@Suite struct QualityCorpusTests {
    static let minimum = 0.95

    /// Generates the corpus into a temporary folder with python3 (as CI has it).
    static func generateCorpus() throws -> URL {
        let directory = try TestSupport.makeTemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestSupport.packageRoot.appendingPathComponent("Tests/Corpora/make_serverless_corpus.py").path, directory.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the corpus generator failed")
        return directory
    }

    @Test func corpusReachesTheQualityBar() throws {
        let directory = try Self.generateCorpus()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truthText = try String(contentsOf: directory.appendingPathComponent("truth.tsv"), encoding: .utf8)
        let truth = try GroundTruth.parse(truthText, source: "truth.tsv")
        #expect(truth.entries.filter { $0.label == .secret }.count >= 60)
        #expect(truth.entries.filter { $0.label == .trap }.count >= 100)

        let root = directory.appendingPathComponent("repo").path
        let result = TestSupport.builtinScanner.scan(ScanConfiguration(roots: [root]))
        let packs = QualityReport.families(of: TestSupport.packRules)
        let report = QualityReport.evaluate(findings: Array(result.findings), root: root, truth: truth) { packs[$0] ?? "?" }
        for category in FindingCategory.allCases {
            let score = report.byCategory[category] ?? QualityReport.Score()
            if score.positives == 0 {
                #expect(score.falsePositives == 0, "\(category): nothing planted, yet reported:\n\(report.render())")
                continue
            }
            #expect(score.recall >= Self.minimum, "\(category) recall \(score.recall):\n\(report.render())")
            #expect(score.precision >= Self.minimum, "\(category) precision \(score.precision):\n\(report.render())")
        }
    }
}

@Suite struct QualityReportTests {
    private func finding(_ path: String, _ line: Int, rule: String = "aws-access-key-id", category: FindingCategory = .secret) -> Finding {
        Finding(ruleID: rule, title: rule, severity: .high, confidence: .high, category: category, path: path, line: line,
                column: 1, endLine: line, excerpt: "", redactedSecret: "", fingerprint: "")
    }

    @Test func parsesTruthAndRejectsBadLines() throws {
        let truth = try GroundTruth.parse("# comment\nsecret\ta/.env\t3\taws\ntrap\tpackage-lock.json\t*\tlock-file\n\n", source: "t")
        #expect(truth.entries == [
            .init(label: .secret, path: "a/.env", line: 3, tag: "aws"),
            .init(label: .trap, path: "package-lock.json", line: nil, tag: "lock-file"),
        ])
        #expect(throws: GroundTruth.ParseError.self) { try GroundTruth.parse("secret\ta\t*\taws\n", source: "t") }
        #expect(throws: GroundTruth.ParseError.self) { try GroundTruth.parse("secrets\ta\t1\taws\n", source: "t") }
        #expect(throws: GroundTruth.ParseError.self) { try GroundTruth.parse("secret a 1 aws\n", source: "t") }
    }

    @Test func countsLinesOnceAndChargesFalsePositivesToTraps() throws {
        let truth = try GroundTruth.parse("""
            secret\ta/.env\t3\taws
            secret\ta/.env\t4\taws
            secret\tb.py\t9\tgeneric
            trap\tREADME.md\t5\tdocs-example
            trap\tpackage-lock.json\t*\tlock-file
            """, source: "t")
        let findings = [
            finding("/corpus/a/.env", 3), finding("/corpus/a/.env", 3, rule: "aws-access-key-pair"),
            finding("/corpus/b.py", 9, rule: "generic-password"),
            finding("/corpus/README.md", 5), finding("/corpus/package-lock.json", 80, rule: "generic-token"),
            finding("/corpus/c.go", 1),
        ]
        let report = QualityReport.evaluate(findings: findings, root: "/corpus/", truth: truth) { $0.hasPrefix("aws") ? "aws" : "generic" }
        let secrets = try #require(report.byCategory[.secret])
        #expect(secrets.truePositives == 2)
        #expect(secrets.falseNegatives == 1)
        #expect(secrets.falsePositives == 3)
        #expect(report.misses.map(\.line) == [4])
        #expect(report.byTrapKind["docs-example"] == .init(traps: 1, tripped: 1))
        #expect(report.byTrapKind["lock-file"] == .init(traps: 1, tripped: 1))
        #expect(report.byTrapKind["unlabelled"]?.tripped == 1)
        #expect(report.byFamily["aws"]?.recall == 0.5)
        #expect(report.render().contains("README.md:5 aws-access-key-id (docs-example)"))
    }
}
