import Foundation

/// Judges the fields of declared functions: a literal secret in an environment variable, tag,
/// name or description (every rule of the rule set applies, with the field's key as the name);
/// a reference that lands as plaintext in the deployed environment; personal data in tags, names
/// and descriptions.
struct FieldJudgment {
    static let analyzer = "serverless-config"

    static let envSecret = rule("lambda-env-secret", "Secret in a function environment variable", .high, .secret,
        "Store the value in Secrets Manager or SSM Parameter Store (SecureString) and fetch it at run time with the SDK or the AWS Parameters and Secrets Lambda extension; rotate the exposed value.")
    static let tagSecret = rule("lambda-tag-secret", "Secret in a function tag", .high, .secret,
        "Remove the value from the tag (tags are visible in consoles, billing data and resource APIs) and rotate it.")
    static let nameSecret = rule("lambda-name-secret", "Secret in a function name", .high, .secret,
        "Remove the value from the function name and rotate it.")
    static let descriptionSecret = rule("lambda-description-secret", "Secret in a function description", .high, .secret,
        "Remove the value from the description and rotate it.")
    static let resolvedSecret = rule("lambda-env-resolved-secret", "Secret resolved into a function environment variable at deploy time", .medium, .secret,
        "Pass the secret's name or ARN instead and fetch the value at run time with the SDK or the AWS Parameters and Secrets Lambda extension: resolved values are stored in plaintext in the function configuration.")
    static let envPII = rule("lambda-env-pii", "Sensitive personal data in a function environment variable", .high, .pii,
        "Remove personal data from function configuration.")
    static let tagPII = rule("lambda-tag-pii", "Sensitive personal data in a function tag", .high, .pii,
        "Remove personal data from tags: they are visible in consoles, billing data and resource APIs.")
    static let textPII = rule("lambda-text-pii", "Sensitive personal data in a function name or description", .high, .pii,
        "Remove personal data from names and descriptions.")
    static let personalEmail = rule("lambda-personal-email", "Personal email address in a function tag, name or description", .low, .pii,
        "Use a team or role address (owner tags outlive people's employment and are widely visible).")
    static let contextSecret = rule("cdk-context-secret", "Secret in cdk.context.json", .high, .secret,
        "cdk.context.json is committed and cached: keep secrets out of CDK context; pass names or ARNs.")

    static let rules = [envSecret, tagSecret, nameSecret, descriptionSecret, resolvedSecret, envPII, tagPII, textPII,
                        personalEmail, contextSecret]

    private static func rule(_ id: String, _ title: String, _ severity: Severity, _ category: FindingCategory, _ fix: String) -> AnalyzerRule {
        AnalyzerRule(id: id, title: title, severity: severity, category: category, confidence: .high, analyzer: analyzer, fix: fix)
    }

    let ruleSet: CompiledRuleSet
    let matcher: ContentMatcher
    let scratch: MatchScratch
    let showSecrets: Bool

    init(ruleSet: CompiledRuleSet, showSecrets: Bool) {
        self.ruleSet = ruleSet
        matcher = ContentMatcher(ruleSet: ruleSet)
        scratch = ruleSet.makeScratch()
        self.showSecrets = showSecrets
    }

    /// A rule match inside a value.
    struct ValueMatch {
        var rule: RuleDefinition
        var confidence: Confidence
        /// Byte offsets into the value.
        var range: Range<Int>
    }

    /// Runs the rule set over `key: "value"`, so rules that judge a name and a value together see
    /// both; returns the matches that lie in the value.
    func matches(key: String, value: String) -> [ValueMatch] {
        let quote: Character = value.contains("\"") ? "'" : "\""
        let prefix = Array("\(key): \(quote)".utf8)
        var text = prefix
        text += Array(value.utf8)
        text += Array("\(quote)\n".utf8)
        var stats = ContentMatcher.Stats()
        let found = text.withUnsafeBytes { matcher.matches(in: $0, reportRange: 0..<text.count, scratch: scratch, stats: &stats) }
        var results: [ValueMatch] = []
        let valueEnd = prefix.count + value.utf8.count
        for match in found where match.secretRange.lowerBound >= prefix.count && match.secretRange.upperBound <= valueEnd {
            let range = (match.secretRange.lowerBound - prefix.count)..<(match.secretRange.upperBound - prefix.count)
            let rule = ruleSet.rules[match.ruleIndex].definition
            // One report per value position: a specific rule beats a generic one, then confidence.
            if let index = results.firstIndex(where: { $0.range.overlaps(range) }) {
                if Self.better(rule, match.confidence, than: results[index]) {
                    results[index] = ValueMatch(rule: rule, confidence: match.confidence, range: range)
                }
                continue
            }
            results.append(ValueMatch(rule: rule, confidence: match.confidence, range: range))
        }
        return results
    }

