import DLS
import DMusPort
import DMusSynth
import Performance
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Unloading frees for real (reference §12.1): the render thread keeps an unloaded object
/// while a voice plays it, then hands it back; the port's service thread frees it and runs the
/// completion; a wave goes only after the instruments that use it.
@Suite struct UnloadTests {
    final class Completions: @unchecked Sendable {
        let count = Atomic<Int>(0)
        /// Voices playing (as published by the stream) when each completion ran.
        let voicesAtCompletion = Atomic<Int>(-1)
    }

    static func releasingBank(program: UInt8 = 0) -> DLSCollection {
        SynthHarness.bank(wave: SynthHarness.cosineWave(), program: program, connections: [
            DLSConnection(source: 0, destination: ConnectionDestination.eg1ReleaseTime, scale: ConnectionScale.timecents(seconds: 0.05))])
    }

    static func sleepMilliseconds(_ ms: Int) {
        var ts = timespec(tv_sec: 0, tv_nsec: ms * 1_000_000)
        nanosleep(&ts, nil)
    }

    @Test func unloadWhileAVoicePlaysCompletesOnlyAfterTheVoiceEnds() throws {
        let port = PortDMus(miniport: DMusSynth(reverb: nil, chorus: nil), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, voices: 8, channelGroups: 1))
        let stream = try #require(port.stream)
        let initialFree = stream.statistics().freeSampleMemoryBytes
        let downloader = CollectionDownloader(port: port)
        try downloader.download(Self.releasingBank())
        #expect(stream.statistics().freeSampleMemoryBytes < initialFree)

