import Foundation
import Testing

/// `residue evaluate`: the quality report of a labelled corpus, and its exit status.
@Suite struct EvaluateTests {
    @Test func reportsScoresAndFailsBelowTheThresholds() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("repo")
        try CLI.write("LOG_LEVEL=info\nAWS_ACCESS_KEY_ID=AKIAZ5R3T7QW2XBN4HJK\nDB_PASSWORD=changeme\n", to: corpus.appendingPathComponent(".env"))
        try CLI.write("# docs\nkey: AKIAIOSFODNN7EXAMPLE\n", to: corpus.appendingPathComponent("README.md"))
        let truth = root.appendingPathComponent("truth.tsv")
        try CLI.write("secret\t.env\t2\taws\ntrap\t.env\t3\tplaceholder\ntrap\tREADME.md\t2\tdocs-example\n", to: truth)

        let perfect = try CLI.run(["evaluate", "--truth", truth.path, corpus.path])
        #expect(perfect.status == 0, "\(perfect.stderr)")
        #expect(perfect.stdout.contains("secret    1          1      0       0          1.000   1.000"))
        #expect(perfect.stdout.contains("placeholder         1      0"))

        // A positive the scanner cannot see: recall 0.5 fails the default bar, passes a lower one.
        try CLI.write("secret\t.env\t2\taws\nsecret\t.env\t1\tgeneric\n", to: truth)
        let missed = try CLI.run(["evaluate", "--truth", truth.path, corpus.path])
        #expect(missed.status == 1)
        #expect(missed.stdout.contains("missed:\n  .env:1 secret generic"))
        #expect(try CLI.run(["evaluate", "--truth", truth.path, "--min-recall", "0.5", corpus.path]).status == 0)

        try CLI.write("secret\t.env\tthree\taws\n", to: truth)
        let broken = try CLI.run(["evaluate", "--truth", truth.path, corpus.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("truth.tsv:1: line must be a number"))
    }
}
