import AWSLambdaRuntime
import AsyncHTTPClient

nonisolated(unsafe) var sharedClient: HTTPClient?

func client() -> HTTPClient {
    if let sharedClient {
        return sharedClient
    }
    let created = HTTPClient(eventLoopGroupProvider: .singleton)
    sharedClient = created
    return created
}

let runtime = LambdaRuntime { (event: String, context: LambdaContext) -> UInt in
    let response = try await client().execute(HTTPClientRequest(url: "https://status.example.com/\(event)"), timeout: .seconds(3))
    return response.status.code
}

try await runtime.run()
