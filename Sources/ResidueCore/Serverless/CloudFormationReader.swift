/// A template file being read: how findings name it and where it sits below the scanned root.
struct TemplateFile: Sendable {
    /// The path findings report.
    var path: String
    /// The path below the scanned root.
    var relativePath: String

    /// The template's folder below the scanned root ("" at the root).
    var relativeDirectory: String {
        guard let slash = relativePath.lastIndex(of: "/") else { return "" }
        return String(relativePath[..<slash])
    }

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    /// `base/relative` with `.` and `..` folded; nil for absolute or remote locations, or ones
    /// that leave the scanned root.
    func resolve(_ relative: String) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("://"), !relative.hasPrefix("s3:") else { return nil }
        var parts = relativeDirectory.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}

/// Lambda functions in SAM and CloudFormation templates (YAML or JSON), and in CDK's synthesized
/// templates: `AWS::Serverless::Function` (with `Globals.Function` merged in) and `AWS::Lambda::Function`.
enum CloudFormationReader {
    /// Whether a document is a CloudFormation template with at least one resource.
    static func isTemplate(_ root: ConfigNode) -> Bool {
        guard let resources = root["Resources"], resources.isMapping else { return false }
        if root["AWSTemplateFormatVersion"] != nil || root["Transform"] != nil { return true }
        return resources.pairs.contains { $0.value["Type"]?.string?.hasPrefix("AWS::") == true }
    }

    static func functions(in template: ConfigNode, file: TemplateFile, cdk: Bool) -> [ServerlessFunction] {
        let evaluator = CloudFormationEvaluator(template: template)
        let globals = template["Globals", "Function"]
        var functions: [ServerlessFunction] = []
        for resource in template["Resources"]?.pairs ?? [] {
            guard let type = resource.value["Type"]?.string,
                type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function"
            else { continue }
            let sam = type == "AWS::Serverless::Function"
            let properties = resource.value["Properties"] ?? ConfigNode(kind: .mapping([]), line: resource.keyLine, column: resource.keyColumn)
            let inherited = sam ? globals : nil
            func property(_ name: String) -> ConfigNode? { properties[name] ?? inherited?[name] }

            var function = ServerlessFunction(
                logicalName: resource.key, format: cdk ? .cdk : (sam ? .sam : .cloudFormation),
                location: file.location(resource.keyLine, resource.keyColumn), declaredIn: file.relativePath)
            function.handler = property("Handler").flatMap { evaluator.evaluate($0).first?.literal }
            function.runtime = property("Runtime").flatMap { evaluator.evaluate($0).first?.literal }
            function.codeLocation = codeLocation(sam: sam, property: property, metadata: resource.value["Metadata"], file: file)

            for (kind, key) in [(FunctionFieldKind.name, "FunctionName"), (.description, "Description")] {
                guard let node = property(key) else { continue }
                let values = evaluator.evaluate(node)
                if kind == .name { function.deployedName = values.first?.literal }
                if kind == .description { function.description = values.first?.literal }
                function.fields += TemplateValue.fields(kind: kind, key: key, values, usedAt: node, file: file)
            }

            // Environment variables: the function's own win over Globals.
            var variables: [ConfigPair] = properties["Environment", "Variables"]?.pairs ?? []
            for pair in inherited?["Environment", "Variables"]?.pairs ?? [] where !variables.contains(where: { $0.key == pair.key }) {
                variables.append(pair)
            }
            for pair in variables {
                function.fields += TemplateValue.fields(kind: .environment, key: pair.key, evaluator.evaluate(pair.value), usedAt: pair.value, file: file)
            }

            // Tags: a map in SAM, a list of {Key, Value} in CloudFormation.
            for tags in [properties["Tags"], inherited?["Tags"]] {
                guard let tags else { continue }
                if tags.isMapping {
                    for pair in tags.pairs where !function.fields.contains(where: { $0.kind == .tag && $0.key == pair.key }) {
                        function.fields += TemplateValue.fields(kind: .tag, key: pair.key, evaluator.evaluate(pair.value), usedAt: pair.value, file: file)
                    }
                } else {
                    for item in tags.items {
                        guard let key = item["Key"]?.string, let value = item["Value"] else { continue }
                        function.fields += TemplateValue.fields(kind: .tag, key: key, evaluator.evaluate(value), usedAt: value, file: file)
                    }
                }
            }
            functions.append(function)
        }
        return functions
    }


    /// Where the code is: SAM `CodeUri` (default: the template's folder), CDK asset metadata;
    /// nil for S3 locations and inline code.
    private static func codeLocation(sam: Bool, property: (String) -> ConfigNode?, metadata: ConfigNode?, file: TemplateFile) -> String? {
        if let asset = metadata?["aws:asset:path"]?.string { return file.resolve(asset) }
        if sam {
            guard let codeURI = property("CodeUri") else { return file.relativeDirectory }
            return codeURI.string.flatMap(file.resolve)
        }
        // `aws cloudformation package` input: `Code: ./src` is a local folder.
        return property("Code")?.string.flatMap(file.resolve)
    }
}
