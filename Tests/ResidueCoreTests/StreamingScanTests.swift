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

    /// Findings are put in report order in place (no scratch copy of the array), with the same
    /// result as sorting.
    @Test(arguments: [0, 1, 2, 7, 500])
    func sortingForTheReportInPlaceMatchesSorting(count: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(count + 1)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let findings = (0..<count).map { index in
            Finding(ruleID: ["a", "b", "c"][next(3)], title: "t", severity: .high, confidence: .high, category: .secret,
                    path: "p\(next(5))", line: next(20) + 1, column: next(3) + 1, endLine: 1, excerpt: "",
                    redactedSecret: "", fingerprint: "f\(index)")
        }
        var inPlace = findings
        Finding.sortForReport(&inPlace)
        #expect(inPlace.map(\.fingerprint) == findings.sorted(by: Finding.reportOrder).map(\.fingerprint))
    }
}
