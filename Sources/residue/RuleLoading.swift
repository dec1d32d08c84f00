import Foundation
import ResidueCore

/// The rules a command runs: the built-in packs plus any `--rules` packs.
enum RuleLoading {
    static func definitions(extraPacks: [String]) throws -> [RuleDefinition] {
        var definitions = BuiltinRules.definitions
        var ids = Set(definitions.map(\.id))
        for path in extraPacks {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ResidueFailure(message: "\(path): rule pack not found")
            }
            let loaded: [RuleDefinition]
            do {
                if isDirectory.boolValue {
                    loaded = try RulePackLoader.loadDirectory(URL(fileURLWithPath: path))
                } else {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                    loaded = try RulePackLoader.parse(yaml: text, source: path, pack: stem)
                }
            } catch let error as RulePackError {
                throw ResidueFailure(message: error.description)
            } catch {
                throw ResidueFailure(message: "\(path): \(error.localizedDescription)")
            }
            for rule in loaded {
                if !ids.insert(rule.id).inserted {
                    throw ResidueFailure(message: "\(path): rule '\(rule.id)': id already used by another rule")
                }
                definitions.append(rule)
            }
        }
        return definitions
    }

    static func compile(_ definitions: [RuleDefinition], source: String) throws -> CompiledRuleSet {
        do {
            return try CompiledRuleSet(definitions: definitions)
        } catch {
            throw ResidueFailure(message: "\(source): \(error.description)")
        }
    }
}
