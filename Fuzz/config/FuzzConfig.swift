// libFuzzer target: the readers of files users and other runs hand us: `.residue.yaml`, baselines,
// JSON reports (for `merge`) and custom rule packs.
import FuzzDriver
import Foundation
@testable import ResidueCore

public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? ResidueConfig.parse(text, path: "fuzz.yaml")
    _ = try? Baseline.parse(text, path: "baseline.json")
    _ = try? JSONReport.parse(Data(bytes), source: "report.json")
    if let rules = try? RulePackLoader.parse(yaml: text, source: "pack.yaml", pack: "fuzz") {
        _ = try? CompiledRuleSet(definitions: rules)
    }
    return 0
}

@_cdecl("fuzz_config_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzConfig(data, size) }
}
