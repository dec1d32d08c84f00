import HCL

/// Reads `resource "aws_lambda_function"` declarations of Terraform modules (HCL native syntax)
/// into the function model, following variables (tfvars, then defaults), locals, `merge(…)`,
/// templates and `archive_file` data sources, and adding the AWS provider's `default_tags`.
///
/// Native syntax (`.tf`, `.tfvars`) and JSON syntax (`.tf.json`, `.tfvars.json`) are both read.
/// Calls into child modules are not followed: a child module's directory is read as a module of
/// its own, where the values its caller passes are unknown variables.
public enum TerraformReader {
    /// One file as the scan has it.
    public typealias SourceFile = (path: String, relativePath: String, bytes: [UInt8])

    public struct Result: Sendable, Equatable {
        public var functions: [ServerlessFunction] = []
        /// One per file that does not parse (`line N: message`); the module's other files are still read.
        public var warnings: [ScanWarning] = []
    }

    /// What the reader does with a file, by its name: `.tf`/`.tf.json` configuration,
    /// `.tfvars`/`.tfvars.json` values, or nothing.
    public enum FileRole: Sendable, Equatable {
        case configuration
        case variableValues
    }

    public static func role(ofFile relativePath: String) -> FileRole? {
        let name = fileName(relativePath)
        if name.hasSuffix(".tf") || name.hasSuffix(".tf.json") { return .configuration }
        if name.hasSuffix(".tfvars") || name.hasSuffix(".tfvars.json") { return .variableValues }
        return nil
    }

    private static func fileName(_ relativePath: String) -> String {
        relativePath.split(separator: "/").last.map(String.init) ?? relativePath
    }

    private static func parse(_ bytes: [UInt8], name: String, role: FileRole) throws(HCLParseError) -> HCLFile {
        guard name.hasSuffix(".json") else { return try HCL.parse(bytes) }
        switch role {
        case .configuration: return try TerraformJSONSyntax.configuration(bytes)
        case .variableValues: return try TerraformJSONSyntax.variableValues(bytes)
        }
    }

    /// Files from any number of directories: each directory is read as one module.
    public static func read(_ files: [SourceFile]) -> Result {
        var byDirectory: [String: [SourceFile]] = [:]
        for file in files where role(ofFile: file.relativePath) != nil {
            byDirectory[directory(of: file.relativePath), default: []].append(file)
        }
        var result = Result()
        for directory in byDirectory.keys.sorted() {
            let module = readModule(byDirectory[directory] ?? [])
            result.functions += module.functions
            result.warnings += module.warnings
        }
        return result
    }

    /// The files of one module directory (`*.tf`, `terraform.tfvars`, `*.auto.tfvars`, other
    /// `*.tfvars`, and their `.json` forms); files with other names are ignored.
    public static func readModule(_ files: [SourceFile]) -> Result {
        var result = Result()
        var configurations: [TerraformFile] = []
        var variableFiles: [(name: String, file: TerraformFile)] = []
        for source in files.sorted(by: { $0.relativePath < $1.relativePath }) {
            guard let role = role(ofFile: source.relativePath) else { continue }
            let syntax: HCLFile
            do {
                syntax = try parse(source.bytes, name: fileName(source.relativePath), role: role)
            } catch {
                result.warnings.append(ScanWarning(path: source.path, reason: "line \(error.position.line): \(error.message)"))
                continue
            }
            let file = TerraformFile(path: source.path, relativePath: source.relativePath, syntax: syntax)
            switch role {
            case .configuration:
                configurations.append(file)
            case .variableValues:
                variableFiles.append((fileName(source.relativePath), file))
            }
        }
        guard !configurations.isEmpty else { return result }
        let module = TerraformModule(directory: directory(of: configurations[0].relativePath),
                                     configurations: configurations,
                                     variableFiles: orderedByPrecedence(variableFiles))
        let reader = FunctionReader(module: module, resolver: TerraformValueResolver(module: module))
        result.functions = module.functions.map { reader.function(named: $0.name, declaredBy: $0.declaration) }
        return result
    }

