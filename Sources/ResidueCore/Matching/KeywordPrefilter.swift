/// Finds every occurrence of a set of literal keywords in one pass over the bytes, ASCII
/// case-insensitively: an Aho-Corasick automaton compiled to a dense DFA over byte classes.
///
/// Bytes that occur in no keyword share class 0, so the table stays small (states × classes)
/// even with hundreds of keywords.
public struct KeywordPrefilter: Sendable {
    public let keywords: [[UInt8]]
    private let keywordLengths: [Int]
    private let maxKeywordLength: Int
    /// Lowercased byte → class; 0 for bytes in no keyword.
    private let byteClass: [UInt8]
    private let classCount: Int
    /// Dense DFA: `transitions[row + class]`, where a row starts at `state * classCount`. Entries
    /// hold the next state's row offset, negated when keywords end in that state, so the hot loop
    /// does one table load and one sign test per byte.
    private let transitions: [Int32]
    /// For each state, the range in `outputKeywords` of keywords ending there.
    private let outputStart: [Int32]
    private let outputCount: [Int32]
    private let outputKeywords: [Int32]

    public init(keywords: [String]) {
        let folded = keywords.map { Array($0.utf8).map(KeywordPrefilter.lower) }
        self.keywords = folded
        keywordLengths = folded.map(\.count)
        maxKeywordLength = max(folded.map(\.count).max() ?? 1, 1)

        // Byte classes: one per distinct byte used by any keyword.
        var classes = [UInt8](repeating: 0, count: 256)
        var nextClass = 1
        for keyword in folded {
            for byte in keyword where classes[Int(byte)] == 0 {
                classes[Int(byte)] = UInt8(truncatingIfNeeded: nextClass)
                nextClass += 1
            }
        }
        precondition(nextClass <= 256, "at most 255 distinct keyword bytes")
        // Fold uppercase input onto the lowercase class.
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            classes[Int(upper)] = classes[Int(upper | 0x20)]
        }
        byteClass = classes
        classCount = nextClass

        // Trie.
        var children: [[Int32]] = [[Int32](repeating: -1, count: nextClass)]
        var outputs: [[Int32]] = [[]]
        for (index, keyword) in folded.enumerated() where !keyword.isEmpty {
            var state = 0
            for byte in keyword {
                let cls = Int(classes[Int(byte)])
                if children[state][cls] < 0 {
                    children.append([Int32](repeating: -1, count: nextClass))
                    outputs.append([])
                    children[state][cls] = Int32(children.count - 1)
                }
                state = Int(children[state][cls])
            }
            outputs[state].append(Int32(index))
        }

        // Breadth-first failure links, folded into a dense DFA.
        let states = children.count
        var fail = [Int32](repeating: 0, count: states)
        var table = [Int32](repeating: 0, count: states * nextClass)
        var queue: [Int] = []
        for cls in 0..<nextClass {
            let child = children[0][cls]
            if child >= 0 {
                table[cls] = child
                fail[Int(child)] = 0
                queue.append(Int(child))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state].append(contentsOf: outputs[Int(fail[state])])
            for cls in 0..<nextClass {
                let child = children[state][cls]
                if child >= 0 {
                    fail[Int(child)] = table[Int(fail[state]) * nextClass + cls]
                    table[state * nextClass + cls] = child
                    queue.append(Int(child))
                } else {
                    table[state * nextClass + cls] = table[Int(fail[state]) * nextClass + cls]
                }
            }
        }
        // Renumber states breadth-first: ordinary text keeps the automaton in shallow states, and
        // with those rows side by side the hot part of the table stays in L1.
        let order = [0] + queue
        var renumbered = [Int](repeating: 0, count: states)
        for (newIndex, oldIndex) in order.enumerated() { renumbered[oldIndex] = newIndex }
        var encoded = [Int32](repeating: 0, count: table.count)
        for oldState in 0..<states {
            let newRow = renumbered[oldState] * nextClass
            for cls in 0..<nextClass {
                let next = Int(table[oldState * nextClass + cls])
                let row = Int32(renumbered[next] * nextClass)
                encoded[newRow + cls] = outputs[next].isEmpty ? row : -row - 1
            }
        }
        transitions = encoded

