import AWSLambdaRuntime
import Foundation

@main
struct ConvertHandler: SimpleLambdaHandler {
    func handle(_ event: String, context: LambdaContext) async throws -> Int {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(UUID().uuidString)
        do {
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(event.utf8).write(to: url)
            return try Data(contentsOf: url).count
        } catch {
            context.logger.error("conversion failed: \(error)")
            return 0
        }
    }
}
