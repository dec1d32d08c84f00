import Foundation
import Testing
@testable import ResidueCore

@Suite("Serverless configuration: parsers with positions")
struct ConfigTreeTests {
    @Test func yamlPositionsForPlainQuotedBlockAndTaggedValues() throws {
        let yaml = """
            Resources:
              Fn:
                Properties:
                  Plain: value-one
                  Quoted: "value two"
                  Single: 'three'
                  Tagged: !Ref DbPassword
                  Sub: !Sub "orders-${Stage}"
                  Block: |
                    first line
                    second line
            """
        let root = try #require(try ConfigTreeReader.parseYAML(Array(yaml.utf8)).first)
        let properties = try #require(root["Resources", "Fn", "Properties"])
        func position(_ key: String) -> [Int] {
            guard let node = properties[key] else { return [] }
            return [node.line, node.column]
        }
        #expect(position("Plain") == [4, 14])
        #expect(position("Quoted") == [5, 16])
        #expect(position("Single") == [6, 16])
        #expect(position("Tagged") == [7, 20])
        #expect(properties["Tagged"]?.tag == "!Ref")
        #expect(properties["Tagged"]?.string == "DbPassword")
        #expect(position("Sub") == [8, 18])
        #expect(position("Block") == [10, 9])
        #expect(properties["Block"]?.string == "first line\nsecond line")
    }

    @Test func yamlMergeKeysSpliceTheAnchoredMapping() throws {
        let yaml = """
            defaults: &defaults
              LOG_LEVEL: INFO
              TABLE: orders
            env:
              <<: *defaults
              TABLE: refunds
            """
        let root = try #require(try ConfigTreeReader.parseYAML(Array(yaml.utf8)).first)
        #expect(root["env", "TABLE"]?.string == "refunds")
        #expect(root["env", "LOG_LEVEL"]?.string == "INFO")
    }

    @Test func jsonPositionsAndEscapes() throws {
        let json = """
            {
              "Variables": {
                "A": "plain",
                "B": "esc\\"aped \\u00e9",
                "C": 42,
                "D": null
              }
            }
            """
        let root = try ConfigTreeReader.parseJSON(Array(json.utf8))
        let variables = try #require(root["Variables"])
        #expect(variables["A"].map { [$0.line, $0.column] } == [3, 11])
        #expect(variables["B"]?.string == "esc\"aped é")
        #expect(variables["C"]?.string == "42")
        #expect(variables["D"]?.isNull == true)
    }

