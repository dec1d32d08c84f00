import ArgumentParser
import Foundation
import ResidueCore

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record today's findings so later scans report only new ones.",
        subcommands: [Create.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Scan PATH and write its findings to a baseline file (default PATH/.residue-baseline.json).",
            discussion: "The file is sorted and keyed by fingerprint (rule, path, hash of the value), so re-creating it after moving code changes nothing."
        )

        @Argument(help: "The folder to scan.", completion: .directory)
        var path: String = "."

        @Option(name: .shortAndLong, help: "Where to write the baseline.")
        var output: String?

        @Option(name: .customLong("rules"), help: "An extra rule pack; repeatable.")
        var extraRulePacks: [String] = []

        @Option(name: .customLong("config"), help: "Settings file (default: PATH/.residue.yaml).")
        var configPath: String?

        @Flag(name: .customLong("no-ignore"), help: "Scan files that .gitignore or .residueignore exclude.")
        var noIgnore = false

        func run() throws {
            let prepared = try ScanSetup.prepare(paths: [path], extraRulePacks: extraRulePacks, configPath: configPath, noConfig: false)
            let configuration = prepared.configuration(roots: [path], respectIgnoreFiles: !noIgnore)
            let result = ScanEngine(ruleSet: prepared.ruleSet).scan(configuration)
            Console.warnings(result.warnings)
            if !result.failedRoots.isEmpty {
                throw ResidueFailure(message: "nothing could be scanned: \(path)")
            }
            let destination = output ?? (path as NSString).appendingPathComponent(Baseline.defaultFileName)
            do {
                try Baseline(findings: result.findings).encoded().write(to: URL(fileURLWithPath: destination), options: .atomic)
            } catch {
                throw ResidueFailure(message: "\(destination): cannot write baseline: \(error.localizedDescription)")
            }
            Console.note("wrote baseline with \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s") to \(destination)")
        }
    }
}
