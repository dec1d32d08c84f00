/// What the flow analysis knows about a value: which request data or secret it carries (as the
/// chain of names it flowed through, for the message), whether it is a path under the temporary
/// folder, whether it is a resource (client, pool, compiled pattern) that is fine to keep.
struct ValueFacts: Sendable, Equatable {
    /// The flow from the request: `event["body"] → order`.
    var request: String?
    /// The flow from a secret fetch: `get_secret_value() → credentials`.
    var secret: String?
    var temporary: TemporaryPath?
    var isResource = false

    /// Carries request data or a secret.
    var isData: Bool { request != nil || secret != nil }

    mutating func merge(_ other: ValueFacts) {
        if request == nil { request = other.request }
        if secret == nil { secret = other.secret }
        if let otherTemporary = other.temporary {
            if var temporary {
                temporary.roots.formUnion(otherTemporary.roots)
                temporary.autoDeleted = temporary.autoDeleted && otherTemporary.autoDeleted
                self.temporary = temporary
            } else {
                temporary = otherTemporary
            }
        }
    }

    /// The same facts after flowing into `name`: the chain grows by one name (at most four kept).
    func flowing(into name: String) -> ValueFacts {
        var result = self
        result.request = request.map { Self.extend($0, with: name) }
        result.secret = secret.map { Self.extend($0, with: name) }
        if var temporary {
            temporary.roots.insert(name)
            result.temporary = temporary
        }
        return result
    }

    private static func extend(_ chain: String, with name: String) -> String {
        var parts = chain.components(separatedBy: " → ")
        if parts.last == name { return chain }
        parts.append(name)
        if parts.count > 4 { parts = [parts[0], "…"] + parts.suffix(2) }
        return parts.joined(separator: " → ")
    }
}

/// A path under the temporary folder, and the names and literals it was built from (removing any
/// of them removes it).
struct TemporaryPath: Sendable, Equatable {
    /// How the path was made: `"/tmp/report.csv"`, `tempfile.mkdtemp()`.
    var origin: String
    /// Deleted by itself (`TemporaryDirectory()`, `NamedTemporaryFile()`, `Tempfile.create { }`).
    var autoDeleted: Bool
    var roots: Set<String>
}
