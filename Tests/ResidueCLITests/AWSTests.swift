import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A loopback server process for one test: moto_server (a fake AWS) or the fake Lambda API
/// script. Stopped (by its own process id) when the test is done.
final class LoopbackServer {
    let process: Process
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    deinit { stop() }

    /// SIGKILL: moto_server's Werkzeug loop does not always end on SIGTERM.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/ResidueCLITests/Fixtures/aws")

    /// The path of an executable on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// moto_server is installed by scripts/bootstrap.sh; CI must run these tests, so there a
    /// missing moto is a failure, not a skip.
    static var motoAvailable: Bool {
        which("moto_server") != nil || motoModuleInstalled || ProcessInfo.processInfo.environment["CI"] != nil
    }

    /// moto installed without its console script on PATH (a pyenv shim not yet rehashed).
    static let motoModuleInstalled: Bool = {
        guard let python = which("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import moto.server"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// A port nobody listens on right now (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on the port.
    static func listening(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func moto() throws -> LoopbackServer {
        let port = try freePort()
        let process = Process()
        let arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        if let executable = which("moto_server") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            let python = try #require(which("python3"))
            try #require(motoModuleInstalled, "moto is not installed: run scripts/bootstrap.sh (pip install 'moto[server]')")
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-m", "moto.server"] + arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = LoopbackServer(process: process, port: port)
        let deadline = Date().addingTimeInterval(60)
        while !listening(port) {
            try #require(process.isRunning, "moto_server exited at start")
            try #require(Date() < deadline, "moto_server did not answer on port \(port) within 60 s")
            Thread.sleep(forTimeInterval: 0.2)
        }
        return server
    }

    static func fakeLambda() throws -> LoopbackServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(which("python3")))
        process.arguments = [fixtures.appendingPathComponent("fake_lambda.py").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is the port.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self)), "fake Lambda server did not start")
        return LoopbackServer(process: process, port: port)
    }
}

/// `residue aws` run as a user would: the real binary, fake credentials, a loopback endpoint.
@Suite(.serialized) struct AWSCommandTests {
    static let secretKey = "FAKEsecretKEYforTESTSonly0000000000000000"
    static let region = "us-east-1"
    static let account = "123456789012"

    static func arn(_ name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }

