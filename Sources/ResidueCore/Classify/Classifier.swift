import CMagic
import Foundation

/// What a file's bytes are, as far as scanning is concerned.
public enum ContentKind: Equatable, Sendable {
    case text
    /// UTF-16 text; `bomLength` bytes of byte-order mark precede it.
    case utf16(littleEndian: Bool, bomLength: Int)
    case binary
}

/// Decides text or binary cheaply: extension first, then a sniff of the first bytes for NULs and
/// UTF-16, and only when that is ambiguous, libmagic.
public enum Classifier {
    /// How many leading bytes the sniff looks at.
    public static let sniffLength = 8192

    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif",
        "mp3", "mp4", "m4a", "m4v", "mov", "avi", "wav", "flac", "ogg", "oga", "webm", "mkv", "wmv", "aac",
        "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "lz4", "jar", "war", "ear", "apk", "aar", "ipa",
        "class", "dex", "dll", "exe", "so", "dylib", "a", "o", "obj", "lib", "pdb", "bin", "wasm", "node",
        "woff", "woff2", "ttf", "otf", "eot", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt",
        "ods", "sqlite", "sqlite3", "db", "pyc", "pyo", "whl", "egg", "iso", "dmg", "img", "deb", "rpm",
        "msi", "parquet", "avro", "orc", "npy", "npz", "pkl", "pickle", "h5", "onnx", "pt", "tflite", "glb",
        "blend", "fbx", "swf", "mo", "nib", "car",
    ]

    static let textExtensions: Set<String> = [
        "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "go", "cs", "rb", "swift", "php",
        "rs", "c", "h", "cc", "cpp", "hpp", "m", "mm", "scala", "clj", "ex", "exs", "erl", "sh", "bash",
        "zsh", "fish", "ps1", "bat", "cmd", "pl", "pm", "lua", "r", "dart", "groovy", "gradle", "sql",
        "json", "jsonc", "json5", "yaml", "yml", "toml", "ini", "cfg", "conf", "config", "properties", "env",
        "xml", "html", "htm", "css", "scss", "sass", "less", "vue", "svelte", "md", "markdown", "rst", "txt",
        "csv", "tsv", "tf", "tfvars", "hcl", "tpl", "template", "j2", "jinja", "erb", "mustache", "hbs",
        "dockerfile", "lock", "gitignore", "npmrc", "pypirc", "netrc", "pem", "key", "crt", "cer", "pub",
        "ipynb", "graphql", "gql", "proto", "svg", "plist", "tex", "log", "diff", "patch", "csproj",
        "sln", "vb", "fs", "fsx", "nix", "bicep", "cue", "jsonnet", "libsonnet", "rego", "sol",
    ]

    /// The lowercase extension of a path's last component ("" if none).
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Binary by extension alone: no need to open the file.
    public static func isBinaryByExtension(_ path: String) -> Bool {
        binaryExtensions.contains(fileExtension(path))
    }

    /// Classifies by the first bytes; `magic` is asked only when the bytes are ambiguous.
    public static func classify(path: String, head: UnsafeRawBufferPointer, magic: () -> MagicCookie?) -> ContentKind {
        let sniff = UnsafeRawBufferPointer(rebasing: head.prefix(sniffLength))
        if sniff.count >= 2 {
            if sniff[0] == 0xFF && sniff[1] == 0xFE { return .utf16(littleEndian: true, bomLength: 2) }
            if sniff[0] == 0xFE && sniff[1] == 0xFF { return .utf16(littleEndian: false, bomLength: 2) }
        }
        guard let base = sniff.baseAddress, !sniff.isEmpty else { return .text }
        let known = textExtensions.contains(fileExtension(path))
        // Most files hold no NUL at all: memchr settles them without a byte loop.
        if memchr(base, 0, sniff.count) == nil {
            if known { return .text }
            return classifyControlBytes(sniff, magic: magic)
        }
        var zeroAtEven = 0
        var zeroAtOdd = 0
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: sniff.count)
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0 { zeroAtEven += 1 }
            if bytes[index + 1] == 0 { zeroAtOdd += 1 }
            index += 2
        }
        let pairs = max(sniff.count / 2, 1)
        // BOM-less UTF-16 of mostly ASCII text: one byte of each pair is NUL, the other is not.
        if zeroAtOdd * 10 >= pairs * 7 && zeroAtEven * 20 < pairs {
            return .utf16(littleEndian: true, bomLength: 0)
        }
        if zeroAtEven * 10 >= pairs * 7 && zeroAtOdd * 20 < pairs {
            return .utf16(littleEndian: false, bomLength: 0)
        }
        // A NUL in a known source file is more likely junk in text than a binary with a text
        // name; everything else with NULs is binary.
        return known ? .text : .binary
    }

    /// No NUL, unknown extension: text unless control bytes are common, then libmagic decides.
    private static func classifyControlBytes(_ sniff: UnsafeRawBufferPointer, magic: () -> MagicCookie?) -> ContentKind {
        var suspicious = 0
        for byte in sniff where byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) || byte == 0x7F {
            suspicious += 1
        }
        if suspicious * 100 <= sniff.count { return .text }
        // Control bytes without NULs: let libmagic decide.
        guard let cookie = magic(), let encoding = cookie.mimeEncoding(of: sniff) else { return .text }
        switch encoding {
        case "binary": return .binary
        case "utf-16le": return .utf16(littleEndian: true, bomLength: 0)
        case "utf-16be": return .utf16(littleEndian: false, bomLength: 0)
        default: return .text
        }
    }

    /// UTF-16 bytes to UTF-8; unpaired surrogates become U+FFFD.
    public static func decodeUTF16(_ bytes: UnsafeRawBufferPointer, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let a = UInt16(bytes[index])
            let b = UInt16(bytes[index + 1])
            units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false) {
            output.append($0)
        }
        return output
    }
}

/// A libmagic handle. Not thread-safe: each worker opens its own.
public final class MagicCookie {
    private let cookie: magic_t

    /// nil when libmagic or its database is unavailable; callers then fall back to the sniff.
    public init?() {
        guard let cookie = magic_open(MAGIC_MIME_ENCODING | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR) else { return nil }
        guard magic_load(cookie, nil) == 0 else {
            magic_close(cookie)
            return nil
        }
        self.cookie = cookie
    }

    deinit {
        magic_close(cookie)
    }

    /// libmagic's charset verdict, e.g. `binary`, `us-ascii`, `utf-8`, `utf-16le`.
    public func mimeEncoding(of bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress, let result = magic_buffer(cookie, base, bytes.count) else { return nil }
        return String(cString: result)
    }
}
