import AWSLambdaEvents
import AWSLambdaRuntime
import Foundation

let emailPattern = try NSRegularExpression(pattern: #"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"#, options: [.caseInsensitive])
let allowedFields: Set<String> = ["email", "name", "phone"]

@main
struct ContactHandler: SimpleLambdaHandler {
    func handle(_ event: [String: String], context: LambdaContext) async throws -> [String: String] {
        let cleaned = event.filter { allowedFields.contains($0.key) }
        guard let email = cleaned["email"],
              emailPattern.firstMatch(in: email, range: NSRange(email.startIndex..., in: email)) != nil else {
            throw ContactError.invalidEmail
        }
        return cleaned
    }
}

enum ContactError: Error {
    case invalidEmail
}
