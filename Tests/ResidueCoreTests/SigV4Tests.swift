import Foundation
import Testing
@testable import ResidueCore

/// AWS's published Signature Version 4 test suite (in `../shared/testdata/aws-sigv4-testsuite/`,
/// beside the package): for every case, the canonical request, the string to sign and the
/// Authorization header must come out byte for byte.
@Suite struct SigV4Tests {
    static let suite = TestSupport.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/aws-sigv4-testsuite")
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Every folder holding a `.req` file.
    static func cases() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: suite, includingPropertiesForKeys: nil)
        var folders: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "req" { folders.append(url.deletingLastPathComponent()) }
        }
        return folders.sorted { $0.path < $1.path }
    }

    /// A raw `.req` file: request line, headers (continuation lines start with whitespace), a
    /// blank line, the body.
    static func parse(_ text: String) throws -> SigV4Signer.Request {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let firstSpace = try #require(requestLine.firstIndex(of: " "))
        let lastSpace = try #require(requestLine.range(of: " HTTP/", options: .backwards)?.lowerBound)
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + "\n" + line))
            } else {
                let colon = try #require(line.firstIndex(of: ":"))
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let path: String
        let query: String
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            query = String(target[target.index(after: question)...])
        } else {
            path = target
            query = ""
        }
        return SigV4Signer.Request(method: method, path: path, query: query, headers: headers,
                                   body: Array(bodyLines.joined(separator: "\n").utf8))
    }

    @Test func publishedTestVectors() throws {
        let folders = try Self.cases()
        #expect(folders.count >= 30, "test suite not found at \(Self.suite.path)")
        let date = try #require(ISO8601DateFormatter().date(from: "2015-08-30T12:36:00Z"))
        var passed = 0
        for folder in folders {
            let name = folder.lastPathComponent
            func read(_ suffix: String) throws -> String {
                try String(contentsOf: folder.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)
            }
            let request = try Self.parse(try read("req"))
            let expectedAuthorization = try read("authz")
            // A case whose signed request gains a signed X-Amz-Security-Token is signed with
            // temporary credentials carrying it (the signer adds the header).
            var credentials = Self.credentials
            let tokenPrefix = "X-Amz-Security-Token:"
            let requestHasToken = request.headers.contains { $0.name.lowercased() == "x-amz-security-token" }
            if !requestHasToken, expectedAuthorization.contains("x-amz-security-token"),
               let line = try read("sreq").components(separatedBy: "\n").first(where: { $0.hasPrefix(tokenPrefix) }) {
                credentials.sessionToken = String(line.dropFirst(tokenPrefix.count))
            }
            let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
            var signed = request
            signer.sign(&signed, date: date)
            let last = signed.headers.popLast()
            let authorization = try #require(last)
            #expect(authorization.name == "Authorization")
            let canonical = SigV4Signer.canonicalRequest(signed)
            let toSign = signer.stringToSign(canonicalRequest: canonical.text, date: date)
            let results = [canonical.text == (try read("creq")), toSign == (try read("sts")), authorization.value == expectedAuthorization]
            #expect(results[0], "\(name): canonical request")
            #expect(results[1], "\(name): string to sign")
            #expect(results[2], "\(name): Authorization")
            if !results.contains(false) { passed += 1 }
        }
        print("SigV4 test vectors passed: \(passed) of \(folders.count)")
        #expect(passed == folders.count)
    }

    @Test func signingAddsDateTokenAndAuthorization() throws {
        let date = try #require(ISO8601DateFormatter().date(from: "2015-08-30T12:36:00Z"))
        let temporary = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       sessionToken: "FAKE-session-token")
        var request = SigV4Signer.Request(method: "GET", path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders",
                                          headers: [("Host", "lambda.us-east-1.amazonaws.com")])
        SigV4Signer(credentials: temporary, region: "us-east-1", service: "lambda").sign(&request, date: date)
        let names = request.headers.map { $0.name.lowercased() }
        #expect(names == ["host", "x-amz-date", "x-amz-security-token", "authorization"])
        let authorization = try #require(request.headers.last?.value)
        #expect(authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"))
        #expect(!authorization.contains(temporary.secretAccessKey))
        // Services other than S3 sign the sent path encoded once more.
        #expect(SigV4Signer.canonicalRequest(request).text.contains("/2015-03-31/functions/arn%253Aaws%253Alambda"))
    }

    @Test func credentialsNeverDescribeTheirSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         sessionToken: "FAKE-session-token")
        for text in ["\(credentials)", String(describing: credentials), String(reflecting: credentials)] {
            #expect(!text.contains(credentials.secretAccessKey))
            #expect(!text.contains("FAKE-session-token"))
            #expect(text.contains("AKIDEXAMPLE"))
        }
    }
}

