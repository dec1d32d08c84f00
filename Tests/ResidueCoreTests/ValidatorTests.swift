import Foundation
import Testing
@testable import ResidueCore

/// Each offline validator on values that must pass and near misses that must fail. The passing
/// values are fake: random bodies with checksums computed for them.
@Suite struct OfflineValidatorTests {
    private func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func gitlabRoutableChecksOnCRCAndPayloadLength() {
        let versioned = "glpat-bzplbjM5CnU6NGNnc5eh0Ezm2xs9G_Bkj5hKZeEQ.01.140kixwyw"
        let unversioned = "glpat-bzplZXFsCnU6YnRjcq0O8M0HWuPyRMdk7HAhnaoQ.140achsua"
        let runner = "glrt-t1_bzplcTBwCnU6YWV1MFWoTe8nTZ1Jv6TNllP-nwcQ.01.141l1bqwz"
        #expect(Validators.gitlabRoutable(bytes(versioned)) == .proven)
        #expect(Validators.gitlabRoutable(bytes(unversioned)) == .proven)
        #expect(Validators.gitlabRoutable(bytes(runner)) == .proven)
        // One payload character changed: the CRC no longer fits.
        #expect(Validators.gitlabRoutable(bytes(versioned.replacingOccurrences(of: "bjM5", with: "bjM6"))) == .rejected)
        // A wrong length holder with a CRC recomputed would still fail the length; here both break.
        #expect(Validators.gitlabRoutable(bytes("glpat-bzplbjM5CnU6NGNnc5eh0Ezm2xs9G_Bkj5hKZeEQ.01.130kixwyw")) == .rejected)
        #expect(Validators.gitlabRoutable(bytes("glpat-FoLE6irvssT6BtLVbWQYYR5GhcAmrgdVL4eK.01.fxb9ftcfb")) == .rejected)
        // Legacy tokens carry no checksum: shape only.
        #expect(Validators.gitlabRoutable(bytes("glpat-VPPcLNMALa4v16LFpwWo")) == .plausible)
    }

    @Test func awsAccessKeyIDStructure() {
        #expect(Validators.awsAccessKeyID(bytes("AKIA7TJ62WEABDUO3KDI")) == .proven)
        #expect(Validators.awsAccessKeyID(bytes("ASIAQSLSGXSSTDFNVUL6")) == .proven)
        #expect(Validators.awsAccessKeyID(bytes("AIDAQSLSGXSSTDFNVUL6")) == .proven)
        #expect(Validators.awsAccessKeyID(bytes("AKIAIOSFODNN7EXAMPLE")) == .rejected)
        // 0, 1, 8 and 9 are not in the base32 alphabet.
        #expect(Validators.awsAccessKeyID(bytes("AKIA7TJ62WEABDUO3KD1")) == .rejected)
        #expect(Validators.awsAccessKeyID(bytes("AKIA7TJ62WEABDUO3K8I")) == .rejected)
        #expect(Validators.awsAccessKeyID(bytes("AXYZ7TJ62WEABDUO3KDI")) == .rejected)
        #expect(Validators.awsAccessKeyID(bytes("AKIA7TJ62WEABDUO3KD")) == .rejected)
    }

    @Test func ibanMod97AndCountryLength() {
        #expect(Validators.iban(bytes("DE66539087794844086650")) == .proven)
        #expect(Validators.iban(bytes("GB04 YEFR 6351 1326 3354 74")) == .proven)
        #expect(Validators.iban(bytes("FR4196027198963215549978616")) == .proven)
        #expect(Validators.iban(bytes("NO5326542914089")) == .proven)
        // One digit changed, a wrong country length, an unknown country, a zero body.
        #expect(Validators.iban(bytes("DE66539087794844086651")) == .rejected)
        #expect(Validators.iban(bytes("DE6653908779484408665")) == .rejected)
        #expect(Validators.iban(bytes("QQ66539087794844086650")) == .rejected)
        #expect(Validators.iban(bytes("DE36000000000000000000")) == .rejected)
        #expect(Validators.iban(bytes("NL27QWDG678948873")) == .rejected)
    }

