#if canImport(Glibc)
import Glibc
#endif

/// The send effects of one synth stream: a stereo reverb (16-line feedback delay network for
/// the six GS reverb characters, echo loops for Delay and Panning Delay) and a stereo chorus,
/// each fed by its own stereo send bus. Chorus output can feed the reverb (GS "send to reverb").
///
/// Usage on the render thread, once per block:
/// 1. voices add their reverb/chorus sends into `reverbSend` / `chorusSend` (interleaved stereo,
///    `frames × 2` floats; the buses are zero on entry to each block),
/// 2. `process(into:frames:)` adds the wet outputs into the interleaved stereo output and
///    zeroes both buses.
///
/// Real time: `init` allocates everything, sized for 192 kHz (or the initial rate if higher).
/// `process`, `setReverb` and `setChorus` never allocate, lock or log and do bounded work, so
/// the engine may call the setters on the render thread when it applies GS SysEx (changes take
/// effect at the next `process`). All parameter changes are click-free: level, time, feedback
/// and filter changes are smoothed or applied in place; a new reverb layout (macro/character,
/// pre-delay, echo time) starts in the second reverb instance while the old one stops taking
/// input and fades out over 300 ms; the chorus glides to new delays and depths. State is
/// flushed to zero below 1e-20, so nothing ever becomes subnormal, and the inputs are
/// sanitised (NaN/Inf → 0, ±64 limit), so nothing non-finite can enter a feedback loop.
///
/// Not thread-safe: call the setters on the thread that calls `process` (the render thread),
/// e.g. from the engine's event handling between blocks or sub-blocks.
///
/// Memory (about 2.8 MB when sized for 192 kHz) is owned by the struct: call `free()` exactly
/// once when the stream is destroyed (not on the render thread). Do not copy it — a copy would
/// share the delay memory but not the read/write positions; keep one instance in place (for
/// example inside the engine struct that the stream holds behind a pointer).
public struct SendEffects {
    /// The most frames one `process` call handles (the size of the send buses).
    public let maxFrames: Int
    /// The current sample rate.
    public private(set) var sampleRate: Int
    /// Highest rate the preallocated memory covers.
    public let maxSampleRate: Int
    /// Reverb send bus, interleaved stereo, `maxFrames × 2` floats; zeroed by `process`.
    public let reverbSend: UnsafeMutablePointer<Float>
    /// Chorus send bus, interleaved stereo, `maxFrames × 2` floats; zeroed by `process`.
    public let chorusSend: UnsafeMutablePointer<Float>

    var slotA: FXReverbSlot
    var slotB: FXReverbSlot
    /// 0: slot A takes input, 1: slot B.
    var activeSlot = 0
    var chorusUnit: FXChorus

    /// The reverb parameters last requested (nil = off).
    public private(set) var reverb: ReverbParameters?
    /// The chorus parameters last requested (nil = off).
    public private(set) var chorus: ChorusParameters?
    /// A reverb request not applied yet (a layout change waits while the spare slot fades).
    var reverbPending = false

    /// Fade-out of a replaced reverb instance.
    static let reverbCrossfadeSeconds = 0.3
    /// Fade-out when the reverb is switched off, and the fastest fade when changes pile up.
    static let reverbOffSeconds = 0.05
    static let reverbFastFadeSeconds = 0.02
    /// Input fade-in of a new reverb instance and level-change ramps.
    static let reverbInputFadeSeconds = 0.005
    static let levelRampSeconds = 0.02

    /// Allocates the buses and every delay line. Both effects start switched off.
    public init(sampleRate: Int, maxFrames: Int) {
        precondition(sampleRate > 0 && maxFrames > 0)
        self.maxFrames = maxFrames
        self.sampleRate = sampleRate
        maxSampleRate = max(192_000, sampleRate)
        reverbSend = .allocate(capacity: 2 * maxFrames)
        reverbSend.initialize(repeating: 0, count: 2 * maxFrames)
        chorusSend = .allocate(capacity: 2 * maxFrames)
        chorusSend.initialize(repeating: 0, count: 2 * maxFrames)
        slotA = FXReverbSlot(maxSampleRate: Double(maxSampleRate), sampleRate: Double(sampleRate))
        slotB = FXReverbSlot(maxSampleRate: Double(maxSampleRate), sampleRate: Double(sampleRate))
        chorusUnit = FXChorus(maxSampleRate: Double(maxSampleRate), sampleRate: Double(sampleRate))
    }

    /// Releases all memory. Call once; the struct must not be used afterwards.
    public func free() {
        reverbSend.deallocate()
        chorusSend.deallocate()
        slotA.free()
        slotB.free()
        chorusUnit.free()
    }

    /// True when the reverb produces output (voices may skip their reverb sends otherwise).
    public var isReverbActive: Bool { slotA.isRunning || slotB.isRunning || (reverbPending && reverb != nil) }
    /// True when the chorus produces output (voices may skip their chorus sends otherwise).
    public var isChorusActive: Bool { chorusUnit.isAudible }

