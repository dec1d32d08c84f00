import Foundation
import Synchronization
import Testing
@testable import ResidueCore

/// The file pass walks and scans at once through a bounded queue, and each worker keeps its own
/// totals: what the report says must not depend on how files were shared out.
@Suite struct StreamingScanTests {
    @Test func theQueueHandsEveryFileOverExactlyOnce() {
        let queue = FileQueue(capacity: 8)
        let count = 20_000
        let producer = Thread {
            for index in 0..<count {
                queue.push(InputFile(path: "/r/\(index)", relativePath: "\(index)"))
            }
            queue.close()
        }
        producer.start()
        let seen = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            var batch: [InputFile] = []
            var mine: [Int] = []
            while queue.pop(into: &batch, atMost: 5) {
                #expect(batch.count <= 5 && !batch.isEmpty)
                mine += batch.compactMap { Int($0.relativePath) }
            }
            seen.withLock { $0 += mine }
        }
        let all = seen.withLock { $0 }.sorted()
        #expect(all == Array(0..<count))
    }

    @Test func aTreeLargerThanTheQueueGivesTheSameReportWithAnyNumberOfWorkers() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // More files than the queue holds, a few with a secret, one unreadable link.
        for folder in 0..<30 {
            for file in 0..<170 {
                let text = file % 50 == 7
                    ? "aws_access_key_id = AKIA" + "QWERTYUIOPASDFGH".shuffledDeterministically(seed: folder * 1000 + file) + "\n"
                    : "nothing to see in \(folder)/\(file)\n"
                try TestSupport.write(text, to: root.appendingPathComponent("d\(folder)/f\(file).txt"))
            }
        }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("d3/broken").path, withDestinationPath: "missing")
        func scan(workers: Int) -> ScanResult {
            var configuration = ScanConfiguration(roots: [root.path])
            configuration.workerCount = workers
            configuration.progress = ScanProgress()
            let result = TestSupport.builtinScanner.scan(configuration)
            let progress = configuration.progress?.snapshot
            #expect(progress?.filesTotal == 30 * 170)
            #expect(progress?.filesDone == 30 * 170)
            return result
        }
        let one = scan(workers: 1)
        let two = scan(workers: 2)
        let four = scan(workers: 4)
        #expect(one.statistics.filesScanned == 30 * 170)
        #expect(one.findings.count == 30 * 4)
        #expect(one.warnings.map(\.path) == [root.appendingPathComponent("d3/broken").path])
        for other in [two, four] {
            #expect(other.findings.map(\.fingerprint) == one.findings.map(\.fingerprint))
            #expect(other.findings.map(\.path) == one.findings.map(\.path))
            #expect(other.warnings == one.warnings)
            #expect(other.statistics.filesScanned == one.statistics.filesScanned)
            #expect(other.statistics.skipped == one.statistics.skipped)
        }
        #expect(one.findings.map(\.path) == one.findings.map(\.path).sorted())
    }
}
