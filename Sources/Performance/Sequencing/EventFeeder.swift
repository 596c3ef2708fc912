import DMusPort

/// Feeds a song's messages into a port as kernel events stamped with presentation times
/// (song start + message time), staying a bounded distance ahead: `feed(until:)` queues what
/// falls before the horizon and stops early when the allocator's pool is empty.
public final class EventFeeder {
    public let port: PortDMus
    public let songStart100ns: Int64
    private let messages: [ScheduledMessage]
    public private(set) var nextIndex = 0
    /// Messages that could not be queued because they did not fit (never happens with the
    /// default pool sizes; counted rather than silently lost).
    public private(set) var dropped = 0

    public init(port: PortDMus, song: SongEvents, songStart100ns: Int64) {
        self.port = port
        self.messages = song.messages
        self.songStart100ns = songStart100ns
    }

    public var isFinished: Bool { nextIndex >= messages.count }

    /// Queues every message with presentation time < `horizon`. Returns false if the pool or
    /// the port's queue ran out first (call again after the wave sink recycled some).
    @discardableResult
    public func feed(until horizon: Int64) -> Bool {
        let allocator = port.allocator
        while nextIndex < messages.count {
            let m = messages[nextIndex]
            let t = songStart100ns + m.time100ns
            if t >= horizon { return true }
            guard let chain = makeEvents(m, time: t, allocator: allocator) else { return false }
            if !port.putMessage(chain) {
                allocator.putMessage(chain)
                return false
            }
            nextIndex += 1
        }
        return true
    }

    /// One event for a short message; a SysEx longer than 8 bytes spans allocator buffers,
    /// INCOMPLETE on all but the last.
    private func makeEvents(_ m: ScheduledMessage, time: Int64, allocator: AllocatorMXF) -> EventIndex? {
        let bytes = m.bytes
        if bytes.count <= KernelEvent.inlineCapacity {
            guard let e = allocator.getMessage() else { return nil }
            let p = allocator.event(e)
            var word: UInt64 = 0
            for (i, b) in bytes.enumerated() { word |= UInt64(b) << (8 * UInt64(i)) }
            p.pointee.inlineData = word
            p.pointee.eventBytes = UInt16(bytes.count)
            p.pointee.channelGroup = m.group
            p.pointee.presentationTime100ns = time
            return e
        }
        let chunk = allocator.getBufferSize()
        var head = EventIndex.none, tail = EventIndex.none
        var offset = 0
        while offset < bytes.count {
            let n = min(chunk, bytes.count - offset)
            guard let e = allocator.getMessage() else { allocator.putMessage(head); return nil }
            let p = allocator.event(e)
            if n <= KernelEvent.inlineCapacity {
                var word: UInt64 = 0
                for i in 0..<n { word |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
                p.pointee.inlineData = word
            } else {
                guard let b = allocator.getBuffer() else { allocator.putMessage(e); allocator.putMessage(head); return nil }
                let dst = allocator.bufferPointer(b)
                bytes.withUnsafeBytes { dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
                p.pointee.buffer = b
            }
            p.pointee.eventBytes = UInt16(n)
            p.pointee.channelGroup = m.group
            p.pointee.presentationTime100ns = time
            offset += n
            p.pointee.flags = offset < bytes.count ? .incomplete : []
            if head.isNone { head = e } else { allocator.event(tail).pointee.next = e }
            tail = e
        }
        return head
    }
}
