import DLS
import DMusPort
import DMusSynth
import Performance
#if canImport(Glibc)
import Glibc
#endif

/// Builds small banks with the project's own DLS model and renders notes through the whole
/// stack (download buffers, port, wave sink, synth) for measurement.
enum SynthHarness {
    static let rate = 48_000

    /// A cosine at 440 Hz sampled at 44 kHz: exactly 100 frames a period, looped whole.
    static func cosineWave(periods: Int = 44, sampleRate: UInt32 = 44_000, unityNote: UInt16 = 69, fineTune: Int16 = 0) -> DLSWave {
        let n = periods * 100
        var data: [UInt8] = []
        for i in 0..<n {
            let v = Int16((cos(2 * Double.pi * Double(i) / 100) * 16_000).rounded())
            data.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: v))); data.append(UInt8(UInt16(bitPattern: v) >> 8))
        }
        let ws = DLSWaveSample(unityNote: unityNote, fineTuneCents: fineTune, loops: [DLSLoop(type: 0, startFrames: 0, lengthFrames: UInt32(n))])
        return DLSWave.pcm(sampleRate: sampleRate, bitsPerSample: 16, data: data, waveSample: ws)
    }

    static func bank(wave: DLSWave, program: UInt8 = 0, connections: [DLSConnection] = [], regionFineTune: Int16? = nil) -> DLSCollection {
        var region = DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        if let regionFineTune, var ws = wave.waveSample { ws.fineTuneCents = regionFineTune; region.waveSample = ws }
        let inst = DLSInstrument(program: program, regions: [region],
                                 articulations: connections.isEmpty ? [] : [DLSArticulation(isDLS2: true, connections: connections)])
        return DLSCollection(instruments: [inst], waves: [wave])
    }

    static func frames100ns(_ frames: Int64) -> Int64 { frames * 10_000_000 / Int64(rate) }

    /// Renders messages (times from frame 0 of the stream) and returns interleaved stereo.
    static func render(_ bank: DLSCollection, _ messages: [ScheduledMessage], seconds: Double) throws -> [Float] {
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: rate, channelGroups: 1))
        try CollectionDownloader(port: port).download(bank)
        let out = CollectingOutput(sampleRate: rate)
        let song = SongEvents(messages: messages, length100ns: Int64(seconds * 1e7))
        _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 480, tailLimitSeconds: 0)
        return out.samples
    }

    static func left(_ s: [Float]) -> [Float] { stride(from: 0, to: s.count, by: 2).map { s[$0] } }

    /// Frequency from interpolated upward zero crossings over `range` (frames).
    static func frequency(_ x: [Float], _ range: Range<Int>) -> Double {
        var crossings: [Double] = []
        for i in range.lowerBound..<(range.upperBound - 1) where x[i] < 0 && x[i + 1] >= 0 {
            crossings.append(Double(i) + Double(-x[i] / (x[i + 1] - x[i])))
        }
        guard crossings.count > 2 else { return 0 }
        return Double(crossings.count - 1) / (crossings.last! - crossings.first!) * Double(rate)
    }

    static func cents(_ f: Double, relativeTo ref: Double) -> Double { 1200 * log2(f / ref) }

    static func rms(_ x: [Float], _ range: Range<Int>) -> Double {
        var s = 0.0
        for i in range { s += Double(x[i]) * Double(x[i]) }
        return (s / Double(range.count)).squareRoot()
    }

    static func dB(_ a: Double, _ b: Double) -> Double { 20 * log10(a / b) }
}

/// Collects what the wave sink writes (test only: it grows).
final class CollectingOutput: WaveOutput {
    let sampleRate: Int
    let channels = 2
    let maxFramesPerWrite = 8192
    var samples: [Float] = []
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
        samples.append(contentsOf: UnsafeBufferPointer(start: s, count: frameCount * 2)); return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}

/// Discards what it is given and allocates nothing.
final class DiscardingOutput: WaveOutput {
    let sampleRate: Int
    let channels = 2
    let maxFramesPerWrite = 8192
    var checksum: Float = 0
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int { checksum += s[0]; return frameCount }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}
