import Testing
@testable import ResidueCore

/// A Terraform module as the scan would hand it over: files below `infra/orders`.
struct TerraformModuleFixture {
    var files: [(name: String, text: String)]
    var directory = "infra/orders"

    var sourceFiles: [TerraformReader.SourceFile] {
        files.map { file in
            let relative = directory.isEmpty ? file.name : directory + "/" + file.name
            return (path: "repo/" + relative, relativePath: relative, bytes: Array(file.text.utf8))
        }
    }

    /// The 1-based line and column of the first occurrence of `needle` in file `name`.
    func position(of needle: String, in name: String) -> (path: String, line: Int, column: Int) {
        guard let text = files.first(where: { $0.name == name })?.text, let range = text.range(of: needle) else {
            Issue.record("\(needle) not in \(name)")
            return ("", 0, 0)
        }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return ("repo/\(directory)/\(name)", line, before[lineStart...].unicodeScalars.count + 1)
    }
}

// Built from pieces so that this source file itself holds no live-looking key.
private let stripeKey = "sk_live_" + "51H8qLmTz0aB9cD2eF4gH6jK"
private let datadogKey = "0f1e2d3c4b5a" + "69788796a5b4c3d2"

private let mainTF = """
    terraform {
      required_providers {
        aws = { source = "hashicorp/aws", version = "~> 5.0" }
      }
    }

    provider "aws" {
      region = var.region
      default_tags {
        tags = {
          Team       = "payments"
          CostCenter = "cc-1234"
        }
      }
    }

    provider "aws" {
      alias  = "us"
      region = "us-east-1"
    }

    data "archive_file" "orders" {
      type        = "zip"
      source_dir  = "${path.module}/src/orders"
      output_path = "${path.module}/build/orders.zip"
    }

    data "aws_secretsmanager_secret_version" "db" {
      secret_id = "prod/orders/db"
    }

    data "aws_ssm_parameter" "sentry" {
      name = "/orders/sentry-dsn"
    }

    resource "aws_ssm_parameter" "api_token" {
      name  = "/orders/api-token"
      type  = "SecureString"
      value = var.api_token
    }

    resource "aws_ssm_parameter" "feature_flags" {
      name  = "/orders/flags"
      type  = "String"
      value = "beta=on"
    }

    resource "aws_lambda_function" "orders" {
      function_name = "${local.prefix}-orders"
      description   = "Creates orders"
      role          = aws_iam_role.lambda.arn
      handler       = "app.handler"
      runtime       = "python3.12"
      filename      = data.archive_file.orders.output_path

      environment {
        variables = {
          STRIPE_SECRET_KEY = "\(stripeKey)"
          TABLE_NAME        = aws_dynamodb_table.orders.name
          QUEUE_ARN         = "arn:aws:sqs:eu-west-1:123456789012:orders"
          DB_PASSWORD       = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]
          API_TOKEN         = aws_ssm_parameter.api_token.value
          FLAGS             = aws_ssm_parameter.feature_flags.value
          SENTRY_DSN        = data.aws_ssm_parameter.sentry.value
          UPSTREAM_URL      = var.upstream_url
          SIGNING_SECRET    = var.signing_secret
          DB_USER           = local.db_credentials.username
          LOG_LEVEL         = local.log_level
          PORT              = 8080
          DEBUG             = false
          UNSET             = null
        }
      }

      tags = {
        Service    = "orders"
        CostCenter = "cc-9999"
      }
    }

    resource "aws_lambda_function" "reports" {
      provider      = aws.us
      function_name = "reports"
      handler       = "index.handler"
      runtime       = "nodejs20.x"
      filename      = "build/reports.zip"

      environment {
        variables = merge(local.common_env, {
          SLACK_WEBHOOK = var.slack_webhook
          REGION        = "${var.region}"
        })
      }

      tags = merge(local.common_tags, { Owner = "alice" })
    }
    """

