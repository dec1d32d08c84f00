import Foundation

/// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one failed
/// test case per finding, or one passing case when nothing was found.
public enum JUnitReport {
    public static func render(_ result: ScanResult) -> String {
        let sink = StringReportSink()
        render(result, to: sink)
        return sink.text
    }

    public static func render(_ result: ScanResult, to sink: ReportSink) {
        let findings = result.findings
        let time = String(format: "%.3f", result.statistics.durationSeconds)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"residue\" tests=\"\(max(findings.count, 1))\" failures=\"\(findings.count)\" errors=\"0\" time=\"\(time)\">\n"
        out += "  <testsuite name=\"residue scan\" tests=\"\(max(findings.count, 1))\" failures=\"\(findings.count)\" errors=\"0\" skipped=\"0\" time=\"\(time)\">\n"
        if findings.isEmpty {
            out += "    <testcase classname=\"residue\" name=\"no secrets found in \(result.statistics.filesScanned) files\"/>\n"
        }
        for finding in findings {
            let name = "\(finding.ruleID) at \(finding.path):\(finding.line):\(finding.column)"
            out += "    <testcase classname=\"\(escape(finding.path))\" name=\"\(escape(name))\" file=\"\(escape(finding.path))\" line=\"\(finding.line)\">\n"
            var body = "\(finding.message ?? finding.title) (\(finding.severity.rawValue), confidence \(finding.confidence.rawValue))\n\(finding.excerpt)"
            if let commit = finding.commit { body += "\ncommit \(commit)" }
            out += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(escape(finding.title))\">\(escape(body))</failure>\n"
            out += "    </testcase>\n"
            sink.write(out)
            out = ""
        }
        out += "  </testsuite>\n</testsuites>\n"
        sink.write(out)
    }

    /// XML text and attribute escaping; control characters XML 1.0 forbids become spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
