import HCL

/// One parsed file of a Terraform module directory.
struct TerraformFile {
    /// The path as the scan names it.
    var path: String
    /// The path below the scan root.
    var relativePath: String
    var syntax: HCLFile

    func location(_ position: HCLPosition) -> SourceLocation {
        SourceLocation(path: path, line: position.line, column: position.column)
    }

    func text(of expression: HCLExpression) -> String {
        syntax.text(of: expression.range)
    }
}

/// An expression together with the file it is written in: values are followed across files
/// (a function in `main.tf`, its variable in `variables.tf`, the value in `terraform.tfvars`).
struct WrittenExpression {
    var expression: HCLExpression
    var file: TerraformFile

    /// Where the value's text starts: just inside the quote of a string, on the first line of a
    /// heredoc's text, at the first character otherwise.
    var valueLocation: SourceLocation {
        if case .template(let template) = expression.kind {
            if template.isHeredoc {
                if case .literal(_, let range)? = template.parts.first {
                    return file.location(range.start)
                }
            } else {
                var inside = expression.range.start
                inside.column += 1
                inside.offset += 1
                return file.location(inside)
            }
        }
        return file.location(expression.range.start)
    }

    var sourceText: String { file.text(of: expression) }
}

/// A block and the file it is declared in.
struct DeclaredBlock {
    var block: HCLBlock
    var file: TerraformFile

    func attribute(_ name: String) -> WrittenExpression? {
        block.body.attribute(name).map { WrittenExpression(expression: $0.value, file: file) }
    }
}

/// What one module directory declares, indexed by name: what the reader needs to follow
/// `var.x`, `local.x`, data sources and resources.
struct TerraformModule {
    /// The module directory below the scan root ("" for the root itself).
    var directory: String
    var variables: [String: DeclaredBlock] = [:]
    /// `name = value` from tfvars files, the winning assignment for each name.
    var variableValues: [String: WrittenExpression] = [:]
    var locals: [String: WrittenExpression] = [:]
    /// `resource "type" "name"`, by type then name.
    var resources: [String: [String: DeclaredBlock]] = [:]
    /// `data "type" "name"`, by type then name.
    var dataSources: [String: [String: DeclaredBlock]] = [:]
    /// `provider "aws"` blocks, in the order written.
    var awsProviders: [DeclaredBlock] = []
    /// `resource "aws_lambda_function"` blocks, in file then source order.
    var functions: [(name: String, declaration: DeclaredBlock)] = []

    init(directory: String, configurations: [TerraformFile], variableFiles: [TerraformFile]) {
        self.directory = directory
        for file in configurations {
            index(file)
        }
        for file in variableFiles {
            for attribute in file.syntax.body.attributes {
                variableValues[attribute.name] = WrittenExpression(expression: attribute.value, file: file)
            }
        }
    }

    private mutating func index(_ file: TerraformFile) {
        for block in file.syntax.body.blocks {
            let declared = DeclaredBlock(block: block, file: file)
            let labels = block.labels.map(\.value)
            switch block.type {
            case "variable" where labels.count == 1:
                variables[labels[0]] = declared
            case "locals":
                for attribute in block.body.attributes {
                    locals[attribute.name] = WrittenExpression(expression: attribute.value, file: file)
                }
            case "resource" where labels.count == 2:
                resources[labels[0], default: [:]][labels[1]] = declared
                if labels[0] == "aws_lambda_function" {
                    functions.append((labels[1], declared))
                }
            case "data" where labels.count == 2:
                dataSources[labels[0], default: [:]][labels[1]] = declared
            case "provider" where labels == ["aws"]:
                awsProviders.append(declared)
            default:
                break
            }
        }
    }
}
