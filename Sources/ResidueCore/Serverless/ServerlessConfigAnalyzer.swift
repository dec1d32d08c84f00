import Dispatch
import Foundation

/// What reading the serverless templates of a tree produced.
public struct ServerlessAnalysis: Sendable {
    /// The functions declared, without their fields (judged already), from in-memory analysis; a
    /// scan keeps only `handlers`.
    public var functions: [ServerlessFunction] = []
    /// The distinct handlers the functions declare, sorted: all a scan keeps of the functions
    /// (a monorepo's templates declare a hundred thousand functions, sharing far fewer handlers).
    public var handlers: [HandlerDeclaration] = []
    public var output = AnalyzerOutput()
}

/// Reads SAM/CloudFormation, Serverless Framework, Terraform and CDK output into the function
/// model, and judges each environment variable, tag, name and description.
struct ServerlessConfigAnalyzer {
    /// Templates are small; a multi-megabyte YAML or JSON file is data, not a template.
    static let maxTemplateSize = 16 << 20

    let ruleSet: CompiledRuleSet
    let configuration: ScanConfiguration

    /// The kinds of file this analyzer reads.
    enum Kind: Sendable {
        case yaml, json, cdkContext, terraform
    }

    static func kind(of relativePath: String) -> Kind? {
        let name = relativePath.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if name == "cdk.context.json" { return .cdkContext }
        if TerraformReader.role(ofFile: relativePath) != nil {
            // `.terraform/` holds downloaded modules and providers, not the user's configuration.
            return relativePath.hasPrefix(".terraform/") || relativePath.contains("/.terraform/") ? nil : .terraform
        }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".template") { return .yaml }
        if name.hasSuffix(".json") {
            // Lock files and manifests are never templates; they are also the largest JSON in a repo.
            if name == "package-lock.json" || name == "package.json" || name == "composer.lock" || name.hasSuffix(".lock.json") {
                return nil
            }
            return .json
        }
        return nil
    }

    /// A file read and found to hold something this analyzer understands.
    private struct Candidate: Sendable {
        var file: TemplateFile
        var kind: Kind
        /// Kept only for in-memory analysis; files are read again when parsed, one template or one
        /// Terraform module at a time, so a tree with thousands of them never holds them all.
        var bytes: [UInt8]?
        /// A Terraform file that declares `aws_lambda_function`: only such modules are read.
        var declaresFunction = false
    }

    /// What one worker reads and judges at a time.
    private enum WorkItem: Sendable {
        case document(Candidate)
        /// The files of one Terraform module directory (variables and tfvars feed functions
        /// declared in other files of the module).
        case module([Candidate])
    }

    /// Reads and judges the templates among the files `walk` hands on; their findings go to
    /// `collector` as each template is judged (and cover their lines, see `FindingCollector.add`).
    func analyze(_ walk: BackgroundWalk, into collector: FindingCollector) -> ServerlessAnalysis {
        // 1. Read and sniff in parallel as the walk finds them: most YAML and JSON in a
        // repository is not a template, and only templates are kept.
        let workers = max(1, configuration.workerCount)
        let sniffed = ResultSlots<[Candidate]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var batch: [InputFile] = []
            var found: [Candidate] = []
            while walk.queue.pop(into: &batch, atMost: 16) {
                for file in batch {
                    if let kind = Self.kind(of: file.relativePath), let candidate = Self.sniff(file, kind: kind) {
                        found.append(candidate)
                    }
                }
            }
            sniffed.store(found, at: worker)
        }
        _ = walk.wait()
        var candidates = (0..<workers).flatMap { sniffed.take(at: $0) ?? [] }
        // In path order, whichever worker sniffed them.
        candidates.sort { $0.file.path < $1.file.path }
        var analysis = ServerlessAnalysis()
        // Only modules that declare a function are read.
        let functionModules = Set(candidates.filter { $0.kind == .terraform && $0.declaresFunction }.map(\.file.relativeDirectory))
        candidates.removeAll { $0.kind == .terraform && !functionModules.contains($0.file.relativeDirectory) }
        guard !candidates.isEmpty else { return analysis }

        // 2. Parse and judge, in parallel on threads with large stacks.
        let read = Self.readTemplates(candidates, ruleSet: ruleSet, showSecrets: configuration.showSecrets,
                                      inlineIgnores: configuration.inlineIgnores, workers: configuration.workerCount,
                                      keepFunctions: false, collector: collector)
        analysis.handlers = read.handlers
        analysis.output.warnings += read.output.warnings
        analysis.output.suppressedInline = read.output.suppressedInline
        return analysis
    }

    private static func sniff(_ input: InputFile, kind: Kind) -> Candidate? {
        let file = TemplateFile(path: input.path, relativePath: input.relativePath)
        guard let bytes = try? readFile(input.path, limit: maxTemplateSize) else { return nil }
        let looksRelevant: Bool
        switch kind {
        case .cdkContext, .terraform:
            // Terraform variables and tfvars feed functions declared in other files of the module.
            looksRelevant = true
        case .yaml, .json:
            looksRelevant = contains(bytes, "AWS::Serverless::Function") || contains(bytes, "AWS::Lambda::Function")
                || (file.relativePath.split(separator: "/").last?.hasPrefix("serverless") == true && contains(bytes, "functions"))
                || (kind == .json && contains(bytes, "\"format_version\"") && contains(bytes, "aws_lambda_function"))
        }
        guard looksRelevant else { return nil }
        return Candidate(file: file, kind: kind, bytes: nil, declaresFunction: kind == .terraform && contains(bytes, "aws_lambda_function"))
    }

    /// Reads and judges one document held in memory as if it were the file at `relativePath`
    /// (fuzzing, tests). Runs on the caller's thread: its stack must be large enough for Yams.
    static func analyzeInMemory(_ bytes: [UInt8], relativePath: String, ruleSet: CompiledRuleSet) -> ServerlessAnalysis {
        guard let kind = kind(of: relativePath) else { return ServerlessAnalysis() }
        let file = TemplateFile(path: relativePath, relativePath: relativePath)
        return readTemplates([Candidate(file: file, kind: kind, bytes: bytes)], ruleSet: ruleSet, showSecrets: false, inlineIgnores: true,
                             keepFunctions: true)
    }

    /// `keepFunctions`: return the functions themselves too (in-memory analysis); a scan needs
    /// only their findings and handlers. With a `collector`, findings go there as each item is
    /// judged instead of into the result.
    private static func readTemplates(_ candidates: [Candidate], ruleSet: CompiledRuleSet, showSecrets: Bool,
                                      inlineIgnores: Bool, workers: Int = 1, keepFunctions: Bool,
                                      collector: FindingCollector? = nil) -> ServerlessAnalysis {
        var modules: [String: [Candidate]] = [:]
        var documents: [WorkItem] = []
        for candidate in candidates {
            if candidate.kind == .terraform {
                modules[candidate.file.relativeDirectory, default: []].append(candidate)
            } else {
                documents.append(.document(candidate))
            }
        }
        let items = documents + modules.keys.sorted().compactMap { modules[$0].map(WorkItem.module) }
        // Read and judged in parallel, each item on its own; findings and the distinct handlers are
        // kept (and the functions themselves only for in-memory analysis).
        let slots = ResultSlots<ServerlessAnalysis>(count: items.count)
        let next = WorkCounter()
        runOnLargeStacks(workers: max(1, min(workers, items.count))) {
            let judgment = FieldJudgment(ruleSet: ruleSet, showSecrets: showSecrets)
            while true {
                let index = next.claim()
                guard index < items.count else { break }
                var analysis = switch items[index] {
                case .document(let candidate): readDocument(candidate, judgment: judgment, inlineIgnores: inlineIgnores)
                case .module(let files): readModule(files, judgment: judgment, inlineIgnores: inlineIgnores)
                }
                analysis.handlers = Array(Set(analysis.functions.compactMap(\.handlerDeclaration)))
                if !keepFunctions { analysis.functions = [] }
                if let collector {
                    collector.add(analysis.output.findings, covering: true)
                    analysis.output.findings = []
                }
                slots.store(analysis, at: index)
            }
        }
        let results = (0..<items.count).compactMap { slots.take(at: $0) }
        var analysis = ServerlessAnalysis()
        // Sized once: a monorepo's templates declare tens of thousands of functions and findings,
        // and arrays grown by doubling would hold up to twice that, and three times while growing.
        analysis.functions.reserveCapacity(results.reduce(0) { $0 + $1.functions.count })
        analysis.output.findings.reserveCapacity(results.reduce(0) { $0 + $1.output.findings.count })
        var handlers: Set<HandlerDeclaration> = []
        for one in results {
            handlers.formUnion(one.handlers)
            analysis.functions += one.functions
            analysis.output.findings += one.output.findings
            analysis.output.warnings += one.output.warnings
            analysis.output.suppressedInline += one.output.suppressedInline
        }
        analysis.handlers = handlers.sorted()
        return analysis
    }

    /// A candidate's bytes: held (in-memory analysis) or read again from disk, with a warning when
    /// the file has gone or grown past the limit since it was sniffed.
    private static func contents(of candidate: Candidate, warnings: inout [ScanWarning]) -> [UInt8]? {
        if let bytes = candidate.bytes ?? (try? readFile(candidate.file.path, limit: maxTemplateSize)) { return bytes }
        warnings.append(ScanWarning(path: candidate.file.path, reason: "could not be read again; function configuration not analyzed"))
        return nil
    }

    /// One Terraform module: its files read again, its functions judged.
    private static func readModule(_ candidates: [Candidate], judgment: FieldJudgment, inlineIgnores: Bool) -> ServerlessAnalysis {
        var analysis = ServerlessAnalysis()
        var files: [(String, String, [UInt8])] = []
        var sources: [String: LineTable] = [:]
        for candidate in candidates {
            guard let bytes = contents(of: candidate, warnings: &analysis.output.warnings) else { continue }
            files.append((candidate.file.path, candidate.file.relativePath, bytes))
            sources[candidate.file.path] = LineTable(bytes)
        }
        let terraform = TerraformReader.read(files)
        analysis.functions = terraform.functions.map(\.withoutFields)
        analysis.output.warnings += terraform.warnings.map { warning in
            ScanWarning(path: warning.path, reason: "\(warning.reason); function configuration not analyzed (content rules still ran)")
        }
        var findings = judgment.judge(terraform.functions) { path, line in sources[path]?.line(line) }
        analysis.output.suppressedInline = filterIgnored(&findings, enabled: inlineIgnores) { sources[$0] }
        analysis.output.findings = findings
        return analysis
    }

    /// One YAML or JSON document: its functions, judged.
    private static func readDocument(_ candidate: Candidate, judgment: FieldJudgment, inlineIgnores: Bool) -> ServerlessAnalysis {
        var analysis = ServerlessAnalysis()
        let file = candidate.file
        guard let bytes = contents(of: candidate, warnings: &analysis.output.warnings) else { return analysis }
        let documents: [ConfigNode]
        do throws(ConfigParseError) {
            switch candidate.kind {
            case .yaml: documents = try ConfigTreeReader.parseYAML(bytes)
            case .json, .cdkContext: documents = [try ConfigTreeReader.parseJSON(bytes)]
            case .terraform: documents = []
            }
        } catch {
            analysis.output.warnings.append(ScanWarning(
                path: file.path, reason: "\(error.description); function configuration not analyzed (content rules still ran)"))
            return analysis
        }
        let lines = LineTable(bytes)
        var findings: [Finding] = []
        if candidate.kind == .cdkContext {
            if let root = documents.first { findings = judgeContext(root, file: file, judgment: judgment, lines: lines) }
        } else {
            let cdk = file.relativePath.hasPrefix("cdk.out/") || file.relativePath.contains("/cdk.out/")
            for root in documents {
                if CloudFormationReader.isTemplate(root) {
                    analysis.functions += CloudFormationReader.functions(in: root, file: file, cdk: cdk)
                } else if ServerlessFrameworkReader.isServerlessConfig(root, file: file) {
                    analysis.functions += ServerlessFrameworkReader.functions(in: root, file: file)
                } else if candidate.kind == .json, TerraformPlanReader.isPlan(root) {
                    analysis.functions += TerraformPlanReader.functions(in: root, file: file)
                }
            }
            findings = judgment.judge(analysis.functions) { path, line in path == file.path ? lines.line(line) : nil }
            analysis.functions = analysis.functions.map(\.withoutFields)
        }
        analysis.output.suppressedInline = filterIgnored(&findings, enabled: inlineIgnores) { $0 == file.path ? lines : nil }
        analysis.output.findings = findings
        return analysis
    }

    /// Drops findings silenced by `# residue:ignore` on their template line or the line above, as
    /// for content rules; returns how many.
    private static func filterIgnored(_ findings: inout [Finding], enabled: Bool, lines: (String) -> LineTable?) -> Int {
        guard enabled else { return 0 }
        let before = findings.count
        findings.removeAll { finding in
            guard let table = lines(finding.path), let line = table.line(finding.line) else { return false }
            return InlineIgnore.suppresses(ruleID: finding.ruleID, line: line, previousLine: table.line(finding.line - 1) ?? [])
        }
        return before - findings.count
    }

    /// Runs `body` on `workers` threads with stacks large enough for composing deeply nested YAML
    /// (Dispatch's worker threads have 512 KiB), and waits for all of them.
    private static func runOnLargeStacks(workers: Int, _ body: @escaping @Sendable () -> Void) {
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
    }

    /// `cdk.context.json` caches context values and is committed: every string in it is judged
    /// with its key.
    private static func judgeContext(_ root: ConfigNode, file: TemplateFile, judgment: FieldJudgment, lines: LineTable?) -> [Finding] {
        var findings: [Finding] = []
        var budget = 50_000
        func visit(_ node: ConfigNode, key: String) {
            budget -= 1
            guard budget > 0 else { return }
            switch node.kind {
            case .scalar(let text) where !node.isNull:
                for match in judgment.matches(key: key, value: text) where match.rule.category == .secret {
                    let value = String(decoding: Array(text.utf8)[match.range], as: UTF8.self)
                    var excerpt = ""
                    if let line = lines?.line(node.line) {
                        excerpt = Redaction.excerpt(line: line, secretStart: node.column - 1 + match.range.lowerBound,
                                                    secretEnd: node.column - 1 + match.range.upperBound, showSecret: judgment.showSecrets)
                    }
                    findings.append(Finding(
                        rule: FieldJudgment.contextSecret, message: "secret in CDK context key \(key) (\(match.rule.title))",
                        path: file.path, relativePath: file.relativePath, line: node.line,
                        column: node.column + text.utf8.prefix(match.range.lowerBound).count { $0 & 0xC0 != 0x80 },
                        excerpt: excerpt, identity: "\(key)\u{0}\(value)", value: value, severity: match.rule.severity,
                        confidence: match.confidence, showSecrets: judgment.showSecrets))
                }
            case .mapping(let pairs):
                for pair in pairs { visit(pair.value, key: pair.key) }
            case .sequence(let items):
                for item in items { visit(item, key: key) }
            default:
                break
            }
        }
        visit(root, key: "")
        return findings
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        ByteSearch.firstIndex(of: Array(needle.utf8), in: haystack) != nil
    }

    struct ReadError: Error {
        var reason: String
    }

    /// The whole file, when it is a regular file no larger than `limit`.
    static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(reason: errnoDescription(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= limit else {
            throw ReadError(reason: "not a regular file within the size limit")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(descriptor, $0 + filled, buffer.count - filled) } ?? 0
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(bytes[0..<filled])
    }

}
