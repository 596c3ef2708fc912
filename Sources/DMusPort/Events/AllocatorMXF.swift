/// IAllocatorMXF: the per-stream pool of kernel events and data buffers.
///
/// Everything is preallocated at stream creation. `getMessage`/`getBuffer` pop from lock-free
/// free lists and return nil when a pool is empty (never block, never allocate); `putMessage`
/// walks a chain and returns each event — and the buffer of every long event, and the inner
/// chain of every package — to the pools. Clients take; the wave sink gives back.
///
/// Windows names: GetMessage, PutMessage, GetBuffer, GetBufferSize, PutBuffer.
public final class AllocatorMXF: MXF, @unchecked Sendable {
    /// The event pool. Index with `EventIndex.raw`. Stable for the allocator's lifetime.
    public let events: UnsafeMutablePointer<KernelEvent>
    public let eventCapacity: Int
    /// Bytes of every buffer (GetBufferSize is a USHORT in the DDI, so ≤ 65,535).
    public let bufferBytes: Int
    public let bufferCapacity: Int
    @usableFromInline let bufferStorage: UnsafeMutablePointer<UInt8>
    private let freeEvents: LockFreeIndexStack
    private let freeBuffers: LockFreeIndexStack

    public init(eventCapacity: Int = 16_384, bufferCapacity: Int = 256, bufferBytes: Int = 4096) {
        precondition(eventCapacity > 0 && bufferCapacity >= 0 && bufferBytes > 0 && bufferBytes <= 65_535)
        self.eventCapacity = eventCapacity
        self.bufferCapacity = bufferCapacity
        self.bufferBytes = bufferBytes
        events = .allocate(capacity: eventCapacity)
        events.initialize(repeating: KernelEvent(), count: eventCapacity)
        bufferStorage = .allocate(capacity: max(1, bufferCapacity * bufferBytes))
        bufferStorage.initialize(repeating: 0, count: max(1, bufferCapacity * bufferBytes))
        freeEvents = LockFreeIndexStack(capacity: eventCapacity, filled: true)
        freeBuffers = LockFreeIndexStack(capacity: bufferCapacity, filled: true)
    }

    deinit {
        events.deallocate()
        bufferStorage.deallocate()
    }

    // MARK: IAllocatorMXF

    /// GetMessage: one zeroed event, or nil when the pool is exhausted.
    public func getMessage() -> EventIndex? {
        guard let i = freeEvents.pop() else { return nil }
        events[Int(i)] = KernelEvent()
        return EventIndex(i)
    }

    /// GetBuffer: one data buffer of `getBufferSize()` bytes, or nil when exhausted.
    public func getBuffer() -> BufferIndex? {
        freeBuffers.pop().map(BufferIndex.init)
    }

    /// GetBufferSize.
    public func getBufferSize() -> Int { bufferBytes }

    /// PutBuffer: returns a buffer that never got attached to an event.
    public func putBuffer(_ buffer: BufferIndex) {
        precondition(buffer.raw >= 0 && Int(buffer.raw) < bufferCapacity, "buffer index out of range")
        freeBuffers.push(buffer.raw)
    }

    /// PutMessage: recycles a whole chain, with the buffers of long events and package contents.
    public func putMessage(_ chain: EventIndex) {
        var e = chain
        var guardCount = eventCapacity  // a corrupted (cyclic) chain cannot loop forever
        while !e.isNone && guardCount > 0 {
            guardCount -= 1
            let p = events + Int(e.raw)
            let next = p.pointee.next
            if p.pointee.isPackage {
                let inner = p.pointee.packageHead
                p.pointee.flags.remove(.package)
                p.pointee.eventBytes = 0
                p.pointee.inlineData = 0
                if !inner.isNone { putMessage(inner) }
            } else if !p.pointee.isShort {
                let b = p.pointee.buffer
                if b.raw >= 0 && Int(b.raw) < bufferCapacity { freeBuffers.push(b.raw) }
            }
            p.pointee.next = .none
            freeEvents.push(e.raw)
            e = next
        }
    }

    // MARK: IMXF (the allocator is always the end of every chain)

