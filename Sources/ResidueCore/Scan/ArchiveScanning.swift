import Foundation

/// Archives (deployment packages, layers, `.jar`s of dependencies) are read from their files an
/// entry at a time (nested ones and downloaded packages from memory): each entry is classified
/// and matched like a file named `archive.zip!/path/in/zip`, nested archives one level deep
/// (`outer.zip!/lib/inner.jar!/app.properties`).
extension FileScanner {
    /// Scans an archive file's entries, reading the file as it goes (one entry in memory at a time).
    func scanArchiveFile(_ file: InputFile, format: ArchiveFormat) -> FileScanResult {
        var result = FileScanResult()
        guard let (descriptor, size) = openRegularFile(file, into: &result) else { return result }
        defer { close(descriptor) }
        let source = ArchiveSource.file(descriptor: descriptor, path: file.path, size: size)
        let sniffed = source.bytes(at: 0, count: 4).flatMap(ArchiveFormat.sniff)
        readEntries(source, format: sniffed ?? format, label: file.path, relativeLabel: file.relativePath,
                    nested: false, reader: ArchiveReader(limits: configuration.archiveLimits), into: &result)
        return result
    }

    /// Scans the entries of an archive held in memory. `label` names it in findings and warnings
    /// (`src/layer.zip`, a function ARN); `relativeLabel` in fingerprints and for the handler-state
    /// analysis, whose paths are then `relativeLabel!/entry`.
    func scanArchive(_ bytes: [UInt8], format: ArchiveFormat, label: String, relativeLabel: String) -> FileScanResult {
        var result = FileScanResult()
        let reader = ArchiveReader(limits: configuration.archiveLimits)
        readEntries(.memory(bytes), format: ArchiveFormat.sniff(bytes) ?? format, label: label, relativeLabel: relativeLabel,
                    nested: false, reader: reader, into: &result)
        return result
    }

    private func readEntries(_ source: ArchiveSource, format: ArchiveFormat, label: String, relativeLabel: String, nested: Bool,
                             reader: ArchiveReader, into result: inout FileScanResult) {
        var skippedBinary = 0
        var collected = FileScanResult()
        let wants = { (entry: String) -> Bool in
            if entry.hasSuffix("/") { return false }
            if !nested && ArchiveFormat.byName(entry) != nil { return true }
            if Classifier.isBinaryByExtension(entry) {
                skippedBinary += 1
                return false
            }
            return true
        }
        var problems: [ArchiveProblem] = []
        reader.read(source, format: format, wants: wants) { entry, content in
            let entryLabel = "\(label)!/\(entry)"
            let entryRelative = "\(relativeLabel)!/\(entry)"
            if !nested, let innerFormat = ArchiveFormat.byName(entry) {
                problems += reader.takeProblems()
                readEntries(.memory(content), format: ArchiveFormat.sniff(content) ?? innerFormat, label: entryLabel, relativeLabel: entryRelative,
                            nested: true, reader: reader, into: &collected)
                return
            }
            let entryResult = scanContent(content, path: entryLabel, relativePath: entryRelative)
            collected.findings += entryResult.findings
            collected.warnings += entryResult.warnings
            collected.notes += entryResult.notes
            collected.statistics.add(entryResult.statistics)
        }
        problems += reader.takeProblems()
        for problem in problems {
            collected.warnings.append(ScanWarning(path: label, reason: "not scanned: \(problem)"))
        }
        collected.statistics.skip(.binary, count: skippedBinary)
        result.findings += collected.findings
        result.warnings += collected.warnings
        result.notes += collected.notes
        result.statistics.add(collected.statistics)
    }
}
