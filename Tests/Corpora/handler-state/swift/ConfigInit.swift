import AWSLambdaEvents
import AWSLambdaRuntime
import SotoDynamoDB

@main
struct CatalogHandler: LambdaHandler {
    let tableName: String
    let dynamo: DynamoDB

    init(context: LambdaInitializationContext) async throws {
        self.tableName = Lambda.env("CATALOG_TABLE") ?? "catalog"
        self.dynamo = DynamoDB(client: AWSClient())
    }

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        let sku = event.pathParameters?["sku"] ?? ""
        let output = try await dynamo.getItem(.init(key: ["sku": .s(sku)], tableName: tableName))
        return APIGatewayV2Response(statusCode: output.item == nil ? .notFound : .ok)
    }
}
