import Foundation

/// Archives (deployment packages, layers, `.jar`s of dependencies) are scanned in memory: each
/// entry is classified and matched like a file named `archive.zip!/path/in/zip`, nested archives
/// one level deep (`outer.zip!/lib/inner.jar!/app.properties`).
extension FileScanner {
    /// Reads an archive file whole (bounded by `--max-file-size`) and scans its entries.
    func scanArchiveFile(_ file: InputFile, format: ArchiveFormat) -> FileScanResult {
        var result = FileScanResult()
        guard let (descriptor, size) = openRegularFile(file, into: &result) else { return result }
        defer { close(descriptor) }
        // Read straight into the array the reader works on: one copy of the archive in memory.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size, let base = buffer.baseAddress {
                let got = read(descriptor, base + count, size - count)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno }
                if got <= 0 { break }
                count += got
            }
        }
        if failure != 0 {
            result.warnings.append(ScanWarning(path: file.path, reason: "cannot read: \(errnoDescription(failure))"))
            result.statistics.skip(.unreadable)
            return result
        }
        return scanArchive(bytes, format: format, label: file.path, relativeLabel: file.relativePath)
    }

    /// Scans the entries of an archive held in memory. `label` names it in findings and warnings
    /// (`src/layer.zip`, a function ARN); `relativeLabel` in fingerprints and for the handler-state
    /// analysis, whose paths are then `relativeLabel!/entry`.
    func scanArchive(_ bytes: [UInt8], format: ArchiveFormat, label: String, relativeLabel: String) -> FileScanResult {
        var result = FileScanResult()
        let reader = ArchiveReader(limits: configuration.archiveLimits)
        readEntries(bytes, format: ArchiveFormat.sniff(bytes) ?? format, label: label, relativeLabel: relativeLabel,
                    nested: false, reader: reader, into: &result)
        return result
    }

    private func readEntries(_ bytes: [UInt8], format: ArchiveFormat, label: String, relativeLabel: String, nested: Bool,
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
        reader.read(bytes, format: format, wants: wants) { entry, content in
            let entryLabel = "\(label)!/\(entry)"
            let entryRelative = "\(relativeLabel)!/\(entry)"
            if !nested, let innerFormat = ArchiveFormat.byName(entry) {
                problems += reader.takeProblems()
                readEntries(content, format: ArchiveFormat.sniff(content) ?? innerFormat, label: entryLabel, relativeLabel: entryRelative,
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
