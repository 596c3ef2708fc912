import DMusPort
#if canImport(Glibc)
import Glibc
#endif

/// Discards everything written. With `paced`, `write` behaves like a device with a buffer of
/// `bufferFrames` running in real time: it returns once the audio still queued fits in that
/// buffer, sleeping with `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)` on deadlines computed
/// from the total frame count (no drift). A write that arrives after everything queued has
/// "played" restarts the timeline and counts an underrun. Unpaced, it returns at once
/// (benchmarks, as-fast-as-possible renders).
///
/// Allocates nothing after init. One writer thread; `underruns`/`framesWritten` are plain
/// counters, read them after the writer stopped.
public final class NullOutput: WaveOutput, @unchecked Sendable {
    public let sampleRate: Int
    public let channels: Int
    public let maxFramesPerWrite: Int
    /// Whether `write` paces to real time.
    public let paced: Bool
    /// Paced only: frames the simulated device buffers ahead.
    public let bufferFrames: Int
    /// Frames accepted so far.
    public private(set) var framesWritten: Int = 0
    /// Paced only: how often a write came after the queued audio had finished playing.
    public private(set) var underruns: Int = 0
    public private(set) var isClosed = false

    /// Paced timeline: start time (ns, CLOCK_MONOTONIC) and frames queued since then.
    private var startNanos: Int64 = 0
    private var timelineFrames: Int64 = 0
    private var started = false

    public init(sampleRate: Int = 48_000, channels: Int = 2, maxFramesPerWrite: Int = 4096,
                paced: Bool = false, bufferFrames: Int = 1024) {
        self.sampleRate = max(1, sampleRate)
        self.channels = max(1, channels)
        self.maxFramesPerWrite = max(1, maxFramesPerWrite)
        self.paced = paced
        self.bufferFrames = max(0, bufferFrames)
    }

    public func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        if isClosed { return -Int(EBADFD) }
        guard frameCount > 0 else { return frameCount == 0 ? 0 : -Int(EINVAL) }
        framesWritten += frameCount
        guard paced else { return frameCount }

        let now = NullOutput.monotonicNanos()
        if !started {
            started = true
            startNanos = now
            timelineFrames = 0
        } else if now > time(ofFrame: timelineFrames) {
            // Everything queued has played: a real device would have underrun.
            underruns += 1
            startNanos = now
            timelineFrames = 0
        }
        timelineFrames += Int64(frameCount)
        if timelineFrames > Int64(bufferFrames) {
            NullOutput.sleep(untilNanos: time(ofFrame: timelineFrames - Int64(bufferFrames)))
        }
        return frameCount
    }

    /// Paced: frames queued but not yet "played"; unpaced: 0.
    public func delayFrames() -> Int {
        guard paced, started, !isClosed else { return 0 }
        let elapsed = NullOutput.monotonicNanos() - startNanos
        let played = elapsed * Int64(sampleRate) / 1_000_000_000
        return Int(max(0, timelineFrames - played))
    }

    public func close() {
        isClosed = true
    }

    /// When frame `frame` of the current timeline plays (ns, CLOCK_MONOTONIC).
    private func time(ofFrame frame: Int64) -> Int64 {
        startNanos + frame * 1_000_000_000 / Int64(sampleRate)
    }

    static func monotonicNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func sleep(untilNanos deadline: Int64) {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }
}