private let variablesTF = """
    variable "region" {
      type    = string
      default = "eu-west-1"
    }

    variable "upstream_url" {
      type = string
    }

    variable "signing_secret" {
      type      = string
      sensitive = true
    }

    variable "api_token" {
      type      = string
      sensitive = true
    }

    variable "slack_webhook" {
      description = "Where alerts go"
      default     = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnop"
    }

    variable "datadog_api_key" {
      type    = string
      default = "changeme"
    }
    """

private let localsTF = """
    locals {
      prefix    = "acme"
      log_level = "INFO"
      db_credentials = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
      common_env = {
        ENVIRONMENT     = "prod"
        DATADOG_API_KEY = var.datadog_api_key
      }
      common_tags = { Project = "orders" }
    }
    """

private let tfvars = """
    region          = "eu-central-1"
    datadog_api_key = "\(datadogKey)"
    """

@Suite struct TerraformReaderTests {
    let fixture = TerraformModuleFixture(files: [
        ("main.tf", mainTF),
        ("variables.tf", variablesTF),
        ("locals.tf", localsTF),
        ("terraform.tfvars", tfvars),
        ("README.md", "# not Terraform {"),
    ])

    func readFixture() throws -> (orders: ServerlessFunction, reports: ServerlessFunction) {
        let result = TerraformReader.readModule(fixture.sourceFiles)
        #expect(result.warnings.isEmpty)
        #expect(result.functions.map(\.logicalName) == ["aws_lambda_function.orders", "aws_lambda_function.reports"])
        let orders = try #require(result.functions.first)
        let reports = try #require(result.functions.last)
        return (orders, reports)
    }

    /// Asserts one field: kind, literal or reference kind, and where it is written.
    func expectField(_ function: ServerlessFunction, _ kind: FunctionFieldKind, _ key: String,
                     literal: String? = nil, reference: FieldReference.Kind? = nil,
                     at needle: String, in file: String, column: Bool = true,
                     usedAt: (needle: String, file: String)? = nil,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let field = function.fields.first(where: { $0.kind == kind && $0.key == key }) else {
            Issue.record("no \(kind) field \(key) in \(function.logicalName)", sourceLocation: sourceLocation)
            return
        }
        #expect(field.literal == literal, sourceLocation: sourceLocation)
        #expect(field.reference?.kind == reference, sourceLocation: sourceLocation)
        let expected = fixture.position(of: needle, in: file)
        #expect(field.location.path == expected.path, sourceLocation: sourceLocation)
        #expect(field.location.line == expected.line, "line of \(key)", sourceLocation: sourceLocation)
        if column {
            #expect(field.location.column == expected.column, "column of \(key)", sourceLocation: sourceLocation)
        }
        if let usedAt {
            let use = fixture.position(of: usedAt.needle, in: usedAt.file)
            #expect(field.usedAt?.line == use.line, "usedAt of \(key)", sourceLocation: sourceLocation)
            #expect(field.usedAt?.path == use.path, sourceLocation: sourceLocation)
        } else {
            #expect(field.usedAt == nil, "usedAt of \(key)", sourceLocation: sourceLocation)
        }
    }

