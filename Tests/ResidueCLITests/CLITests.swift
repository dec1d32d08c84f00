import Foundation
import Testing

/// Fake credentials in the AWS access key format (not the documentation key, which is ignored).
private let awsKey = "AKIAZ5R3T7QW2XBN4HJK"

@Suite struct ExitCodeTests {
    @Test func cleanTreeExitsZero() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("print('hello')\n", to: root.appendingPathComponent("app.py"))
        let outcome = try CLI.run(["scan", root.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Scanned 1 file"))
        #expect(outcome.stdout.contains("Findings: 0"))
    }

    @Test func findingsExitOneAndPrintOneLineEach() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("import os\nKEY = \"\(awsKey)\"\n", to: root.appendingPathComponent("app.py"))
        let outcome = try CLI.run(["scan", "."], in: root)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n")
        let first = try #require(lines.first)
        #expect(first.hasPrefix("app.py:2:8: high: "))
        #expect(first.hasSuffix("]"))
        #expect(!outcome.stdout.contains(awsKey), "the secret must be masked")
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func failOnRaisesTheThreshold() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("KEY=\(awsKey)\n", to: root.appendingPathComponent(".env"))
        // An AWS access key ID alone is high, not critical.
        #expect(try CLI.run(["scan", root.path, "--fail-on", "high"]).status == 1)
        #expect(try CLI.run(["scan", root.path, "--fail-on", "critical"]).status == 0)
        let pack = root.appendingPathComponent("custom.yaml")
        try CLI.write("""
            rules:
              - id: custom-low
                title: Low thing
                severity: low
                category: secret
                keywords: [lowthing]
                regex: 'lowthing=(?<secret>\\w+)'
            """, to: pack)
        let data = root.appendingPathComponent("data")
        try CLI.write("lowthing=abc\n", to: data.appendingPathComponent("x.txt"))
        #expect(try CLI.run(["scan", data.path, "--rules", pack.path]).status == 1)
        #expect(try CLI.run(["scan", data.path, "--rules", pack.path, "--fail-on", "medium"]).status == 0)
    }

    @Test func minConfidenceDropsLessCertainFindings() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("AWS_ACCESS_KEY_ID=AKIAZ5R3T7QW2XBN4HJK\nDB_PASSWORD=Hq8!zV2rLx\n", to: root.appendingPathComponent(".env"))
        func rules(_ arguments: [String]) throws -> [String] {
            let outcome = try CLI.run(["scan", root.path, "--format", "json", "--no-config"] + arguments)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let findings = try #require(document["findings"] as? [[String: Any]])
            return findings.compactMap { $0["ruleId"] as? String }.sorted()
        }
        #expect(try rules([]) == ["aws-access-key-id", "generic-password"])
        #expect(try rules(["--min-confidence", "medium"]) == ["aws-access-key-id"])
        #expect(try rules(["--min-confidence", "high"]) == ["aws-access-key-id"])
        try CLI.write("min-confidence: high\n", to: root.appendingPathComponent(".residue.yaml"))
        let configured = try CLI.run(["scan", root.path, "--format", "json"])
        #expect(!configured.stdout.contains("generic-password"))
        #expect(configured.stdout.contains("aws-access-key-id"))
        #expect(try CLI.run(["scan", root.path, "--min-confidence", "sure"]).status == 2)
    }

    @Test func usageErrorsExitTwoWithOneLine() throws {
        let outcome = try CLI.run(["scan", "--format", "xml"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.hasPrefix("residue: error: "))
        let unknown = try CLI.run(["scan", "--bogus"])
        #expect(unknown.status == 2)
    }

    @Test func nothingScannableExitsTwo() throws {
        let outcome = try CLI.run(["scan", "/nonexistent/residue-path"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("/nonexistent/residue-path: no such file or directory"))
        #expect(outcome.stderr.contains("nothing could be scanned"))
    }

    @Test func invalidCustomRegexNamesRuleMessageAndOffset() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pack = root.appendingPathComponent("bad.yaml")
        try CLI.write("""
            rules:
              - id: broken-rule
                title: Broken
                severity: high
                category: secret
                keywords: [abc]
                regex: 'abc(def'
            """, to: pack)
        let outcome = try CLI.run(["scan", root.path, "--rules", pack.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("rule 'broken-rule'"))
        #expect(outcome.stderr.contains("missing closing parenthesis"))
        #expect(outcome.stderr.contains("at offset 7"))
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["--version"]).stdout.hasPrefix("0."))
    }
}

