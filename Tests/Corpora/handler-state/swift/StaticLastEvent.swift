import AWSLambdaEvents
import AWSLambdaRuntime

enum State {
    nonisolated(unsafe) static var lastEvent: SQSEvent?
}

@main
struct QueueHandler: SimpleLambdaHandler {
    func handle(_ event: SQSEvent, context: LambdaContext) async throws {
        if let previous = State.lastEvent {
            context.logger.info("previous batch had \(previous.records.count) records")
        }
        State.lastEvent = event
    }
}
