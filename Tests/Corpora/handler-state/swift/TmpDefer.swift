import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

@main
struct RenderHandler: SimpleLambdaHandler {
    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).md")
        defer {
            try? FileManager.default.removeItem(at: scratch)
        }
        try Data((event.body ?? "").utf8).write(to: scratch)
        let size = try Data(contentsOf: scratch).count
        return APIGatewayV2Response(statusCode: .ok, body: "\(size)")
    }
}
