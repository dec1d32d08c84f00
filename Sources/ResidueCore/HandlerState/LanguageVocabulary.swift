/// The names that matter to handler state, per language: what mutates a container, what writes a
/// file, what removes one, what makes a temporary path, what fetches a secret, what builds a
/// client. The flow analysis is shared; only these words differ.
struct LanguageVocabulary: Sendable {
    /// Methods that put data into the container they are called on (`append`, `put`, `Add`, `<<`).
    var mutators: Set<String>
    /// Calls that write bytes to a file (`write`, `writeFileSync`, `File.WriteAllText`).
    var fileWrites: Set<String>
    /// Calls that delete a file or folder.
    var removals: Set<String>
    /// Words that start a local declaration (`let`, `const`, `var`).
    var declarationKeywords: Set<String>

    static func of(_ language: SourceLanguage) -> LanguageVocabulary {
        switch language {
        case .python:
            LanguageVocabulary(
                mutators: ["append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft", "put"],
                fileWrites: ["write", "writelines", "write_text", "write_bytes", "dump", "download_file", "download_fileobj",
                             "urlretrieve", "copyfileobj", "savefig", "to_csv", "to_parquet"],
                removals: ["remove", "unlink", "rmtree", "rmdir", "removedirs", "cleanup"],
                declarationKeywords: [])
        case .javascript:
            LanguageVocabulary(
                mutators: ["push", "unshift", "set", "add", "splice", "assign"],
                fileWrites: ["writeFileSync", "writeFile", "appendFileSync", "appendFile", "write", "outputFile",
                             "outputFileSync", "writeJson", "writeJsonSync", "pipeline", "pipe"],
                removals: ["unlinkSync", "unlink", "rmSync", "rm", "rmdirSync", "rmdir", "remove", "removeSync", "removeCallback",
                           "cleanup"],
                declarationKeywords: ["let", "const", "var"])
        case .java:
            LanguageVocabulary(
                mutators: ["add", "put", "putAll", "putIfAbsent", "computeIfAbsent", "compute", "merge", "addAll", "offer",
                           "push", "addFirst", "addLast", "set"],
                fileWrites: ["write", "writeString", "copy", "transferTo", "writeBytes", "writeStringToFile", "writeByteArrayToFile"],
                removals: ["delete", "deleteIfExists", "deleteDirectory", "deleteQuietly", "forceDelete", "deleteRecursively"],
                declarationKeywords: ["var", "final"])
        case .go:
            LanguageVocabulary(
                mutators: ["Store", "LoadOrStore", "Set", "Add", "PushBack", "PushFront"],
                fileWrites: ["WriteFile", "Write", "WriteString", "Copy", "Encode"],
                removals: ["Remove", "RemoveAll"],
                declarationKeywords: ["var"])
        case .csharp:
            LanguageVocabulary(
                mutators: ["Add", "TryAdd", "AddOrUpdate", "GetOrAdd", "Enqueue", "Push", "Insert", "AddRange", "Set",
                           "TryUpdate", "AddFirst", "AddLast"],
                fileWrites: ["WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines",
                             "WriteAllTextAsync", "WriteAllBytesAsync", "WriteAllLinesAsync", "AppendAllTextAsync",
                             "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "CopyTo", "CopyToAsync", "Serialize",
                             "SerializeAsync"],
                removals: ["Delete"],
                declarationKeywords: ["var", "const"])
        case .ruby:
            LanguageVocabulary(
                mutators: ["push", "<<", "store", "merge!", "update", "unshift", "concat", "add", "insert", "append", "prepend"],
                fileWrites: ["write", "binwrite", "puts", "print", "copy_stream", "syswrite", "get_object"],
                removals: ["delete", "unlink", "rm", "rm_f", "rm_rf", "rm_r", "remove_entry", "remove_entry_secure",
                           "remove_dir", "remove_file", "close!", "rmdir"],
                declarationKeywords: [])
        case .swift:
            LanguageVocabulary(
                mutators: ["append", "insert", "updateValue", "merge", "formUnion", "setObject", "add"],
                fileWrites: ["write", "createFile", "copyItem"],
                removals: ["removeItem"],
                declarationKeywords: ["let", "var"])
        }
    }

    // MARK: Shared words

