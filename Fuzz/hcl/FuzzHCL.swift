// libFuzzer target: the HCL 2 parser and the Terraform reader (variables, locals, tfvars followed)
// on arbitrary bytes, read as one module's `main.tf`.
import HCL
@testable import ResidueCore

public func fuzzHCL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? HCL.parse(bytes)
    _ = try? HCL.parseJSON(bytes)
    _ = TerraformReader.read([("main.tf", "main.tf", bytes)])
    return 0
}

// SwiftPM links an executable's entry point as `<target>_main`; libFuzzer's own driver runs from
// there with this target's callback.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("fuzz_hcl_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzHCL(data, size) }
}