    @Test func malformedDocumentsFailWithTheLine() {
        #expect(throws: ConfigParseError.self) { try ConfigTreeReader.parseJSON(Array("{\n  \"a\": [1, 2\n}".utf8)) }
        do {
            _ = try ConfigTreeReader.parseJSON(Array("{\n  \"a\": 1,\n  \"b\": tru\n}".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
        }
        do {
            _ = try ConfigTreeReader.parseYAML(Array("a: 1\nb: [1, 2\nc: 3\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line != nil)
        }
    }

    @Test func aliasBombsAndDeepNestingAreRefused() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in 1...9 {
            let name = "l\(level)"
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        do {
            _ = try ConfigTreeReader.parseYAML(Array(bomb.utf8))
            Issue.record("an alias bomb was expanded")
        } catch {
            #expect(error.message.contains("alias bomb"))
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: ConfigParseError.self) { try ConfigTreeReader.parseYAML(Array(deep.utf8)) }
        #expect(throws: ConfigParseError.self) { try ConfigTreeReader.parseJSON(Array(deep.utf8)) }
        var indented = ""
        for level in 0..<2_000 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(throws: ConfigParseError.self) { try ConfigTreeReader.parseYAML(Array(indented.utf8)) }
    }

    /// A one-value-per-two-bytes sequence would cost Yams and us about 230 bytes a value: refused
    /// before parsing. JSON is counted as it is read.
    @Test func documentsWithTooManyValuesAreRefusedBeforeTheyCostMemory() {
        let flow = "Data: [" + String(repeating: "1,", count: 300_000) + "1]\n"
        #expect(ConfigTreeReader.estimatedNodes(Array(flow.utf8)) == 1 + 2 + 2 + 300_000)
        #expect(throws: ConfigParseError(line: nil, message: "too large to analyze: more than 250000 values (about 300005)")) {
            try ConfigTreeReader.parseYAML(Array(flow.utf8))
        }
        let json = "{\"Data\": [" + String(repeating: "1,", count: 300_000) + "1]}"
        #expect(throws: ConfigParseError(line: nil, message: "too large to analyze: more than 250000 values (about 300004)")) {
            try ConfigTreeReader.parseJSON(Array(json.utf8))
        }
        // Should the estimate ever fall short, the parser's own count still stops it.
        var parser = JSONPositionParser(bytes: Array(json.utf8))
        #expect(throws: ConfigParseError(line: nil, message: "too large to analyze: more than 250000 values")) {
            try parser.parseDocument()
        }
        // Just under the limit, both are read.
        let fits = "[" + String(repeating: "1,", count: 249_990) + "1]"
        #expect(throws: Never.self) { try ConfigTreeReader.parseJSON(Array(fits.utf8)) }
        #expect(throws: Never.self) { try ConfigTreeReader.parseYAML(Array(fits.utf8)) }
    }

    /// The estimate must not fall below what a document really holds, or the bound would not
    /// bound: checked on every YAML and JSON file of the corpora and examples, and on shapes that
    /// count little text per value.
    @Test func theValueEstimateIsNeverBelowTheValuesParsed() throws {
        func parsedNodes(_ node: ConfigNode) -> Int {
            switch node.kind {
            case .scalar: 1
            case .mapping(let pairs): 1 + pairs.reduce(0) { $0 + 1 + parsedNodes($1.value) }
            case .sequence(let items): 1 + items.reduce(0) { $0 + parsedNodes($1) }
            }
        }
        var documents: [(String, [UInt8])] = [
            ("nested", Array("a:\n  b:\n    c:\n      d: 1\n".utf8)),
            ("sequences", Array("- - - x\n  - y\n- {a: 1, b: [2, 3]}\n- []\n- {}\n".utf8)),
            ("json style", Array("{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":null}]}}".utf8)),
            ("multi", Array("a: 1\n---\nb: 2\n...\n---\n- 3\n".utf8)),
        ]
        let roots = ["Tests/Corpora", "Examples", "Fuzz/seeds"].map { TestSupport.packageRoot.appendingPathComponent($0) }
        for root in roots {
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard ["yaml", "yml", "json"].contains(url.pathExtension) else { continue }
                documents.append((url.path, Array(try Data(contentsOf: url))))
            }
        }
        // The templates, plans and configs in the repository (a clean clone holds a dozen).
        #expect(documents.count >= 4 + 10)
        for (name, bytes) in documents {
            let isJSON = name.hasSuffix(".json") || name == "json style"
            guard let parsed = isJSON ? (try? ConfigTreeReader.parseJSON(bytes)).map({ [$0] }) : try? ConfigTreeReader.parseYAML(bytes)
            else { continue }
            let values = parsed.reduce(0) { $0 + parsedNodes($1) }
            #expect(ConfigTreeReader.estimatedNodes(bytes, json: isJSON) >= values, "\(name): \(values) values")
        }
    }
}

@Suite("Serverless configuration: the function model")
struct FunctionModelTests {
    private func functions(_ text: String, path: String = "svc/template.yaml") throws -> [ServerlessFunction] {
        let file = TemplateFile(path: path, relativePath: path)
        let documents = path.hasSuffix(".json")
            ? [try ConfigTreeReader.parseJSON(Array(text.utf8))] : try ConfigTreeReader.parseYAML(Array(text.utf8))
        return documents.flatMap { root -> [ServerlessFunction] in
            if CloudFormationReader.isTemplate(root) { return CloudFormationReader.functions(in: root, file: file, cdk: path.contains("cdk.out/")) }
            if ServerlessFrameworkReader.isServerlessConfig(root, file: file) { return ServerlessFrameworkReader.functions(in: root, file: file) }
            if TerraformPlanReader.isPlan(root) { return TerraformPlanReader.functions(in: root, file: file) }
            return []
        }
    }

