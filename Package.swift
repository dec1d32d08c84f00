// swift-tools-version:6.1
import Foundation
import PackageDescription

// `RESIDUE_STATIC_NATIVE=1` (set by `make release`) links libpcre2-8 and libmagic statically, so
// the release binary needs neither on the machine it runs on. The module maps carry no `link`
// directive and pkg-config is skipped in that mode, or the shared libraries would be linked too.
let staticNative = ProcessInfo.processInfo.environment["RESIDUE_STATIC_NATIVE"] == "1"
let nativeLinking: [LinkerSetting] = staticNative
    ? [.unsafeFlags([
        "-Xlinker", "-Bstatic", "-Xlinker", "-lpcre2-8", "-Xlinker", "-lmagic",
        "-Xlinker", "-Bdynamic", "-Xlinker", "-llzma", "-Xlinker", "-lbz2", "-Xlinker", "-lz",
    ])]
    : [.linkedLibrary("pcre2-8"), .linkedLibrary("magic")]

let package = Package(
    name: "Residue",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "residue", targets: ["residue"]),
        .library(name: "ResidueCore", targets: ["ResidueCore"]),
        .plugin(name: "ResidueScanPlugin", targets: ["ResidueScanPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: staticNative ? nil : "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .systemLibrary(
            name: "CMagic",
            pkgConfig: staticNative ? nil : "libmagic",
            providers: [.apt(["libmagic-dev"]), .brew(["libmagic"])]
        ),
        // zlib's inflate for .tar.gz layers and packages (ZIPFoundation keeps its own zlib module
        // internal). libz is linked dynamically in every build, release included.
        .systemLibrary(
            name: "CZlibInflate",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // HCL 2 parser with exact positions (Terraform); knows nothing of Residue.
        .target(name: "HCL"),
        .target(
            name: "ResidueCore",
            dependencies: [
                "CPCRE2",
                "CMagic",
                "HCL",
                "CZlibInflate",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            linkerSettings: nativeLinking
        ),
        .executableTarget(
            name: "residue",
            dependencies: [
                "ResidueCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Regenerates Sources/ResidueCore/Rules/BuiltinRules.generated.swift from Patterns/*.yaml.
        // A test fails when the checked-in file is stale (`make rules` fixes it).
        .executableTarget(
            name: "generate-rules",
            dependencies: ["ResidueCore"]
        ),
        .plugin(
            name: "ResidueScanPlugin",
            capability: .command(
                intent: .custom(verb: "scan", description: "Scan the whole package directory for secrets and sensitive data")
                // No declared write permission: SwiftPM would then demand
                // --allow-writing-to-package-directory on every non-interactive run, although the
                // scan itself never writes. A report written with --output is the user's own choice.
            )
        ),
        .testTarget(
            name: "HCLTests",
            dependencies: ["HCL"]
        ),
        .testTarget(
            name: "ResidueCoreTests",
            dependencies: ["ResidueCore", "CZlibInflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "ResidueCLITests",
            dependencies: ["ResidueCore", "residue"],
            // Python scripts the tests run: a fake Lambda API and the moto planting script.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (`make fuzz TARGET=…`, see Fuzz/README.md): only with RESIDUE_FUZZ=1, so the
// normal build and the tests never compile them.
if ProcessInfo.processInfo.environment["RESIDUE_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/driver"))
    for name in ["content", "templates", "config", "hcl", "handler", "decoders"] {
        package.targets.append(.executableTarget(
            name: "fuzz-\(name)", dependencies: ["ResidueCore", "HCL", "FuzzDriver"], path: "Fuzz/\(name)"))
    }
}

