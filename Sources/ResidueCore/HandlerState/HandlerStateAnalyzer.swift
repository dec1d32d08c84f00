/// Finds per-request data and secrets that a function handler keeps in module-level, static or
/// instance state, or in `/tmp` files, where the next invocation served by the same warm execution
/// environment can read them.
public struct HandlerStateAnalyzer: Sendable {
    /// The rules this analyzer reports under.
    public static let rules: [AnalyzerRule] = []

    /// Functions declared in the scanned templates: their handlers and code locations say which
    /// files and symbols are handlers, before conventions are tried.
    public let functions: [ServerlessFunction]
    public let showSecrets: Bool

    public init(functions: [ServerlessFunction], showSecrets: Bool = false) {
        self.functions = functions
        self.showSecrets = showSecrets
    }

    /// A cheap test on the path (extension) deciding whether `analyze` should see the file.
    public func wants(relativePath: String) -> Bool {
        false
    }

    /// Analyzes one source file held whole in memory. `path` is the path findings report;
    /// `relativePath` is the path below the scanned root (fingerprints, matching code locations).
    public func analyze(_ bytes: UnsafeRawBufferPointer, path: String, relativePath: String) -> AnalyzerOutput {
        AnalyzerOutput()
    }
}
