/// A capture stream (DMUS_STREAM_MIDI_CAPTURE), as DMusUART models it: raw bytes come in,
/// parsed complete messages go out as kernel events stamped with the master clock, chained
/// and handed to the connected sink's `putMessage` (the allocator when unconnected). SysEx
/// travels in allocator buffers, INCOMPLETE on all but its last piece. In STOP or ACQUIRE
/// input is discarded, as the DDI says.
public final class CaptureStream: MXF, @unchecked Sendable {
    public let allocator: AllocatorMXF
    public let clock: any MasterClock
    public let channelGroup: UInt16
    private var parser = MIDIByteParser()
    private var sink: (any MXF)?
    public private(set) var state: StreamState = .stop
    /// Messages lost because the allocator's pool was empty.
    public private(set) var droppedMessages = 0
    public var strayBytes: Int { parser.strayBytes }

    public init(allocator: AllocatorMXF, clock: any MasterClock, channelGroup: UInt16 = 1) {
        self.allocator = allocator
        self.clock = clock
        self.channelGroup = channelGroup
    }

    deinit { parser.free() }

    public func setState(_ state: StreamState) throws(PortError) { self.state = state }

    /// A capture stream's own input is `feed`; a chain put here is forwarded downstream.
    public func putMessage(_ chain: EventIndex) {
        if let sink { sink.putMessage(chain) } else { allocator.putMessage(chain) }
    }

    public func connectOutput(_ sink: any MXF) throws(PortError) {
        guard self.sink == nil else { throw PortError("STATUS_UNSUCCESSFUL: the capture stream is already connected") }
        self.sink = sink
    }

    public func disconnectOutput(_ sink: any MXF) throws(PortError) {
        guard let current = self.sink, current === sink else { throw PortError("STATUS_UNSUCCESSFUL: not connected to that sink") }
        self.sink = nil
    }

    /// Raw bytes from the device, all stamped `time` (default: the master clock now).
    public func feed(_ bytes: UnsafeRawBufferPointer, at time: ReferenceTime100ns? = nil) {
        guard state == .run || state == .pause else { return }
        let t = time ?? clock.time100ns()
        var head = EventIndex.none, tail = EventIndex.none
        let allocator = self.allocator
        let group = channelGroup
        var dropped = 0
        func append(_ chain: EventIndex) {
            if head.isNone { head = chain } else { allocator.event(tail).pointee.next = chain }
            tail = chain
            while !allocator.event(tail).pointee.next.isNone { tail = allocator.event(tail).pointee.next }
        }
        for b in bytes {
            parser.push(b) { m in
                let e: EventIndex?
                switch m {
                case let .short(s, d1, d2, count):
                    let bytes = (s, d1, d2)
                    e = withUnsafeBytes(of: bytes) {
                        allocator.makeEvent(payload: UnsafeRawBufferPointer(rebasing: $0[0..<count]), time: t, group: group)
                    }
                case let .sysEx(piece, final):
                    // A piece may be longer than one buffer: a chain, all of it INCOMPLETE
                    // unless this piece ends the message.
                    e = allocator.makeChain(payload: UnsafeRawBufferPointer(piece), time: t, group: group)?.head
                    if let e, !final {
                        var x = e
                        while !x.isNone { allocator.event(x).pointee.flags = .incomplete; x = allocator.event(x).pointee.next }
                    }
                }
                if let e { append(e) } else { dropped += 1 }
            }
        }
        droppedMessages += dropped
        if !head.isNone { putMessage(head) }
    }

    public func feed(_ bytes: [UInt8], at time: ReferenceTime100ns? = nil) {
        bytes.withUnsafeBytes { feed($0, at: time) }
    }
}
