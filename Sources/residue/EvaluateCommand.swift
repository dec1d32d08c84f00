import ArgumentParser
import Foundation
import ResidueCore

/// Measures detection quality on a labelled corpus (see Tests/Corpora/): recall and precision per
/// category, per rule family and per trap kind, with every miss and false positive listed.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Scan a labelled corpus and report recall and precision against its truth file.",
        discussion: """
            The truth file has one tab-separated line per label: secret|pii|trap, path (relative to
            FOLDER), line (or * for a whole-file trap), rule family or trap kind. Exit status 1 when
            a category's recall or precision is below the thresholds.
            """
    )

    @Argument(help: "The corpus folder to scan.", completion: .directory)
    var folder: String

    @Option(name: .customLong("truth"), help: "The truth file (TSV).", completion: .file())
    var truthPath: String

    @Option(name: .customLong("min-recall"), help: "Lowest acceptable recall per category (default 0.95).")
    var minimumRecall = 0.95

    @Option(name: .customLong("min-precision"), help: "Lowest acceptable precision per category (default 0.95).")
    var minimumPrecision = 0.95

    @Option(name: .customLong("rules"), help: "An extra rule pack (YAML file or folder of packs); repeatable.")
    var extraRulePacks: [String] = []

    func run() throws {
        let truth: GroundTruth
        do {
            truth = try GroundTruth.parse(try String(contentsOfFile: truthPath, encoding: .utf8), source: truthPath)
        } catch let error as GroundTruth.ParseError {
            throw ResidueFailure(message: error.description)
        } catch {
            throw ResidueFailure(message: "\(truthPath): cannot read truth file: \(error.localizedDescription)")
        }
        // The corpus is measured with the built-in rules as shipped: its own config is not read.
        let prepared = try ScanSetup.prepare(paths: [folder], extraRulePacks: extraRulePacks, configPath: nil, noConfig: true)
        let configuration = prepared.configuration(roots: [folder], respectIgnoreFiles: true)
        let result = ScanEngine(ruleSet: prepared.ruleSet).scan(configuration)
        Console.warnings(result.warnings)
        if !result.failedRoots.isEmpty { throw ResidueFailure(message: "\(folder): cannot be scanned") }
        let packs = QualityReport.families(of: prepared.definitions)
        let report = QualityReport.evaluate(findings: Array(result.findings), root: folder, truth: truth) { packs[$0] ?? "?" }
        Console.output("Corpus: \(report.files) labelled files of \(result.statistics.filesScanned) scanned; \(truth.entries.filter { $0.label != .trap }.count) positives, \(truth.entries.filter { $0.label == .trap }.count) traps.\n\n")
        Console.output(report.render())
        let failing = report.byCategory.filter { $0.value.recall < minimumRecall || $0.value.precision < minimumPrecision }
        if !failing.isEmpty {
            Console.note("below the thresholds (recall \(minimumRecall), precision \(minimumPrecision)): \(failing.keys.map(\.rawValue).sorted().joined(separator: ", "))")
            throw ExitCode(ExitStatus.findings)
        }
    }
}
