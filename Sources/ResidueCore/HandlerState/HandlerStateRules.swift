/// The rules of the handler-state analyzer: one per kind of state a warm execution environment
/// carries from one invocation to the next.
enum HandlerStateRules {
    static let analyzer = "handler-state"

    static let globalWrite = AnalyzerRule(
        id: "handler-state-global-write", title: "Request data kept in module-level, static or package state",
        severity: .high, category: .pii, confidence: .medium, analyzer: analyzer,
        fix: "Keep per-request data in local variables; module-level, static and package variables survive into the next invocation, "
            + "which may serve a different user.")

    static let instanceField = AnalyzerRule(
        id: "handler-state-instance-field", title: "Request data kept in a field of the reused handler object",
        severity: .high, category: .pii, confidence: .medium, analyzer: analyzer,
        fix: "The runtime creates the handler object once and reuses it: keep per-request data in local variables or parameters, "
            + "not in its fields.")

    static let temporaryFile = AnalyzerRule(
        id: "handler-state-tmp-file", title: "Request data or secret written to /tmp and not removed on every path",
        severity: .medium, category: .pii, confidence: .medium, analyzer: analyzer,
        fix: "Delete the file in finally/ensure/defer (or use a self-deleting temporary file or folder): /tmp persists across "
            + "invocations of a warm execution environment.")

    static let secretAtInit = AnalyzerRule(
        id: "handler-state-secret-at-init", title: "Secret fetched once and kept in global state",
        severity: .low, category: .secret, confidence: .medium, analyzer: analyzer,
        fix: "Cache secrets with a time to live (Parameters and Secrets extension, Powertools parameters max_age) so rotation "
            + "takes effect, and re-fetch after SnapStart restores.")

    static let loggerKeys = AnalyzerRule(
        id: "handler-state-logger-keys", title: "Request data appended to logger keys without clearing",
        severity: .low, category: .pii, confidence: .medium, analyzer: analyzer,
        fix: "Clear appended keys on every invocation: clear_state=True / clearState: true, or remove the keys in a finally block.")

    static let memoizedRequest = AnalyzerRule(
        id: "handler-state-memoized-request", title: "Results memoised by request data across invocations",
        severity: .low, category: .pii, confidence: .low, analyzer: analyzer,
        fix: "Do not memoise per-user lookups in process-wide caches; key caches by non-personal reference data, or bound them "
            + "with a short TTL.")

    static let mutableDefault = AnalyzerRule(
        id: "handler-state-mutable-default", title: "Mutable default argument collects request data",
        severity: .low, category: .pii, confidence: .medium, analyzer: analyzer,
        fix: "Default to None and create the list or dict inside the function: a default value is created once and shared by "
            + "every call in the process.")

    static let all: [AnalyzerRule] = [globalWrite, instanceField, temporaryFile, secretAtInit, loggerKeys, memoizedRequest, mutableDefault]
}
