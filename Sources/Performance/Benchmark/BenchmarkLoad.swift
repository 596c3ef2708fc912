#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort

/// The synthetic polyphony load `dmus bench` and the Benchmarks/ suite share: one looped,
/// band-limited saw (2 s at 44.1 kHz) on 16 programs whose DLS2 articulation keeps every voice
/// stage busy (EG1, vibrato and mod LFO, EG2 → a resonant filter), and N notes spread over the
/// melodic channels of as many channel groups as needed (at most 64 notes per channel).
public enum BenchmarkLoad {
    public static func collection(filter: Bool = true) -> DLSCollection {
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
        var conns = [
            DLSConnection(source: S.none, destination: D.eg1AttackTime, scale: ConnectionScale.timecents(seconds: 0.01)),
            DLSConnection(source: S.none, destination: D.eg1DecayTime, scale: ConnectionScale.timecents(seconds: 4)),
            DLSConnection(source: S.none, destination: D.eg1SustainLevel, scale: ConnectionScale.fixed(700)),
            DLSConnection(source: S.none, destination: D.eg1ReleaseTime, scale: ConnectionScale.timecents(seconds: 0.3)),
            DLSConnection(source: S.vibrato, destination: D.pitch, transform: ConnectionTransform.source(0, bipolar: true), scale: ConnectionScale.fixed(15)),
            DLSConnection(source: S.lfo, destination: D.gain, transform: ConnectionTransform.source(0, bipolar: true), scale: ConnectionScale.fixed(10)),
            DLSConnection(source: S.none, destination: D.filterCutoff, scale: ConnectionScale.fixed(8000)),
            DLSConnection(source: S.none, destination: D.filterQ, scale: ConnectionScale.fixed(60)),
            DLSConnection(source: S.eg2, destination: D.filterCutoff, scale: ConnectionScale.fixed(2400)),
            DLSConnection(source: S.none, destination: D.eg2DecayTime, scale: ConnectionScale.timecents(seconds: 1.5)),
            DLSConnection(source: S.none, destination: D.eg2SustainLevel, scale: ConnectionScale.fixed(300)),
        ]
        if !filter { conns.removeAll { $0.destination == D.filterCutoff || $0.destination == D.filterQ } }
        let region = DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        let instruments = (0..<16).map { p in
            DLSInstrument(program: UInt8(p), regions: [region], articulations: [DLSArticulation(isDLS2: true, connections: conns)])
        }
        return DLSCollection(instruments: instruments, waves: [wave])
    }

    /// Channel groups for N notes.
    public static func channelGroups(voices n: Int) -> Int { max(1, (n + 16 * 64 - 1) / (16 * 64)) }

    /// Program changes, then N note-ons (with a pan each) within the first 48 ms.
    public static func messages(voices n: Int) -> [ScheduledMessage] {
        var messages: [ScheduledMessage] = []
        for g in 0..<channelGroups(voices: n) {
            for ch in 0..<16 where ch != 9 { messages.append(ScheduledMessage(time100ns: 0, group: UInt16(g + 1), bytes: [0xC0 | UInt8(ch), UInt8(ch)])) }
        }
        for v in 0..<n {
            let g = v / (16 * 64), ch = UInt8(v % 15 < 9 ? v % 15 : v % 15 + 1), key = UInt8(36 + (v / 15) % 60)
            messages.append(ScheduledMessage(time100ns: Int64(v % 480) * 10, group: UInt16(g + 1), bytes: [0xB0 | ch, 10, UInt8((v * 37) % 128)]))
            messages.append(ScheduledMessage(time100ns: Int64(v % 480) * 10, group: UInt16(g + 1), bytes: [0x90 | ch, key, UInt8(64 + v % 63)]))
        }
        return messages
    }
}