@Suite struct ReportTests {
    private func fixture() throws -> URL {
        let root = try CLI.makeTemporaryDirectory()
        try CLI.write("KEY = \"\(awsKey)\"\n", to: root.appendingPathComponent("src/app.py"))
        try CLI.write("nothing here\n", to: root.appendingPathComponent("README.md"))
        try CLI.write("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8Zl2m3F4T9kQ0yq7T3r5kqN8b4v2pLrXbW5yZ0c8YkHj7Qd\nq3nV9lVwP0mR6sT2uY8wX1zA4bC7dE0fG3hJ6kL9mN2pQ5rS8tU1vW4xY7zA0bC3\n-----END RSA PRIVATE KEY-----\n",
                      to: root.appendingPathComponent("deploy/id_rsa"))
        return root
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let root = try fixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLI.run(["scan", ".", "--format", "json"], in: root)
        #expect(outcome.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["schemaVersion"] as? Int == 1)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let keys: Set<String> = ["ruleId", "title", "severity", "confidence", "category", "path", "line", "column",
                                 "endLine", "excerpt", "redactedSecret", "fingerprint"]
        for finding in findings {
            #expect(Set(finding.keys) == keys)
        }
        #expect(findings.contains { $0["path"] as? String == "src/app.py" && $0["line"] as? Int == 1 })
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["filesScanned"] as? Int == 3)
        #expect(!outcome.stdout.contains(awsKey))
    }

    @Test func showSecretsAddsTheValue() throws {
        let root = try fixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLI.run(["scan", "src", "--format", "json", "--show-secrets"], in: root)
        #expect(outcome.stdout.contains("\"secret\" : \"\(awsKey)\""))
    }

    /// Validates against the OASIS schema with Python's jsonschema.
    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let root = try fixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let schema = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-2.1.0.json")
        try #require(FileManager.default.fileExists(atPath: schema.path), "SARIF schema missing at \(schema.path)")
        let report = root.appendingPathComponent("../\(root.lastPathComponent).sarif").standardizedFileURL
        defer { try? FileManager.default.removeItem(at: report) }
        let outcome = try CLI.run(["scan", ".", "--format", "sarif", "--output", report.path], in: root)
        #expect(outcome.status == 1)
        let validator = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            jsonschema.Draft7Validator(schema).validate(document)
            results = document["runs"][0]["results"]
            assert len(results) == 2, len(results)
            print("valid", len(results))
            """
        let check = try runPython(validator, [schema.path, report.path])
        #expect(check.status == 0, "jsonschema: \(check.stderr)")
        #expect(check.stdout.contains("valid 2"))

        // And `residue scan . --format sarif` over this repository, hundreds of findings in all.
        let repository = root.appendingPathComponent("../\(root.lastPathComponent)-repo.sarif").standardizedFileURL
        defer { try? FileManager.default.removeItem(at: repository) }
        let whole = try CLI.run(["scan", ".", "--format", "sarif", "--output", repository.path, "--quiet"], in: CLI.packageRoot)
        #expect(whole.status == 1)
        let repositoryCheck = try runPython(
            "import json, sys, jsonschema; jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2]))); print('valid')",
            [schema.path, repository.path])
        #expect(repositoryCheck.stdout == "valid\n", "jsonschema: \(repositoryCheck.stderr)")
    }

    private func runPython(_ script: String, _ arguments: [String]) throws -> CLI.Outcome {
        try CLI.run(["python3", "-c", script] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }
}

@Suite struct StandaloneBinaryTests {
    /// The rules are compiled in, so the binary needs nothing beside it.
    @Test func aBinaryCopiedAloneStillScans() throws {
        let empty = try CLI.makeTemporaryDirectory()
        let target = try CLI.makeTemporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: empty)
            try? FileManager.default.removeItem(at: target)
        }
        let copy = empty.appendingPathComponent("residue")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        try CLI.write("aws_access_key_id = \(awsKey)\n", to: target.appendingPathComponent("creds"))
        let copied = try CLI.run(["scan", target.path, "--format", "json"], in: empty, executable: copy)
        let original = try CLI.run(["scan", target.path, "--format", "json"], in: empty)
        #expect(copied.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path) == ["residue"])
        let rules = try CLI.run(["rules"], in: empty, executable: copy)
        #expect(rules.stdout.split(separator: "\n").count > 250)
        func findings(_ text: String) throws -> [String] {
            let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (document?["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }
        }
        #expect(try findings(copied.stdout) == findings(original.stdout))
        #expect(try !findings(copied.stdout).isEmpty)
    }
}

@Suite struct ReadOnlyTests {
    /// A scan never writes into the tree it scans.
    @Test func scanningLeavesTheTreeUntouched() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("KEY=\(awsKey)\n", to: root.appendingPathComponent(".env"))
        try CLI.write("build/\n", to: root.appendingPathComponent(".gitignore"))
        try CLI.write("x\n", to: root.appendingPathComponent("build/out.txt"))
        func snapshot() throws -> [String: String] {
            var entries: [String: String] = [:]
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey])
            while let url = enumerator?.nextObject() as? URL {
                let values = try url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                entries[url.path] = "\(values.fileSize ?? -1)@\(values.contentModificationDate?.timeIntervalSince1970 ?? 0)"
            }
            return entries
        }
        let before = try snapshot()
        for format in ["text", "json", "sarif"] {
            _ = try CLI.run(["scan", ".", "--format", format], in: root)
        }
        #expect(try snapshot() == before)
    }
}

@Suite struct JUnitReportTests {
    @Test func junitIsWellFormedWithOneFailurePerFinding() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("a = \"\(awsKey)\" # <&>\n", to: root.appendingPathComponent("a&b.py"))
        let outcome = try CLI.run(["scan", ".", "--format", "junit"], in: root)
        #expect(outcome.status == 1)
        let check = try CLI.run(
            ["python3", "-c", "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); print(r.get('failures'), len(r.iter('failure').__next__().text) > 0)"],
            executable: URL(fileURLWithPath: "/usr/bin/env"), stdin: outcome.stdout)
        #expect(check.stdout == "1 True\n", "\(check.stderr)")
        #expect(!outcome.stdout.contains(awsKey))
    }
}

@Suite struct OutputTargetTests {
    /// `--output` replaces regular files atomically but writes into devices and FIFOs in place:
    /// renaming over `/dev/null` as root would replace the device with a file.
    @Test func writesIntoAFIFOWithoutReplacingIt() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("x = 1\n", to: root.appendingPathComponent("src/a.py"))
        let fifo = root.appendingPathComponent("report.pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let reader = Pipe()
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/cat")
        cat.arguments = [fifo.path]
        cat.standardOutput = reader
        try cat.run()
        let outcome = try CLI.run(["scan", "src", "--format", "json", "--output", fifo.path], in: root)
        let received = reader.fileHandleForReading.readDataToEndOfFile()
        cat.waitUntilExit()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(String(decoding: received, as: UTF8.self).contains("\"schemaVersion\" : 1"))
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }
}

@Suite struct RulesListingTests {
    /// `residue rules` names each rule's validator, so users can see which findings a checksum backs.
    @Test func rulesListsValidatorsAndCategories() throws {
        let text = try CLI.run(["rules"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        let gitlab = try #require(lines.first { $0.hasPrefix("gitlab-pat-routable ") })
        #expect(gitlab.contains("gitlab-routable-crc"))
        let iban = try #require(lines.first { $0.hasPrefix("iban ") })
        #expect(iban.contains(" pii ") && iban.contains(" iban "))
        #expect(lines.contains { $0.contains(" rules in ") && $0.contains(" packs, ") })
        // Rules written in code are listed after the pattern rules, with their analyzer.
        let handlerRule = try #require(lines.first { $0.hasPrefix("handler-state-global-write ") })
        #expect(handlerRule.contains("handler-state"))
        #expect(lines.last?.hasSuffix("analyzer rules (serverless configuration, handler state)") == true)

        let json = try CLI.run(["rules", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count >= 250)
        #expect(entries.contains { $0["id"] as? String == "lambda-env-secret" && $0["analyzer"] as? String == "serverless-config" })
        let validated = entries.filter { $0["validator"] is String }
        #expect(validated.count >= 60, "only \(validated.count) rules carry a validator")
    }
}
