import Foundation
import Yams

/// Known findings a team has accepted, keyed by fingerprint (rule, path, hash of the value — not
/// the line), so moving code around never changes the file. Sorted, no timestamps: re-creating
/// it on an unchanged tree gives the same bytes.
public struct Baseline: Sendable, Equatable, Codable {
    public static let defaultFileName = ".residue-baseline.json"
    public static let currentVersion = 1

    public struct Entry: Sendable, Equatable, Codable, Hashable {
        public var fingerprint: String
        public var ruleId: String
        public var path: String
    }

    public var version: Int
    public var findings: [Entry]

    public init(findings: some Sequence<Finding>) {
        version = Self.currentVersion
        let unique = Set(findings.map { Entry(fingerprint: $0.fingerprint, ruleId: $0.ruleID, path: Fingerprint.normalize($0.path)) })
        self.findings = unique.sorted { ($0.fingerprint, $0.path) < ($1.fingerprint, $1.path) }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func load(from path: String) throws(ReadError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, reason: "cannot read baseline")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Reads a baseline through the YAML parser (JSON is YAML) so every error can name its line.
    public static func parse(_ text: String, path: String) throws(ReadError) -> Baseline {
        func fail(_ node: Node?, _ reason: String) -> ReadError {
            if let line = node?.mark?.line { return ReadError(path: path, reason: "line \(line): \(reason)") }
            return ReadError(path: path, reason: reason)
        }
        let root: Node?
        if let line = YAMLPrecheck.collectionKeyLine(Array(text.utf8)) {
            throw ReadError(path: path, reason: "line \(line): not valid JSON: \(YAMLPrecheck.refusal)")
        }
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let detail = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "syntax error"
            throw ReadError(path: path, reason: "not valid JSON: \(detail)")
        }
        guard let root, let mapping = root.mapping else { throw fail(root, "expected an object with 'version' and 'findings'") }
        guard let versionNode = mapping["version"], let version = versionNode.int else {
            throw fail(root, "missing 'version'")
        }
        guard version == currentVersion else { throw fail(versionNode, "baseline version \(version) is not \(currentVersion)") }
        guard let findingsNode = mapping["findings"], let list = findingsNode.sequence else {
            throw fail(root, "missing 'findings' list")
        }
        var entries: [Entry] = []
        for item in list {
            guard let fields = item.mapping else { throw fail(item, "a finding must be an object") }
            var values: [String: String] = [:]
            for key in ["fingerprint", "ruleId", "path"] {
                guard let node = fields[key] else { throw fail(item, "a finding has no '\(key)'") }
                // JSON strings are quoted scalars; a bare number or `true` is a different type.
                guard let scalar = node.scalar, scalar.style == .doubleQuoted || scalar.style == .singleQuoted else {
                    throw fail(node, "'\(key)' must be a string")
                }
                values[key] = scalar.string
            }
            entries.append(Entry(fingerprint: values["fingerprint"] ?? "", ruleId: values["ruleId"] ?? "", path: values["path"] ?? ""))
        }
        var baseline = Baseline(findings: [])
        baseline.findings = entries.sorted { ($0.fingerprint, $0.path) < ($1.fingerprint, $1.path) }
        return baseline
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    /// Drops the findings the baseline knows; returns what is new and how many were dropped.
    public func filter(_ findings: FindingList) -> (new: FindingList, suppressed: Int) {
        let known = Set(self.findings.map(\.fingerprint))
        let new = findings.keeping { !known.contains($0.fingerprint) }
        return (new, findings.count - new.count)
    }
}
