/// `aws_lambda_function` resources in `terraform show -json` output (a plan or a state): every
/// value there is resolved, so a secret read from Secrets Manager shows up in plaintext.
enum TerraformPlanReader {
    static func isPlan(_ root: ConfigNode) -> Bool {
        root["format_version"] != nil && (root["planned_values"] != nil || root["values"] != nil || root["resource_changes"] != nil)
    }

    static func functions(in root: ConfigNode, file: TemplateFile) -> [ServerlessFunction] {
        var functions: [ServerlessFunction] = []
        var seen: Set<String> = []
        func visit(module: ConfigNode?, depth: Int) {
            guard let module, depth < 32 else { return }
            for resource in module["resources"]?.items ?? [] {
                guard resource["type"]?.string == "aws_lambda_function", let values = resource["values"] else { continue }
                let address = resource["address"]?.string ?? "aws_lambda_function"
                guard seen.insert(address).inserted else { continue }
                functions.append(function(address: address, values: values, at: resource, file: file))
            }
            for child in module["child_modules"]?.items ?? [] { visit(module: child, depth: depth + 1) }
        }
        visit(module: root["planned_values", "root_module"], depth: 0)
        visit(module: root["values", "root_module"], depth: 0)
        visit(module: root["prior_state", "values", "root_module"], depth: 0)
        for change in root["resource_changes"]?.items ?? [] {
            guard change["type"]?.string == "aws_lambda_function", let after = change["change", "after"], after.isMapping else { continue }
            let address = change["address"]?.string ?? "aws_lambda_function"
            guard seen.insert(address).inserted else { continue }
            functions.append(function(address: address, values: after, at: change, file: file))
        }
        return functions
    }

    private static func function(address: String, values: ConfigNode, at node: ConfigNode, file: TemplateFile) -> ServerlessFunction {
        var function = ServerlessFunction(
            logicalName: address, format: .terraformPlan, location: file.location(node.line, node.column),
            declaredIn: file.relativePath)
        function.handler = values["handler"]?.string
        function.runtime = values["runtime"]?.string
        function.codeLocation = values["filename"]?.string.flatMap(file.resolve)
        func literalField(_ kind: FunctionFieldKind, _ key: String, _ node: ConfigNode) {
            guard let text = node.string else { return }
            function.fields.append(FunctionField(kind: kind, key: key, literal: text, location: file.location(node.line, node.column)))
        }
        if let name = values["function_name"] {
            function.deployedName = name.string
            literalField(.name, "function_name", name)
        }
        if let description = values["description"] {
            function.description = description.string
            literalField(.description, "description", description)
        }
        for block in values["environment"]?.items ?? [] {
            for pair in block["variables"]?.pairs ?? [] { literalField(.environment, pair.key, pair.value) }
        }
        for pair in values["tags"]?.pairs ?? [] { literalField(.tag, pair.key, pair.value) }
        return function
    }
}