    private static func better(_ rule: RuleDefinition, _ confidence: Confidence, than other: ValueMatch) -> Bool {
        let generic = rule.pack == "generic"
        let otherGeneric = other.rule.pack == "generic"
        if generic != otherGeneric { return !generic }
        if confidence != other.confidence { return confidence > other.confidence }
        return rule.severity > other.rule.severity
    }

    /// Findings for one function's fields. `lines` gives a source line for excerpts.
    func judge(_ functions: [ServerlessFunction], lines: (String, Int) -> [UInt8]?) -> [Finding] {
        Self.combined(functions.flatMap { function in judge(function, lines: lines).map { ($0, function.logicalName) } })
    }

    func judge(_ function: ServerlessFunction, lines: (String, Int) -> [UInt8]?) -> [Finding] {
        var findings: [Finding] = []
        for field in function.fields {
            let subject = field.kind == .environment || field.kind == .tag
                ? "\(field.kind.phrase) \(field.key) of function \(function.logicalName)"
                : "\(field.kind.phrase) of function \(function.logicalName)"
            let usedAt = field.usedAt.map { " (value written here, used at line \($0.line))" } ?? ""
            if let literal = field.literal, !literal.isEmpty {
                var valueMatches = matches(key: field.key, value: literal)
                if valueMatches.isEmpty, let sourceName = field.sourceName {
                    valueMatches = matches(key: sourceName, value: literal)
                }
                for match in valueMatches {
                    let (rule, noun): (AnalyzerRule, String)
                    if match.rule.category == .pii {
                        switch field.kind {
                        case .environment: rule = Self.envPII
                        case .tag: rule = Self.tagPII
                        case .name, .description: rule = Self.textPII
                        }
                        noun = "sensitive data"
                    } else {
                        switch field.kind {
                        case .environment: rule = Self.envSecret
                        case .tag: rule = Self.tagSecret
                        case .name: rule = Self.nameSecret
                        case .description: rule = Self.descriptionSecret
                        }
                        noun = "secret"
                    }
                    let value = String(decoding: Array(literal.utf8)[match.range], as: UTF8.self)
                    findings.append(finding(
                        rule, message: "\(noun) in \(subject) (\(match.rule.title))\(usedAt)", field: field, function: function,
                        literal: literal, range: match.range, value: value, severity: match.rule.severity,
                        confidence: match.confidence, lines: lines))
                }
                if field.kind != .environment {
                    // A tag, name or description is a short free-text value: a number that proves
                    // itself (IBAN mod-97, a card brand and Luhn) needs no label around it there.
                    let tagged = valueMatches.filter { $0.rule.category == .pii }.map(\.range)
                    for number in FieldPII.find(in: literal) where !tagged.contains(where: { $0.overlaps(number.range) }) {
                        let rule = field.kind == .tag ? Self.tagPII : Self.textPII
                        let value = String(decoding: Array(literal.utf8)[number.range], as: UTF8.self)
                        findings.append(finding(
                            rule, message: "sensitive data in \(subject) (\(number.title))\(usedAt)", field: field, function: function,
                            literal: literal, range: number.range, value: value, severity: nil, confidence: nil, lines: lines))
                    }
                    for email in PersonalEmail.find(in: literal) {
                        findings.append(finding(
                            Self.personalEmail, message: "personal email address in \(subject)\(usedAt); use a team or role address",
                            field: field, function: function, literal: literal, range: email.range, value: email.address,
                            severity: nil, confidence: nil, lines: lines))
                    }
                }
            }
            if field.kind == .environment, let reference = field.reference, Self.landsAsPlaintext(reference, key: field.key) {
                let message = "\(subject) resolves \(reference.text) at deploy time: the value is stored in plaintext in the function configuration; pass its name and fetch it at run time with the SDK or the Parameters and Secrets extension"
                findings.append(finding(
                    Self.resolvedSecret, message: message, field: field, function: function, literal: reference.text,
                    range: nil, value: nil, severity: nil, confidence: nil, lines: lines))
            }
        }
        return findings
    }

    /// One finding per place: a value several functions share (SAM `Globals`, Serverless
    /// `provider.environment`, Terraform `default_tags`) is reported once, naming them all.
    static func combined(_ judged: [(finding: Finding, function: String)]) -> [Finding] {
        struct Place: Hashable {
            var rule: String
            var path: String
            var line: Int
            var column: Int
        }
        var order: [Place] = []
        var groups: [Place: [(finding: Finding, function: String)]] = [:]
        for item in judged {
            let place = Place(rule: item.finding.ruleID, path: item.finding.path, line: item.finding.line, column: item.finding.column)
            if groups[place] == nil { order.append(place) }
            groups[place, default: []].append(item)
        }
        return order.compactMap { place in
            guard let group = groups[place], var finding = group.first?.finding, let first = group.first?.function else { return nil }
            var names: [String] = []
            for item in group where !names.contains(item.function) { names.append(item.function) }
            if names.count > 1, let message = finding.message {
                let list = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
                finding.message = message.replacingOccurrences(of: "of function \(first)", with: "of functions \(list)")
            }
            return finding
        }
    }

