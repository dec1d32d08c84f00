// libFuzzer target: the prefilter and every built-in rule on arbitrary bytes, as one file.
import FuzzDriver
@testable import ResidueCore

// One worker, reused: a scan per input would spend its time setting up PCRE2 scratch space.
// libFuzzer calls from one thread only.
nonisolated(unsafe) let scanner: FileScanner? = (try? CompiledRuleSet(definitions: BuiltinRules.definitions)).map {
    FileScanner(ruleSet: $0, configuration: ScanConfiguration(roots: []))
}

public func fuzzContent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let scanner else { return 0 }
    _ = scanner.scanInMemory(Array(UnsafeBufferPointer(start: data, count: size)), path: "fuzz.py")
    return 0
}

@_cdecl("fuzz_content_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzContent(data, size) }
}
