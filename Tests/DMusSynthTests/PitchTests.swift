#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort
import Performance
import Testing

/// Pitch from unity note, key and fine tune (reference/dls-synthesis.md §4.4), measured.
@Suite struct PitchTests {
    static func note(_ key: UInt8, at frame: Int64 = 0, off: Int64? = nil) -> [ScheduledMessage] {
        var m = [ScheduledMessage(time100ns: SynthHarness.frames100ns(frame), group: 1, bytes: [0x90, key, 127])]
        if let off { m.append(ScheduledMessage(time100ns: SynthHarness.frames100ns(off), group: 1, bytes: [0x80, key, 0])) }
        return m
    }

    @Test(arguments: [(UInt8(69), 0.0), (UInt8(76), 700.0), (UInt8(57), -1200.0), (UInt8(70), 100.0)])
    func keyAgainstUnityNote(key: UInt8, expectedCents: Double) throws {
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), Self.note(key), seconds: 1))
        let f = SynthHarness.frequency(out, 4800..<43_200)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440) - expectedCents) < 1, "measured \(f) Hz")
    }

    @Test func fineTuneIsAddedInCents() throws {
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave(), regionFineTune: 37)
        let out = SynthHarness.left(try SynthHarness.render(bank, Self.note(69), seconds: 1))
        let f = SynthHarness.frequency(out, 4800..<43_200)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440) - 37) < 1, "measured \(f) Hz")
    }

    @Test func pitchBendFollowsTheDefaultRangeOfTwoSemitones() throws {
        // Full bend up (0x3FFF) = +2 semitones × 8191/8192.
        var m = Self.note(69)
        m.insert(ScheduledMessage(time100ns: 0, group: 1, bytes: [0xE0, 0x7F, 0x7F]), at: 0)
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), m, seconds: 1))
        let f = SynthHarness.frequency(out, 4800..<43_200)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440) - 200 * 8191 / 8192) < 1, "measured \(f) Hz")
    }
}

/// Timing and the amplitude envelope.
@Suite struct EnvelopeAndTimingTests {
    @Test func noteStartsOnItsExactFrame() throws {
        for onset: Int64 in [12_345, 480, 481, 959] {
            let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), PitchTests.note(69, at: onset), seconds: 0.5))
            let first = out.firstIndex { $0 != 0 }
            #expect(first == Int(onset), "onset \(onset) sounded at \(String(describing: first))")
        }
    }

    @Test func releaseFallsNinetySixDecibelsOverTheReleaseTime() throws {
        let release = DLSConnection(source: 0, destination: ConnectionDestination.eg1ReleaseTime,
                                    scale: ConnectionScale.timecents(seconds: 0.5))
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: [release])
        let off: Int64 = 24_000
        let out = SynthHarness.left(try SynthHarness.render(bank, PitchTests.note(69, at: 0, off: off), seconds: 1.5))
        let held = SynthHarness.rms(out, 19_200..<24_000)
        let mid = SynthHarness.rms(out, 36_000 - 240..<36_000 + 240)   // 0.25 s into the release
        #expect(held > 0.05)
        #expect(abs(SynthHarness.dB(mid, held) + 48) < 1.5, "level 0.25 s into a 0.5 s release: \(SynthHarness.dB(mid, held)) dB")
        // The voice has ended by the end of the release.
        let after = out.count > 48_100 ? SynthHarness.rms(out, 48_100..<min(out.count, 50_000)) : 0
        #expect(after < 1e-4)
    }

    @Test func velocityFollowsTheConcaveLaw() throws {
        // Velocity 64 vs 127: 40·log10(64/127) = −11.9 dB (default connection, inverted concave).
        func level(_ v: UInt8) throws -> Double {
            let m = [ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 69, v])]
            return SynthHarness.rms(SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), m, seconds: 0.5)), 4800..<19_200)
        }
        let d = SynthHarness.dB(try level(64), try level(127))
        #expect(abs(d - 40 * log10(64.0 / 127)) < 0.3, "\(d) dB")
    }

    @Test func panCC10MovesEnergyAcrossWithEqualPower() throws {
        func ratio(_ pan: UInt8) throws -> (Double, Double) {
            let m = [ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0, 10, pan]),
                     ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 69, 127])]
            let s = try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), m, seconds: 0.5)
            let l = SynthHarness.rms(SynthHarness.left(s), 4800..<19_200)
            let r = SynthHarness.rms(stride(from: 1, to: s.count, by: 2).map { s[$0] }, 4800..<19_200)
            return (l, r)
        }
        let (cl, cr) = try ratio(64)
        #expect(abs(SynthHarness.dB(cl, cr)) < 0.01)
        let (hl, hr) = try ratio(127)
        #expect(hr > 0 && SynthHarness.dB(hl, hr) < -40)
        // Equal power: L² + R² is the same at centre and hard right.
        #expect(abs((cl * cl + cr * cr) / (hl * hl + hr * hr) - 1) < 0.01)
    }
}

/// Key→pitch pivots at the unity note (reference §4.4's recommendation; Gervill pivots at key 0).
@Suite struct KeyToPitchPivotTests {
    @Test(arguments: [(6400.0, UInt8(57), -600.0), (0.0, UInt8(45), 0.0), (12800.0, UInt8(81), 1200.0)])
    func scaleAppliesAroundTheUnityNote(scaleCents: Double, key: UInt8, expectedCents: Double) throws {
        let c = DLSConnection(source: ConnectionSource.keyNumber, destination: ConnectionDestination.pitch,
                              scale: ConnectionScale.fixed(scaleCents))
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: [c])
        let out = SynthHarness.left(try SynthHarness.render(bank, PitchTests.note(key), seconds: 1))
        let f = SynthHarness.frequency(out, 4800..<43_200)
        #expect(abs(SynthHarness.cents(f, relativeTo: 440) - expectedCents) < 1, "measured \(f) Hz")
    }
}
