import Dispatch

/// One confirmed rule match in a byte buffer.
struct ContentMatch {
    var ruleIndex: Int
    /// The value the rule captured, as offsets into the buffer.
    var secretRange: Range<Int>
    var matchRange: Range<Int>
    var confidence: Confidence
    /// Set when the match was found inside an encoded string: the ranges above are then the
    /// encoded string's, and this is the secret as decoded.
    var decoded: DecodedSecret?
}

/// A secret found by decoding: its value and how it was encoded in the file.
struct DecodedSecret {
    var secret: [UInt8]
    var encoding: ContentEncoding
}

/// Runs a compiled rule set over bytes: prefilter, then PCRE2 in windows around keyword hits,
/// then the placeholder, entropy, allow and validator checks.
struct ContentMatcher {
    /// How far back from a keyword a window may start when its line is very long (minified code).
    static let maxLookBehind = 1024

    let ruleSet: CompiledRuleSet

    /// Counters a caller reports (how often a regex hit its PCRE2 limits), and the time budget.
    struct Stats {
        var limitExceeded = 0
        /// Uptime in nanoseconds after which no more regex work starts (`.max`: no budget). PCRE2's
        /// limits bound one match attempt; this bounds a file full of near-misses.
        var deadline = UInt64.max
        /// Set when matching stopped at the deadline.
        var timedOut = false

        mutating func pastDeadline() -> Bool {
            if timedOut { return true }
            guard deadline != .max else { return false }
            timedOut = DispatchTime.now().uptimeNanoseconds > deadline
            return timedOut
        }
    }

    /// Matches in `buffer` that start inside `reportRange`. Chunks of a large file overlap; a match
    /// belongs to the chunk holding its first byte, and since every match contains a keyword at or
    /// after that byte, that chunk also saw the keyword.
    func matches(
        in buffer: UnsafeRawBufferPointer, reportRange: Range<Int>, scratch: MatchScratch, stats: inout Stats
    ) -> [ContentMatch] {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !buffer.isEmpty else { return [] }
        let length = buffer.count

        // 1. Each keyword hit gives its rules a window: a match must contain a keyword, so it starts
        //    between the hit's line start (or `lookbehind` bytes back) and the hit itself, and ends
        //    at most `window` bytes after it.
        //    Hits come in order, so the line start is found incrementally (a run of keyword hits on
        //    one long line costs one pass back, not one per hit), and a rule's window that touches
        //    its previous one extends it (a keyword repeated a million times is one window).
        var windows: [Window] = []
        var lastWindow = [Int](repeating: -1, count: ruleSet.rules.count)
        var previousHit = -1
        var previousLineStart = 0
        ruleSet.prefilter.scan(buffer) { keyword, end in
            let hitStart = end - ruleSet.keywordLengths[keyword]
            let floor = max(0, hitStart - ContentMatcher.maxLookBehind)
            var lineStart = hitStart
            let stop = previousHit >= 0 && previousHit <= hitStart ? max(floor, previousHit) : floor
            while lineStart > stop && base[lineStart - 1] != 0x0A { lineStart -= 1 }
            if lineStart == stop && stop == previousHit && stop > floor {
                lineStart = max(previousLineStart, floor)
            }
            previousHit = hitStart
            previousLineStart = lineStart
            for rule in ruleSet.keywordRules[keyword] {
                let definition = ruleSet.rules[rule].definition
                let firstStart = definition.lookbehind.map { max(lineStart, hitStart - $0) } ?? lineStart
                let windowEnd = min(length, end + definition.window)
                let last = lastWindow[rule]
                if last >= 0 && windows[last].firstStart <= firstStart && firstStart <= windows[last].lastStart + 1 {
                    windows[last].lastStart = max(windows[last].lastStart, hitStart)
                    windows[last].end = max(windows[last].end, windowEnd)
                    continue
                }
                lastWindow[rule] = windows.count
                windows.append(Window(rule: rule, firstStart: firstStart, lastStart: hitStart, end: windowEnd))
            }
        }
        for rule in ruleSet.unconditionalRules {
            windows.append(Window(rule: rule, firstStart: 0, lastStart: length, end: length))
        }
        guard !windows.isEmpty else { return [] }
        windows.sort { $0.rule != $1.rule ? $0.rule < $1.rule : $0.firstStart < $1.firstStart }

        // 2. Windows of one rule whose start ranges touch are merged; each is searched only for
        //    matches starting in its range, and never inside a match already found.
        var results: [ContentMatch] = []
        var index = 0
        while index < windows.count {
            if index & 31 == 0 && stats.pastDeadline() { break }
            var current = windows[index]
            index += 1
            var searchedUpTo = 0
            while true {
                if index < windows.count && windows[index].rule == current.rule && windows[index].firstStart <= current.lastStart + 1 {
                    current.lastStart = max(current.lastStart, windows[index].lastStart)
                    current.end = max(current.end, windows[index].end)
                    index += 1
                    continue
                }
                searchedUpTo = run(current, from: max(current.firstStart, searchedUpTo), base: base,
                                   reportRange: reportRange, scratch: scratch, stats: &stats, into: &results)
                guard index < windows.count && windows[index].rule == current.rule else { break }
                current = windows[index]
                index += 1
            }
        }
        return results
    }

