#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort
@testable import DMusSynth
import Performance
import Testing

/// One DLS rule per test, measured on renders (reference/dls-synthesis.md §2–4).
@Suite struct ArticulationRuleTests {
    typealias S = ConnectionSource
    typealias D = ConnectionDestination
    static let rate = SynthHarness.rate

    static func note(_ key: UInt8, at t: Double = 0, off: Double? = nil, velocity: UInt8 = 127, channel: UInt8 = 0) -> [ScheduledMessage] {
        var m = [ScheduledMessage(time100ns: Int64(t * 1e7), group: 1, bytes: [0x90 | channel, key, velocity])]
        if let off { m.append(ScheduledMessage(time100ns: Int64(off * 1e7), group: 1, bytes: [0x80 | channel, key, 0])) }
        return m
    }

    /// Instantaneous frequency per cycle (upward zero crossings) as (frame, cents vs 440 Hz).
    static func pitchTrack(_ x: [Float], from: Int, to: Int) -> [(Int, Double)] {
        var crossings: [Double] = []
        for i in from..<(to - 1) where x[i] < 0 && x[i + 1] >= 0 { crossings.append(Double(i) + Double(-x[i] / (x[i + 1] - x[i]))) }
        guard crossings.count > 1 else { return [] }
        return (1..<crossings.count).map { k in
            let f = Double(rate) / (crossings[k] - crossings[k - 1])
            return (Int(crossings[k]), 1200 * log2(f / 440))
        }
    }

