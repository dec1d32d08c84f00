import AWSLambdaEvents
import AWSLambdaRuntime

let usage = """
    Send a POST with a JSON body. Example handler code people paste here:
        cache[event.user] = event
        lastRequest = event.body
    "Quotes" and \(1 + 1) interpolations are fine.
    """

let template = #"""
    {"greeting": "hello \(name)", "raw": "\d+"}
    """#

@main
struct HelpHandler: SimpleLambdaHandler {
    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        /* A comment that mentions lastRequest = event /* nested */ still a comment */
        let name = event.queryStringParameters?["name"] ?? "there"
        let body = template.replacingOccurrences(of: #"\(name)"#, with: name)
        return APIGatewayV2Response(statusCode: .ok, body: event.rawPath == "/help" ? usage : body)
    }
}
