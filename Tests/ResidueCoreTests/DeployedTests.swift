import Foundation
import Testing
@testable import ResidueCore

@Suite struct DeployedTests {
    static func settings(s3Endpoint: String?) -> AWSSettings {
        AWSSettings(credentials: AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "fake"), credentialSource: "test",
                    region: "eu-west-1", lambdaEndpoint: nil, s3Endpoint: s3Endpoint.flatMap(URL.init(string:)))
    }

    @Test func presignedLocationsAreFetchedUnchangedWithoutALocalEndpoint() throws {
        let location = "https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/123/orders-abc?versionId=x&X-Amz-Security-Token=t&X-Amz-Signature=s"
        let fetcher = CodePackageFetcher(settings: Self.settings(s3Endpoint: nil), http: AWSHTTPClient())
        let resolved = try #require(fetcher.resolve(location))
        #expect(resolved.url.absoluteString == location)
        #expect(!resolved.signForS3)
        #expect(fetcher.resolve("s3://bucket/key") == nil)
    }

    @Test func s3LocationsGoPathStyleThroughALocalEndpoint() throws {
        let fetcher = CodePackageFetcher(settings: Self.settings(s3Endpoint: "http://127.0.0.1:5000"), http: AWSHTTPClient())
        let unsigned = try #require(fetcher.resolve("https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/orders-abc"))
        #expect(unsigned.url.absoluteString == "http://127.0.0.1:5000/awslambda-eu-west-1-tasks/orders-abc")
        #expect(unsigned.signForS3)
        let presigned = try #require(fetcher.resolve("https://b.s3.amazonaws.com/k?X-Amz-Signature=s"))
        #expect(presigned.url.absoluteString == "http://127.0.0.1:5000/b/k?X-Amz-Signature=s")
        #expect(!presigned.signForS3)
        // Not an S3 host: as given.
        #expect(fetcher.resolve("http://127.0.0.1:7000/code.zip")?.url.absoluteString == "http://127.0.0.1:7000/code.zip")
    }

    @Test func configurationIsListedOneFieldPerLine() throws {
        let function = LambdaFunctionDescription(
            name: "orders", arn: "arn:aws:lambda:eu-west-1:123456789012:function:orders", description: "two\nlines",
            handler: "app.handler", runtime: "python3.12", environment: ["B": "2", "A": "1"], tags: ["team": "payments"])
        let model = DeployedFunctionScanner.model(function)
        #expect(model.listing == ["FunctionName: orders", "Description: two", "lines", "Handler: app.handler", "Runtime: python3.12",
                                  "Environment.Variables.A: 1", "Environment.Variables.B: 2", "Tags.team: payments"])
        #expect(model.function.fields.map { "\($0.kind.rawValue) \($0.key) \($0.location.line):\($0.location.column)" } == [
            "name FunctionName 1:15", "description Description 2:14", "environment A 6:26", "environment B 7:26", "tag team 8:12",
        ])
        #expect(model.function.format == .deployed)
        #expect(model.function.codeLocation == function.arn + "!")
        #expect(DeployedFunctionScanner.region(ofARN: function.arn) == "eu-west-1")
        #expect(DeployedFunctionScanner.region(ofARN: "orders") == nil)
    }

    @Test func retriesAreBoundedAndJittered() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.1, maxDelay: 0.3)
        for attempt in 1...6 {
            let delay = policy.delay(afterAttempt: attempt)
            #expect(delay >= 0 && delay <= min(0.3, 0.1 * pow(2, Double(attempt - 1))))
        }
        #expect(RetryPolicy.isRetryable(status: 429, code: nil))
        #expect(RetryPolicy.isRetryable(status: 400, code: "ThrottlingException"))
        #expect(RetryPolicy.isRetryable(status: 503, code: nil))
        #expect(!RetryPolicy.isRetryable(status: 403, code: "AccessDeniedException"))
        #expect(!RetryPolicy.isRetryable(status: 404, code: "ResourceNotFoundException"))
    }

    @Test func sarifLocatesDeployedFindingsByTheirARN() {
        let location = SARIFReport.artifactLocation("arn:aws:lambda:eu-west-1:123456789012:function:orders!/src/app.py")
        #expect(location["uri"] as? String == "arn:aws:lambda:eu-west-1:123456789012:function:orders!/src/app.py")
        #expect(location["uriBaseId"] == nil)
        #expect(SARIFReport.artifactLocation("dist/f.zip!/app.py")["uriBaseId"] as? String == "%SRCROOT%")
    }
}
