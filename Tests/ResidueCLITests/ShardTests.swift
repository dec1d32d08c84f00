import Foundation
import Testing

@Suite struct ShardAndMergeTests {
    @Test func shardsPartitionTheTreeAndMergeRestoresTheWholeReport() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for index in 0..<40 {
            let letter = Array("ABCDEFGHIJ")[index % 10]
            let body = index % 3 == 0 ? "aws_access_key_id = AKIAZ5R3T7QW2XBN4H\(letter)K\n" : "plain \(index)\n"
            try CLI.write(body, to: root.appendingPathComponent("svc\(index % 4)/file\(index).py"))
        }
        let whole = try CLI.run(["scan", ".", "--format", "json"], in: root)
        func fingerprints(_ json: String) throws -> [String] {
            let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return (document?["findings"] as? [[String: Any]] ?? []).map { "\($0["path"]!):\($0["fingerprint"]!)" }
        }
        let all = try fingerprints(whole.stdout)
        #expect(all.count == 14)

        var union: [String] = []
        var reports: [String] = []
        for k in 1...3 {
            let report = root.appendingPathComponent("../\(root.lastPathComponent)-shard\(k).json").standardizedFileURL.path
            reports.append(report)
            let shard = try CLI.run(["scan", ".", "--shard", "\(k)/3", "--format", "json", "--output", report], in: root)
            #expect(shard.status <= 1)
            let part = try fingerprints(try String(contentsOfFile: report, encoding: .utf8))
            #expect(part.count < all.count, "a shard must not scan everything")
            union += part
        }
        defer { for report in reports { try? FileManager.default.removeItem(atPath: report) } }
        #expect(union.sorted() == all.sorted())

        let merged = try CLI.run(["merge"] + reports + ["--format", "json"], in: root)
        #expect(merged.status == 1)
        #expect(try fingerprints(merged.stdout) == all)
        #expect(try CLI.run(["scan", ".", "--shard", "4/3"], in: root).status == 2)
    }
}

@Suite struct BaselineAndConfigCLITests {
    @Test func baselineSuppressesKnownFindingsAndReportsNewOnes() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("aws_access_key_id = AKIAZ5R3T7QW2XBN4HJK\n", to: root.appendingPathComponent("app.py"))
        let create = try CLI.run(["baseline", "create", "."], in: root)
        #expect(create.status == 0, "\(create.stderr)")
        let baselineURL = root.appendingPathComponent(".residue-baseline.json")
        let first = try Data(contentsOf: baselineURL)

        // Moving the code does not change the baseline, and the scan stays quiet.
        try CLI.write("\n\n# moved\naws_access_key_id = AKIAZ5R3T7QW2XBN4HJK\n", to: root.appendingPathComponent("app.py"))
        #expect(try CLI.run(["baseline", "create", "."], in: root).status == 0)
        #expect(try Data(contentsOf: baselineURL) == first)
        let quiet = try CLI.run(["scan", ".", "--baseline", ".residue-baseline.json"], in: root)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.contains("1 suppressed by the baseline"))

        try CLI.write("KEY=AKIAQ7R3T7QW2XBN4HJK\n", to: root.appendingPathComponent("new.env"))
        let loud = try CLI.run(["scan", ".", "--baseline", ".residue-baseline.json", "--format", "json"], in: root)
        #expect(loud.status == 1)
        #expect(loud.stdout.contains("\"path\" : \"new.env\""))
        #expect(!loud.stdout.contains("\"path\" : \"app.py\""))
    }

    @Test func configExcludesDisablesAndSetsTheThreshold() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("aws_access_key_id = AKIAZ5R3T7QW2XBN4HJK\n", to: root.appendingPathComponent("fixtures/creds.txt"))
        try CLI.write("x\n", to: root.appendingPathComponent("src/app.py"))
        try CLI.write("exclude: [fixtures/]\n", to: root.appendingPathComponent(".residue.yaml"))
        #expect(try CLI.run(["scan", "."], in: root).status == 0)

        try CLI.write("exclude: [fixtures/\n", to: root.appendingPathComponent(".residue.yaml"))
        let broken = try CLI.run(["scan", "."], in: root)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains(".residue.yaml"))

        try CLI.write("rules:\n  disable: [nope]\n", to: root.appendingPathComponent(".residue.yaml"))
        let unknown = try CLI.run(["scan", "."], in: root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown rule id 'nope'"))
        #expect(try CLI.run(["scan", ".", "--no-config"], in: root).status == 1)
    }
}
