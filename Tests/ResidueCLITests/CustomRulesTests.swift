import Foundation
import Testing

@Suite struct CustomRulesConfigTests {
    @Test func configAddsCustomRulesFromAPackBesideIt() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("""
            rules:
              - id: acme-internal-token
                title: ACME internal token
                severity: critical
                category: secret
                keywords: [acme_]
                regex: '\\b(?<secret>acme_[a-z0-9]{24})\\b'
                examples:
                  match: ['acme_0123456789abcdefghijklmn']
                  nomatch: ['acme_short']
            """, to: root.appendingPathComponent(".residue/rules.yaml"))
        try CLI.write("custom-rules: [.residue/rules.yaml]\nfail-on: critical\n", to: root.appendingPathComponent(".residue.yaml"))
        try CLI.write("TOKEN=acme_0123456789abcdefghijklmn\n", to: root.appendingPathComponent("app.env"))
        let outcome = try CLI.run(["scan", "."], in: root)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("app.env:1:7: critical: ACME internal token [acme-internal-token]"))
    }
}
