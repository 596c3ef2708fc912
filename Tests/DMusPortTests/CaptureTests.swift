import DMusPort
import DMusTestSupport
import Testing

@Suite struct MIDIByteParserTests {
    static func parse(_ bytes: [UInt8]) -> (shorts: [[UInt8]], sysEx: [[UInt8]], stray: Int) {
        var p = MIDIByteParser()
        defer { p.free() }
        var shorts: [[UInt8]] = [], sysEx: [[UInt8]] = [], pending: [UInt8] = []
        for b in bytes {
            p.push(b) { m in
                switch m {
                case let .short(s, d1, d2, count): shorts.append(Array([s, d1, d2].prefix(count)))
                case let .sysEx(piece, final):
                    pending += Array(piece)
                    if final { sysEx.append(pending); pending = [] }
                }
            }
        }
        return (shorts, sysEx, p.strayBytes)
    }

    /// The corpus' raw SysEx file (a Universal Identity Request) arrives as one whole message.
    @Test func corpusSysExFileIsOneMessage() throws {
        guard let bytes = try TestData.bytes("midi/jazz-soft/test-syx-7e-06-01-id-request.syx") else { return }
        let r = Self.parse(bytes)
        #expect(r.sysEx == [[0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7]])
        #expect(r.shorts.isEmpty && r.stray == 0)
    }

    @Test func runningStatusAndRealTimeInterleaving() {
        let r = Self.parse([0x90, 60, 100, 62, 0xF8, 101, 0xC1, 5, 6])
        #expect(r.shorts == [[0x90, 60, 100], [0xF8], [0x90, 62, 101], [0xC1, 5], [0xC1, 6]])
        #expect(r.stray == 0)
    }

    @Test func sysExOfAnyLengthArrivesWholeAcrossChunks() {
        let long: [UInt8] = [0xF0] + (0..<1000).map { UInt8($0 % 128) } + [0xF7]
        let r = Self.parse(long + [0x80, 60, 0])
        #expect(r.sysEx == [long])
        #expect(r.shorts == [[0x80, 60, 0]])
    }

    @Test func strayDataAndCutSysExAreHandled() {
        let r = Self.parse([60, 61, 0xF0, 1, 2, 0x90, 60, 1, 0xF7])
        #expect(r.stray == 3)                         // two leading data bytes and the lone F7
        #expect(r.sysEx == [[0xF0, 1, 2]])           // cut by the note-on status
        #expect(r.shorts == [[0x90, 60, 1]])
    }
}

@Suite struct CaptureStreamTests {
    @Test func parsedEventsReachTheConnectedSinkStampedAndComplete() throws {
        let allocator = AllocatorMXF(eventCapacity: 64, bufferCapacity: 4, bufferBytes: 16)
        let capture = CaptureStream(allocator: allocator, clock: VirtualClock(start: 777))
        let sink = Recorder(allocator: allocator)
        try capture.connectOutput(sink)
        capture.feed([0x90, 60, 100])                  // STOP: discarded
        try capture.setState(.run)
        capture.feed([0x90, 60, 100, 0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xF7])
        #expect(sink.messages == [[0x90, 60, 100], [0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xF7]])
        #expect(sink.times == [777, 777])
        #expect(allocator.freeEventCount == 64 && allocator.freeBufferCount == 4)
        #expect(throws: PortError.self) { try capture.connectOutput(sink) }
        try capture.disconnectOutput(sink)
    }
}

final class Recorder: MXF, @unchecked Sendable {
    let allocator: AllocatorMXF
    var messages: [[UInt8]] = []
    var times: [Int64] = []
    private var pending: [UInt8] = []
    init(allocator: AllocatorMXF) { self.allocator = allocator }
    func setState(_ state: StreamState) throws(PortError) {}
    func putMessage(_ chain: EventIndex) {
        var e = chain
        while !e.isNone {
            pending += allocator.withPayload(of: e) { Array($0) }
            if !allocator.event(e).pointee.isIncomplete {
                messages.append(pending); pending = []
                times.append(allocator.event(e).pointee.presentationTime100ns)
            }
            e = allocator.event(e).pointee.next
        }
        allocator.putMessage(chain)
    }
    func connectOutput(_ sink: any MXF) throws(PortError) {}
    func disconnectOutput(_ sink: any MXF) throws(PortError) {}
}

@Suite struct ServiceGroupTests {
    final class Counter: ServiceSink, @unchecked Sendable {
        let done = DispatchSemaphoreLite()
        func requestService() { done.signal() }
    }

    @Test func notifyRunsTheGroupsSinksOnTheServiceThread() throws {
        let port = PortDMus(miniport: RecordingMiniport(), clock: VirtualClock())
        let group = ServiceGroup()
        let sink = Counter()
        group.addMember(sink)
        port.registerServiceGroup(group)
        port.notify(group)
        #expect(sink.done.wait(seconds: 5))
        port.notify()                                   // nil: every registered group
        #expect(sink.done.wait(seconds: 5))
        port.services.stop()
    }
}

/// A tiny semaphore for tests (no Foundation/Dispatch in the port's tests).
final class DispatchSemaphoreLite: @unchecked Sendable {
    private let s = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    init() { sem_init(s, 0, 0) }
    deinit { sem_destroy(s); s.deallocate() }
    func signal() { sem_post(s) }
    func wait(seconds: Int) -> Bool {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        ts.tv_sec += seconds
        return sem_timedwait(s, &ts) == 0
    }
}

#if canImport(Glibc)
import Glibc
#endif
