import Foundation

/// A regular file the walker found.
public struct InputFile: Sendable, Equatable {
    /// The path as shown to the user: the root as given, joined with the path below it.
    public var path: String
    /// The path below the scan root (the file name itself for a file named explicitly); the same
    /// on every machine, so shards and fingerprints do not depend on where the tree is checked out.
    public var relativePath: String
}

/// Lists the files under the scan roots: honours `.gitignore` and `.residueignore` (unless told
/// not to), skips `.git` and other VCS folders, never follows a symlink.
public struct Walker: Sendable {
    public var respectIgnoreFiles: Bool
    /// Globs in gitignore syntax, relative to each root, applied even with `respectIgnoreFiles` off.
    public let excludes: [String]
    public static let ignoreFileNames = [".gitignore", ".residueignore"]
    static let skippedDirectoryNames: Set<String> = [".git", ".hg", ".svn"]

    public init(respectIgnoreFiles: Bool = true, excludes: [String] = []) {
        self.respectIgnoreFiles = respectIgnoreFiles
        self.excludes = excludes
        compiledExclusions = excludes.isEmpty ? nil : IgnoreFile(exclusions: excludes)
    }

    private let compiledExclusions: IgnoreFile?

    public struct Result: Sendable {
        public var files: [InputFile] = []
        public var warnings: [ScanWarning] = []
        public var statistics = ScanStatistics()
        /// Roots that did not exist or could not be opened.
        public var failedRoots: [String] = []
    }

    /// Lists every file; the result's `files` hold them in walk order.
    public func walk(roots: [String]) -> Result {
        var files: [InputFile] = []
        var result = walk(roots: roots) { files.append($0) }
        result.files = files
        return result
    }

    /// Hands each file to `visit` in walk order and keeps none of them (the result's `files` stay
    /// empty), so a tree of millions of files is never listed whole.
    public func walk(roots: [String], visit: (InputFile) -> Void) -> Result {
        var result = Result()
        for root in roots {
            walk(root: root, visit: visit, into: &result)
        }
        return result
    }

    private func walk(root: String, visit: (InputFile) -> Void, into result: inout Result) {
        var info = stat()
        guard stat(root, &info) == 0 else {
            let reason = errnoDescription(errno)
            result.warnings.append(ScanWarning(path: root, reason: reason))
            result.failedRoots.append(root)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // A file named explicitly is scanned whatever the ignore files say.
            visit(InputFile(path: root, relativePath: Fingerprint.normalize(root)))
        case S_IFDIR:
            var ignoreStack: [IgnoreFile] = []
            if respectIgnoreFiles {
                // Git's per-repository excludes apply like a root .gitignore.
                if let exclude = readSmallFile(join(root, ".git/info/exclude")) {
                    ignoreStack.append(IgnoreFile(base: "", contents: exclude))
                }
            }
            walkDirectory(root: root, relative: "", ignoreStack: &ignoreStack, visit: visit, into: &result)
        default:
            result.warnings.append(ScanWarning(path: root, reason: "not a regular file or folder"))
            result.statistics.skip(.notRegularFile)
        }
    }

    private func walkDirectory(
        root: String, relative: String, ignoreStack: inout [IgnoreFile], visit: (InputFile) -> Void, into result: inout Result
    ) {
        let directoryPath = relative.isEmpty ? root : join(root, relative)
        guard let directory = opendir(directoryPath) else {
            result.warnings.append(ScanWarning(path: directoryPath, reason: "cannot open folder: \(errnoDescription(errno))"))
            result.statistics.skip(.unreadable)
            if relative.isEmpty { result.failedRoots.append(root) }
            return
        }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(directory)
        entries.sort { $0.name < $1.name }

        let pushed = respectIgnoreFiles ? pushIgnoreFiles(root: root, relative: relative, names: entries.map(\.name), stack: &ignoreStack) : 0
        defer { ignoreStack.removeLast(pushed) }

        for (name, type) in entries {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let childPath = join(root, childRelative)
            var kind = type
            if kind == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(childPath, &info) == 0 else {
                    result.warnings.append(ScanWarning(path: childPath, reason: errnoDescription(errno)))
                    result.statistics.skip(.unreadable)
                    continue
                }
                kind = Walker.direntType(info.st_mode)
            }
            switch kind {
            case UInt8(DT_DIR):
                if Walker.skippedDirectoryNames.contains(name) { continue }
                if isIgnored(childRelative, isDirectory: true, stack: ignoreStack) {
                    result.statistics.skip(.ignored)
                    continue
                }
                walkDirectory(root: root, relative: childRelative, ignoreStack: &ignoreStack, visit: visit, into: &result)
            case UInt8(DT_REG):
                if isIgnored(childRelative, isDirectory: false, stack: ignoreStack) {
                    result.statistics.skip(.ignored)
                    continue
                }
                // No stat here: the scanner's fstat on the open file gives the size, and a file
                // that vanishes in between is reported then (one syscall less per file).
                visit(InputFile(path: childPath, relativePath: childRelative))
            case UInt8(DT_LNK):
                if isIgnored(childRelative, isDirectory: false, stack: ignoreStack) {
                    result.statistics.skip(.ignored)
                    continue
                }
                var info = stat()
                if stat(childPath, &info) != 0 {
                    let reason = errno == ELOOP ? "symbolic link loop (links are not followed)" : "broken symbolic link"
                    result.warnings.append(ScanWarning(path: childPath, reason: reason))
                    result.statistics.skip(.unreadable)
                } else {
                    // Never followed: a link inside the root points at something scanned at its own
                    // path, a link outside it at something the user did not ask to scan.
                    result.statistics.skip(.symlink)
                }
            default:
                result.statistics.skip(.notRegularFile)
            }
        }
    }

    private func pushIgnoreFiles(root: String, relative: String, names: [String], stack: inout [IgnoreFile]) -> Int {
        var pushed = 0
        for ignoreName in Walker.ignoreFileNames where names.contains(ignoreName) {
            let path = join(root, relative.isEmpty ? ignoreName : relative + "/" + ignoreName)
            if let contents = readSmallFile(path) {
                stack.append(IgnoreFile(base: relative, contents: contents))
                pushed += 1
            }
        }
        return pushed
    }

    // The config's excludes are checked on their own first, so no `!` line in an ignore file can
    // undo them.
    private func isIgnored(_ relative: String, isDirectory: Bool, stack: [IgnoreFile]) -> Bool {
        if let exclusions = compiledExclusions, exclusions.decision(relativePath: relative, isDirectory: isDirectory) == true {
            return true
        }
        var ignored = false
        for file in stack {
            if let decision = file.decision(relativePath: relative, isDirectory: isDirectory) {
                ignored = decision
            }
        }
        return ignored
    }

    private func join(_ root: String, _ relative: String) -> String {
        if root.hasSuffix("/") { return root + relative }
        if root == "." { return relative }
        return root + "/" + relative
    }

    /// Reads an ignore file (at most 1 MiB); nil when it cannot be read.
    private func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 1 << 20 else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(info.st_size))
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    static func direntType(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFDIR: UInt8(DT_DIR)
        case S_IFREG: UInt8(DT_REG)
        case S_IFLNK: UInt8(DT_LNK)
        default: UInt8(DT_FIFO)
        }
    }
}

func errnoDescription(_ code: Int32) -> String {
    guard let message = strerror(code) else { return "error \(code)" }
    return String(cString: message).lowercased()
}
