import AudioOutput
import Benchmark
import Foundation
import DLS
import DMusPort
import DMusSynth
import Performance

/// One wave-sink period (deliver due events, render, write to a null output) with N sustained
/// voices, for each interpolation: wall clock per period and mallocs (must be 0 once warm).
/// The load is `dmus bench`'s: a looped saw with EG1, both LFOs and an EG2-swept resonant filter.
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
        let groups = max(1, (n + 16 * 64 - 1) / (16 * 64))
        port = PortDMus(miniport: DMusSynth(interpolation: interpolation, reverb: nil, chorus: nil, threads: threads),
                        clock: VirtualClock(start: ReferenceTime.unitsPerSecond),
                        allocator: AllocatorMXF(eventCapacity: max(16_384, 2 * n + 1024)))
        try port.newStream(parameters: PortParameters(sampleRate: rate, voices: n, channelGroups: groups, maxFramesPerRender: 4096))
        try CollectionDownloader(port: port).download(Self.bank())
        var messages: [ScheduledMessage] = []
        for g in 0..<groups {
            for ch in 0..<16 where ch != 9 { messages.append(ScheduledMessage(time100ns: 0, group: UInt16(g + 1), bytes: [0xC0 | UInt8(ch), 0])) }
        }
        for v in 0..<n {
            let ch = UInt8(v % 15 < 9 ? v % 15 : v % 15 + 1), key = UInt8(36 + (v / 15) % 60)
            messages.append(ScheduledMessage(time100ns: Int64(v % 480) * 10, group: UInt16(v / (16 * 64) + 1),
                                             bytes: [0x90 | ch, key, UInt8(64 + v % 63)]))
        }
        sink = try WaveSink(port: port, output: NullOutput(sampleRate: rate, maxFramesPerWrite: 1 << 16), framesPerPeriod: period)
        let start = try sink.begin()
        EventFeeder(port: port, song: SongEvents(messages: messages), songStart100ns: start).feed(until: Int64.max)
        for _ in 0..<(rate / period) { sink.runPeriod() }   // every note started, every path warm
    }

    /// A looped band-limited saw with DLS2 articulation that keeps every voice stage busy.
    static func bank() -> DLSCollection {
        let rate = 44_100, period = 100
        var data: [UInt8] = []
        for i in 0..<(rate * 2 / period * period) {
            var x = 0.0
            for h in 1...20 { x += sin(2 * Double.pi * Double(h * i) / Double(period)) / Double(h) }
            let v = UInt16(bitPattern: Int16(max(-32_000, min(32_000, x * 9000))))
            data.append(UInt8(truncatingIfNeeded: v)); data.append(UInt8(v >> 8))
        }
        let frames = data.count / 2
        let sample = DLSWaveSample(unityNote: 57, fineTuneCents: 0,
                                   loops: [DLSLoop(type: 0, startFrames: UInt32(period), lengthFrames: UInt32(frames - 2 * period))])
        let wave = DLSWave.pcm(sampleRate: UInt32(rate), bitsPerSample: 16, data: data, waveSample: sample, name: "bench saw")
        typealias S = ConnectionSource
        typealias D = ConnectionDestination
        let conns = [
            DLSConnection(source: S.none, destination: D.eg1AttackTime, scale: ConnectionScale.timecents(seconds: 0.01)),
            DLSConnection(source: S.none, destination: D.eg1DecayTime, scale: ConnectionScale.timecents(seconds: 4)),
            DLSConnection(source: S.none, destination: D.eg1SustainLevel, scale: ConnectionScale.fixed(700)),
            DLSConnection(source: S.vibrato, destination: D.pitch, transform: ConnectionTransform.source(0, bipolar: true), scale: ConnectionScale.fixed(15)),
            DLSConnection(source: S.lfo, destination: D.gain, transform: ConnectionTransform.source(0, bipolar: true), scale: ConnectionScale.fixed(10)),
            DLSConnection(source: S.none, destination: D.filterCutoff, scale: ConnectionScale.fixed(8000)),
            DLSConnection(source: S.none, destination: D.filterQ, scale: ConnectionScale.fixed(60)),
            DLSConnection(source: S.eg2, destination: D.filterCutoff, scale: ConnectionScale.fixed(2400)),
            DLSConnection(source: S.none, destination: D.eg2DecayTime, scale: ConnectionScale.timecents(seconds: 1.5)),
            DLSConnection(source: S.none, destination: D.eg2SustainLevel, scale: ConnectionScale.fixed(300)),
        ]
        let region = DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        let inst = DLSInstrument(program: 0, regions: [region], articulations: [DLSArticulation(isDLS2: true, connections: conns)])
        return DLSCollection(instruments: [inst], waves: [wave])
    }
}
