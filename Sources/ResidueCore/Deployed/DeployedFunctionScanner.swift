import Dispatch
import Foundation

/// What `residue aws` scans.
public struct DeployedScanConfiguration: Sendable {
    /// Regions to list functions in (and to look named functions up in).
    public var regions: [String]
    /// Function names or ARNs; empty: every function of every region. An ARN names its own region.
    public var functions: [String] = []
    /// Download and scan code packages and layers (`--no-code` turns it off).
    public var scanCode = true
    public var showSecrets = false
    /// Analyzer rule ids whose findings are dropped (`rules.disable`).
    public var disabledRules: Set<String> = []
    public var archiveLimits = ArchiveLimits()
    /// Archive entries larger than this are skipped with a warning, as files are.
    public var maxFileSize = 256 << 20
    public var analyzeHandlerState = true
    /// Functions fetched at once (requests wait on the network, not the CPU).
    public var concurrency = 4

    public init(regions: [String]) {
        self.regions = regions
    }
}

/// Scans functions deployed in an AWS account with the analyzers `residue scan` runs on
/// repositories: each function's configuration (environment variables, name, description) and
/// tags are judged as `FieldJudgment` judges templates; its code package and layers are
/// downloaded and scanned as archives, handler-state analysis included. Whatever cannot be
/// reached is a "not scanned: …" warning for that function or layer; the rest goes on.
///
/// Findings in configuration are located at the function's ARN, in a listing of its
/// configuration one field per line (`FunctionName`, `Description`, `Handler`, `Runtime`,
/// `Environment.Variables.KEY`, `Tags.KEY`, keys sorted), which the excerpt shows; findings in
/// code at `ARN!/path/in/package` with the file's own line and column.
public final class DeployedFunctionScanner: Sendable {
    public let ruleSet: CompiledRuleSet
    public let settings: AWSSettings
    public let http: AWSHTTPClient

    public init(ruleSet: CompiledRuleSet, settings: AWSSettings, http: AWSHTTPClient) {
        self.ruleSet = ruleSet
        self.settings = settings
        self.http = http
    }

    /// One function to scan: where, what, and its configuration when a listing already gave it.
    struct Target: Sendable {
        var region: String
        var name: String
        var listed: LambdaFunctionDescription?
    }

    public func scan(_ configuration: DeployedScanConfiguration) -> ScanResult {
        let started = DispatchTime.now()
        var warnings: [ScanWarning] = []
        var failedRegions: [String] = []
        var targets: [Target] = []
        var seen = Set<String>()

        if configuration.functions.isEmpty {
            for region in configuration.regions {
                do {
                    let client = try LambdaClient(settings: settings, region: region, http: http)
                    for function in try client.listFunctions() where seen.insert(function.arn).inserted {
                        targets.append(Target(region: region, name: function.arn, listed: function))
                    }
                } catch {
                    warnings.append(ScanWarning(path: "region \(region)", reason: "not scanned: cannot list functions: \(error)"))
                    failedRegions.append(region)
                }
            }
        } else {
            for function in configuration.functions {
                if let region = Self.region(ofARN: function) {
                    if seen.insert(function).inserted { targets.append(Target(region: region, name: function)) }
                } else {
                    for region in configuration.regions where seen.insert("\(region)\u{0}\(function)").inserted {
                        targets.append(Target(region: region, name: function))
                    }
                }
            }
        }

        let slots = ResultSlots<FunctionOutcome>(count: targets.count)
        let next = WorkCounter()
        let targetList = targets
        if !targetList.isEmpty {
            DispatchQueue.concurrentPerform(iterations: max(1, min(configuration.concurrency, targetList.count))) { _ in
                while true {
                    let index = next.claim()
                    guard index < targetList.count else { break }
                    slots.store(scanFunction(targetList[index], configuration: configuration), at: index)
                }
            }
        }

        var findings: [Finding] = []
        var notes: [ScanWarning] = []
        var statistics = ScanStatistics()
        var layers: [(arn: String, usedBy: String)] = []
        var layerSeen = Set<String>()
        var reached = 0
        for index in targetList.indices {
            guard let outcome = slots.take(at: index) else { continue }
            if outcome.reached { reached += 1 }
            findings += outcome.result.findings
            warnings += outcome.result.warnings
            notes += outcome.result.notes
            statistics.add(outcome.result.statistics)
            for layer in outcome.layers where layerSeen.insert(layer).inserted {
                layers.append((layer, outcome.arn))
            }
        }
        if configuration.scanCode {
            // A layer shared by many functions is scanned once.
            for layer in layers {
                let result = scanLayer(layer.arn, configuration: configuration)
                findings += result.findings
                warnings += result.warnings
                notes += result.notes
                statistics.add(result.statistics)
            }
        }
        if !configuration.disabledRules.isEmpty {
            findings.removeAll { configuration.disabledRules.contains($0.ruleID) }
        }
        findings.sort(by: Finding.reportOrder)
        statistics.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        // Nothing reached at all is an error, not a clean scan: no region could be listed, or no
        // function named could be described.
        var failedRoots: [String] = []
        if configuration.functions.isEmpty && !configuration.regions.isEmpty && failedRegions.count == configuration.regions.count {
            failedRoots = failedRegions.map { "region \($0)" }
        } else if !configuration.functions.isEmpty && reached == 0 {
            failedRoots = targetList.map(\.name)
        }
        notes.insert(ScanWarning(path: "aws", reason: "\(targetList.count) function(s), \(layers.count) layer(s) in \(configuration.regions.joined(separator: ", "))"), at: 0)
        return ScanResult(findings: findings, warnings: warnings, statistics: statistics, failedRoots: failedRoots, notes: notes)
    }

