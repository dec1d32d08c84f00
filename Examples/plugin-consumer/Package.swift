// swift-tools-version:6.1
// A package that uses Residue's command plugin: `swift package scan` in this folder scans it.
import PackageDescription

let package = Package(
    name: "OrdersLambda",
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .target(name: "OrdersLambda"),
    ]
)
