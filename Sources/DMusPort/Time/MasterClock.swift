#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// IMasterClock: the constant-rate reference every presentation time is stamped against.
/// Callable from any thread, never blocks.
public protocol MasterClock: AnyObject, Sendable {
    /// GetTime: now, in 100-ns units.
    func time100ns() -> ReferenceTime100ns
}

/// The live master clock: CLOCK_MONOTONIC.
public final class MonotonicClock: MasterClock {
    public init() {}
    public func time100ns() -> ReferenceTime100ns {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * ReferenceTime.unitsPerSecond + Int64(ts.tv_nsec) / 100
    }
}

/// The offline master clock: it reads whatever the wave sink last set, so time advances only
/// with rendered samples and an offline render is deterministic (same inputs, same bytes).
public final class VirtualClock: MasterClock {
    private let now = Atomic<Int64>(0)
    public init(start: ReferenceTime100ns = 0) { now.store(start, ordering: .relaxed) }
    public func time100ns() -> ReferenceTime100ns { now.load(ordering: .acquiring) }
    public func set(_ t: ReferenceTime100ns) { now.store(t, ordering: .releasing) }
    /// Moves on to the next whole second (client thread, nothing rendering). A stream started
    /// there starts on the sample grid of every rate, so the phase-locked clock maps song times
    /// to the same frames whenever a song is rendered again (`render --repeat`, the soak);
    /// from an unaligned start its first syncs nudge the offset by a few 100-ns units.
    public func advanceToWholeSecond() {
        let t = time100ns()
        set((t / ReferenceTime.unitsPerSecond + 1) * ReferenceTime.unitsPerSecond)
    }
}
