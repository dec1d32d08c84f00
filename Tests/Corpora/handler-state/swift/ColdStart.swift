import AWSLambdaRuntime
import Foundation

nonisolated(unsafe) var coldStart = true
nonisolated(unsafe) var invocations = 0
let startedAt = Date()

struct Ping: Codable {
    let source: String
}

let runtime = LambdaRuntime { (event: Ping, context: LambdaContext) -> String in
    invocations += 1
    let wasCold = coldStart
    coldStart = false
    context.logger.info("cold=\(wasCold) invocations=\(invocations) source=\(event.source)")
    return "uptime \(Date().timeIntervalSince(startedAt))"
}

try await runtime.run()
