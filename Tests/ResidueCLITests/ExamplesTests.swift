import Foundation
import Testing

/// `make demo` scans Examples/: it must report every planted secret and no decoy.
@Suite struct ExamplesTests {
    @Test func demoFindsEveryPlantedSecretAndNoDecoy() throws {
        let manifest = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Examples/expected-findings.txt"), encoding: .utf8)
        let expected = Set(manifest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
        #expect(expected.count >= 8)

        let outcome = try CLI.run(["scan", "Examples", "--format", "json"], in: CLI.packageRoot)
        #expect(outcome.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let actual = Set(findings.map { finding in
            "\(finding["path"] as? String ?? "?"):\(finding["line"] as? Int ?? 0) \(finding["ruleId"] as? String ?? "?")"
        })
        #expect(actual.subtracting(expected).isEmpty, "decoys or unexpected findings: \(actual.subtracting(expected).sorted())")
        #expect(expected.subtracting(actual).isEmpty, "planted secrets missed: \(expected.subtracting(actual).sorted())")
    }
}