    /// Changes the sample rate (≤ `maxSampleRate`): clears every tail and reapplies the current
    /// parameters. Does not allocate, but clears up to a few MB: call it when the stream
    /// (re)starts, not in the middle of playback.
    public mutating func setSampleRate(_ rate: Int) {
        precondition(rate > 0 && rate <= maxSampleRate, "sample rate above the preallocated maximum")
        sampleRate = rate
        slotA.clear(); slotB.clear()
        slotA.sampleRate = Double(rate); slotB.sampleRate = Double(rate)
        activeSlot = 0
        reverbPending = reverb != nil
        chorusUnit.setSampleRate(Double(rate))
    }

    /// Silences both effects at once and clears their state (e.g. on stop or seek). The current
    /// parameters stay selected and start again from silence. No allocation, but it clears the
    /// whole preallocated memory (about 2.8 MB): fine at a stop, not something to do per block.
    /// (A GS reset should call `setReverb(.gsDefault)` / `setChorus(.gsDefault)` instead, which
    /// crossfade.)
    public mutating func reset() {
        setSampleRate(sampleRate)
    }

    /// Selects reverb parameters; nil switches the reverb off (its tail fades out over 50 ms).
    public mutating func setReverb(_ p: ReverbParameters?) {
        reverb = p
        reverbPending = true
    }

    /// Selects chorus parameters; nil switches the chorus off (20 ms fade).
    public mutating func setChorus(_ p: ChorusParameters?) {
        chorus = p
        chorusUnit.set(p)
    }

    private func seconds(_ s: Double) -> Int { max(1, Int(s * Double(sampleRate))) }

    /// Applies a pending reverb request: in place when the layout is unchanged, else by
    /// starting the spare slot (once it has finished fading) and retiring the active one.
    mutating func applyPendingReverb() {
        guard reverbPending else { return }
        let active = activeSlot == 0 ? slotA : slotB
        guard let p = reverb else {
            if activeSlot == 0 { slotA.retire(over: seconds(Self.reverbOffSeconds)) }
            else { slotB.retire(over: seconds(Self.reverbOffSeconds)) }
            reverbPending = false
            return
        }
        if active.isRunning && !active.retiring && !p.isStructurallyDifferent(from: active.params) {
            let ramp = seconds(Self.levelRampSeconds)
            if activeSlot == 0 { slotA.updateCoefficients(p, levelRampSamples: ramp) }
            else { slotB.updateCoefficients(p, levelRampSamples: ramp) }
            reverbPending = false
            return
        }
        let spareRunning = activeSlot == 0 ? slotB.isRunning : slotA.isRunning
        if spareRunning {
            // The spare still fades from an earlier change: hurry it and retry next block.
            if activeSlot == 0 { slotB.retire(over: seconds(Self.reverbFastFadeSeconds)) }
            else { slotA.retire(over: seconds(Self.reverbFastFadeSeconds)) }
            return
        }
        let fadeIn = seconds(Self.reverbInputFadeSeconds)
        let fadeOut = seconds(Self.reverbCrossfadeSeconds)
        if activeSlot == 0 {
            slotB.configure(p, fadeInSamples: fadeIn)
            slotA.retire(over: fadeOut)
            activeSlot = 1
        } else {
            slotA.configure(p, fadeInSamples: fadeIn)
            slotB.retire(over: fadeOut)
            activeSlot = 0
        }
        reverbPending = false
    }

    /// Processes one block: adds the chorus and reverb wet signals into `output` (interleaved
    /// stereo, `frames × 2`) and zeroes both send buses. `frames` above `maxFrames` is clamped.
    public mutating func process(into output: UnsafeMutablePointer<Float>, frames: Int) {
        let n = min(max(frames, 0), maxFrames)
        guard n > 0 else { return }
        applyPendingReverb()
        // Chorus first: its "send to reverb" lands in the reverb bus before the reverb runs.
        chorusUnit.process(input: chorusSend, output: output, reverbInput: reverbSend, frames: n)
        if slotA.isRunning { slotA.process(input: reverbSend, output: output, frames: n) }
        if slotB.isRunning { slotB.process(input: reverbSend, output: output, frames: n) }
        reverbSend.update(repeating: 0, count: 2 * n)
        chorusSend.update(repeating: 0, count: 2 * n)
    }

    // MARK: Test access

    /// Calls `body` with every value of effect state: all delay lines, rings and filter states
    /// of both reverb instances and the chorus (internal; the tests scan it for subnormals).
    func forEachStateValue(_ body: (Float) -> Void) {
        slotA.forEachStateValue(body)
        slotB.forEachStateValue(body)
        chorusUnit.forEachStateValue(body)
    }
}
