#if canImport(Glibc)
import Glibc
#endif

/// Envelope segments. EG1: delay and hold count frames; attack is linear in amplitude;
/// decay, release and shutdown are linear in dB (a constant amplitude factor per frame).
/// EG2 runs the same stages linearly in its 0…1 output, at control rate.
enum EnvelopeStage: UInt8 {
    case delay, attack, hold, decay, sustain, release, shutdown, finished
}

/// One playing voice. Plain data in a preallocated pool; the mixer works on it in place
/// through a pointer and on raw sample pointers, never through class properties.
struct Voice {
    /// Frames between modulator updates (LFOs, EG2, pitch, filter, gain targets). Gains ramp
    /// per sample across each interval, so nothing zippers.
    static let controlInterval = 64
    /// Below this EG1 amplitude (−96 dB) a releasing voice is finished.
    static let silentAmplitude: Float = 1.5849e-5

    var active = false
    var channelIndex: Int32 = 0        // group-major: (group − 1) × 16 + channel
    var key: UInt8 = 0
    var velocity: UInt8 = 0
    var instrumentSlot: Int32 = -1
    var regionIndex: Int32 = 0
    var keyGroup: UInt16 = 0
    var startOrder: UInt64 = 0
    var priority: Int32 = 0

    // Sample playback, 32.32 fixed-point phase.
    var frames: UnsafeMutablePointer<Float>? = nil
    var frameCount = 0
    var loopMode: LoopMode = .oneShot
    var loopStart = 0
    var loopEnd = 0
    var phase: UInt64 = 0
    var increment: UInt64 = 0
    /// wave rate / output rate.
    var rateRatio: Float = 1
    /// Pitch from the static and MIDI connections (cents relative to the recorded pitch).
    var pitchCents: Float = 0

    // Note state.
    var keyDown = false
    var heldByPedal = false
    var heldBySostenuto = false

    // EG1.
    var stage: EnvelopeStage = .finished
    var amplitude: Float = 0
    var stageFramesLeft = 0
    var attackStep: Float = 1
    var holdFrames = 0
    var decayFactor: Float = 0
    var sustainAmplitude: Float = 1
    var releaseFactor: Float = 0
    var shutdownFactor: Float = 0

    // EG2 (0…1).
    var eg2Stage: EnvelopeStage = .finished
    var eg2Value: Float = 0
    var eg2FramesLeft = 0
    var eg2AttackRate: Float = 1
    var eg2HoldFrames = 0
    var eg2DecayRate: Float = 1
    var eg2Sustain: Float = 1
    var eg2ReleaseRate: Float = 1

    // LFOs: phase in cycles, advanced per control interval.
    var lfoPhase: Float = 0
    var lfoStep: Float = 0
    var lfoDelayFrames = 0
    var vibratoPhase: Float = 0
    var vibratoStep: Float = 0
    var vibratoDelayFrames = 0
    var depths = ModulationDepths()

    // Filter.
    var filterOn = false
    var cutoffCents: Float = 0
    var resonanceDB: Float = 0
    /// 1 / (2Q) and the resonance's DC gain, cached when the resonance changes.
    var filterHalfOverQ: Float = 0.7071
    var filterDCGain: Float = 1
    var lastCutoffCents: Float = -1
    var filter = LowPassFilter()

    // Output gains: amplifier × pan × master (base), ramped toward base × tremolo.
    var baseLeft: Float = 0
    var baseRight: Float = 0
    var gainLeft: Float = 0
    var gainRight: Float = 0
    var stepLeft: Float = 0
    var stepRight: Float = 0
    var reverbSend: Float = 0
    var chorusSend: Float = 0
    var controlCountdown = 0

    var isSounding: Bool { active && stage != .shutdown }

    mutating func release() {
        guard active, stage.rawValue < EnvelopeStage.release.rawValue else { return }
        if stage == .delay { amplitude = 0 }
        stage = .release
        if eg2Stage.rawValue < EnvelopeStage.release.rawValue { eg2Stage = .release }
        // A release loop is left at note-off: play on past the loop end to the sample's end.
        if loopMode == .release { loopMode = .oneShot }
    }

    mutating func shutDown() {
        guard active, stage != .shutdown, stage != .finished else { return }
        if stage == .delay { amplitude = 0 }
        stage = .shutdown
    }
}

