// libFuzzer target: the HCL 2 parser and the Terraform reader (variables, locals, tfvars followed)
// on arbitrary bytes, read as one module's `main.tf`.
import FuzzDriver
import HCL
@testable import ResidueCore

public func fuzzHCL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? HCL.parse(bytes)
    _ = try? HCL.parseJSON(bytes)
    _ = TerraformReader.read([("main.tf", "main.tf", bytes)])
    return 0
}

@_cdecl("fuzz_hcl_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzHCL(data, size) }
}