    @Test func samGlobalsParametersMappingsAndReferences() throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage:
                Type: String
                Default: prod
              Secret:
                Type: String
                NoEcho: true
            Mappings:
              Config:
                prod:
                  Url: https://prod.example.com
            Globals:
              Function:
                Runtime: python3.12
                Environment:
                  Variables:
                    LOG_LEVEL: INFO
                    TABLE: global
                Tags:
                  Team: orders
            Resources:
              OrdersFn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  CodeUri: ../src/orders
                  FunctionName: !Sub "orders-${Stage}"
                  Environment:
                    Variables:
                      TABLE: orders
                      SECRET: !Ref Secret
                      URL: !FindInMap [Config, !Ref Stage, Url]
                      DB: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
            """
        let function = try #require(try functions(template).first)
        #expect(function.logicalName == "OrdersFn")
        #expect(function.format == .sam)
        #expect(function.handler == "app.handler")
        #expect(function.runtime == "python3.12")
        #expect(function.codeLocation == "src/orders")
        #expect(function.deployedName == "orders-prod")
        #expect(function.location.line == 23)
        let environment = Dictionary(function.fields.filter { $0.kind == .environment }.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(environment["TABLE"]?.literal == "orders")
        #expect(environment["TABLE"]?.location.line == 31)
        #expect(environment["LOG_LEVEL"]?.literal == "INFO")
        #expect(environment["LOG_LEVEL"]?.location.line == 18)
        #expect(environment["SECRET"]?.literal == nil)
        #expect(environment["SECRET"]?.reference?.kind == .parameter)
        #expect(environment["SECRET"]?.reference?.parameterNoEcho == true)
        #expect(environment["URL"]?.literal == "https://prod.example.com")
        #expect(environment["URL"]?.location.line == 12)
        #expect(environment["URL"]?.usedAt?.line == 33)
        #expect(environment["DB"]?.reference?.kind == .secretsManagerDynamic)
        #expect(environment["DB"]?.literal == nil)
        #expect(function.fields.contains { $0.kind == .tag && $0.key == "Team" && $0.literal == "orders" })
        #expect(function.fields.contains { $0.kind == .name && $0.literal == "orders-prod" && $0.location.line == 28 })
    }

    @Test func cloudFormationJSONTagListsAndJoin() throws {
        let template = """
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": {
                    "Handler": "com.acme.Handler::handleRequest",
                    "Code": {"S3Bucket": "b", "S3Key": "k"},
                    "Environment": {"Variables": {
                      "URL": {"Fn::Join": ["", ["postgres://u:", "pw-literal-123", "@db:5432/app"]]}
                    }},
                    "Tags": [{"Key": "Owner", "Value": "jane.doe@acme.com"}]
                  }
                }
              }
            }
            """
        let function = try #require(try functions(template, path: "stack.json").first)
        #expect(function.format == .cloudFormation)
        #expect(function.codeLocation == nil)
        let url = try #require(function.fields.first { $0.key == "URL" })
        #expect(url.literal == "postgres://u:pw-literal-123@db:5432/app")
        #expect(url.segments.map(\.line) == [9, 9, 9])
        #expect(function.fields.contains { $0.kind == .tag && $0.key == "Owner" && $0.location.line == 11 })
    }

    @Test func serverlessFrameworkVariables() throws {
        let config = """
            service: payments
            custom:
              hook: https://hooks.example.com/abc
            provider:
              name: aws
              runtime: nodejs20.x
              environment:
                STAGE: ${opt:stage, 'dev'}
                KEY: ${ssm:/payments/api-key}
              tags:
                team: payments
            functions:
              charge:
                handler: src/charge.handler
                description: Charges cards
                environment:
                  HOOK: ${self:custom.hook}
                  FROM_ENV: ${env:FROM_ENV}
            """
        let function = try #require(try functions(config, path: "payments/serverless.yml").first)
        #expect(function.format == .serverlessFramework)
        #expect(function.handler == "src/charge.handler")
        #expect(function.runtime == "nodejs20.x")
        #expect(function.codeLocation == "payments")
        let fields = Dictionary(function.fields.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(fields["STAGE"]?.literal == "dev")
        #expect(fields["KEY"]?.reference?.kind == .serverlessSSM)
        #expect(fields["KEY"]?.literal == nil)
        #expect(fields["HOOK"]?.literal == "https://hooks.example.com/abc")
        #expect(fields["HOOK"]?.location.line == 3)
        #expect(fields["HOOK"]?.usedAt?.line == 17)
        #expect(fields["FROM_ENV"]?.reference?.kind == .serverlessVariable)
        #expect(fields["team"]?.kind == .tag)
        #expect(fields["description"]?.literal == "Charges cards")
    }

    @Test func terraformPlanAndCDKOutput() throws {
        let plan = """
            {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
              {"address": "aws_lambda_function.a", "type": "aws_lambda_function", "name": "a",
               "values": {"function_name": "a-fn", "handler": "main", "runtime": "provided.al2023",
                          "environment": [{"variables": {"K": "v"}}], "tags": {"T": "t"}}}
            ]}}}
            """
        let function = try #require(try functions(plan, path: "infra/plan.json").first)
        #expect(function.format == .terraformPlan)
        #expect(function.deployedName == "a-fn")
        #expect(function.fields.contains { $0.kind == .environment && $0.key == "K" && $0.location.line == 4 })
        let cdk = """
            {"Resources": {"Fn1": {"Type": "AWS::Lambda::Function",
              "Properties": {"Handler": "index.handler", "Code": {"S3Bucket": "x", "S3Key": "y"}},
              "Metadata": {"aws:asset:path": "asset.abc123"}}}}
            """
        let cdkFunction = try #require(try functions(cdk, path: "app/cdk.out/Stack.template.json").first)
        #expect(cdkFunction.format == .cdk)
        #expect(cdkFunction.codeLocation == "app/cdk.out/asset.abc123")
    }
}

@Suite("Serverless configuration: judgments")
struct ServerlessJudgmentTests {
    private func scan(_ files: [String: String]) throws -> ScanResult {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files { try TestSupport.write(text, to: root.appendingPathComponent(path)) }
        var configuration = ScanConfiguration(roots: [root.path])
        configuration.analyzeHandlerState = false
        var result = TestSupport.builtinScanner.scan(configuration)
        result.findings = FindingList(result.findings.map { finding in
            var finding = finding
            finding.path = String(finding.path.dropFirst(root.path.count + 1))
            return finding
        })
        for index in result.warnings.indices {
            result.warnings[index].path = String(result.warnings[index].path.dropFirst(root.path.count + 1))
        }
        return result
    }

    @Test func messageNamesTheFunctionTheFieldAndTheRule() throws {
        let result = try scan(["template.yaml": """
            Resources:
              OrdersFn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Environment:
                    Variables:
                      STRIPE_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh12
                      TABLE_NAME: orders
                      LOG_LEVEL: INFO
                      DB_SECRET_NAME: prod/db
            """])
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.ruleID == "lambda-env-secret")
        #expect(finding.line == 8 && finding.column == 23)
        #expect(finding.severity == .critical)
        #expect(finding.message == "secret in environment variable STRIPE_KEY of function OrdersFn (Stripe live secret key)")
        #expect(!finding.excerpt.contains("sk_live_4eC39HqLyjWDarjtT1zdp7dc"))
        let text = TextReport.render(result, colour: false)
        #expect(text.contains("template.yaml:8:23: critical: secret in environment variable STRIPE_KEY of function OrdersFn (Stripe live secret key) [lambda-env-secret]"))
    }

    @Test func malformedTemplateWarnsAndIsStillScannedAsText() throws {
        let result = try scan(["template.yaml": """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: [
                  STRIPE: sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh12
            """])
        #expect(result.warnings.contains { $0.path == "template.yaml" && $0.reason.contains("line ") && $0.reason.contains("not analyzed") })
        #expect(result.findings.map(\.ruleID) == ["stripe-live-secret-key"])
    }

    @Test func inlineIgnoreCommentsSilenceFieldFindings() throws {
        let result = try scan(["template.yaml": """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Tags:
                    Owner: jane.doe@acme.com  # residue:ignore lambda-personal-email -- owner tag is policy
                    # residue:ignore-next-line
                    Reviewer: john.roe@acme.com
                    Approver: mary.major@acme.com
            """])
        #expect(result.findings.map(\.line) == [9])
        #expect(result.statistics.suppressedInline == 2)
    }

    private func template(functions: Int) -> (text: String, secretLine: Int) {
        var template = "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        for index in 0..<functions {
            template += "  Fn\(index):\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
            template += "      Environment:\n        Variables:\n          TABLE_NAME: table-\(index)\n"
        }
        template += "  Last:\n    Type: AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n"
        template += "          STRIPE_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh12\n"
        return (template, template.split(separator: "\n").count)
    }

    /// Ten thousand functions (far past CloudFormation's 500 resources) are read whole.
    @Test func aTemplateWithTenThousandFunctionsIsReadWhole() throws {
        let (template, secretLine) = template(functions: 10_000)
        let result = try scan(["template.yaml": template])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.findings.map(\.ruleID) == ["lambda-env-secret"])
        #expect(result.findings.first?.line == secretLine)
    }

    /// Fifty thousand (750,000 values) would take 200 MB to read: refused with a warning, and
    /// the file is still scanned as text, so its secret is still reported.
    @Test func aTemplateWithFiftyThousandFunctionsIsRefusedAndStillScannedAsText() throws {
        let (template, secretLine) = template(functions: 50_000)
        let estimate = ConfigTreeReader.estimatedNodes(Array(template.utf8))
        #expect(estimate > 700_000)
        let result = try scan(["template.yaml": template])
        #expect(result.warnings == [ScanWarning(
            path: "template.yaml",
            reason: "too large to analyze: more than 250000 values (about \(estimate)); "
                + "function configuration not analyzed (content rules still ran)")])
        #expect(result.statistics.templatesNotParsed == 1)
        #expect(result.findings.map(\.ruleID) == ["stripe-live-secret-key"])
        #expect(result.findings.first?.line == secretLine)
    }

    /// A minified JSON template is one line: columns are counted on from value to value (counting
    /// each from the line start took minutes on a few megabytes).
    @Test func aMinifiedJSONTemplateKeepsItsColumns() throws {
        var resources: [String] = []
        for index in 0..<20_000 {
            resources.append("\"Fn\(index)\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{\"Description\":\"ünïcode\"}}")
        }
        let prefix = "{\"Resources\":{" + resources.joined(separator: ",")
            + ",\"Last\":{\"Type\":\"AWS::Serverless::Function\",\"Properties\":{\"Environment\":{\"Variables\":{\"STRIPE_KEY\":\""
        let template = prefix + "sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGh12\"}}}}}}"
        let result = try scan(["template.json": template])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.findings.map(\.ruleID) == ["lambda-env-secret"])
        #expect(result.findings.first?.line == 1)
        #expect(result.findings.first?.column == prefix.unicodeScalars.count + 1)
    }

    @Test func personalAndRoleAddresses() {
        #expect(PersonalEmail.find(in: "jane.doe@acme.com").count == 1)
        #expect(PersonalEmail.find(in: "contact jdoe@acme.com please").map(\.address) == ["jdoe@acme.com"])
        #expect(PersonalEmail.find(in: "payments-team@acme.com").isEmpty)
        #expect(PersonalEmail.find(in: "noreply@acme.com, security@acme.com, platform-ops@acme.com").isEmpty)
        #expect(PersonalEmail.find(in: "jane.doe@example.com").isEmpty)
    }

    @Test func disabledAnalyzerRulesAreDropped() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Tags:
                    Owner: jane.doe@acme.com
            """, to: root.appendingPathComponent("template.yaml"))
        var configuration = ScanConfiguration(roots: [root.path])
        #expect(TestSupport.builtinScanner.scan(configuration).findings.map(\.ruleID) == ["lambda-personal-email"])
        configuration.disabledRules = ["lambda-personal-email"]
        #expect(TestSupport.builtinScanner.scan(configuration).findings.isEmpty)
    }
}

