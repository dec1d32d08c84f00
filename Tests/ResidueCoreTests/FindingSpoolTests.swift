import Foundation
import Testing
@testable import ResidueCore

/// Past a few thousand findings a scan keeps them in a spool file: the report must be the same
/// finding for finding, in the same order, as when every finding stays in memory.
@Suite struct FindingSpoolTests {
    static func finding(
        _ path: String, line: Int, column: Int = 1, rule: String = "generic-password", fingerprint: String = "f"
    ) -> Finding {
        Finding(
            ruleID: rule, title: "Title of \(rule)", severity: .high, confidence: .medium, category: .secret, path: path,
            line: line, column: column, endLine: line, excerpt: "password = \"ab******\"", redactedSecret: "ab******",
            fingerprint: fingerprint)
    }

    @Test func everyFieldSurvivesTheRoundTrip() {
        var full = Self.finding("src/ünïcode €/app.py", line: 1 << 40, column: 70_000, rule: "stripe-secret-key")
        full.endLine = (1 << 40) + 2
        full.secret = "sk_live_\u{0}not\nprinted"
        full.commit = String(repeating: "a", count: 40)
        full.authorDate = "2026-11-30T12:00:00Z"
        full.message = "Environment variable STRIPE_KEY of function Pay holds a live Stripe key"
        full.encoding = .percent
        full.severity = .critical
        full.confidence = .low
        full.category = .pii
        var empty = Self.finding("", line: 0, column: -5)
        empty.title = ""
        empty.excerpt = ""
        empty.redactedSecret = ""
        empty.fingerprint = ""
        empty.encoding = .base64
        for original in [full, empty] {
            var bytes: [UInt8] = []
            FindingCodec.encode(original, into: &bytes)
            #expect(FindingCodec.decode(bytes, path: original.path, ruleID: original.ruleID) == original)
            // Cut short or with a byte too many, a record does not decode.
            #expect(FindingCodec.decode(Array(bytes.dropLast()), path: original.path, ruleID: original.ruleID) == nil)
            #expect(FindingCodec.decode(bytes + [0], path: original.path, ruleID: original.ruleID) == nil)
        }
    }

    @Test func spooledFindingsComeBackInReportOrderWithTiesBrokenByFingerprint() throws {
        // Added out of order, from several "workers", with findings equal in everything but the
        // fingerprint (two values at one position: the order must come from the fingerprints).
        var findings: [Finding] = []
        for path in ["b/z.py", "a/y.py", "a/y.pyc", "a.py", "B.py"] {
            for line in [30, 2, 11] {
                findings.append(Self.finding(path, line: line, column: 7, rule: "rule-b"))
                findings.append(Self.finding(path, line: line, column: 7, rule: "rule-a", fingerprint: "9\(line)"))
                findings.append(Self.finding(path, line: line, column: 7, rule: "rule-a", fingerprint: "1\(line)"))
                findings.append(Self.finding(path, line: line, column: 3))
            }
        }
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let collector = FindingCollector(heldLimit: 5, spoolDirectory: directory.path)
        let all = findings
        DispatchQueue.concurrentPerform(iterations: 4) { part in
            collector.add(Array(all.enumerated().filter { $0.offset % 4 == part }.map(\.element)))
        }
        let collected = collector.finish()
        var expected = findings
        Finding.sortForReport(&expected)
        #expect(collected.findings.isSpooled)
        #expect(collected.notes.isEmpty)
        #expect(Array(collected.findings) == expected)
        #expect(collected.findings.count == 5 * 3 * 4)
        // The spool file was unlinked when made: nothing is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        // Filtering keeps the spool and the order.
        let kept = collected.findings.keeping { $0.ruleID == "rule-a" }
        #expect(kept.isSpooled)
        #expect(Array(kept) == expected.filter { $0.ruleID == "rule-a" })
    }

