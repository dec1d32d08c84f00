import Foundation

/// What a candidate looks like to the checks that run after the regex matched.
struct Candidate {
    /// The value the rule captured (group `secret`).
    var secret: ArraySlice<UInt8>
    /// The key it was assigned to (group `name`), when the rule has one.
    var name: ArraySlice<UInt8>?
    /// The whole regex match.
    var match: ArraySlice<UInt8>
    /// The byte before the value: a quote means the value was a string literal.
    var precedingByte: UInt8?
}

/// The verdict of a validator.
enum ValidatorVerdict {
    /// Structure or checksum proves the format: report with high confidence.
    case proven
    /// Nothing against it: report with the rule's confidence.
    case plausible
    case rejected
}

enum SecretJudgment {
    // MARK: Shared filters

    /// Placeholders every rule ignores: documentation keys, template references, masks.
    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        if value.isEmpty { return true }
        if contains(value, Array("EXAMPLE".utf8)) { return true }
        if contains(value, Array("${".utf8)) || contains(value, Array("{{".utf8)) || contains(value, Array("$(".utf8)) {
            return true
        }
        if value.first == UInt8(ascii: "<") && value.last == UInt8(ascii: ">") { return true }
        if value.count >= 32 && wellKnownValues.contains(Array(value)) { return true }
        var runByte: UInt8 = 0
        var runLength = 0
        for byte in value {
            if byte == runByte {
                runLength += 1
            } else {
                runByte = byte
                runLength = 1
            }
            if runLength >= 4 && (byte == UInt8(ascii: "x") || byte == UInt8(ascii: "X") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "#")) {
                return true
            }
        }
        return false
    }

    /// Shannon entropy in bits per byte.
    static func entropy<C: Collection>(_ bytes: C) -> Double where C.Element == UInt8 {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            bits -= p * log2(p)
        }
        return bits
    }

    // MARK: Validators

    static func validate(_ kind: ValidatorKind, _ candidate: Candidate) -> ValidatorVerdict {
        switch kind {
        case .crc32Base62: crc32Base62(candidate.secret)
        case .jwt: jwt(candidate.secret)
        case .luhn: luhn(candidate.secret) ? .proven : .rejected
        case .urlCredentials: urlCredentials(candidate)
        case .genericSecret: genericSecret(candidate)
        case .gitlabRoutableCRC: Validators.gitlabRoutable(candidate.secret)
        case .awsAccessKeyID: Validators.awsAccessKeyID(candidate.secret)
        case .iban: Validators.iban(candidate.secret)
        case .pemBody: Validators.pemBody(candidate.secret)
        case .pypiMacaroon: Validators.pypiMacaroon(candidate.secret)
        case .paymentCard: Validators.paymentCard(candidate.secret)
        case .usSSN: Validators.usSSN(candidate.secret)
        case .ukNINO: Validators.ukNINO(candidate.secret)
        case .spanishDNI: Validators.spanishDNI(candidate.secret)
        case .dutchBSN: Validators.dutchBSN(candidate.secret)
        case .aadhaar: Validators.aadhaar(candidate.secret)
        case .brazilianCPF: Validators.brazilianCPF(candidate.secret)
        case .canadianSIN: Validators.canadianSIN(candidate.secret)
        case .frenchNIR: Validators.frenchNIR(candidate.secret)
        case .charsetEntropy: Validators.charsetEntropy(candidate.secret)
        case .basicAuth: Validators.basicAuth(candidate.secret)
        }
    }

    /// GitHub and npm tokens end in six base62 characters holding the CRC32 of the body between
    /// the `prefix_` and the checksum.
    static func crc32Base62(_ token: ArraySlice<UInt8>) -> ValidatorVerdict {
        let bytes = Array(token)
        guard let underscore = bytes.firstIndex(of: UInt8(ascii: "_")), bytes.count - underscore > 7 else {
            return .rejected
        }
        let body = bytes[(underscore + 1)..<(bytes.count - 6)]
        var checksum: UInt64 = 0
        for byte in bytes[(bytes.count - 6)...] {
            guard let digit = base62Digit(byte) else { return .rejected }
            checksum = checksum * 62 + UInt64(digit)
        }
        return checksum == UInt64(CRC32.checksum(body)) ? .proven : .rejected
    }

    private static func base62Digit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 36
        default: nil
        }
    }

    static func jwt(_ token: ArraySlice<UInt8>) -> ValidatorVerdict {
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty || parts[0].count > 0 else { return .rejected }
        guard let header = decodeBase64URL(parts[0]),
            let headerObject = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any],
            headerObject["alg"] != nil,
            let payload = decodeBase64URL(parts[1]),
            (try? JSONSerialization.jsonObject(with: Data(payload))) is [String: Any]
        else { return .rejected }
        if let alg = headerObject["alg"] as? String, alg.lowercased() == "none" {
            // Unsigned tokens carry no secret of their own, but still leak claims.
            return .plausible
        }
        return .proven
    }

    static func decodeBase64URL(_ part: ArraySlice<UInt8>) -> [UInt8]? {
        var text = String(decoding: part, as: UTF8.self)
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return Array(data)
    }

    static func luhn(_ value: ArraySlice<UInt8>) -> Bool {
        var digits: [Int] = []
        for byte in value {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(Int(byte - UInt8(ascii: "0")))
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
                return false
            }
        }
        guard digits.count >= 12 && digits.count <= 19 else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    // MARK: URL credentials

    /// URL passwords that are no secret: the generic placeholder words, user-ish words, and the
    /// defaults of local containers and sample databases.
    private static let placeholderPasswords: Set<String> = placeholderWords.union([
        "pass", "pwd", "change_me", "username", "user", "dbpassword", "db_password", "your_password",
        "your-password", "****", "pass123", "<password>", "api_key",
        "redis", "postgresql", "mongo", "mongodb", "rabbitmq", "tiger", "sa", "docker", "dev", "local", "localhost",
    ])

    /// RFC 2606 documentation hosts: credentials there are examples by definition.
    static func isDocumentationHost(_ host: Substring) -> Bool {
        let lowered = host.lowercased()
        for domain in ["example.com", "example.org", "example.net", "example"] {
            if lowered == domain || lowered.hasSuffix("." + domain) { return true }
        }
        return lowered.hasSuffix(".example") || lowered.hasSuffix(".test") || lowered.hasSuffix(".invalid")
    }

    static func urlCredentials(_ candidate: Candidate) -> ValidatorVerdict {
        let password = String(decoding: candidate.secret, as: UTF8.self)
        if password.isEmpty || password.count < 3 { return .rejected }
        let lowered = password.lowercased()
        if placeholderPasswords.contains(lowered) || placeholderPasswords.contains(deLeet(lowered)) { return .rejected }
        if let first = password.unicodeScalars.first, "$%{<[:@".unicodeScalars.contains(first) { return .rejected }
        if lowered.hasPrefix("your") || lowered.hasPrefix("my_") || lowered.hasPrefix("<") { return .rejected }
        if lowered.contains("password") && lowered.count <= 16 && !lowered.contains(where: \.isNumber) { return .rejected }
        // `scheme://user:user@host` is a dev default more often than a leak worth a finding.
        let match = String(decoding: candidate.match, as: UTF8.self)
        if let schemeEnd = match.range(of: "://") {
            let scheme = match[..<schemeEnd.lowerBound].split(whereSeparator: { !$0.isLetter && $0 != "+" }).last.map { $0.lowercased() } ?? ""
            if !scheme.isEmpty && lowered == scheme { return .rejected }
            let afterScheme = match[schemeEnd.upperBound...]
            if let at = afterScheme.lastIndex(of: "@") {
                let host = afterScheme[afterScheme.index(after: at)...].prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" && $0 != ";" }
                if isDocumentationHost(host) { return .rejected }
            }
            if let colon = afterScheme.firstIndex(of: ":") {
                let user = afterScheme[..<colon]
                if user.lowercased() == lowered { return .rejected }
                if user.hasPrefix("$") || user.hasPrefix("%") || user.hasPrefix("{") { return .rejected }
            }
        }
        return .plausible
    }

    // MARK: Generic assignments

    private static let placeholderWords: Set<String> = [
        "changeme", "changeit", "password", "passwd", "passw0rd", "secret", "secrets", "example", "sample",
        "dummy", "test", "testing", "placeholder", "redacted", "todo", "tbd", "none", "null", "nil",
        "undefined", "true", "false", "empty", "default", "foobar", "foo", "bar", "baz", "xxx", "xxxxxx",
        "yourpassword", "mypassword", "secretkey", "apikey", "apitoken", "token", "accesstoken", "secretvalue",
        "notasecret", "notsecret", "hidden", "masked", "required", "optional", "string", "value", "mysecret",
        "supersecret", "password123", "admin", "administrator", "root", "guest", "postgres", "mysql", "letmein",
        "qwerty", "123456", "1234567", "12345678", "123456789", "abc123", "abcdef", "abcdefgh", "clientsecret",
        "privatekey", "authtoken", "bearer", "basic", "sensitive", "confidential", "fixme", "invalid", "unknown",
        "disabled", "enabled", "secretpassword", "testpassword", "testtoken", "testsecret", "fakepassword",
        "faketoken", "fakesecret", "contrasena", "contraseña", "passwort", "motdepasse", "senha", "wachtwoord",
        "parola", "haslo", "salasana", "losenord", "correcthorsebatterystaple",
    ]

    private static let placeholderFragments: [String] = [
        "example", "placeholder", "changeme", "change_me", "change-me", "redacted", "your_", "your-", "yourapi",
        "yourtoken", "yoursecret", "yourkey", "insert", "replace", "dummy", "sample", "fake", "lorem",
        "xxxx", "****", "...", "…", "____", "123456", "abcdef", "qwerty", "asdfgh", "todo", "notreal", "not_real",
        "not-real",
    ]

    private static let referenceFragments: [String] = [
        "os.environ", "getenv", "process.env", "env[", "env.", "system.getenv", "getenvironmentvariable",
        "environment.", "config[", "config.", "settings.", "secrets.", "vault:", "ssm:", "secretsmanager",
        "arn:aws", "arn:", "resolve:", "keyvault", "!ref", "!sub", "!getatt", "!importvalue", "!join", "!if",
        "!findinmap", "!select", "{{", "${", "#{", "%{", "%(", "$(", "<%", "@{", "var.", "local.", "data.",
        "params.", "props.", "this.", "self.", "request.", "req.", "args.", "options.", "opts.", "input.",
        "ctx.", "context.", "credentials.", "creds.", "conf.", "cfg.", "properties.",
    ]

    private static let referenceFragmentBytes = referenceFragments.map { Array($0.utf8) }
    private static let placeholderFragmentBytes = placeholderFragments.map { Array($0.utf8) }
    private static let selfNamingWordBytes = ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key"]
        .map { Array($0.utf8) }

    private static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        contains(haystack[...], needle)
    }

    /// Name parts that mean the value is about a secret but is not one.
    private static let nonSecretNameParts: Set<String> = [
        "id", "ids", "name", "names", "path", "file", "dir", "url", "uri", "endpoint", "arn", "type", "length",
        "len", "size", "count", "timeout", "ttl", "expiry", "expires", "expiration", "header", "field", "param",
        "prefix", "suffix", "format", "algorithm", "alg", "version", "region", "policy", "rotation", "label",
        "description", "desc", "public", "publishable", "hint", "question", "regex", "pattern", "label",
        "placeholder", "min", "max", "minlength", "maxlength", "enabled", "required", "reset", "confirm",
        "confirmation", "validation", "strength", "hash", "hashed", "digest", "sha", "checksum", "integrity",
        "etag", "commit", "rev", "revision", "mode", "kind", "location", "ref", "env", "var", "variable",
        "key_id", "keyid", "provider", "method", "scheme", "scope", "scopes", "audience", "issuer", "uri",
        "policy", "class", "template", "message", "error", "status", "state", "mask", "masked", "visible",
        "input", "form", "view", "page", "route", "handler", "callback", "event", "index",
    ]

    /// Name parts that say the value is a digest: what follows is a hash, not a credential.
    private static let digestNameParts: Set<String> = [
        "sha", "md", "checksum", "digest", "integrity", "hash", "hashed", "fingerprint", "crc",
    ]

    /// Values published in vendor documentation and tutorials, the same in every repository that
    /// copied them: the jwt.io sample token, Stripe's documented test keys. Every rule drops them.
    private static let wellKnownValues: Set<[UInt8]> = Set([
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    ].map { Array($0.utf8) })

    /// Last name parts that say the value is a credential.
    private static let credentialNameEndings: Set<String> = [
        "token", "secret", "password", "passwd", "pass", "pwd", "apikey", "key",
    ]

    /// A whole value in standard base64 (padded, 8 to 1024 characters) that decodes to printable
    /// ASCII; nil otherwise. Random keys that merely use the base64 alphabet decode to binary.
    static func decodedBase64Text(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        guard value.count >= 8, value.count <= 1024, value.count % 4 == 0 else { return nil }
        guard let data = Data(base64Encoded: Data(value)), data.count >= 4 else { return nil }
        guard data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return Array(data)
    }

    /// Values that configuration files hold under misleading names: HTTP header names
    /// (`X-Request-Id`), AWS regions (`us-east-1`), Lambda runtimes (`provided.al2023`),
    /// version ranges (`^3.6.7`) and file paths (`emit_backup/archive.json`).
    static func isConfigurationWord(_ lowered: String) -> Bool {
        let bytes = Array(lowered.utf8)
        if bytes.count > 2 && bytes[0] == UInt8(ascii: "x") && bytes[1] == UInt8(ascii: "-")
            && lowered.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        {
            return true
        }
        let parts = lowered.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count >= 3 && parts.count <= 4, let last = parts.last, last.count == 1, last.allSatisfy(\.isNumber),
            awsRegionAreas.contains(String(parts[0])), parts.dropFirst().dropLast().allSatisfy({ awsRegionWords.contains(String($0)) })
        {
            return true
        }
        if lambdaRuntimes.contains(lowered) { return true }
        let version = lowered.drop(while: { "^~>=<v ".contains($0) })
        let core = version.prefix { $0.isNumber || $0 == "." }
        if !core.isEmpty, core.contains("."), core.first?.isNumber == true, core.split(separator: ".").count >= 2,
            core.count == version.count || "-+".contains(version[core.endIndex])
        {
            return true
        }
        if lowered.contains("/") || lowered.contains("\\"), let dot = lowered.lastIndex(of: "."),
            fileExtensions.contains(String(lowered[lowered.index(after: dot)...]))
        {
            return true
        }
        return false
    }

    private static let awsRegionAreas: Set<String> = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"]
    private static let awsRegionWords: Set<String> = [
        "gov", "iso", "isob", "north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest",
    ]
    private static let lambdaRuntimes: Set<String> = [
        "provided", "provided.al2", "provided.al2023", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x",
        "python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "java8", "java8.al2", "java11",
        "java17", "java21", "dotnet6", "dotnet8", "ruby3.2", "ruby3.3", "go1.x",
    ]
    private static let fileExtensions: Set<String> = [
        "json", "yaml", "yml", "txt", "xml", "pem", "key", "crt", "csv", "log", "conf", "cfg", "ini", "env", "js", "ts",
        "py", "go", "java", "rb", "sh", "html", "md", "zip", "tar", "gz", "p12", "pfx", "jks",
    ]

    /// `<password>`, `key-<your key here>`: a word of three or more letters in angle brackets.
    /// Generated passwords use `<` and `>` as symbols, without words between them.
    static func containsAngleBracketWord(_ value: String) -> Bool {
        var inside: Int?
        for byte in value.utf8 {
            if byte == UInt8(ascii: "<") {
                inside = 0
            } else if byte == UInt8(ascii: ">") {
                if let length = inside, length >= 3 { return true }
                inside = nil
            } else if let length = inside {
                let isWordByte = ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x20 || byte == 0x5F || byte == 0x2D
                inside = isWordByte ? length + 1 : nil
            }
        }
        return false
    }

    /// `name(…)` or `a.b(…)`: a call written inside a string.
    static func looksLikeCall(_ value: String) -> Bool {
        guard let open = value.firstIndex(of: "("), value.hasSuffix(")"), open > value.startIndex else { return false }
        return value[..<open].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    /// `sha256` → `sha`, `md5` → `md`.
    private static func withoutTrailingDigits(_ part: String) -> String {
        String(part.reversed().drop(while: \.isNumber).reversed())
    }

    /// `scheme://host/…` with no `user:password@` part.
    static func isURLWithoutPassword(_ value: String) -> Bool {
        guard let schemeEnd = value.range(of: "://") else { return false }
        let scheme = value[..<schemeEnd.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) else { return false }
        let authority = value[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return true }
        return !authority[..<at].contains(":")
    }

    /// `C:\…` or `\\server\share`.
    static func isWindowsPath(_ value: String) -> Bool {
        let bytes = Array(value.utf8.prefix(3))
        if bytes.count == 3, (bytes[0] | 0x20) >= 0x61, (bytes[0] | 0x20) <= 0x7A, bytes[1] == UInt8(ascii: ":"),
            bytes[2] == UInt8(ascii: "\\") || bytes[2] == UInt8(ascii: "/")
        {
            return true
        }
        return value.hasPrefix("\\\\")
    }

    static func genericSecret(_ candidate: Candidate) -> ValidatorVerdict {
        let value = String(decoding: candidate.secret, as: UTF8.self)
        let lowered = value.lowercased()
        // A value passed by position is named by what takes it: a command-line flag (`mysql -p…`,
        // `redis-cli -a …`) or a call (`new PDO(`, `auth=(`); the rules that capture one only do so
        // where that position holds a password.
        let isNamedByPosition = candidate.name?.first == UInt8(ascii: "-") || candidate.name?.last == UInt8(ascii: "(")
        let nameParts = isNamedByPosition ? [] : candidate.name.map { splitName(String(decoding: $0, as: UTF8.self)) } ?? []
        if let last = nameParts.last, nonSecretNameParts.contains(last) || nonSecretNameParts.contains(withoutTrailingDigits(last)) {
            return .rejected
        }
        if nameParts.contains("public") || nameParts.contains("publishable") { return .rejected }
        // `secret_sha256`, `token_md5`: a digest of a secret, not the secret.
        if nameParts.contains(where: { digestNameParts.contains(withoutTrailingDigits($0)) }) { return .rejected }
        let isPasswordName = isNamedByPosition || nameParts.contains {
            $0.contains("passw") || $0 == "pass" || $0.hasSuffix("pwd") || $0 == "passwd" || $0.contains("passphrase")
        }

        // Kubernetes `Secret` data and friends: judge what the base64 holds (`Y2hhbmdlbWU=` is `changeme`).
        if let decoded = decodedBase64Text(candidate.secret) {
            var inner = candidate
            inner.secret = decoded[...]
            inner.precedingByte = UInt8(ascii: "\"")
            return genericSecret(inner)
        }
        let quoted = candidate.precedingByte == UInt8(ascii: "\"") || candidate.precedingByte == UInt8(ascii: "'")
            || candidate.precedingByte == UInt8(ascii: "`")
        let minimumLength = isPasswordName ? 6 : 12
        if value.utf8.count < minimumLength { return .rejected }
        // How references and code start: `$VAR`, `@var`, `%VAR%`, `!Ref`, `&anchor`, `*alias`, `[…]`, `(…)`,
        // `{…}`, `<tag>`, `#comment`, paths. Inside quotes `!`, `@`, `#`, `*`, `&` and `%` start
        // passwords as often as anything else.
        let referenceStarts = quoted ? "[({<\\/." : "$@%!&*[({<#\\/."
        if let first = value.utf8.first, referenceStarts.utf8.contains(first) { return .rejected }
        // Quoted `$`: `$VAR`, `${…}`, `$(…)` and crypt hashes (`$2b$12$…`, `$6$…`, `$argon2id$…`) are
        // not secrets; `$&oTf…` (a WordPress salt) is.
        if quoted, value.utf8.first == UInt8(ascii: "$"), let second = value.utf8.dropFirst().first,
            (second | 0x20 >= 0x61 && second | 0x20 <= 0x7A) || (second >= 0x30 && second <= 0x39)
                || second == UInt8(ascii: "_") || second == UInt8(ascii: "{") || second == UInt8(ascii: "(")
        {
            return .rejected
        }
        if value.utf8.count >= 3 && value.hasPrefix("%") && value.hasSuffix("%") { return .rejected }
        if isConfigurationWord(lowered) { return .rejected }
        // Unquoted, parentheses are code (`getpass("…")`); in a string literal they are characters
        // (Terraform's random_password and WordPress salts use them), unless the string is a call.
        if quoted ? looksLikeCall(value) : (value.contains("(") || value.contains(")")) { return .rejected }
        // Byte searches: Foundation's String.contains is the slow path of this function.
        let loweredBytes = Array(lowered.utf8)
        if referenceFragmentBytes.contains(where: { containsBytes(loweredBytes, $0) }) { return .rejected }
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file:") { return .rejected }
        // Any other URL without a password (`s3://bucket/key`, `redis://cache:6379`) is an address.
        if isURLWithoutPassword(lowered) { return .rejected }
        // Home and Windows paths: `~/.ssh/id_ed25519`, `C:\certs\server.key`.
        if lowered.hasPrefix("~/") || isWindowsPath(value) { return .rejected }
        let alphanumericOnly = String(lowered.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        if placeholderWords.contains(alphanumericOnly) { return .rejected }
        if placeholderFragmentBytes.contains(where: { containsBytes(loweredBytes, $0) }) { return .rejected }
        if containsAngleBracketWord(value) { return .rejected }
        // A value that names what it is (`challengePassword`, `my-secret-token`) is a label.
        if selfNamingWordBytes.contains(where: { containsBytes(loweredBytes, $0) }) { return .rejected }
        if lowered.hasPrefix("test") || lowered.hasPrefix("my") && alphanumericOnly.count < 16 && !value.contains(where: \.isNumber) {
            return .rejected
        }
        // 64-hex stays (raw private keys are hex); 40-hex is far more often a git SHA, unless the
        // name says credential (`auth.token`, `github_secret`: GitHub's old tokens were 40-hex).
        let namesACredential = nameParts.last.map { credentialNameEndings.contains($0) } ?? false
        if isUUID(value) || (isHex(value, length: 40) && !namesACredential) { return .rejected }
        if Set(value.unicodeScalars).count == 1 { return .rejected }
        // Masks and prose in other scripts (`••••••••`, CJK labels) carry no ASCII letter or digit.
        if !value.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }) {
            return .rejected
        }
        if !value.contains(where: { "-_. ".contains($0) }) && placeholderWords.contains(deLeet(lowered)) { return .rejected }
        if sequentialShare(lowered) >= 0.5 { return .rejected }
        // Messages and labels, not secrets: `"Password is too short"`. Space-separated words are
        // messages far more often than passphrases (tried: the benchmark corpus's prose under
        // password names outnumbered real ones), so a diceware passphrase written with spaces is
        // not reported; one joined by `-` is.
        let words = value.split(separator: " ")
        if words.count >= 3 || (words.count == 2 && words.allSatisfy { $0.allSatisfy(\.isLetter) }) { return .rejected }
        for prefix in ["sha1-", "sha256-", "sha384-", "sha512-", "md5-"] where lowered.hasPrefix(prefix) { return .rejected }
        // The value repeats its own key name (`password = "password_field"`).
        if !isNamedByPosition, let name = candidate.name,
            alphanumericOnly.contains(String(decoding: name, as: UTF8.self).lowercased().filter(\.isLetter))
        {
            return .rejected
        }
        if !quoted {
            // Unquoted: in code this is an expression; only config-like values pass.
            if isIdentifierPath(value) && !value.contains(where: \.isNumber) { return .rejected }
            if value.contains(".") && isIdentifierPath(value) { return .rejected }
        }
        let classes = characterClasses(value)
        let bits = entropy(candidate.secret)
        if isPasswordName {
            // Passwords may be short and human, but a bare word (`Summer`, `postgres`) is a default
            // or a label more often than a leak: ask for a digit or symbol, or real length.
            let hasDigitOrSymbol = value.utf8.contains { $0 < 0x80 && !(($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
            // `signature:node`, `merge_limit/collect`: identifiers and keys joined by punctuation.
            let isIdentifierJoin = !value.contains(where: \.isNumber) && value.contains(where: { "_:/.".contains($0) })
                && value.allSatisfy({ $0.isLetter || "_.:/-".contains($0) }) && looksLikeWords(value)
            if isIdentifierJoin { return .rejected }
            if hasDigitOrSymbol { return .plausible }
            if value.utf8.count >= 16 && bits >= 3.5 { return .plausible }
            if classes >= 2 && value.utf8.count >= 12 { return .plausible }
            return .rejected
        }
        if bits < 3.0 { return .rejected }
        if classes < 2 { return .rejected }
        // snake_case, camelCase or `namespace:name` words with no digits are identifiers, not keys.
        if !value.contains(where: \.isNumber) && value.allSatisfy({ $0.isLetter || "_.:/-".contains($0) }) && looksLikeWords(value) {
            return .rejected
        }
        return .plausible
    }

    /// `P@55w0rd!` → `password`: undoes the usual letter-for-digit swaps, drops the rest.
    static func deLeet(_ value: String) -> String {
        let swaps: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"]
        let mapped = value.map { swaps[$0] ?? $0 }
        var result = String(mapped.filter(\.isLetter))
        // A trailing `!` or digit run is decoration, not part of the word.
        while result.hasSuffix("i") && value.hasSuffix("!") && result.count > 8 { result.removeLast() }
        return result
    }

    /// The share of the value covered by ascending runs of 4+ (`abcd`, `1234`): typed, not random.
    static func sequentialShare(_ value: String) -> Double {
        let bytes = Array(value.utf8)
        guard bytes.count >= 8 else { return 0 }
        var covered = 0
        var runStart = 0
        for index in 1...bytes.count {
            let continues = index < bytes.count && bytes[index] == bytes[index - 1] &+ 1
            if !continues {
                let length = index - runStart
                if length >= 4 { covered += length }
                runStart = index
            }
        }
        return Double(covered) / Double(bytes.count)
    }

    static func splitName(_ name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if "_-. \"':[]/".contains(character) {
                if !current.isEmpty { parts.append(current.lowercased()) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower {
                parts.append(current.lowercased())
                current = ""
            }
            current.append(character)
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { parts.append(current.lowercased()) }
        return parts
    }

    static func isUUID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        return true
    }

    static func isHex(_ value: String, length: Int) -> Bool {
        value.utf8.count == length && value.utf8.allSatisfy(isHexDigit)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// `a_b.c_d`: letters, digits, underscores and dots only, starting with a letter or underscore.
    private static func isIdentifierPath(_ value: String) -> Bool {
        guard let first = value.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            return false
        }
        return value.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || (byte >= 0x30 && byte <= 0x39)
                || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
    }

    /// Made of dictionary-like chunks: every snake/camel part is 2–20 letters with a vowel.
    private static func looksLikeWords(_ value: String) -> Bool {
        let parts = splitName(value)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            part.count >= 2 && part.count <= 20 && part.contains(where: { "aeiouy".contains($0) })
        }
    }

    private static func characterClasses(_ value: String) -> Int {
        var lower = false, upper = false, digit = false, symbol = false
        for byte in value.utf8 {
            switch byte {
            case 0x61...0x7A: lower = true
            case 0x41...0x5A: upper = true
            case 0x30...0x39: digit = true
            default: symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// CRC-32 (IEEE 802.3), as zlib computes it.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}
