import CZlibInflate
import Foundation
import Testing
import ZIPFoundation
@testable import ResidueCore

/// Archives in a scanned tree are read from their files an entry at a time (nested ones from
/// memory) and their entries scanned as `archive!/entry` files, within limits against archive bombs.
@Suite struct ArchiveTests {
    static let key = ScannerTests.key

    /// A zip built in memory; `compress` deflates entries.
    static func zip(_ entries: [(String, [UInt8])], compress: Bool = true) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, bytes) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: compress ? .deflate : .none) { position, size in
                Data(bytes[Int(position)..<(Int(position) + size)])
            }
        }
        return [UInt8](try #require(archive.data))
    }

    /// A tar by hand: ustar headers (a long name split into prefix and name), a GNU `L` long name,
    /// a pax `x` header naming the path.
    static func tar(_ entries: [(String, [UInt8])]) -> [UInt8] {
        func header(name: String, size: Int, type: UInt8, prefix: String = "") -> [UInt8] {
            var block = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
            }
            put(name, at: 0)
            put("0000644", at: 100)
            put("0000000", at: 108)
            put("0000000", at: 116)
            put(String(format: "%011o", size), at: 124)
            put("00000000000", at: 136)
            block[156] = type
            put("ustar", at: 257)
            put("00", at: 263)
            put(prefix, at: 345)
            for index in 148..<156 { block[index] = 0x20 }
            let sum = block.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o", sum), at: 148)
            block[154] = 0
            return block
        }
        func padded(_ bytes: [UInt8]) -> [UInt8] {
            bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
        var output: [UInt8] = []
        for (index, (path, bytes)) in entries.enumerated() {
            switch index % 3 {
            case 0 where path.utf8.count <= 100:
                output += header(name: path, size: bytes.count, type: UInt8(ascii: "0"))
            case 1:
                let long = Array(path.utf8) + [0]
                output += header(name: "././@LongLink", size: long.count, type: UInt8(ascii: "L")) + padded(long)
                output += header(name: String(path.prefix(99)), size: bytes.count, type: UInt8(ascii: "0"))
            default:
                let body = " path=\(path)\n"
                var length = body.utf8.count + 2
                if "\(length)\(body)".utf8.count != length { length += 1 }
                let record = Array("\(length)\(body)".utf8)
                output += header(name: "PaxHeader", size: record.count, type: UInt8(ascii: "x")) + padded(record)
                output += header(name: "ignored-name", size: bytes.count, type: UInt8(ascii: "0"))
            }
            output += padded(bytes)
        }
        return output + [UInt8](repeating: 0, count: 1024)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        try #require(status == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                _ = deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    func scan(_ files: [(String, [UInt8])], limits: ArchiveLimits = ArchiveLimits()) throws -> ScanResult {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.archiveLimits = limits
        var result = try TestSupport.scanner(ScannerTests.awsOnlyPack).scan(configuration)
        let prefix = root.path + "/"
        result.findings = FindingList(result.findings.map { finding in
            var finding = finding
            finding.path = String(finding.path.dropFirst(prefix.count))
            return finding
        })
        for index in result.warnings.indices { result.warnings[index].path = String(result.warnings[index].path.dropFirst(prefix.count)) }
        return result
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    @Test func zipEntriesAndNestedArchivesAreScannedWithTheirLines() throws {
        let inner = try Self.zip([("app.properties", Self.text("# settings\naws.key=\(Self.key)\n"))])
        let outer = try Self.zip([
            ("src/app.py", Self.text("import os\n\nKEY = \"\(Self.key)\"\n")),
            ("lib/inner.jar", inner),
            ("assets/logo.png", Self.text(Self.key)),
            ("node_modules/x/empty.js", []),
        ])
        let wheel = try Self.zip([("pkg/settings.py", Self.text("  k='\(Self.key)'\n"))], compress: false)
        let result = try scan([("deploy/function.zip", outer), ("dist/pkg-1.0-py3-none-any.whl", wheel)])
        let located = result.findings.map { "\($0.path):\($0.line):\($0.column)" }
        #expect(located == [
            "deploy/function.zip!/lib/inner.jar!/app.properties:2:9",
            "deploy/function.zip!/src/app.py:3:8",
            "dist/pkg-1.0-py3-none-any.whl!/pkg/settings.py:1:6",
        ])
        #expect(result.warnings.isEmpty)
        // The PNG entry is binary by name: not decompressed, counted as skipped.
        #expect(result.statistics.skipped[.binary] == 1)
    }

    @Test func tarGzipWithUstarGNUAndPaxNames() throws {
        let longPath = "layer/python/lib/python3.12/site-packages/" + String(repeating: "deep/", count: 20) + "config.env"
        let tarball = Self.tar([
            ("python/settings.py", Self.text("A = 1\nKEY = '\(Self.key)'\n")),
            (longPath, Self.text("AWS_ACCESS_KEY_ID=\(Self.key)\n")),
            ("python/pax/ünïcode.txt", Self.text("\n\n\(Self.key)\n")),
        ])
        let result = try scan([("layers/deps.tar.gz", try Self.gzip(tarball)), ("layers/plain.tgz", try Self.gzip(tarball))])
        let located = Set(result.findings.map { "\($0.path):\($0.line)" })
        for archive in ["layers/deps.tar.gz", "layers/plain.tgz"] {
            #expect(located.contains("\(archive)!/python/settings.py:2"))
            #expect(located.contains("\(archive)!/\(longPath):1"))
            #expect(located.contains("\(archive)!/python/pax/ünïcode.txt:3"))
        }
        #expect(result.findings.count == 6)
        #expect(result.warnings.isEmpty)
    }

    @Test func zipBombEntryIsSkippedWithAWarningAndTheRestScanned() throws {
        let bomb = [UInt8](repeating: 0x41, count: 48 << 20)
        let archive = try Self.zip([("bomb.txt", bomb), ("real.env", Self.text("K=\(Self.key)\n"))])
        #expect(archive.count < 1 << 20)
        let result = try scan([("pkg.zip", archive)])
        #expect(result.findings.map(\.path) == ["pkg.zip!/real.env"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.path == "pkg.zip")
        #expect(result.warnings.first?.reason.hasPrefix("not scanned: entry bomb.txt expands over 200×") == true)
    }

    @Test func entryCountAndTotalSizeBombsAreBounded() throws {
        var entries: [(String, [UInt8])] = [("first.env", Self.text("K=\(Self.key)\n"))]
        for index in 0..<60 { entries.append(("f\(index).txt", Self.text("x\n"))) }
        var limits = ArchiveLimits()
        limits.maxEntries = 40
        let counted = try scan([("many.zip", try Self.zip(entries))], limits: limits)
        #expect(counted.findings.map(\.path) == ["many.zip!/first.env"])
        #expect(counted.warnings.map(\.reason) == ["not scanned: archive has over 40 entries; later entries skipped"])

        limits = ArchiveLimits()
        limits.maxTotalBytes = 4096
        let big = [UInt8](repeating: 0x0A, count: 3000)
        let sized = try scan([("big.tgz", try Self.gzip(Self.tar([("a.txt", big), ("b.txt", big)])))], limits: limits)
        #expect(sized.warnings.count == 1)
        #expect(sized.warnings.first?.reason.contains("total limit") == true)
    }

    @Test func corruptArchiveGivesOneWarningAndTheScanGoesOn() throws {
        var damaged = try Self.zip([("a.env", Self.text("K=\(Self.key)\n"))])
        damaged.removeLast(30)
        let result = try scan([
            ("broken.zip", damaged),
            ("notreally.jar", Self.text("just text\n")),
            ("broken.tar.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF]),
            ("plain.env", Self.text("K=\(Self.key)\n")),
        ])
        #expect(result.findings.map(\.path) == ["plain.env"])
        #expect(Set(result.warnings.map(\.path)) == ["broken.zip", "notreally.jar", "broken.tar.gz"])
        #expect(result.warnings.count == 3)
        #expect(result.warnings.allSatisfy { $0.reason.hasPrefix("not scanned: corrupt or unreadable archive") })
    }

    /// Read from the file as it goes or from memory (nested archives, downloaded packages), an
    /// archive gives the same findings and warnings.
    @Test func archivesReadFromFilesAndFromMemoryAgree() throws {
        var entries: [(String, [UInt8])] = []
        for index in 0..<30 {
            let secret = index % 7 == 3 ? "K=\(Self.key)\n" : ""
            entries.append(("lib/m\(index).py", Self.text(String(repeating: "x = \(index)\n", count: 3000) + secret)))
        }
        // Over the entry limit, and not compressible enough to trip the ratio limit.
        var generator = SplitMix(seed: 3)
        entries.append(("big.bin.txt", (0..<(3 << 20)).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 26) }))
        let tarball = Self.tar(entries)
        // Two gzip members, one after the other, are one stream.
        let half = tarball.count / 2
        let twoMembers = try Self.gzip(Array(tarball[..<half])) + Self.gzip(Array(tarball[half...]))
        var limits = ArchiveLimits()
        limits.maxEntryBytes = 2 << 20
        let archives: [(String, [UInt8])] = [
            ("pkg.zip", try Self.zip(entries)), ("stored.zip", try Self.zip(entries, compress: false)),
            ("layer.tar.gz", try Self.gzip(tarball)), ("members.tgz", twoMembers), ("plain.tar", tarball),
        ]
        let fromFiles = try scan(archives, limits: limits)
        #expect(fromFiles.findings.count == 5 * 4)
        #expect(fromFiles.warnings.count == 5)
        #expect(fromFiles.warnings.allSatisfy { $0.reason == "not scanned: entry big.bin.txt is over the 2.0 MiB per-entry limit" })
        var configuration = ScanConfiguration(roots: [])
        configuration.archiveLimits = limits
        let scanner = FileScanner(ruleSet: TestSupport.builtinScanner.ruleSet, configuration: configuration)
        for (name, bytes) in archives {
            let inMemory = scanner.scanArchive(bytes, format: ArchiveFormat.byName(name) ?? .zip, label: name, relativeLabel: name)
            #expect(inMemory.findings.map { "\($0.path):\($0.line)" }.sorted()
                == fromFiles.findings.filter { $0.path.hasPrefix(name + "!") }.map { "\($0.path):\($0.line)" }, "\(name)")
            #expect(inMemory.warnings.sorted(by: ScanWarning.reportOrder) == fromFiles.warnings.filter { $0.path == name }, "\(name)")
        }
    }

    /// Entries over 8 MiB are written to a temporary file and scanned from it in windows; with
    /// no place for one (the temporary directory inside the scanned tree) they are held in memory
    /// by one worker at a time, and an archive nested in a large entry reads its own large entries
    /// under the admission its outer entry holds (no wait on itself). Both find the same.
    @Test(arguments: [false, true])
    func largeEntriesAreScannedFromATemporaryFileOrAdmittedOneAtATime(inMemory: Bool) throws {
        var generator = SplitMix(seed: 11)
        func large(_ secretLine: String) -> [UInt8] {
            (0..<(ArchiveReader.largeEntryBytes + 4096)).map { index in
                index % 64 == 63 ? 0x0A : UInt8(ascii: "a") + UInt8(generator.next() % 26)
            } + Self.text("\n" + secretLine + "\n")
        }
        let inner = try Self.zip([("big.txt", large("K=\(Self.key)")), ("small.env", Self.text("K=\(Self.key)\n"))], compress: false)
        let outer = try Self.zip([("lib/inner.jar", inner), ("bundle.js", large("k = '\(Self.key)'"))], compress: false)
        let tarball = try Self.gzip(Self.tar([("bundle.js", large("k = '\(Self.key)'"))]))
        var configuration = ScanConfiguration(roots: [])
        configuration.workerCount = 4
        let files: [(String, [UInt8])] = (0..<4).map { ("outer\($0).zip", outer) } + [("layer.tgz", tarball)]
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (name, bytes) in files { try Data(bytes).write(to: root.appendingPathComponent(name)) }
        configuration.roots = [root.path]
        if inMemory { configuration.spoolDirectory = root.path }
        let result = TestSupport.builtinScanner.scan(configuration)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).count == files.count)
        // The secret after 8 MiB of a spilled entry is at its true line.
        let bundle = try #require(result.findings.first { $0.path.hasSuffix("outer0.zip!/bundle.js") })
        #expect(bundle.line == (ArchiveReader.largeEntryBytes + 4096 + 63) / 64 + 2)
        let located = Set(result.findings.map { String($0.path.dropFirst(root.path.count + 1)) })
        for index in 0..<4 {
            #expect(located.isSuperset(of: [
                "outer\(index).zip!/bundle.js", "outer\(index).zip!/lib/inner.jar!/big.txt", "outer\(index).zip!/lib/inner.jar!/small.env",
            ]))
        }
        #expect(located.contains("layer.tgz!/bundle.js"))
    }

    /// A tarball cut short (a download that stopped) gives the entries before the cut and one warning.
    @Test func aTruncatedTarballGivesWhatCameBeforeTheCut() throws {
        var entries: [(String, [UInt8])] = [("first.env", Self.text("K=\(Self.key)\n"))]
        for index in 0..<20 { entries.append(("f\(index).txt", Self.text(String(repeating: "line \(index)\n", count: 2000)))) }
        let whole = try Self.gzip(Self.tar(entries))
        let result = try scan([("cut.tar.gz", Array(whole.prefix(whole.count / 2))), ("cut.tar", Array(Self.tar(entries).prefix(100_000)))])
        #expect(result.findings.map(\.path) == ["cut.tar!/first.env", "cut.tar.gz!/first.env"])
        #expect(result.warnings.map { "\($0.path): \($0.reason)" } == [
            "cut.tar: not scanned: corrupt or unreadable archive (tar entry runs past the end)",
            "cut.tar.gz: not scanned: corrupt or unreadable archive (gzip data ends early)",
        ])
    }

    /// The end-of-central-directory check made before ZIPFoundation sees a zip (it leaks the data
    /// of one it cannot open) must agree with ZIPFoundation on which zips open.
    @Test func theEndOfDirectoryCheckAgreesWithZIPFoundation() throws {
        let valid = try Self.zip([("a.env", Self.text("K=\(Self.key)\n")), ("b.txt", Self.text("b\n"))])
        var cases: [[UInt8]] = [valid, [], Array("PK".utf8), Self.text("just text\n")]
        for cut in [1, 21, 22, 23, 30, valid.count / 2] { cases.append(Array(valid.dropLast(cut))) }
        var longComment = valid
        longComment[longComment.count - 2] = 0xFF
        longComment[longComment.count - 1] = 0xFF
        cases.append(longComment)
        var shortComment = valid + Self.text("note")
        shortComment[valid.count - 2] = 4
        cases.append(shortComment)
        // Only the record: an empty archive.
        cases.append([0x50, 0x4B, 5, 6] + [UInt8](repeating: 0, count: 18))
        // The record more than one search window (1 MiB) from the end, and across a window's edge.
        cases.append(valid + [UInt8](repeating: 0, count: (1 << 20) + 5))
        cases.append([UInt8](repeating: 0x20, count: (1 << 20) - 2) + valid)
        cases.append([UInt8](repeating: 0x20, count: 3 << 20))
        var verdicts: [Bool] = []
        for bytes in cases {
            let opens = (try? Archive(data: Data(bytes), accessMode: .read, pathEncoding: nil)) != nil
            #expect(ArchiveReader.hasEndOfCentralDirectory(bytes) == opens, "\(bytes.count) bytes")
            verdicts.append(opens)
        }
        // The cases include both outcomes.
        #expect(verdicts.contains(true) && verdicts.contains(false))
    }
}