    /// Where one rule's regex may match: starts in `firstStart...lastStart`, ends by `end`.
    struct Window {
        var rule: Int
        var firstStart: Int
        var lastStart: Int
        var end: Int
    }

    /// Searches one window; returns the offset after the last match (or the window's start).
    private func run(
        _ window: Window, from start: Int, base: UnsafePointer<UInt8>, reportRange: Range<Int>,
        scratch: MatchScratch, stats: inout Stats, into results: inout [ContentMatch]
    ) -> Int {
        let rule = ruleSet.rules[window.rule]
        var position = start
        var searchedUpTo = start
        while position <= window.lastStart && position <= window.end {
            switch rule.regex.match(base, length: window.end, from: position, startLimit: window.lastStart, scratch: scratch) {
            case .matched:
                guard let whole = scratch.group(0) else { return searchedUpTo }
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
                searchedUpTo = whole.upperBound
                if let match = confirm(rule: rule, ruleIndex: window.rule, whole: whole, base: base, scratch: scratch),
                    reportRange.contains(match.matchRange.lowerBound)
                {
                    results.append(match)
                }
            case .limitExceeded:
                stats.limitExceeded += 1
                return searchedUpTo
            case .noMatch, .failed:
                return searchedUpTo
            }
        }
        return searchedUpTo
    }

    /// How many layers of encoding are undone (base64 of a `.env` that holds base64).
    static let decodingDepth = 2

    /// Matches inside base64 and percent-encoded strings that start in `reportRange`, reported at
    /// the encoded string. `direct` are the plain matches of the same buffer: a rule that matched
    /// the encoded text itself has reported it already.
    func decodedMatches(
        in buffer: UnsafeRawBufferPointer, reportRange: Range<Int>, direct: [ContentMatch], scratch: MatchScratch,
        stats: inout Stats, depth: Int = ContentMatcher.decodingDepth
    ) -> [ContentMatch] {
        guard depth > 0 else { return [] }
        var results: [ContentMatch] = []
        for span in EncodedContent.spans(in: buffer, searchRange: reportRange) {
            if stats.pastDeadline() { break }
            span.decoded.withUnsafeBytes { decodedBuffer in
                let whole = 0..<decodedBuffer.count
                var inner = matches(in: decodedBuffer, reportRange: whole, scratch: scratch, stats: &stats)
                inner += decodedMatches(in: decodedBuffer, reportRange: whole, direct: inner, scratch: scratch,
                                        stats: &stats, depth: depth - 1)
                for match in inner {
                    if direct.contains(where: { $0.ruleIndex == match.ruleIndex && $0.matchRange.overlaps(span.range) }) {
                        continue
                    }
                    let secret = match.decoded?.secret ?? Array(decodedBuffer[match.secretRange])
                    results.append(ContentMatch(
                        ruleIndex: match.ruleIndex, secretRange: span.range, matchRange: span.range,
                        confidence: match.confidence, decoded: DecodedSecret(secret: secret, encoding: span.encoding)))
                }
            }
        }
        return results
    }

    private func confirm(
        rule: CompiledRule, ruleIndex: Int, whole: Range<Int>, base: UnsafePointer<UInt8>, scratch: MatchScratch
    ) -> ContentMatch? {
        let secretRange = rule.regex.secretGroups.lazy.compactMap { scratch.group($0) }.first ?? whole
        let nameRange = rule.regex.nameGroups.lazy.compactMap { scratch.group($0) }.first
        let secret = bytes(base, secretRange)
        if SecretJudgment.isPlaceholder(secret) { return nil }
        let definition = rule.definition
        if let minimum = definition.entropy, SecretJudgment.entropy(secret) < minimum { return nil }
        if !rule.allow.isEmpty {
            // Every group of the main match is read above, so the scratch can be reused here.
            let copy = Array(secret)
            for allow in rule.allow where allow.firstMatch(in: copy, scratch: scratch) != nil {
                return nil
            }
        }
        var confidence = definition.confidence
        if let validator = definition.validator {
            let candidate = Candidate(
                secret: secret,
                name: nameRange.map { bytes(base, $0) },
                match: bytes(base, whole),
                precedingByte: secretRange.lowerBound > 0 ? base[secretRange.lowerBound - 1] : nil)
            switch SecretJudgment.validate(validator, candidate) {
            case .rejected: return nil
            case .proven: confidence = .high
            case .plausible: break
            }
        }
        return ContentMatch(ruleIndex: ruleIndex, secretRange: secretRange, matchRange: whole, confidence: confidence)
    }

    private func bytes(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> ArraySlice<UInt8> {
        ArraySlice(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }
}
