/// The serverless functions a repository declares, whatever the format they are declared in. The
/// serverless-config analyzer builds it; the handler-state analyzer reads handlers and code
/// locations from it.

/// Where a function was declared.
public enum DeclarationFormat: String, Sendable, Codable, CaseIterable {
    /// `AWS::Serverless::Function` in a SAM template.
    case sam
    /// `AWS::Lambda::Function` in a CloudFormation template (YAML or JSON).
    case cloudFormation = "cloudformation"
    /// `functions:` in a Serverless Framework `serverless.yml`.
    case serverlessFramework = "serverless"
    /// `resource "aws_lambda_function"` in Terraform HCL (`.tf`, `.tf.json`).
    case terraform
    /// `terraform show -json` plan or state output.
    case terraformPlan = "terraform-plan"
    /// CDK synthesized output (`cdk.out/*.template.json`).
    case cdk
    /// A function deployed in an AWS account, read through the Lambda API (`residue aws`).
    case deployed
}

/// What a field of a function is.
public enum FunctionFieldKind: String, Sendable, Codable, CaseIterable {
    /// An environment variable (`Environment.Variables`, `environment`, `environment { variables }`).
    case environment
    /// A resource tag.
    case tag
    /// The function's deployed name (`FunctionName`, `name`, `function_name`).
    case name
    /// The function's description.
    case description

    /// How the field reads in a message: "environment variable", "tag", …
    public var phrase: String {
        switch self {
        case .environment: "environment variable"
        case .tag: "tag"
        case .name: "name"
        case .description: "description"
        }
    }
}

/// A value that is not written in the template but fetched or computed when deployed.
public struct FieldReference: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// `{{resolve:secretsmanager:…}}`: resolved at deploy time, lands as plaintext.
        case secretsManagerDynamic = "secretsmanager-dynamic"
        /// `{{resolve:ssm-secure:…}}`.
        case ssmSecureDynamic = "ssm-secure-dynamic"
        /// `{{resolve:ssm:…}}`.
        case ssmDynamic = "ssm-dynamic"
        /// Serverless `${ssm:…}` (SecureStrings come back decrypted).
        case serverlessSSM = "serverless-ssm"
        /// Serverless `${env:…}`, `${self:…}`, `${file(…)}`, `${opt:…}`, `${sls:…}`, `${cf:…}`, …
        case serverlessVariable = "serverless-variable"
        /// CloudFormation `Ref`/`!Ref` to a parameter; `parameterNoEcho` says whether it is NoEcho.
        case parameter
        /// `Ref` to a resource, `Fn::GetAtt`, `Fn::ImportValue`, or other intrinsic.
        case intrinsic
        /// Terraform `var.x` without a literal default or tfvars value.
        case terraformVariable = "terraform-variable"
        /// Terraform attribute of `aws_secretsmanager_secret_version` / `data.aws_secretsmanager_secret_version`
        /// or `aws_ssm_parameter` of type SecureString: lands as plaintext.
        case terraformSecret = "terraform-secret"
        /// Any other Terraform expression (resource attribute, function call, …).
        case terraformExpression = "terraform-expression"
        /// Anything else that is computed, not written.
        case other
    }

    public var kind: Kind
    /// The reference as written, e.g. `{{resolve:secretsmanager:prod/db:SecretString:password}}`.
    public var text: String
    /// For `.parameter`: whether the parameter is `NoEcho: true`.
    public var parameterNoEcho: Bool

    public init(kind: Kind, text: String, parameterNoEcho: Bool = false) {
        self.kind = kind
        self.text = text
        self.parameterNoEcho = parameterNoEcho
    }
}

/// A position in a file: 1-based line and column (column in Unicode code points).
public struct SourceLocation: Sendable, Equatable, Hashable, Codable {
    /// The path as the scan names it (the user's root joined with the path below it).
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }
}