    public func setState(_ state: StreamState) throws(PortError) {}
    public func connectOutput(_ sink: any MXF) throws(PortError) { throw PortError("the allocator has no output") }
    public func disconnectOutput(_ sink: any MXF) throws(PortError) { throw PortError("the allocator has no output") }

    // MARK: Building events

    /// One event carrying `payload`: inline when it fits in 8 bytes, else in a buffer from
    /// `getBuffer()` (at most `getBufferSize()` bytes). Nil, with nothing taken, when a pool
    /// is empty. The one place that packs payloads, for every producer of events.
    public func makeEvent(payload: UnsafeRawBufferPointer, flags: KernelEventFlags = [], time: ReferenceTime100ns = 0,
                          group: UInt16 = 0) -> EventIndex? {
        precondition(payload.count <= max(KernelEvent.inlineCapacity, bufferBytes), "payload larger than one buffer")
        guard let e = getMessage() else { return nil }
        let p = events + Int(e.raw)
        if payload.count <= KernelEvent.inlineCapacity {
            var word: UInt64 = 0
            for (i, b) in payload.enumerated() { word |= UInt64(b) << (8 * UInt64(i)) }
            p.pointee.inlineData = word
        } else {
            guard let b = getBuffer() else { putMessage(e); return nil }
            bufferPointer(b).copyMemory(from: payload)
            p.pointee.buffer = b
        }
        p.pointee.eventBytes = UInt16(payload.count)
        p.pointee.flags = flags
        p.pointee.presentationTime100ns = time
        p.pointee.channelGroup = group
        return e
    }

    /// The chain carrying `payload` in events of at most `getBufferSize()` bytes, in order,
    /// INCOMPLETE on all but the last (SysEx of any length, download images). Nil, with
    /// nothing taken, when the pools cannot supply it now.
    public func makeChain(payload: UnsafeRawBufferPointer, time: ReferenceTime100ns = 0,
                          group: UInt16 = 0) -> (head: EventIndex, count: Int)? {
        let chunk = payload.count <= KernelEvent.inlineCapacity ? KernelEvent.inlineCapacity : bufferBytes
        var head = EventIndex.none, tail = EventIndex.none
        var offset = 0, count = 0
        repeat {
            let n = min(chunk, payload.count - offset)
            let last = offset + n >= payload.count
            guard let e = makeEvent(payload: UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + n)]),
                                    flags: last ? [] : .incomplete, time: time, group: group) else {
                if !head.isNone { putMessage(head) }
                return nil
            }
            if head.isNone { head = e } else { events[Int(tail.raw)].next = e }
            tail = e
            offset += n
            count += 1
        } while offset < payload.count
        return (head, count)
    }

    // MARK: Access

    /// The event at `index` (valid until it is returned with `putMessage`).
    @inlinable public func event(_ index: EventIndex) -> UnsafeMutablePointer<KernelEvent> {
        events + Int(index.raw)
    }

    /// The bytes of a buffer.
    public func bufferPointer(_ buffer: BufferIndex) -> UnsafeMutableRawBufferPointer {
        precondition(buffer.raw >= 0 && Int(buffer.raw) < bufferCapacity, "buffer index out of range")
        return UnsafeMutableRawBufferPointer(start: bufferStorage + Int(buffer.raw) * bufferBytes, count: bufferBytes)
    }

    /// The payload bytes of a complete or incomplete (non-package) event: inline or in its buffer.
    /// Calls `body` with a pointer valid only during the call.
    @inlinable public func withPayload<R>(of index: EventIndex, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let p = events + Int(index.raw)
        let count = Int(p.pointee.eventBytes)
        if p.pointee.isShort {
            var word = p.pointee.inlineData.littleEndian
            return withUnsafeBytes(of: &word) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        let b = p.pointee.buffer
        guard b.raw >= 0 && Int(b.raw) < bufferCapacity else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(start: bufferStorage + Int(b.raw) * bufferBytes, count: min(count, bufferBytes)))
    }

    /// Free events now (approximate while other threads work).
    public var freeEventCount: Int { freeEvents.count }
    public var freeBufferCount: Int { freeBuffers.count }
}
