import Foundation

/// Offline checks that turn a token's shape into proof: checksums, structure, and the rules the
/// issuers of national identifiers publish. Each works on the captured bytes and says whether the
/// format is proven, merely plausible, or impossible.
enum Validators {
    private static let zero = UInt8(ascii: "0")

    /// The decimal digits of `value`; nil when anything but digits and the given separators occurs.
    static func digits(_ value: ArraySlice<UInt8>, separators: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ".")]) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(value.count)
        for byte in value {
            if byte >= zero && byte <= UInt8(ascii: "9") {
                result.append(Int(byte - zero))
            } else if !separators.contains(byte) {
                return nil
            }
        }
        return result
    }

    private static func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }

    // MARK: GitLab routable tokens

    /// GitLab's routable tokens (`glpat-`, `glrt-`, …) end in `.<version>.<length><crc>` (or, before
    /// the version field, `.<length><crc>`): the length is the base36 length of the base64url
    /// payload in two characters, the CRC is zlib's CRC32 of everything before it, base36 in seven.
    /// A legacy token without the routable tail has no checksum: plausible.
    static func gitlabRoutable(_ token: ArraySlice<UInt8>) -> ValidatorVerdict {
        let bytes = Array(token)
        guard let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return .plausible }
        let tail = bytes[(lastDot + 1)...]
        guard tail.count == 9 else { return .rejected }
        let lengthHolder = tail.prefix(2)
        let crcText = tail.suffix(7)
        guard let crc = base36(crcText), let payloadLength = base36(lengthHolder) else { return .rejected }
        guard crc == UInt64(CRC32.checksum(bytes[..<(bytes.count - 7)])) else { return .rejected }
        // The payload ends at the first dot and is preceded by the prefix's final `-` or `_`.
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")), firstDot > Int(payloadLength) else { return .rejected }
        let separator = bytes[firstDot - Int(payloadLength) - 1]
        return separator == UInt8(ascii: "-") || separator == UInt8(ascii: "_") ? .proven : .rejected
    }

    private static func base36<C: Collection>(_ text: C) -> UInt64? where C.Element == UInt8 {
        var value: UInt64 = 0
        for byte in text {
            let digit: UInt64
            if isDigit(byte) {
                digit = UInt64(byte - zero)
            } else if isLower(byte) {
                digit = UInt64(byte - UInt8(ascii: "a")) + 10
            } else {
                return nil
            }
            value = value * 36 + digit
        }
        return value
    }

    // MARK: AWS access key IDs

    /// The four-letter prefixes AWS gives unique identifiers: access keys (`AKIA` long-term,
    /// `ASIA` temporary), `ABIA` (STS service bearer), `ACCA` (context-specific), and the IDs of
    /// users, roles, groups and certificates that appear beside them.
    private static let awsKeyPrefixes: Set<String> = [
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA",
    ]

    /// The keys AWS documentation prints; they are in every tutorial and mean nothing.
    private static let awsDocumentationKeys: Set<String> = [
        "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "AKIAJZ5EXAMPLEWNTSQA",
        "AKIAIOSFODNN7EXAMPLF", "AKIAIMNOJVGFDXXXE4OA",
    ]

    /// 20 characters: a known prefix (or `A3T` + one more) and a base32 body (`A-Z`, `2-7`).
    static func awsAccessKeyID(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard value.count == 20 else { return .rejected }
        let text = String(decoding: value, as: UTF8.self)
        if awsDocumentationKeys.contains(text) { return .rejected }
        let prefix = String(text.prefix(4))
        guard awsKeyPrefixes.contains(prefix) || prefix.hasPrefix("A3T") else { return .rejected }
        for byte in value.dropFirst(4) {
            guard isUpper(byte) || (byte >= UInt8(ascii: "2") && byte <= UInt8(ascii: "7")) else { return .rejected }
        }
        return .proven
    }

    // MARK: IBAN

    /// IBAN lengths by country (SWIFT IBAN registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
        "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
        "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
        "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
        "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// The example IBANs that banks' and standards' documentation (ECBS, SWIFT registry, payment
    /// providers' test guides) print: valid by construction, nobody's account.
    static let documentedIBANs: Set<String> = [
        "DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819", "GB33BUKB20201555555555",
        "FR1420041010050500013M02606", "FR7630006000011234567890189", "NL91ABNA0417164300", "NL02ABNA0123456789",
        "ES9121000418450200051332", "IT60X0542811101000000123456", "CH9300762011623852957", "BE68539007547034",
        "AT611904300234573201", "IE29AIBK93115212345678", "PL61109010140000071219812874", "SE4550000000058398257466",
        "DK5000400440116243", "FI2112345600000785", "NO9386011117947", "PT50000201231234567890154",
        "LU280019400644750000", "BE71096123456769",
    ]

    /// Country code with its registered length, two check digits, and the ISO 7064 mod-97-10
    /// check over the rearranged, letter-expanded number. Spaces are allowed between groups.
    static func iban(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        var compact: [UInt8] = []
        for byte in value where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
            let upper = isLower(byte) ? byte - 32 : byte
            guard isUpper(upper) || isDigit(upper) else { return .rejected }
            compact.append(upper)
        }
        guard compact.count >= 15, isUpper(compact[0]), isUpper(compact[1]), isDigit(compact[2]), isDigit(compact[3]),
            let length = ibanLengths[String(decoding: compact[0..<2], as: UTF8.self)], compact.count == length
        else { return .rejected }
        var remainder = 0
        for byte in compact[4...] + compact[..<4] {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - zero)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            }
        }
        guard remainder == 1 else { return .rejected }
        if documentedIBANs.contains(String(decoding: compact, as: UTF8.self)) { return .rejected }
        // The body of a real account number is not one repeated digit (`DE89 0000 0000 …`).
        let body = compact[4...]
        if let first = body.first, body.allSatisfy({ $0 == first }) { return .rejected }
        return .proven
    }

    // MARK: PEM and OpenSSH bodies

    /// A PEM block's base64 body must decode, and what it decodes to must start the way the label
    /// promises: DER `SEQUENCE` (0x30) for PKCS#1, SEC1, DSA and PKCS#8, `openssh-key-v1\0` for
    /// OpenSSH. Encrypted legacy PEM (`Proc-Type:` headers) is ciphertext: it only has to decode.
    /// Escaped newlines (`\n` inside a JSON string) count as whitespace.
    static func pemBody(_ block: ArraySlice<UInt8>) -> ValidatorVerdict {
        let bytes = Array(block)
        let text = String(decoding: bytes, as: UTF8.self)
        guard let beginRange = text.range(of: "-----BEGIN "),
            let labelEnd = text.range(of: "-----", range: beginRange.upperBound..<text.endIndex),
            let endRange = text.range(of: "-----END", range: labelEnd.upperBound..<text.endIndex)
        else { return .rejected }
        let label = text[beginRange.upperBound..<labelEnd.lowerBound]
        // OpenPGP armor ends in a `=XXXX` CRC-24 line and wraps packets, not DER: nothing to check here.
        if label.contains("PGP") { return .plausible }
        var body = Substring(text[labelEnd.upperBound..<endRange.lowerBound])
            .replacingOccurrences(of: "\\r", with: "\n").replacingOccurrences(of: "\\n", with: "\n")
        var encrypted = false
        // Header lines (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) end at the first blank line.
        if body.contains(":") {
            var kept: [Substring] = []
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.contains(":") {
                    if line.contains("ENCRYPTED") { encrypted = true }
                    continue
                }
                kept.append(line)
            }
            body = kept.joined(separator: "\n")
        }
        var base64: [UInt8] = []
        base64.reserveCapacity(body.utf8.count)
        for byte in body.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""),
                UInt8(ascii: "'"), UInt8(ascii: "\\"):
                continue
            default:
                base64.append(byte)
            }
        }
        guard let decoded = decodeBase64Prefix(base64) else { return .rejected }
        if encrypted || label.contains("ENCRYPTED") && !label.contains("OPENSSH") {
            // Encrypted PKCS#8 is still a DER SEQUENCE; legacy encrypted PEM is raw ciphertext.
            if label.contains("ENCRYPTED PRIVATE KEY") { return decoded.first == 0x30 ? .proven : .rejected }
            return .proven
        }
        if label.contains("OPENSSH") {
            return decoded.starts(with: Array("openssh-key-v1\0".utf8)) ? .proven : .rejected
        }
        return decoded.first == 0x30 ? .proven : .rejected
    }

    /// Decodes a whole standard-base64 text (padding only at the end); returns its first bytes.
    private static func decodeBase64Prefix(_ text: [UInt8]) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.count)
        var padding = 0
        for byte in text {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = base64Value(byte) else { return nil }
            values.append(value)
        }
        guard padding <= 2, values.count >= 16, values.count % 4 != 1 else { return nil }
        var decoded: [UInt8] = []
        var index = 0
        while index + 3 < values.count && decoded.count < 32 {
            let quad = (UInt32(values[index]) << 18) | (UInt32(values[index + 1]) << 12) | (UInt32(values[index + 2]) << 6) | UInt32(values[index + 3])
            decoded.append(UInt8(truncatingIfNeeded: quad >> 16))
            decoded.append(UInt8(truncatingIfNeeded: quad >> 8))
            decoded.append(UInt8(truncatingIfNeeded: quad))
            index += 4
        }
        return decoded
    }

    private static func base64Value(_ byte: UInt8) -> UInt8? {
        if isUpper(byte) { return byte - UInt8(ascii: "A") }
        if isLower(byte) { return byte - UInt8(ascii: "a") + 26 }
        if isDigit(byte) { return byte - zero + 52 }
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { return 62 }
        if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") { return 63 }
        return nil
    }

    // MARK: PyPI macaroons

    /// A PyPI token is `pypi-` + base64url of a version-2 macaroon whose location is `pypi.org`
    /// (or `test.pypi.org`): bytes 0x02, 0x01 (location field), length, location.
    static func pypiMacaroon(_ token: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let dash = token.firstIndex(of: UInt8(ascii: "-")) else { return .rejected }
        let body = Array(token[(dash + 1)...].prefix(32))
        guard let decoded = decodeBase64Prefix(Array(body.prefix(body.count - body.count % 4))) else { return .rejected }
        guard decoded.count >= 3, decoded[0] == 0x02, decoded[1] == 0x01 else { return .rejected }
        let length = Int(decoded[2])
        guard decoded.count >= 3 + length else { return .rejected }
        let location = String(decoding: decoded[3..<(3 + length)], as: UTF8.self)
        return location == "pypi.org" || location == "test.pypi.org" ? .proven : .rejected
    }

    // MARK: HTTP Basic credentials

    /// Passwords in `user:password` pairs that only stand in for one.
    private static let placeholderBasicPasswords: Set<String> = [
        "password", "pass", "passwd", "secret", "changeme", "example", "test", "xxx", "****", "pwd", "token", "api_key", "apikey",
    ]

    /// The credentials the HTTP and OAuth specifications print (RFC 7617's Aladdin, RFC 6749's client).
    private static let documentationBasicCredentials: Set<String> = [
        "Aladdin:open sesame", "s6BhdRkqt3:gX1fBat3bV", "s6BhdRkqt3:7Fjfp0ZBr1KtDRbnfVdmIw", "user:pass", "test:test",
    ]

    /// HTTP Basic and Docker `auth` values: standard base64 of printable `user:password` with a
    /// password that is not a stand-in word nor the user name again.
    static func basicAuth(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        let text = Array(value)
        guard text.count >= 8, text.count % 4 == 0, let decoded = Data(base64Encoded: Data(text)) else { return .rejected }
        let bytes = Array(decoded)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return .rejected
        }
        let user = String(decoding: bytes[..<colon], as: UTF8.self)
        let password = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
        guard password.count >= 3, password != user else { return .rejected }
        if documentationBasicCredentials.contains("\(user):\(password)") { return .rejected }
        let lowered = password.lowercased()
        if placeholderBasicPasswords.contains(lowered) || lowered.hasPrefix("$") || lowered.hasPrefix("<") || lowered.hasPrefix("{") {
            return .rejected
        }
        return .proven
    }

    // MARK: Payment cards

    /// Card numbers every payment provider documents for testing; they pass Luhn and leak nothing.
    private static let testCardNumbers: Set<String> = [
        "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556", "4222222222222",
        "4917610000000000", "4000000000000002", "4000000000000077", "4000000000000093", "4000000000003220",
        "4000002500003155", "4000000000009995", "4000000000000341",
        "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454", "2223003122003222",
        "2223000048400011", "5425233430109903", "2222420000001113",
        "378282246310005", "371449635398431", "378734493671000", "340000000000009", "370000000000002",
        "6011111111111117", "6011000990139424", "6011000000000004", "6011981111111113",
        "3530111333300000", "3566002020360505", "3566111111111113",
        "30569309025904", "38520000023237", "36227206271667", "36006666333344", "3056930009020004",
        "6200000000000005", "6200000000000047", "6205500000000000004", "6250941006528599",
        // Braintree and Adyen sandbox numbers.
        "4009348888881881", "4500600000000061", "4000111111111115", "371260714673002", "378267515471109",
        "371544868764018", "4023898493988028", "6062820524845321", "5555341244441115", "2222400070000005",
        "6011601160116611", "3569990010095841", "4400000000000008", "6304000000000000",
    ]

    /// Luhn, a length the brand issues (13–19 digits), not a documented test number, and not a
    /// run of one digit.
    static func paymentCard(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value), digits.count >= 13, digits.count <= 19, luhn(digits) else { return .rejected }
        let text = String(digits.map { Character(String($0)) })
        if testCardNumbers.contains(text) { return .rejected }
        // `4000 0000 0000 0002`-style numbers: almost all zeros are test or dummy values.
        if digits.dropFirst().filter({ $0 == 0 }).count >= digits.count - 4 { return .rejected }
        if Set(digits.dropFirst()).count <= 2 { return .rejected }
        if looksTyped(digits) { return .rejected }
        return .proven
    }

    /// Sandbox numbers are typed, not drawn: a digit five times running (`…800000003`) or a pair
    /// three times running (`…101010`). A random 16-digit number shows either about once in 500.
    static func looksTyped(_ digits: [Int]) -> Bool {
        var run = 1
        for index in 1..<digits.count {
            run = digits[index] == digits[index - 1] ? run + 1 : 1
            if run >= 5 { return true }
        }
        if digits.count >= 6 {
            for start in 0...(digits.count - 6)
            where digits[start] == digits[start + 2] && digits[start] == digits[start + 4]
                && digits[start + 1] == digits[start + 3] && digits[start + 1] == digits[start + 5]
            {
                return true
            }
        }
        return false
    }

    static func luhn(_ digits: [Int]) -> Bool {
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

    // MARK: National identifiers

    /// Numbers the Social Security Administration voided after they were printed (the Woolworth
    /// wallet card, an advertisement, a LifeLock campaign) and the typed-sequence classic.
    private static let knownFakeSSNs: Set<String> = ["078051120", "219099999", "457555462", "123456789"]

    /// US SSN: area 001–899 except 666, group not 00, serial not 0000, not a voided or famous fake.
    static func usSSN(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value), digits.count == 9 else { return .rejected }
        let area = digits[0] * 100 + digits[1] * 10 + digits[2]
        let group = digits[3] * 10 + digits[4]
        let serial = digits[5] * 1000 + digits[6] * 100 + digits[7] * 10 + digits[8]
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return .rejected }
        let text = String(digits.map { Character(String($0)) })
        if knownFakeSSNs.contains(text) { return .rejected }
        // `111-22-3333`, `555-55-5555`: every group one repeated digit is a form's example.
        if Set(digits[0..<3]).count == 1 && Set(digits[3..<5]).count == 1 && Set(digits[5..<9]).count == 1 { return .rejected }
        return .proven
    }

    /// UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; the second not O;
    /// not BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A–D. No check digit exists, so the
    /// structure is all there is; the administrative prefixes `TN` (temporary) are excluded.
    static func ukNINO(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        let compact = value.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }.map { isLower($0) ? $0 - 32 : $0 }
        guard compact.count == 9, isUpper(compact[0]), isUpper(compact[1]), compact[2..<8].allSatisfy(isDigit),
            compact[8] >= UInt8(ascii: "A") && compact[8] <= UInt8(ascii: "D")
        else { return .rejected }
        let forbidden = Set("DFIQUV".utf8)
        if forbidden.contains(compact[0]) || forbidden.contains(compact[1]) || compact[1] == UInt8(ascii: "O") { return .rejected }
        let prefix = String(decoding: compact[0..<2], as: UTF8.self)
        if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix) { return .rejected }
        // `AB123456C` is the number every government form prints as its example.
        if String(decoding: compact, as: UTF8.self) == "AB123456C" || Set(compact[2..<8]).count == 1 { return .rejected }
        return .proven
    }

    /// Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is
    /// `TRWAGMYFPDXBNJZSQVHLCKE` at the number modulo 23, with X, Y, Z read as 0, 1, 2.
    static func spanishDNI(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        let compact = value.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }.map { isLower($0) ? $0 - 32 : $0 }
        guard compact.count == 9, let letter = compact.last, isUpper(letter) else { return .rejected }
        var number = 0
        for (index, byte) in compact.dropLast().enumerated() {
            if index == 0, let lead = [UInt8(ascii: "X"): 0, UInt8(ascii: "Y"): 1, UInt8(ascii: "Z"): 2][byte] {
                number = lead
                continue
            }
            guard isDigit(byte) else { return .rejected }
            number = number * 10 + Int(byte - zero)
        }
        if number == 0 || Set(compact.dropLast()).count == 1 { return .rejected }
        let letters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)
        return letters[number % 23] == letter ? .proven : .rejected
    }

    /// Dutch BSN: nine digits passing the "11-proof" (weights 9…2 and −1, sum divisible by 11).
    static func dutchBSN(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value), digits.count == 9, Set(digits).count > 1 else { return .rejected }
        var sum = 0
        for (index, digit) in digits.enumerated() {
            sum += index == 8 ? -digit : digit * (9 - index)
        }
        return sum % 11 == 0 ? .proven : .rejected
    }

    private static let verhoeffMultiplication: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    private static let verhoeffPermutation: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    static func verhoeff(_ digits: [Int]) -> Bool {
        var check = 0
        for (index, digit) in digits.reversed().enumerated() {
            check = verhoeffMultiplication[check][verhoeffPermutation[index % 8][digit]]
        }
        return check == 0
    }

    /// Indian Aadhaar: twelve digits, the first 2–9, the last a Verhoeff check digit.
    static func aadhaar(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value), digits.count == 12, digits[0] >= 2, Set(digits).count > 2 else { return .rejected }
        return verhoeff(digits) ? .proven : .rejected
    }

    /// Brazilian CPF: eleven digits whose last two are mod-11 check digits; one repeated digit is
    /// invalid by definition.
    static func brazilianCPF(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value, separators: [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "/")]),
            digits.count == 11, Set(digits).count > 1
        else { return .rejected }
        func checkDigit(_ count: Int) -> Int {
            var sum = 0
            for index in 0..<count { sum += digits[index] * (count + 1 - index) }
            let rest = (sum * 10) % 11
            return rest == 10 ? 0 : rest
        }
        return checkDigit(9) == digits[9] && checkDigit(10) == digits[10] ? .proven : .rejected
    }

    /// French NIR (numéro de sécurité sociale): 13 characters (sex 1–4/7/8, year, month 01–12 or
    /// 20+, département with Corsica's 2A/2B, commune, order) and a two-digit key, 97 minus the
    /// number modulo 97; 2A and 2B count as 19 and 18.
    static func frenchNIR(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        let compact = value.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") }
            .map { isLower($0) ? $0 - 32 : $0 }
        guard compact.count == 15, [1, 2, 3, 4, 7, 8].contains(Int(compact[0]) - 48) else { return .rejected }
        var number: [UInt8] = Array(compact[0..<13])
        if number[5] == UInt8(ascii: "2") && (number[6] == UInt8(ascii: "A") || number[6] == UInt8(ascii: "B")) {
            number[6] = number[6] == UInt8(ascii: "A") ? UInt8(ascii: "9") : UInt8(ascii: "8")
            number[5] = UInt8(ascii: "1")
        }
        guard number.allSatisfy(isDigit), compact[13...].allSatisfy(isDigit) else { return .rejected }
        let month = Int(number[3] - zero) * 10 + Int(number[4] - zero)
        guard (1...12).contains(month) || month >= 20 else { return .rejected }
        var remainder = 0
        for byte in number { remainder = (remainder * 10 + Int(byte - zero)) % 97 }
        let key = Int(compact[13] - zero) * 10 + Int(compact[14] - zero)
        return key == 97 - remainder ? .proven : .rejected
    }

    /// Canadian SIN: nine digits passing Luhn; the first digit is never 0 or 8 (unassigned).
    static func canadianSIN(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        guard let digits = digits(value), digits.count == 9, digits[0] != 0, digits[0] != 8, Set(digits).count > 2 else {
            return .rejected
        }
        // 046 454 286 is the specimen number on every Service Canada example.
        if digits == [0, 4, 6, 4, 5, 4, 2, 8, 6] { return .rejected }
        return luhn(digits) ? .proven : .rejected
    }

    // MARK: Entropy relative to the alphabet

    /// The alphabet a value draws from, by the classes of characters it actually uses.
    static func alphabetSize(_ value: ArraySlice<UInt8>) -> Int {
        var lower = false, upper = false, digit = false, hexLettersOnly = true, base64Symbols = false, other = false
        for byte in value {
            if isLower(byte) {
                lower = true
                if byte > UInt8(ascii: "f") { hexLettersOnly = false }
            } else if isUpper(byte) {
                upper = true
                if byte > UInt8(ascii: "F") { hexLettersOnly = false }
            } else if isDigit(byte) {
                digit = true
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "=")
            {
                base64Symbols = true
            } else {
                other = true
            }
        }
        if other { return 94 }
        if base64Symbols { return 64 }
        if lower && upper { return 62 }
        if !lower && !upper { return 10 }
        if hexLettersOnly { return 16 }
        return digit ? 36 : 26
    }

    /// The Shannon entropy a random string of `length` characters over `alphabet` symbols has on
    /// average (bits per character): each symbol's count is binomial(length, 1/alphabet).
    static func expectedEntropy(length: Int, alphabet: Int) -> Double {
        guard length > 1, alphabet > 1 else { return 0 }
        let n = Double(length)
        let p = 1 / Double(alphabet)
        let logP = Foundation.log(p), logQ = Foundation.log(1 - p)
        // ln k! for k = 0…length, summed once: the binomial coefficients in log space.
        var logFactorial = [0.0]
        logFactorial.reserveCapacity(length + 1)
        for k in 1...length { logFactorial.append(logFactorial[k - 1] + Foundation.log(Double(k))) }
        var sum = 0.0
        for count in 1...length {
            let c = Double(count)
            let logProbability = logFactorial[length] - logFactorial[count] - logFactorial[length - count] + c * logP + (n - c) * logQ
            sum += exp(logProbability) * (c / n) * log2(c / n)
        }
        return -Double(alphabet) * sum
    }

    /// Entropy judged against the alphabet the value uses: a 32-character hex key cannot reach the
    /// 4.5 bits a base64 key of that length has, and should not have to. The value passes when its
    /// entropy is at least 80% of what a random string of its length and alphabet has on average
    /// (70% below 16 characters, where chance spreads wider); 99.9% of random strings pass.
    ///
    /// A vendor prefix (`sk_`, `dp.st.`) and the separators `-`, `_`, `.` (UUID dashes) carry no
    /// randomness and would make a hex body look like base64; they are left out before judging.
    static func charsetEntropy(_ value: ArraySlice<UInt8>) -> ValidatorVerdict {
        let random = randomPart(value)
        guard random.count >= 8 else { return .rejected }
        let expected = expectedEntropy(length: min(random.count, 512), alphabet: alphabetSize(random))
        let share = random.count < 16 ? 0.7 : 0.8
        return SecretJudgment.entropy(random) >= share * expected ? .plausible : .rejected
    }

    /// `value` without up to two leading `letters` + separator prefixes and without separators.
    static func randomPart(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSeparator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        var rest = value
        for _ in 0..<2 {
            let letters = rest.prefix { isLower($0) || isUpper($0) }
            guard (1...10).contains(letters.count), letters.endIndex < rest.endIndex, isSeparator(rest[letters.endIndex]) else { break }
            rest = rest[(letters.endIndex + 1)...]
        }
        return ArraySlice(rest.filter { !isSeparator($0) })
    }
}
