import DLS
import DMusPort
import DMusSynth
import DMusTestSupport
import Foundation
import Performance
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The soak (issue 11): a dense song rendered again and again through the whole stack —
/// `PortDMus` over `DMusSynth`, the bank downloaded by `CollectionDownloader`, the song fed and
/// rendered by `OfflineRenderer` — into ONE port and stream: every loop downloads the bank,
/// renders, unloads everything (`unloadAll`) and waits for the unload completions, which the
/// service thread delivers once the synth has freed the waves and instruments.
/// Every loop must give the same samples (hash), none of them NaN/Inf, no late or dropped
/// events, the allocator must get every event and buffer back, the free sample memory must be
/// back where it started, and resident memory must stay flat (within 1 MB) after the first loop.
///
/// The song starts with a GM System On, as a performance does when it starts a segment, so
/// every loop starts from the same channel state (STOP between loops silences the voices and
/// the effect tails), and each loop starts on a whole second of the virtual clock, so song
/// times fall on the same frames.
///
/// In the test suite the soak is short (3 loops × 10 s, checking identical output, a whole
/// allocator and the sample memory; the resident-memory check needs the soak alone: set
/// `DMUS_SOAK_LOOPS`); `DMUS_SOAK_LOOPS=360 swift test --filter Soak` is the hour-long run.
@Suite(.serialized) struct SoakTests {
    static let rate = 24_000
    static let loopSeconds = 10
    static var loops: Int {
        ProcessInfo.processInfo.environment["DMUS_SOAK_LOOPS"].flatMap(Int.init).map { max(2, $0) } ?? 3
    }

