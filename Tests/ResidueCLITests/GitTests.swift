import Foundation
import Testing

/// Real git repositories in temporary folders.
@Suite struct GitIntegrationTests {
    private let keyA = "AKIAZ5R3T7QW2XBN4HJK"
    private let keyB = "AKIAQ7R3T7QW2XBN4HJM"

    private func git(_ arguments: [String], in root: URL, date: String? = nil) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        if let date {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        let outcome = try CLI.run(["git"] + arguments, in: root, executable: URL(fileURLWithPath: "/usr/bin/env"), environment: environment)
        try #require(outcome.status == 0, "git \(arguments): \(outcome.stderr)")
    }

    private func repository() throws -> URL {
        let root = try CLI.makeTemporaryDirectory()
        try git(["init", "-q", "-b", "main"], in: root)
        return root
    }

    private func findings(_ outcome: CLI.Outcome) throws -> [[String: Any]] {
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return document?["findings"] as? [[String: Any]] ?? []
    }

    @Test func stagedScansTheIndexNotTheWorkingTree() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        // Staged content has the key on line 3; the working tree has since moved and cleaned it.
        try CLI.write("a = 1\nb = 2\nkey = \"\(keyA)\"\n", to: root.appendingPathComponent("app.py"))
        try git(["add", "app.py"], in: root)
        try CLI.write("clean = True\n", to: root.appendingPathComponent("app.py"))
        // An unstaged file with a secret is not part of the commit.
        try CLI.write("KEY=\(keyB)\n", to: root.appendingPathComponent("untracked.env"))

        let outcome = try CLI.run(["scan", "--staged", "--format", "json"], in: root)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let found = try findings(outcome)
        #expect(found.count == 1)
        #expect(found.first?["path"] as? String == "app.py")
        #expect(found.first?["line"] as? Int == 3)

