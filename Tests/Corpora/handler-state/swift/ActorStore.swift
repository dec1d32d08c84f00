import AWSLambdaEvents
import AWSLambdaRuntime

actor SessionStore {
    var tokens: [String: String] = [:]

    func save(_ user: String, _ token: String) {
        tokens[user] = token
    }
}

let store = SessionStore()

let runtime = LambdaRuntime { (event: APIGatewayV2Request, context: LambdaContext) -> APIGatewayV2Response in
    guard let user = event.queryStringParameters?["user"], let token = event.headers["authorization"] else {
        return APIGatewayV2Response(statusCode: .badRequest)
    }
    await store.save(user, token)
    return APIGatewayV2Response(statusCode: .ok)
}

try await runtime.run()
