import Foundation

/// Where a report goes, piece by piece: renderers write each finding as they reach it, so a report
/// of a hundred thousand findings is never built whole in memory.
public protocol ReportSink: AnyObject {
    func write(_ text: String)
}

/// Keeps the whole report as one string (tests, small reports).
public final class StringReportSink: ReportSink {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) {
        self.text += text
    }
}

/// Foundation's pretty-printed JSON (two spaces per level) placed inside a larger document that is
/// written piece by piece.
enum PrettyJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode(_ value: some Encodable, with encoder: JSONEncoder) -> String {
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func serialize(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `json` with every line but the first moved right by `spaces` (the first line follows a key
    /// or an indentation the caller wrote). JSON strings never hold a raw newline, so lines are
    /// safe to split on.
    static func nested(_ json: String, by spaces: Int) -> String {
        guard json.contains("\n") else { return json }
        let padding = String(repeating: " ", count: spaces)
        return json.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.isEmpty ? String(line) : padding + line
        }.joined(separator: "\n")
    }
}
