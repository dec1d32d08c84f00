import AWSLambdaRuntime
import Crypto
import Foundation
import SotoSecretsManager

let secretsManager = SecretsManager(client: AWSClient())

struct SignRequest: Codable {
    let payload: String
}

let runtime = LambdaRuntime { (event: SignRequest, context: LambdaContext) -> String in
    let secret = try await secretsManager.getSecretValue(.init(secretId: "signing/key"))
    let key = SymmetricKey(data: Data((secret.secretString ?? "").utf8))
    let mac = HMAC<SHA256>.authenticationCode(for: Data(event.payload.utf8), using: key)
    return Data(mac).map { String(format: "%02x", $0) }.joined()
}

try await runtime.run()