/// What a voice mixes into: the dry bus and the effect sends (interleaved stereo), a scratch
/// buffer of at least `Voice.controlInterval` frames, and the interpolation in force.
struct MixTargets {
    var out: UnsafeMutablePointer<Float>
    var reverb: UnsafeMutablePointer<Float>
    var chorus: UnsafeMutablePointer<Float>
    var scratch: UnsafeMutablePointer<Float>
    var sinc: UnsafeMutablePointer<Float>
    var interpolation: Interpolation
    var sampleRate: Float
    /// Whether each effect is running; voices skip a send whose effect is off.
    var reverbOn: Bool
    var chorusOn: Bool
}

/// Mixes `count` frames of a voice. Returns false when the voice finished.
@inline(__always)
func mixVoice(_ v: UnsafeMutablePointer<Voice>, _ t: MixTargets, offset: Int, count: Int) -> Bool {
    guard let frames = v.pointee.frames else { v.pointee.active = false; return false }
    var done = 0
    while done < count {
        if v.pointee.controlCountdown <= 0 { controlUpdate(v, sampleRate: t.sampleRate) }
        // EG1 bookkeeping: the rule (add or multiply) and how long it holds.
        var n = min(count - done, v.pointee.controlCountdown)
        var add: Float = 0, factor: Float = 1
        switch v.pointee.stage {
        case .delay:
            if v.pointee.stageFramesLeft <= 0 { v.pointee.stage = .attack; continue }
            n = min(n, v.pointee.stageFramesLeft)
        case .attack:
            if v.pointee.amplitude >= 1 || v.pointee.attackStep >= 1 {
                v.pointee.amplitude = 1
                v.pointee.stage = .hold; v.pointee.stageFramesLeft = v.pointee.holdFrames; continue
            }
            add = v.pointee.attackStep
            n = min(n, max(1, Int(((1 - v.pointee.amplitude) / add).rounded(.up))))
        case .hold:
            if v.pointee.stageFramesLeft <= 0 { v.pointee.stage = .decay; continue }
            n = min(n, v.pointee.stageFramesLeft)
        case .decay:
            if v.pointee.amplitude <= v.pointee.sustainAmplitude || v.pointee.decayFactor <= 0 {
                v.pointee.amplitude = v.pointee.sustainAmplitude; v.pointee.stage = .sustain; continue
            }
            factor = v.pointee.decayFactor
            n = min(n, framesUntil(v.pointee.amplitude, reaches: v.pointee.sustainAmplitude, factor: factor))
        case .sustain:
            if v.pointee.sustainAmplitude <= Voice.silentAmplitude { v.pointee.stage = .finished; continue }
        case .release, .shutdown:
            factor = v.pointee.stage == .release ? v.pointee.releaseFactor : v.pointee.shutdownFactor
            if v.pointee.amplitude <= Voice.silentAmplitude || factor <= 0 { v.pointee.stage = .finished; continue }
            n = min(n, framesUntil(v.pointee.amplitude, reaches: Voice.silentAmplitude, factor: factor))
        case .finished:
            v.pointee.active = false
            return false
        }

        // Stage 1: oscillator → filter → EG1 into the scratch buffer.
        let produced: Int
        switch t.interpolation {
        case .linear: produced = oscillate(v, frames, t.scratch, n, add, factor, Linear.self, t.sinc)
        case .cubic: produced = oscillate(v, frames, t.scratch, n, add, factor, Cubic.self, t.sinc)
        case .sinc: produced = oscillate(v, frames, t.scratch, n, add, factor, Sinc.self, t.sinc)
        }

        // Stage 2: pan and gain ramps into the dry bus and the sends.
        var gl = v.pointee.gainLeft, gr = v.pointee.gainRight
        let sl = v.pointee.stepLeft, sr = v.pointee.stepRight
        let o = t.out + 2 * (offset + done)
        let s = t.scratch
        let rs = t.reverbOn ? v.pointee.reverbSend : 0, cs = t.chorusOn ? v.pointee.chorusSend : 0
        if rs > 0 || cs > 0 {
            let ro = t.reverb + 2 * (offset + done), co = t.chorus + 2 * (offset + done)
            for i in 0..<produced {
                gl += sl; gr += sr
                let xl = s[i] * gl, xr = s[i] * gr
                o[2 * i] += xl; o[2 * i + 1] += xr
                ro[2 * i] += xl * rs; ro[2 * i + 1] += xr * rs
                co[2 * i] += xl * cs; co[2 * i + 1] += xr * cs
            }
        } else {
            for i in 0..<produced {
                // Step first: a change made at this frame is heard at this frame, and the
                // interval's last frame lands exactly on the target.
                gl += sl; gr += sr
                let x = s[i]
                o[2 * i] += x * gl
                o[2 * i + 1] += x * gr
            }
        }
        v.pointee.gainLeft = gl; v.pointee.gainRight = gr
        v.pointee.controlCountdown -= produced
        if v.pointee.stage == .delay || v.pointee.stage == .hold { v.pointee.stageFramesLeft -= produced }
        done += produced
        if produced < n {   // a one-shot ran out of samples
            v.pointee.stage = .finished
            v.pointee.active = false
            return false
        }
    }
    return true
}

