import Foundation
import ResidueCore

/// Redraws one status line on standard error while a scan runs — only on a terminal, so logs and
/// pipes stay clean — and erases it when the scan ends.
final class ProgressDisplay: @unchecked Sendable {
    private let progress: ScanProgress
    private let lock = NSLock()
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    /// nil when standard error is not a terminal or the user asked for quiet.
    static func start(_ progress: ScanProgress, quiet: Bool) -> ProgressDisplay? {
        guard !quiet, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        let display = ProgressDisplay(progress: progress)
        Thread.detachNewThread { display.loop() }
        return display
    }

    private init(progress: ScanProgress) {
        self.progress = progress
    }

    private func loop() {
        // Short scans finish before the first redraw and never show a line at all.
        Thread.sleep(forTimeInterval: 0.5)
        while isRunning {
            let now = progress.snapshot
            let line = "residue: \(now.filesDone)/\(now.filesTotal) files, \(ByteCountText.format(now.bytesDone)), \(now.findings) finding\(now.findings == 1 ? "" : "s")"
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            Thread.sleep(forTimeInterval: 0.1)
        }
        finished.signal()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
        finished.wait()
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
