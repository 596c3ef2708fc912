import Synchronization
#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// The port's wave sink: each period it pulls the chains that fall due, hands them to the
/// synth stream (`putMessage`), renders, writes to the output, phase-locks the sample clock
/// (`syncToMaster`), and leaves event recycling to the stream (which returns what it consumed
/// to the allocator). `runPeriod` is the whole real-time step: a live player runs it in a loop
/// on a `RealtimeThread`; an offline render calls it directly, so both paths share one code.
public final class WaveSink: @unchecked Sendable {
    public let port: PortDMus
    public let stream: any SynthStream
    public let output: any WaveOutput
    public let framesPerPeriod: Int
    private let channels: Int
    private let buffer: UnsafeMutablePointer<Float>
    private let sampleRate: Int
    /// The port's clock when it is the offline clock, which follows rendered frames.
    private let virtualClock: VirtualClock?
    /// Stream frame of the next period.
    public private(set) var position: Int64 = 0
    private var startTime100ns: Int64 = 0
    private var started = false

    private let running = Atomic<Bool>(false)
    /// Published after every period for other threads.
    private let publishedLatency100ns = Atomic<Int64>(0)
    private let publishedFrames = Atomic<Int64>(0)
    private let publishedWriteErrors = Atomic<Int>(0)
    private let lastError = Atomic<Int>(0)
    private let renderNanoseconds = Atomic<Int64>(0)
    private var thread: RealtimeThread?

    public init(port: PortDMus, output: any WaveOutput, framesPerPeriod: Int) throws(PortError) {
        guard let stream = port.stream else { throw PortError("create the port's stream before its wave sink") }
        guard framesPerPeriod > 0, framesPerPeriod <= port.parameters.maxFramesPerRender,
              framesPerPeriod <= output.maxFramesPerWrite else {
            throw PortError("period of \(framesPerPeriod) frames exceeds the render (\(port.parameters.maxFramesPerRender)) or output (\(output.maxFramesPerWrite)) limit")
        }
        guard output.channels == port.parameters.audioChannels else {
            throw PortError("output has \(output.channels) channels, the stream renders \(port.parameters.audioChannels)")
        }
        self.port = port
        self.stream = stream
        self.output = output
        self.framesPerPeriod = framesPerPeriod
        channels = output.channels
        sampleRate = port.parameters.sampleRate
        virtualClock = port.clock as? VirtualClock
        buffer = .allocate(capacity: framesPerPeriod * channels)
        buffer.initialize(repeating: 0, count: framesPerPeriod * channels)
    }

    deinit { buffer.deallocate() }

    /// Puts the stream into RUN and starts the sample clock at the master clock's now.
    /// Returns the reference time of frame 0.
    @discardableResult
    public func begin() throws(PortError) -> ReferenceTime100ns {
        try port.setState(.run)
        startTime100ns = port.clock.time100ns()
        stream.syncToMaster(startTime100ns, start: true)
        position = 0
        started = true
        publishedLatency100ns.store(stream.sampleToRefTime(0), ordering: .releasing)
        return startTime100ns
    }

    /// One period. Returns frames written, or a negative errno the output could not recover.
    /// Real-time safe after warm-up: no allocation, lock, or logging.
    @discardableResult
    public func runPeriod() -> Int {
        let frames = framesPerPeriod
        let end = stream.sampleToRefTime(position + Int64(frames))
        port.deliverDue(before: end, to: stream)
        buffer.update(repeating: 0, count: frames * channels)
        let t0 = monotonicNanoseconds()
        stream.render(buffer, frames: frames, position: position)
        let spent = monotonicNanoseconds() - t0
        renderNanoseconds.add(spent, ordering: .relaxed)
        var written = 0
        while written < frames {
            let r = output.write(buffer + written * channels, frameCount: frames - written)
            if r < 0 {
                publishedWriteErrors.add(1, ordering: .relaxed)
                lastError.store(r, ordering: .relaxed)
                return r
            }
            if r == 0 { break }
            written += r
        }
        position += Int64(frames)
        let sampleTime = startTime100ns + ReferenceTime.fromFrames(position, sampleRate: sampleRate)
        virtualClock?.set(sampleTime)
        stream.syncToMaster(sampleTime, start: false)
        publishedFrames.store(position, ordering: .relaxed)
        publishedLatency100ns.store(stream.sampleToRefTime(position), ordering: .releasing)
        return written
    }

    /// Frames rendered so far (any thread).
    public var framesRendered: Int64 { publishedFrames.load(ordering: .relaxed) }

    /// The latency clock: the earliest master time a newly queued event can still play on
    /// time — the end of what is rendered (any thread).
    public func latencyClock() -> ReferenceTime100ns { publishedLatency100ns.load(ordering: .acquiring) }

    /// Time spent inside the stream's `render`, in nanoseconds (any thread).
    public var renderTimeNanoseconds: Int64 { renderNanoseconds.load(ordering: .relaxed) }

    /// The share of real time spent rendering so far: render time ÷ audio time (any thread).
    public var cpuShare: Double {
        let frames = framesRendered
        guard frames > 0 else { return 0 }
        return Double(renderTimeNanoseconds) / (Double(frames) / Double(sampleRate) * 1e9)
    }

    /// Write failures the output could not recover.
    public var writeErrors: Int { publishedWriteErrors.load(ordering: .relaxed) }

    // MARK: Live

    /// Starts the live loop on its own thread: `begin()` must have been called. The loop runs
    /// until `stop()` or an unrecoverable output error.
    public func startThread(scheduling: RealtimeThread.Scheduling) throws(PortError) -> RealtimeThread {
        precondition(started, "call begin() first")
        running.store(true, ordering: .releasing)
        let t = try RealtimeThread(requested: scheduling) { [self] in
            while running.load(ordering: .relaxed) {
                if runPeriod() < 0 { running.store(false, ordering: .relaxed) }
            }
        }
        thread = t
        return t
    }

    /// Whether the live loop is still running.
    public var isRunning: Bool { running.load(ordering: .relaxed) }

    /// Stops the live loop and waits for it.
    public func stop() {
        running.store(false, ordering: .releasing)
        thread?.join()
        thread = nil
    }

    /// Ends the stream: STOP state, queued events returned to the allocator.
    public func finish() throws(PortError) {
        stop()
        try port.setState(.stop)
        port.flushPending()
    }
}