        let out = CollectingOutput(sampleRate: 48_000)
        let sink = try WaveSink(port: port, output: out, framesPerPeriod: 480)
        let start = try sink.begin()
        // One note from 0 to 0.5 s (release 50 ms).
        let song = SongEvents(messages: [ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 69, 100]),
                                         ScheduledMessage(time100ns: 5_000_000, group: 1, bytes: [0x80, 69, 0])])
        let feeder = EventFeeder(port: port, song: song, songStart100ns: start)
        #expect(feeder.feed(until: Int64.max))
        for _ in 0..<10 { sink.runPeriod() }            // 0.1 s: the note sounds
        #expect(stream.statistics().voicesPlaying == 1)

        let done = Completions()
        for h in downloader.instrumentHandles + downloader.waveHandles {
            try port.unload(h) { _ in
                done.voicesAtCompletion.store(port.stream!.statistics().voicesPlaying, ordering: .relaxed)
                done.count.add(1, ordering: .relaxed)
            }
        }
        for _ in 0..<30 { sink.runPeriod() }            // to 0.4 s: the voice still plays the unloaded objects
        Self.sleepMilliseconds(50)                     // time for the service thread, had it been notified
        #expect(stream.statistics().voicesPlaying == 1)
        #expect(done.count.load(ordering: .relaxed) == 0, "an unload completed while its voice was playing")
        #expect(port.pendingUnloadCount == 2)
        #expect(stream.statistics().freeSampleMemoryBytes < initialFree)
        let playing = SynthHarness.left(out.samples)
        #expect(SynthHarness.rms(playing, 9_600..<19_200) > 0.5 * SynthHarness.rms(playing, 2_400..<4_800))   // it kept sounding after the unload

        for _ in 0..<30 { sink.runPeriod() }            // to 0.7 s: note off at 0.5 s, released by ~0.55 s
        #expect(stream.statistics().voicesPlaying == 0)
        #expect(port.waitForUnloads(timeoutSeconds: 5))
        #expect(done.count.load(ordering: .relaxed) == 2)
        #expect(done.voicesAtCompletion.load(ordering: .relaxed) == 0)
        #expect(stream.statistics().freeSampleMemoryBytes == initialFree)
        // The program is gone: a new note finds no instrument.
        let before = stream.statistics().missingInstruments
        let again = EventFeeder(port: port, song: SongEvents(messages: [ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 60, 100])]),
                                songStart100ns: sink.latencyClock())
        #expect(again.feed(until: Int64.max))
        for _ in 0..<3 { sink.runPeriod() }
        #expect(stream.statistics().missingInstruments == before + 1)
        try sink.finish()
        #expect(port.allocator.freeEventCount == port.allocator.eventCapacity)
        #expect(port.allocator.freeBufferCount == port.allocator.bufferCapacity)
    }

    @Test func aWaveGoesOnlyAfterTheInstrumentsThatUseIt() throws {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 48_000, channelGroups: 1))
        let initialFree = port.stream!.statistics().freeSampleMemoryBytes
        // Two instruments share the one wave.
        var bank = Self.releasingBank()
        bank.instruments.append(DLSInstrument(program: 7, regions: bank.instruments[0].regions, articulations: bank.instruments[0].articulations))
        let downloader = CollectionDownloader(port: port)
        try downloader.download(bank)
        let wave = downloader.waveHandles[0]
        #expect(throws: DownloadError.self) { try port.unload(wave) }
        do { try port.unload(wave) } catch { #expect(error.code == .waveInUse) }
        try port.unload(downloader.instrumentHandles[0])
        do { try port.unload(wave) } catch { #expect(error.code == .waveInUse) }   // still used by the second
        do { try port.unload(downloader.instrumentHandles[0]) } catch { #expect(error.code == .badHandle) }   // twice
        try port.unload(downloader.instrumentHandles[1])
        try port.unload(wave)
        do { try port.unload(wave) } catch { #expect(error.code == .badHandle) }
        #expect(port.waitForUnloads(timeoutSeconds: 5))
        #expect(port.stream!.statistics().freeSampleMemoryBytes == initialFree)
    }

    /// Downloading and unloading again and again into one stream: memory accounting returns to
    /// where it started, the allocator is whole, and slots are reused (more downloads in total
    /// than the synth has instrument slots).
    @Test func repeatedDownloadsReuseSlotsAndGiveEverythingBack() throws {
        let port = PortDMus(miniport: DMusSynth(), clock: VirtualClock(start: 10_000_000))
        try port.newStream(parameters: PortParameters(sampleRate: 24_000, voices: 16, channelGroups: 1))
        let stream = port.stream!
        let initialFree = stream.statistics().freeSampleMemoryBytes
        let wave = SynthHarness.cosineWave()
        let instruments = (0..<128).map { p in
            DLSInstrument(program: UInt8(p), regions: [DLSRegion(waveLink: DLSWaveLink(tableIndex: 0), isDLS2Region: true)])
        }
        let bank = DLSCollection(instruments: instruments, waves: [wave, wave])
        var downloads = 0
        for loop in 0..<130 {   // 130 × 128 = 16,640 instrument downloads > 16,384 slots
            let d = CollectionDownloader(port: port)
            try d.download(bank)
            downloads += d.instrumentHandles.count
            if loop % 40 == 0 {
                let out = DiscardingOutput(sampleRate: 24_000)
                let song = SongEvents(messages: [ScheduledMessage(time100ns: 0, group: 1, bytes: [0xC0, UInt8(loop % 128)]),
                                                 ScheduledMessage(time100ns: 0, group: 1, bytes: [0x90, 60, 100]),
                                                 ScheduledMessage(time100ns: 1_000_000, group: 1, bytes: [0x80, 60, 0])],
                                      length100ns: 2_000_000)
                let report = try OfflineRenderer.render(port: port, song: song, output: out, framesPerPeriod: 240, tailLimitSeconds: 0.2)
                #expect(report.statistics.missingInstruments == 0)
                #expect(report.statistics.peakVoices == 1)
            }
            try d.unloadAll()
            #expect(port.waitForUnloads(timeoutSeconds: 5))
            #expect(stream.statistics().freeSampleMemoryBytes == initialFree, "loop \(loop)")
        }
        #expect(downloads > 16_384)
        #expect(port.allocator.freeEventCount == port.allocator.eventCapacity)
        #expect(port.allocator.freeBufferCount == port.allocator.bufferCapacity)
    }
}
