// swift-tools-version:6.1
import PackageDescription

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
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .systemLibrary(
            name: "CMagic",
            pkgConfig: "libmagic",
            providers: [.apt(["libmagic-dev"]), .brew(["libmagic"])]
        ),
        .target(
            name: "ResidueCore",
            dependencies: [
                "CPCRE2",
                "CMagic",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
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
            name: "ResidueCoreTests",
            dependencies: ["ResidueCore"]
        ),
        .testTarget(
            name: "ResidueCLITests",
            dependencies: ["ResidueCore", "residue"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