    @Test func theCollectorDropsDisabledRulesLowConfidenceAndCoveredTemplateLines() {
        let collector = FindingCollector(heldLimit: 1, spoolDirectory: NSTemporaryDirectory(),
                                         disabledRules: ["off"], minimumConfidence: .medium)
        var unsure = Self.finding("app.py", line: 4)
        unsure.confidence = .low
        var disabledField = Self.finding("template.yaml", line: 20, rule: "off")
        disabledField.message = "a field finding of a disabled rule covers nothing"
        collector.add([Self.finding("template.yaml", line: 12, rule: "lambda-env-secret"), disabledField], covering: true)
        collector.add([
            Self.finding("template.yaml", line: 12, rule: "stripe-secret-key"),  // covered: dropped
            Self.finding("template.yaml", line: 13, rule: "stripe-secret-key"),
            Self.finding("template.yaml", line: 20, rule: "stripe-secret-key"),  // its cover was disabled
            Self.finding("app.py", line: 12, rule: "off"),
            unsure,
        ])
        let kept = collector.finish().findings
        #expect(kept.isSpooled)
        #expect(kept.map { "\($0.path):\($0.line):\($0.ruleID)" } == [
            "template.yaml:12:lambda-env-secret", "template.yaml:13:stripe-secret-key", "template.yaml:20:stripe-secret-key",
        ])
    }

    @Test func aSpoolThatCannotBeMadeLeavesTheFindingsInMemoryWithANote() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notAFolder = directory.appendingPathComponent("file")
        try TestSupport.write("x", to: notAFolder)
        let collector = FindingCollector(heldLimit: 2, spoolDirectory: notAFolder.path)
        let findings = (1...5).map { Self.finding("a.py", line: $0) }
        collector.add(findings)
        let collected = collector.finish()
        #expect(!collected.findings.isSpooled)
        #expect(Array(collected.findings) == findings)
        #expect(collected.notes == [ScanWarning(
            path: notAFolder.path, reason: "cannot create a spool file: Not a directory; findings kept in memory")])
    }

    @Test func theSpoolIsNeverMadeInsideAScannedRoot() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let inside = root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        #expect(UnlinkedFile.folder(outside: [root.path], preferred: inside.path) == nil)
        #expect(UnlinkedFile.folder(outside: [root.path], preferred: root.path) == nil)
        // Through a symbolic link to the root, too.
        let link = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + "-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root)
        defer { try? FileManager.default.removeItem(at: link) }
        #expect(UnlinkedFile.folder(outside: [link.path], preferred: inside.path) == nil)
        // A sibling whose name starts with the root's is outside it.
        let sibling = URL(fileURLWithPath: root.path + "-sibling")
        try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sibling) }
        #expect(UnlinkedFile.folder(outside: [root.path], preferred: sibling.path) == sibling.resolvingSymlinksInPath().path)

        // A scan told to spool into its own tree holds its findings instead and leaves the tree as it was.
        try TestSupport.write("aws_access_key_id = AKIAQWERTYUIOPASDFGH\n", to: root.appendingPathComponent("a.py"))
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.findingsHeldInMemory = 0
        configuration.spoolDirectory = inside.path
        let result = TestSupport.builtinScanner.scan(configuration)
        #expect(!result.findings.isEmpty)
        #expect(!result.findings.isSpooled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inside.path).isEmpty)
    }

    @Test func theExamplesScanTheSameSpooledOrHeld() throws {
        let examples = TestSupport.packageRoot.appendingPathComponent("Examples").path
        func scan(held: Int) -> ScanResult {
            var configuration = ScanConfiguration(roots: [examples])
            configuration.findingsHeldInMemory = held
            return TestSupport.builtinScanner.scan(configuration)
        }
        let spooled = scan(held: 0)
        let held = scan(held: .max)
        #expect(spooled.findings.isSpooled)
        #expect(!held.findings.isSpooled)
        #expect(spooled.findings.count >= 10)
        #expect(spooled.findings == held.findings)
        // Field findings from the templates and content findings from the code are both there.
        #expect(spooled.findings.contains { $0.message != nil && $0.path.hasSuffix(".yaml") })
        #expect(spooled.findings.contains { $0.message == nil })
        let rules = TestSupport.packRules
        #expect(ReportRenderer.render(spooled, format: .sarif, rules: rules, workingDirectory: "/")
            == ReportRenderer.render(held, format: .sarif, rules: rules, workingDirectory: "/"))
    }
}
