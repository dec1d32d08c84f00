import Foundation
import Testing
@testable import ResidueCore

/// Scores the handler-state analyzer on the labelled corpus in `Tests/Corpora/handler-state/`:
/// realistic handlers per language, with the expected findings in a separate truth file per
/// language (`truth-<language>.txt`: `path line rule-id`, or `path -` for a file with none).
@Suite struct HandlerStateCorpusTests {
    static let corpus = TestSupport.packageRoot.appendingPathComponent("Tests/Corpora/handler-state")

    struct Expectation: Hashable, CustomStringConvertible {
        var path: String
        var line: Int
        var ruleID: String
        var description: String { "\(path):\(line) \(ruleID)" }
    }

    struct Score {
        var files = 0
        var positiveFiles = 0
        var negativeFiles = 0
        var expected: Set<Expectation> = []
        var reported: Set<Expectation> = []
        var messages: [Expectation: String] = [:]

        var truePositives: Int { expected.intersection(reported).count }
        var precision: Double { reported.isEmpty ? 1 : Double(truePositives) / Double(reported.count) }
        var recall: Double { expected.isEmpty ? 1 : Double(truePositives) / Double(expected.count) }
    }

    static func score(_ language: String) throws -> Score {
        let truthText = try String(contentsOf: corpus.appendingPathComponent("truth-\(language).txt"), encoding: .utf8)
        var score = Score()
        var listed: Set<String> = []
        for line in truthText.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 2 else { continue }
            listed.insert(fields[0])
            if fields[1] != "-", fields.count == 3, let number = Int(fields[1]) {
                score.expected.insert(Expectation(path: fields[0], line: number, ruleID: fields[2]))
            }
        }
        let folder = corpus.appendingPathComponent(language)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let analyzer = HandlerStateAnalyzer(functions: [])
        for name in names {
            let relative = "\(language)/\(name)"
            #expect(listed.contains(relative), "\(relative) is missing from truth-\(language).txt")
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let output = bytes.withUnsafeBytes { analyzer.analyze($0, path: relative, relativePath: relative) }
            score.files += 1
            if score.expected.contains(where: { $0.path == relative }) { score.positiveFiles += 1 } else { score.negativeFiles += 1 }
            for finding in output.findings {
                let found = Expectation(path: relative, line: finding.line, ruleID: finding.ruleID)
                score.reported.insert(found)
                score.messages[found] = finding.message
            }
        }
        return score
    }

    static func check(_ language: String, minimumFiles: Int = 10) throws {
        let score = try score(language)
        let precision = String(format: "%.2f", score.precision), recall = String(format: "%.2f", score.recall)
        print("handler-state \(language): precision \(precision), recall \(recall) (\(score.truePositives) of \(score.expected.count) "
              + "expected, \(score.reported.count) reported; \(score.positiveFiles) positive and \(score.negativeFiles) negative files)")
        for missed in score.expected.subtracting(score.reported).sorted(by: { $0.description < $1.description }) {
            print("  missed: \(missed)")
        }
        for extra in score.reported.subtracting(score.expected).sorted(by: { $0.description < $1.description }) {
            print("  unexpected: \(extra): \(score.messages[extra] ?? "")")
        }
        #expect(score.positiveFiles >= minimumFiles)
        #expect(score.negativeFiles >= minimumFiles)
        #expect(score.precision >= 0.90, "\(language) precision \(precision)")
        #expect(score.recall >= 0.90, "\(language) recall \(recall)")
    }

    @Test func python() throws { try Self.check("python") }
    @Test func javascript() throws { try Self.check("javascript") }
    @Test func java() throws { try Self.check("java") }
    @Test func go() throws { try Self.check("go") }
    @Test func csharp() throws { try Self.check("csharp") }
    @Test func ruby() throws { try Self.check("ruby") }
    @Test func swift() throws { try Self.check("swift") }
}
