import Foundation
import Testing
@testable import ResidueCore

@Suite struct InlineIgnoreTests {
    private func suppresses(_ rule: String, _ line: String, previous: String = "") -> Bool {
        InlineIgnore.suppresses(ruleID: rule, line: Array(line.utf8), previousLine: Array(previous.utf8))
    }

    @Test func sameLineAndNextLineDirectives() {
        #expect(suppresses("aws-access-key-id", "key = 'AKIA…'  # residue:ignore"))
        #expect(suppresses("aws-access-key-id", "key = 'AKIA…'  // residue:ignore aws-access-key-id, generic-secret"))
        #expect(suppresses("generic-secret", "key = 'AKIA…'  // residue:ignore aws-access-key-id, generic-secret"))
        #expect(!suppresses("github-pat", "key = 'AKIA…'  // residue:ignore aws-access-key-id -- rotated"))
        #expect(suppresses("x", "key = 'AKIA…'", previous: "# residue:ignore-next-line"))
        #expect(suppresses("jwt", "key = 'eyJ…'", previous: "    // residue:ignore-next-line jwt -- sample token"))
        #expect(!suppresses("x", "key = 'eyJ…'", previous: "    // residue:ignore-next-line jwt -- sample token"))
        #expect(!suppresses("x", "key = 'AKIA…'  # residue:ignore-next-line"))
        #expect(!suppresses("x", "key = 'AKIA…'"))
    }

    @Test func aBareMarkerOnACommentLineCoversTheNextLine() {
        #expect(suppresses("x", "key = 'AKIA…'", previous: "# residue:ignore"))
        #expect(suppresses("generic-password", "  password: Xq9!…", previous: "  # residue:ignore generic-password -- test fixture"))
        #expect(!suppresses("aws-access-key-id", "  key: AKIA…", previous: "  # residue:ignore generic-password -- test fixture"))
        #expect(suppresses("x", "<password>…</password>", previous: "<!-- residue:ignore -->"))
        // On a line of code the marker is about that line only.
        #expect(!suppresses("x", "b = 'AKIA…'", previous: "a = 'AKIA…'  # residue:ignore"))
    }

    @Test func reasonsAfterTwoDashesNameNoRule() {
        #expect(suppresses("generic-password", "password = '…'  # residue:ignore -- fixture for the login tests"))
        #expect(suppresses("generic-password", "password = '…'  # residue:ignore generic-password -- test fixture"))
        #expect(!suppresses("jwt", "password = '…'  # residue:ignore generic-password -- test fixture"))
        #expect(suppresses("jwt", "token = '…'  /* residue:ignore */"))
        #expect(suppresses("jwt", "token = '…'  # RESIDUE:IGNORE"))
    }

    @Test func otherScannersMarkersSilenceEveryRule() {
        #expect(suppresses("aws-access-key-id", "key = 'AKIA…'  # gitleaks:allow"))
        #expect(suppresses("generic-secret", "secret = '…'  # pragma: allowlist secret"))
        #expect(suppresses("generic-secret", "secret = '…'  // pragma:allowlist secret"))
        #expect(suppresses("generic-secret", "secret = '…'", previous: "# pragma: allowlist nextline secret"))
        #expect(suppresses("jwt", "token = '…'  # trufflehog:ignore"))
        #expect(suppresses("jwt", "token = '…'  // kingfisher:ignore"))
        // A same-line marker of another scanner says nothing about the line after it.
        #expect(!suppresses("jwt", "token = '…'", previous: "other = '…'  # gitleaks:allow"))
        // `nosec` silences code linters (bandit, gosec), not secret scanners.
        #expect(!suppresses("generic-password", "password = '…'  # nosec"))
        #expect(!suppresses("generic-password", "password = '…'  // #nosec G101"))
    }

    @Test func theScannerHonoursThemUnlessSwitchedOff() throws {
        let scanner = try TestSupport.scanner(ScannerTests.pack)
        let text = "a = \(ScannerTests.key) # residue:ignore\nb = \(ScannerTests.key)\n"
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(text, to: root.appendingPathComponent("a.py"))
        var configuration = ScanConfiguration(roots: [root.path])
        let on = scanner.scan(configuration)
        #expect(on.findings.map(\.line) == [2])
        #expect(on.statistics.suppressedInline == 1)
        configuration.inlineIgnores = false
        #expect(scanner.scan(configuration).findings.map(\.line) == [1, 2])
    }

    @Test func theSwitchAlsoTurnsOffOtherScannersMarkers() throws {
        let scanner = try TestSupport.scanner(ScannerTests.pack)
        let text = "a = \(ScannerTests.key) # gitleaks:allow\n# pragma: allowlist nextline secret\nb = \(ScannerTests.key)\n"
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(text, to: root.appendingPathComponent("a.py"))
        var configuration = ScanConfiguration(roots: [root.path])
        #expect(scanner.scan(configuration).findings.isEmpty)
        let config = try ResidueConfig.parse("inline-ignore: false\n", path: "c.yaml")
        #expect(config.inlineIgnore == false)
        configuration.inlineIgnores = config.inlineIgnore ?? true
        #expect(scanner.scan(configuration).findings.map(\.line) == [1, 3])
    }
}

@Suite struct BaselineTests {
    private func finding(_ fingerprint: String, line: Int, path: String = "a.py") -> Finding {
        Finding(ruleID: "r", title: "R", severity: .high, confidence: .high, category: .secret, path: path, line: line,
                column: 1, endLine: line, excerpt: "", redactedSecret: "", fingerprint: fingerprint)
    }