    @Test func functionAttributesAndCodeLocation() throws {
        let (orders, reports) = try readFixture()
        #expect(orders.format == .terraform)
        #expect(orders.declaredIn == "infra/orders/main.tf")
        #expect(orders.location == ResidueCore.SourceLocation(path: "repo/infra/orders/main.tf",
                                                  line: fixture.position(of: "resource \"aws_lambda_function\" \"orders\"", in: "main.tf").line,
                                                  column: 1))
        #expect(orders.deployedName == "acme-orders")
        #expect(orders.description == "Creates orders")
        #expect(orders.handler == "app.handler")
        #expect(orders.runtime == "python3.12")
        #expect(orders.codeLocation == "infra/orders/src/orders")
        #expect(reports.deployedName == "reports")
        #expect(reports.description == nil)
        #expect(reports.runtime == "nodejs20.x")
        #expect(reports.codeLocation == "infra/orders/build/reports.zip")
    }

    @Test func nameAndDescriptionFields() throws {
        let (orders, _) = try readFixture()
        // The name is a template over a local: the text is where the template is written.
        expectField(orders, .name, "function_name", literal: "acme-orders", at: "${local.prefix}-orders", in: "main.tf")
        expectField(orders, .description, "description", literal: "Creates orders", at: "Creates orders", in: "main.tf")
    }

    @Test func environmentLiteralsAndSecretsWrittenInTheFunction() throws {
        let (orders, _) = try readFixture()
        expectField(orders, .environment, "STRIPE_SECRET_KEY", literal: stripeKey, at: stripeKey, in: "main.tf")
        expectField(orders, .environment, "QUEUE_ARN", literal: "arn:aws:sqs:eu-west-1:123456789012:orders",
                    at: "arn:aws:sqs", in: "main.tf")
        expectField(orders, .environment, "PORT", literal: "8080", at: "8080", in: "main.tf")
        expectField(orders, .environment, "DEBUG", literal: "false", at: "false\n", in: "main.tf")
        #expect(!orders.fields.contains { $0.key == "UNSET" })
    }

    @Test func environmentReferences() throws {
        let (orders, _) = try readFixture()
        expectField(orders, .environment, "TABLE_NAME", reference: .terraformExpression,
                    at: "aws_dynamodb_table.orders.name", in: "main.tf")
        expectField(orders, .environment, "DB_PASSWORD", reference: .terraformSecret,
                    at: "jsondecode(data.aws_secretsmanager", in: "main.tf")
        expectField(orders, .environment, "API_TOKEN", reference: .terraformSecret,
                    at: "aws_ssm_parameter.api_token.value", in: "main.tf")
        // A parameter declared as a plain String is not a secret store read.
        expectField(orders, .environment, "FLAGS", reference: .terraformExpression,
                    at: "aws_ssm_parameter.feature_flags.value", in: "main.tf")
        expectField(orders, .environment, "SENTRY_DSN", reference: .terraformSecret,
                    at: "data.aws_ssm_parameter.sentry.value", in: "main.tf")
        expectField(orders, .environment, "UPSTREAM_URL", reference: .terraformVariable,
                    at: "var.upstream_url", in: "main.tf")
        expectField(orders, .environment, "SIGNING_SECRET", reference: .terraformVariable,
                    at: "var.signing_secret", in: "main.tf")
        // Through a local holding the decoded secret.
        expectField(orders, .environment, "DB_USER", reference: .terraformSecret,
                    at: "local.db_credentials.username", in: "main.tf")
        expectField(orders, .environment, "LOG_LEVEL", literal: "INFO", at: "INFO", in: "locals.tf",
                    usedAt: ("local.log_level", "main.tf"))

        let fields = Dictionary(uniqueKeysWithValues: orders.fields.filter { $0.kind == .environment }.map { ($0.key, $0) })
        #expect(fields["DB_PASSWORD"]?.reference?.text
                == #"jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]"#)
        #expect(fields["UPSTREAM_URL"]?.reference == FieldReference(kind: .terraformVariable, text: "var.upstream_url"))
        #expect(fields["SIGNING_SECRET"]?.reference
                == FieldReference(kind: .terraformVariable, text: "var.signing_secret", parameterNoEcho: true))
        #expect(fields["TABLE_NAME"]?.reference?.text == "aws_dynamodb_table.orders.name")
        #expect(orders.fields.filter { $0.kind == .environment }.map(\.key) == [
            "STRIPE_SECRET_KEY", "TABLE_NAME", "QUEUE_ARN", "DB_PASSWORD", "API_TOKEN", "FLAGS", "SENTRY_DSN",
            "UPSTREAM_URL", "SIGNING_SECRET", "DB_USER", "LOG_LEVEL", "PORT", "DEBUG",
        ])
    }

    @Test func mergedLocalsVariableDefaultsAndTfvars() throws {
        let (_, reports) = try readFixture()
        // From `local.common_env`: written in locals.tf, used in the function's `variables`.
        expectField(reports, .environment, "ENVIRONMENT", literal: "prod", at: "prod", in: "locals.tf",
                    usedAt: ("merge(local.common_env", "main.tf"))
        // The tfvars value wins over the variable's default.
        expectField(reports, .environment, "DATADOG_API_KEY", literal: datadogKey, at: datadogKey, in: "terraform.tfvars",
                    usedAt: ("merge(local.common_env", "main.tf"))
        // A variable's default, followed from the function.
        expectField(reports, .environment, "SLACK_WEBHOOK", literal: "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnop",
                    at: "https://hooks.slack.com", in: "variables.tf", usedAt: ("var.slack_webhook", "main.tf"))
        expectField(reports, .environment, "REGION", literal: "eu-central-1", at: "eu-central-1", in: "terraform.tfvars",
                    usedAt: ("${var.region}", "main.tf"))
        #expect(reports.fields.filter { $0.kind == .environment }.map(\.key)
                == ["ENVIRONMENT", "DATADOG_API_KEY", "SLACK_WEBHOOK", "REGION"])
    }

    @Test func tagsWithProviderDefaultTags() throws {
        let (orders, reports) = try readFixture()
        // Default tags of the provider without an alias; the function's own `CostCenter` overrides.
        expectField(orders, .tag, "Team", literal: "payments", at: "payments", in: "main.tf")
        expectField(orders, .tag, "Service", literal: "orders", at: "\"orders\"\n    CostCenter", in: "main.tf", column: false)
        expectField(orders, .tag, "CostCenter", literal: "cc-9999", at: "cc-9999", in: "main.tf")
        #expect(orders.fields.filter { $0.kind == .tag }.map(\.key) == ["Team", "Service", "CostCenter"])
        // `provider = aws.us` has no default tags.
        expectField(reports, .tag, "Project", literal: "orders", at: "{ Project = \"orders\" }", in: "locals.tf", column: false,
                    usedAt: ("merge(local.common_tags", "main.tf"))
        expectField(reports, .tag, "Owner", literal: "alice", at: "alice", in: "main.tf")
        #expect(reports.fields.filter { $0.kind == .tag }.map(\.key) == ["Project", "Owner"])
    }

    @Test func fileThatDoesNotParseIsAWarningAndTheRestIsRead() throws {
        var broken = fixture
        broken.files.append(("broken.tf", "resource \"aws_lambda_function\" \"x\" {\n  policy = <<EOF\n{}\n"))
        broken.files.append(("garbage.tf", String(decoding: (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) }, as: UTF8.self)))
        let result = TerraformReader.readModule(broken.sourceFiles)
        #expect(result.warnings.map(\.path) == ["repo/infra/orders/broken.tf", "repo/infra/orders/garbage.tf"])
        #expect(result.warnings.first?.reason == "line 2: unterminated heredoc <<EOF started at line 2")
        #expect(result.functions.map(\.logicalName) == ["aws_lambda_function.orders", "aws_lambda_function.reports"])
    }

    @Test func brokenTfvarsFallsBackToDefaults() throws {
        var broken = fixture
        broken.files.removeAll { $0.name == "terraform.tfvars" }
        broken.files.append(("terraform.tfvars", "region = \"eu-central-1\ndatadog_api_key = 1"))
        let result = TerraformReader.readModule(broken.sourceFiles)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.reason.hasPrefix("line 1: unterminated string") == true)
        let reports = try #require(result.functions.last)
        #expect(reports.fields.first { $0.key == "DATADOG_API_KEY" }?.literal == "changeme")
        #expect(reports.fields.first { $0.key == "REGION" }?.literal == "eu-west-1")
    }
}

