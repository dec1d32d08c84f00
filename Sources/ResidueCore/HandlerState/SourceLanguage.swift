/// The languages the handler-state analyzer reads, told by file extension.
enum SourceLanguage: String, Sendable, CaseIterable {
    case python, javascript, java, go, csharp, ruby, swift

    init?(relativePath: String) {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        switch fileExtension {
        case "py": self = .python
        case "js", "mjs", "cjs", "jsx", "tsx", "mts", "cts": self = .javascript
        // Declaration files hold no code.
        case "ts": if name.hasSuffix(".d.ts") { return nil } else { self = .javascript }
        case "java": self = .java
        // Test files never run in the function.
        case "go": if name.hasSuffix("_test.go") { return nil } else { self = .go }
        case "cs": self = .csharp
        case "rb": self = .ruby
        case "swift": if name == "Package.swift" { return nil } else { self = .swift }
        default: return nil
        }
    }

    /// Blocks are delimited by braces (rather than indentation or `end`).
    var usesBraces: Bool {
        switch self {
        case .python, .ruby: false
        default: true
        }
    }

    /// A line break ends a statement outside brackets.
    var newlineEndsStatement: Bool {
        switch self {
        case .java, .csharp: false
        default: true
        }
    }

    /// The block that runs on every way out of a `try`: `finally`, `ensure`, `defer`.
    var cleanupKeywords: Set<String> {
        switch self {
        case .python, .java, .javascript, .csharp: ["finally"]
        case .ruby: ["ensure"]
        case .go, .swift: ["defer"]
        }
    }

    /// Words after which a `/` starts a regular expression rather than a division.
    static let expressionKeywords: Set<String> = [
        "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await",
        "if", "unless", "when", "and", "or", "not", "then", "elsif", "while", "until",
    ]
}