    /// Calls whose result is a client, pool, connection, compiled pattern or similar resource:
    /// keeping one in module state is the recommended practice, whatever went into building it.
    static let resourceFactories: Set<String> = [
        "client", "resource", "Session", "session", "connect", "create_engine", "sessionmaker", "compile", "Pool",
        "ConnectionPool", "createPool", "createConnection", "createClient", "Redis", "StrictRedis", "MongoClient",
        "Regex", "NSRegularExpression", "builder", "standard", "defaultClient", "Open", "NewFromConfig", "LoadDefaultConfig",
        "New", "NewClient", "NewSession", "Logger", "getLogger", "Tracer", "Metrics", "HttpClient", "Client",
        "DynamoDBDocumentClient", "DocumentClient", "Sequel", "Aws", "Sdk", "PG", "Mysql2", "Faraday",
        "S3Client", "DynamoDBClient", "SecretsManagerClient", "SSMClient", "SQSClient", "SNSClient", "EventBridgeClient",
        "AmazonS3Client", "AmazonDynamoDBClient", "AmazonSimpleSystemsManagementClient", "AmazonSecretsManagerClient",
        "DynamoDbClient", "SecretsManagerClient", "SsmClient", "SqsClient", "SnsClient", "HTTPClient", "AWSClient",
        "Pattern", "DriverManager", "getConnection", "HikariDataSource", "JsonSerializerOptions", "ObjectMapper",
        "Gson", "Jedis", "JedisPool", "MySqlConnection", "NpgsqlConnection", "SqlConnection", "Table", "Bucket",
        "Queue", "Topic", "PostgresClient", "S3", "DynamoDB", "SecretsManager", "SSM", "SQS", "SNS", "connection_pool",
        "ThreadPoolExecutor",
    ]

    /// Calls that fetch a secret value (Secrets Manager, Powertools parameters).
    static let secretFetches: Set<String> = [
        "get_secret_value", "getSecretValue", "GetSecretValue", "GetSecretValueAsync", "get_secret", "getSecret",
        "GetSecret", "GetSecretAsync",
    ]

    /// Calls that fetch a parameter: a secret when decryption is asked for.
    static let parameterFetches: Set<String> = [
        "get_parameter", "getParameter", "GetParameter", "GetParameterAsync", "get_parameters", "getParameters",
        "GetParameters", "get_parameters_by_path", "getParametersByPath", "GetParametersByPath",
    ]

    /// Words that ask for decryption of a parameter.
    static let decryptionFlags: Set<String> = ["WithDecryption", "withDecryption", "decrypt", "with_decryption", "WithWithDecryption"]

    /// Where a temporary path comes from; true when the thing is deleted by itself.
    static let temporaryPathSources: [String: Bool] = [
        "gettempdir": false, "mkdtemp": false, "mkstemp": false, "gettempdirb": false, "NamedTemporaryFile": true,
        "TemporaryDirectory": true, "TemporaryFile": true, "SpooledTemporaryFile": true,
        "tmpdir": false, "mkdtempSync": false, "tmpNameSync": false, "fileSync": false, "dirSync": false,
        "GetTempPath": false, "GetTempFileName": false, "createTempFile": false, "createTempDirectory": false,
        "CreateTemp": false, "MkdirTemp": false, "TempDir": false, "TempFile": false,
        "mktmpdir": false, "Tempfile": false, "temporaryDirectory": false, "NSTemporaryDirectory": false,
    ]

    /// Words in an environment variable's name that make its value a secret.
    static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        for suffix in ["_ARN", "_NAME", "_ID", "_PATH", "_PARAM", "_PARAMETER", "_REGION", "_URL_PARAM", "_SECRET_ID", "_KEY_ID",
                       "_FILE", "_ENDPOINT", "_HEADER"] where upper.hasSuffix(suffix) {
            return false
        }
        return ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL", "ACCESS_KEY",
                "SIGNING_KEY", "CLIENT_KEY", "AUTH_KEY"].contains { upper.contains($0) }
    }

    /// Container names that say they cache (a finding there is memoisation, not a leak by accident).
    static func isCacheName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.contains("cache") || lower.contains("memo")
    }

    /// Decorators and wrappers that memoise by argument.
    static func isMemoizer(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("lru_cache") || lower.hasPrefix("functools.lru_cache") || lower.hasPrefix("cache")
            || lower.hasPrefix("functools.cache") || lower.hasPrefix("cached") || lower.contains("memoize")
            || lower.hasPrefix("cachetools.cached")
    }
}
