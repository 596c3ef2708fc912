import CMallocCounter
import DLS
import DMusPort
import DMusSynth
import Performance
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client thread feeds events and downloads a collection while the wave-sink thread
/// renders (run it under `swift test --sanitize=thread` too); the wave-sink thread allocates
/// nothing after warm-up.
@Suite struct ConcurrencyTests {
    final class Box: @unchecked Sendable {
        let allocations = Atomic<UInt64>(UInt64.max)
        let periods = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let firstAllocatingPeriod = Atomic<Int>(-1)
        let lastCount = Atomic<Int>(0)
    }

    @Test func clientFeedsAndDownloadsWhileTheWaveSinkRenders() throws {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, voices: 32, channelGroups: 2))
        try CollectionDownloader(port: port).download(SynthHarness.bank(wave: SynthHarness.cosineWave(), program: 0))
        let sink = try WaveSink(port: port, output: DiscardingOutput(sampleRate: 48_000), framesPerPeriod: 128)
        let start = try sink.begin()
        var messages: [ScheduledMessage] = []
        for i in 0..<2000 {
            let t = Int64(i) * 10_000
            messages.append(ScheduledMessage(time100ns: t, group: UInt16(1 + i % 2), bytes: [0x90 | UInt8(i % 8), UInt8(48 + i % 24), 90]))
            messages.append(ScheduledMessage(time100ns: t + 40_000, group: UInt16(1 + i % 2), bytes: [0x80 | UInt8(i % 8), UInt8(48 + i % 24), 0]))
            if i % 50 == 0 { messages.append(ScheduledMessage(time100ns: t, group: 1, bytes: [0xC0, i >= 1500 ? UInt8(i / 50 % 2) : 0])) }
        }
        let feeder = EventFeeder(port: port, song: SongEvents(messages: messages), songStart100ns: start + 100_000)
        let box = Box()
        sink.runPeriod(); sink.runPeriod()     // warm-up on this thread's code paths
        let renderer = try RealtimeThread(requested: .normal) { [sink, box] in
            sink.runPeriod()                   // warm-up on the wave-sink thread
            let before = mc_thread_allocations()
            while !box.stop.load(ordering: .relaxed) {
                let b = mc_thread_allocations()
                sink.runPeriod()
                let a = mc_thread_allocations() - b
                if a > 0 { box.firstAllocatingPeriod.store(box.periods.load(ordering: .relaxed), ordering: .relaxed); box.lastCount.store(Int(a), ordering: .relaxed) }
                box.periods.add(1, ordering: .relaxed)
                var ts = timespec(tv_sec: 0, tv_nsec: 200_000)
                nanosleep(&ts, nil)
            }
            box.allocations.store(mc_thread_allocations() - before, ordering: .relaxed)
        }
        // The client: keeps ~30 ms ahead of the latency clock and downloads a second program mid-way.
        var downloaded = false
        var unloaded = false
        while !feeder.isFinished {
            feeder.feed(until: sink.latencyClock() + 300_000)
            if !downloaded && feeder.nextIndex > 1000 {
                try CollectionDownloader(port: port).download(SynthHarness.bank(wave: SynthHarness.cosineWave(), program: 1))
                downloaded = true
            }
            // A bank nobody plays, downloaded and unloaded while the wave sink renders: the
            // retirement runs on the wave-sink thread, which must still allocate nothing.
            if downloaded && !unloaded && feeder.nextIndex > 1400 {
                let spare = CollectionDownloader(port: port)
                try spare.download(SynthHarness.bank(wave: SynthHarness.cosineWave(), program: 5))
                try spare.unloadAll()
                unloaded = true
            }
            var ts = timespec(tv_sec: 0, tv_nsec: 500_000)
            nanosleep(&ts, nil)
        }
        while port.pendingEventCount > 0 { var ts = timespec(tv_sec: 0, tv_nsec: 1_000_000); nanosleep(&ts, nil) }
        #expect(unloaded)
        #expect(port.waitForUnloads(timeoutSeconds: 5), "the unload never completed while rendering")
        box.stop.store(true, ordering: .relaxed)
        renderer.join()
        let stats = port.stream!.statistics()
        #expect(box.periods.load(ordering: .relaxed) > 100)
        #expect(stats.peakVoices > 0)
        #expect(stats.missingInstruments == 0)     // program 1 arrived before its first note
        if mc_is_active() == 1 {
            #expect(box.allocations.load(ordering: .relaxed) == 0,
                    "period \(box.firstAllocatingPeriod.load(ordering: .relaxed)) allocated \(box.lastCount.load(ordering: .relaxed))")
        }
        try sink.finish()
        #expect(port.allocator.freeEventCount == port.allocator.eventCapacity)
    }
}
