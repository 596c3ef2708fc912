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
        func append(_ e: EventIndex) {
            if head.isNone { head = e } else { allocator.event(tail).pointee.next = e }
            tail = e
        }
        for b in bytes {
            parser.push(b) { m in
                switch m {
                case let .short(s, d1, d2, count):
                    guard let e = allocator.getMessage() else { dropped += 1; return }
                    allocator.event(e).pointee.setInline(s, d1, d2, count: count)
                    allocator.event(e).pointee.presentationTime100ns = t
                    allocator.event(e).pointee.channelGroup = group
                    append(e)
                case let .sysEx(piece, final):
                    guard let e = allocator.getMessage() else { dropped += 1; return }
                    let p = allocator.event(e)
                    if piece.count <= KernelEvent.inlineCapacity {
                        var word: UInt64 = 0
                        for (i, x) in piece.enumerated() { word |= UInt64(x) << (8 * UInt64(i)) }
                        p.pointee.inlineData = word
                    } else {
                        guard let buf = allocator.getBuffer() else { allocator.putMessage(e); dropped += 1; return }
                        let dst = allocator.bufferPointer(buf)
                        dst.copyMemory(from: UnsafeRawBufferPointer(start: piece.baseAddress, count: min(piece.count, dst.count)))
                        p.pointee.buffer = buf
                    }
                    p.pointee.eventBytes = UInt16(piece.count)
                    p.pointee.flags = final ? [] : .incomplete
                    p.pointee.presentationTime100ns = t
                    p.pointee.channelGroup = group
                    append(e)
                }
            }
        }
        droppedMessages += dropped
        if !head.isNone { putMessage(head) }
    }

    public func feed(_ bytes: [UInt8], at time: ReferenceTime100ns? = nil) {
        bytes.withUnsafeBytes { feed($0, at: time) }
    }
}