/// Credentials, region and endpoint, resolved like the AWS CLI does.
@Suite struct AWSSettingsTests {
    static let secret = "FAKEsecretKEYdoNOTuse0000000000000000000000"

    func files(credentials: String, config: String) throws -> (URL, [String: String]) {
        let folder = try TestSupport.makeTemporaryDirectory()
        try TestSupport.write(credentials, to: folder.appendingPathComponent("credentials"))
        try TestSupport.write(config, to: folder.appendingPathComponent("config"))
        return (folder, ["AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
                         "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path])
    }

    @Test func environmentCredentialsAndEndpoints() throws {
        let settings = try AWSSettingsResolver(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "tok",
            "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:5001",
        ], homeDirectory: "/nonexistent").resolve()
        #expect(settings.credentials == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: Self.secret, sessionToken: "tok"))
        #expect(settings.region == "eu-west-1")
        #expect(settings.lambdaEndpoint?.absoluteString == "http://127.0.0.1:5001")
        #expect(settings.s3Endpoint?.absoluteString == "http://127.0.0.1:5000")
        #expect(settings.lambdaBaseURL(region: "eu-west-1")?.absoluteString == "http://127.0.0.1:5001")
    }

    @Test func profilesFromSharedFiles() throws {
        let (folder, environment) = try files(
            credentials: """
                [default]
                aws_access_key_id = AKIDDEFAULT
                aws_secret_access_key = \(Self.secret)
                # a comment
                [ci]
                aws_access_key_id=AKIDCI
                aws_secret_access_key=\(Self.secret)
                aws_session_token=citoken
                """,
            config: """
                [default]
                region = us-west-2
                [profile ci]
                region = ap-south-1
                endpoint_url = http://localhost:4566
                [sso-session corp]
                region = eu-north-1
                """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let defaults = try AWSSettingsResolver(environment: environment, homeDirectory: "/nonexistent").resolve()
        #expect(defaults.credentials.accessKeyID == "AKIDDEFAULT")
        #expect(defaults.region == "us-west-2")
        #expect(defaults.lambdaEndpoint == nil)
        var viaVariable = environment
        viaVariable["AWS_PROFILE"] = "ci"
        let ci = try AWSSettingsResolver(environment: viaVariable, homeDirectory: "/nonexistent").resolve()
        #expect(ci.credentials.sessionToken == "citoken")
        #expect(ci.region == "ap-south-1")
        #expect(ci.lambdaEndpoint?.absoluteString == "http://localhost:4566")
        // --profile beats the environment's keys.
        var withKeys = environment
        withKeys["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        withKeys["AWS_SECRET_ACCESS_KEY"] = Self.secret
        #expect(try AWSSettingsResolver(environment: withKeys, homeDirectory: "/nonexistent").resolve(profile: "ci").credentials.accessKeyID == "AKIDCI")
        #expect(try AWSSettingsResolver(environment: withKeys, homeDirectory: "/nonexistent").resolve().credentials.accessKeyID == "AKIDENV")
        #expect(throws: AWSSettingsError.self) {
            try AWSSettingsResolver(environment: environment, homeDirectory: "/nonexistent").resolve(profile: "missing")
        }
    }

    @Test func errorsNeverShowTheSecretKey() throws {
        let (folder, environment) = try files(
            credentials: "[broken]\naws_secret_access_key = \(Self.secret)\n", config: "")
        defer { try? FileManager.default.removeItem(at: folder) }
        var messages: [String] = []
        do {
            _ = try AWSSettingsResolver(environment: environment, homeDirectory: "/nonexistent").resolve(profile: "broken")
        } catch {
            messages.append(error.description)
        }
        do {
            _ = try AWSSettingsResolver(environment: ["AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_ENDPOINT_URL": "ftp://\(Self.secret)"],
                                        homeDirectory: "/nonexistent").resolve()
        } catch {
            messages.append(error.description)
        }
        #expect(messages.count == 2)
        for message in messages {
            #expect(!message.contains(Self.secret), "\(message)")
        }
        #expect(messages.first?.contains("no aws_access_key_id") == true)
    }
}
