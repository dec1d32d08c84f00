import Foundation

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

    public init(findings: [Finding]) {
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
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw ReadError(path: path, reason: "not a Residue baseline: \(error.localizedDescription)")
        }
        guard baseline.version == currentVersion else {
            throw ReadError(path: path, reason: "baseline version \(baseline.version) is not \(currentVersion)")
        }
        return baseline
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    /// Drops the findings the baseline knows; returns what is new and how many were dropped.
    public func filter(_ findings: [Finding]) -> (new: [Finding], suppressed: Int) {
        let known = Set(self.findings.map(\.fingerprint))
        let new = findings.filter { !known.contains($0.fingerprint) }
        return (new, findings.count - new.count)
    }
}
