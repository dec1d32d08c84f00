import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

@main
struct IngestHandler: SimpleLambdaHandler {
    func handle(_ event: SQSEvent, context: LambdaContext) async throws {
        var parsed: [[String: String]] = []
        var failures: [String] = []
        for message in event.records {
            if let object = try? JSONDecoder().decode([String: String].self, from: Data(message.body.utf8)) {
                parsed.append(object)
            } else {
                failures.append(message.messageId)
            }
        }
        context.logger.info("parsed \(parsed.count) messages, \(failures.count) failures")
    }
}