@Suite struct TerraformValueTests {
    func readOne(_ main: String, files: [(name: String, text: String)] = []) throws -> ServerlessFunction {
        let fixture = TerraformModuleFixture(files: [("main.tf", main)] + files, directory: "")
        let result = TerraformReader.readModule(fixture.sourceFiles)
        #expect(result.warnings.isEmpty)
        return try #require(result.functions.first)
    }

    @Test func tfvarsPrecedence() throws {
        let main = """
            variable "token" { default = "from-default" }
            variable "other" { default = "other-default" }
            resource "aws_lambda_function" "f" {
              environment {
                variables = { TOKEN = var.token, OTHER = var.other }
              }
            }
            """
        let function = try readOne(main, files: [
            ("prod.tfvars", "token = \"from-prod\"\nother = \"other-prod\""),
            ("terraform.tfvars", "token = \"from-terraform\""),
            ("b.auto.tfvars", "token = \"from-b-auto\""),
            ("a.auto.tfvars", "token = \"from-a-auto\""),
        ])
        #expect(function.fields.map(\.literal) == ["from-b-auto", "other-prod"])
        #expect(function.fields.first?.location.path == "repo/b.auto.tfvars")
    }

    @Test func nestedLocalsTemplatesAndHeredocs() throws {
        let main = """
            locals {
              env = {
                prod = { API_HOST = "api.example.com" }
              }
              stage = "prod"
              parts = ["alpha", "beta"]
            }
            resource "aws_lambda_function" "f" {
              function_name = "svc-${local.stage}-${local.parts[1]}"
              description   = <<-EOT
                Multi-line
                description
                EOT
              filename      = "${path.module}/../dist/f.zip"
              environment {
                variables = {
                  API_HOST = local.env.prod.API_HOST
                  VIA_INDEX = local.env["prod"]["API_HOST"]
                  MIXED = "${local.stage}-${aws_s3_bucket.b.id}"
                  "quoted.key" = "x"
                  COMPUTED = upper("abc")
                  CONDITIONAL = local.stage == "prod" ? "a" : "b"
                  SECRET_IN_TEMPLATE = "pw=${data.aws_secretsmanager_secret_version.db.secret_string}"
                  RESOURCE_SECRET = aws_secretsmanager_secret_version.v.secret_string
                  LOOKUP = lookup(jsondecode(aws_secretsmanager_secret_version.v.secret_string), "k", "")
                  UNWRAPPED = nonsensitive(data.aws_ssm_parameter.p.value)
                  INSECURE = data.aws_ssm_parameter.p.insecure_value
                  SECRET_ARN = aws_secretsmanager_secret.s.arn
                }
              }
            }
            """
        let function = try readOne(main)
        #expect(function.deployedName == "svc-prod-beta")
        #expect(function.description == "Multi-line\ndescription\n")
        let description = try #require(function.fields.first { $0.kind == .description })
        #expect(description.location == ResidueCore.SourceLocation(path: "repo/main.tf", line: 11, column: 5))
        #expect(function.codeLocation == "../dist/f.zip")
        let fields = Dictionary(uniqueKeysWithValues: function.fields.map { ($0.key, $0) })
        #expect(fields["API_HOST"]?.literal == "api.example.com")
        #expect(fields["API_HOST"]?.location == ResidueCore.SourceLocation(path: "repo/main.tf", line: 3, column: 26))
        #expect(fields["API_HOST"]?.usedAt == ResidueCore.SourceLocation(path: "repo/main.tf", line: 17, column: 18))
        #expect(fields["VIA_INDEX"]?.literal == "api.example.com")
        #expect(fields["MIXED"]?.reference == FieldReference(kind: .terraformExpression, text: #""${local.stage}-${aws_s3_bucket.b.id}""#))
        #expect(fields["quoted.key"]?.literal == "x")
        #expect(fields["COMPUTED"]?.reference?.kind == .terraformExpression)
        #expect(fields["CONDITIONAL"]?.reference?.text == #"local.stage == "prod" ? "a" : "b""#)
        #expect(fields["SECRET_IN_TEMPLATE"]?.reference?.kind == .terraformSecret)
        #expect(fields["RESOURCE_SECRET"]?.reference?.kind == .terraformSecret)
        #expect(fields["LOOKUP"]?.reference?.kind == .terraformSecret)
        #expect(fields["UNWRAPPED"]?.reference?.kind == .terraformSecret)
        #expect(fields["INSECURE"]?.reference?.kind == .terraformExpression)
        #expect(fields["SECRET_ARN"]?.reference == FieldReference(kind: .terraformExpression, text: "aws_secretsmanager_secret.s.arn"))
    }

