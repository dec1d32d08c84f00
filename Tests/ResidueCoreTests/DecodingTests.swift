import Foundation
import Testing
@testable import ResidueCore

/// Secrets inside base64 and percent-encoded strings are found and reported at the encoded string.
@Suite struct DecodingTests {
    static let stripeKey = "sk_live_51Hq8Vz2Lr7Xn4Kp3Tm9Wb6Cd1Fh5Gj0Kl4Mn8Pq2Rs6Tu0Vw4Xy8Zb2Cd6"
    static let databaseURL = "postgresql://reporting:Zq8vR2mLx9Tk4WpB7n@reports-db.prod.svc.cluster.local:5432/reports"

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    private func scan(_ text: String, path: String = "secret.yaml", showSecrets: Bool = true) -> [Finding] {
        TestSupport.builtinScanner.scan(bytes: Array(text.utf8), path: path, showSecrets: showSecrets)
    }

    @Test func kubernetesSecretDataIsDecoded() throws {
        let encodedURL = Self.base64(Self.databaseURL)
        let yaml = """
            apiVersion: v1
            kind: Secret
            type: Opaque
            data:
              username: \(Self.base64("reporting"))
              url: \(encodedURL)
              stripe-key: \(Self.base64(Self.stripeKey))
            """
        let findings = scan(yaml)
        let url = try #require(findings.first { $0.ruleID == "postgres-connection-string" })
        #expect(url.line == 6)
        #expect(url.column == 8)
        #expect(url.encoding == .base64)
        #expect(url.title.hasSuffix("(base64-encoded)"))
        #expect(url.secret == "Zq8vR2mLx9Tk4WpB7n")
        // Unless asked to show secrets, the excerpt masks the encoded string and the redacted
        // value is the decoded one's.
        let masked = try #require(scan(yaml, showSecrets: false).first { $0.ruleID == "postgres-connection-string" })
        #expect(!masked.excerpt.contains(String(encodedURL.dropFirst(4))))
        #expect(masked.redactedSecret.hasPrefix("Zq8v"))
        #expect(masked.secret == nil)
        let stripe = try #require(findings.first { $0.ruleID == "stripe-live-secret-key" })
        #expect(stripe.line == 7)
        #expect(stripe.secret == Self.stripeKey)
        #expect(findings.count == 2)
    }

    @Test func twoLayersAreUndoneButNotThree() {
        let inner = Self.base64("STRIPE_SECRET_KEY=\(Self.stripeKey)\n")
        let twice = Self.base64("LOG_LEVEL=info\nPAYMENTS_ENV_B64=\(inner)\n")
        #expect(scan("ENV_BLOB=\(twice)\n", path: ".env").map(\.ruleID) == ["stripe-live-secret-key"])
        let thrice = Self.base64("NESTED=\(twice)\n")
        #expect(scan("ENV_BLOB=\(thrice)\n", path: ".env").isEmpty)
    }

    @Test func percentEncodedStringsAreDecoded() throws {
        let text = "redirect=postgres%3A%2F%2Forders%3AZq8vR2mLx9Tk4%40orders-db.internal%2Forders\n"
        let finding = try #require(scan(text, path: "access.log").first)
        #expect(finding.ruleID == "postgres-connection-string")
        #expect(finding.encoding == .percent)
        #expect(finding.secret == "Zq8vR2mLx9Tk4")
        #expect(finding.column == 1)
    }

    @Test func aRuleThatMatchedTheEncodedTextIsNotReportedTwice() {
        // The URL holds a percent-encoded password: the plain match reports it; decoding adds nothing.
        let findings = scan("DATABASE_URL=postgres://orders:Zq8%21vR2m%40Lx9@orders-db.internal:5432/orders\n", path: ".env")
        #expect(findings.map(\.ruleID) == ["postgres-connection-string"])
        #expect(findings.first?.encoding == nil)
    }

    @Test func inlineIgnoresCoverDecodedFindings() {
        let line = "  url: \(Self.base64(Self.databaseURL))  # residue:ignore -- sample cluster\n"
        #expect(scan(line).isEmpty)
    }

    @Test func lockFilesImagesAndKeyBodiesAreNotDecoded() {
        func spans(_ text: String) -> [EncodedContent.Span] {
            Array(text.utf8).withUnsafeBytes { EncodedContent.spans(in: $0, searchRange: 0..<$0.count) }
        }
        var generator = SplitMix(seed: 7)
        let random = Data((0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).base64EncodedString()
        #expect(spans("      \"integrity\": \"sha512-\(random)\",\n").isEmpty)
        #expect(spans("  integrity sha1-\(random)\n").isEmpty)
        #expect(spans("<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\">").isEmpty)
        #expect(spans("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n").isEmpty)
        // Identifiers and words are long runs of the alphabet too, but do not decode to text.
        #expect(spans("const AbstractSingletonProxyFactoryBean = createProxyFactoryBeanWithDefaults();").isEmpty)
        // Text that is base64 is decoded, findings or not.
        #expect(spans("value: \(Self.base64("just a harmless sentence"))\n").map { String(decoding: $0.decoded, as: UTF8.self) }
                == ["just a harmless sentence"])
        // Percent-encoding needs two escapes: `50%25 off` is prose.
        #expect(spans("discount=50%25-off-everything-today\n").isEmpty)
    }

    @Test func jsonReportsTheEncoding() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("data:\n  key: \(Self.base64(Self.stripeKey))\n", to: root.appendingPathComponent("secret.yaml"))
        let result = TestSupport.builtinScanner.scan(ScanConfiguration(roots: [root.path]))
        let json = JSONReport.render(result)
        #expect(json.contains("\"encoding\" : \"base64\""))
        let read = try JSONReport.parse(Data(json.utf8), source: "r.json")
        #expect(read.findings.first?.encoding == .base64)
    }
}
