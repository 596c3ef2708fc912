import Synchronization

/// A bounded single-producer single-consumer ring of trivially copyable values. `push` and
/// `pop` never allocate or block; the real-time side only ever pops or only ever pushes.
public final class SPSCRing<Element: BitwiseCopyable>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Element>
    private let mask: Int
    public let capacity: Int
    private let head = Atomic<Int>(0)   // next slot to pop
    private let tail = Atomic<Int>(0)   // next slot to push

    public init(capacity requested: Int) {
        var c = 1
        while c < max(2, requested) { c <<= 1 }
        capacity = c
        mask = c - 1
        slots = .allocate(capacity: c)
    }

    deinit { slots.deallocate() }

    /// Producer only. False when full.
    @inlinable @discardableResult
    public func push(_ element: Element) -> Bool { _push(element) }

    @usableFromInline func _push(_ element: Element) -> Bool {
        let t = tail.load(ordering: .relaxed)
        if t &- head.load(ordering: .acquiring) >= capacity { return false }
        (slots + (t & mask)).initialize(to: element)
        tail.store(t &+ 1, ordering: .releasing)
        return true
    }

    /// Consumer only. Nil when empty.
    @inlinable public func pop() -> Element? { _pop() }

    @usableFromInline func _pop() -> Element? {
        let h = head.load(ordering: .relaxed)
        if h == tail.load(ordering: .acquiring) { return nil }
        let e = slots[h & mask]
        head.store(h &+ 1, ordering: .releasing)
        return e
    }

    /// Elements waiting (either side; approximate while the other side works).
    public var count: Int { tail.load(ordering: .acquiring) &- head.load(ordering: .acquiring) }
}
