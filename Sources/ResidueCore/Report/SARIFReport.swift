import Foundation

/// SARIF 2.1.0 for code-scanning services. Validated against the OASIS schema in the tests.
public enum SARIFReport {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let fingerprintKey = "residue/v1"

    public static func render(_ result: ScanResult, rules: [RuleDefinition], workingDirectory: String) -> String {
        let sink = StringReportSink()
        render(result, rules: rules, workingDirectory: workingDirectory, to: sink)
        return sink.text
    }

    /// Writes the log result by result, in the key order `sortedKeys` would give the whole document.
    public static func render(_ result: ScanResult, rules: [RuleDefinition], workingDirectory: String, to sink: ReportSink) {
        var ruleIndex: [String: Int] = [:]
        var descriptors: [[String: Any]] = []
        for rule in rules where ruleIndex[rule.id] == nil {
            ruleIndex[rule.id] = descriptors.count
            descriptors.append([
                "id": rule.id,
                "name": pascalCase(rule.id),
                "shortDescription": ["text": rule.title],
                "fullDescription": ["text": "\(rule.title) (\(rule.category.rawValue), pack \(rule.pack))"],
                "defaultConfiguration": ["level": level(rule.severity)],
                "properties": [
                    // SARIF tags are a set: the `pii` pack shares its name with its category.
                    "tags": ["security", rule.category.rawValue, rule.pack].reduce(into: [String]()) { tags, tag in
                        if !tags.contains(tag) { tags.append(tag) }
                    },
                    "security-severity": securitySeverity(rule.severity),
                    "precision": precision(rule.confidence),
                ] as [String: Any],
            ])
        }

        for rule in AnalyzerRules.all where ruleIndex[rule.id] == nil {
            ruleIndex[rule.id] = descriptors.count
            descriptors.append([
                "id": rule.id,
                "name": pascalCase(rule.id),
                "shortDescription": ["text": rule.title],
                "fullDescription": ["text": "\(rule.title) (\(rule.category.rawValue), \(rule.analyzer) analyzer)"],
                "help": ["text": rule.fix],
                "defaultConfiguration": ["level": level(rule.severity)],
                "properties": [
                    "tags": ["security", rule.category.rawValue, rule.analyzer],
                    "security-severity": securitySeverity(rule.severity),
                    "precision": precision(rule.confidence),
                ] as [String: Any],
            ])
        }

        let notifications: [[String: Any]] = result.warnings.map { warning in
            [
                "level": "warning",
                "message": ["text": "\(warning.path): \(warning.reason)"],
                "locations": [["physicalLocation": ["artifactLocation": artifactLocation(warning.path)]]],
            ]
        }
        var invocation: [String: Any] = ["executionSuccessful": result.failedRoots.isEmpty || result.statistics.filesScanned > 0]
        if !notifications.isEmpty { invocation["toolExecutionNotifications"] = notifications }

        var base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        base = "file://" + encodePath(base)
        let driver: [String: Any] = ["driver": [
            "name": ResidueVersion.name,
            "semanticVersion": ResidueVersion.version,
            "informationUri": ResidueVersion.informationURI,
            "rules": descriptors,
        ] as [String: Any]]

        // Keys in sorted order at every level, as the whole-document serialisation had them.
        sink.write("{\n  \"$schema\" : \(PrettyJSON.serialize(schemaURI)),\n  \"runs\" : [\n    {\n")
        sink.write("      \"columnKind\" : \"unicodeCodePoints\",\n")
        sink.write("      \"invocations\" : " + PrettyJSON.nested(PrettyJSON.serialize([invocation]), by: 6) + ",\n")
        sink.write("      \"originalUriBaseIds\" : " + PrettyJSON.nested(PrettyJSON.serialize(["%SRCROOT%": ["uri": base]]), by: 6) + ",\n")
        sink.write("      \"results\" : [\n")
        for (position, finding) in result.findings.enumerated() {
            let entry = resultObject(finding, ruleIndex: ruleIndex[finding.ruleID])
            sink.write((position == 0 ? "        " : ",\n        ") + PrettyJSON.nested(PrettyJSON.serialize(entry), by: 8))
        }
        sink.write("\n      ],\n")
        sink.write("      \"tool\" : " + PrettyJSON.nested(PrettyJSON.serialize(driver), by: 6) + "\n    }\n  ],\n")
        sink.write("  \"version\" : \"2.1.0\"\n}\n")
    }

    /// One SARIF `result`.
    static func resultObject(_ finding: Finding, ruleIndex: Int?) -> [String: Any] {
        var region: [String: Any] = [
            "startLine": finding.line,
            "startColumn": finding.column,
            "snippet": ["text": finding.excerpt],
        ]
        if finding.endLine != finding.line { region["endLine"] = finding.endLine }
        var properties: [String: Any] = [
            "severity": finding.severity.rawValue,
            "confidence": finding.confidence.rawValue,
            "category": finding.category.rawValue,
        ]
        if let commit = finding.commit {
            properties["commit"] = commit
            if let date = finding.authorDate { properties["authorDate"] = date }
        }
        var entry: [String: Any] = [
            "ruleId": finding.ruleID,
            "level": level(finding.severity),
            "message": ["text": finding.message ?? "\(finding.title): \(finding.redactedSecret)"],
            "locations": [["physicalLocation": [
                "artifactLocation": artifactLocation(finding.path),
                "region": region,
            ] as [String: Any]]],
            "partialFingerprints": [fingerprintKey: finding.fingerprint],
            "properties": properties,
        ]
        if let ruleIndex { entry["ruleIndex"] = ruleIndex }
        return entry
    }

    static func artifactLocation(_ path: String) -> [String: Any] {
        if path.hasPrefix("/") {
            return ["uri": "file://" + encodePath(path)]
        }
        // Deployed functions and layers (`residue aws`): their ARN is an absolute URI of its own
        // (`arn:…!/path/in/package`), not a path below the source root.
        if path.hasPrefix("arn:") {
            return ["uri": encodePath(path)]
        }
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return ["uri": encodePath(relative), "uriBaseId": "%SRCROOT%"]
    }

    /// Percent-encodes a path for a URI, keeping `/`.
    static func encodePath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#%[]")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub code scanning reads this 0–10 score to rank security alerts.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
    }

    static func precision(_ confidence: Confidence) -> String {
        switch confidence {
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        }
    }

    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