    @Test func vibratoLFODepthAndRate() throws {
        let conns = [DLSConnection(source: S.vibrato, destination: D.pitch, transform: ConnectionTransform.source(0, bipolar: true), scale: ConnectionScale.fixed(50)),
                     DLSConnection(source: S.none, destination: D.vibratoStartDelay, scale: ConnectionScale.absoluteZero)]
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: conns), Self.note(69), seconds: 1.2))
        let track = Self.pitchTrack(out, from: 0, to: 57_600)
        let maxC = track.map(\.1).max()!, minC = track.map(\.1).min()!
        #expect(abs(maxC - 50) < 2.5, "max \(maxC)")
        #expect(abs(minC + 50) < 2.5, "min \(minC)")
        // 5 Hz default rate: count upward crossings of the pitch curve through 0 over 1 s.
        var ups = 0
        for k in 1..<track.count where track[k - 1].1 < 0 && track[k].1 >= 0 && track[k].0 < 48_000 { ups += 1 }
        #expect(ups == 5 || ups == 4, "\(ups) cycles")
    }

    @Test func eg2DrivesPitchLinearlyInCents() throws {
        let conns = [DLSConnection(source: S.eg2, destination: D.pitch, scale: ConnectionScale.fixed(1200)),
                     DLSConnection(source: S.none, destination: D.eg2DecayTime, scale: ConnectionScale.timecents(seconds: 1)),
                     DLSConnection(source: S.none, destination: D.eg2SustainLevel, scale: 0)]
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: conns), Self.note(57), seconds: 1.2))
        // Key 57 is −1200 c; EG2 adds +1200 c at the start, falling linearly to 0 over 1 s.
        let track = Self.pitchTrack(out, from: 0, to: 57_000)
        func at(_ seconds: Double) -> Double {
            let target = Int(seconds * 48_000)
            var best = track[0]
            for p in track where abs(p.0 - target) < abs(best.0 - target) { best = p }
            return best.1
        }
        #expect(abs(at(0.25) - (-1200 + 900)) < 10, "\(at(0.25))")
        #expect(abs(at(0.5) - (-1200 + 600)) < 10, "\(at(0.5))")
        #expect(abs(at(1.1) - (-1200)) < 2, "\(at(1.1))")
    }

    static func filterGain(cutoffHz: Double, resonanceDB: Double, key: UInt8) throws -> Double {
        let cents = 6900 + 1200 * log2(cutoffHz / 440)
        let conns = [DLSConnection(source: S.none, destination: D.filterCutoff, scale: ConnectionScale.fixed(cents)),
                     DLSConnection(source: S.none, destination: D.filterQ, scale: ConnectionScale.fixed(resonanceDB * 10))]
        let filtered = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: conns), Self.note(key), seconds: 0.5))
        let dry = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), Self.note(key), seconds: 0.5))
        return SynthHarness.dB(SynthHarness.rms(filtered, 9600..<19_200), SynthHarness.rms(dry, 9600..<19_200))
    }

    @Test func filterIsMinusThreeDecibelsAtCutoffWithoutResonance() throws {
        #expect(abs(try Self.filterGain(cutoffHz: 440, resonanceDB: 0, key: 69) + 3.01) < 1)
        // Two octaves above the cutoff: −24 dB (12 dB/octave).
        #expect(abs(try Self.filterGain(cutoffHz: 110, resonanceDB: 0, key: 69) + 24) < 1.5)
        // Far below: flat.
        #expect(abs(try Self.filterGain(cutoffHz: 7040, resonanceDB: 0, key: 69)) < 0.2)
    }

    @Test func resonanceSplitsBetweenDCCutAndPeak() throws {
        // Q 12 dB: DC −6 dB, peak at the cutoff +6 dB relative to the unfiltered level.
        #expect(abs(try Self.filterGain(cutoffHz: 440, resonanceDB: 12, key: 69) - 6) < 1)
        #expect(abs(try Self.filterGain(cutoffHz: 7040, resonanceDB: 12, key: 69) + 6) < 1)
    }

    @Test func keyGroupCutsWithinFifteenMilliseconds() throws {
        // Two regions in key group 1; the second note cuts the first through the 15 ms shutdown.
        let wave = SynthHarness.cosineWave()
        let r1 = DLSRegion(keyLow: 60, keyHigh: 60, keyGroup: 1, waveSample: DLSWaveSample(unityNote: 60, loops: wave.waveSample!.loops), waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        let r2 = DLSRegion(keyLow: 62, keyHigh: 62, keyGroup: 1, waveSample: DLSWaveSample(unityNote: 69, loops: wave.waveSample!.loops), waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)
        let bank = DLSCollection(instruments: [DLSInstrument(isDrum: true, regions: [r1, r2])], waves: [wave])
        let both = try SynthHarness.render(bank, Self.note(60, channel: 9) + Self.note(62, at: 0.2, channel: 9), seconds: 0.5)
        let second = try SynthHarness.render(bank, Self.note(62, at: 0.2, channel: 9), seconds: 0.5)
        let cut = 9600 + 720 + 48   // 200 ms + 15 ms + 1 ms
        var residue = 0.0
        for i in (2 * cut)..<(2 * 20_000) { residue = max(residue, Double(abs(both[i] - second[i]))) }
        #expect(residue < 1e-4, "first note still audible 16 ms after the cut: \(residue)")
        var early = 0.0
        for i in (2 * 9600)..<(2 * (9600 + 240)) { early = max(early, Double(abs(both[i] - second[i]))) }
        #expect(early > 1e-3, "the cut must fade, not vanish at once")
    }

    @Test func releaseLoopIsLeftAtNoteOff() throws {
        // 0.5 s of cosine whose first half loops (release loop); after note-off it plays the rest and ends.
        var wave = SynthHarness.cosineWave(periods: 220)        // 22,000 frames at 44 kHz
        wave.waveSample!.loops = [DLSLoop(type: 1, startFrames: 0, lengthFrames: 4400)]
        let release = DLSConnection(source: S.none, destination: D.eg1ReleaseTime, scale: ConnectionScale.timecents(seconds: 20))
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: wave, connections: [release]), Self.note(69, off: 1.0), seconds: 2))
        // Held for 1 s: still sounding at 0.9 s although the sample is only 0.5 s long.
        #expect(SynthHarness.rms(out, 43_000..<43_480) > 0.05)
        // After note-off: at most the rest of the sample (< 0.5 s) remains, then silence.
        #expect(SynthHarness.rms(out, 48_000 + 24_500..<48_000 + 25_000) < 1e-5)
    }

    @Test func sostenutoHoldsOnlyNotesDownWhenPressed() throws {
        let release = DLSConnection(source: S.none, destination: D.eg1ReleaseTime, scale: ConnectionScale.timecents(seconds: 0.01))
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: [release])
        var m = Self.note(69, off: 0.1)
        m.append(ScheduledMessage(time100ns: 500_000, group: 1, bytes: [0xB0, 66, 127]))   // pressed at 50 ms, while 69 is down
        m += Self.note(76, at: 0.15, off: 0.2)                                                // pressed after: not held
        m.append(ScheduledMessage(time100ns: 4_000_000, group: 1, bytes: [0xB0, 66, 0]))      // released at 0.4 s
        let out = SynthHarness.left(try SynthHarness.render(bank, m, seconds: 0.6))
        #expect(SynthHarness.rms(out, 14_400..<16_800) > 0.05)       // 0.3–0.35 s: 69 held by sostenuto
        let f = SynthHarness.frequency(out, 12_000..<18_000)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440)) < 2)      // and only 69 (76 was released)
        #expect(SynthHarness.rms(out, 21_600..<24_000) < 1e-4)       // gone after the pedal is up
    }

    @Test(arguments: Interpolation.allCases)
    func everyInterpolationKeepsPitch(mode: Interpolation) throws {
        let port = PortDMus(miniport: DMusSynth(interpolation: mode, reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: Self.rate, channelGroups: 1))
        try CollectionDownloader(port: port).download(SynthHarness.bank(wave: SynthHarness.cosineWave()))
        let out = CollectingOutput(sampleRate: Self.rate)
        _ = try OfflineRenderer.render(port: port, song: SongEvents(messages: Self.note(76), length100ns: 10_000_000), output: out, tailLimitSeconds: 0)
        let f = SynthHarness.frequency(SynthHarness.left(out.samples), 4800..<43_200)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440) - 700) < 1, "\(mode): \(f) Hz")
    }
}

