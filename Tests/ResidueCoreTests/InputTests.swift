import Foundation
import Testing
@testable import ResidueCore

@Suite struct GlobTests {
    private func glob(_ pattern: String, _ text: String) -> Bool {
        Glob.matches(Array(pattern.utf8)[...], Array(text.utf8)[...])
    }

    @Test func wildcards() {
        #expect(glob("*.log", "app.log"))
        #expect(!glob("*.log", "dir/app.log"))
        #expect(glob("a?c", "abc"))
        #expect(!glob("a?c", "a/c"))
        #expect(glob("[a-c]x", "bx"))
        #expect(!glob("[!a-c]x", "bx"))
        #expect(glob("\\*", "*"))
    }

    @Test func doubleStar() {
        #expect(glob("**/node_modules", "node_modules"))
        #expect(glob("**/node_modules", "a/b/node_modules"))
        #expect(glob("build/**", "build/x/y.o"))
        #expect(glob("a/**/b", "a/b"))
        #expect(glob("a/**/b", "a/x/y/b"))
        #expect(!glob("a/**/b", "a/x/y/c"))
    }
}

@Suite struct IgnoreFileTests {
    @Test func gitignoreSemantics() {
        let file = IgnoreFile(base: "", contents: """
            # comment
            *.log
            !keep.log
            /root-only.txt
            build/
            docs/*.md

            """)
        #expect(file.decision(relativePath: "a.log", isDirectory: false) == true)
        #expect(file.decision(relativePath: "sub/a.log", isDirectory: false) == true)
        #expect(file.decision(relativePath: "keep.log", isDirectory: false) == false)
        #expect(file.decision(relativePath: "root-only.txt", isDirectory: false) == true)
        #expect(file.decision(relativePath: "sub/root-only.txt", isDirectory: false) == nil)
        #expect(file.decision(relativePath: "build", isDirectory: true) == true)
        #expect(file.decision(relativePath: "build", isDirectory: false) == nil)
        #expect(file.decision(relativePath: "docs/a.md", isDirectory: false) == true)
        #expect(file.decision(relativePath: "docs/x/a.md", isDirectory: false) == nil)
    }

    @Test func nestedIgnoreFilesApplyBelowTheirFolder() {
        let file = IgnoreFile(base: "svc", contents: "secret.txt\n")
        #expect(file.decision(relativePath: "svc/secret.txt", isDirectory: false) == true)
        #expect(file.decision(relativePath: "other/secret.txt", isDirectory: false) == nil)
    }
}

@Suite struct WalkerTests {
    @Test func honoursIgnoreFilesSkipsGitAndNeverFollowsSymlinks() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("kept\n", to: root.appendingPathComponent("a.txt"))
        try TestSupport.write("ignored\n", to: root.appendingPathComponent("build/out.txt"))
        try TestSupport.write("ignored\n", to: root.appendingPathComponent("svc/local.env"))
        try TestSupport.write("kept\n", to: root.appendingPathComponent("svc/app.py"))
        try TestSupport.write("[core]\n", to: root.appendingPathComponent(".git/config"))
        try TestSupport.write("build/\n", to: root.appendingPathComponent(".gitignore"))
        try TestSupport.write("local.env\n", to: root.appendingPathComponent("svc/.residueignore"))
        let outside = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        try TestSupport.write("outside\n", to: outside.appendingPathComponent("x.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent/residue")

        let result = Walker().walk(roots: [root.path])
        let relative = Set(result.files.map { String($0.path.dropFirst(root.path.count + 1)) })
        #expect(relative == [".gitignore", "a.txt", "svc/.residueignore", "svc/app.py"])
        #expect(result.statistics.skipped[.ignored] == 2)
        #expect(result.statistics.skipped[.symlink] == 1)
        #expect(result.warnings == [ScanWarning(path: root.appendingPathComponent("dangling").path, reason: "broken symbolic link")])

        let everything = Walker(respectIgnoreFiles: false).walk(roots: [root.path])
        #expect(everything.files.count == 6)
    }

    @Test func missingRootIsReported() {
        let result = Walker().walk(roots: ["/nonexistent/residue-root"])
        #expect(result.failedRoots == ["/nonexistent/residue-root"])
        #expect(result.warnings.first?.reason == "no such file or directory")
    }
}

@Suite struct ClassifierTests {
    private func classify(_ path: String, _ bytes: [UInt8]) -> ContentKind {
        bytes.withUnsafeBytes { Classifier.classify(path: path, head: $0, magic: { MagicCookie() }) }
    }

    @Test func textBinaryAndUTF16() {
        #expect(classify("a.py", Array("print('x')\n".utf8)) == .text)
        #expect(classify("blob", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]) == .binary)
        #expect(classify("a.txt", [0xFF, 0xFE, 0x41, 0x00]) == .utf16(littleEndian: true, bomLength: 2))
        #expect(classify("a.txt", [0xFE, 0xFF, 0x00, 0x41]) == .utf16(littleEndian: false, bomLength: 2))
        let bomless = Array("key = 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(classify("a.cfg", bomless) == .utf16(littleEndian: true, bomLength: 0))
        #expect(Classifier.isBinaryByExtension("x/y/logo.PNG"))
        #expect(!Classifier.isBinaryByExtension("x/y/app.py"))
    }

    @Test func libmagicDecidesAmbiguousControlBytes() {
        // Many control bytes, no NUL, unknown extension: the sniff cannot tell, libmagic can.
        var bytes: [UInt8] = []
        for index in 0..<512 { bytes.append(UInt8(1 + index % 8)) }
        #expect(classify("mystery", bytes) == .binary)
    }

    @Test func decodesUTF16() {
        let units = Array("é=1".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let decoded = units.withUnsafeBytes { Classifier.decodeUTF16($0, littleEndian: true) }
        #expect(String(decoding: decoded, as: UTF8.self) == "é=1")
    }
}
