import AWSLambdaEvents
import AWSLambdaRuntime

nonisolated(unsafe) var sessions: [String: String] = [:]

let runtime = LambdaRuntime { (event: APIGatewayV2Request, context: LambdaContext) -> APIGatewayV2Response in
    guard let token = event.headers["authorization"], let user = event.context.authorizer?.jwt?.claims?["sub"] else {
        return APIGatewayV2Response(statusCode: .unauthorized)
    }
    sessions[user] = token
    return APIGatewayV2Response(statusCode: .ok, body: #"{"ok":true}"#)
}

try await runtime.run()
