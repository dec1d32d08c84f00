import Foundation
import PackagePlugin

/// `swift package scan`: runs the `residue` CLI over the whole package directory (not only target
/// sources: `.env`, `template.yaml`, `serverless.yml`, `infra/` too) and prints compiler-style
/// `path:line:col: error|warning: …` lines. Options pass through to `residue scan`.
@main
struct ResidueScanPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        // Built through the package manager rather than declared as a tool dependency, so a plain
        // `swift build` does not build the CLI a second time for the plugin.
        let build = try packageManager.build(.product("residue"), parameters: .init(configuration: .debug, logging: .concise))
        guard build.succeeded, let residue = build.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "residue" }) else {
            Diagnostics.error("could not build the residue CLI:\n\(build.logText)")
            return
        }
        let packageDirectory = context.package.directoryURL
        let passesFormat = arguments.contains { $0 == "--format" || $0 == "-f" || $0.hasPrefix("--format=") || $0 == "--output" || $0 == "-o" || $0.hasPrefix("--output=") }
        let hasPath = arguments.first.map { !$0.hasPrefix("-") } ?? false
        var scanArguments = ["scan"] + (hasPath ? [] : ["."]) + arguments + ["--no-color"]

        var report: URL?
        if !passesFormat {
            let file = context.pluginWorkDirectoryURL.appendingPathComponent("residue-report.json")
            report = file
            scanArguments += ["--format", "json", "--output", file.path, "--quiet"]
        }
        let process = Process()
        process.executableURL = residue.url
        process.arguments = scanArguments
        process.currentDirectoryURL = packageDirectory
        try process.run()
        process.waitUntilExit()
        let status = process.terminationStatus

        if let report, status <= 1, let data = FileManager.default.contents(atPath: report.path) {
            printDiagnostics(data)
        }
        switch status {
        case 0: return
        case 1: Diagnostics.error("residue: findings at or above the --fail-on threshold")
        default: Diagnostics.error("residue scan failed (exit status \(status))")
        }
    }

    /// One `path:line:col: error|warning: title [rule-id]` line per finding, as compilers print them.
    private func printDiagnostics(_ data: Data) {
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let findings = document["findings"] as? [[String: Any]]
        else { return }
        for finding in findings {
            let severity = finding["severity"] as? String ?? "high"
            let level = severity == "critical" || severity == "high" ? "error" : "warning"
            let path = finding["path"] as? String ?? "?"
            let line = finding["line"] as? Int ?? 1
            let column = finding["column"] as? Int ?? 1
            let title = finding["title"] as? String ?? "secret"
            let rule = finding["ruleId"] as? String ?? "?"
            print("\(path):\(line):\(column): \(level): \(title) (\(severity)) [\(rule)]")
        }
        if let summary = document["summary"] as? [String: Any] {
            let files = summary["filesScanned"] as? Int ?? 0
            print("residue: scanned \(files) file\(files == 1 ? "" : "s"), \(findings.count) finding\(findings.count == 1 ? "" : "s")")
        }
    }
}