        var starts = [Int32](repeating: 0, count: states)
        var counts = [Int32](repeating: 0, count: states)
        var flat: [Int32] = []
        for oldState in order {
            let state = renumbered[oldState]
            starts[state] = Int32(flat.count)
            counts[state] = Int32(outputs[oldState].count)
            flat.append(contentsOf: outputs[oldState])
        }
        outputStart = starts
        outputCount = counts
        outputKeywords = flat
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Hits of the second half held while the first is scanned, at most.
    static let maxDeferredHits = 16 << 10

    /// Calls `onHit(keywordIndex, endOffset)` for every keyword occurrence in `bytes`
    /// (`endOffset` is one past the keyword's last byte), in increasing order of `endOffset`.
    public func scan(_ bytes: UnsafeRawBufferPointer, _ onHit: (Int, Int) -> Void) {
        guard !bytes.isEmpty, classCount > 1 else { return }
        let stride = classCount
        let lengths = keywordLengths
        byteClass.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { delta in
                guard let classBase = classOf.baseAddress, let deltaBase = delta.baseAddress,
                    let input = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
                else { return }
                let count = bytes.count

                /// Reports the keywords ending in `row` at `end` that start before `startLimit`.
                func emit(_ row: Int, _ end: Int, startingBefore startLimit: Int) {
                    let state = row / stride
                    let first = Int(outputStart[state])
                    for slot in first..<(first + Int(outputCount[state])) {
                        let keyword = Int(outputKeywords[slot])
                        if end - lengths[keyword] < startLimit { onHit(keyword, end) }
                    }
                }

                /// One automaton over `input[from..<to]`, starting in `row` (the root by default).
                func single(from: Int, to: Int, startingBefore startLimit: Int, row initialRow: Int = 0) {
                    var row = initialRow
                    var offset = from
                    while offset < to {
                        let next = Int(deltaBase[row &+ Int(classBase[Int(input[offset])])])
                        offset &+= 1
                        if next >= 0 {
                            row = next
                        } else {
                            row = -next - 1
                            emit(row, offset, startingBefore: startLimit)
                        }
                    }
                }

                guard count >= 4096 && count <= Int(Int32.max) else {
                    single(from: 0, to: count, startingBefore: Int.max)
                    return
                }
                // Each byte's table load depends on the one before, so one automaton waits on
                // memory latency. Two automata over the two halves, interleaved, overlap those
                // waits. The first runs on past the middle far enough to finish every keyword that
                // starts before it; the second starts fresh at the middle and so only ever reports
                // keywords that start there or later.
                let middle = count / 2
                let firstEnd = min(count, middle + maxKeywordLength - 1)
                var rowA = 0
                var rowB = 0
                var a = 0
                var b = middle
                let steps = min(firstEnd, count - middle)
                var step = 0
                // The second half's hits wait until the first half is done, so callers see every
                // hit in order (and can work incrementally, whatever the input).
                var deferred: [Int32] = []  // (row, end) pairs; buffers are chunks well under 2 GiB
                while step < steps {
                    // Text that is a keyword at every other byte (`aaaa…`, `keykeykey…`) would
                    // defer millions of hits: past a bound, the second half starts over from the
                    // middle after the first, alone.
                    if deferred.count >= Self.maxDeferredHits * 2 {
                        deferred = []
                        b = middle
                        rowB = 0
                        break
                    }
                    let nextA = Int(deltaBase[rowA &+ Int(classBase[Int(input[a])])])
                    let nextB = Int(deltaBase[rowB &+ Int(classBase[Int(input[b])])])
                    a &+= 1
                    b &+= 1
                    step &+= 1
                    if nextA >= 0 {
                        rowA = nextA
                    } else {
                        rowA = -nextA - 1
                        emit(rowA, a, startingBefore: middle)
                    }
                    if nextB >= 0 {
                        rowB = nextB
                    } else {
                        rowB = -nextB - 1
                        deferred.append(Int32(truncatingIfNeeded: rowB))
                        deferred.append(Int32(truncatingIfNeeded: b))
                    }
                }
                // Whichever half is longer finishes on its own.
                single(from: a, to: firstEnd, startingBefore: middle, row: rowA)
                var index = 0
                while index < deferred.count {
                    emit(Int(deferred[index]), Int(deferred[index + 1]), startingBefore: Int.max)
                    index += 2
                }
                single(from: b, to: count, startingBefore: Int.max, row: rowB)
            }
        }
    }
}
