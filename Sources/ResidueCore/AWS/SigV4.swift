import Crypto
import Foundation

/// AWS Signature Version 4, as published: a canonical request (method, normalized and encoded
/// path, sorted query, lowercased and trimmed headers, the hashed payload), a string to sign
/// naming the date, region and service, a signing key derived from the secret by four HMACs, and
/// the `Authorization` header carrying the signature. Nothing here logs; the secret key only ever
/// enters `signingKey`.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// An HTTP request as it goes on the wire.
    public struct Request: Sendable {
        public var method: String
        /// The path as sent (already percent-encoded where the URL needs it), without the query.
        public var path: String
        /// The query string as sent, without `?` ("" when none).
        public var query: String
        /// Headers in the order given; duplicates are allowed (they are joined with commas).
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8] = []) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `20150830T123600Z`.
    public static func amzDate(_ date: Date) -> String {
        let parts = utcParts(date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    private static func utcParts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The canonical request and the `SignedHeaders` list (every header given is signed).
    /// `encodePathTwice`: every service but S3 signs the sent path percent-encoded again (and
    /// normalized); S3 signs the sent path as it is.
    public static func canonicalRequest(_ request: Request, encodePathTwice: Bool = true) -> (text: String, signedHeaders: String) {
        var merged: [String: [String]] = [:]
        for header in request.headers {
            merged[header.name.lowercased(), default: []].append(canonicalHeaderValue(header.value))
        }
        let names = merged.keys.sorted()
        let headerLines = names.map { "\($0):\(merged[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let payloadHash = hex(SHA256.hash(data: request.body))
        let text = [
            request.method.uppercased(),
            encodePathTwice ? canonicalURI(request.path) : (request.path.isEmpty ? "/" : request.path),
            canonicalQuery(request.query),
            headerLines,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// `YYYYMMDD/region/service/aws4_request`.
    public func credentialScope(date: Date) -> String {
        "\(String(Self.amzDate(date).prefix(8)))/\(region)/\(service)/aws4_request"
    }

    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        [
            Self.algorithm,
            Self.amzDate(date),
            credentialScope(date: date),
            Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
    }

    /// HMAC chain: `AWS4` + secret → date → region → service → `aws4_request`.
    public static func signingKey(secretAccessKey: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// The value of the `Authorization` header for a request that already carries its `Host`,
    /// `X-Amz-Date` (and, when signed, `X-Amz-Security-Token`) headers.
    public func authorization(for request: Request, date: Date, encodePathTwice: Bool = true) -> String {
        let canonical = Self.canonicalRequest(request, encodePathTwice: encodePathTwice)
        let toSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let key = Self.signingKey(secretAccessKey: credentials.secretAccessKey, day: String(Self.amzDate(date).prefix(8)),
                                  region: region, service: service)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        return "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (with temporary credentials) and `Authorization`
    /// to a request whose headers include `Host`; a date or token header already there is kept.
    public func sign(_ request: inout Request, date: Date, encodePathTwice: Bool = true) {
        func has(_ name: String) -> Bool { request.headers.contains { $0.name.lowercased() == name } }
        if !has("x-amz-date") {
            request.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        }
        if let token = credentials.sessionToken, !has("x-amz-security-token") {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        if !encodePathTwice {
            // S3 wants the payload hash as a header too.
            request.headers.append((name: "X-Amz-Content-SHA256", value: Self.hex(SHA256.hash(data: request.body))))
        }
        let value = authorization(for: request, date: date, encodePathTwice: encodePathTwice)
        request.headers.append((name: "Authorization", value: value))
    }

    // MARK: Canonical pieces

    /// Trimmed, with runs of whitespace (folded lines included) collapsed to one space.
    static func canonicalHeaderValue(_ value: String) -> String {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Dot segments removed and empty segments dropped (RFC 3986 §5.2.4, as the test suite
    /// expects for every service but S3), then each byte that is not unreserved percent-encoded.
    /// The path is taken as sent, so an already-encoded `%3A` becomes `%253A`: AWS services other
    /// than S3 sign the path encoded twice.
    static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.map { percentEncode(String($0)) }.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { result += "/" }
        return result
    }

    /// Parameters decoded, re-encoded strictly, sorted by key then value; `key` alone is `key=`.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(String(parts[0]))
            let value = parts.count > 1 ? percentDecode(String(parts[1])) : ""
            pairs.append((percentEncode(key), percentEncode(value)))
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` as `%XX` (uppercase hex).
    public static func percentEncode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    static func percentDecode(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var output = ""
        for byte in bytes { output += String(format: "%02x", byte) }
        return output
    }
}
