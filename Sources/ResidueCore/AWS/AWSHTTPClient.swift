import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP response, body whole (API answers and code packages both fit in memory: packages are
/// bounded by `maxResponseBytes`).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why a request failed for good (after retries). Messages never hold credentials: requests
/// carry them in headers, which no message repeats, and presigned URLs are shown without their query.
public enum AWSRequestError: Error, Sendable, CustomStringConvertible {
    /// No answer: connection refused, DNS failure, timeout.
    case unreachable(url: String, reason: String, attempts: Int)
    /// An HTTP error status; `code` is the AWS error code when the body or headers name one.
    case http(status: Int, code: String?, message: String?, url: String, attempts: Int)
    case tooLarge(url: String, limit: Int)
    case invalidResponse(url: String, reason: String)

    public var description: String {
        let tries = { (attempts: Int) in attempts > 1 ? " after \(attempts) attempts" : "" }
        switch self {
        case let .unreachable(url, reason, attempts):
            return "\(url) unreachable\(tries(attempts)): \(reason)"
        case let .http(status, code, message, url, attempts):
            let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
            return "HTTP \(status)\(detail.isEmpty ? "" : " \(detail)") from \(url)\(tries(attempts))"
        case let .tooLarge(url, limit):
            return "\(url): response over the \(ByteCountText.format(limit)) limit"
        case let .invalidResponse(url, reason):
            return "\(url): \(reason)"
        }
    }

    /// HTTP status, when there was one.
    public var status: Int? {
        if case let .http(status, _, _, _, _) = self { return status }
        return nil
    }
}

/// When to try again: throttling (429, `ThrottlingException`, `TooManyRequestsException`, …),
/// server errors (5xx) and lost connections, with exponential backoff and full jitter
/// (a random wait up to `baseDelay · 2^attempt`, capped), a bounded number of times.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.1, maxDelay: Double = 5) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
        "RequestThrottled", "RequestThrottledException", "RequestLimitExceeded", "SlowDown",
        "ProvisionedThroughputExceededException", "EC2ThrottledException",
    ]

    /// Whether an answer is worth another try.
    static func isRetryable(status: Int, code: String?) -> Bool {
        if status == 429 || status >= 500 { return true }
        if let code, throttlingCodes.contains(code) { return true }
        return false
    }

    /// The wait before try `attempt + 1` (attempt counts from 1).
    func delay(afterAttempt attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...max(ceiling, 0))
    }
}

/// Sends requests through Foundation's `URLSession`, synchronously (the scan is a batch job;
/// callers run requests for different functions on their own threads), signing them when
/// asked, retrying by `RetryPolicy`.
public final class AWSHTTPClient: Sendable {
    public let retryPolicy: RetryPolicy
    /// A response body larger than this is refused (deployment packages are at most 250 MiB unzipped,
    /// 50 MiB zipped through the API; images are not downloaded).
    public let maxResponseBytes: Int
    private let session: URLSession

    public init(retryPolicy: RetryPolicy = RetryPolicy(), maxResponseBytes: Int = 512 << 20, timeout: TimeInterval = 60) {
        self.retryPolicy = retryPolicy
        self.maxResponseBytes = maxResponseBytes
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 10
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    /// A URL fit for messages: scheme, host, port and path; the query (which holds the signature
    /// and, for temporary credentials, the token of a presigned URL) is left out.
    public static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(url)" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "(url)"
    }

    /// Sends `method url` with `body`, signed by `signer` when given (fresh date each attempt).
    public func send(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                     signer: SigV4Signer? = nil, encodePathTwice: Bool = true) throws(AWSRequestError) -> HTTPResponse {
        let shown = Self.displayURL(url)
        var attempt = 0
        while true {
            attempt += 1
            var request = URLRequest(url: url)
            request.httpMethod = method
            var allHeaders = headers
            if let signer {
                guard let host = url.host else { throw .invalidResponse(url: shown, reason: "no host") }
                let hostHeader = url.port.map { "\(host):\($0)" } ?? host
                // URLComponents keeps the path as written (percent-encoded): that is what is sent.
                let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
                let path = components?.percentEncodedPath ?? "/"
                var signed = SigV4Signer.Request(
                    method: method, path: path.isEmpty ? "/" : path, query: components?.percentEncodedQuery ?? "",
                    headers: [(name: "Host", value: hostHeader)] + allHeaders, body: body)
                signer.sign(&signed, date: Date(), encodePathTwice: encodePathTwice)
                allHeaders = signed.headers.filter { $0.name.lowercased() != "host" }
            }
            for header in allHeaders { request.setValue(header.value, forHTTPHeaderField: header.name) }
            if !body.isEmpty { request.httpBody = Data(body) }

            let outcome = perform(request)
            switch outcome {
            case .failure(let reason):
                if attempt < retryPolicy.maxAttempts {
                    Thread.sleep(forTimeInterval: retryPolicy.delay(afterAttempt: attempt))
                    continue
                }
                throw .unreachable(url: shown, reason: reason, attempts: attempt)
            case .success(let response):
                if response.body.count > maxResponseBytes { throw .tooLarge(url: shown, limit: maxResponseBytes) }
                if (200..<300).contains(response.status) { return response }
                let (code, message) = Self.errorDetail(response)
                if RetryPolicy.isRetryable(status: response.status, code: code) && attempt < retryPolicy.maxAttempts {
                    Thread.sleep(forTimeInterval: retryPolicy.delay(afterAttempt: attempt))
                    continue
                }
                throw .http(status: response.status, code: code, message: message, url: shown, attempts: attempt)
            }
        }
    }

    private enum Outcome: Sendable {
        case success(HTTPResponse)
        case failure(String)
    }

    /// One synchronous round trip.
    private func perform(_ request: URLRequest) -> Outcome {
        let box = OutcomeBox<Outcome>()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.set(.failure(error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    headers[String(describing: key)] = String(describing: value)
                }
                box.set(.success(HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data ?? Data()))))
            } else {
                box.set(.failure("no HTTP response"))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return box.get() ?? .failure("no response")
    }

    /// The AWS error code and message of an error answer: `x-amzn-ErrorType`, a JSON body's
    /// `__type`/`code`/`Type` and `message`/`Message`, or an XML body's `<Code>` and `<Message>`.
    static func errorDetail(_ response: HTTPResponse) -> (code: String?, message: String?) {
        var code = response.header("x-amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
        var message: String?
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            let type = (object["__type"] ?? object["code"] ?? object["Code"] ?? object["Type"]) as? String
            code = code ?? type.map { String($0.split(separator: "#").last ?? Substring($0)) }
            message = (object["message"] ?? object["Message"]) as? String
        } else if response.body.count < 64 << 10 {
            let text = String(decoding: response.body, as: UTF8.self)
            code = code ?? xmlElement("Code", in: text)
            message = xmlElement("Message", in: text)
        }
        if let text = message, text.count > 200 { message = String(text.prefix(200)) + "…" }
        return (code.flatMap { $0.isEmpty ? nil : $0 }, message)
    }

    private static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}

/// The outcome of one request, handed from URLSession's delegate queue to the waiting thread.
private final class OutcomeBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func set(_ value: Value) {
        lock.lock()
        self.value = value
        lock.unlock()
    }

    func get() -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