/// Advances the modulators by one control interval and sets this interval's pitch, filter
/// and gain targets.
@inline(__always)
private func controlUpdate(_ v: UnsafeMutablePointer<Voice>, sampleRate: Float) {
    let k = Voice.controlInterval
    let kf = Float(k)
    // LFOs (sine, starting at phase 0 moving positive after their delay).
    var lfo: Float = 0, vib: Float = 0
    if v.pointee.lfoDelayFrames > 0 { v.pointee.lfoDelayFrames -= k } else {
        lfo = sinf(2 * Float.pi * v.pointee.lfoPhase)
        v.pointee.lfoPhase += v.pointee.lfoStep * kf
        if v.pointee.lfoPhase >= 1 { v.pointee.lfoPhase -= floorf(v.pointee.lfoPhase) }
    }
    if v.pointee.vibratoDelayFrames > 0 { v.pointee.vibratoDelayFrames -= k } else {
        vib = sinf(2 * Float.pi * v.pointee.vibratoPhase)
        v.pointee.vibratoPhase += v.pointee.vibratoStep * kf
        if v.pointee.vibratoPhase >= 1 { v.pointee.vibratoPhase -= floorf(v.pointee.vibratoPhase) }
    }
    let eg2 = v.pointee.eg2Value
    advanceEG2(v, frames: k)
    let d = v.pointee.depths
    // Pitch.
    let cents = v.pointee.pitchCents + lfo * d.lfoToPitchCents + vib * d.vibratoToPitchCents + eg2 * d.eg2ToPitchCents
    let ratio = exp2f(max(-14_400, min(14_400, cents)) / 1200) * v.pointee.rateRatio
    v.pointee.increment = UInt64(min(ratio, 65_536) * 4_294_967_296)
    // Filter.
    if v.pointee.filterOn {
        let c = v.pointee.cutoffCents + lfo * d.lfoToCutoffCents + vib * d.vibratoToCutoffCents + eg2 * d.eg2ToCutoffCents
        if abs(c - v.pointee.lastCutoffCents) >= 1 {
            v.pointee.lastCutoffCents = c
            v.pointee.filter.setCoefficients(cutoffCents: c, halfOverQ: v.pointee.filterHalfOverQ,
                                             dcGain: v.pointee.filterDCGain, sampleRate: sampleRate)
        }
        v.pointee.filter.flushDenormals()
    }
    // Gain: tremolo in centibels on top of the base, ramped across the interval.
    let tremolo = lfo * d.lfoToGainCentibels + vib * d.vibratoToGainCentibels
    let m: Float = tremolo == 0 ? 1 : exp2f(tremolo * (3.321928 / 200))   // 10^(cB/200)
    v.pointee.stepLeft = (v.pointee.baseLeft * m - v.pointee.gainLeft) / kf
    v.pointee.stepRight = (v.pointee.baseRight * m - v.pointee.gainRight) / kf
    v.pointee.controlCountdown = k
}

@inline(__always)
private func advanceEG2(_ v: UnsafeMutablePointer<Voice>, frames: Int) {
    let f = Float(frames)
    switch v.pointee.eg2Stage {
    case .delay:
        v.pointee.eg2FramesLeft -= frames
        if v.pointee.eg2FramesLeft <= 0 { v.pointee.eg2Stage = .attack }
    case .attack:
        v.pointee.eg2Value += v.pointee.eg2AttackRate * f
        if v.pointee.eg2Value >= 1 { v.pointee.eg2Value = 1; v.pointee.eg2Stage = .hold; v.pointee.eg2FramesLeft = v.pointee.eg2HoldFrames }
    case .hold:
        v.pointee.eg2FramesLeft -= frames
        if v.pointee.eg2FramesLeft <= 0 { v.pointee.eg2Stage = .decay }
    case .decay:
        v.pointee.eg2Value -= v.pointee.eg2DecayRate * f
        if v.pointee.eg2Value <= v.pointee.eg2Sustain { v.pointee.eg2Value = v.pointee.eg2Sustain; v.pointee.eg2Stage = .sustain }
    case .release, .shutdown:
        v.pointee.eg2Value -= v.pointee.eg2ReleaseRate * f
        if v.pointee.eg2Value <= 0 { v.pointee.eg2Value = 0; v.pointee.eg2Stage = .finished }
    case .sustain, .finished:
        break
    }
}

