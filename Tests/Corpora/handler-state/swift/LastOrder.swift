import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

struct Order: Codable {
    let id: String
    let email: String
    let amount: Decimal
}

/// Kept so the status endpoint can answer without a database read.
nonisolated(unsafe) var lastOrder: Order?

let decoder = JSONDecoder()

let runtime = LambdaRuntime { (event: APIGatewayV2Request, context: LambdaContext) -> APIGatewayV2Response in
    guard let body = event.body, let order = try? decoder.decode(Order.self, from: Data(body.utf8)) else {
        context.logger.warning("bad order")
        return APIGatewayV2Response(statusCode: .badRequest)
    }
    lastOrder = order
    context.logger.info("order \(order.id) accepted")
    return APIGatewayV2Response(statusCode: .created)
}

try await runtime.run()