    /// Lowest precedence first, so that later assignments win: Terraform loads `terraform.tfvars`,
    /// `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` in name order. Other
    /// `*.tfvars` are only loaded with `-var-file`; they still say what a deployment uses, so they
    /// count, below the automatic ones.
    static func orderedByPrecedence(_ files: [(name: String, file: TerraformFile)]) -> [TerraformFile] {
        func rank(_ name: String) -> Int {
            if name.hasSuffix(".auto.tfvars") || name.hasSuffix(".auto.tfvars.json") { return 2 }
            if name == "terraform.tfvars" || name == "terraform.tfvars.json" { return 1 }
            return 0
        }
        return files.sorted { (rank($0.name), $0.name) < (rank($1.name), $1.name) }.map(\.file)
    }

    static func directory(of relativePath: String) -> String {
        guard let slash = relativePath.lastIndex(of: "/") else { return "" }
        return String(relativePath[..<slash])
    }

    /// `directory` joined with a path written in the module, without `.` and with `..` applied;
    /// nil for absolute paths, which say nothing about the scanned tree.
    static func resolve(_ path: String, against directory: String) -> String? {
        guard !path.hasPrefix("/"), !path.isEmpty else { return nil }
        var components: [Substring] = []
        for component in (directory + "/" + path).split(separator: "/") {
            switch component {
            case "", ".":
                continue
            case "..":
                if let last = components.last, last != ".." {
                    components.removeLast()
                } else {
                    components.append(component)
                }
            default:
                components.append(component)
            }
        }
        return components.isEmpty ? "." : components.joined(separator: "/")
    }
}

/// Builds one `ServerlessFunction` from its resource block.
private struct FunctionReader {
    let module: TerraformModule
    let resolver: TerraformValueResolver

    func function(named name: String, declaredBy declaration: DeclaredBlock) -> ServerlessFunction {
        let file = declaration.file
        var function = ServerlessFunction(logicalName: "aws_lambda_function.\(name)", format: .terraform,
                                          location: file.location(declaration.block.range.start),
                                          declaredIn: file.relativePath)
        var fields: [FunctionField] = []
        if let nameField = scalarField(.name, key: "function_name", declaration) {
            fields.append(nameField)
            function.deployedName = nameField.literal
        }
        if let descriptionField = scalarField(.description, key: "description", declaration) {
            fields.append(descriptionField)
            function.description = descriptionField.literal
        }
        function.handler = literal(declaration.attribute("handler"))
        function.runtime = literal(declaration.attribute("runtime"))
        function.codeLocation = codeLocation(declaration)

        // `dynamic "environment"` blocks are generated at plan time: not read.
        for environment in declaration.block.body.blocks(ofType: "environment") {
            guard let variables = environment.body.attribute("variables") else { continue }
            let written = WrittenExpression(expression: variables.value, file: file)
            resolver.startValue()
            fields += mapFields(.environment, resolver.map(written) ?? [])
        }

        resolver.startValue()
        let resourceTags = declaration.attribute("tags").flatMap { resolver.map($0) } ?? []
        let resourceTagKeys = Set(resourceTags.map(\.key))
        let defaultTags = providerDefaultTags(for: declaration).filter { !resourceTagKeys.contains($0.key) }
        fields += mapFields(.tag, defaultTags + resourceTags)
        function.fields = fields
        return function
    }

    private func literal(_ written: WrittenExpression?) -> String? {
        guard let written else { return nil }
        resolver.startValue()
        guard case .literal(let text, _) = resolver.resolve(written) else { return nil }
        return text
    }

    private func scalarField(_ kind: FunctionFieldKind, key: String, _ declaration: DeclaredBlock) -> FunctionField? {
        guard let written = declaration.attribute(key) else { return nil }
        return field(kind, key: key, written, usedAt: nil)
    }

