#if canImport(Glibc)
import Glibc
#endif
import DMusPort
import Synchronization

/// Plays a song in real time: the wave sink runs on its own (SCHED_FIFO when allowed)
/// thread, blocking only in the device write, while this client thread keeps the port fed
/// through an `EventFeeder`: never more than `window100ns` ahead of the latency clock (the
/// end of what the sink has rendered), waking every few milliseconds.
///
/// The song's time 0 is the stream's frame 0: the first window is queued before the sink
/// thread starts, so nothing is late and the output is, frame for frame, what
/// `OfflineRenderer` writes for the same song — when the port's master clock follows the
/// rendered frames (a `VirtualClock`, as `dmus play` uses: the device's own sample clock is
/// the master, as when DirectMusic's master clock is the wave device's). On a
/// `MonotonicClock` the phase-locked sample clock drifts toward the system clock by the
/// device's buffering and events land a few frames off.
///
/// Pause (`control.pause()` from any thread): the song's clock stops at the feeder's horizon
/// (what is queued plays out, at most `window100ns`); there every channel gets Sustain Off and
/// All Notes Off — the voices are released, as ddksynth releases them when its stream leaves
/// RUN (reference/dmus-interfaces.md §6) — and nothing more is queued. The stream itself stays
/// in RUN, so the device keeps getting periods (silence and release tails) and the synth's
/// statistics are not reset. `control.resume()` carries on from the same song position a
/// quarter window after the latency clock, with the sustain pedals that were down put back.
///
/// Seek (`control.seek(to:)`): at the feeder's horizon every channel gets All Sound Off and
/// Reset All Controllers (`SongEvents.stopMessages`), then the state the song had built up by
/// the target (programs, banks, controllers, RPNs, pitch bend, SysEx — `SongEvents.chased`)
/// and the song from the target on. While paused, the seek waits for the resume.
///
/// Loop (`loops`): the feeder queues the song again and again, with All Notes Off and Reset
/// All Controllers on every channel at each loop point (`SongEvents.looped(count:)` without
/// end); playback then ends only by `shouldStop` or `control.stop()`.
///
/// A device that never blocks (ALSA's `null`, a `file` PCM over `null`) would let the sink run
/// as fast as the processor and leave the feeder behind: with `pacing` `.automatic` the
/// player keeps the sink at real-time pace itself, sleeping in the write as a device would
/// block, unless the device turns out to block by itself (`PacedOutput`).
public final class LivePlayer {
    public struct Status: Sendable {
        /// Song position (within the current pass when looping), 100-ns units.
        public var position100ns: Int64
        public var length100ns: Int64
        public var statistics: SynthStatistics
        /// Share of real time the wave sink spends rendering.
        public var cpuShare: Double
        public var isPaused: Bool
        /// Passes completed when looping.
        public var loopsCompleted: Int
    }

    /// Requests other threads may make of a playing `LivePlayer` (lock-free flags).
    public final class Control: Sendable {
        private let pauseFlag = Atomic<Bool>(false)
        private let stopFlag = Atomic<Bool>(false)
        private let seekTarget = Atomic<Int64>(-1)
        public init() {}
        /// Jumps to song position `position100ns` (clamped to the song), chasing programs,
        /// controllers, pitch bend and RPNs.
        public func seek(to position100ns: Int64) { seekTarget.store(max(0, position100ns), ordering: .relaxed) }
        func takeSeek() -> Int64? {
            let t = seekTarget.exchange(-1, ordering: .relaxed)
            return t >= 0 ? t : nil
        }
        public func pause() { pauseFlag.store(true, ordering: .relaxed) }
        public func resume() { pauseFlag.store(false, ordering: .relaxed) }
        public func togglePause() { _ = pauseFlag.logicalXor(true, ordering: .relaxed) }
        /// Stops as Ctrl-C does: voices released, tails rendered briefly.
        public func stop() { stopFlag.store(true, ordering: .relaxed) }
        public var pauseRequested: Bool { pauseFlag.load(ordering: .relaxed) }
        public var stopRequested: Bool { stopFlag.load(ordering: .relaxed) }
    }

