#if canImport(Glibc)
import Glibc
#endif

/// EG1 segments. Delay and hold count frames; attack is linear in amplitude; decay, release
/// and shutdown are linear in dB (a constant amplitude factor per frame).
enum EnvelopeStage: UInt8 {
    case delay, attack, hold, decay, sustain, release, shutdown, finished
}

/// One playing voice. Plain data in a preallocated pool; the mixer copies it to a local,
/// works on raw pointers, and writes it back once per segment.
struct Voice {
    var active = false
    var channelIndex: Int32 = 0        // group-major: (group − 1) × 16 + channel
    var key: UInt8 = 0
    var velocity: UInt8 = 0
    var instrumentSlot: Int32 = -1
    var regionIndex: Int32 = 0
    var keyGroup: UInt16 = 0
    var selfNonExclusive = false
    var startOrder: UInt64 = 0

    // Sample playback, 32.32 fixed-point phase.
    var frames: UnsafeMutablePointer<Float>? = nil
    var frameCount = 0
    var loopMode: LoopMode = .oneShot
    var loopStart = 0
    var loopEnd = 0
    var phase: UInt64 = 0
    var increment: UInt64 = 0
    /// wave rate / output rate, for pitch updates.
    var rateRatio = 1.0

    // Note state.
    var keyDown = false
    var heldByPedal = false

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

    // Output gains (amplifier × pan × master), ramped to avoid zipper noise.
    var gainLeft: Float = 0
    var gainRight: Float = 0
    var targetLeft: Float = 0
    var targetRight: Float = 0
    var stepLeft: Float = 0
    var stepRight: Float = 0
    var rampFramesLeft = 0

    /// Frames over which a gain change is ramped.
    static let gainRampFrames = 64
    /// Below this EG1 amplitude (−96 dB) a releasing voice is finished.
    static let silentAmplitude: Float = 1.5849e-5

    var isSounding: Bool { active && stage != .shutdown }

    mutating func setTargetGains(left: Float, right: Float, immediate: Bool) {
        targetLeft = left; targetRight = right
        if immediate {
            gainLeft = left; gainRight = right; stepLeft = 0; stepRight = 0; rampFramesLeft = 0
        } else {
            let n = Float(Voice.gainRampFrames)
            stepLeft = (left - gainLeft) / n
            stepRight = (right - gainRight) / n
            rampFramesLeft = Voice.gainRampFrames
        }
    }

    mutating func release() {
        guard active, stage.rawValue < EnvelopeStage.release.rawValue else { return }
        // From delay the voice has made no sound yet; attack continues multiplicatively from its level.
        if stage == .delay { amplitude = 0 }
        stage = .release
        if loopMode == .release { loopMode = .oneShot; loopEnd = frameCount }
    }

    mutating func shutDown() {
        guard active, stage != .shutdown, stage != .finished else { return }
        if stage == .delay { amplitude = 0 }
        stage = .shutdown
    }
}

/// Mixes `count` frames of one voice into interleaved stereo `out`. Returns false when the
/// voice finished. Splits the span into runs where the envelope rule and gain ramp are fixed,
/// so the inner loop is branch-light: one add-or-multiply per frame and the loop test.
@inline(__always)
func mixVoice(_ v: inout Voice, into out: UnsafeMutablePointer<Float>, count: Int) -> Bool {
    guard let frames = v.frames else { return false }
    var done = 0
    while done < count {
        // Envelope segment bookkeeping: choose the rule and how many frames it holds for.
        var n = count - done
        var add: Float = 0, factor: Float = 1
        switch v.stage {
        case .delay:
            if v.stageFramesLeft <= 0 { v.stage = .attack; continue }
            n = min(n, v.stageFramesLeft)
        case .attack:
            if v.amplitude >= 1 || v.attackStep >= 1 {
                v.amplitude = 1
                v.stage = .hold; v.stageFramesLeft = v.holdFrames; continue
            }
            add = v.attackStep
            n = min(n, max(1, Int(((1 - v.amplitude) / v.attackStep).rounded(.up))))
        case .hold:
            if v.stageFramesLeft <= 0 { v.stage = .decay; continue }
            n = min(n, v.stageFramesLeft)
        case .decay:
            if v.amplitude <= v.sustainAmplitude || v.decayFactor <= 0 {
                v.amplitude = v.sustainAmplitude; v.stage = .sustain; continue
            }
            factor = v.decayFactor
            n = min(n, framesUntil(v.amplitude, reaches: v.sustainAmplitude, factor: factor))
        case .sustain:
            if v.sustainAmplitude <= Voice.silentAmplitude { v.stage = .finished; continue }
        case .release, .shutdown:
            factor = v.stage == .release ? v.releaseFactor : v.shutdownFactor
            if v.amplitude <= Voice.silentAmplitude || factor <= 0 { v.stage = .finished; continue }
            n = min(n, framesUntil(v.amplitude, reaches: Voice.silentAmplitude, factor: factor))
        case .finished:
            v.active = false
            return false
        }
        if v.rampFramesLeft > 0 { n = min(n, v.rampFramesLeft) }

        // The inner loop.
        var amp = v.amplitude
        var gl = v.gainLeft, gr = v.gainRight
        let sl = v.rampFramesLeft > 0 ? v.stepLeft : 0, sr = v.rampFramesLeft > 0 ? v.stepRight : 0
        var phase = v.phase
        let inc = v.increment
        let looping = v.loopMode != .oneShot
        let end = UInt64(looping ? v.loopEnd : v.frameCount)
        let loopStart = v.loopStart
        let loopLengthFixed = UInt64(v.loopEnd - v.loopStart) << 32
        var o = out + 2 * done
        var ended = false
        var i = 0
        while i < n {
            let idx = Int(truncatingIfNeeded: phase >> 32)
            let frac = Float(UInt32(truncatingIfNeeded: phase)) * (1.0 / 4_294_967_296.0)
            let s0 = frames[idx]
            let s1 = (looping && idx + 1 == Int(end)) ? frames[loopStart] : frames[idx + 1]
            let s = s0 + (s1 - s0) * frac
            let a = s * amp
            o[0] += a * gl
            o[1] += a * gr
            o += 2
            amp = amp * factor + add
            gl += sl; gr += sr
            phase &+= inc
            if phase >> 32 >= end {
                if looping {
                    while phase >> 32 >= end { phase &-= loopLengthFixed }
                } else {
                    ended = true
                    i += 1
                    break
                }
            }
            i += 1
        }
        v.phase = phase
        v.amplitude = min(amp, 1)
        v.gainLeft = gl; v.gainRight = gr
        if v.rampFramesLeft > 0 {
            v.rampFramesLeft -= i
            if v.rampFramesLeft <= 0 { v.gainLeft = v.targetLeft; v.gainRight = v.targetRight; v.rampFramesLeft = 0 }
        }
        if v.stage == .delay || v.stage == .hold { v.stageFramesLeft -= i }
        done += i
        if ended { v.stage = .finished; v.active = false; return false }
    }
    return true
}

/// Frames until `amplitude × factor^n` falls to `target` (at least 1).
@inline(__always)
private func framesUntil(_ amplitude: Float, reaches target: Float, factor: Float) -> Int {
    if amplitude <= target { return 1 }
    if factor <= 0 { return 1 }
    let n = log(Double(target) / Double(amplitude)) / log(Double(factor))
    if !n.isFinite || n > 1e9 { return 1 << 30 }
    return max(1, Int(n.rounded(.up)))
}
