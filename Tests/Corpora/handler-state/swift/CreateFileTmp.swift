import AWSLambdaRuntime
import Foundation

struct Upload: Codable {
    let id: String
    let contents: String
}

@main
struct UploadHandler: SimpleLambdaHandler {
    func handle(_ event: Upload, context: LambdaContext) async throws -> Bool {
        let data = Data(event.contents.utf8)
        let created = FileManager.default.createFile(atPath: "/tmp/\(event.id).json", contents: data)
        context.logger.info("staged upload \(event.id)")
        return created
    }
}
