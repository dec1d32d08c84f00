import Foundation
import ResidueCore

// Usage: generate-rules [PACKAGE_ROOT]
// Reads PACKAGE_ROOT/Patterns/*.yaml and rewrites the embedded rule registry.
let root = URL(fileURLWithPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : FileManager.default.currentDirectoryPath)
do {
    let rules = try RulePackLoader.loadDirectory(root.appendingPathComponent("Patterns"))
    let source = RuleCodegen.swiftSource(for: rules)
    let output = root.appendingPathComponent(RuleCodegen.generatedFileRelativePath)
    try source.write(to: output, atomically: true, encoding: .utf8)
    print("generate-rules: wrote \(rules.count) rules to \(RuleCodegen.generatedFileRelativePath)")
} catch {
    FileHandle.standardError.write(Data("generate-rules: \(error)\n".utf8))
    exit(2)
}
