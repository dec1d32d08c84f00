import AWSLambdaRuntime
import Foundation

struct ExportRequest: Codable {
    let exportId: String
    let customers: [String]
}

@main
struct ExportHandler: SimpleLambdaHandler {
    func handle(_ request: ExportRequest, context: LambdaContext) async throws -> String {
        let payload = try JSONEncoder().encode(request.customers)
        try payload.write(to: URL(fileURLWithPath: "/tmp/export-\(request.exportId).json"))
        context.logger.info("export \(request.exportId) staged")
        return request.exportId
    }
}
