import DLS
import DMusPort
import DMusSynth
import Foundation
import Performance
import SMF
import Testing

/// Tests over the shipped default collection (`Resources/default.dls`) and demo song, played
/// through the real stack: every GM program and drum note sounds, tonal programs are in tune,
/// programs are balanced, loops are seamless, the file is small enough and well formed.
/// (Byte-identical regeneration is checked by `scripts/check-resources.sh`.)
@Suite struct DefaultCollectionTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Resources").standardizedFileURL
    static let bankBytes: [UInt8] = (try? [UInt8](Data(contentsOf: resources.appendingPathComponent("default.dls")))) ?? []
    static let collection: DLSCollection? = try? DLSReader.read(bankBytes, name: "default.dls").collection

    /// Render rate: high enough for the pitch and level measurements, low enough to keep the
    /// debug-build test quick.
    static let rate = 32_000

    /// Programs without a steady pitch to measure: 103 FX 8 (sci-fi: 30 cents of undelayed
    /// vibrato by design), 113 Agogo (an inharmonic bell), and the percussive and sound-effect
    /// programs 115–127 (woodblock, taiko, melodic tom and synth drum sweep their pitch; reverse
    /// cymbal, fret noise, breath, seashore, bird, telephone, helicopter, applause and gunshot
    /// are noise or effects). Everything else, timpani, orchestra hit, steel drums and the other
    /// synth effects included, is measured.
    static let unpitched: Set<Int> = Set([103, 113]).union(115...127)

    // MARK: Rendering

    /// Everything rendered, left + right averaged.
    final class Capture: WaveOutput {
        let sampleRate: Int, channels = 2, maxFramesPerWrite = 8192
        var mono: [Float] = []
        init(rate: Int) { sampleRate = rate }
        func write(_ s: UnsafePointer<Float>, frameCount: Int) -> Int {
            for i in 0..<frameCount { mono.append(0.5 * (s[2 * i] + s[2 * i + 1])) }
            return frameCount
        }
        func delayFrames() -> Int { 0 }
        func close() throws {}
    }

    struct Note {
        var drum = false
        var program: UInt8
        var key: UInt8
        var velocity: UInt8 = 100
        var hold: Double
    }

    /// Plays the notes one per slot on a fresh port (reverb and chorus sends at 0 so no tail
    /// reaches the next slot) and returns each slot's samples from its note-on.
    static func render(_ notes: [Note], slot: Double) throws -> [[Float]] {
        let collection = try #require(Self.collection)
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: rate, channelGroups: 1))
        try CollectionDownloader(port: port).download(collection)
        let slot100ns = Int64(slot * 10_000_000)
        let lead: Int64 = 1_000_000   // 0.1 s of set-up before the first note
        var messages: [ScheduledMessage] = []
        for ch: UInt8 in [0, 9] {
            messages += [[0xB0 | ch, 91, 0], [0xB0 | ch, 93, 0]].map { ScheduledMessage(time100ns: 0, group: 1, bytes: $0) }
        }
        for (i, n) in notes.enumerated() {
            let t = lead + Int64(i) * slot100ns
            let ch: UInt8 = n.drum ? 9 : 0
            messages += [
                ScheduledMessage(time100ns: t - 500_000, group: 1, bytes: [0xC0 | ch, n.program]),
                ScheduledMessage(time100ns: t, group: 1, bytes: [0x90 | ch, n.key, n.velocity]),
                ScheduledMessage(time100ns: t + Int64(n.hold * 10_000_000), group: 1, bytes: [0x80 | ch, n.key, 0]),
                ScheduledMessage(time100ns: t + slot100ns - 600_000, group: 1, bytes: [0xB0 | ch, 120, 0]),
            ]
        }
        let out = Capture(rate: rate)
        let report = try OfflineRenderer.render(port: port, song: SongEvents(messages: messages, length100ns: lead + Int64(notes.count) * slot100ns),
                                                output: out, framesPerPeriod: 512, tailLimitSeconds: 0)
        #expect(report.statistics.missingInstruments == 0)
        let slotFrames = Int(slot * Double(rate)), leadFrames = Int(Double(lead) / 1e7 * Double(rate))
        return notes.indices.map { i in
            let a = min(out.mono.count, leadFrames + i * slotFrames), b = min(out.mono.count, a + slotFrames)
            return Array(out.mono[a..<b])
        }
    }

    static func rmsDB(_ x: ArraySlice<Float>) -> Double {
        var s = 0.0
        for v in x { s += Double(v) * Double(v) }
        return 10 * log10(max(1e-20, s / Double(max(1, x.count))))
    }

    static func peak(_ x: [Float]) -> Float { x.reduce(0) { max($0, abs($1)) } }

    /// The fundamental's neighbourhood: a high-pass at hz/2 and two low-passes at 2·hz
    /// (Butterworth biquads), so stretched piano partials, formants and filter sweeps on the
    /// upper harmonics do not move the estimate, while tremolo sidebands pass evenly.
    static func fundamentalBand(_ x: [Float], hz: Double, rate: Int) -> [Double] {
        func biquad(_ y: inout [Double], _ f: Double, highPass: Bool) {
            let w = 2 * Double.pi * f / Double(rate), alpha = sin(w) / (2 * 0.7071), c = cos(w), a0 = 1 + alpha
            let b1 = (highPass ? -(1 + c) : (1 - c)) / a0, b0 = (highPass ? (1 + c) : (1 - c)) / 2 / a0, b2 = b0
            let a1 = -2 * c / a0, a2 = (1 - alpha) / a0
            var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
            for i in y.indices {
                let v = b0 * y[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
                x2 = x1; x1 = y[i]; y2 = y1; y1 = v
                y[i] = v
            }
        }
        var y = x.map(Double.init)
        biquad(&y, hz / 2, highPass: true)
        biquad(&y, hz * 2, highPass: false)
        biquad(&y, hz * 2, highPass: false)
        return y
    }

    /// The pitch of `x` near `hz`, in cents from it: the normalised autocorrelation peak near
    /// an even number of expected periods (≈ 12 ms, so sub-octave organ ranks line up too),
    /// refined by a parabola. nil when no clear peak lies within ±40 cents.
    static func centsOff(_ x: ArraySlice<Double>, hz: Double, rate: Int) -> Double? {
        let s = Array(x)
        let period = Double(rate) / hz
        let k = 2 * max(1, Int((0.006 * Double(rate) / period).rounded()))
        let center = Double(k) * period
        let lo = Int(center * pow(2, -40.0 / 1200)) - 1, hi = Int(center * pow(2, 40.0 / 1200)) + 2
        let n = s.count - hi
        guard n > 4 * Int(period), lo > 2 else { return nil }
        func r(_ lag: Int) -> Double {
            var xy = 0.0, xx = 0.0, yy = 0.0
            for i in 0..<n {
                xy += s[i] * s[i + lag]; xx += s[i] * s[i]; yy += s[i + lag] * s[i + lag]
            }
            return xx > 0 && yy > 0 ? xy / (xx * yy).squareRoot() : 0
        }
        var best = lo, bestR = -2.0
        var values: [Int: Double] = [:]
        for lag in lo...hi {
            let v = r(lag)
            values[lag] = v
            if v > bestR { bestR = v; best = lag }
        }
        guard best > lo, best < hi, bestR > 0.5 else { return nil }
        let y0 = values[best - 1]!, y1 = values[best]!, y2 = values[best + 1]!
        let d = y0 - 2 * y1 + y2
        let shift = d != 0 ? 0.5 * (y0 - y2) / d : 0
        let lag = Double(best) + shift
        return 1200 * log2(center / lag)
    }

    // MARK: The file

    @Test func theFileIsSmallAndComplete() throws {
        let c = try #require(Self.collection, "Resources/default.dls is missing or unreadable")
        #expect(Self.bankBytes.count <= 4_000_000, "default.dls is \(Self.bankBytes.count) bytes")
        let melodic = Set(c.instruments.filter { !$0.isDrum && $0.bankMSB == 0 && $0.bankLSB == 0 }.map(\.program))
        #expect(melodic == Set(0...127))
        let kits = Set(c.instruments.filter(\.isDrum).map(\.program))
        #expect(kits == [0, 8, 16, 24, 25, 32, 40, 48])
        for kit in c.instruments where kit.isDrum {
            let keys = Set(kit.regions.flatMap { Int($0.keyLow)...Int($0.keyHigh) })
            #expect(keys.isSuperset(of: 35...81), "kit \(kit.program) misses keys")
        }
    }

    /// What DLS2 offers is used where it matters: zones across the key range, velocity
    /// layers, key groups for the hi-hats, filter envelopes for brass and synths, vibrato.
    @Test func familiesUseMultisamplesLayersAndModulation() throws {
        let c = try #require(Self.collection)
        func inst(_ p: Int) -> DLSInstrument { c.instruments.first { !$0.isDrum && Int($0.program) == p }! }
        func zones(_ p: Int) -> Int { Set(inst(p).regions.map(\.waveLink.tableIndex)).count }
        for p in [0, 24, 25, 40, 48, 56] { #expect(zones(p) >= 3, "program \(p) has \(zones(p)) samples") }
        #expect(Set(inst(0).regions.map(\.velocityLow)).count >= 2, "the piano has velocity layers")
        let standard = c.instruments.first { $0.isDrum && $0.program == 0 }!
        let snareVelocities = Set(standard.regions.filter { $0.keyLow == 38 }.map(\.velocityLow))
        #expect(snareVelocities.count >= 2, "the snare has velocity layers")
        let hatGroups = Set(standard.regions.filter { [42, 44, 46].contains(Int($0.keyLow)) }.map(\.keyGroup))
        #expect(hatGroups.count == 1 && hatGroups.first! != 0, "hi-hats share a key group")
        func has(_ p: Int, _ source: UInt16, _ destination: UInt16) -> Bool {
            inst(p).articulations.flatMap(\.connections).contains { $0.source == source && $0.destination == destination && $0.scale != 0 }
        }
        for p in [56, 57, 61, 62, 63, 38, 39] {
            #expect(has(p, ConnectionSource.eg2, ConnectionDestination.filterCutoff), "program \(p): EG2 → filter")
        }
        for p in [40, 41, 42, 48, 64, 65, 68, 73] {
            #expect(has(p, ConnectionSource.vibrato, ConnectionDestination.pitch), "program \(p): vibrato")
        }
    }

    /// Every loop's seam (last loop frame → first loop frame) steps no more than the wave's
    /// median sample-to-sample change.
    @Test func loopSeamsAreSmooth() throws {
        let c = try #require(Self.collection)
        var bad: [String] = []
        var looped = 0
        for w in c.waves {
            guard let loop = w.waveSample?.loops.first, let pcm = w.pcm16Frames(), pcm.count > 2 else { continue }
            looped += 1
            let start = Int(loop.startFrames), end = start + Int(loop.lengthFrames)
            guard start >= 0, end <= pcm.count, end - start > 1 else { bad.append("\(w.info.name ?? "?"): loop out of range"); continue }
            var steps = (1..<pcm.count).map { abs(Int(pcm[$0]) - Int(pcm[$0 - 1])) }
            steps.sort()
            let median = steps[steps.count / 2]
            let seam = abs(Int(pcm[start]) - Int(pcm[end - 1]))
            if seam > max(median, 1) { bad.append("\(w.info.name ?? "?"): seam \(seam) > median \(median)") }
        }
        #expect(looped > 50)
        #expect(bad.isEmpty, "\(bad)")
    }

    // MARK: Sounding, loudness, tuning

    @Test func everyProgramSoundsAndProgramsAreBalanced() throws {
        let notes = (0..<128).map { Note(program: UInt8($0), key: 60, hold: 1.0) }
        let slots = try Self.render(notes, slot: 1.15)
        var levels: [Double] = []
        var silent: [Int] = []
        for (p, s) in slots.enumerated() {
            if Self.peak(s) < 0.001 { silent.append(p) }
            levels.append(Self.rmsDB(s.prefix(Self.rate)))
        }
        #expect(silent.isEmpty, "silent programs: \(silent)")
        let median = levels.sorted()[64]
        if ProcessInfo.processInfo.environment["DMUS_PRINT_LEVELS"] != nil {
            for (p, l) in levels.enumerated() { print("level \(p) \(String(format: "%+.1f", l - median))") }
        }
        var outliers: [String] = []
        for (p, l) in levels.enumerated() where abs(l - median) > 6 {
            outliers.append("\(p) \(String(format: "%+.1f", l - median)) dB")
        }
        #expect(outliers.isEmpty, "programs more than 6 dB from the median (\(String(format: "%.1f", median)) dB RMS): \(outliers)")
    }

    @Test func tonalProgramsAreInTune() throws {
        let keys: [UInt8] = [36, 60, 84]
        let programs = (0..<128).filter { !Self.unpitched.contains($0) }
        var notes: [Note] = []
        for p in programs { for k in keys { notes.append(Note(program: UInt8(p), key: k, hold: 0.6)) } }
        let slots = try Self.render(notes, slot: 0.65)
        var off: [String] = []
        for (i, n) in notes.enumerated() {
            // A steady part: after the attack, before any vibrato starts (the articulations
            // delay the vibrato LFO by at least 0.55 s).
            let s = slots[i]
            let a = Int(0.25 * Double(Self.rate)), b = min(s.count, Int(0.53 * Double(Self.rate)))
            let hz = 440 * pow(2, (Double(n.key) - 69) / 12)
            guard let c = Self.centsOff(Self.fundamentalBand(s, hz: hz, rate: Self.rate)[a..<b], hz: hz, rate: Self.rate) else {
                off.append("\(n.program)@\(n.key): no pitch"); continue
            }
            if ProcessInfo.processInfo.environment["DMUS_PRINT_TUNING"] != nil { print("tuning \(n.program)@\(n.key) \(String(format: "%+.2f", c))") }
            if abs(c) > 3 { off.append("\(n.program)@\(n.key): \(String(format: "%+.1f", c)) c") }
        }
        #expect(off.isEmpty, "out of tune: \(off)")
    }

    @Test func everyDrumNoteOfEveryKitSounds() throws {
        let c = try #require(Self.collection)
        var notes: [Note] = []
        for kit in c.instruments where kit.isDrum {
            for k in 35...81 { notes.append(Note(drum: true, program: kit.program, key: UInt8(k), hold: 0.1)) }
        }
        let slots = try Self.render(notes, slot: 0.2)
        let silent = notes.indices.filter { Self.peak(slots[$0]) < 0.001 }.map { "kit \(notes[$0].program) key \(notes[$0].key)" }
        #expect(silent.isEmpty, "silent drum notes: \(silent)")
    }

    // MARK: The demo song

    @Test func theDemoSongShowsOffTheSynth() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.resources.appendingPathComponent("demo.mid")))
        let file = try MIDIFileReader.read(bytes, name: "demo.mid").file
        var programs = 0, bends = 0, drums = 0
        var controllers: Set<UInt8> = []
        var lastTick: UInt64 = 0
        for track in file.tracks {
            lastTick = max(lastTick, track.lengthTicks)
            for e in track.events {
                guard case .channel(let status, let d1, let d2) = e.kind else { continue }
                switch status & 0xF0 {
                case 0xC0: programs += 1
                case 0xE0: bends += 1
                case 0xB0: controllers.insert(d1)
                case 0x90 where status & 0x0F == 9 && d2 > 0: drums += 1
                default: break
                }
            }
        }
        let seconds = Double(TempoMap(file: file).refTime100ns(atTick: lastTick)) / 10_000_000
        #expect((60...120).contains(seconds), "the demo lasts \(seconds) s")
        #expect(programs >= 8, "program changes: \(programs)")
        #expect(bends >= 10)
        #expect(drums >= 100)
        #expect(controllers.isSuperset(of: [64, 91, 93]), "controllers used: \(controllers.sorted())")
    }
}