    private func mapFields(_ kind: FunctionFieldKind, _ entries: [TerraformMapEntry]) -> [FunctionField] {
        entries.compactMap { field(kind, key: $0.key, $0.value, usedAt: $0.usedAt) }
    }

    /// A field for a value written at `written`; `usedAt` when the map holding it was itself
    /// followed from the function (a local or variable map). Nil for `null`, which leaves it unset.
    private func field(_ kind: FunctionFieldKind, key: String, _ written: WrittenExpression,
                       usedAt mapUse: SourceLocation?) -> FunctionField? {
        let own = written.valueLocation
        resolver.startValue()
        switch resolver.resolve(written) {
        case .null:
            return nil
        case .literal(let text, let location):
            let usedAt = mapUse ?? (location == own ? nil : own)
            return FunctionField(kind: kind, key: key, literal: text, location: location, usedAt: usedAt)
        case .secret:
            return FunctionField(kind: kind, key: key, literal: nil,
                                 reference: FieldReference(kind: .terraformSecret, text: written.sourceText),
                                 location: own, usedAt: mapUse)
        case .variable(let name, let sensitive):
            // `parameterNoEcho` carries `sensitive = true`: Terraform's counterpart of NoEcho.
            return FunctionField(kind: kind, key: key, literal: nil,
                                 reference: FieldReference(kind: .terraformVariable, text: "var.\(name)", parameterNoEcho: sensitive),
                                 location: own, usedAt: mapUse)
        case .unknown:
            return FunctionField(kind: kind, key: key, literal: nil,
                                 reference: FieldReference(kind: .terraformExpression, text: written.sourceText),
                                 location: own, usedAt: mapUse)
        }
    }

    /// `default_tags` of the AWS provider the function uses: the one named by its `provider`
    /// argument (`aws.west`), or the one without an alias.
    private func providerDefaultTags(for declaration: DeclaredBlock) -> [TerraformMapEntry] {
        var alias: String?
        if let chosen = declaration.block.body.attribute("provider") {
            if case .traversal("aws", let steps) = chosen.value.kind, case .attribute(let name)? = steps.first?.kind {
                alias = name
            } else if case .template(let template) = chosen.value.kind, let text = template.literalValue, text.hasPrefix("aws.") {
                // JSON syntax writes the reference as a string.
                alias = String(text.dropFirst(4))
            }
        }
        let provider = module.awsProviders.first { candidate in
            literal(candidate.attribute("alias")) == alias
        }
        guard let provider else { return [] }
        var entries: [TerraformMapEntry] = []
        for defaultTags in provider.block.body.blocks(ofType: "default_tags") {
            guard let tags = defaultTags.body.attribute("tags") else { continue }
            resolver.startValue()
            entries += resolver.map(WrittenExpression(expression: tags.value, file: provider.file)) ?? []
        }
        return entries
    }

    /// The code's folder or archive below the scan root: the `source_dir` (or `source_file`) of the
    /// `archive_file` that `filename` names, or `filename` itself.
    private func codeLocation(_ declaration: DeclaredBlock) -> String? {
        guard let filename = declaration.attribute("filename") else { return nil }
        var reference = filename.expression
        if case .template(let template) = reference.kind, template.parts.count == 1,
           case .interpolation(let only) = template.parts[0] {
            reference = only
        }
        var path: String?
        if case .traversal("data", let steps) = reference.kind, steps.count == 3,
           case .attribute("archive_file") = steps[0].kind, case .attribute(let name) = steps[1].kind,
           case .attribute("output_path") = steps[2].kind, let archive = module.dataSources["archive_file"]?[name] {
            path = literal(archive.attribute("source_dir")) ?? literal(archive.attribute("source_file"))
                ?? literal(archive.attribute("output_path"))
        } else {
            path = literal(filename)
        }
        guard let path else { return nil }
        return TerraformReader.resolve(path, against: module.directory)
    }
}
