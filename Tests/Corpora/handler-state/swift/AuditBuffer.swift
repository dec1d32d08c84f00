import AWSLambdaEvents
import AWSLambdaRuntime

nonisolated(unsafe) var auditLines: [String] = []

@main
struct AuditHandler: SimpleLambdaHandler {
    func handle(_ event: SQSEvent, context: LambdaContext) async throws {
        for message in event.records {
            auditLines.append(message.body)
        }
        if auditLines.count > 100 {
            context.logger.info("flushing \(auditLines.count) audit lines")
        }
    }
}
