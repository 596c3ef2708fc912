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
    /// The cents the increment was last computed for (NaN: recompute at the next update).
    var lastPitchCents: Float = .nan

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
        stageFramesLeft = -1      // the fall's length is worked out when it starts
        if eg2Stage.rawValue < EnvelopeStage.release.rawValue { eg2Stage = .release }
        // A release loop is left at note-off: play on past the loop end to the sample's end.
        if loopMode == .release { loopMode = .oneShot }
    }

    mutating func shutDown() {
        guard active, stage != .shutdown, stage != .finished else { return }
        if stage == .delay { amplitude = 0 }
        stage = .shutdown
        stageFramesLeft = -1
    }
}
