#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort
@testable import DMusSynth
import Performance
import Testing

/// EG1 segment times and levels against the spec formulas (reference §4.5): linear-amplitude
/// attack, hold, dB-linear decay at 96 dB per decay time stopping at the dB-axis sustain, delay.
@Suite struct EnvelopeSegmentTests {
    typealias D = ConnectionDestination
    static func level(_ x: [Float], at seconds: Double) -> Double {
        let c = Int(seconds * 48_000)
        return SynthHarness.rms(x, max(0, c - 110)..<(c + 109))   // two periods of the 440 Hz tone
    }
    static func render(_ conns: [DLSConnection], key: UInt8 = 69, seconds: Double = 1.5) throws -> [Float] {
        SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: conns),
                                                  PitchTests.note(key), seconds: seconds))
    }
    static let full: Double = {   // the held level of the same note with the default (instant) envelope
        let x = try! render([], seconds: 0.5)
        return level(x, at: 0.3)
    }()

    @Test func attackIsLinearInAmplitude() throws {
        let x = try Self.render([DLSConnection(source: 0, destination: D.eg1AttackTime, scale: ConnectionScale.timecents(seconds: 0.2))])
        // Find when the envelope crosses half of full scale: 0.1 s within 2 %.
        var t = 0.0
        while t < 0.3 && Self.level(x, at: t) < 0.5 * Self.full { t += 0.0005 }
        #expect(abs(t - 0.1) < 0.002, "half level at \(t) s")
        #expect(abs(Self.level(x, at: 0.4) / Self.full - 1) < 0.01)
    }

    @Test func decayFallsNinetySixDecibelsPerDecayTimeToTheSustainOnTheDBAxis() throws {
        let x = try Self.render([DLSConnection(source: 0, destination: D.eg1DecayTime, scale: ConnectionScale.timecents(seconds: 1)),
                                 DLSConnection(source: 0, destination: D.eg1SustainLevel, scale: ConnectionScale.fixed(500))])
        // 96 dB/s: −24 dB at 0.25 s; sustain 50 % = −48 dB, reached at 0.5 s and held.
        #expect(abs(SynthHarness.dB(Self.level(x, at: 0.25), Self.full) + 24) < 0.5)
        #expect(abs(SynthHarness.dB(Self.level(x, at: 0.9), Self.full) + 48) < 0.5)
        #expect(abs(SynthHarness.dB(Self.level(x, at: 1.3), Self.full) + 48) < 0.5)
    }

    @Test func holdDelaysTheDecay() throws {
        let x = try Self.render([DLSConnection(source: 0, destination: D.eg1HoldTime, scale: ConnectionScale.timecents(seconds: 0.3)),
                                 DLSConnection(source: 0, destination: D.eg1DecayTime, scale: ConnectionScale.timecents(seconds: 1)),
                                 DLSConnection(source: 0, destination: D.eg1SustainLevel, scale: 0)])
        #expect(abs(SynthHarness.dB(Self.level(x, at: 0.2), Self.full)) < 0.2)
        #expect(abs(SynthHarness.dB(Self.level(x, at: 0.55), Self.full) + 24) < 0.5)   // 0.25 s into the decay
    }

    @Test func delayHoldsTheVoiceSilentForItsTime() throws {
        let x = try Self.render([DLSConnection(source: 0, destination: D.eg1DelayTime, scale: ConnectionScale.timecents(seconds: 0.1))],
                                seconds: 0.5)
        let first = x.firstIndex { $0 != 0 }!
        #expect(abs(first - 4800) <= 1, "first sound at frame \(first)")
    }

    @Test func keyNumberScalesTheDecayTime() throws {
        // decay_tc += scale × key / 128: −1200 tc at key 64 halves… by 2^(−0.5): 0.707 s for the full 96 dB.
        let x = try Self.render([DLSConnection(source: 0, destination: D.eg1DecayTime, scale: ConnectionScale.timecents(seconds: 1)),
                                 DLSConnection(source: ConnectionSource.keyNumber, destination: D.eg1DecayTime, scale: ConnectionScale.fixed(-1200)),
                                 DLSConnection(source: 0, destination: D.eg1SustainLevel, scale: 0)], key: 64)
        let expected = -96 * 0.2 / pow(2, -0.5)
        #expect(abs(SynthHarness.dB(Self.level(x, at: 0.2), Self.full) - expected) < 0.5)
    }

    @Test func loopSeamsHaveNoDiscontinuity() throws {
        // Many wraps of the 4,400-frame loop at an awkward pitch: no step bigger than the tone's own.
        let x = try Self.render([], key: 74, seconds: 2)
        var maxStep: Float = 0
        for i in 4800..<(x.count - 1) { maxStep = max(maxStep, abs(x[i + 1] - x[i])) }
        let amplitude = Float(Self.full * 2.0.squareRoot())
        let natural = amplitude * 2 * sin(Float.pi * 587.33 / 48_000)   // biggest step of a clean sine
        #expect(maxStep < natural * 1.05, "step \(maxStep) vs \(natural)")
    }
}

/// A controller change takes effect at its own frame whatever the period size.
@Suite struct ControllerTimingTests {
    @Test(arguments: [16, 64, 512, 4096])
    func volumeChangeStartsOnItsFrame(period: Int) throws {
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave())
        func render(_ extra: [ScheduledMessage]) throws -> [Float] {
            let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
            try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 1, maxFramesPerRender: 4096))
            try CollectionDownloader(port: port).download(bank)
            let out = CollectingOutput(sampleRate: 48_000)
            let song = SongEvents(messages: PitchTests.note(69) + extra, length100ns: 5_000_000)
            _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: period, tailLimitSeconds: 0)
            return SynthHarness.left(out.samples)
        }
        let reference = try render([])
        for frame in [5_003, 9_999, 12_345] {
            let t = Int64((Double(frame) * 1e7 / 48_000).rounded())
            let changed = try render([ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0, 7, 20])])
            let firstDifference = zip(reference, changed).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(firstDifference == frame, "period \(period): change at \(frame), heard from \(String(describing: firstDifference))")
        }
    }
}
