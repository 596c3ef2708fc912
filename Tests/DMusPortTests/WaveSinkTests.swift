import DMusPort
import Testing

/// A miniport stream that records what the port hands it, for testing the port alone.
final class RecordingStream: SynthStream, @unchecked Sendable {
    let allocator: AllocatorMXF
    var clock = PhaseLockedSampleClock(sampleRate: 1000)
    let master: any MasterClock
    var received: [[Int64]] = []
    var renders: [(frames: Int, position: Int64)] = []
    var states: [StreamState] = []
    init(allocator: AllocatorMXF, master: any MasterClock) { self.allocator = allocator; self.master = master }
    func setState(_ state: StreamState) throws(PortError) { states.append(state) }
    func putMessage(_ chain: EventIndex) {
        var times: [Int64] = []
        var e = chain
        while !e.isNone { times.append(allocator.event(e).pointee.presentationTime100ns); e = allocator.event(e).pointee.next }
        received.append(times)
        allocator.putMessage(chain)
    }
    func connectOutput(_ sink: any MXF) throws(PortError) {}
    func disconnectOutput(_ sink: any MXF) throws(PortError) {}
    func render(_ buffer: UnsafeMutablePointer<Float>, frames: Int, position: Int64) {
        renders.append((frames, position))
        buffer[0] = 1
    }
    func syncToMaster(_ refTime: ReferenceTime100ns, start: Bool) {
        if start { clock.start(refTime: refTime, masterNow: master.time100ns()) } else { clock.sync(refTime: refTime, masterNow: master.time100ns()) }
    }
    func sampleToRefTime(_ frame: Int64) -> ReferenceTime100ns { clock.sampleToRefTime(frame) }
    func refTimeToSample(_ refTime: ReferenceTime100ns) -> Int64 { clock.refTimeToSample(refTime) }
    func download(_ chain: EventIndex) throws(DownloadError) -> DownloadResult { .complete(handle: DownloadHandle(1), free: true) }
    func unload(_ handle: DownloadHandle) throws(DownloadError) {}
    func statistics() -> SynthStatistics { SynthStatistics() }
    var schedulePreFetch100ns: Int64 { 0 }
}

final class RecordingMiniport: MiniportDMus {
    var stream: RecordingStream?
    var caps: SynthCaps { SynthCaps(description: "test", maxVoices: 1, maxChannelGroups: 4, maxAudioChannels: 2, sampleMemoryBytes: 0) }
    func newStream(type: StreamType, parameters: PortParameters, allocator: AllocatorMXF, clock: any MasterClock) throws(PortError) -> any SynthStream {
        let s = RecordingStream(allocator: allocator, master: clock)
        stream = s
        return s
    }
}

final class CountingOutput: WaveOutput {
    let sampleRate: Int, channels = 2, maxFramesPerWrite = 4096
    var frames = 0
    var firstSamples: [Float] = []
    init(sampleRate: Int) { self.sampleRate = sampleRate }
    func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int { frames += frameCount; firstSamples.append(samples[0]); return frameCount }
    func delayFrames() -> Int { 0 }
    func close() throws {}
}

@Suite struct WaveSinkTests {
    @Test func eachPeriodGetsExactlyTheEventsDueBeforeItsEnd() throws {
        let clock = VirtualClock(start: 0)
        let mini = RecordingMiniport()
        let port = PortDMus(miniport: mini, clock: clock, allocator: AllocatorMXF(eventCapacity: 16, bufferCapacity: 0, bufferBytes: 16))
        try port.newStream(parameters: PortParameters(sampleRate: 1000, channelGroups: 1, maxFramesPerRender: 100))
        let out = CountingOutput(sampleRate: 1000)
        let sink = try WaveSink(port: port, output: out, framesPerPeriod: 100)
        try sink.begin()
        #expect(mini.stream!.states == [.acquire, .pause, .run])
        // At 1000 Hz a 100-frame period is 1,000,000 units. Queue out of order, two chains.
        func chain(_ times: [Int64]) -> EventIndex {
            var head = EventIndex.none
            for t in times.reversed() {
                let e = port.allocator.getMessage()!
                port.allocator.event(e).pointee.presentationTime100ns = t
                port.allocator.event(e).pointee.next = head
                head = e
            }
            return head
        }
        #expect(port.putMessage(chain([2_500_000, 999_999, 1_000_000])))
        #expect(port.putMessage(chain([0, 1_999_999])))
        sink.runPeriod(); sink.runPeriod(); sink.runPeriod()
        #expect(mini.stream!.received == [[0, 999_999], [1_000_000, 1_999_999], [2_500_000]])
        #expect(mini.stream!.renders.map(\.position) == [0, 100, 200])
        #expect(out.frames == 300)
        #expect(out.firstSamples == [1, 1, 1])   // the port zeroes, the stream writes
        #expect(clock.time100ns() == 3_000_000)  // the virtual clock follows rendered frames
        #expect(sink.latencyClock() == 3_000_000)
        try sink.finish()
        #expect(port.allocator.freeEventCount == 16)
    }
}

@Suite struct StreamStateTests {
    @Test func statesStepOneAtATimeBothWays() throws {
        let mini = RecordingMiniport()
        let port = PortDMus(miniport: mini, clock: VirtualClock())
        try port.newStream(parameters: PortParameters(sampleRate: 1000, channelGroups: 1))
        try port.setState(.run)
        try port.setState(.stop)
        try port.setState(.pause)
        #expect(mini.stream!.states == [.acquire, .pause, .run, .pause, .acquire, .stop, .acquire, .pause])
    }

    @Test func finishingReturnsQueuedEventsToTheAllocator() throws {
        let port = PortDMus(miniport: RecordingMiniport(), clock: VirtualClock(),
                            allocator: AllocatorMXF(eventCapacity: 8, bufferCapacity: 0, bufferBytes: 16))
        try port.newStream(parameters: PortParameters(sampleRate: 1000, channelGroups: 1, maxFramesPerRender: 100))
        let sink = try WaveSink(port: port, output: CountingOutput(sampleRate: 1000), framesPerPeriod: 100)
        try sink.begin()
        for t in [5_000_000, 9_000_000] as [Int64] {
            let e = port.allocator.getMessage()!
            port.allocator.event(e).pointee.presentationTime100ns = t
            #expect(port.putMessage(e))
        }
        sink.runPeriod()
        #expect(port.allocator.freeEventCount == 6)     // both still held for later periods
        try sink.finish()
        #expect(port.allocator.freeEventCount == 8)
    }

    @Test func pastEventsAreDeliveredAtOnce() throws {
        let mini = RecordingMiniport()
        let clock = VirtualClock(start: 50_000_000)
        let port = PortDMus(miniport: mini, clock: clock)
        try port.newStream(parameters: PortParameters(sampleRate: 1000, channelGroups: 1, maxFramesPerRender: 100))
        let sink = try WaveSink(port: port, output: CountingOutput(sampleRate: 1000), framesPerPeriod: 100)
        try sink.begin()
        let e = port.allocator.getMessage()!
        port.allocator.event(e).pointee.presentationTime100ns = 1     // long ago
        #expect(port.putMessage(e))
        sink.runPeriod()
        #expect(mini.stream!.received == [[1]])
    }
}