    static func environment(endpoint: String, home: URL) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.path,
            "AWS_ACCESS_KEY_ID": "AKIDTESTFAKE",
            "AWS_SECRET_ACCESS_KEY": secretKey,
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL": endpoint,
        ]
    }

    struct Report {
        var located: Set<String>
        var warnings: [(path: String, reason: String)]
    }

    /// `path:line rule` of every finding, and the warnings, of a JSON report.
    static func parse(_ json: String) throws -> Report {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let located = Set(findings.map { "\($0["path"] as? String ?? ""):\($0["line"] as? Int ?? 0) \($0["ruleId"] as? String ?? "")" })
        let summary = try #require(object["summary"] as? [String: Any])
        let warnings = (summary["warnings"] as? [[String: Any]] ?? []).map { ($0["path"] as? String ?? "", $0["reason"] as? String ?? "") }
        return Report(located: located, warnings: warnings)
    }

    static let ordersConfiguration: Set<String> = [
        "\(arn("orders")):2 lambda-description-secret",
        "\(arn("orders")):6 lambda-env-secret",
        "\(arn("orders")):7 lambda-tag-secret",
        "\(arn("orders")):8 lambda-personal-email",
    ]
    static let ordersCode: Set<String> = [
        "\(arn("orders"))!/.env:2 aws-access-key-id",
        "\(arn("orders"))!/app.py:3 github-pat-classic",
        "\(arn("orders"))!/lib/settings.jar!/application.properties:2 sendgrid-api-key",
    ]
    static let billingConfiguration: Set<String> = ["\(arn("billing")):4 lambda-env-secret"]

    @Test(.enabled(if: LoopbackServer.motoAvailable, "moto_server is not installed (scripts/bootstrap.sh installs it)"))
    func plantedSecretsInMotoAreFoundWithTheirARNsAndLines() throws {
        let moto = try LoopbackServer.moto()
        defer { moto.stop() }
        let plant = Process()
        plant.executableURL = URL(fileURLWithPath: try #require(LoopbackServer.which("python3")))
        plant.arguments = [LoopbackServer.fixtures.appendingPathComponent("plant.py").path, moto.endpoint, Self.region]
        plant.standardOutput = FileHandle.nullDevice
        try plant.run()
        plant.waitUntilExit()
        try #require(plant.terminationStatus == 0, "plant.py failed")

        let home = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Self.environment(endpoint: moto.endpoint, home: home)
        func run(_ arguments: [String]) throws -> CLI.Outcome {
            let outcome = try CLI.run(["aws"] + arguments, in: home, environment: environment)
            #expect(!outcome.stdout.contains(Self.secretKey) && !outcome.stderr.contains(Self.secretKey), "the secret key must never be printed")
            return outcome
        }

        let all = try run(["--format", "json"])
        #expect(all.status == 1)
        let report = try Self.parse(all.stdout)
        #expect(report.located == Self.ordersConfiguration.union(Self.ordersCode).union(Self.billingConfiguration))
        // billing's package was never uploaded where its location points: its code is not
        // scanned, its configuration is.
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.path == Self.arn("billing"))
        #expect(report.warnings.first?.reason.hasPrefix("not scanned: code package: HTTP 404") == true)
        #expect(!all.stdout.contains("sk_live_fq483XZZLT2trKieN4QrCIu1"), "secrets are masked")

        let incomplete = try run(["--fail-on-incomplete"])
        #expect(incomplete.status == 2)
        #expect(incomplete.stderr.contains("not scanned: code package"))
        #expect(incomplete.stdout.contains("\(Self.arn("orders"))!/app.py:3:17: critical: "))

        let configurationOnly = try run(["--no-code", "--fail-on-incomplete", "--format", "json"])
        #expect(configurationOnly.status == 1)
        #expect(try Self.parse(configurationOnly.stdout).located == Self.ordersConfiguration.union(Self.billingConfiguration))

        let one = try run(["--function", "orders", "--region", Self.region, "--fail-on-incomplete", "--format", "json"])
        #expect(one.status == 1)
        #expect(try Self.parse(one.stdout).located == Self.ordersConfiguration.union(Self.ordersCode))

        let byARN = try run(["--function", Self.arn("billing"), "--format", "sarif", "--fail-on", "critical"])
        #expect(byARN.status == 0, "billing's only finding is high")
        #expect(byARN.stdout.contains("lambda-env-secret"))
    }

    @Test func throttlingServerErrorsAndUnreachableCodeAreHandled() throws {
        let server = try LoopbackServer.fakeLambda()
        defer { server.stop() }
        let home = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Self.environment(endpoint: server.endpoint, home: home)

        let outcome = try CLI.run(["aws", "--format", "json"], in: home, environment: environment)
        #expect(outcome.status == 1)
        #expect(!outcome.stdout.contains(Self.secretKey) && !outcome.stderr.contains(Self.secretKey))
        let report = try Self.parse(outcome.stdout)
        #expect(report.located == [
            "\(Self.arn("alpha")):4 lambda-env-secret",
            "\(Self.arn("alpha"))!/handler.py:3 github-pat-classic",
            "arn:aws:lambda:us-east-1:123456789012:layer:deps:3!/python/config.py:4 aws-access-key-id",
            // 403 on the code package: configuration and tags are still judged.
            "\(Self.arn("locked")):4 lambda-env-secret",
            "\(Self.arn("locked")):5 lambda-personal-email",
            "\(Self.arn("gone")):2 lambda-description-secret",
        ])
        let warnings = Dictionary(report.warnings.map { ($0.path, $0.reason) }, uniquingKeysWith: { $0 + "; " + $1 })
        #expect(warnings.count == 2)
        #expect(warnings[Self.arn("locked")]?.hasPrefix("not scanned: code package: HTTP 403 AccessDenied") == true)
        #expect(warnings[Self.arn("gone")]?.hasPrefix("not scanned: code package: http://127.0.0.1:9/unreachable.zip unreachable") == true)

        // What the server saw: each throttled or failed call was tried again.
        let fetch = try CLI.run(["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                                 "\(server.endpoint)/stats"], executable: URL(fileURLWithPath: try #require(LoopbackServer.which("python3"))))
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(fetch.stdout.utf8)) as? [[String: Any]])
        func count(_ path: String) -> Int { stats.filter { ($0["path"] as? String) == path }.count }
        #expect(count("/2015-03-31/functions/") == 4, "429, 400 ThrottlingException, then two pages")
        #expect(count("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aalpha") == 3, "503 twice, then the answer")
        #expect(count("/2018-10-31/layers") == 2)
        #expect(count("/code/alpha.zip") == 2)
        for request in stats {
            let path = request["path"] as? String ?? ""
            let authorization = request["authorization"] as? String ?? ""
            if path.hasPrefix("/code/") {
                // Presigned locations are fetched as given: no Authorization header of ours.
                #expect(authorization.isEmpty)
            } else if path != "/stats" {
                #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTESTFAKE/"))
                #expect(authorization.contains("/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature="))
            }
        }

        let missing = try CLI.run(["aws", "--function", "no-such-function"], in: home, environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-function: not scanned: GetFunction in us-east-1: HTTP 404 ResourceNotFoundException"))
        #expect(missing.stderr.contains("nothing could be scanned"))

        let strict = try CLI.run(["aws", "--fail-on-incomplete", "--quiet"], in: home, environment: environment)
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("not scanned: code package"))
        #expect(strict.stderr.contains("--fail-on-incomplete"))
    }

    @Test func missingRegionOrCredentialsExitTwo() throws {
        let home = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = Self.environment(endpoint: "http://127.0.0.1:9", home: home)
        environment["AWS_REGION"] = nil
        let noRegion = try CLI.run(["aws"], in: home, environment: environment)
        #expect(noRegion.status == 2)
        #expect(noRegion.stderr.contains("no region"))
        environment["AWS_ACCESS_KEY_ID"] = nil
        let noKeys = try CLI.run(["aws", "--region", "eu-west-1"], in: home, environment: environment)
        #expect(noKeys.status == 2)
        #expect(noKeys.stderr.contains("no AWS credentials"))
        #expect(!noKeys.stderr.contains(Self.secretKey))
        // Nothing answers: every region unreachable is an error, not a clean scan.
        environment["AWS_ACCESS_KEY_ID"] = "AKIDTESTFAKE"
        let unreachable = try CLI.run(["aws", "--region", "eu-west-1"], in: home, environment: environment)
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr.contains("nothing could be scanned"))
    }
}

/// `scan --fail-on-incomplete`: anything not scanned (here, a corrupt archive) makes it exit 2.
@Suite struct ScanIncompleteTests {
    @Test func corruptArchiveFailsOnlyWithTheFlag() throws {
        let root = try CLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CLI.write("print('hello')\n", to: root.appendingPathComponent("app.py"))
        try CLI.write("not a zip\n", to: root.appendingPathComponent("dist/package.zip"))
        let lenient = try CLI.run(["scan", "."], in: root)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("dist/package.zip: not scanned: corrupt or unreadable archive"))
        let strict = try CLI.run(["scan", ".", "--fail-on-incomplete"], in: root)
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("incomplete scan: 1 item not scanned or not fully (--fail-on-incomplete)"))
        #expect(strict.stdout.contains("Findings: 0"), "the report is still written")
    }
}
