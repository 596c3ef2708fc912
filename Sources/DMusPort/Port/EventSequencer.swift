/// The port's software sequencer: a time-ordered list of pending events, linked through the
/// allocator's `next` fields. Touched only by the wave-sink thread; never allocates.
/// Events normally arrive in time order (append in O(1)); an out-of-order event is inserted
/// in place, stable after equal times so same-time messages keep their order.
struct EventSequencer {
    private(set) var head = EventIndex.none
    private var tail = EventIndex.none
    private(set) var count = 0

    mutating func insert(_ e: EventIndex, events: UnsafeMutablePointer<KernelEvent>) {
        let t = events[Int(e.raw)].presentationTime100ns
        events[Int(e.raw)].next = .none
        count += 1
        if head.isNone { head = e; tail = e; return }
        if events[Int(tail.raw)].presentationTime100ns <= t {
            events[Int(tail.raw)].next = e; tail = e; return
        }
        if t < events[Int(head.raw)].presentationTime100ns {
            events[Int(e.raw)].next = head; head = e; return
        }
        var p = head
        while true {
            let n = events[Int(p.raw)].next
            if n.isNone || t < events[Int(n.raw)].presentationTime100ns {
                events[Int(e.raw)].next = n
                events[Int(p.raw)].next = e
                if n.isNone { tail = e }
                return
            }
            p = n
        }
    }

    /// Detaches every event with presentation time before `end` and returns them as a chain.
    mutating func takeDue(before end: ReferenceTime100ns, events: UnsafeMutablePointer<KernelEvent>) -> EventIndex {
        guard !head.isNone, events[Int(head.raw)].presentationTime100ns < end else { return .none }
        let first = head
        var last = head
        var n = 1
        while true {
            let next = events[Int(last.raw)].next
            if next.isNone || events[Int(next.raw)].presentationTime100ns >= end {
                events[Int(last.raw)].next = .none
                head = next
                if next.isNone { tail = .none }
                count -= n
                return first
            }
            last = next
            n += 1
        }
    }

    /// Detaches everything (stop / flush).
    mutating func takeAll() -> EventIndex {
        let h = head
        head = .none; tail = .none; count = 0
        return h
    }
}
