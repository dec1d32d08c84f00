import Foundation

/// A deployed function as the Lambda API describes it (`GetFunction`, or a `ListFunctions` item).
public struct LambdaFunctionDescription: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var description: String?
    public var handler: String?
    public var runtime: String?
    /// `Zip` or `Image`.
    public var packageType: String?
    public var environment: [String: String]
    /// Layer version ARNs.
    public var layers: [String]
    public var tags: [String: String]
    /// A presigned URL of the code package (`Code.Location`), valid for minutes; nil for images
    /// or when the answer did not include it (`ListFunctions` never does).
    public var codeLocation: String?

    public init(name: String, arn: String, description: String? = nil, handler: String? = nil, runtime: String? = nil,
                packageType: String? = nil, environment: [String: String] = [:], layers: [String] = [],
                tags: [String: String] = [:], codeLocation: String? = nil) {
        self.name = name
        self.arn = arn
        self.description = description
        self.handler = handler
        self.runtime = runtime
        self.packageType = packageType
        self.environment = environment
        self.layers = layers
        self.tags = tags
        self.codeLocation = codeLocation
    }
}

/// The few Lambda API operations `residue aws` needs, signed with SigV4, over `AWSHTTPClient`.
public struct LambdaClient: Sendable {
    public let settings: AWSSettings
    public let region: String
    public let http: AWSHTTPClient
    let baseURL: URL

    public init(settings: AWSSettings, region: String, http: AWSHTTPClient) throws(AWSSettingsError) {
        self.settings = settings
        self.region = region
        self.http = http
        guard let base = settings.lambdaBaseURL(region: region) else {
            throw AWSSettingsError(description: "region '\(region)' does not make a valid endpoint URL")
        }
        baseURL = base
    }

    private var signer: SigV4Signer { SigV4Signer(credentials: settings.credentials, region: region, service: "lambda") }

    /// `path` percent-encoded as it is to be sent.
    private func get(_ path: String, query: [(String, String)] = []) throws(AWSRequestError) -> [String: Any] {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(SigV4Signer.percentEncode($0.0))=\(SigV4Signer.percentEncode($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(string: text) else { throw .invalidResponse(url: path, reason: "invalid URL") }
        let response = try http.send(url: url, signer: signer)
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw .invalidResponse(url: AWSHTTPClient.displayURL(url), reason: "answer is not a JSON object")
        }
        return object
    }

    /// Every function in the region, following `NextMarker`.
    public func listFunctions() throws(AWSRequestError) -> [LambdaFunctionDescription] {
        var functions: [LambdaFunctionDescription] = []
        var marker: String?
        var pages = 0
        repeat {
            var query = [("MaxItems", "50")]
            if let marker { query.append(("Marker", marker)) }
            let page = try get("/2015-03-31/functions/", query: query)
            for item in page["Functions"] as? [[String: Any]] ?? [] {
                if let function = Self.describe(configuration: item) { functions.append(function) }
            }
            marker = (page["NextMarker"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        } while marker != nil && pages < 10_000
        return functions
    }

    /// One function's configuration, tags and code location; `name` is a name or an ARN.
    public func getFunction(_ name: String) throws(AWSRequestError) -> LambdaFunctionDescription {
        let answer = try get("/2015-03-31/functions/\(SigV4Signer.percentEncode(name))")
        guard let configuration = answer["Configuration"] as? [String: Any], var function = Self.describe(configuration: configuration) else {
            throw .invalidResponse(url: name, reason: "GetFunction answer has no Configuration")
        }
        let code = answer["Code"] as? [String: Any]
        function.codeLocation = code?["Location"] as? String
        function.tags = answer["Tags"] as? [String: String] ?? [:]
        return function
    }

    /// The presigned location of a layer version's content (`GetLayerVersionByArn`).
    public func layerContentLocation(_ layerVersionARN: String) throws(AWSRequestError) -> String? {
        let answer = try get("/2018-10-31/layers", query: [("find", "LayerVersion"), ("Arn", layerVersionARN)])
        return (answer["Content"] as? [String: Any])?["Location"] as? String
    }

    static func describe(configuration item: [String: Any]) -> LambdaFunctionDescription? {
        guard let name = item["FunctionName"] as? String, let arn = item["FunctionArn"] as? String else { return nil }
        let environment = (item["Environment"] as? [String: Any])?["Variables"] as? [String: String] ?? [:]
        let layers = (item["Layers"] as? [[String: Any]] ?? []).compactMap { $0["Arn"] as? String }
        return LambdaFunctionDescription(
            name: name, arn: arn, description: item["Description"] as? String, handler: item["Handler"] as? String,
            runtime: item["Runtime"] as? String, packageType: item["PackageType"] as? String, environment: environment,
            layers: layers)
    }
}

/// Fetches code packages from the presigned locations the Lambda API returns. With a local
/// endpoint configured (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`), a location on an S3 host
/// (`https://BUCKET.s3.REGION.amazonaws.com/KEY`) is fetched path-style through the endpoint,
/// signed for S3 when it is not presigned; without one, locations are fetched exactly as given,
/// which is what real presigned URLs need.
public struct CodePackageFetcher: Sendable {
    public let settings: AWSSettings
    public let http: AWSHTTPClient

    public init(settings: AWSSettings, http: AWSHTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// Where to fetch a location from, and whether to sign the request.
    public func resolve(_ location: String) -> (url: URL, signForS3: Bool)? {
        guard let url = URL(string: location), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased()
        else { return nil }
        guard let endpoint = settings.s3Endpoint, host.hasSuffix(".amazonaws.com") else { return (url, false) }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? url.path
        // Virtual-hosted style: the bucket is the host's first labels before `.s3.` / `.s3-`.
        if let marker = host.range(of: ".s3.") ?? host.range(of: ".s3-") {
            path = "/" + host[..<marker.lowerBound] + path
        } else if !(host.hasPrefix("s3.") || host.hasPrefix("s3-")) {
            return (url, false)
        }
        var text = endpoint.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        let query = components?.percentEncodedQuery
        if let query, !query.isEmpty { text += "?" + query }
        guard let rewritten = URL(string: text) else { return nil }
        let presigned = query?.contains("X-Amz-Signature=") ?? false
        return (rewritten, !presigned)
    }

    public func fetch(_ location: String, region: String) throws(AWSRequestError) -> [UInt8] {
        guard let target = resolve(location) else {
            let scheme = location.split(separator: ":").first.map(String.init) ?? location
            throw .invalidResponse(url: "\(scheme)://…", reason: "code location is not an HTTP(S) URL")
        }
        let signer = target.signForS3 ? SigV4Signer(credentials: settings.credentials, region: region, service: "s3") : nil
        return try http.send(url: target.url, signer: signer, encodePathTwice: false).body
    }
}
