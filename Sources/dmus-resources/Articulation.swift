#if canImport(Glibc)
import Glibc
#endif
import DLS
import DMusPort

/// A readable description of one DLS2 articulation, turned into `art2` connection blocks.
/// Units as the musician thinks of them: seconds, percent, dB, cents, Hz. Only connections
/// that differ from the DLS2 defaults are written (dls-synthesis.md §3.1).
struct ArticulationSpec {
    // EG1 (volume): DAHDSR.
    var attack = 0.0
    var hold = 0.0
    /// Time for a fall over the full 96 dB (DLS rate-based decay), at key 60.
    var decay = 0.0
    var sustainPercent = 100.0
    var release = 0.3
    /// How the decay time changes per octave above key 60, in timecents (−600 = ×0.71/octave).
    var decayTimecentsPerOctave = 0.0
    /// Velocity 127 → attack time change in timecents (negative = faster when hit harder).
    var velocityToAttackTimecents = 0.0

    /// Constant gain in dB (level balancing between programs).
    var gainDB = 0.0
    /// Constant tuning in cents.
    var pitchCents = 0.0
    /// Pan, −50…+50 % (drum regions).
    var panPercent = 0.0
    /// Sends on top of the CC91/CC93 controls, in percent.
    var reverbPercent = 0.0
    var chorusPercent = 0.0

    // Vibrato LFO.
    var vibratoCents = 0.0
    var vibratoHz = 5.5
    var vibratoDelay = 0.55
    /// Vibrato depth at full modulation wheel (CC1), cents.
    var modWheelVibratoCents = 0.0

    // Modulation LFO: tremolo and filter wobble.
    var lfoHz = 5.0
    var lfoDelay = 0.0
    var tremoloDB = 0.0
    var lfoToCutoffCents = 0.0

    // Low-pass filter (nil = off).
    var cutoffHz: Double? = nil
    var resonanceDB = 0.0
    /// 0 = fixed cutoff, 1 = the cutoff follows the key fully (100 cents per key), pivot key 60.
    var cutoffKeyTracking = 0.0
    /// Cutoff at velocity 0 relative to velocity 127, cents (negative: softer is darker); the
    /// cutoff above is the one at velocity 127.
    var velocityToCutoffCents = 0.0

    // EG2 (filter/pitch envelope).
    var eg2Attack = 0.0
    var eg2Decay = 0.0
    var eg2SustainPercent = 100.0
    var eg2Release = 0.0
    var eg2ToCutoffCents = 0.0
    var eg2ToPitchCents = 0.0

    static func absoluteCents(hz: Double) -> Double { 6900 + 1200 * log2(hz / 440) }

