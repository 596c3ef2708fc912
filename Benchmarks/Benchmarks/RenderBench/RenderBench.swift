import AudioOutput
import Benchmark
import DLS
import DMusPort
import DMusSynth
import Performance

/// One wave-sink period (deliver due events, render, write to a null output) with N sustained
/// voices, for each interpolation: wall clock per period and mallocs (must be 0 once warm).
/// The load is `dmus bench`'s (`BenchmarkLoad`): a looped saw with EG1, both LFOs and an
/// EG2-swept resonant filter.
let benchmarks: @Sendable () -> Void = {
    for interpolation in Interpolation.allCases {
        for voices in [64, 256, 1024] {
            Benchmark("render_\(interpolation.rawValue)_\(voices)v",
                      configuration: .init(metrics: [.wallClock, .mallocCountTotal], scalingFactor: .one,
                                           maxDuration: .seconds(3), maxIterations: 2_000)) { benchmark, rig in
                for _ in benchmark.scaledIterations { rig.sink.runPeriod() }
            } setup: {
                try RenderRig(voices: voices, interpolation: interpolation)
            }
        }
    }
    // Two mixing threads: the same output, the work shared with a helper.
    Benchmark("render_cubic_1024v_2threads",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 2_000)) { benchmark, rig in
        for _ in benchmark.scaledIterations { rig.sink.runPeriod() }
    } setup: {
        try RenderRig(voices: 1024, interpolation: .cubic, threads: 2)
    }
}

/// A port with the benchmark bank downloaded, N notes sounding, warmed up.
final class RenderRig: @unchecked Sendable {
    let port: PortDMus
    let sink: WaveSink

    init(voices n: Int, interpolation: Interpolation, threads: Int = 1, period: Int = 512) throws {
        let rate = 48_000
        let groups = BenchmarkLoad.channelGroups(voices: n)
        port = PortDMus(miniport: DMusSynth(interpolation: interpolation, reverb: nil, chorus: nil, threads: threads),
                        clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                        allocator: AllocatorMXF(eventCapacity: max(16_384, 2 * n + 1024)))
        try port.newStream(parameters: PortParameters(sampleRate: rate, voices: n, channelGroups: groups, maxFramesPerRender: 4096))
        try CollectionDownloader(port: port).download(BenchmarkLoad.collection())
        sink = try WaveSink(port: port, output: NullOutput(sampleRate: rate, maxFramesPerWrite: 1 << 16), framesPerPeriod: period)
        let start = try sink.begin()
        EventFeeder(port: port, song: SongEvents(messages: BenchmarkLoad.messages(voices: n)), songStart100ns: start).feed(until: Int64.max)
        for _ in 0..<(rate / period) { sink.runPeriod() }   // every note started, every path warm
    }
}
