#if canImport(Glibc)
import Glibc
#endif
import DMusPort

/// Plays a song in real time: the wave sink runs on its own (SCHED_FIFO when allowed)
/// thread, blocking only in the device write, while this client thread keeps the port fed
/// about half a second ahead of the latency clock.
public final class LivePlayer {
    public struct Status: Sendable {
        public var position100ns: Int64
        public var length100ns: Int64
        public var statistics: SynthStatistics
        /// Share of real time the wave sink spends rendering.
        public var cpuShare: Double
    }

    public let port: PortDMus
    public let song: SongEvents
    public let output: any WaveOutput
    public let framesPerPeriod: Int
    public var lookahead100ns: Int64 = 5_000_000
    /// Set when SCHED_FIFO was refused.
    public private(set) var schedulingNotice: String?

    public init(port: PortDMus, song: SongEvents, output: any WaveOutput, framesPerPeriod: Int) {
        self.port = port
        self.song = song
        self.output = output
        self.framesPerPeriod = framesPerPeriod
    }

    /// Stopped early (Ctrl-C): every note released on every channel of every group at the
    /// latency clock, the release tails rendered for at most a second, then the stream stops.
    private func releaseEverything(at time: Int64, tail sink: WaveSink, stream: any SynthStream) {
        let allocator = port.allocator
        for group in 1...max(1, port.parameters.channelGroups) {
            for ch in 0..<16 {
                for (cc, v) in [(64, 0), (123, 0)] as [(UInt8, UInt8)] {
                    guard let e = allocator.getMessage() else { continue }
                    allocator.event(e).pointee.setInline(0xB0 | UInt8(ch), cc, v, count: 3)
                    allocator.event(e).pointee.presentationTime100ns = time
                    allocator.event(e).pointee.channelGroup = UInt16(group)
                    if !port.putMessage(e) { allocator.putMessage(e) }
                }
            }
        }
        let limit = time + ReferenceTime.unitsPerSecond
        while sink.isRunning && sink.latencyClock() < limit {
            if sink.latencyClock() > time + 200_000 && stream.statistics().voicesPlaying == 0 { break }
            var ts = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&ts, nil)
        }
    }

    /// Plays to the end (plus the release tails) or until `shouldStop` returns true.
    public func play(scheduling: RealtimeThread.Scheduling = .fifo(priority: 70), tailLimitSeconds: Double = 5,
                     shouldStop: () -> Bool = { false }, status: (Status) -> Void = { _ in },
                     tick: (ReferenceTime100ns) -> Void = { _ in }) throws(PerformanceError) -> RenderReport {
        guard let stream = port.stream else { throw PerformanceError("the port has no stream") }
        let sink: WaveSink
        do { sink = try WaveSink(port: port, output: output, framesPerPeriod: framesPerPeriod) } catch {
            throw PerformanceError("wave sink: \(error)")
        }
        let start: ReferenceTime100ns
        do { start = try sink.begin() } catch { throw PerformanceError("start: \(error)") }
        // Start the song one lookahead after the stream, so the first notes are not late.
        let songStart = start + lookahead100ns / 5
        let feeder = EventFeeder(port: port, song: song, songStart100ns: songStart)
        feeder.feed(until: songStart + lookahead100ns)
        let thread: RealtimeThread
        do { thread = try sink.startThread(scheduling: scheduling) } catch { throw PerformanceError("\(error)") }
        schedulingNotice = thread.fallbackReason
        let songEnd = songStart + song.length100ns
        let tailLimit = songEnd + Int64(tailLimitSeconds * Double(ReferenceTime.unitsPerSecond))
        var lastStatus: Int64 = 0
        while sink.isRunning && !shouldStop() {
            let now = sink.latencyClock()
            feeder.feed(until: now + lookahead100ns)
            tick(now)   // other client-thread work (live MIDI input) on the same producer thread
            if now - lastStatus >= 1_000_000 {
                lastStatus = now
                status(Status(position100ns: max(0, now - songStart), length100ns: song.length100ns, statistics: stream.statistics(),
                              cpuShare: sink.cpuShare))
            }
            if feeder.isFinished && now >= songEnd && (stream.statistics().voicesPlaying == 0 || now >= tailLimit) { break }
            var ts = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&ts, nil)
        }
        if sink.isRunning && shouldStop() { releaseEverything(at: sink.latencyClock(), tail: sink, stream: stream) }
        let report = RenderReport(framesRendered: sink.framesRendered, sampleRate: output.sampleRate,
                                  statistics: stream.statistics(), messagesQueued: feeder.nextIndex, outputErrors: sink.writeErrors)
        do { try sink.finish() } catch { throw PerformanceError("stop: \(error)") }
        return report
    }
}
