import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation
import SotoDynamoDB

struct Profile: Codable, Sendable {
    let name: String
    let plan: String
}

@main
struct ProfileHandler: SimpleLambdaHandler {
    nonisolated(unsafe) static var profileCache: [String: Profile] = [:]
    let dynamo = DynamoDB(client: AWSClient())

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        guard let userID = event.pathParameters?["userId"] else {
            return APIGatewayV2Response(statusCode: .badRequest)
        }
        let output = try await dynamo.getItem(.init(key: ["pk": .s(userID)], tableName: "profiles"), type: Profile.self)
        guard let profile = output.item else {
            return APIGatewayV2Response(statusCode: .notFound)
        }
        Self.profileCache[userID] = profile
        return APIGatewayV2Response(statusCode: .ok, body: profile.name)
    }
}
