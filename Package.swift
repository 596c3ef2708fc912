// swift-tools-version: 6.1
// DMus — a real-time software DLS synthesizer for Linux, modelled on the WDM DirectMusic
// port/miniport stack. Module map and import direction: ../shared/DESIGN.md §1.
import PackageDescription

let packageDir = Context.packageDirectory

let package = Package(
    name: "DMus",
    products: [
        .executable(name: "dmus", targets: ["dmus"]),
        .library(name: "DMusKit", targets: ["DLS", "SMF", "DMusPort", "DMusSynth", "AudioOutput", "Performance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (apt: libasound2-dev, libsndfile1-dev) and the tiny C shim for what
        // Swift cannot import (ALSA's variadic error handler, *_alloca macros).
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .target(name: "CAudioShim", dependencies: ["CALSA"]),
        // The embedded default collection and demo song, linked into the binary with .incbin.
        .target(
            name: "CResources",
            cSettings: [.define("DMUS_RESOURCES_DIR", to: "\"\(packageDir)/Resources\"")]
        ),

        // Readers, writers and neutral models: no dependencies.
        .target(name: "DLS"),
        .target(name: "SMF"),

        // The port driver and the miniport (the synthesizer).
        .target(name: "DMusPort"),
        .target(name: "DMusSynth", dependencies: ["DMusPort"]),

        // What the wave sink writes to.
        .target(name: "AudioOutput", dependencies: ["DMusPort", "CALSA", "CSndFile", "CAudioShim"]),

        // The client side (dmusic.dll's role): downloads and event feeding.
        .target(name: "Performance", dependencies: ["DLS", "SMF", "DMusPort"]),

        .executableTarget(
            name: "dmus",
            dependencies: [
                "DLS", "SMF", "DMusPort", "DMusSynth", "AudioOutput", "Performance", "CResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Writes Resources/ (default collection + demo song). Run by `make resources`.
        .executableTarget(name: "dmus-resources", dependencies: ["DLS", "SMF", "DMusPort"]),

        // Test support: a malloc counter that proves the render path allocates nothing.
        .target(name: "CMallocCounter", path: "Tests/CMallocCounter"),
        .target(name: "DMusTestSupport", path: "Tests/DMusTestSupport"),

        .testTarget(name: "DLSTests", dependencies: ["DMusTestSupport", "DLS"]),
        .testTarget(name: "SMFTests", dependencies: ["DMusTestSupport", "SMF"]),
        .testTarget(name: "DMusPortTests", dependencies: ["DMusTestSupport", "DMusPort"]),
        .testTarget(name: "DMusSynthTests", dependencies: ["DMusTestSupport", "DMusSynth", "DMusPort", "DLS", "Performance", "CMallocCounter"]),
        .testTarget(name: "AudioOutputTests", dependencies: ["DMusTestSupport", "AudioOutput", "DMusPort", "CAudioShim", "CALSA", "CSndFile"]),
        .testTarget(name: "PerformanceTests", dependencies: ["DMusTestSupport", "Performance", "DMusSynth", "DMusPort", "DLS", "SMF", "AudioOutput"]),
        .testTarget(name: "CLITests", dependencies: ["DMusTestSupport", "dmus", "AudioOutput"]),
    ]
)
