import AWSLambdaRuntime
import AsyncHTTPClient
import Foundation

let apiKey = ProcessInfo.processInfo.environment["PAYMENTS_API_KEY"] ?? ""
let baseURL = ProcessInfo.processInfo.environment["PAYMENTS_URL"] ?? "https://payments.example.com"
let http = HTTPClient(eventLoopGroupProvider: .singleton)

struct Charge: Codable {
    let amount: Int
    let currency: String
}

let runtime = LambdaRuntime { (event: Charge, context: LambdaContext) -> UInt in
    var request = HTTPClientRequest(url: "\(baseURL)/charges")
    request.method = .POST
    request.headers.add(name: "x-api-key", value: apiKey)
    request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(event)))
    let response = try await http.execute(request, timeout: .seconds(5))
    return response.status.code
}

try await runtime.run()
