import DMusPort
import Synchronization

/// The render thread's statistics, published once per render through atomics so any thread
/// can read them without a data race (KSPROPERTY_SYNTH_RUNNINGSTATS).
final class PublishedStatistics: Sendable {
    private let voicesPlaying = Atomic<Int>(0)
    private let peakVoices = Atomic<Int>(0)
    private let lostNotes = Atomic<Int>(0)
    private let lateEvents = Atomic<Int>(0)
    private let droppedEvents = Atomic<Int>(0)
    private let missingInstruments = Atomic<Int>(0)
    private let framesRendered = Atomic<Int64>(0)
    private let peakLevelBits = Atomic<UInt32>(0)
    private let latency100ns = Atomic<Int64>(0)
    private let cpuShareBits = Atomic<UInt64>(0)

    /// Render thread: render time ÷ audio time since RUN.
    func publishCPUShare(_ share: Double) { cpuShareBits.store(share.bitPattern, ordering: .relaxed) }

    /// Render thread: the reference time of the end of what is rendered.
    func publishLatency(_ t: ReferenceTime100ns) { latency100ns.store(t, ordering: .relaxed) }
    /// KSPROPERTY_SYNTH_LATENCYCLOCK (any thread).
    func latencyClock() -> ReferenceTime100ns { latency100ns.load(ordering: .relaxed) }

    /// Render thread: after every render.
    func publish(_ s: SynthStatistics) {
        voicesPlaying.store(s.voicesPlaying, ordering: .relaxed)
        peakVoices.store(s.peakVoices, ordering: .relaxed)
        lostNotes.store(s.lostNotes, ordering: .relaxed)
        lateEvents.store(s.lateEvents, ordering: .relaxed)
        droppedEvents.store(s.droppedEvents, ordering: .relaxed)
        missingInstruments.store(s.missingInstruments, ordering: .relaxed)
        peakLevelBits.store(s.peakLevel.bitPattern, ordering: .relaxed)
        framesRendered.store(s.framesRendered, ordering: .releasing)
    }

    /// Any thread.
    func snapshot() -> SynthStatistics {
        var s = SynthStatistics()
        s.framesRendered = framesRendered.load(ordering: .acquiring)
        s.voicesPlaying = voicesPlaying.load(ordering: .relaxed)
        s.peakVoices = peakVoices.load(ordering: .relaxed)
        s.lostNotes = lostNotes.load(ordering: .relaxed)
        s.lateEvents = lateEvents.load(ordering: .relaxed)
        s.droppedEvents = droppedEvents.load(ordering: .relaxed)
        s.missingInstruments = missingInstruments.load(ordering: .relaxed)
        s.peakLevel = Float(bitPattern: peakLevelBits.load(ordering: .relaxed))
        s.cpuShare = Double(bitPattern: cpuShareBits.load(ordering: .relaxed))
        return s
    }
}
