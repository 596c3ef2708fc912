import Synchronization

/// A bounded lock-free LIFO of pool indices (a Treiber stack with a generation tag against ABA).
/// Several threads may push and pop: clients take from the allocator while the wave sink
/// returns to it. Never allocates after init.
final class LockFreeIndexStack: @unchecked Sendable {
    /// (generation << 32) | (top index + 1); 0 in the low half = empty.
    private let head = Atomic<UInt64>(0)
    private let nextLinks: UnsafeMutablePointer<Int32>
    let capacity: Int
    private let available = Atomic<Int>(0)

    init(capacity: Int, filled: Bool) {
        self.capacity = capacity
        nextLinks = .allocate(capacity: max(1, capacity))
        nextLinks.initialize(repeating: -1, count: max(1, capacity))
        if filled { for i in stride(from: capacity - 1, through: 0, by: -1) { push(Int32(i)) } }
    }

    deinit { nextLinks.deallocate() }

    /// Items currently in the stack (approximate while other threads work on it).
    var count: Int { available.load(ordering: .relaxed) }

    func push(_ index: Int32) {
        var old = head.load(ordering: .relaxed)
        while true {
            nextLinks[Int(index)] = Int32(truncatingIfNeeded: old & 0xFFFF_FFFF) - 1
            let desired = ((old >> 32) &+ 1) << 32 | UInt64(UInt32(index) &+ 1)
            let (done, current) = head.compareExchange(
                expected: old, desired: desired, successOrdering: .releasing, failureOrdering: .relaxed)
            if done { break }
            old = current
        }
        available.add(1, ordering: .relaxed)
    }

    func pop() -> Int32? {
        var old = head.load(ordering: .acquiring)
        while true {
            let top = Int32(truncatingIfNeeded: old & 0xFFFF_FFFF) - 1
            if top < 0 { return nil }
            let below = nextLinks[Int(top)]
            let desired = ((old >> 32) &+ 1) << 32 | UInt64(UInt32(bitPattern: below &+ 1))
            let (done, current) = head.compareExchange(
                expected: old, desired: desired, successOrdering: .acquiringAndReleasing, failureOrdering: .acquiring)
            if done {
                available.subtract(1, ordering: .relaxed)
                return top
            }
            old = current
        }
    }
}
