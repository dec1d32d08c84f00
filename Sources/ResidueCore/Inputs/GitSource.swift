import Foundation

/// A blob to scan that lives in git rather than the working tree.
public struct GitBlob: Sendable, Equatable {
    public var objectID: String
    public var path: String
    /// The commit that added this content (the oldest one, for history scans); nil for staged blobs.
    public var commit: String?
    public var authorDate: String?
}

/// Talks to git through its plumbing commands: `diff --cached --raw` for the index, `log --raw`
/// for history, one `cat-file --batch` process streaming every blob.
public struct GitSource: Sendable {
    public let repository: String

    public init(repository: String) {
        self.repository = repository
    }

    public struct GitError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// What the next commit would add or change: the blobs in the index, not the working tree.
    public func stagedBlobs() throws(GitError) -> [GitBlob] {
        try verifyRepository()
        let output = try run(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMRT"])
        return Self.parseRaw(output, commit: nil, date: nil)
    }

    /// Every blob that commits in range added or modified, each distinct blob once, attributed to
    /// the oldest commit that introduced it.
    public func historyBlobs(since: String?, branches: [String]) throws(GitError) -> [GitBlob] {
        try verifyRepository()
        // --diff-merges=first-parent: content that only a merge introduced (a conflict resolution)
        // is scanned too; blobs already seen on the merged branch are deduplicated by object id.
        var arguments = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "--diff-merges=first-parent",
                         "--diff-filter=AMT", "--format=%x01%H %aI"]
        arguments += branches.isEmpty ? ["--all"] : branches
        if let since { arguments.append("^" + since) }
        arguments.append("--")
        let output = try run(arguments)
        var blobs: [String: GitBlob] = [:]
        var order: [String] = []
        // `git log` lists newest first; a later (older) sighting replaces the attribution.
        var commit: String?
        var date: String?
        var tokens = output.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let token = tokens.next() {
            var text = token
            while text.first == UInt8(ascii: "\n") { text = text.dropFirst() }
            if text.first == 0x01 {
                let header = String(decoding: text.dropFirst(), as: UTF8.self).split(separator: " ")
                commit = header.first.map(String.init)
                date = header.count > 1 ? String(header[1]) : nil
                continue
            }
            guard text.first == UInt8(ascii: ":"), let pathToken = tokens.next() else { continue }
            guard let entry = Self.rawEntry(text) else { continue }
            let path = String(decoding: pathToken, as: UTF8.self)
            if blobs[entry.objectID] == nil { order.append(entry.objectID) }
            blobs[entry.objectID] = GitBlob(objectID: entry.objectID, path: path, commit: commit, authorDate: date)
        }
        return order.compactMap { blobs[$0] }
    }

    /// Fails with git's own words when the folder is not inside a work tree or repository.
    public func verifyRepository() throws(GitError) {
        do {
            _ = try run(["rev-parse", "--git-dir"])
        } catch {
            if error.reason.contains("not a git repository") {
                throw GitError(reason: "not a git repository")
            }
            throw error
        }
    }

    /// The hooks folder (`git rev-parse --git-path hooks`), absolute.
    public func hooksDirectory() throws(GitError) -> String {
        let output = try run(["rev-parse", "--git-path", "hooks"])
        let path = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? path : (repository as NSString).appendingPathComponent(path)
    }

