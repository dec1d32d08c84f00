import Foundation
import Testing

/// Runs the real `swift package scan` in the consumer package under Examples/.
@Suite(.serialized) struct PluginIntegrationTests {
    static let consumer = CLI.packageRoot.appendingPathComponent("Examples/plugin-consumer")

    private func swiftPackage(_ arguments: [String]) throws -> CLI.Outcome {
        try CLI.run(["swift", "package"] + arguments, in: Self.consumer, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    @Test func scanPrintsCompilerStyleLinesAndFailsOnFindings() throws {
        let outcome = try swiftPackage(["scan"])
        #expect(outcome.status != 0, "findings must fail the command")
        #expect(outcome.stdout.contains(".env:2:19: error: "), "stdout: \(outcome.stdout)\nstderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("[aws-access-key-id]") || outcome.stdout.contains("[aws-"))
        #expect(!outcome.stdout.contains("AKIAT3MZQ7B5R2XW4PLN"))
    }

    @Test func optionsPassThroughAndAReportCanBeWrittenIntoThePackage() throws {
        let report = Self.consumer.appendingPathComponent("residue.sarif")
        defer { try? FileManager.default.removeItem(at: report) }
        let outcome = try swiftPackage(["--allow-writing-to-package-directory", "scan", "--format", "sarif", "--output", "residue.sarif"])
        #expect(outcome.status != 0)
        let data = try Data(contentsOf: report)
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")

        let threshold = try swiftPackage(["scan", "--fail-on", "critical", "--rules", "/nonexistent.yaml"])
        #expect(threshold.status != 0)
        // SwiftPM relays what the plugin process prints; it may land on either stream.
        #expect((threshold.stdout + threshold.stderr).contains("/nonexistent.yaml: rule pack not found"))
    }
}