    public enum Pacing: Sendable, Equatable {
        /// Pace the sink to real time only when the output turns out not to block.
        case automatic
        /// Trust the output to block (or run as fast as it accepts).
        case off
    }

    public let port: PortDMus
    public let song: SongEvents
    public let output: any WaveOutput
    public let framesPerPeriod: Int
    /// How far ahead of the latency clock events are queued (the feeder's window).
    public var window100ns: Int64 = 2_000_000
    /// Play the song again and again until stopped.
    public var loops = false
    public var pacing: Pacing = .automatic
    public let control = Control()
    /// Set when SCHED_FIFO was refused.
    public private(set) var schedulingNotice: String?
    /// The feeder's statistics after `play` (its `maxLead100ns` stays below `window100ns`).
    public private(set) var feederStatistics = EventFeeder.Statistics()
    /// Pauses taken effect during `play`.
    public private(set) var pauses = 0
    /// Seeks done during `play`.
    public private(set) var seeks = 0
    /// Whether the output was found not to block, and paced by the player.
    public private(set) var pacedBySoftware = false

    public init(port: PortDMus, song: SongEvents, output: any WaveOutput, framesPerPeriod: Int) {
        self.port = port
        self.song = song
        self.output = output
        self.framesPerPeriod = framesPerPeriod
    }

    /// Queues `messages` (times absolute) now, on this (the producer) thread.
    private func send(_ messages: [ScheduledMessage]) {
        let allocator = port.allocator
        for m in messages {
            guard let (chain, _) = EventFeeder.makeChain(bytes: m.bytes, group: m.group, time: m.time100ns, allocator: allocator) else { continue }
            if !port.putMessage(chain) { allocator.putMessage(chain) }
        }
    }

    /// Sustain off and All Notes Off on every channel of every group, at `time`.
    private func releaseMessages(at time: Int64) -> [ScheduledMessage] {
        var out: [ScheduledMessage] = []
        for group in 1...max(1, port.parameters.channelGroups) {
            for ch in 0..<16 {
                out.append(ScheduledMessage(time100ns: time, group: UInt16(group), bytes: [0xB0 | UInt8(ch), 64, 0]))
                out.append(ScheduledMessage(time100ns: time, group: UInt16(group), bytes: [0xB0 | UInt8(ch), 123, 0]))
            }
        }
        return out
    }

    /// The sustain pedals down at song position `position` (after the song's messages before
    /// it), as messages at `time`.
    private func sustainMessages(at position: Int64, time: Int64) -> [ScheduledMessage] {
        var chase = ChaseState()
        for m in song.messages {
            if m.time100ns >= position { break }
            chase.record(m)
        }
        var out: [ScheduledMessage] = []
        for (key, c) in chase.channels.sorted(by: { $0.key < $1.key }) {
            if let v = c.controllers[64], v > 0 {
                out.append(ScheduledMessage(time100ns: time, group: UInt16(key >> 4), bytes: [0xB0 | UInt8(key & 0x0F), 64, v]))
            }
        }
        return out
    }

