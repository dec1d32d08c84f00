import AWSLambdaEvents
import AWSLambdaRuntime

nonisolated(unsafe) var recentAddresses: [String] = []

func remember(_ address: String) {
    recentAddresses.append(address)
    if recentAddresses.count > 1000 {
        recentAddresses.removeFirst(500)
    }
}

let runtime = LambdaRuntime { (event: APIGatewayV2Request, context: LambdaContext) -> APIGatewayV2Response in
    remember(event.context.http.sourceIp)
    context.logger.info("request from \(recentAddresses.count) known addresses")
    return APIGatewayV2Response(statusCode: .noContent)
}

try await runtime.run()