    @Test func denseSongLoopedThroughOnePortWithDownloadsAndUnloads() throws {
        let bank = try Self.bank()
        let song = Self.denseSong(seconds: Self.loopSeconds, bank: bank)
        ProcessMemory.fixMallocThresholds()
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: Self.rate, voices: 256, channelGroups: 1))
        let initialFree = port.stream!.statistics().freeSampleMemoryBytes
        var hashes: [UInt64] = []
        var residents: [Int] = []
        var peakVoices = 0
        let started = Date()
        for loop in 0..<Self.loops {
            let result = try Self.runLoop(port: port, bank: bank, song: song)
            #expect(result.nonFinite == 0, "loop \(loop): \(result.nonFinite) NaN/Inf samples")
            #expect(result.report.statistics.lateEvents == 0, "loop \(loop): \(result.report.statistics.lateEvents) late events")
            #expect(result.report.statistics.droppedEvents == 0, "loop \(loop): \(result.report.statistics.droppedEvents) dropped events")
            #expect(result.report.outputErrors == 0)
            #expect(result.report.statistics.missingInstruments == 0)
            #expect(result.peak > 0.05, "loop \(loop): peak \(result.peak) (the song should be loud)")
            #expect(result.frames >= Int64(Self.loopSeconds * Self.rate))
            #expect(result.allocatorReturned, "loop \(loop): the allocator did not get every event and buffer back")
            #expect(result.unloadsCompleted, "loop \(loop): unload completions did not all arrive")
            #expect(port.stream!.statistics().freeSampleMemoryBytes == initialFree, "loop \(loop): sample memory not given back")
            hashes.append(result.hash)
            residents.append(ProcessMemory.residentBytes())
            peakVoices = max(peakVoices, result.report.statistics.peakVoices)
            if loop > 0 && hashes[loop] != hashes[0] { break }
        }
        #expect(Set(hashes).count == 1, "loops rendered different output: \(hashes.map { String($0, radix: 16) })")
        let baseline = residents[0]
        let growth = (residents.dropFirst().max() ?? baseline) - baseline
        let mb = { (b: Int) in String(format: "%.2f", Double(b) / 1_048_576) }
        print("soak: \(hashes.count) loops × \(Self.loopSeconds) s at \(Self.rate) Hz through one port in \(String(format: "%.0f", Date().timeIntervalSince(started))) s, "
              + "peak \(peakVoices) voices; hash \(String(hashes[0], radix: 16)); resident after loop 1 \(mb(baseline)) MB, "
              + "min \(mb(residents.min() ?? 0)) MB, max \(mb(residents.max() ?? 0)) MB, growth after loop 1 \(growth) bytes; "
              + "per loop (MB): \(residents.count <= 40 ? residents.map(mb).joined(separator: " ") : (residents.prefix(20) + residents.suffix(20)).map(mb).joined(separator: " "))")
        // Resident memory is a process-wide figure: only meaningful when the soak runs alone
        // (`DMUS_SOAK_LOOPS=N swift test --filter Soak`), not beside the parallel suites.
        if ProcessInfo.processInfo.environment["DMUS_SOAK_LOOPS"] != nil {
            #expect(growth <= 1 << 20, "resident memory grew \(growth) bytes after the first loop: \(residents)")
        }
    }

    struct LoopResult {
        var report: RenderReport
        var hash: UInt64
        var nonFinite: Int
        var peak: Float
        var frames: Int64
        var allocatorReturned: Bool
        var unloadsCompleted: Bool
    }

    /// One loop on the shared port: the bank downloaded, the song rendered, everything
    /// unloaded and its completions awaited, the allocator checked.
    static func runLoop(port: PortDMus, bank: DLSCollection, song: SongEvents) throws -> LoopResult {
        let downloader = CollectionDownloader(port: port)
        try downloader.download(bank)
        (port.clock as? VirtualClock)?.advanceToWholeSecond()   // every loop starts on the sample grid
        let out = HashingOutput(sampleRate: rate)
        let report = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 512, tailLimitSeconds: 2)
        try downloader.unloadAll()
        let unloaded = port.waitForUnloads(timeoutSeconds: 10)
        let a = port.allocator
        let returned = a.freeEventCount == a.eventCapacity && a.freeBufferCount == a.bufferCapacity
        return LoopResult(report: report, hash: out.hash, nonFinite: out.nonFinite, peak: out.peak, frames: out.frames,
                          allocatorReturned: returned, unloadsCompleted: unloaded)
    }

    /// The General MIDI mini bank from the shared test data, or (without it) a bank built here:
    /// one looped wave under a melodic instrument on every program and a drum kit.
    static func bank() throws -> DLSCollection {
        if let bytes = try TestData.bytes("dls/TimGM6mb_mini_spessasynth.dls") {
            return try DLSReader.read(bytes, name: "TimGM6mb_mini_spessasynth.dls").collection
        }
        var data: [UInt8] = []
        for i in 0..<4400 {
            let v = Int16((sin(2 * Double.pi * Double(i) / 100) * 12_000 * (i % 100 < 50 ? 1 : 0.6)).rounded())
            data += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]
        }
        let wave = DLSWave.pcm(sampleRate: 44_000, bitsPerSample: 16, data: data,
                               waveSample: DLSWaveSample(unityNote: 69, loops: [DLSLoop(type: 0, startFrames: 0, lengthFrames: 4400)]))
        let release = DLSArticulation(isDLS2: true, connections: [DLSConnection(source: 0, destination: 0x0209, scale: -200_000_000)])
        var instruments = (0..<128).map { p in
            DLSInstrument(program: UInt8(p), regions: [DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)],
                          articulations: [release])
        }
        instruments.append(DLSInstrument(program: 0, isDrum: true,
                                         regions: [DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)],
                                         articulations: [release]))
        return DLSCollection(instruments: instruments, waves: [wave])
    }

    /// A dense song: all 16 channels busy (channel 10 drums), three-note chords and a moving
    /// line on each melodic channel, program changes, pitch bend, modulation, pan, volume and
    /// sustain pedal, from a fixed pseudo-random sequence so every run is the same song.
    static func denseSong(seconds: Int, bank: DLSCollection) -> SongEvents {
        let melodic = bank.instruments.filter { !$0.isDrum }
        let drums = bank.instruments.first { $0.isDrum }
        var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        /// Bank select and program change for one of the bank's instruments.
        func select(_ c: UInt8, _ inst: DLSInstrument?, at t: Int64) -> [ScheduledMessage] {
            guard let inst else { return [] }
            return [ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0 | c, 0, inst.bankMSB]),
                    ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0 | c, 32, inst.bankLSB]),
                    ScheduledMessage(time100ns: t, group: 1, bytes: [0xC0 | c, inst.program])]
        }
        // GM System On first: every loop starts from the same channel state.
        var m: [ScheduledMessage] = [ScheduledMessage(time100ns: 0, group: 1, bytes: [0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])]
        let beat: Int64 = 1_250_000    // 1/8 note at 120 bpm, in 100 ns
        let end = Int64(seconds) * 10_000_000
        for ch in 0..<16 {
            let c = UInt8(ch)
            m.append(ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0 | c, 7, 90]))
            m.append(ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0 | c, 10, UInt8(8 * ch)]))
            let inst = ch == 9 ? drums : melodic[(ch * 5) % melodic.count]
            m += select(c, inst, at: 0)
        }
        var t: Int64 = 0
        var step = 0
        while t < end - 2 * beat {
            for ch in 0..<16 {
                let c = UInt8(ch)
                if ch == 9 {
                    guard drums != nil else { continue }
                    for key in [36, 42, step % 2 == 1 ? 38 : 46] where next(4) != 0 {
                        m.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0x99, UInt8(key), UInt8(60 + next(60))]))
                        m.append(ScheduledMessage(time100ns: t + beat / 2, group: 1, bytes: [0x89, UInt8(key), 0]))
                    }
                    continue
                }
                if step % 16 == 0 && step > 0 {
                    m += select(c, melodic[next(melodic.count)], at: t)
                }
                if step % 4 == 0 {
                    let root = 36 + ch * 3 % 36 + next(12)
                    for (i, interval) in [0, 4, 7].enumerated() {
                        let key = UInt8(min(127, root + interval))
                        let on = t + Int64(i) * 1_000
                        m.append(ScheduledMessage(time100ns: on, group: 1, bytes: [0x90 | c, key, UInt8(50 + next(60))]))
                        m.append(ScheduledMessage(time100ns: on + 3 * beat + Int64(next(5)) * 10_000, group: 1, bytes: [0x80 | c, key, 64]))
                    }
                }
                let key = UInt8(60 + next(24))
                m.append(ScheduledMessage(time100ns: t + 500, group: 1, bytes: [0x90 | c, key, UInt8(40 + next(80))]))
                m.append(ScheduledMessage(time100ns: t + beat - 5_000, group: 1, bytes: [0x80 | c, key, 0]))
                let bend = next(16_384)
                m.append(ScheduledMessage(time100ns: t + beat / 3, group: 1, bytes: [0xE0 | c, UInt8(bend & 0x7F), UInt8(bend >> 7)]))
                if step % 8 == ch % 8 {
                    m.append(ScheduledMessage(time100ns: t + beat / 4, group: 1, bytes: [0xB0 | c, 1, UInt8(next(128))]))
                    m.append(ScheduledMessage(time100ns: t + beat / 4, group: 1, bytes: [0xB0 | c, 64, step % 16 < 8 ? 127 : 0]))
                }
            }
            t += beat
            step += 1
        }
        for ch in 0..<16 {
            m.append(ScheduledMessage(time100ns: end - beat, group: 1, bytes: [0xB0 | UInt8(ch), 64, 0]))
            m.append(ScheduledMessage(time100ns: end - beat, group: 1, bytes: [0xB0 | UInt8(ch), 123, 0]))
        }
        return SongEvents(messages: m, length100ns: end)
    }
}

/// FNV-1a over every sample's bits, with a count of non-finite samples and the peak.
final class HashingOutput: WaveOutput {
    let sampleRate: Int
    let channels = 2
    let maxFramesPerWrite = 8192
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    var nonFinite = 0
    var peak: Float = 0
    var frames: Int64 = 0
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<(frameCount * 2) {
            let v = s[i]
            if !v.isFinite { nonFinite += 1 } else { peak = max(peak, abs(v)) }
            var bits = v.bitPattern
            for _ in 0..<4 {
                hash = (hash ^ UInt64(bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        frames += Int64(frameCount)
        return frameCount
    }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}