    /// Streams blob contents through one `git cat-file --batch`, calling `body` for each in order:
    /// with the bytes, or with nil and the size for a blob over `maxSize`, which is drained
    /// without being held in memory.
    public func readBlobs(_ objectIDs: [String], maxSize: Int = .max, _ body: (Int, [UInt8]?, Int) -> Void) throws(GitError) {
        guard !objectIDs.isEmpty else { return }
        let input = Pipe()
        let git = try launch(["cat-file", "--batch"], input: input)
        defer {
            if git.process.isRunning { git.process.terminate() }
            git.process.waitUntilExit()
        }
        // Feed the object names from another thread so neither pipe can fill up and deadlock.
        let request = Data(objectIDs.map { $0 + "\n" }.joined().utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(request)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        var reader = BufferedReader(handle: git.output.fileHandleForReading)
        for index in objectIDs.indices {
            guard let header = reader.readLine() else {
                throw GitError(reason: "git cat-file ended early")
            }
            let fields = header.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                // `<name> missing`: skip it.
                continue
            }
            if size > maxSize {
                guard reader.skip(count: size + 1) else { throw GitError(reason: "git cat-file ended early") }
                body(index, nil, size)
                continue
            }
            guard let content = reader.read(count: size) else { throw GitError(reason: "git cat-file ended early") }
            _ = reader.read(count: 1)
            body(index, content, size)
        }
    }

    /// A running git with its output pipe and a background reader draining its standard error.
    private struct RunningGit {
        var process: Process
        var output: Pipe
        var errors: DetachedReader
    }

    private func launch(_ arguments: [String], input: Pipe? = nil) throws(GitError) -> RunningGit {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", repository, "-c", "core.quotepath=off"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw GitError(reason: "cannot run git: \(error.localizedDescription)")
        }
        return RunningGit(process: process, output: output, errors: DetachedReader(errors))
    }

    private func run(_ arguments: [String]) throws(GitError) -> [UInt8] {
        let git = try launch(arguments)
        let process = git.process
        let errorReader = git.errors
        let output = git.output
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: errorReader.wait(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw GitError(reason: "git \(arguments.first ?? ""): \(line)")
        }
        return Array(data)
    }

    static func parseRaw(_ output: [UInt8], commit: String?, date: String?) -> [GitBlob] {
        var blobs: [GitBlob] = []
        var tokens = output.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let token = tokens.next() {
            var text = token
            while text.first == UInt8(ascii: "\n") { text = text.dropFirst() }
            guard text.first == UInt8(ascii: ":"), let pathToken = tokens.next(), let entry = rawEntry(text) else { continue }
            blobs.append(GitBlob(objectID: entry.objectID, path: String(decoding: pathToken, as: UTF8.self), commit: commit, authorDate: date))
        }
        return blobs
    }

    /// `:100644 100644 <old> <new> M` → the new object when it is a regular file or executable.
    private static func rawEntry(_ text: ArraySlice<UInt8>) -> (objectID: String, mode: String)? {
        let fields = text.dropFirst().split(separator: UInt8(ascii: " "))
        guard fields.count >= 5 else { return nil }
        let mode = String(decoding: fields[1], as: UTF8.self)
        // Symlinks (120000) and submodules (160000) are not file contents.
        guard mode == "100644" || mode == "100755" else { return nil }
        let objectID = String(decoding: fields[3], as: UTF8.self)
        guard !objectID.allSatisfy({ $0 == "0" }) else { return nil }
        return (objectID, mode)
    }
}

/// Reads a pipe to its end on a background thread, so a chatty child cannot block on a full pipe.
public final class DetachedReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    public init(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
    }

    public func wait() -> Data {
        done.wait()
        return data
    }
}

/// Line and length reads over a file handle, with one growing buffer.
struct BufferedReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    init(handle: FileHandle) {
        self.handle = handle
    }

    private mutating func fill() -> Bool {
        if finished { return false }
        let data = handle.availableData
        if data.isEmpty {
            finished = true
            return false
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: data)
        return true
    }

    mutating func readLine() -> [UInt8]? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[position..<newline])
                position = newline + 1
                return line
            }
            if !fill() { return nil }
        }
    }

    /// Discards `count` bytes without holding them.
    mutating func skip(count: Int) -> Bool {
        var remaining = count
        while remaining > 0 {
            let available = buffer.count - position
            if available == 0 {
                if !fill() { return false }
                continue
            }
            let taken = min(available, remaining)
            position += taken
            remaining -= taken
        }
        return true
    }

    mutating func read(count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            if !fill() { return nil }
        }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }
}
