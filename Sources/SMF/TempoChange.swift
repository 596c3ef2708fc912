/// A Set Tempo event placed on the tempo map.
public struct TempoChange: Sendable, Equatable, Hashable {
    public var tick: UInt64
    public var microsecondsPerQuarter: UInt32

    public init(tick: UInt64, microsecondsPerQuarter: UInt32) {
        self.tick = tick
        self.microsecondsPerQuarter = microsecondsPerQuarter
    }
}