    struct FunctionOutcome {
        var arn: String
        var result: FileScanResult
        var layers: [String]
        /// Whether any of the function's configuration was judged.
        var reached = true
    }

    private func scanFunction(_ target: Target, configuration: DeployedScanConfiguration) -> FunctionOutcome {
        var result = FileScanResult()
        let described: LambdaFunctionDescription
        let client: LambdaClient
        do {
            client = try LambdaClient(settings: settings, region: target.region, http: http)
        } catch {
            result.warnings.append(ScanWarning(path: target.name, reason: "not scanned: \(error)"))
            return FunctionOutcome(arn: target.name, result: result, layers: [], reached: false)
        }
        do {
            described = try client.getFunction(target.name)
        } catch {
            guard let listed = target.listed else {
                result.warnings.append(ScanWarning(path: target.name, reason: "not scanned: GetFunction in \(target.region): \(error)"))
                return FunctionOutcome(arn: target.name, result: result, layers: [], reached: false)
            }
            // The listing already holds the configuration: judge it; tags and code are out of reach.
            result.warnings.append(ScanWarning(path: listed.arn, reason: "not scanned: tags and code (GetFunction: \(error))"))
            result.findings += judge(listed, showSecrets: configuration.showSecrets)
            return FunctionOutcome(arn: listed.arn, result: result, layers: listed.layers)
        }
        result.findings += judge(described, showSecrets: configuration.showSecrets)
        guard configuration.scanCode else { return FunctionOutcome(arn: described.arn, result: result, layers: []) }

        if described.packageType == "Image" {
            result.warnings.append(ScanWarning(path: described.arn, reason: "not scanned: code is a container image (not downloaded)"))
        } else if let location = described.codeLocation {
            do {
                let package = try CodePackageFetcher(settings: settings, http: http).fetch(location, region: target.region)
                let scanner = FileScanner(ruleSet: ruleSet, configuration: fileConfiguration(configuration, function: described))
                let scanned = scanner.scanArchive(package, format: .zip, label: described.arn, relativeLabel: described.arn)
                result.findings += scanned.findings
                result.warnings += scanned.warnings
                result.notes += scanned.notes
                result.statistics.add(scanned.statistics)
            } catch {
                result.warnings.append(ScanWarning(path: described.arn, reason: "not scanned: code package: \(error)"))
            }
        } else {
            result.warnings.append(ScanWarning(path: described.arn, reason: "not scanned: GetFunction gave no code location"))
        }
        return FunctionOutcome(arn: described.arn, result: result, layers: described.layers)
    }

