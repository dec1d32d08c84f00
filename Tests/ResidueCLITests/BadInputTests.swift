import Foundation
import Testing

/// One tree holding every kind of hostile or broken input, scanned by the real binary: each case
/// has its exact warning or skip count, and the planted secrets around them are still found.
@Suite("Bad input corpus")
struct BadInputTests {
    static let stripe = "sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh12"

    private func makeTree() throws -> URL {
        let root = try CLI.makeTemporaryDirectory()
        func write(_ bytes: [UInt8], _ path: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        // Invalid UTF-8 around a secret: still found.
        try write(Array("# caf".utf8) + [0xE9, 0xFF, 0xFE] + Array("\nkey = \"\(Self.stripe)\"\n".utf8), "invalid_utf8.py")
        // UTF-16 with and without a byte order mark.
        let utf16 = "STRIPE_KEY=\(Self.stripe)\n"
        try write([0xFF, 0xFE] + utf16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, "utf16-bom.env")
        try write(utf16.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, "utf16-be.properties")
        // NUL bytes in a .py.
        try write(Array("x = 1\n".utf8) + [0, 0, 0, 1] + Array("key = \"\(Self.stripe)\"\n".utf8), "nul.py")
        // A 5 MB minified line with a secret in the middle.
        var minified = Array(repeating: UInt8(ascii: "a"), count: 2_500_000)
        minified += Array(";var k=\"\(Self.stripe)\";".utf8)
        minified += Array(repeating: UInt8(ascii: "b"), count: 2_500_000)
        try write(minified, "bundle.min.js")
        // A 1 GiB file (sparse) over the size limit.
        let huge = root.appendingPathComponent("huge.log")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        // A symlink loop and a FIFO.
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        #expect(mkfifo(root.appendingPathComponent("pipe.txt").path, 0o600) == 0)
        // A YAML alias bomb and YAML nested 10,000 deep, both declaring a function.
        var bomb = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in 1...9 {
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = "l\(level)"
        }
        bomb += "key: \(Self.stripe)\n"
        try write(Array(bomb.utf8), "bomb/template.yaml")
        let deep = "Resources: {Fn: {Type: AWS::Serverless::Function}}\nx: " + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "\n"
        try write(Array(deep.utf8), "deep/template.yaml")
        // Terraform with an unterminated heredoc.
        try write(Array("""
            resource "aws_lambda_function" "fn" {
              function_name = "fn"
              description   = <<EOT
                never closed
            }
            """.utf8), "tf/main.tf")
        // A template and a Terraform file with more values than may be read (a 600 KB flow list
        // is 300,000 values: about 70 MB to parse), each with a secret after the list.
        let list = "[" + String(repeating: "1,", count: 300_000) + "1]"
        try write(Array("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\nData: \(list)\nkey: \(Self.stripe)\n".utf8),
                  "huge/template.yaml")
        try write(Array("resource \"aws_lambda_function\" \"fn\" {\n  tags = { a = \(list) }\n  description = \"\(Self.stripe)\"\n}\n".utf8),
                  "tf-huge/main.tf")
        return root
    }

    @Test func everyCaseHasItsExactBehaviourAndTheScanGoesOn() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLI.run(["scan", ".", "--format", "json", "--no-color"], in: root)
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        let found = Set(findings.map { "\($0["path"] as? String ?? ""):\($0["line"] as? Int ?? 0)" })
        // A source file with a few NUL bytes is still source: it is scanned, not skipped as binary.
        #expect(found == ["invalid_utf8.py:2", "utf16-bom.env:1", "utf16-be.properties:1", "nul.py:2",
                          "bundle.min.js:1", "bomb/template.yaml:14", "huge/template.yaml:5", "tf-huge/main.tf:3"])
        let minified = try #require(findings.first { $0["path"] as? String == "bundle.min.js" })
        #expect(minified["column"] as? Int == 2_500_009)

        let summary = try #require(report["summary"] as? [String: Any])
        let skipped = summary["skipped"] as? [String: Int] ?? [:]
        #expect(skipped["too-large"] == 1)
        #expect(skipped["unreadable"] == 2)
        #expect(skipped["not-a-regular-file"] == 1)
        #expect(summary["templatesNotParsed"] as? Int == 5)
        let warnings = (summary["warnings"] as? [[String: String]] ?? []).map { "\($0["path"] ?? ""): \($0["reason"] ?? "")" }
        let expected = [
            "loop-a: symbolic link loop (links are not followed)",
            "loop-b: symbolic link loop (links are not followed)",
            "huge.log: not scanned: 1.0 GiB is over the 256.0 MiB limit (--max-file-size)",
            "bomb/template.yaml: line 4: YAML aliases expand to too many nodes (alias bomb?); function configuration not analyzed (content rules still ran)",
            "deep/template.yaml: line 2: nesting deeper than 256 levels; function configuration not analyzed (content rules still ran)",
        ]
        for warning in expected { #expect(warnings.contains(warning), "\(warnings)") }
        #expect(warnings.contains { $0.hasPrefix("tf/main.tf: line 3") && $0.contains("heredoc") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("huge/template.yaml: too large to analyze: more than 250000 values (about 30")
            && $0.hasSuffix("); function configuration not analyzed (content rules still ran)") }, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("tf-huge/main.tf: line 2")
            && $0.contains(": too large to analyze: more than 100000 tokens; function configuration not analyzed") }, "\(warnings)")
        // The same warnings reach standard error, one line each, for people.
        #expect(outcome.stderr.contains("huge.log"))
    }

    /// A file and a folder the scan may not read are named with the reason and counted, and the
    /// rest is scanned. Root reads everything, so as root the real binary runs as `nobody`.
    @Test func unreadableFilesAndFoldersAreWarnedAboutAndTheScanGoesOn() throws {
        let root = try CLI.makeTemporaryDirectory()
        let lockedFolder = root.appendingPathComponent("locked-dir")
        defer {
            chmod(lockedFolder.path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        try FileManager.default.createDirectory(at: lockedFolder, withIntermediateDirectories: true)
        for name in ["readable.py", "locked.py", "locked-dir/inside.py"] {
            try Data("key = \"\(Self.stripe)\"\n".utf8).write(to: root.appendingPathComponent(name))
        }
        #expect(chmod(root.path, 0o755) == 0)
        #expect(chmod(root.appendingPathComponent("locked.py").path, 0o000) == 0)
        #expect(chmod(lockedFolder.path, 0o000) == 0)
        let scan = [CLI.binary.path, "scan", root.path, "--format", "json", "--no-color", "--no-config"]
        let outcome: CLI.Outcome
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "util-linux's setpriv runs the scan as nobody")
            outcome = try CLI.run(["--reuid=65534", "--regid=65534", "--clear-groups"] + scan,
                                  executable: URL(fileURLWithPath: setpriv))
        } else {
            outcome = try CLI.run(Array(scan.dropFirst()))
        }
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(findings.compactMap { $0["path"] as? String } == [root.appendingPathComponent("readable.py").path])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect((summary["skipped"] as? [String: Int])?["unreadable"] == 2)
        let warnings = (summary["warnings"] as? [[String: String]] ?? []).map { "\($0["path"] ?? ""): \($0["reason"] ?? "")" }
        #expect(warnings == [
            "\(lockedFolder.path): cannot open folder: permission denied",
            "\(root.appendingPathComponent("locked.py").path): cannot open: permission denied",
        ])
    }
}