    /// Stopped early: every note released at `time` (the feeder's horizon, so the releases are
    /// not late), the release tails rendered for at most a second.
    private func releaseEverything(at time: Int64, tail sink: WaveSink, stream: any SynthStream) {
        send(releaseMessages(at: time))
        let limit = time + ReferenceTime.unitsPerSecond
        while sink.isRunning && sink.latencyClock() < limit {
            if sink.latencyClock() > time + 200_000 && stream.statistics().voicesPlaying == 0 { break }
            var ts = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&ts, nil)
        }
    }

    /// Plays to the end (plus the release tails) or until `shouldStop` returns true or
    /// `control.stop()`. Throws when the output fails for good (a device unplugged): the sink
    /// stops at its first unrecoverable write error and the error says after how long.
    public func play(scheduling: RealtimeThread.Scheduling = .fifo(priority: 70), tailLimitSeconds: Double = 5,
                     shouldStop: () -> Bool = { false }, status: (Status) -> Void = { _ in },
                     tick: (ReferenceTime100ns) -> Void = { _ in }) throws(PerformanceError) -> RenderReport {
        guard let stream = port.stream else { throw PerformanceError("the port has no stream") }
        let paced = PacedOutput(output, enabled: pacing == .automatic, slack100ns: window100ns / 2)
        let sink: WaveSink
        do { sink = try WaveSink(port: port, output: paced, framesPerPeriod: framesPerPeriod) } catch {
            throw PerformanceError("wave sink: \(error)")
        }
        let start: ReferenceTime100ns
        do { start = try sink.begin() } catch { throw PerformanceError("start: \(error)") }
        let feeder = EventFeeder(port: port, song: song, songStart100ns: start, window100ns: window100ns, loops: loops)
        // The first window goes in before the sink renders anything.
        feeder.feed(now: start)
        let thread: RealtimeThread
        do { thread = try sink.startThread(scheduling: scheduling) } catch { throw PerformanceError("\(error)") }
        schedulingNotice = thread.fallbackReason
        let tailLimit = Int64(tailLimitSeconds * Double(ReferenceTime.unitsPerSecond))
        /// Where the song's clock stopped (presentation time), while paused.
        var pausedAt: Int64?
        var lastStatus: Int64?
        func stopping() -> Bool { shouldStop() || control.stopRequested }
        while sink.isRunning && !stopping() {
            let now = sink.latencyClock()
            if control.pauseRequested, pausedAt == nil {
                // Everything before the horizon is queued; the song stops there.
                let p = max(now, feeder.horizon100ns, feeder.lastQueuedTime100ns == Int64.min ? now : feeder.lastQueuedTime100ns + 1)
                send(releaseMessages(at: p))
                pausedAt = p
                pauses += 1
            } else if !control.pauseRequested, let p = pausedAt {
                // A little after the latency clock, so the first messages cannot be late while
                // they are being queued.
                let resumeAt = max(now + window100ns / 4, p)
                let position = feeder.songPosition(at: p)
                feeder.shift(by: resumeAt - p)
                send(sustainMessages(at: position, time: resumeAt))
                pausedAt = nil
            }
            if pausedAt == nil, let target = control.takeSeek() {
                let p = max(now + window100ns / 4, feeder.horizon100ns,
                            feeder.lastQueuedTime100ns == Int64.min ? now : feeder.lastQueuedTime100ns + 1)
                let position = min(target, song.length100ns)
                var chase = ChaseState()
                for m in song.messages {
                    if m.time100ns >= position { break }
                    chase.record(m)
                }
                send(SongEvents.stopMessages(groups: port.parameters.channelGroups, time100ns: p) + chase.replay(at: p))
                feeder.reposition(toIndex: feeder.firstIndex(atOrAfter: position), songStart100ns: p - position)
                seeks += 1
            }
            if pausedAt == nil { feeder.feed(now: now) }
            tick(now)   // other client-thread work (live MIDI input) on the same producer thread
            if lastStatus.map({ now - $0 >= 1_000_000 }) ?? true {
                lastStatus = now
                let at = pausedAt.map { min(now, $0) } ?? now
                status(Status(position100ns: feeder.songPosition(at: at), length100ns: song.length100ns, statistics: stream.statistics(),
                              cpuShare: sink.cpuShare, isPaused: pausedAt != nil && now >= pausedAt!, loopsCompleted: feeder.passesQueued))
            }
            let songEnd = feeder.songStart100ns + song.length100ns
            if pausedAt == nil && feeder.isFinished && now >= songEnd
                && (stream.statistics().voicesPlaying == 0 || now >= songEnd + tailLimit) { break }
            var ts = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&ts, nil)
        }
        // At the feeder's horizon: after everything already queued (no note starts after its
        // release), and a whole window of slack before the releases could be late.
        if sink.isRunning && stopping() { releaseEverything(at: sink.latencyClock() + window100ns, tail: sink, stream: stream) }
        let failed = !sink.isRunning && sink.writeErrors > 0
        feederStatistics = feeder.statistics
        pacedBySoftware = paced.isPacing
        let report = RenderReport(framesRendered: sink.framesRendered, sampleRate: output.sampleRate,
                                  statistics: stream.statistics(), messagesQueued: feeder.statistics.messagesQueued,
                                  outputErrors: sink.writeErrors)
        do { try sink.finish() } catch { throw PerformanceError("stop: \(error)") }
        if failed {
            let at = Double(report.framesRendered) / Double(max(1, output.sampleRate))
            throw PerformanceError("the output failed after \(Int(at * 10) / 10).\(Int(at * 10) % 10) s of audio")
        }
        return report
    }
}

