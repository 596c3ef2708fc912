/// Reference time: `Int64` in 100-ns units, the DirectMusic REFERENCE_TIME.
public typealias ReferenceTime100ns = Int64

public enum ReferenceTime {
    /// 100-ns units per second.
    public static let unitsPerSecond: Int64 = 10_000_000

    /// Frames → 100-ns units at `sampleRate`, exact for whole seconds, truncating otherwise.
    @inlinable public static func fromFrames(_ frames: Int64, sampleRate: Int) -> ReferenceTime100ns {
        frames * unitsPerSecond / Int64(sampleRate)
    }
}
