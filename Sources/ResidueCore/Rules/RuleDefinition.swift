/// How bad a finding is when it is real.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of thing a rule finds.
public enum FindingCategory: String, Sendable, CaseIterable, Codable {
    case secret, pii
}

/// How sure Residue is that a finding is real.
public enum Confidence: String, Sendable, CaseIterable, Comparable, Codable {
    case low, medium, high

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// A named offline check applied to a candidate secret after the regex matched.
public enum ValidatorKind: String, Sendable, CaseIterable, Codable {
    /// GitHub/npm token checksum: the last six base62 characters encode the CRC32 of the body.
    case crc32Base62 = "crc32-base62"
    /// Three base64url parts; header and payload are JSON objects, the header names `alg`.
    case jwt
    /// Luhn checksum over the digits.
    case luhn
    /// The password part of `scheme://user:password@host` is not a placeholder or reference.
    case urlCredentials = "url-credentials"
    /// Name and value judged together for generic assignments.
    case genericSecret = "generic-secret"
    /// GitLab routable token: base36 CRC32 and payload length in the `.…` tail.
    case gitlabRoutableCRC = "gitlab-routable-crc"
    /// AWS key ID: known four-letter prefix, 20 characters, base32 body, not a documentation key.
    case awsAccessKeyID = "aws-access-key-id"
    /// IBAN: registered length for its country and ISO 7064 mod-97.
    case iban
    /// PEM or OpenSSH block: the body decodes to DER (0x30) or `openssh-key-v1`.
    case pemBody = "pem-body"
    /// PyPI token: the base64 body is a macaroon located at pypi.org.
    case pypiMacaroon = "pypi-macaroon"
    /// Payment card: Luhn, 13–19 digits, not a documented test number.
    case paymentCard = "payment-card"
    /// US SSN area, group and serial rules; voided and famous fakes rejected.
    case usSSN = "us-ssn"
    /// UK National Insurance number structure.
    case ukNINO = "uk-nino"
    /// Spanish DNI/NIE control letter (mod 23).
    case spanishDNI = "es-dni"
    /// Dutch BSN 11-proof.
    case dutchBSN = "nl-bsn"
    /// Indian Aadhaar Verhoeff check digit.
    case aadhaar = "in-aadhaar"
    /// Brazilian CPF mod-11 check digits.
    case brazilianCPF = "br-cpf"
    /// French NIR key (97 − number mod 97).
    case frenchNIR = "fr-nir"
    /// Canadian SIN Luhn.
    case canadianSIN = "ca-sin"
    /// HTTP Basic / Docker `auth`: base64 of printable `user:password`, password no stand-in.
    case basicAuth = "basic-auth"
    /// Shannon entropy judged against the alphabet the value actually uses.
    case charsetEntropy = "charset-entropy"
}

/// One example of a rule's input; `secret`, when given, is the value the rule must capture.
public struct RuleExample: Sendable, Equatable {
    public var text: String
    public var secret: String?

    public init(text: String, secret: String? = nil) {
        self.text = text
        self.secret = secret
    }
}

/// A rule as written in a `Patterns/*.yaml` pack.
public struct RuleDefinition: Sendable, Equatable {
    public static let defaultWindow = 4096

    public var id: String
    public var title: String
    public var severity: Severity
    public var category: FindingCategory
    public var confidence: Confidence
    public var keywords: [String]
    public var regex: String
    public var entropy: Double?
    public var validator: ValidatorKind?
    public var allow: [String]
    public var window: Int
    /// How far before its keyword a match can start, in bytes; nil: from the keyword's line start
    /// (at most 1 KiB back). Rules whose name part is bounded say so, which spares PCRE2 from
    /// trying every position of a long line.
    public var lookbehind: Int?
    /// The pack (file stem) the rule came from, e.g. `aws`.
    public var pack: String
    public var matchExamples: [RuleExample]
    public var nomatchExamples: [String]

    public init(
        id: String,
        title: String,
        severity: Severity,
        category: FindingCategory,
        confidence: Confidence = .medium,
        keywords: [String],
        regex: String,
        entropy: Double? = nil,
        validator: ValidatorKind? = nil,
        allow: [String] = [],
        window: Int = RuleDefinition.defaultWindow,
        lookbehind: Int? = nil,
        pack: String,
        matchExamples: [RuleExample] = [],
        nomatchExamples: [String] = []
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.category = category
        self.confidence = confidence
        self.keywords = keywords
        self.regex = regex
        self.entropy = entropy
        self.validator = validator
        self.allow = allow
        self.window = window
        self.lookbehind = lookbehind
        self.pack = pack
        self.matchExamples = matchExamples
        self.nomatchExamples = nomatchExamples
    }

    /// The same rule without its examples: what the binary embeds.
    public var withoutExamples: RuleDefinition {
        var copy = self
        copy.matchExamples = []
        copy.nomatchExamples = []
        return copy
    }
}
