import CMallocCounter
import DLS
import DMusPort
import DMusSynth
import Performance
import Testing

/// The wave-sink period (deliver due events → putMessage → render → write → syncToMaster)
/// allocates nothing after warm-up (DESIGN §3), even with notes, controllers, pitch bends,
/// SysEx resets, voice stealing and releases happening inside the measured periods — also with
/// a helper mixing thread (`threads: 2`: the hand-off is atomics and a semaphore; the helper
/// runs the same mixing code the render thread runs here).
@Suite struct RealTimeAllocationTests {
    @Test(arguments: [1, 2]) func renderPeriodsAllocateNothing(threads: Int) throws {
        guard mc_is_active() == 1 else { print("note: malloc counter disabled under a sanitizer"); return }
        let bank = SynthHarness.bank(wave: SynthHarness.cosineWave(), connections: [
            DLSConnection(source: 0, destination: ConnectionDestination.eg1ReleaseTime, scale: ConnectionScale.timecents(seconds: 0.05))])
        let port = PortDMus(miniport: DMusSynth(threads: threads), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, voices: 8, channelGroups: 2))
        try CollectionDownloader(port: port).download(bank)
        var messages: [ScheduledMessage] = []
        for i in 0..<400 {
            let t = Int64(i) * 25_000   // every 2.5 ms
            let key = UInt8(40 + i % 40)
            messages.append(ScheduledMessage(time100ns: t, group: UInt16(1 + i % 2), bytes: [0x90 | UInt8(i % 16), key, 100]))
            messages.append(ScheduledMessage(time100ns: t + 150_000, group: 1, bytes: [0x80, key, 0]))
            if i % 7 == 0 { messages.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0xB0, 7, UInt8(i % 128)])) }
            if i % 11 == 0 { messages.append(ScheduledMessage(time100ns: t, group: 0, bytes: [0xE0, 0, UInt8(i % 128)])) }
            if i % 97 == 0 { messages.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, 0xF7])) }
        }
        let out = DiscardingOutput(sampleRate: 48_000)
        let sink = try WaveSink(port: port, output: out, framesPerPeriod: 256)
        let start = try sink.begin()
        let feeder = EventFeeder(port: port, song: SongEvents(messages: messages), songStart100ns: start + 200_000)
        #expect(feeder.feed(until: Int64.max))   // everything queued before measuring
        #expect(feeder.isFinished)
        sink.runPeriod()   // warm-up
        sink.runPeriod()
        let before = mc_thread_allocations()
        for _ in 0..<450 { sink.runPeriod() }   // 2.4 s of audio through every event above
        let allocations = mc_thread_allocations() - before
        #expect(allocations == 0)
        let stats = port.stream!.statistics()
        #expect(stats.peakVoices >= 8)          // stealing happened inside the window
        #expect(stats.lateEvents == 0)
        try sink.finish()
    }
}