    @Test func variableMapsAndCyclesAndDynamicBlocks() throws {
        let main = """
            variable "env" {
              type = map(string)
              default = {
                PASSWORD = "correct-horse"
              }
            }
            variable "tags" {}
            locals {
              a = local.b
              b = local.a
            }
            resource "aws_lambda_function" "f" {
              image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/f:latest"
              tags      = var.tags
              environment {
                variables = var.env
              }
              dynamic "environment" {
                for_each = var.extra
                content {
                  variables = environment.value
                }
              }
            }
            resource "aws_lambda_function" "g" {
              environment {
                variables = { LOOP = local.a }
              }
            }
            """
        let fixture = TerraformModuleFixture(files: [("main.tf", main)], directory: "")
        let result = TerraformReader.readModule(fixture.sourceFiles)
        #expect(result.warnings.isEmpty)
        let f = try #require(result.functions.first)
        #expect(f.codeLocation == nil)
        #expect(f.fields.count == 1)
        #expect(f.fields.first?.key == "PASSWORD")
        #expect(f.fields.first?.literal == "correct-horse")
        #expect(f.fields.first?.location.line == 4)
        #expect(f.fields.first?.usedAt?.line == 16)
        let g = try #require(result.functions.last)
        #expect(g.fields.first?.reference?.kind == .terraformExpression)
    }