        try git(["reset", "-q"], in: root)
        #expect(try CLI.run(["scan", "--staged"], in: root).status == 0)
    }

    @Test func historyReportsEachBlobOnceWithCommitAndDate() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("key = \"\(keyA)\"\n", to: root.appendingPathComponent("config.py"))
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "add key"], in: root, date: "2024-03-01T10:00:00+00:00")
        try CLI.write("key = None\n", to: root.appendingPathComponent("config.py"))
        try git(["commit", "-q", "-am", "remove key"], in: root, date: "2024-03-02T10:00:00+00:00")
        // The same content again elsewhere is the same blob: scanned once.
        try CLI.write("key = \"\(keyA)\"\n", to: root.appendingPathComponent("copy.py"))
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "copy"], in: root, date: "2024-03-03T10:00:00+00:00")
        try git(["checkout", "-q", "-b", "feature"], in: root)
        try CLI.write("\n\nother = \"\(keyB)\"\n", to: root.appendingPathComponent("feature.py"))
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "feature"], in: root, date: "2024-03-04T10:00:00+00:00")
        try git(["checkout", "-q", "main"], in: root)

        let all = try findings(try CLI.run(["scan", "--history", "--format", "json"], in: root))
        #expect(all.count == 2)
        let first = try #require(all.first { $0["path"] as? String == "config.py" })
        #expect(first["authorDate"] as? String == "2024-03-01T10:00:00+00:00")
        #expect((first["commit"] as? String)?.count == 40)
        let feature = try #require(all.first { $0["path"] as? String == "feature.py" })
        #expect(feature["line"] as? Int == 3)

        let mainOnly = try findings(try CLI.run(["scan", "--history", "--branch", "main", "--format", "json"], in: root))
        #expect(mainOnly.count == 1)
        let recent = try findings(try CLI.run(["scan", "--history", "--since", "main", "--format", "json"], in: root))
        #expect(recent.map { $0["path"] as? String } == ["feature.py"])

        let text = try CLI.run(["scan", "--history"], in: root)
        #expect(text.stdout.contains("config.py:1:8: high: AWS access key ID [aws-access-key-id] in commit "))
        #expect(text.stdout.contains(" in commit "))
    }

    @Test func historyScansMergeResolutionsAndSkipsOversizedBlobs() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("value = 1\n", to: root.appendingPathComponent("settings.py"))
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "base"], in: root)
        try git(["checkout", "-q", "-b", "other"], in: root)
        try CLI.write("value = 2\n", to: root.appendingPathComponent("settings.py"))
        try git(["commit", "-q", "-am", "other"], in: root)
        try git(["checkout", "-q", "main"], in: root)
        try CLI.write("value = 3\n", to: root.appendingPathComponent("settings.py"))
        // A blob over the size limit is reported as not scanned, never read into memory whole.
        try CLI.write(String(repeating: "x", count: 3 << 20) + "\n", to: root.appendingPathComponent("big.log"))
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "main"], in: root)
        // The conflict is resolved with a key that no branch ever had: only the merge adds it.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        let merge = try CLI.run(["git", "merge", "-q", "other"], in: root, executable: URL(fileURLWithPath: "/usr/bin/env"),
                                environment: environment)
        #expect(merge.status != 0, "the merge must conflict")
        try CLI.write("value = 4\nkey = \"\(keyA)\"\n", to: root.appendingPathComponent("settings.py"))
        try git(["add", "settings.py"], in: root)
        try git(["commit", "-q", "--no-edit"], in: root)

        let outcome = try CLI.run(["scan", "--history", "--max-file-size", "1", "--format", "json"], in: root)
        let found = try findings(outcome)
        #expect(found.map { $0["path"] as? String } == ["settings.py"])
        #expect(found.first?["line"] as? Int == 2)
        #expect(outcome.stderr.contains("big.log: not scanned: 3.0 MiB is over the 1.0 MiB limit"))
    }

    @Test func hookInstallWritesAnExecutableHookAndRefusesToReplace() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let install = try CLI.run(["hook", "install"], in: root)
        #expect(install.status == 0, "\(install.stderr)")
        let hook = root.appendingPathComponent(".git/hooks/pre-commit")
        let script = try String(contentsOf: hook, encoding: .utf8)
        #expect(script.contains("scan --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook.path))

        try CLI.write("#!/bin/sh\necho mine\n", to: hook)
        let again = try CLI.run(["hook", "install"], in: root)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists; use --force"))
        #expect(try String(contentsOf: hook, encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try CLI.run(["hook", "install", "--force"], in: root).status == 0)

        // The hook blocks a commit that stages a secret.
        try CLI.write("key = \"\(keyA)\"\n", to: root.appendingPathComponent("app.py"))
        try git(["add", "app.py"], in: root)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent-residue-path:/usr/bin:/bin"
        environment["GIT_AUTHOR_NAME"] = "T"
        environment["GIT_AUTHOR_EMAIL"] = "t@example.com"
        environment["GIT_COMMITTER_NAME"] = "T"
        environment["GIT_COMMITTER_EMAIL"] = "t@example.com"
        let commit = try CLI.run(["git", "commit", "-q", "-m", "leak"], in: root,
                                 executable: URL(fileURLWithPath: "/usr/bin/env"), environment: environment)
        #expect(commit.status != 0)
        // git sends a hook's standard output to its standard error.
        #expect((commit.stdout + commit.stderr).contains("app.py:1:8: high: AWS access key ID"))

        try CLI.write("key = os.environ[\"AWS_ACCESS_KEY_ID\"]\n", to: root.appendingPathComponent("app.py"))
        try git(["add", "app.py"], in: root)
        let clean = try CLI.run(["git", "commit", "-q", "-m", "clean"], in: root,
                                executable: URL(fileURLWithPath: "/usr/bin/env"), environment: environment)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }

    @Test func notARepositoryIsAnError() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLI.run(["scan", "--staged"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("not a git repository"))
    }
}
