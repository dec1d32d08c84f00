import Foundation
import Testing
@testable import ResidueCore

@Suite struct KeywordPrefilterTests {
    private func hits(_ keywords: [String], _ text: String) -> [String] {
        let prefilter = KeywordPrefilter(keywords: keywords)
        var found: [String] = []
        Array(text.utf8).withUnsafeBytes { bytes in
            prefilter.scan(bytes) { keyword, end in found.append("\(keywords[keyword])@\(end)") }
        }
        return found
    }

    @Test func findsOverlappingKeywordsCaseInsensitively() {
        #expect(hits(["he", "she", "hers", "his"], "uSHErs") == ["she@4", "he@4", "hers@6"])
    }

    @Test func findsNothingWithoutKeywords() {
        #expect(hits(["akia", "ghp_"], "nothing to see here").isEmpty)
        #expect(hits(["akia"], "").isEmpty)
    }

    /// Large inputs run two interleaved automata; every occurrence must still be found once,
    /// including ones that straddle the middle.
    @Test(arguments: [4095, 4096, 4097, 10_001, 65_536])
    func agreesWithANaiveSearch(length: Int) {
        let keywords = ["akia", "ghp_", "pass", "password", "sk_live_", "a", "hooks.slack.com/services"]
        let alphabet = Array("akiAGHPpasSWORDword_ghpsk_liveHOOKS.slack.com/servicesxyz ".utf8)
        var generator = SplitMix(seed: UInt64(length))
        var bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        // Plant a long keyword across the middle.
        let planted = Array("hooks.slack.com/services".utf8)
        for (index, byte) in planted.enumerated() { bytes[length / 2 - 10 + index] = byte }
        var expected: [String] = []
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for end in 1...length {
            for (index, keyword) in keywords.enumerated() {
                let k = Array(keyword.utf8)
                if end >= k.count && Array(lowered[(end - k.count)..<end]) == k { expected.append("\(index)@\(end)") }
            }
        }
        let prefilter = KeywordPrefilter(keywords: keywords)
        var found: [String] = []
        bytes.withUnsafeBytes { prefilter.scan($0) { keyword, end in found.append("\(keyword)@\(end)") } }
        #expect(found.sorted() == expected.sorted())
        #expect(found.count == Set(found).count)
    }

    /// A keyword at every byte defers more second-half hits than the bound: the second half is
    /// then scanned again after the first, and every hit still comes once, in order.
    @Test func aKeywordAtEveryByteComesOutOnceAndInOrder() {
        let length = 4 * KeywordPrefilter.maxDeferredHits + 3
        let prefilter = KeywordPrefilter(keywords: ["aa", "a"])
        var found: [(keyword: Int, end: Int)] = []
        [UInt8](repeating: UInt8(ascii: "a"), count: length).withUnsafeBytes { bytes in
            prefilter.scan(bytes) { keyword, end in found.append((keyword, end)) }
        }
        let expected = (1...length).flatMap { end in end == 1 ? [(1, end)] : [(0, end), (1, end)] }
        #expect(found.count == expected.count)
        #expect(found.map(\.end) == expected.map(\.1))
        #expect(Set(found.map { "\($0.keyword)@\($0.end)" }) == Set(expected.map { "\($0.0)@\($0.1)" }))
    }

