// libFuzzer target: the base64 and percent decoders (spans of encoded text, decoded and matched
// again, two layers deep) on arbitrary bytes.
import FuzzDriver
@testable import ResidueCore

nonisolated(unsafe) let ruleSet: CompiledRuleSet? = try? CompiledRuleSet(definitions: BuiltinRules.definitions)
// One scratch space, reused: libFuzzer calls from one thread only.
nonisolated(unsafe) let scratch: MatchScratch? = ruleSet?.makeScratch()

public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let ruleSet, let scratch else { return 0 }
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    _ = EncodedContent.spans(in: buffer, searchRange: 0..<size)
    var stats = ContentMatcher.Stats()
    _ = ContentMatcher(ruleSet: ruleSet).decodedMatches(in: buffer, reportRange: 0..<size, direct: [], scratch: scratch, stats: &stats)
    return 0
}

@_cdecl("fuzz_decoders_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzDecoders(data, size) }
}