    @Test func isSortedStableAndIgnoresLines() {
        let one = Baseline(findings: [finding("bb", line: 3), finding("aa", line: 9), finding("bb", line: 30)])
        let moved = Baseline(findings: [finding("aa", line: 1), finding("bb", line: 5)])
        #expect(one == moved)
        #expect(one.encoded() == moved.encoded())
        #expect(one.findings.map(\.fingerprint) == ["aa", "bb"])
        #expect(!String(decoding: one.encoded(), as: UTF8.self).contains("line"))
    }

    @Test func readsBackWhatItWritesAndNamesTheLineOfAnError() throws {
        let baseline = Baseline(findings: [finding("aa", line: 1), finding("bb", line: 2, path: "b.py")])
        #expect(try Baseline.parse(String(decoding: baseline.encoded(), as: UTF8.self), path: "b.json") == baseline)
        let corrupt = "{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": 3, \"ruleId\": \"r\", \"path\": \"a\"}\n  ]\n}\n"
        #expect(throws: Baseline.ReadError.self) { try Baseline.parse(corrupt, path: "b.json") }
        do {
            _ = try Baseline.parse(corrupt, path: "b.json")
        } catch {
            #expect(error.description == "b.json: line 4: 'fingerprint' must be a string")
        }
        #expect(throws: Baseline.ReadError.self) { try Baseline.parse("{\"version\": 2, \"findings\": []}", path: "b.json") }
    }

    @Test func filtersKnownFindings() {
        let baseline = Baseline(findings: [finding("aa", line: 1)])
        let result = baseline.filter([finding("aa", line: 7), finding("cc", line: 8)])
        #expect(result.new.map(\.fingerprint) == ["cc"])
        #expect(result.suppressed == 1)
    }
}

@Suite struct ConfigTests {
    @Test func parsesEverySetting() throws {
        let config = try ResidueConfig.parse("""
            exclude: ["tests/fixtures/**"]
            rules:
              disable: [generic-password]
            fail-on: high
            inline-ignore: false
            min-confidence: medium
            max-file-size-mib: 64
            """, path: ".residue.yaml")
        #expect(config.excludes == ["tests/fixtures/**"])
        #expect(config.disabledRules == ["generic-password"])
        #expect(config.failOn == .high)
        #expect(config.inlineIgnore == false)
        #expect(config.maxFileSizeMiB == 64)
        #expect(config.minimumConfidence == .medium)
    }

    @Test func errorsNameTheFileLineAndReason() {
        #expect(throws: ResidueConfig.ConfigError(path: ".residue.yaml", line: 2, reason: "'fail-on' must be one of low, medium, high, critical")) {
            try ResidueConfig.parse("exclude: []\nfail-on: severe\n", path: ".residue.yaml")
        }
        #expect(throws: ResidueConfig.ConfigError(path: "c.yaml", line: 1, reason: "'min-confidence' must be one of low, medium, high")) {
            try ResidueConfig.parse("min-confidence: certain\n", path: "c.yaml")
        }
        #expect(throws: ResidueConfig.ConfigError(path: "c.yaml", line: 1, reason: "unknown key 'exclud' (expected exclude, rules, custom-rules, fail-on, inline-ignore, min-confidence, max-file-size-mib)")) {
            try ResidueConfig.parse("exclud: [x]\n", path: "c.yaml")
        }
    }

    @Test func anEmptyOnlyListKeepsEveryRule() throws {
        let config = try ResidueConfig.parse("rules:\n  only: []\n", path: "c.yaml")
        #expect(config.onlyRules == nil)
        let rules = [RuleDefinition(id: "a", title: "A", severity: .low, category: .secret, keywords: ["a"], regex: "a", pack: "p")]
        #expect(try config.applyRuleSelection(to: rules, path: "c.yaml").map(\.id) == ["a"])
    }

    @Test func unknownRuleIDsAreErrors() throws {
        let config = try ResidueConfig.parse("rules:\n  disable: [no-such-rule]\n", path: "c.yaml")
        #expect(throws: ResidueConfig.ConfigError.self) {
            try config.applyRuleSelection(to: [], path: "c.yaml")
        }
    }

    @Test func excludesApplyEvenWithoutIgnoreFiles() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("x\n", to: root.appendingPathComponent("tests/fixtures/a.txt"))
        try TestSupport.write("x\n", to: root.appendingPathComponent("src/a.txt"))
        let walk = Walker(respectIgnoreFiles: false, excludes: ["tests/fixtures/"]).walk(roots: [root.path])
        #expect(walk.files.map(\.relativePath) == ["src/a.txt"])
        // A negation in an ignore file cannot bring an excluded path back.
        try TestSupport.write("!tests/fixtures/\n!*.txt\n", to: root.appendingPathComponent(".gitignore"))
        let honoured = Walker(respectIgnoreFiles: true, excludes: ["tests/fixtures/"]).walk(roots: [root.path])
        #expect(honoured.files.map(\.relativePath).sorted() == [".gitignore", "src/a.txt"])
    }
}

@Suite struct TerminalSafetyTests {
    @Test func controlCharactersInPathsAreEscaped() {
        #expect(TextReport.terminalSafe("a\nb\u{1B}[31m.py") == "a\\x0Ab\\x1B[31m.py")
        #expect(TextReport.terminalSafe("plain/ünïcode.py") == "plain/ünïcode.py")
    }
}
