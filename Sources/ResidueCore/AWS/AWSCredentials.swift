import Foundation

/// An access key pair, with a session token for temporary credentials. Its descriptions never
/// show the secret key or the token, so interpolating it by mistake prints nothing sensitive.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }

    public var debugDescription: String { description }
}

/// Where `residue aws` talks to and as whom: resolved like the AWS CLI and SDKs do, from the
/// standard environment variables and the shared `credentials` and `config` files.
public struct AWSSettings: Sendable {
    public var credentials: AWSCredentials
    /// Where the credentials came from, for messages: `environment`, `profile default (~/.aws/credentials)`.
    public var credentialSource: String
    /// The region from the environment or the profile; nil when neither says one.
    public var region: String?
    /// `AWS_ENDPOINT_URL_LAMBDA`, else `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`.
    public var lambdaEndpoint: URL?
    /// `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`: code
    /// locations on S3 hosts are fetched through it (local endpoints such as moto).
    public var s3Endpoint: URL?

    public init(credentials: AWSCredentials, credentialSource: String, region: String?, lambdaEndpoint: URL?, s3Endpoint: URL?) {
        self.credentials = credentials
        self.credentialSource = credentialSource
        self.region = region
        self.lambdaEndpoint = lambdaEndpoint
        self.s3Endpoint = s3Endpoint
    }

    /// The Lambda API's base URL in a region.
    public func lambdaBaseURL(region: String) -> URL? {
        lambdaEndpoint ?? URL(string: "https://lambda.\(region).amazonaws.com")
    }
}

/// Why settings could not be resolved. Messages name files, profiles and keys, never values.
public struct AWSSettingsError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Resolves `AWSSettings`. Precedence, as in the AWS CLI: a profile named on the command line;
/// else `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN`); else the profile
/// `AWS_PROFILE` names (or `default`) from `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`),
/// then `AWS_CONFIG_FILE` (`~/.aws/config`).
public struct AWSSettingsResolver: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = nil) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    }

    private func value(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    public func resolve(profile commandLineProfile: String? = nil) throws(AWSSettingsError) -> AWSSettings {
        let profileName = commandLineProfile ?? value("AWS_PROFILE") ?? "default"
        let credentialsPath = value("AWS_SHARED_CREDENTIALS_FILE") ?? homeDirectory + "/.aws/credentials"
        let configPath = value("AWS_CONFIG_FILE") ?? homeDirectory + "/.aws/config"
        let credentialsFile = try Self.readProfiles(credentialsPath, isConfigFile: false)
        let configFile = try Self.readProfiles(configPath, isConfigFile: true)
        let fromCredentials = credentialsFile?[profileName] ?? [:]
        let fromConfig = configFile?[profileName] ?? [:]
        let profileKnown = credentialsFile?[profileName] != nil || configFile?[profileName] != nil
        if commandLineProfile != nil || (value("AWS_PROFILE") != nil && value("AWS_ACCESS_KEY_ID") == nil), !profileKnown {
            throw AWSSettingsError(description: "profile '\(profileName)' not found in \(credentialsPath) or \(configPath)")
        }

        let credentials: AWSCredentials
        let source: String
        if commandLineProfile == nil, let keyID = value("AWS_ACCESS_KEY_ID") {
            guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
                throw AWSSettingsError(description: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
            source = "environment"
        } else {
            // The credentials file wins over the config file, key by key.
            let merged = fromConfig.merging(fromCredentials) { _, credentialsValue in credentialsValue }
            let keyID = merged["aws_access_key_id"]
            let secret = merged["aws_secret_access_key"]
            switch (keyID, secret) {
            case let (keyID?, secret?):
                credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: merged["aws_session_token"])
                source = "profile \(profileName)"
            case (nil, _?):
                throw AWSSettingsError(description: "profile '\(profileName)' has aws_secret_access_key but no aws_access_key_id")
            case (_?, nil):
                throw AWSSettingsError(description: "profile '\(profileName)' has aws_access_key_id but no aws_secret_access_key")
            case (nil, nil):
                if let kind = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"].first(where: { merged[$0] != nil }) {
                    throw AWSSettingsError(description: "profile '\(profileName)' uses \(kind), which residue does not resolve; export temporary credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), e.g. with 'aws configure export-credentials --format env'")
                }
                throw AWSSettingsError(description: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile of \(credentialsPath) with --profile or AWS_PROFILE")
            }
        }

        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? fromConfig["region"] ?? fromCredentials["region"]
        let profileEndpoint = fromConfig["endpoint_url"]
        func endpoint(_ specific: String) throws(AWSSettingsError) -> URL? {
            guard let text = value(specific) ?? value("AWS_ENDPOINT_URL") ?? profileEndpoint else { return nil }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                throw AWSSettingsError(description: "endpoint URL '\(text)' is not an http(s) URL")
            }
            return url
        }
        return AWSSettings(credentials: credentials, credentialSource: source, region: region,
                           lambdaEndpoint: try endpoint("AWS_ENDPOINT_URL_LAMBDA"), s3Endpoint: try endpoint("AWS_ENDPOINT_URL_S3"))
    }

    /// Profiles of a shared credentials or config file (`[name]`, or `[profile name]` in the
    /// config file; `#`/`;` comments); nil when the file does not exist.
    static func readProfiles(_ path: String, isConfigFile: Bool) throws(AWSSettingsError) -> [String: [String: String]]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AWSSettingsError(description: "\(path): cannot read: \(error.localizedDescription)")
        }
        return parseProfiles(text, isConfigFile: isConfigFile)
    }

    static func parseProfiles(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                    } else if name != "default" {
                        // `[sso-session x]`, `[services x]`: not profiles.
                        current = nil
                        continue
                    }
                }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // Nested sections (`s3 =` followed by indented lines) have no value of their own.
            if !value.isEmpty { profiles[profile, default: [:]][key] = value }
        }
        return profiles
    }
}