    @Test func sharedNamesDoNotBlowUp() throws {
        // Each local uses the next one twice: following everything would take 2^60 steps.
        var locals = (0..<60).map { "  l\($0) = \"${local.l\($0 + 1)}${local.l\($0 + 1)}\"" }
        locals.append("  l60 = \"x\"")
        var lists = (0..<60).map { "  m\($0) = [local.m\($0 + 1), local.m\($0 + 1)]" }
        lists.append("  m60 = data.aws_ssm_parameter.p.value")
        let main = """
            locals {
            \(locals.joined(separator: "\n"))
            \(lists.joined(separator: "\n"))
            }
            resource "aws_lambda_function" "f" {
              environment {
                variables = { DOUBLED = local.l0, LISTS = local.m0[0] }
              }
            }
            """
        let function = try readOne(main)
        #expect(function.fields.map(\.key) == ["DOUBLED", "LISTS"])
        #expect(function.fields.allSatisfy { $0.literal == nil && $0.reference?.kind == .terraformExpression })
    }

    @Test func readGroupsFilesByDirectory() {
        let files: [TerraformReader.SourceFile] = [
            ("r/a/main.tf", "a/main.tf", Array("resource \"aws_lambda_function\" \"one\" {\n  environment {\n    variables = { K = var.k }\n  }\n}\n".utf8)),
            ("r/a/terraform.tfvars", "a/terraform.tfvars", Array("k = \"from-a\"".utf8)),
            ("r/b/main.tf", "b/main.tf", Array("resource \"aws_lambda_function\" \"two\" {\n  environment {\n    variables = { K = var.k }\n  }\n}\n".utf8)),
            ("r/b/notes.txt", "b/notes.txt", Array("{".utf8)),
        ]
        let result = TerraformReader.read(files)
        #expect(result.functions.map(\.logicalName) == ["aws_lambda_function.one", "aws_lambda_function.two"])
        #expect(result.functions.map { $0.fields.first?.literal } == ["from-a", nil])
        #expect(result.functions.last?.fields.first?.reference?.kind == .terraformVariable)
        #expect(result.warnings.isEmpty)
        #expect(TerraformReader.role(ofFile: "x/terraform.tfvars") == .variableValues)
        #expect(TerraformReader.role(ofFile: "x/main.tf.json") == .configuration)
        #expect(TerraformReader.role(ofFile: "x/prod.tfvars.json") == .variableValues)
        #expect(TerraformReader.role(ofFile: "x/package.json") == nil)
    }