    private func scanLayer(_ arn: String, configuration: DeployedScanConfiguration) -> FileScanResult {
        var result = FileScanResult()
        do {
            let region = Self.region(ofARN: arn) ?? configuration.regions.first ?? ""
            let client = try LambdaClient(settings: settings, region: region, http: http)
            guard let location = try client.layerContentLocation(arn) else {
                result.warnings.append(ScanWarning(path: arn, reason: "not scanned: GetLayerVersionByArn gave no content location"))
                return result
            }
            let package = try CodePackageFetcher(settings: settings, http: http).fetch(location, region: region)
            var fileConfiguration = fileConfiguration(configuration, function: nil)
            fileConfiguration.handlerState = nil
            return FileScanner(ruleSet: ruleSet, configuration: fileConfiguration)
                .scanArchive(package, format: .zip, label: arn, relativeLabel: arn)
        } catch {
            result.warnings.append(ScanWarning(path: arn, reason: "not scanned: layer: \(error)"))
            return result
        }
    }

    /// The file-scan settings for a package: its function's handler tells the handler-state
    /// analysis which entry is the handler.
    private func fileConfiguration(_ configuration: DeployedScanConfiguration, function: LambdaFunctionDescription?) -> ScanConfiguration {
        var file = ScanConfiguration(roots: [])
        file.showSecrets = configuration.showSecrets
        file.archiveLimits = configuration.archiveLimits
        file.maxFileSize = configuration.maxFileSize
        file.workerCount = 1
        if configuration.analyzeHandlerState, let function {
            file.handlerState = HandlerStateAnalyzer(functions: [Self.model(function).function], showSecrets: configuration.showSecrets)
        }
        return file
    }

    /// The function's configuration judged like a template's.
    func judge(_ function: LambdaFunctionDescription, showSecrets: Bool) -> [Finding] {
        let model = Self.model(function)
        let judgment = FieldJudgment(ruleSet: ruleSet, showSecrets: showSecrets)
        let lines = model.listing
        return judgment.judge(model.function) { _, line in
            line >= 1 && line <= lines.count ? Array(lines[line - 1].utf8) : nil
        }
    }

    /// The deployed function as the serverless model, with a listing of its configuration, one
    /// field per line, that gives each field a line and its value a column.
    static func model(_ function: LambdaFunctionDescription) -> (function: ServerlessFunction, listing: [String]) {
        var listing: [String] = []
        var fields: [FunctionField] = []
        func add(_ label: String, _ value: String, field: (FunctionFieldKind, String)?) {
            let prefix = "\(label): "
            let location = SourceLocation(path: function.arn, line: listing.count + 1, column: prefix.count + 1)
            // A value with line breaks takes several lines of the listing, as FieldJudgment counts them.
            listing += (prefix + value).components(separatedBy: "\n")
            if let field {
                fields.append(FunctionField(kind: field.0, key: field.1, literal: value, location: location))
            }
        }
        add("FunctionName", function.name, field: (.name, "FunctionName"))
        if let description = function.description, !description.isEmpty {
            add("Description", description, field: (.description, "Description"))
        }
        if let handler = function.handler { add("Handler", handler, field: nil) }
        if let runtime = function.runtime { add("Runtime", runtime, field: nil) }
        for key in function.environment.keys.sorted() {
            add("Environment.Variables.\(key)", function.environment[key] ?? "", field: (.environment, key))
        }
        for key in function.tags.keys.sorted() {
            add("Tags.\(key)", function.tags[key] ?? "", field: (.tag, key))
        }
        let model = ServerlessFunction(
            logicalName: function.name, format: .deployed, location: SourceLocation(path: function.arn, line: 1, column: 1),
            declaredIn: function.arn, deployedName: function.name, description: function.description, handler: function.handler,
            runtime: function.runtime, codeLocation: function.arn + "!", fields: fields)
        return (model, listing)
    }

    /// `arn:PARTITION:lambda:REGION:ACCOUNT:…` → REGION.
    static func region(ofARN text: String) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "lambda", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }
}
