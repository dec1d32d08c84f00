/// One confirmed rule match in a byte buffer.
struct ContentMatch {
    var ruleIndex: Int
    /// The value the rule captured, as offsets into the buffer.
    var secretRange: Range<Int>
    var matchRange: Range<Int>
    var confidence: Confidence
}

/// Runs a compiled rule set over bytes: prefilter, then PCRE2 in windows around keyword hits,
/// then the placeholder, entropy, allow and validator checks.
struct ContentMatcher {
    /// How far back from a keyword a window may start when its line is very long (minified code).
    static let maxLookBehind = 1024

    let ruleSet: CompiledRuleSet

    /// Counters a caller reports: how often a regex hit its PCRE2 limits.
    struct Stats {
        var limitExceeded = 0
    }

    /// Matches in `buffer` that start inside `reportRange`. Chunks of a large file overlap; a match
    /// belongs to the chunk holding its first byte, and since every match contains a keyword at or
    /// after that byte, that chunk also saw the keyword.
    func matches(
        in buffer: UnsafeRawBufferPointer, reportRange: Range<Int>, scratch: MatchScratch, stats: inout Stats
    ) -> [ContentMatch] {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !buffer.isEmpty else { return [] }
        let length = buffer.count

        // 1. Keyword hits become per-rule windows: from the hit's line start (bounded) to `window` after.
        var windows: [(rule: Int, start: Int, end: Int)] = []
        ruleSet.prefilter.scan(buffer) { keyword, end in
            let hitStart = end - ruleSet.keywordLengths[keyword]
            let floor = max(0, hitStart - ContentMatcher.maxLookBehind)
            var lineStart = hitStart
            while lineStart > floor && base[lineStart - 1] != 0x0A { lineStart -= 1 }
            for rule in ruleSet.keywordRules[keyword] {
                let windowEnd = min(length, end + ruleSet.rules[rule].definition.window)
                windows.append((rule, lineStart, windowEnd))
            }
        }
        for rule in ruleSet.unconditionalRules {
            windows.append((rule, 0, length))
        }
        guard !windows.isEmpty else { return [] }
        windows.sort { $0.rule != $1.rule ? $0.rule < $1.rule : $0.start < $1.start }

        // 2. Merge overlapping windows of one rule, then run its regex through each.
        var results: [ContentMatch] = []
        var index = 0
        while index < windows.count {
            let rule = windows[index].rule
            var start = windows[index].start
            var end = windows[index].end
            index += 1
            while index < windows.count && windows[index].rule == rule {
                if windows[index].start <= end {
                    end = max(end, windows[index].end)
                    index += 1
                } else {
                    break
                }
            }
            run(rule: rule, base: base, windowStart: start, windowEnd: end, reportRange: reportRange,
                scratch: scratch, stats: &stats, into: &results)
            start = end
        }
        return results
    }

    private func run(
        rule ruleIndex: Int, base: UnsafePointer<UInt8>, windowStart: Int, windowEnd: Int, reportRange: Range<Int>,
        scratch: MatchScratch, stats: inout Stats, into results: inout [ContentMatch]
    ) {
        let rule = ruleSet.rules[ruleIndex]
        var position = windowStart
        while position <= windowEnd {
            switch rule.regex.match(base, length: windowEnd, from: position, scratch: scratch) {
            case .matched:
                guard let whole = scratch.group(0) else { return }
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
                if let match = confirm(rule: rule, ruleIndex: ruleIndex, whole: whole, base: base, scratch: scratch),
                    reportRange.contains(match.matchRange.lowerBound)
                {
                    results.append(match)
                }
            case .limitExceeded:
                stats.limitExceeded += 1
                return
            case .noMatch, .failed:
                return
            }
        }
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
