import Foundation
import Testing
@testable import ResidueCore

@Suite struct ScannerTests {
    /// The AWS-key rule plus a 64 KiB-window PEM rule and a backtracking one.
    static let pack = awsOnlyPack + "\n" + """
          - id: test-pem
            title: Test PEM
            severity: high
            category: secret
            keywords: ['PRIVATE KEY']
            window: 65536
            regex: '-----BEGIN TEST PRIVATE KEY-----\\n(?<secret>[A-Za-z0-9+/=\\n]{40,}?)-----END TEST PRIVATE KEY-----'
          - id: test-backtrack
            title: Test backtracking
            severity: low
            category: secret
            keywords: [zz]
            regex: 'zz(a+)+[bc]'
        """
    static let key = "AKIAZ5R3T7QW2XBN4HJK"

    let scanner: ScanEngine

    init() throws {
        scanner = try TestSupport.scanner(Self.pack)
    }

    @Test func reportsLineAndColumnInCodePoints() {
        let text = "first\nnaïve = \"\(Self.key)\"\n"
        let findings = scanner.scan(bytes: Array(text.utf8), path: "a.py")
        #expect(findings.count == 1)
        #expect(findings.first?.line == 2)
        #expect(findings.first?.column == 10)
    }

    @Test func secretsAreMaskedUnlessAsked() throws {
        let text = "k = \(Self.key)\n"
        let masked = try #require(scanner.scan(bytes: Array(text.utf8), path: "a").first)
        #expect(masked.secret == nil)
        #expect(!masked.excerpt.contains(Self.key))
        #expect(!masked.redactedSecret.contains(Self.key))
        #expect(masked.excerpt.hasPrefix("k = AKIA*"))
        let shown = try #require(scanner.scan(bytes: Array(text.utf8), path: "a", showSecrets: true).first)
        #expect(shown.secret == Self.key)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 63, 64, 1000])
    func newlineCountingMatchesANaiveCount(length: Int) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in [UInt8(0x0A), 0x0B, 0x8A, 0x00, 0x41][Int.random(in: 0..<5, using: &generator)] }
        let counted = bytes.withUnsafeBytes { ByteCounting.newlines(in: $0) }
        #expect(counted == bytes.filter { $0 == 0x0A }.count)
    }

    @Test func excerptsMaskNeighbouringSecretsToo() throws {
        let other = "AKIAQ7R3T7QW2XBN4HJM"
        let findings = scanner.scan(bytes: Array("a = \(Self.key), b = \(other)\n".utf8), path: "a")
        #expect(findings.count == 2)
        for finding in findings {
            #expect(!finding.excerpt.contains(Self.key) && !finding.excerpt.contains(other), "\(finding.excerpt)")
        }
    }

    @Test func fingerprintIgnoresTheLineButNotThePathOrRule() throws {
        let one = try #require(scanner.scan(bytes: Array("k = \(Self.key)\n".utf8), path: "a.py").first)
        let moved = try #require(scanner.scan(bytes: Array("\n\n\n    k = \(Self.key)\n".utf8), path: "a.py").first)
        let elsewhere = try #require(scanner.scan(bytes: Array("k = \(Self.key)\n".utf8), path: "b.py").first)
        #expect(one.fingerprint == moved.fingerprint)
        #expect(one.fingerprint != elsewhere.fingerprint)
        #expect(one.fingerprint.count == 32)
    }

    @Test func multiLineSecretsReportTheirSpan() throws {
        let body = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", count: 3)
        let text = "x\n-----BEGIN TEST PRIVATE KEY-----\n\(body)-----END TEST PRIVATE KEY-----\n"
        let finding = try #require(scanner.scan(bytes: Array(text.utf8), path: "id").first)
        #expect(finding.ruleID == "test-pem")
        #expect(finding.line == 3)
        #expect(finding.endLine == 6)
    }

    @Test func hostileInputHitsTheMatchLimitInsteadOfHanging() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("zz" + String(repeating: "a", count: 4000) + "\n", to: root.appendingPathComponent("evil.txt"))
        let result = scanner.scan(ScanConfiguration(roots: [root.path]))
        #expect(result.findings.isEmpty)
        #expect(result.statistics.regexLimitHits == 1)
        #expect(result.warnings.first?.reason.contains("match limit") == true)
    }

    /// Large files are read in overlapping chunks: a secret on any side of a boundary is found
    /// exactly once, with the right line.
    @Test(arguments: [0, 1, 5, 17, 63])
    func secretsAcrossChunkBoundariesAreFoundOnce(shift: Int) throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Only the 4 KiB-window rule, so the overlap stays small and the file takes many passes.
        let scanner = try TestSupport.scanner(Self.awsOnlyPack)
        let chunk = 4096
        var text = ""
        var expectedLines: [Int] = []
        var line = 1
        while text.utf8.count < chunk * 20 {
            let filler = String(repeating: "y", count: 40 + (line * 7 + shift) % 50)
            if line % 23 == 0 {
                text += "\(filler) \(Self.key)\n"
                expectedLines.append(line)
            } else {
                text += filler + "\n"
            }
            line += 1
        }
        try TestSupport.write(text, to: root.appendingPathComponent("big.txt"))
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.chunkSize = chunk
        configuration.chunkOverlap = 512 + shift
        let result = scanner.scan(configuration)
        #expect(result.findings.map(\.line) == expectedLines)
        #expect(result.statistics.bytesScanned == text.utf8.count)
    }

    static let awsOnlyPack = """
        rules:
          - id: test-aws-key
            title: Test AWS key
            severity: critical
            category: secret
            keywords: [AKIA]
            regex: '\\b(?<secret>AKIA[A-Z2-7]{16})\\b'
        """

    /// A later chunk keeps the bytes before its report range: a key glued to a word across the
    /// boundary is not a match, and one after a space is found once with its true line.
    @Test func chunkBoundariesKeepLeftContextForLookBehinds() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let scanner = try TestSupport.scanner(Self.awsOnlyPack)
        let chunk = 4096
        let filler = String(repeating: "z", count: 99) + "\n"
        var text = String(repeating: filler, count: chunk / 100)
        text += String(repeating: "q", count: chunk - text.utf8.count - 1) + "x"
        text += Self.key + " " + Self.key + "\n" + String(repeating: filler, count: 200)
        try TestSupport.write(text, to: root.appendingPathComponent("glued.txt"))
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.chunkSize = chunk
        configuration.chunkOverlap = 1
        let result = scanner.scan(configuration)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.line == chunk / 100 + 1)
    }

    /// A line longer than many chunks (a minified bundle, a one-line log) read in windows: the
    /// column still counts code points from the line's true start, on the long line and after it.
    @Test func columnsOnALineLongerThanAChunkCountFromTheLineStart() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let scanner = try TestSupport.scanner(Self.awsOnlyPack)
        // 20,000 two-byte code points, then keys 30,000 one-byte characters apart, then a short line.
        var text = String(repeating: "é", count: 20_000) + " " + Self.key + " "
        text += String(repeating: "x", count: 30_000) + " " + Self.key + "\n"
        text += String(repeating: "é", count: 9_000) + " " + Self.key + "\n"
        try TestSupport.write(text, to: root.appendingPathComponent("one-line.log"))
        let expected = [(1, 20_002), (1, 20_002 + 21 + 30_001), (2, 9_002)]
        for chunk in [4096, 8 << 20] {
            var configuration = ScanConfiguration(roots: [root.path])
            configuration.chunkSize = chunk
            configuration.chunkOverlap = 1
            let result = scanner.scan(configuration)
            #expect(result.findings.map(\.line) == expected.map(\.0), "chunk \(chunk)")
            #expect(result.findings.map(\.column) == expected.map(\.1), "chunk \(chunk)")
        }
    }

    @Test func utf16FilesAreDecodedAndScanned() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = "a = 1\nkey = \(Self.key)\n"
        let bom: [UInt8] = [0xFF, 0xFE]
        let utf16 = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(bom + utf16).write(to: root.appendingPathComponent("with-bom.txt"))
        try Data(utf16).write(to: root.appendingPathComponent("without-bom.cfg"))
        let result = scanner.scan(ScanConfiguration(roots: [root.path]))
        #expect(result.findings.map(\.line) == [2, 2])
        #expect(result.findings.map(\.column) == [7, 7])
    }

    @Test func badInputIsWarnedAboutAndTheScanGoesOn() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("k = \(Self.key)\n", to: root.appendingPathComponent("good.py"))
        try Data([0x6B, 0x3D, 0xC3, 0x28, 0xFF, 0x20] + Array(Self.key.utf8) + [0x0A]).write(to: root.appendingPathComponent("invalid-utf8.py"))
        try Data(Array("k = \(Self.key)\n".utf8) + [0, 0, 0, 0]).write(to: root.appendingPathComponent("blob.bin"))
        try TestSupport.write("k = \(Self.key)\n", to: root.appendingPathComponent("big.txt"))
        try TestSupport.write("k\n", to: root.appendingPathComponent("vanishing.txt"))
        #expect(mkfifo(root.appendingPathComponent("pipe").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("dangling.txt").path, withDestinationPath: "missing")

        // The file vanishes between the walk and the read.
        let walk = Walker().walk(roots: [root.path])
        try FileManager.default.removeItem(at: root.appendingPathComponent("vanishing.txt"))
        let worker = FileScanner(ruleSet: scanner.ruleSet, configuration: ScanConfiguration(roots: [root.path]))
        let results = walk.files.map { worker.scan($0) }
        let warnings = walk.warnings + results.flatMap(\.warnings)
        let reasons = Dictionary(warnings.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["vanishing.txt"] == "cannot open: no such file or directory")
        #expect(reasons["dangling.txt"] == "broken symbolic link")
        let found = results.flatMap(\.findings).map { ($0.path as NSString).lastPathComponent }.sorted()
        #expect(found == ["big.txt", "good.py", "invalid-utf8.py"])
        #expect(walk.statistics.skipped[.notRegularFile] == 1)
        #expect(results.reduce(0) { $0 + ($1.statistics.skipped[.binary] ?? 0) } == 1)
    }

    @Test func filesOverTheSizeLimitAreSkippedWithAWarning() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(String(repeating: "x", count: 2048) + Self.key, to: root.appendingPathComponent("huge.txt"))
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.maxFileSize = 1024
        let result = scanner.scan(configuration)
        #expect(result.findings.isEmpty)
        #expect(result.statistics.skipped[.tooLarge] == 1)
        #expect(result.warnings.first?.reason == "not scanned: 2.0 KiB is over the 1.0 KiB limit (--max-file-size)")
    }

    @Test func parallelScansAreDeterministic() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for index in 0..<200 {
            let content = index % 7 == 0 ? "k = \(Self.key)\n" : "nothing \(index)\n"
            try TestSupport.write(content, to: root.appendingPathComponent("d\(index % 5)/f\(index).txt"))
        }
        var single = ScanConfiguration(roots: [root.path])
        single.workerCount = 1
        var parallel = single
        parallel.workerCount = 4
        let one = scanner.scan(single)
        let many = scanner.scan(parallel)
        #expect(one.findings == many.findings)
        #expect(one.findings.count == 29)
        #expect(many.statistics.filesScanned == 200)
    }
}
