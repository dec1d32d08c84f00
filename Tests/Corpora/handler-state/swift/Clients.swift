import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation
import SotoDynamoDB

let awsClient = AWSClient()
let dynamo = DynamoDB(client: awsClient, region: .euwest1)
let tableName = ProcessInfo.processInfo.environment["ORDERS_TABLE"] ?? "orders"

struct Order: Codable {
    let id: String
    let total: Double
}

let runtime = LambdaRuntime { (event: APIGatewayV2Request, context: LambdaContext) -> APIGatewayV2Response in
    let order = try JSONDecoder().decode(Order.self, from: Data((event.body ?? "{}").utf8))
    _ = try await dynamo.putItem(.init(item: ["pk": .s(order.id), "total": .n("\(order.total)")], tableName: tableName))
    context.logger.info("order \(order.id) stored")
    return APIGatewayV2Response(statusCode: .created)
}

try await runtime.run()
