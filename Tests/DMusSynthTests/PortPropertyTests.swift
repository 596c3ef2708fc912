import DLS
import DMusPort
import DMusSynth
import Performance
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The port's property interface (reference §9–11): caps, parameter negotiation with a
/// "modified" answer, volume through the render thread, latency clock, statistics, DLS append,
/// wave format, and DAUD priorities that voice stealing honours.
@Suite struct PortPropertyTests {
    static func port(_ request: PortParameterRequest? = nil) throws -> PortDMus {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(requesting: request ?? PortParameterRequest(channelGroups: 1, sampleRate: 48_000))
        try CollectionDownloader(port: port).download(UnloadTests.releasingBank())
        return port
    }

    /// Amplitude of the component at `hz` over `range` (frames of a mono signal), Hann-windowed.
    static func amplitude(_ x: [Float], _ range: Range<Int>, hz: Double, rate: Double = 48_000) -> Double {
        var re = 0.0, im = 0.0, wsum = 0.0
        let n = Double(range.count)
        for (k, i) in range.enumerated() {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(k) / n)
            let phase = 2 * Double.pi * hz * Double(i) / rate
            re += w * Double(x[i]) * cos(phase)
            im += w * Double(x[i]) * sin(phase)
            wsum += w
        }
        return 2 * (re * re + im * im).squareRoot() / wsum
    }

    @Test func capsAnswerBeforeAnyStream() throws {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 0))
        guard case .caps(let caps) = try port.getProperty(.caps) else { Issue.record("not caps"); return }
        #expect(caps.flags & SynthCaps.flagDLS != 0 && caps.flags & SynthCaps.flagDLS2 != 0)
        #expect(caps.flags & SynthCaps.flagSoftwareSynth != 0 && caps.flags & SynthCaps.flagReverb != 0)
        #expect(caps.flags & SynthCaps.flagExternal == 0)
        #expect(caps.maxChannelGroups == 1000 && caps.maxVoices == 4096 && caps.maxAudioChannels == 2)
        #expect(caps.effects == [.reverb, .chorus])
        #expect(port.supportedVerbs(.caps) == .get)
        #expect(port.supportedVerbs(.volume) == [.get, .set])
        #expect(throws: PortError.self) { try port.getProperty(.runningStats) }   // a pin property: no stream yet
        if case .time(let t) = try port.getProperty(.masterClock) { #expect(t == 0) } else { Issue.record("not a time") }
    }

    @Test func overLimitParametersAreClampedAndReportedModified() throws {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 0))
        let asked = PortParameterRequest(voices: 10_000, channelGroups: 5_000, audioChannels: 6, sampleRate: 4_000,
                                         effects: [.reverb, .chorus, .delay], share: true)
        let answer = port.negotiate(asked)
        #expect(answer.modified)
        #expect(answer.granted.voices == 4096)
        #expect(answer.granted.channelGroups == 1000)
        #expect(answer.granted.audioChannels == 2)
        #expect(answer.granted.sampleRate == 8000)
        #expect(answer.granted.effects == [.reverb, .chorus])
        #expect(Set(answer.modifiedFields) == ["voices", "channelGroups", "audioChannels", "sampleRate", "effects", "share"])
        #expect(port.negotiate(PortParameterRequest(sampleRate: 400_000)).granted.sampleRate == 192_000)
        #expect(port.negotiate(PortParameterRequest(voices: 0)).granted.voices == 1)

        // Within limits: granted as asked, not modified; unset fields take the defaults.
        let fine = try port.newStream(requesting: PortParameterRequest(voices: 64, channelGroups: 2, sampleRate: 44_100, effects: [.reverb]))
        #expect(!fine.modified && fine.modifiedFields.isEmpty)
        #expect(fine.granted.voices == 64 && fine.granted.channelGroups == 2 && fine.granted.sampleRate == 44_100)
        #expect(fine.granted.effects == [.reverb] && fine.granted.audioChannels == 2)
        #expect(port.parameters == fine.granted)
        #expect(try port.getProperty(.portParameters) == .parameters(fine.granted))
        #expect(try port.getProperty(.channelGroups) == .count(2))
        try port.setProperty(.channelGroups, .count(2))
        #expect(throws: PortError.self) { try port.setProperty(.channelGroups, .count(3)) }
        #expect(throws: PortError.self) { try port.setProperty(.latencyClock, .time(0)) }   // read-only
        #expect(throws: PortError.self) { try port.setProperty(.volume, .count(1)) }        // wrong value type
        let unset = port.negotiate(PortParameterRequest())
        #expect(!unset.modified && unset.granted == PortParameters())
    }

    @Test func effectsFlagsChooseTheSendEffects() throws {
        func tail(_ effects: SynthEffects) throws -> Double {
            let port = try Self.port(PortParameterRequest(channelGroups: 1, sampleRate: 48_000, effects: effects))
            let out = CollectingOutput(sampleRate: 48_000)
            let song = SongEvents(messages: [ScheduledMessage(time100ns: 0, group: 1, bytes: [0xB0, 91, 127]),
                                             ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 69, 120]),
                                             ScheduledMessage(time100ns: 2_000_000, group: 1, bytes: [0x80, 69, 0])],
                                  length100ns: 8_000_000)
            _ = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 480, tailLimitSeconds: 0)
            return SynthHarness.rms(SynthHarness.left(out.samples), 19_200..<28_800)   // 0.4–0.6 s: voice long gone
        }
        #expect(try tail([]) == 0)
        #expect(try tail([.reverb]) > 1e-4)
    }

    @Test func volumeTakesEffectOnTheRenderThreadAndIsClamped() throws {
        let port = try Self.port()
        let out = CollectingOutput(sampleRate: 48_000)
        let sink = try WaveSink(port: port, output: out, framesPerPeriod: 480)
        let start = try sink.begin()
        #expect(EventFeeder(port: port, song: SongEvents(messages: [ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 69, 100])]),
                            songStart100ns: start).feed(until: Int64.max))
        for _ in 0..<40 { sink.runPeriod() }                 // 0.4 s at 0 dB
        try port.setProperty(.volume, .level(-1200))
        #expect(try port.getProperty(.volume) == .level(-1200))
        for _ in 0..<40 { sink.runPeriod() }                 // 0.4 s at −12 dB
        let left = SynthHarness.left(out.samples)
        // Reverb and chorus tails ride along, so compare windows well after each change.
        let before = SynthHarness.rms(left, 14_400..<19_200)
        let after = SynthHarness.rms(left, 33_600..<38_400)
        #expect(abs(SynthHarness.dB(after, before) + 12) < 0.3, "\(SynthHarness.dB(after, before)) dB")
        try port.setProperty(.volumeBoost, .level(1200))      // the effective gain is the sum: back to 0 dB
        for _ in 0..<40 { sink.runPeriod() }
        let restored = SynthHarness.rms(SynthHarness.left(out.samples), 52_800..<57_600)
        #expect(abs(SynthHarness.dB(restored, before)) < 0.3, "\(SynthHarness.dB(restored, before)) dB")
        try port.setProperty(.volume, .level(5_000))
        #expect(try port.getProperty(.volume) == .level(2_000))   // DMUS_VOLUME_MAX
        try port.setProperty(.volume, .level(-99_999))
        #expect(try port.getProperty(.volume) == .level(-20_000))  // DMUS_VOLUME_MIN

        // Latency clock: the end of what is rendered; running statistics; append; format.
        #expect(try port.getProperty(.latencyClock) == .time(sink.latencyClock()))
        #expect(try port.getProperty(.latencyClock) == .time(start + ReferenceTime.fromFrames(120 * 480, sampleRate: 48_000)))
        if case .statistics(let s) = try port.getProperty(.runningStats) {
            #expect(s.peakVoices == 1 && s.voicesPlaying == 1 && s.framesRendered == 120 * 480)
            #expect(s.cpuShare > 0 && s.cpuShare.isFinite)   // measured, not judged
        } else { Issue.record("not statistics") }
        #expect(try port.getProperty(.dlsAppend) == .count(0))
        guard case .waveFormat(let f) = try port.getProperty(.waveFormat) else { Issue.record("not a format"); return }
        #expect(f.formatTag == DownloadLayout.waveFormatIEEEFloat && f.channels == 2 && f.samplesPerSecond == 48_000)
        #expect(f.bitsPerSample == 32 && f.blockAlign == 8 && f.averageBytesPerSecond == 384_000)
        try sink.finish()
    }

    @Test func prioritiesReadBackAndAreValidated() throws {
        let port = try Self.port(PortParameterRequest(channelGroups: 2, sampleRate: 48_000))
        #expect(try port.getProperty(.voicePriority(group: 1, channel: 9)) == .priority(0x8000_000F))   // drums highest
        #expect(try port.getProperty(.voicePriority(group: 2, channel: 0)) == .priority(0x8000_000E))
        #expect(try port.getProperty(.voicePriority(group: 1, channel: 15)) == .priority(0x8000_0000))
        try port.setProperty(.voicePriority(group: 0, channel: 3), .priority(0x1234))        // group 0: every group
        #expect(try port.getProperty(.voicePriority(group: 1, channel: 3)) == .priority(0x1234))
        #expect(try port.getProperty(.voicePriority(group: 2, channel: 3)) == .priority(0x1234))
        try port.setProperty(.channelGroupPriority(group: 2), .priority(VoicePriority.critical))
        #expect(try port.getProperty(.channelGroupPriority(group: 2)) == .priority(VoicePriority.critical))
        #expect(try port.getProperty(.voicePriority(group: 2, channel: 9)) == .priority(0xF000_000F))   // offset kept
        #expect(try port.getProperty(.voicePriority(group: 1, channel: 9)) == .priority(0x8000_000F))   // other group untouched
        #expect(throws: PortError.self) { try port.getProperty(.voicePriority(group: 3, channel: 0)) }
        #expect(throws: PortError.self) { try port.setProperty(.voicePriority(group: 1, channel: 16), .priority(1)) }
    }

    /// Two voices allowed; a third note arrives at 0.1 s. Returns the amplitudes of 440, 659
    /// and 880 Hz over 0.3–0.5 s, and the lost-note count.
    static func stealing(groups: Int, configure: (PortDMus) throws -> Void,
                         notes: [(group: UInt16, channel: UInt8, key: UInt8)]) throws -> (a440: Double, a659: Double, a880: Double, lost: Int) {
        let port = try Self.port(PortParameterRequest(voices: 2, channelGroups: groups, sampleRate: 48_000, effects: []))
        try configure(port)
        var messages: [ScheduledMessage] = []
        for (i, n) in notes.enumerated() {
            messages.append(ScheduledMessage(time100ns: i < 2 ? 0 : 1_000_000, group: n.group, bytes: [0x90 | n.channel, n.key, 100]))
        }
        let out = CollectingOutput(sampleRate: 48_000)
        let report = try OfflineRenderer.render(port: port, song: SongEvents(messages: messages, length100ns: 6_000_000), output: out,
                                                framesPerPeriod: 480, tailLimitSeconds: 0)
        let left = SynthHarness.left(out.samples)
        let w = 14_400..<24_000
        return (amplitude(left, w, hz: 440), amplitude(left, w, hz: 659.255), amplitude(left, w, hz: 880), report.statistics.lostNotes)
    }

    @Test func stealingHonoursChannelPriorities() throws {
        let notes: [(group: UInt16, channel: UInt8, key: UInt8)] = [(1, 0, 69), (1, 1, 76), (1, 2, 81)]
        // Defaults: channel 3 (offset 0xC) is below channels 1 (0xE) and 2 (0xD): its note is dropped.
        let plain = try Self.stealing(groups: 1, configure: { _ in }, notes: notes)
        #expect(plain.lost == 1)
        #expect(plain.a440 > 0.02 && plain.a659 > 0.02, "\(plain)")
        #expect(plain.a880 < 0.002, "\(plain)")
        // Channel 3 raised to HIGH and channel 1 lowered to LOW: channel 3 steals channel 1's voice.
        let raised = try Self.stealing(groups: 1, configure: { port in
            try port.setProperty(.voicePriority(group: 1, channel: 2), .priority(VoicePriority.high | 0xC))
            try port.setProperty(.voicePriority(group: 1, channel: 0), .priority(VoicePriority.low | 0xE))
        }, notes: notes)
        #expect(raised.lost == 0)
        #expect(raised.a880 > 0.02 && raised.a659 > 0.02, "\(raised)")
        #expect(raised.a440 < 0.002, "\(raised)")
    }

    @Test func stealingHonoursChannelGroupPriorities() throws {
        // Group 1 channel 1 and group 2 channel 1 sound; then group 1 channel 2 plays.
        let notes: [(group: UInt16, channel: UInt8, key: UInt8)] = [(1, 0, 69), (2, 0, 76), (1, 1, 81)]
        let plain = try Self.stealing(groups: 2, configure: { _ in }, notes: notes)
        #expect(plain.lost == 1 && plain.a880 < 0.002, "\(plain)")      // offset 0xD is below both 0xE voices
        #expect(plain.a440 > 0.02 && plain.a659 > 0.02, "\(plain)")
        let raised = try Self.stealing(groups: 2, configure: { port in
            try port.setProperty(.channelGroupPriority(group: 1), .priority(VoicePriority.high))
        }, notes: notes)
        // Group 1 is above group 2 now: the new note steals group 2's voice, not group 1's own.
        #expect(raised.lost == 0)
        #expect(raised.a440 > 0.02 && raised.a880 > 0.02, "\(raised)")
        #expect(raised.a659 < 0.002, "\(raised)")
    }
}