/// The player's output: the real one, kept at real-time pace unless it blocks by itself.
///
/// From the first write, each write sleeps (`clock_nanosleep`, absolute) until the frames
/// written, less a slack (half the feeder's window), have had time to play — so even the
/// first moments of a song never run ahead of the feeder. Once the output has taken that slack
/// plus `probe` frames (a tenth of a second, at least four periods), it is judged: a device
/// that blocked inside its writes for at least a quarter of the real time those frames last,
/// or that reports frames still waiting to be played (`delayFrames`), paces itself, and the
/// player stops pacing for good; one that did neither (ALSA's `null`, a `file` PCM over
/// `null`, a fake) stays paced. A real device with a buffer under the slack never feels the
/// pacing: it blocks first. No allocation or lock: the state is the wave-sink
/// thread's own.
final class PacedOutput: WaveOutput, @unchecked Sendable {
    let base: any WaveOutput
    let sampleRate: Int
    let channels: Int
    let maxFramesPerWrite: Int
    private let slackFrames: Int64
    private let probeFrames: Int64
    private var startNs: Int64 = 0
    private var blockedNs: Int64 = 0
    private var written: Int64 = 0
    private var decided = false
    private var pacingNow: Bool
    private let pacing = Atomic<Bool>(false)

    /// Whether the output was found not to block and is being paced.
    var isPacing: Bool { pacing.load(ordering: .relaxed) }

    /// `slack100ns`: how far ahead of real time the output may run while paced; below the
    /// feeder's window, so the sink never overtakes what is queued.
    init(_ base: any WaveOutput, enabled: Bool, slack100ns: Int64) {
        self.base = base
        sampleRate = base.sampleRate
        channels = base.channels
        maxFramesPerWrite = base.maxFramesPerWrite
        slackFrames = max(1, slack100ns * Int64(base.sampleRate) / 10_000_000)
        probeFrames = Int64(max(base.sampleRate / 10, 4 * base.maxFramesPerWrite))
        pacingNow = enabled
        decided = !enabled
    }

    func write(_ samples: UnsafePointer<Float>, frameCount: Int) -> Int {
        let before = LivePlayerClock.nowNs()
        if startNs == 0 { startNs = before }
        let r = base.write(samples, frameCount: frameCount)
        guard r > 0 else { return r }
        written += Int64(r)
        if !decided {
            blockedNs += LivePlayerClock.nowNs() - before
            if written >= slackFrames + probeFrames {
                decided = true
                let realTime = (written - slackFrames) * 1_000_000_000 / Int64(sampleRate)
                pacingNow = blockedNs < realTime / 4 && base.delayFrames() == 0
                pacing.store(pacingNow, ordering: .relaxed)
            }
        }
        if pacingNow && written > slackFrames {
            LivePlayerClock.sleep(untilNs: startNs + (written - slackFrames) * 1_000_000_000 / Int64(sampleRate))
        }
        return r
    }

    func delayFrames() -> Int { base.delayFrames() }
    func close() throws { try base.close() }
}

enum LivePlayerClock {
    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func sleep(untilNs due: Int64) {
        guard due > nowNs() else { return }
        var ts = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }
}