@Suite("Serverless configuration: labelled corpus")
struct ServerlessCorpusTests {
    struct Planted: Hashable {
        var path: String
        var line: Int
        var rule: String
    }

    static func location(of rule: String) -> String {
        switch rule {
        case let id where id.hasPrefix("lambda-env"): "environment"
        case let id where id.hasPrefix("lambda-tag"): "tag"
        case "lambda-personal-email": "personal email"
        default: "name/description"
        }
    }

    @Test func recallAndPrecisionPerLocationAndFormat() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Tests/Corpora/serverless")
        let truthText = try String(contentsOf: root.appendingPathComponent("truth.tsv"), encoding: .utf8)
        var truth: Set<Planted> = []
        for line in truthText.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 3, let number = Int(parts[1]) else { continue }
            truth.insert(Planted(path: String(parts[0]), line: number, rule: String(parts[2])))
        }
        #expect(truth.count >= 35)

        var configuration = ScanConfiguration(roots: [root.path])
        configuration.analyzeHandlerState = false
        let result = TestSupport.builtinScanner.scan(configuration)
        let analyzerRules = Set(FieldJudgment.rules.map(\.id))
        let reportedList = result.findings.filter { analyzerRules.contains($0.ruleID) }.map {
            Planted(path: String($0.path.dropFirst(root.path.count + 1)), line: $0.line, rule: $0.ruleID)
        }
        let reported = Set(reportedList)
        // A value several functions share is one finding, not one per function.
        #expect(reportedList.count == reported.count)
        #expect(result.warnings.isEmpty, "\(result.warnings)")

        func score(_ label: String, _ include: (Planted) -> Bool) -> (recall: Double, precision: Double) {
            let expected = truth.filter(include)
            let found = reported.filter(include)
            let hits = expected.intersection(found).count
            let recall = expected.isEmpty ? 1 : Double(hits) / Double(expected.count)
            let precision = found.isEmpty ? 1 : Double(hits) / Double(found.count)
            print("serverless corpus \(label): \(hits)/\(expected.count) found, \(found.count) reported, recall \(String(format: "%.2f", recall)), precision \(String(format: "%.2f", precision))")
            return (recall, precision)
        }
        let overall = score("all", { _ in true })
        #expect(overall.recall >= 0.95, "missed: \(truth.subtracting(reported).sorted { $0.path + "\($0.line)" < $1.path + "\($1.line)" })")
        #expect(overall.precision >= 0.95, "false: \(reported.subtracting(truth))")
        for location in ["environment", "tag", "name/description", "personal email"] {
            let figures = score(location, { Self.location(of: $0.rule) == location })
            #expect(figures.recall >= 0.95 && figures.precision >= 0.95, "\(location)")
        }
        for format in ["sam-orders/", "legacy-billing/", "payments/", "cdk.out/", "events/", "infra/"] {
            let figures = score(format, { $0.path.hasPrefix(format) })
            #expect(figures.recall >= 0.95 && figures.precision >= 0.95, "\(format)")
        }
    }
}
