/// What the port's wave sink writes each rendered period to: an ALSA PCM, a sound file, or
/// nothing. The Windows port pushed its buffer out of the filter's wave pin toward KMixer; here
/// the sink is a plain object the wave-sink thread owns.
///
/// Real-time contract: `write` is the only call the wave-sink thread makes that may block. It
/// must not allocate after `open`/`init` (an implementation converts into buffers it
/// preallocated for `maxFramesPerWrite`).
public protocol WaveOutput: AnyObject {
    /// Frames per second actually in force (a device may grant a rate near the one asked).
    var sampleRate: Int { get }
    /// Interleaved channels of the buffers handed to `write` (2: left, right).
    var channels: Int { get }
    /// The most frames one `write` call accepts.
    var maxFramesPerWrite: Int { get }

    /// Writes `frameCount` interleaved Float32 frames (full scale ±1.0). Returns frames
    /// consumed, or a negative errno on failure. Implementations recover from underruns and
    /// suspends themselves (counting them) and only report what they could not recover.
    func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int

    /// Frames written but not yet heard (ALSA's delay); 0 for files.
    func delayFrames() -> Int

    /// Plays or flushes what was written and releases the device or file. Idempotent.
    func close() throws
}
