import AWSLambdaEvents
import AWSLambdaRuntime

@main
final class SessionHandler: LambdaHandler {
    private var currentToken: String?

    init(context: LambdaInitializationContext) async throws {}

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        guard let authorization = event.headers["authorization"] else {
            return APIGatewayV2Response(statusCode: .unauthorized)
        }
        self.currentToken = String(authorization.dropFirst("Bearer ".count))
        context.logger.info("profile request")
        return APIGatewayV2Response(statusCode: .ok, body: "{}")
    }
}