    /// References whose resolved value is the secret itself, in the environment.
    static func landsAsPlaintext(_ reference: FieldReference, key: String) -> Bool {
        switch reference.kind {
        case .secretsManagerDynamic, .ssmSecureDynamic, .terraformSecret:
            return true
        case .serverlessSSM:
            // `${ssm:…}` decrypts SecureStrings; only parameters that look secret are reported.
            let text = (reference.text + " " + key).lowercased()
            return ["secret", "password", "passwd", "token", "apikey", "api_key", "api-key", "private", "credential"].contains { text.contains($0) }
        default:
            return false
        }
    }

    private func finding(
        _ rule: AnalyzerRule, message: String, field: FunctionField, function: ServerlessFunction, literal: String,
        range: Range<Int>?, value: String?, severity: Severity?, confidence: Confidence?, lines: (String, Int) -> [UInt8]?
    ) -> Finding {
        var location = field.location
        var pieceStart = 0
        if let range, let segment = field.segments.last(where: { $0.offset <= range.lowerBound }) {
            location.line = segment.line
            location.column = segment.column
            pieceStart = segment.offset
        }
        var column = location.column
        var line = location.line
        let bytes = Array(literal.utf8)
        if let range {
            let before = bytes[pieceStart..<range.lowerBound]
            if before.contains(0x0A) {
                line += before.count { $0 == 0x0A }
            } else {
                column += before.count { $0 & 0xC0 != 0x80 }
            }
        }
        var excerpt = ""
        if let source = lines(location.path, line) {
            let valueBytes = Array((value ?? "").utf8)
            if !valueBytes.isEmpty, let start = ByteSearch.firstIndex(of: valueBytes, in: source) {
                excerpt = Redaction.excerpt(line: source, secretStart: start, secretEnd: start + valueBytes.count, showSecret: showSecrets)
            } else {
                excerpt = Redaction.excerpt(line: source, secretStart: 0, secretEnd: 0, showSecret: true)
            }
        }
        let identity = "\(function.logicalName)\u{0}\(field.kind.rawValue)\u{0}\(field.key)\u{0}\(value ?? literal)"
        return Finding(
            rule: rule, message: message, path: location.path, relativePath: function.declaredIn, line: line, column: column,
            excerpt: excerpt, identity: identity, value: value, severity: severity, confidence: confidence,
            showSecrets: showSecrets)
    }
}

/// Email addresses of people (not of teams, roles or systems) in free text.
enum PersonalEmail {
    /// Local parts that name a function, not a person.
    static let roleWords: Set<String> = [
        "admin", "administrator", "alerts", "alert", "all", "billing", "bot", "bounce", "bounces", "ci", "cloud",
        "compliance", "contact", "data", "dev", "developers", "devops", "dl", "eng", "engineering", "feedback",
        "finance", "group", "help", "helpdesk", "hello", "hostmaster", "hr", "info", "infra", "infrastructure", "it",
        "legal", "list", "mail", "mailer", "marketing", "monitoring", "no-reply", "noreply", "notifications", "notify",
        "oncall", "on-call", "ops", "operations", "orders", "owner", "owners", "payments", "platform", "postmaster",
        "privacy", "root", "sales", "security", "service", "services", "sre", "squad", "support", "svc", "system",
        "team", "tech", "webmaster", "backend", "frontend", "api", "aws", "cloudops", "secops", "netops", "qa", "test",
        "abuse", "accounts", "accounting", "careers", "jobs", "press", "pr", "office", "reports", "status",
    ]

    struct Match {
        var address: String
        var range: Range<Int>
    }

