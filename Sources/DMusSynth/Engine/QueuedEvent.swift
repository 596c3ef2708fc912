/// A MIDI message waiting for its frame inside the synth. The stream converts kernel events
/// into these on arrival (presentation time → frame) so the render loop never touches the
/// allocator's pool.
struct QueuedEvent {
    enum Kind: UInt8 {
        case channelMessage
        case gmReset, gsReset, xgReset
        case masterVolume        // data = 14-bit volume in data1 | data2 << 7
        case gsDrumPart          // data1 = channel, data2 = map (0 = normal, 1/2 = drums)
        case gsEffect            // data1 = address low byte 0x30…0x3F, data2 = value
    }
    var frame: Int64
    /// 1-based channel group, 0 = every group.
    var group: UInt16
    var kind: Kind
    var status: UInt8
    var data1: UInt8
    var data2: UInt8
}

/// A fixed-capacity FIFO of queued events, kept in frame order.
struct EventQueue {
    let storage: UnsafeMutablePointer<QueuedEvent>
    let capacity: Int
    private(set) var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    func free() { storage.deallocate() }

    /// Appends, keeping frame order (stable for equal frames). False when full.
    mutating func push(_ e: QueuedEvent) -> Bool {
        guard count < capacity else { return false }
        var i = count
        // Walk back over later events (rare: the port delivers in time order).
        while i > 0 && storage[(head + i - 1) % capacity].frame > e.frame {
            storage[(head + i) % capacity] = storage[(head + i - 1) % capacity]
            i -= 1
        }
        storage[(head + i) % capacity] = e
        count += 1
        return true
    }

    @inline(__always) var first: QueuedEvent? { count > 0 ? storage[head] : nil }

    mutating func removeFirst() {
        head = (head + 1) % capacity
        count -= 1
    }

    mutating func removeAll() { head = 0; count = 0 }
}