/// One environment variable, tag, name or description of a function.
public struct FunctionField: Sendable, Equatable, Codable {
    public var kind: FunctionFieldKind
    /// The variable or tag key; for names and descriptions, the property name (`FunctionName`, `description`).
    public var key: String
    /// The literal text that ends up deployed, when the template says it (after following
    /// parameter defaults, `Fn::Sub`/`Fn::Join` literals, variable defaults and locals); nil when
    /// the value is only known at deploy time.
    public var literal: String?
    /// What the value refers to, when it is not (only) literal text.
    public var reference: FieldReference?
    /// Where the value is written (the value itself, not its key); for values that came from a
    /// parameter default or variable, where that literal is written.
    public var location: SourceLocation
    /// Where the field is used, when the value was followed from elsewhere (a parameter default, a
    /// Terraform variable): the line of the function's own field.
    public var usedAt: SourceLocation?
    /// The parameter or variable the value was followed from (`ApiKey` for `!Ref ApiKey`), whose
    /// name says what the value is when the field's own key does not.
    public var sourceName: String?
    /// For a literal joined from pieces written in different places (`Fn::Join`), where each
    /// piece starts: its byte offset in `literal` and its position. Empty: `literal` is written
    /// as one piece at `location`.
    public var segments: [LiteralSegment] = []

    public init(kind: FunctionFieldKind, key: String, literal: String?, reference: FieldReference? = nil,
                location: SourceLocation, usedAt: SourceLocation? = nil, sourceName: String? = nil) {
        self.kind = kind
        self.key = key
        self.literal = literal
        self.reference = reference
        self.location = location
        self.usedAt = usedAt
        self.sourceName = sourceName
    }
}

/// Where a piece of a joined literal is written.
public struct LiteralSegment: Sendable, Equatable, Codable {
    /// Byte offset of the piece in the joined literal.
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
}

/// One serverless function as declared.
public struct ServerlessFunction: Sendable, Equatable, Codable {
    /// The logical id (`OrdersFn`), Serverless function key (`orders`) or Terraform resource name
    /// (`aws_lambda_function.orders`): how the template names it.
    public var logicalName: String
    public var format: DeclarationFormat
    /// Where the function's declaration starts.
    public var location: SourceLocation
    /// The deployed name, when written literally.
    public var deployedName: String?
    public var description: String?
    /// As declared: `app.handler`, `com.acme.Handler::handleRequest`, `Assembly::Ns.Class::Method`, `bootstrap`.
    public var handler: String?
    /// `python3.12`, `nodejs20.x`, `java21`, `provided.al2023`, `dotnet8`, `ruby3.3`, `go1.x`, …
    public var runtime: String?
    /// The folder (or archive) holding the function's code, as a path relative to the scanned
    /// root, resolved against the template's folder (`CodeUri`, `Code`, `package.artifact`,
    /// `filename`/`source_dir`); nil when unknown or remote (S3). For a deployed function,
    /// `ARN!`: the entries of its code package are scanned as `ARN!/path/in/package`.
    public var codeLocation: String?
    /// The template's own path relative to the scanned root.
    public var declaredIn: String
    public var fields: [FunctionField]

    public init(logicalName: String, format: DeclarationFormat, location: SourceLocation, declaredIn: String,
                deployedName: String? = nil, description: String? = nil, handler: String? = nil,
                runtime: String? = nil, codeLocation: String? = nil, fields: [FunctionField] = []) {
        self.logicalName = logicalName
        self.format = format
        self.location = location
        self.declaredIn = declaredIn
        self.deployedName = deployedName
        self.description = description
        self.handler = handler
        self.runtime = runtime
        self.codeLocation = codeLocation
        self.fields = fields
    }
}

/// What the handler-state analysis needs of a declared function to find its handler in the code.
public struct HandlerDeclaration: Sendable, Hashable, Comparable {
    /// As declared: `app.handler`, `com.acme.Handler::handleRequest`, `bootstrap`.
    public var handler: String
    public var runtime: String?
    /// The code folder (or archive) below the scanned root, when known.
    public var codeLocation: String?

    public init(handler: String, runtime: String?, codeLocation: String?) {
        self.handler = handler
        self.runtime = runtime
        self.codeLocation = codeLocation
    }

    public static func < (lhs: HandlerDeclaration, rhs: HandlerDeclaration) -> Bool {
        (lhs.handler, lhs.runtime ?? "", lhs.codeLocation ?? "") < (rhs.handler, rhs.runtime ?? "", rhs.codeLocation ?? "")
    }
}

extension ServerlessFunction {
    public var handlerDeclaration: HandlerDeclaration? {
        handler.map { HandlerDeclaration(handler: $0, runtime: runtime, codeLocation: codeLocation) }
    }

    /// The function without its fields: what the handler-state analysis needs to find handlers.
    public var withoutFields: ServerlessFunction {
        var copy = self
        copy.fields = []
        return copy
    }
}