    @Test func pemBodiesMustDecodeToTheirStructure() {
        let rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAqVq0e8qBZT+ChgJ1dxPvmu3T9KP0kYtDWZ5m0OgC8D7xJ4aN\nYl2q6Kvd3+PtJz9yQw==\n-----END RSA PRIVATE KEY-----"
        let ec = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIAYzMHk7GQP93kNO3FFbOUUTjajzSKlFdFizLa8LDAqToAoGCCqGSM49\\n-----END EC PRIVATE KEY-----"
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----"
        let legacyEncrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,F9C9DB8C56D3974E47A8E84AB295DCD6\n\nq2lF8yTeW0c7pX4mNvB1sR9kZt3aQo5uYhJdLgEiCw6xMnPb==\n-----END RSA PRIVATE KEY-----"
        #expect(Validators.pemBody(bytes(rsa)) == .proven)
        #expect(Validators.pemBody(bytes(ec)) == .proven)
        #expect(Validators.pemBody(bytes(openssh)) == .proven)
        #expect(Validators.pemBody(bytes(legacyEncrypted)) == .proven)
        // Random base64 that is not DER, a body with a non-base64 character, an OpenSSH block without its magic.
        #expect(Validators.pemBody(bytes(rsa.replacingOccurrences(of: "MIIEow", with: "Y8NkXG"))) == .rejected)
        #expect(Validators.pemBody(bytes(rsa.replacingOccurrences(of: "+ChgJ", with: "+Ch!J"))) == .rejected)
        #expect(Validators.pemBody(bytes(openssh.replacingOccurrences(of: "b3Bl", with: "c3Bl"))) == .rejected)
        #expect(Validators.pemBody(bytes("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")) == .rejected)
    }

    @Test func pypiMacaroonLocation() {
        let token = "pypi-AgEIcHlwaS5vcmcCAYmXWsSgWidlLrZrPBcx96n6gctFrXasfUzoEZh6eqxckn38D7RyDKgZG07VZmJN6JfhQiCkBdnNfBSHUg"
        let test = "pypi-AgENdGVzdC5weXBpLm9yZwIBtPRhPu4j7U0oAsRO6cqUt9KuTyoFKiM93Jz1IBa1BXqmLeywVhpFXpfCEWCE-W-NOMfBw4PI1D2K8Z75"
        #expect(Validators.pypiMacaroon(bytes(token)) == .proven)
        #expect(Validators.pypiMacaroon(bytes(test)) == .proven)
        // Location `pypi.orh`, and a body that is no macaroon at all.
        #expect(Validators.pypiMacaroon(bytes("pypi-AgEIcHlwaS5vcmgCAYmXWsSgWidlLrZrPBcx96n6gctFrXasfUzoEZh6eqxckn38D7R")) == .rejected)
        #expect(Validators.pypiMacaroon(bytes("pypi-QWxhZGRpbiBvcGVuIHNlc2FtZSBhbmQgc29tZSBtb3JlIHRleHQgaGVyZQ")) == .rejected)
    }

    @Test func paymentCards() {
        #expect(Validators.paymentCard(bytes("4740696170203162")) == .proven)
        #expect(Validators.paymentCard(bytes("5765 2167 3435 2319")) == .proven)
        #expect(Validators.paymentCard(bytes("3737-071254-94913")) == .proven)
        #expect(Validators.paymentCard(bytes("4740696170203163")) == .rejected)
        #expect(Validators.paymentCard(bytes("4111 1111 1111 1111")) == .rejected)
        #expect(Validators.paymentCard(bytes("4242424242424242")) == .rejected)
        #expect(Validators.paymentCard(bytes("4000000000000002")) == .rejected)
        // Typed sandbox numbers: a long run of one digit, a repeated pair.
        #expect(Validators.paymentCard(bytes("4229989800000003")) == .rejected)
        #expect(Validators.paymentCard(bytes("4117101010101010")) == .rejected)
        #expect(Validators.paymentCard(bytes("4009348888881881")) == .rejected)
    }

    @Test func usSSNAreaGroupSerial() {
        #expect(Validators.usSSN(bytes("532-21-6302")) == .proven)
        #expect(Validators.usSSN(bytes("532 21 6302")) == .proven)
        for fake in ["000-21-6302", "666-21-6302", "912-21-6302", "532-00-6302", "532-21-0000", "078-05-1120", "123-45-6789", "111-11-1111", "111-22-3333"] {
            #expect(Validators.usSSN(bytes(fake)) == .rejected, "\(fake)")
        }
    }

