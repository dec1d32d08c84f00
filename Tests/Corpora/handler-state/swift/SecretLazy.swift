import AWSLambdaRuntime
import PostgresNIO
import SotoSSM

let ssm = SSM(client: AWSClient())
nonisolated(unsafe) var cachedPassword: String?

func databasePassword() async throws -> String {
    if let cachedPassword {
        return cachedPassword
    }
    let output = try await ssm.getParameter(.init(name: "/orders/db-password", withDecryption: true))
    cachedPassword = output.parameter?.value
    return cachedPassword ?? ""
}

struct StatusRequest: Codable {
    let orderId: String
}

let runtime = LambdaRuntime { (event: StatusRequest, context: LambdaContext) -> String in
    let password = try await databasePassword()
    context.logger.info("looking up \(event.orderId) with a \(password.count)-character password")
    return "pending"
}

try await runtime.run()
