// libFuzzer target: the YAML and JSON readers, the CloudFormation/SAM, Serverless Framework and
// Terraform plan readers and the field judgments, on arbitrary bytes. The first byte picks the
// file name, so one corpus exercises every reader.
import FuzzDriver
@testable import ResidueCore

let ruleSet: CompiledRuleSet? = try? CompiledRuleSet(definitions: BuiltinRules.definitions)
let names = ["template.yaml", "serverless.yml", "stack.json", "cdk.out/App.template.json", "plan.json", "cdk.context.json"]

public func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let ruleSet, size > 0 else { return 0 }
    let name = names[Int(data[0]) % names.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    _ = ServerlessConfigAnalyzer.analyzeInMemory(bytes, relativePath: name, ruleSet: ruleSet)
    return 0
}

@_cdecl("fuzz_templates_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzTemplates(data, size) }
}