    @Test func ukNINO() {
        #expect(Validators.ukNINO(bytes("JM 52 91 83 C")) == .proven)
        #expect(Validators.ukNINO(bytes("PR529183A")) == .proven)
        for bad in ["DA529183A", "JO529183A", "GB529183A", "TN529183A", "JM529183E", "AB123456C", "JM52918C"] {
            #expect(Validators.ukNINO(bytes(bad)) == .rejected, "\(bad)")
        }
    }

    @Test func spanishDNIAndNIE() {
        #expect(Validators.spanishDNI(bytes("45643088W")) == .proven)
        #expect(Validators.spanishDNI(bytes("X3105797S")) == .proven)
        #expect(Validators.spanishDNI(bytes("Z5243685N")) == .proven)
        #expect(Validators.spanishDNI(bytes("45643088X")) == .rejected)
        #expect(Validators.spanishDNI(bytes("Y3105797S")) == .rejected)
        #expect(Validators.spanishDNI(bytes("00000000T")) == .rejected)
    }

    @Test func dutchBSNElevenProof() {
        #expect(Validators.dutchBSN(bytes("792949584")) == .proven)
        #expect(Validators.dutchBSN(bytes("825981633")) == .proven)
        #expect(Validators.dutchBSN(bytes("792949585")) == .rejected)
        #expect(Validators.dutchBSN(bytes("111111111")) == .rejected)
    }

    @Test func aadhaarVerhoeff() {
        #expect(Validators.verhoeff([2, 3, 6, 3]))
        #expect(!Validators.verhoeff([2, 3, 6, 4]))
        #expect(Validators.aadhaar(bytes("6835 3063 4087")) == .proven)
        #expect(Validators.aadhaar(bytes("330678130536")) == .proven)
        #expect(Validators.aadhaar(bytes("6835 3063 4088")) == .rejected)
        // Aadhaar numbers never start with 0 or 1.
        #expect(Validators.aadhaar(bytes("1835 3063 4087")) == .rejected)
    }

    @Test func brazilianCPF() {
        #expect(Validators.brazilianCPF(bytes("586.668.912-03")) == .proven)
        #expect(Validators.brazilianCPF(bytes("61540931447")) == .proven)
        #expect(Validators.brazilianCPF(bytes("586.668.912-04")) == .rejected)
        #expect(Validators.brazilianCPF(bytes("111.111.111-11")) == .rejected)
    }

    @Test func frenchNIR() {
        #expect(Validators.frenchNIR(bytes("2 95 04 91 732 654 17")) == .proven)
        #expect(Validators.frenchNIR(bytes("253112196695950")) == .proven)
        #expect(Validators.frenchNIR(bytes("1 39 02 2A 678 592 03")) == .proven)
        #expect(Validators.frenchNIR(bytes("295049173265418")) == .rejected)
        #expect(Validators.frenchNIR(bytes("595049173265417")) == .rejected)
        #expect(Validators.frenchNIR(bytes("2950491732654")) == .rejected)
    }

    @Test func canadianSIN() {
        #expect(Validators.canadianSIN(bytes("313 804 940")) == .proven)
        #expect(Validators.canadianSIN(bytes("955-826-797")) == .proven)
        #expect(Validators.canadianSIN(bytes("313 804 941")) == .rejected)
        #expect(Validators.canadianSIN(bytes("046 454 286")) == .rejected)
    }

    @Test func basicAuthDecodesToUserAndPassword() {
        #expect(Validators.basicAuth(bytes(Data("orders-api:Zt8qL2vN9xR4kW7m".utf8).base64EncodedString())) == .proven)
        #expect(Validators.basicAuth(bytes(Data("username:password".utf8).base64EncodedString())) == .rejected)
        #expect(Validators.basicAuth(bytes(Data("admin:admin".utf8).base64EncodedString())) == .rejected)
        #expect(Validators.basicAuth(bytes(Data("no-colon-in-here".utf8).base64EncodedString())) == .rejected)
        #expect(Validators.basicAuth(bytes(Data("ci:${TOKEN}".utf8).base64EncodedString())) == .rejected)
        #expect(Validators.basicAuth(bytes("not*base64!")) == .rejected)
        // RFC 7617 and RFC 6749 examples.
        #expect(Validators.basicAuth(bytes("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")) == .rejected)
        #expect(Validators.basicAuth(bytes("czZCaGRSa3F0MzpnWDFmQmF0M2JW")) == .rejected)
    }

