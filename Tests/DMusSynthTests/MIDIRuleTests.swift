#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort
import Performance
import DMusSynth
import Testing

/// Channel rules: RPN 0/1/2, the CC7 law, self-exclusive retriggers.
@Suite struct MIDIRuleTests {
    static func cc(_ n: UInt8, _ v: UInt8, at t: Int64 = 0) -> ScheduledMessage { ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0, n, v]) }
    static func rpn(_ msb: UInt8, _ lsb: UInt8, data: UInt8, fine: UInt8? = nil) -> [ScheduledMessage] {
        var m = [cc(101, msb), cc(100, lsb), cc(6, data)]
        if let fine { m.append(cc(38, fine)) }
        return m + [cc(101, 127), cc(100, 127)]
    }
    static func pitch(_ m: [ScheduledMessage]) throws -> Double {
        let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), m + PitchTests.note(69, at: 1), seconds: 2))
        return SynthHarness.cents(SynthHarness.frequency(out, 52_800..<91_200), relativeTo: 440)
    }

    @Test func bendRangeTwelveSemitones() throws {
        let c = try Self.pitch(Self.rpn(0, 0, data: 12) + [ScheduledMessage(time100ns: 0, group: 1, bytes: [0xE0, 0, 0])])
        #expect(abs(c + 1200) < 1, "\(c)")     // full bend down
    }

    @Test func fineTuningRPN1() throws {
        // 14-bit 0x3000 = 12288: (12288 − 8192) / 8192 × 100 = +50 cents.
        let c = try Self.pitch(Self.rpn(0, 1, data: 0x60, fine: 0))
        #expect(abs(c - 50) < 1, "\(c)")
    }

    @Test func coarseTuningRPN2() throws {
        let c = try Self.pitch(Self.rpn(0, 2, data: 66))
        #expect(abs(c - 200) < 1, "\(c)")
    }

    @Test func volumeFollowsTheFortyLogLaw() throws {
        func level(_ v: UInt8) throws -> Double {
            let out = SynthHarness.left(try SynthHarness.render(SynthHarness.bank(wave: SynthHarness.cosineWave()), [Self.cc(7, v)] + PitchTests.note(69), seconds: 0.5))
            return SynthHarness.rms(out, 9600..<19_200)
        }
        let full = try level(127)
        for v: UInt8 in [100, 64, 32] {
            #expect(abs(SynthHarness.dB(try level(v), full) - 40 * log10(Double(v) / 127)) < 0.2, "CC7 \(v)")
        }
    }

    @Test func aRetriggeredNoteShutsTheOldVoiceWithinFifteenMilliseconds() throws {
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave())
        let both = try SynthHarness.render(bank, PitchTests.note(69) + [ScheduledMessage(time100ns: 2_000_000, group: 1, bytes: [0x90, 69, 127])], seconds: 0.5)
        let second = try SynthHarness.render(bank, [ScheduledMessage(time100ns: 2_000_000, group: 1, bytes: [0x90, 69, 127])], seconds: 0.5)
        var residue: Float = 0
        for i in (2 * (9600 + 768))..<(2 * 20_000) { residue = max(residue, abs(both[i] - second[i])) }
        #expect(residue < 1e-4, "old voice still sounding 16 ms after the retrigger: \(residue)")
    }
}

@Suite struct ChannelGroupTests {
    @Test func groupZeroReachesEveryGroupAndOthersOnlyTheirOwn() throws {
        func voices(_ messages: [ScheduledMessage]) throws -> Int {
            let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
            try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 3))
            try CollectionDownloader(port: port).download(SynthHarness.bank(wave: SynthHarness.cosineWave()))
            return try OfflineRenderer.render(port: port, song: SongEvents(messages: messages, length100ns: 1_000_000),
                                              output: DiscardingOutput(sampleRate: 48_000), tailLimitSeconds: 0).statistics.peakVoices
        }
        #expect(try voices([ScheduledMessage(time100ns: 0, group: 0, bytes: [0x90, 60, 100])]) == 3)
        #expect(try voices([ScheduledMessage(time100ns: 0, group: 2, bytes: [0x90, 60, 100])]) == 1)
        #expect(try voices([ScheduledMessage(time100ns: 0, group: 9, bytes: [0x90, 60, 100])]) == 0)   // beyond the configured groups
    }
}
