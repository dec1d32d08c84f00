import Foundation
import Testing
@testable import ResidueCore

/// Every finding says how sure Residue is: high when a checksum or structure proved the format,
/// low for generic name-and-value judgment; `minimumConfidence` drops what is below it.
@Suite struct ConfidenceTests {
    static let text = """
        GITHUB_TOKEN=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
        SERVICE_JWT=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwiaWF0IjoxNzE4MDAwMDAwfQ.Xq8vR2mLz7Tk4WpB7nQ2Lx9Vr4Nk8Tp3Wm6Yb1DfGhJ
        DATABASE_URL=postgres://orders:Zq8vR2mLx9Tk4@orders-db.internal:5432/orders
        DB_PASSWORD=Hq8!zV2rLx

        """

    private func confidences(minimum: Confidence = .low) throws -> [String: Confidence] {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.text, to: root.appendingPathComponent(".env"))
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.minimumConfidence = minimum
        let findings = TestSupport.builtinScanner.scan(configuration).findings
        return Dictionary(findings.map { ($0.ruleID, $0.confidence) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func validatorsRaiseAndGenericJudgmentLowers() throws {
        let found = try confidences()
        #expect(found["github-pat-classic"] == .high)   // CRC32 checksum proved
        #expect(found["jwt"] == .high)                  // header and payload decode to JSON with alg
        // Without a proof, a finding has its rule's declared confidence.
        let declared = TestSupport.packRules.first { $0.id == "postgres-connection-string" }?.confidence
        #expect(found["postgres-connection-string"] == declared)
        #expect(found["generic-password"] == .low)
    }

    @Test func minimumConfidenceDropsTheLessCertain() throws {
        #expect(Set(try confidences(minimum: .medium).keys) == ["github-pat-classic", "jwt", "postgres-connection-string"])
        let high = Set(try confidences(minimum: .high).keys)
        #expect(high.isSuperset(of: ["github-pat-classic", "jwt"]))
        #expect(!high.contains("generic-password"))
    }

    @Test func aChecksumThatFailsIsNotReported() throws {
        let bad = TestSupport.builtinScanner.scan(bytes: Array("GITHUB_TOKEN=ghp_NqVwYS81VP7Hb1DX8pPd5khxE3pyIg3sJb3S\n".utf8), path: ".env")
        #expect(!bad.contains { $0.ruleID == "github-pat-classic" })
    }
}
