import DMusPort
#if canImport(Glibc)
import Glibc
#endif

/// Collects every written frame as Float (tests, offline analysis).
///
/// Not for the real-time path: `samples` starts with `reserveFrames` of capacity and grows
/// (allocates) past it. Reserve enough up front when allocation-free writes matter.
public final class MemoryOutput: WaveOutput, @unchecked Sendable {
    public let sampleRate: Int
    public let channels: Int
    public let maxFramesPerWrite: Int
    /// Everything written, interleaved.
    public private(set) var samples: [Float]
    /// Frames written (`samples.count / channels`).
    public var frameCount: Int { samples.count / channels }
    /// Value `delayFrames()` reports (to test latency bookkeeping); default 0.
    public var reportedDelay: Int = 0
    public private(set) var isClosed = false
    /// How many times `close()` was called.
    public private(set) var closeCount = 0

    public init(sampleRate: Int = 48_000, channels: Int = 2, maxFramesPerWrite: Int = 4096, reserveFrames: Int = 48_000) {
        self.sampleRate = max(1, sampleRate)
        self.channels = max(1, channels)
        self.maxFramesPerWrite = max(1, maxFramesPerWrite)
        self.samples = []
        self.samples.reserveCapacity(max(0, reserveFrames) * self.channels)
    }

    public func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        if isClosed { return -Int(EBADFD) }
        guard frameCount > 0 else { return frameCount == 0 ? 0 : -Int(EINVAL) }
        self.samples.append(contentsOf: UnsafeBufferPointer(start: samples, count: frameCount * channels))
        return frameCount
    }

    public func delayFrames() -> Int { reportedDelay }

    public func close() {
        isClosed = true
        closeCount += 1
    }

    /// Forgets what was written (keeps the capacity) and reopens.
    public func reset() {
        samples.removeAll(keepingCapacity: true)
        isClosed = false
    }
}
