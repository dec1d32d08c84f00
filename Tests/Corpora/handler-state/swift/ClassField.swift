import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

struct Signup: Codable {
    let email: String
    let name: String
}

@main
final class SignupHandler: LambdaHandler {
    private var lastEmail = ""
    private let decoder = JSONDecoder()

    init(context: LambdaInitializationContext) async throws {}

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        let signup = try decoder.decode(Signup.self, from: Data((event.body ?? "{}").utf8))
        lastEmail = signup.email
        context.logger.info("signup received")
        return APIGatewayV2Response(statusCode: .accepted)
    }
}