/// The transform curves against their formulas (§2.5).
@Suite struct TransformCurveTests {
    @Test func concaveMatchesTheFortyLogLaw() {
        // Inverted concave × −96 dB = 40·log10(x/127) dB.
        for x in [127.0, 110, 100, 64, 32, 1] {
            let f = applyTransform(x, range: 128, curve: 1, bipolar: false, invert: true)
            #expect(abs(f * -96 - 40 * log10(x / 127)) < 0.01, "x = \(x)")
        }
        #expect(applyTransform(0, range: 128, curve: 1, bipolar: false, invert: true) == 1)
    }

    @Test func convexSwitchLinearAndBipolar() {
        #expect(abs(applyTransform(64, range: 128, curve: 2, bipolar: false, invert: false) - (1 + 5.0 / 12 * log10(64.0 / 127))) < 1e-9)
        #expect(applyTransform(0, range: 128, curve: 2, bipolar: false, invert: false) == 0)
        #expect(applyTransform(63, range: 128, curve: 3, bipolar: false, invert: false) == 0)
        #expect(applyTransform(64, range: 128, curve: 3, bipolar: false, invert: false) == 1)
        #expect(applyTransform(64, range: 128, curve: 0, bipolar: false, invert: false) == 0.5)
        #expect(applyTransform(64, range: 128, curve: 0, bipolar: true, invert: false) == 0)
        #expect(applyTransform(0, range: 128, curve: 0, bipolar: true, invert: false) == -1)
        #expect(applyTransform(8192, range: 16384, curve: 0, bipolar: true, invert: false) == 0)
        // Bipolar concave is mirrored about the centre.
        let up = applyTransform(100, range: 128, curve: 1, bipolar: true, invert: false)
        let down = applyTransform(127 - 100, range: 128, curve: 1, bipolar: true, invert: false)
        #expect(abs(up + down) < 1e-9)
    }
}

/// Every message lands on its exact frame whatever the period size (§4 of DESIGN).
@Suite struct FrameExactTimingTests {
    @Test(arguments: [16, 64, 512, 4096])
    func clicksLandOnTheirFrames(period: Int) throws {
        // A one-frame click: 1.0 then silence, one-shot; linear-phase reads at integer phase are exact.
        var data: [UInt8] = [0xFF, 0x7F]
        data += [UInt8](repeating: 0, count: 2 * 63)
        let click = DLSWave.pcm(sampleRate: 48_000, bitsPerSample: 16, data: data, waveSample: DLSWaveSample(unityNote: 60))
        let bank = SynthHarness.bank(wave: click)
        var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
        var frames = Set<Int>()
        while frames.count < 200 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            frames.insert(100 + Int(rng >> 33) % 470_000 / 200 * 200)   // ≥ 200 frames apart
        }
        let sorted = frames.sorted()
        var messages: [ScheduledMessage] = []
        for f in sorted {
            let t = Int64((Double(f) * 1e7 / 48_000).rounded())
            messages.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0x90, 60, 127]))
            messages.append(ScheduledMessage(time100ns: t + 20_000, group: 1, bytes: [0x80, 60, 0]))
        }
        let port = PortDMus(miniport: DMusSynth(interpolation: .linear, reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 1, maxFramesPerRender: 4096))
        try CollectionDownloader(port: port).download(bank)
        let out = CollectingOutput(sampleRate: 48_000)
        _ = try OfflineRenderer.render(port: port, song: SongEvents(messages: messages), output: out, framesPerPeriod: period, tailLimitSeconds: 0.1)
        let left = SynthHarness.left(out.samples)
        var onsets: [Int] = []
        var i = 0
        while i < left.count { if left[i] != 0 { onsets.append(i); i += 64 } else { i += 1 } }
        #expect(onsets == sorted)
    }
}
