// swift-tools-version: 6.1
// The render benchmarks (ordo-one/benchmark), kept out of the main package so that ordinary
// builds and CI never compile them. From this folder:
//   swift package benchmark                                  throughput per voice count and interpolation
//   swift package benchmark thresholds check                 the allocation gate (0 mallocs per warmed render)
import PackageDescription

let package = Package(
    name: "DMusBenchmarks",
    dependencies: [
        .package(name: "DMus", path: ".."),
        // The MallocInterposer trait counts mallocs; the default traits would pull a package
        // that is not available offline.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RenderBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DMusKit", package: "DMus"),
            ],
            path: "Benchmarks/RenderBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