    @Test func findsAKeywordInsideAFailedLongerPrefix() {
        #expect(hits(["abcd", "bc"], "abce") == ["bc@3"])
        #expect(hits(["password", "pass"], "PASSPORT password") == ["pass@4", "pass@13", "password@17"])
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ValidatorTests {
    /// Builds a GitHub-style token with a correct checksum.
    static func githubToken(prefix: String, body: String) -> String {
        var value = UInt64(CRC32.checksum(Array(body.utf8)))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var digits: [Character] = []
        for _ in 0..<6 {
            digits.append(alphabet[Int(value % 62)])
            value /= 62
        }
        return prefix + body + String(digits.reversed())
    }

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func crc32Base62AcceptsGoodAndRejectsBadChecksums() {
        let token = Self.githubToken(prefix: "ghp_", body: "R3sidueT3stB0dyAbcdefghijklmn")
        #expect(SecretJudgment.crc32Base62(Array(token.utf8)[...]) == .proven)
        var broken = Array(token.utf8)
        broken[broken.count - 1] = broken[broken.count - 1] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(SecretJudgment.crc32Base62(broken[...]) == .rejected)
    }

    @Test func luhn() {
        #expect(SecretJudgment.luhn(Array("4111 1111 1111 1111".utf8)[...]))
        #expect(!SecretJudgment.luhn(Array("4111 1111 1111 1112".utf8)[...]))
        #expect(!SecretJudgment.luhn(Array("4111".utf8)[...]))
    }

    @Test func jwtNeedsJSONHeaderWithAlg() {
        let good = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"
        #expect(SecretJudgment.jwt(Array(good.utf8)[...]) == .proven)
        let notJSON = "eyJub3Rqc29u.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln"
        #expect(SecretJudgment.jwt(Array(notJSON.utf8)[...]) == .rejected)
    }

    private func generic(name: String, value: String, quote: Character? = "\"") -> ValidatorVerdict {
        SecretJudgment.genericSecret(Candidate(
            secret: Array(value.utf8)[...], name: Array(name.utf8)[...], match: Array("\(name)=\(value)".utf8)[...],
            precedingByte: quote.map { UInt8(ascii: $0.unicodeScalars.first!) }))
    }

    @Test func genericKeepsRealLookingValues() {
        #expect(generic(name: "DB_PASSWORD", value: "Tr0ub4dor&3x", quote: "=") == .plausible)
        #expect(generic(name: "password", value: "s3cr3t-Pa55w0rd!") == .plausible)
        #expect(generic(name: "api_key", value: "a8f3k29dkq01mznx7w2p") == .plausible)
        #expect(generic(name: "client_secret", value: "q8Z~v2Fh9Lp3mN7xR4tW1yB6") == .plausible)
    }

    @Test func genericDropsReferencesPlaceholdersAndIdentifiers() {
        #expect(generic(name: "password", value: "changeme") == .rejected)
        #expect(generic(name: "api_key", value: "your_api_key_here") == .rejected)
        #expect(generic(name: "password", value: "os.environ[\"DB\"]", quote: " ") == .rejected)
        #expect(generic(name: "token", value: "process.env.TOKEN", quote: " ") == .rejected)
        #expect(generic(name: "password", value: "user_password", quote: " ") == .rejected)
        #expect(generic(name: "secret", value: "123e4567-e89b-12d3-a456-426614174000") == .rejected)
        #expect(generic(name: "token_sha", value: "da39a3ee5e6b4b0d3255bfef95601890afd80709") == .rejected)
        #expect(generic(name: "password", value: "Summer") == .rejected)
        #expect(generic(name: "password_hint", value: "Password is too short") == .rejected)
        #expect(generic(name: "PGPASSWORD", value: "Vb7!qz2Lx", quote: "'") == .plausible)
        #expect(generic(name: "password", value: "{{resolve:secretsmanager:db}}") == .rejected)
        #expect(generic(name: "secret_name", value: "prod/db/Credentials2") == .rejected)
        #expect(generic(name: "api_key", value: "aaaaaaaaaaaaaaaa") == .rejected)
    }

    @Test func placeholdersAreDroppedForEveryRule() {
        for value in ["AKIAIOSFODNN7EXAMPLE", "${TOKEN}", "{{ token }}", "<API_KEY>", "ghp_xxxxxxxxxxxx", "****", "$(cat key)"] {
            #expect(SecretJudgment.isPlaceholder(Array(value.utf8)[...]), "\(value)")
        }
        #expect(!SecretJudgment.isPlaceholder(Array("AKIAZ5R3T7QW2XBN4HJK".utf8)[...]))
    }

    @Test func entropy() {
        #expect(SecretJudgment.entropy(Array("aaaa".utf8)) == 0)
        #expect(abs(SecretJudgment.entropy(Array("abcd".utf8)) - 2) < 1e-9)
    }
}

@Suite struct PCRE2RegexTests {
    @Test func findsNamedSecretGroupsIncludingDuplicates() throws {
        let regex = try PCRE2Regex(#"(?J)(?:"(?<secret>[a-z]+)"|'(?<secret>[a-z]+)')"#)
        #expect(regex.secretGroups == [1, 2])
        let scratch = MatchScratch(ovectorPairs: regex.ovectorPairs)
        let bytes = Array("x = 'abc'".utf8)
        #expect(regex.firstMatch(in: bytes, scratch: scratch) == 4..<9)
        #expect(scratch.group(1) == nil)
        #expect(scratch.group(2) == 5..<8)
    }

    @Test func matchLimitStopsCatastrophicBacktracking() throws {
        let regex = try PCRE2Regex("(a+)+[bc]")
        let scratch = MatchScratch(ovectorPairs: regex.ovectorPairs, matchLimit: 10_000)
        let subject = Array(repeating: UInt8(ascii: "a"), count: 64)
        let outcome = subject.withUnsafeBufferPointer { buffer in
            regex.match(buffer.baseAddress!, length: buffer.count, from: 0, scratch: scratch)
        }
        #expect(outcome == .limitExceeded)
    }

    @Test func compileErrorsCarryMessageAndOffset() {
        #expect(throws: RegexCompileError.self) { try PCRE2Regex("[a-") }
    }
}
