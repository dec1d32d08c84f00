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
        let sniffed = ArchiveFormat.sniff(source.bytes(at: 0, count: 4))
        readEntries(source, format: sniffed ?? format, label: file.path, relativeLabel: file.relativePath,
                    nested: false, reader: makeArchiveReader(), into: &result)
        return result
    }

    /// Scans the entries of an archive held in memory. `label` names it in findings and warnings
    /// (`src/layer.zip`, a function ARN); `relativeLabel` in fingerprints and for the handler-state
    /// analysis, whose paths are then `relativeLabel!/entry`.
    func scanArchive(_ bytes: [UInt8], format: ArchiveFormat, label: String, relativeLabel: String) -> FileScanResult {
        var result = FileScanResult()
        let reader = makeArchiveReader()
        readEntries(.memory(bytes), format: ArchiveFormat.sniff(bytes) ?? format, label: label, relativeLabel: relativeLabel,
                    nested: false, reader: reader, into: &result)
        return result
    }

    /// Large entries go to a temporary file outside the scanned tree when there is a place for one.
    private func makeArchiveReader() -> ArchiveReader {
        ArchiveReader(limits: configuration.archiveLimits, spillDirectory: configuration.temporaryDirectory)
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
                let inner: ArchiveSource = switch content {
                case .bytes(let bytes): .memory(bytes)
                case .file(let descriptor, let size): .file(descriptor: descriptor, path: ArchiveSource.path(of: descriptor), size: size)
                }
                let sniffed = ArchiveFormat.sniff(inner.bytes(at: 0, count: 4))
                readEntries(inner, format: sniffed ?? innerFormat, label: entryLabel, relativeLabel: entryRelative,
                            nested: true, reader: reader, into: &collected)
                return
            }
            let entryResult: FileScanResult
            switch content {
            case .bytes(let bytes):
                entryResult = scanContent(bytes, path: entryLabel, relativePath: entryRelative)
            case .file(let descriptor, let size):
                entryResult = scanSpilledEntry(descriptor, size: size, path: entryLabel, relativePath: entryRelative)
            }
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

    /// An entry written to a temporary file: scanned in windows like a file on disk, within the
    /// same size limit.
    private func scanSpilledEntry(_ descriptor: Int32, size: Int, path: String, relativePath: String) -> FileScanResult {
        guard size <= configuration.maxFileSize else {
            var result = FileScanResult()
            result.warnings.append(.overSizeLimit(path: path, size: size, limit: configuration.maxFileSize))
            result.statistics.skip(.tooLarge)
            return result
        }
        return scanOpened(descriptor, size: size, as: InputFile(path: path, relativePath: relativePath))
    }
}
