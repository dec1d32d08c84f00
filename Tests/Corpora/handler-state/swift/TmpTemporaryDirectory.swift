import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

@main
struct UploadHandler: SimpleLambdaHandler {
    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        guard let body = event.body, let document = Data(base64Encoded: body) else {
            return APIGatewayV2Response(statusCode: .badRequest)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try document.write(to: scratch)
        let size = try FileManager.default.attributesOfItem(atPath: scratch.path)[.size] as? Int ?? 0
        try FileManager.default.removeItem(at: scratch)
        return APIGatewayV2Response(statusCode: .ok, body: "\(size)")
    }
}
