// libFuzzer target: the handler-state analysis (lexers, outline, flow) of all seven languages on
// arbitrary bytes. The first byte picks the language through the file name.
import FuzzDriver
@testable import ResidueCore

let analyzer = HandlerStateAnalyzer(functions: [])
let names = ["app.py", "index.js", "handler.ts", "Handler.java", "main.go", "Function.cs", "handler.rb", "main.swift"]

public func fuzzHandler(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let name = names[Int(data[0]) % names.count]
    _ = analyzer.analyze(UnsafeRawBufferPointer(start: data + 1, count: size - 1), path: name, relativePath: name)
    return 0
}

@_cdecl("fuzz_handler_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzHandler(data, size) }
}
