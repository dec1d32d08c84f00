import AWSLambdaEvents
import AWSLambdaRuntime
import AsyncHTTPClient
import SotoSecretsManager

@main
struct PartnerHandler: LambdaHandler {
    let apiKey: String
    let http = HTTPClient(eventLoopGroupProvider: .singleton)

    init(context: LambdaInitializationContext) async throws {
        let secrets = SecretsManager(client: AWSClient())
        let secret = try await secrets.getSecretValue(.init(secretId: "partner/api"))
        self.apiKey = secret.secretString ?? ""
    }

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        var request = HTTPClientRequest(url: "https://partner.example.com/orders")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: apiKey)
        request.body = .bytes(ByteBuffer(string: event.body ?? ""))
        let response = try await http.execute(request, timeout: .seconds(5))
        return APIGatewayV2Response(statusCode: .init(code: response.status.code))
    }
}