// MARK: Interpolators

protocol Interpolator {
    /// Frames needed after the read position (for the loop-wrap test).
    static var reach: Int { get }
    static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float
    static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                            loopStart: Int, loopEnd: Int) -> Float
}

@inline(__always) private func wrap(_ i: Int, _ start: Int, _ end: Int) -> Int { i >= end ? i - (end - start) : i }

enum Linear: Interpolator {
    static var reach: Int { 1 }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        let a = f[i]
        return a + (f[i + 1] - a) * frac
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        let a = f[i]
        return a + (f[wrap(i + 1, loopStart, loopEnd)] - a) * frac
    }
}

enum Cubic: Interpolator {
    static var reach: Int { 2 }
    @inline(__always) static func hermite(_ xm1: Float, _ x0: Float, _ x1: Float, _ x2: Float, _ t: Float) -> Float {
        let c1 = 0.5 * (x1 - xm1)
        let c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2
        let c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1)
        return ((c3 * t + c2) * t + c1) * t + x0
    }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        hermite(f[i - 1], f[i], f[i + 1], f[i + 2], frac)
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        hermite(f[i - 1], f[i], f[wrap(i + 1, loopStart, loopEnd)], f[wrap(i + 2, loopStart, loopEnd)], frac)
    }
}

enum Sinc: Interpolator {
    static var reach: Int { 4 }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        let row = sinc + Int(frac * Float(SincTable.phases)) * SincTable.taps
        let b = f + (i - 3)
        var acc: Float = 0
        for k in 0..<SincTable.taps { acc += b[k] * row[k] }
        return acc
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        let row = sinc + Int(frac * Float(SincTable.phases)) * SincTable.taps
        var acc: Float = 0
        for k in 0..<SincTable.taps { acc += f[wrap(i - 3 + k, loopStart, loopEnd)] * row[k] }
        return acc
    }
}

/// The oscillator, filter and EG1 for `n` frames into `out`. Returns frames produced (fewer
/// when a one-shot reaches its end).
@inline(__always)
private func oscillate<I: Interpolator>(_ v: UnsafeMutablePointer<Voice>, _ frames: UnsafeMutablePointer<Float>,
                                        _ out: UnsafeMutablePointer<Float>, _ n: Int, _ add: Float, _ factor: Float,
                                        _: I.Type, _ sinc: UnsafeMutablePointer<Float>) -> Int {
    var amp = v.pointee.amplitude
    var phase = v.pointee.phase
    let inc = v.pointee.increment
    let looping = v.pointee.loopMode != .oneShot
    let end = looping ? v.pointee.loopEnd : v.pointee.frameCount
    let endFixed = UInt64(end) << 32
    let loopStart = v.pointee.loopStart
    let loopLengthFixed = UInt64(v.pointee.loopEnd - v.pointee.loopStart) << 32
    let safeEnd = end - I.reach    // below this no read crosses the loop end
    let filterOn = v.pointee.filterOn
    var filter = v.pointee.filter
    var i = 0
    while i < n {
        if phase >= endFixed {
            if !looping { break }
            while phase >= endFixed { phase &-= loopLengthFixed }
        }
        let idx = Int(truncatingIfNeeded: phase >> 32)
        let frac = Float(UInt32(truncatingIfNeeded: phase)) * (1.0 / 4_294_967_296.0)
        var x = (looping && idx >= safeEnd)
            ? I.readWrapped(frames, idx, frac, sinc, loopStart: loopStart, loopEnd: end)
            : I.read(frames, idx, frac, sinc)
        if filterOn { x = filter.process(x) }
        out[i] = x * amp
        amp = amp * factor + add
        phase &+= inc
        i += 1
    }
    v.pointee.phase = phase
    v.pointee.amplitude = min(amp, 1)
    v.pointee.filter = filter
    return i
}

/// Frames until `amplitude × factor^n` falls to `target` (at least 1).
@inline(__always)
private func framesUntil(_ amplitude: Float, reaches target: Float, factor: Float) -> Int {
    if amplitude <= target || factor <= 0 { return 1 }
    let n = log(Double(target) / Double(amplitude)) / log(Double(factor))
    if !n.isFinite || n > 1e9 { return 1 << 30 }
    return max(1, Int(n.rounded(.up)))
}
