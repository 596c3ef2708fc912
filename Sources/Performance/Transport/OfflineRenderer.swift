import DMusPort

/// Renders a song as fast as the machine allows, through the same wave-sink period as live
/// playback, on the calling thread. The port must run on a `VirtualClock`, so time advances
/// only with rendered frames and the same inputs always give the same bytes.
public enum OfflineRenderer {
    public static func render(port: PortDMus, song: SongEvents, output: any WaveOutput, framesPerPeriod: Int = 512,
                              tailLimitSeconds: Double = 10,
                              progress: ((Int64) -> Void)? = nil) throws(PerformanceError) -> RenderReport {
        guard port.clock is VirtualClock else { throw PerformanceError("offline rendering needs a port on a VirtualClock") }
        guard let stream = port.stream else { throw PerformanceError("the port has no stream") }
        let sink: WaveSink
        do { sink = try WaveSink(port: port, output: output, framesPerPeriod: framesPerPeriod) } catch {
            throw PerformanceError("wave sink: \(error)")
        }
        let start: ReferenceTime100ns
        do { start = try sink.begin() } catch { throw PerformanceError("start: \(error)") }
        let rate = output.sampleRate
        // The feeder's bounded window: four periods ahead of the latency clock.
        let lookahead = ReferenceTime.fromFrames(Int64(framesPerPeriod) * 4, sampleRate: rate)
        let feeder = EventFeeder(port: port, song: song, songStart100ns: start, window100ns: lookahead)
        let songEnd = start + song.length100ns
        let tailLimit = songEnd + Int64(tailLimitSeconds * Double(ReferenceTime.unitsPerSecond))
        while true {
            feeder.feed(now: sink.latencyClock())
            if sink.runPeriod() < 0 { break }
            let now = sink.latencyClock()
            progress?(now - start)
            if feeder.isFinished && port.pendingEventCount == 0 && now >= songEnd {
                if stream.statistics().voicesPlaying == 0 || now >= tailLimit { break }
            }
        }
        let report = RenderReport(framesRendered: sink.framesRendered, sampleRate: rate, statistics: stream.statistics(),
                                  messagesQueued: feeder.nextIndex, outputErrors: sink.writeErrors)
        do { try sink.finish() } catch { throw PerformanceError("stop: \(error)") }
        return report
    }
}
