import Foundation
import ResidueCore
import Testing

/// Runs the `residue` executable that `swift build` put beside this test bundle.
enum CLI {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL = {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        // Inside `X.xctest/` bundles on some platforms; the products live one or more levels up.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("residue").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("residue")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL = binary,
                    environment: [String: String]? = nil, stdin: String? = nil) throws -> Outcome {
        let process = Process()
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            let data = Data(stdin.utf8)
            Thread.detachNewThread {
                input.fileHandleForWriting.write(data)
                try? input.fileHandleForWriting.close()
            }
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large report cannot fill a pipe and deadlock.
        let errReader = DetachedReader(err)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: errReader.wait(), as: UTF8.self))
    }

    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("residue-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