    @Test func jsonSyntax() throws {
        let main = #"""
            {
              "//": "generated",
              "variable": {
                "api_key": { "default": "from-default" },
                "stage": { "type": "string" }
              },
              "locals": { "team": "payments" },
              "provider": {
                "aws": [
                  { "region": "eu-west-1", "default_tags": { "tags": { "Team": "${local.team}" } } },
                  { "alias": "us", "region": "us-east-1" }
                ]
              },
              "data": {
                "archive_file": { "fn": { "type": "zip", "source_dir": "${path.module}/src", "output_path": "fn.zip" } }
              },
              "resource": {
                "aws_lambda_function": {
                  "fn": {
                    "function_name": "fn-${var.stage}",
                    "handler": "main.handler",
                    "runtime": "python3.12",
                    "filename": "${data.archive_file.fn.output_path}",
                    "environment": {
                      "variables": {
                        "API_KEY": "${var.api_key}",
                        "TOKEN": "${data.aws_secretsmanager_secret_version.t.secret_string}",
                        "LITERAL": "sk_test_abc",
                        "PORT": 8080
                      }
                    },
                    "dynamic": { "vpc_config": { "for_each": "${var.vpcs}" } },
                    "tags": { "Name": "fn" }
                  },
                  "other": { "provider": "aws.us", "function_name": "other" }
                }
              }
            }
            """#
        let fixture = TerraformModuleFixture(files: [("main.tf.json", main), ("terraform.tfvars.json", #"{ "api_key": "from-tfvars" }"#)],
                                             directory: "svc")
        let result = TerraformReader.readModule(fixture.sourceFiles)
        #expect(result.warnings.isEmpty)
        #expect(result.functions.map(\.logicalName) == ["aws_lambda_function.fn", "aws_lambda_function.other"])
        let function = try #require(result.functions.first)
        #expect(function.location.line == fixture.position(of: "\"fn\": {\n", in: "main.tf.json").line)
        #expect(function.handler == "main.handler")
        #expect(function.codeLocation == "svc/src")
        let fields = Dictionary(uniqueKeysWithValues: function.fields.map { ("\($0.kind.rawValue):\($0.key)", $0) })
        #expect(fields["name:function_name"]?.reference == FieldReference(kind: .terraformExpression, text: #""fn-${var.stage}""#))
        #expect(fields["environment:API_KEY"]?.literal == "from-tfvars")
        #expect(fields["environment:API_KEY"]?.location.path == "repo/svc/terraform.tfvars.json")
        #expect(fields["environment:API_KEY"]?.usedAt?.line == fixture.position(of: "\"API_KEY\"", in: "main.tf.json").line)
        #expect(fields["environment:TOKEN"]?.reference?.kind == .terraformSecret)
        let literal = try #require(fields["environment:LITERAL"])
        let literalPosition = fixture.position(of: "sk_test_abc", in: "main.tf.json")
        #expect(literal.literal == "sk_test_abc")
        #expect(literal.location == ResidueCore.SourceLocation(path: literalPosition.path, line: literalPosition.line, column: literalPosition.column))
        #expect(fields["environment:PORT"]?.literal == "8080")
        #expect(fields["tag:Team"]?.literal == "payments")
        #expect(fields["tag:Name"]?.literal == "fn")
        // `"provider": "aws.us"` picks the aliased provider, which has no default tags.
        #expect(result.functions.last?.fields.map(\.key) == ["function_name"])

        let broken = TerraformReader.readModule(TerraformModuleFixture(files: [("main.tf.json", "{\n  \"resource\": {\n")]).sourceFiles)
        #expect(broken.warnings.first?.reason == "line 3: expected a member name in the object opened at line 2, found the end of the file")
    }

    @Test func pathResolution() {
        #expect(TerraformReader.resolve("./src", against: "infra") == "infra/src")
        #expect(TerraformReader.resolve("../lambda/src", against: "infra/orders") == "infra/lambda/src")
        #expect(TerraformReader.resolve("./../../x", against: "") == "../../x")
        #expect(TerraformReader.resolve("/abs/path", against: "infra") == nil)
        #expect(TerraformReader.resolve(".", against: "") == ".")
    }
}