    var connections: [DLSConnection] {
        typealias S = ConnectionSource
        typealias D = ConnectionDestination
        typealias T = ConnectionTransform
        let bip = T.source(T.none, bipolar: true)
        var out: [DLSConnection] = []
        func add(_ src: UInt16, _ ctl: UInt16, _ dst: UInt16, _ trn: UInt16, _ scale: Int32) {
            out.append(DLSConnection(source: src, control: ctl, destination: dst, transform: trn, scale: scale))
        }
        func add(_ src: UInt16, _ dst: UInt16, _ scale: Int32) { add(src, S.none, dst, 0, scale) }
        func add(_ src: UInt16, _ dst: UInt16, _ trn: UInt16, _ scale: Int32) { add(src, S.none, dst, trn, scale) }
        func tc(_ seconds: Double) -> Int32 { ConnectionScale.timecents(seconds: seconds) }
        func fx(_ v: Double) -> Int32 { ConnectionScale.fixed(v) }

        // EG1
        add(S.none, D.eg1AttackTime, tc(attack))
        if hold > 0 { add(S.none, D.eg1HoldTime, tc(hold)) }
        if decayTimecentsPerOctave != 0 && decay > 0 {
            // key/128 · scale = timecents; scale per octave = 12 keys. Pivot at key 60.
            let perKey = decayTimecentsPerOctave / 12
            add(S.none, D.eg1DecayTime, fx(1200 * log2(decay) - 60 * perKey))
            add(S.keyNumber, D.eg1DecayTime, fx(perKey * 128))
        } else {
            add(S.none, D.eg1DecayTime, tc(decay))
        }
        add(S.none, D.eg1SustainLevel, fx(sustainPercent * 10))
        add(S.none, D.eg1ReleaseTime, tc(release))
        if velocityToAttackTimecents != 0 { add(S.keyOnVelocity, D.eg1AttackTime, fx(velocityToAttackTimecents * 128 / 127)) }

        // Level, tuning, placement.
        if gainDB != 0 { add(S.none, D.gain, fx(gainDB * 10)) }
        if pitchCents != 0 { add(S.none, D.pitch, fx(pitchCents)) }
        if panPercent != 0 { add(S.none, D.pan, fx(panPercent * 10)) }
        if reverbPercent != 0 { add(S.none, D.reverb, fx(reverbPercent * 10)) }
        if chorusPercent != 0 { add(S.none, D.chorus, fx(chorusPercent * 10)) }

        // Vibrato LFO.
        if vibratoCents != 0 || modWheelVibratoCents != 0 {
            add(S.none, D.vibratoFrequency, fx(Self.absoluteCents(hz: vibratoHz)))
            add(S.none, D.vibratoStartDelay, tc(vibratoDelay))
            if vibratoCents != 0 { add(S.vibrato, D.pitch, bip, fx(vibratoCents)) }
            if modWheelVibratoCents != 0 { add(S.vibrato, S.cc1, D.pitch, bip, fx(modWheelVibratoCents)) }
        }

        // Modulation LFO.
        if tremoloDB != 0 || lfoToCutoffCents != 0 {
            add(S.none, D.lfoFrequency, fx(Self.absoluteCents(hz: lfoHz)))
            add(S.none, D.lfoStartDelay, tc(lfoDelay))
            if tremoloDB != 0 { add(S.lfo, D.gain, bip, fx(-tremoloDB * 10)) }
            if lfoToCutoffCents != 0 && cutoffHz != nil { add(S.lfo, D.filterCutoff, bip, fx(lfoToCutoffCents)) }
        }

        // Filter.
        if let cutoffHz {
            var base = Self.absoluteCents(hz: cutoffHz)
            if cutoffKeyTracking != 0 {
                add(S.keyNumber, D.filterCutoff, fx(cutoffKeyTracking * 12800))
                base -= cutoffKeyTracking * 6000
            }
            if velocityToCutoffCents != 0 {
                // Velocity 127 opens the filter to `cutoffHz`; velocity 0 leaves it lower.
                add(S.keyOnVelocity, D.filterCutoff, fx(-velocityToCutoffCents * 128 / 127))
                base += velocityToCutoffCents
            }
            add(S.none, D.filterCutoff, fx(base))
            if resonanceDB != 0 { add(S.none, D.filterQ, fx(resonanceDB * 10)) }
            if eg2ToCutoffCents != 0 { add(S.eg2, D.filterCutoff, fx(eg2ToCutoffCents)) }
        }

        // EG2.
        if eg2ToPitchCents != 0 { add(S.eg2, D.pitch, fx(eg2ToPitchCents)) }
        if eg2ToPitchCents != 0 || (eg2ToCutoffCents != 0 && cutoffHz != nil) {
            add(S.none, D.eg2AttackTime, tc(eg2Attack))
            add(S.none, D.eg2DecayTime, tc(eg2Decay))
            add(S.none, D.eg2SustainLevel, fx(eg2SustainPercent * 10))
            add(S.none, D.eg2ReleaseTime, tc(eg2Release))
        }
        return out
    }

    var dls: DLSArticulation { DLSArticulation(isDLS2: true, connections: connections) }
}