    @Test func entropyIsJudgedAgainstTheAlphabetInUse() {
        #expect(Validators.alphabetSize(bytes("9f86d081884c7d65")) == 16)
        #expect(Validators.alphabetSize(bytes("AbC123")) == 62)
        #expect(Validators.alphabetSize(bytes("a+b/c=")) == 64)
        #expect(Validators.alphabetSize(bytes("0123")) == 10)
        // A random 32-hex key has about 3.7 bits per byte, under the 4.0 a fixed base64 bar would ask.
        let hexKey = "3f9a1c7e05b24d68e1f0a9c3b7d52e48"
        #expect(SecretJudgment.entropy(bytes(hexKey)) < 4.0)
        #expect(Validators.charsetEntropy(bytes(hexKey)) == .plausible)
        #expect(Validators.charsetEntropy(bytes("deadbeefdeadbeefdeadbeefdeadbeef")) == .rejected)
        #expect(Validators.charsetEntropy(bytes("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF")) == .plausible)
        #expect(Validators.charsetEntropy(bytes("aaaaaaaaBBBBBBBB11111111")) == .rejected)
        // Prefixes and UUID dashes are not part of the random alphabet.
        #expect(Validators.charsetEntropy(bytes("sk_" + hexKey)) == .plausible)
        #expect(Validators.charsetEntropy(bytes("9f1c2e7a-4b3d-4c8e-a1f0-6d2b9e8c7a51")) == .plausible)
        #expect(Validators.charsetEntropy(bytes("00000000-0000-0000-0000-000000000000")) == .rejected)
        #expect(Array(Validators.randomPart(bytes("dp.st.Ab12-cd"))) == Array("Ab12cd".utf8))
        let expected = Validators.expectedEntropy(length: 32, alphabet: 16)
        #expect(expected > 3.55 && expected < 3.65)
    }
}

/// Validators in the scan: a candidate that fails is not reported as that secret, one that passes
/// a checksum is reported with high confidence even when its rule says less.
@Suite struct ValidatorsInTheScanTests {
    private func findings(_ text: String, rule: String) -> [Finding] {
        TestSupport.builtinScanner.scan(bytes: Array(text.utf8), path: "config.env", showSecrets: true).filter { $0.ruleID == rule }
    }

    @Test func aFailedChecksumDropsTheCandidate() {
        let good = "glpat-bzplbjM5CnU6NGNnc5eh0Ezm2xs9G_Bkj5hKZeEQ.01.140kixwyw"
        #expect(findings("GITLAB_TOKEN=\(good)\n", rule: "gitlab-pat-routable").map(\.confidence) == [.high])
        #expect(findings("GITLAB_TOKEN=\(good.dropLast())x\n", rule: "gitlab-pat-routable").isEmpty)
        #expect(findings("\"ssn\": \"532-21-6302\"\n", rule: "us-social-security-number").map(\.confidence) == [.high])
        #expect(findings("\"ssn\": \"078-05-1120\"\n", rule: "us-social-security-number").isEmpty)
        #expect(findings("IBAN: DE66539087794844086650\n", rule: "iban").count == 1)
        #expect(findings("IBAN: DE66539087794844086651\n", rule: "iban").isEmpty)
    }

    /// Rules whose own confidence is medium (a context match) still report high once a checksum holds.
    @Test func aProvenValidatorRaisesConfidence() throws {
        let rule = try #require(TestSupport.packRules.first { $0.id == "iban" })
        #expect(rule.validator == .iban)
        let custom = RuleDefinition(
            id: "custom-iban", title: "IBAN", severity: .low, category: .pii, confidence: .low, keywords: ["iban"],
            regex: "iban: (?<secret>[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30})", validator: .iban, pack: "custom")
        let engine = ScanEngine(ruleSet: try CompiledRuleSet(definitions: [custom]))
        let found = engine.scan(bytes: Array("iban: DE66539087794844086650".utf8), path: "a.txt", showSecrets: true)
        #expect(found.map(\.confidence) == [.high])
    }
}
