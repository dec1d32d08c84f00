// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Residue",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "residue", targets: ["residue"]),
        .library(name: "ResidueCore", targets: ["ResidueCore"]),
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