    static func find(in text: String) -> [Match] {
        let bytes = Array(text.utf8)
        var results: [Match] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "@"), index > 0 else { index += 1; continue }
            var start = index
            while start > 0, isLocal(bytes[start - 1]) { start -= 1 }
            var end = index + 1
            while end < bytes.count, isDomain(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            let local = String(decoding: bytes[start..<index], as: UTF8.self)
            let domain = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            if !local.isEmpty, domain.contains("."), isPerson(local: local, domain: domain) {
                results.append(Match(address: String(decoding: bytes[start..<end], as: UTF8.self), range: start..<end))
            }
            index = max(end, index + 1)
        }
        return results
    }

    static func isPerson(local: String, domain: String) -> Bool {
        let lowered = local.lowercased()
        let loweredDomain = domain.lowercased()
        if ["example.com", "example.org", "example.net"].contains(loweredDomain) || loweredDomain.hasSuffix(".example")
            || loweredDomain.hasSuffix(".local") || loweredDomain.hasSuffix("amazonaws.com")
        {
            return false
        }
        let words = lowered.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if words.isEmpty || words.contains(where: roleWords.contains) { return false }
        if lowered.contains("team") || lowered.contains("group") || lowered.contains("alert") || lowered.contains("ops") {
            return false
        }
        // `jane.doe`, `jane_doe`, `jdoe`, `jane`: a person unless it names a role.
        return lowered.count <= 40 && lowered.first?.isLetter == true
    }

    private static func isLocal(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"):
            true
        default: false
        }
    }

    private static func isDomain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}

/// Payment card numbers and IBANs in a short free-text value, found without a label: each must
/// prove itself (a card: an issued brand prefix and length, Luhn, not a test number; an IBAN: the
/// country's length and mod-97).
enum FieldPII {
    struct Match {
        var range: Range<Int>
        var title: String
    }

    static func find(in text: String) -> [Match] {
        let bytes = Array(text.utf8)
        var results: [Match] = []
        var index = 0
        while index < bytes.count {
            // Tokens start after a non-alphanumeric byte.
            if index > 0, isAlphanumeric(bytes[index - 1]) {
                index += 1
                continue
            }
            if let match = card(bytes, at: index) ?? iban(bytes, at: index) {
                results.append(match)
                index = match.range.upperBound
            } else {
                index += 1
            }
        }
        return results
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || isUpper(byte) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// 13–19 digits in groups separated by single spaces or dashes.
    private static func card(_ bytes: [UInt8], at start: Int) -> Match? {
        guard isDigit(bytes[start]) else { return nil }
        var end = start
        var digits: [Int] = []
        while end < bytes.count {
            if isDigit(bytes[end]) {
                digits.append(Int(bytes[end] - 0x30))
                end += 1
            } else if (bytes[end] == 0x20 || bytes[end] == 0x2D), end + 1 < bytes.count, isDigit(bytes[end + 1]), !digits.isEmpty {
                end += 1
            } else {
                break
            }
        }
        guard end == bytes.count || !isAlphanumeric(bytes[end]), (13...19).contains(digits.count),
            let brand = brand(digits), Validators.paymentCard(bytes[start..<end]) == .proven
        else { return nil }
        return Match(range: start..<end, title: "\(brand) card number (Luhn-valid)")
    }

    /// The brand whose issuer ranges and lengths fit, if any.
    static func brand(_ digits: [Int]) -> String? {
        func prefix(_ count: Int) -> Int { digits.prefix(count).reduce(0) { $0 * 10 + $1 } }
        let length = digits.count
        switch true {
        case digits[0] == 4 && [13, 16, 19].contains(length): return "Visa"
        case (51...55).contains(prefix(2)) && length == 16, (2221...2720).contains(prefix(4)) && length == 16: return "Mastercard"
        case [34, 37].contains(prefix(2)) && length == 15: return "American Express"
        case (prefix(4) == 6011 || prefix(2) == 65 || (644...649).contains(prefix(3))) && length >= 16: return "Discover"
        case (3528...3589).contains(prefix(4)) && length >= 16: return "JCB"
        case ((300...305).contains(prefix(3)) || [36, 38].contains(prefix(2))) && length >= 14: return "Diners Club"
        case prefix(2) == 62 && length >= 16: return "UnionPay"
        default: return nil
        }
    }

    /// Two capital letters, two check digits, then 11–30 letters and digits, optionally in groups of four.
    private static func iban(_ bytes: [UInt8], at start: Int) -> Match? {
        guard start + 15 <= bytes.count, isUpper(bytes[start]), isUpper(bytes[start + 1]), isDigit(bytes[start + 2]),
            isDigit(bytes[start + 3])
        else { return nil }
        var end = start + 4
        var characters = 4
        while end < bytes.count {
            if isDigit(bytes[end]) || isUpper(bytes[end]) {
                characters += 1
                end += 1
            } else if bytes[end] == 0x20, end + 1 < bytes.count, isDigit(bytes[end + 1]) || isUpper(bytes[end + 1]) {
                end += 1
            } else {
                break
            }
        }
        guard end == bytes.count || !isAlphanumeric(bytes[end]), (15...34).contains(characters),
            Validators.iban(bytes[start..<end]) == .proven
        else { return nil }
        return Match(range: start..<end, title: "IBAN, mod-97 valid")
    }
}
