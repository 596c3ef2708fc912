#if canImport(Glibc)
import Glibc
#endif
import DMusPort

/// The totals of every destination a region's connection table drives, for one note on one
/// channel. Static and MIDI sources (velocity, key, controllers, pitch wheel, pressure, RPNs)
/// are evaluated here; LFO, vibrato and EG sources are per-voice modulators the mixer adds.
struct DestinationTotals {
    var pitchCents = 0.0
    var gainCentibels = 0.0
    var panPermille = 0.0
    var keyNumberHundredths = 0.0
    var reverbPermille = 0.0
    var chorusPermille = 0.0
    var filterCutoffCents = 0.0
    var filterQCentibels = 0.0
    var eg1DelayTimecents = 0.0, eg1AttackTimecents = 0.0, eg1HoldTimecents = 0.0, eg1DecayTimecents = 0.0
    var eg1SustainPermille = 0.0, eg1ReleaseTimecents = 0.0, eg1ShutdownTimecents = 0.0
    var eg2DelayTimecents = 0.0, eg2AttackTimecents = 0.0, eg2HoldTimecents = 0.0, eg2DecayTimecents = 0.0
    var eg2SustainPermille = 0.0, eg2ReleaseTimecents = 0.0
    var lfoFrequencyCents = 0.0, lfoDelayTimecents = 0.0
    var vibratoFrequencyCents = 0.0, vibratoDelayTimecents = 0.0
    /// Depths of the per-voice modulators (source output ±1 or 0…1 × depth), already scaled
    /// by their MIDI controls (CC1, pressure, …).
    var depths = ModulationDepths()
}

/// How far each per-voice modulator moves each destination.
struct ModulationDepths {
    var lfoToPitchCents: Float = 0
    var vibratoToPitchCents: Float = 0
    var eg2ToPitchCents: Float = 0
    var lfoToGainCentibels: Float = 0
    var lfoToCutoffCents: Float = 0
    var eg2ToCutoffCents: Float = 0
    var vibratoToGainCentibels: Float = 0
    var vibratoToCutoffCents: Float = 0
}

/// What the evaluator needs to know about a channel.
struct SourceValues {
    var key: Double
    var velocity: Double
    var controllers: UnsafeMutablePointer<UInt8>
    var pitchWheel: Double
    var channelPressure: Double
    var rpn0: Double      // semitones + cents/100 (range 128)
    var rpn1: Double      // 14-bit
    var rpn2: Double      // 7-bit, 64 = centre

    /// Raw value and range of a source, or nil for the per-voice modulators.
    @inline(__always) func raw(_ source: UInt16) -> (Double, Double)? {
        switch source {
        case ConnectionSource.none: return (1, 1)
        case ConnectionSource.keyOnVelocity: return (velocity, 128)
        case ConnectionSource.keyNumber: return (key, 128)
        case ConnectionSource.pitchWheel: return (pitchWheel, 16384)
        case ConnectionSource.channelPressure, ConnectionSource.monoPressure: return (channelPressure, 128)
        case ConnectionSource.polyPressure: return (0, 128)
        case ConnectionSource.rpn0: return (rpn0, 128)
        case ConnectionSource.rpn1: return (rpn1, 16384)
        case ConnectionSource.rpn2: return (rpn2, 128)
        case 0x80...0xFF: return (Double(controllers[Int(source - 0x80)]), 128)
        default: return nil
        }
    }
}

enum ConnectionEvaluator {
    @inline(__always)
    static func value(_ c: CompiledConnection, _ s: SourceValues) -> Double? {
        guard let (x, range) = s.raw(c.source) else { return nil }
        let src = c.source == ConnectionSource.none ? 1 :
            applyTransform(x, range: range, curve: c.sourceCurve, bipolar: c.sourceBipolar, invert: c.sourceInvert)
        var ctl = 1.0
        if c.control != ConnectionSource.none {
            guard let (y, r2) = s.raw(c.control) else { return nil }
            ctl = applyTransform(y, range: r2, curve: c.controlCurve, bipolar: c.controlBipolar, invert: c.controlInvert)
        }
        return src * ctl * c.scale
    }

    /// Sums every connection into its destination. Key→pitch pivots at the unity note (the
    /// spec's intent, "scale 0 = the key has no effect"; reference §4.4 recommendation).
    static func evaluate(_ region: UnsafePointer<RegionRecord>, _ s: SourceValues) -> DestinationTotals {
        var t = DestinationTotals()
        let table = region.pointee.connections
        let n = region.pointee.connectionCount
        // The key-number generator first: it feeds key→pitch.
        for i in 0..<n where table[i].destination == ConnectionDestination.keyNumber {
            if let v = value(table[i], s) { t.keyNumberHundredths += v }
        }
        let effectiveKey = t.keyNumberHundredths / 100
        for i in 0..<n {
            let c = table[i]
            let d = c.destination
            if d == ConnectionDestination.keyNumber { continue }
            if isModulator(c.source) {
                addDepth(c, s, into: &t.depths)
                continue
            }
            let v: Double
            if d == ConnectionDestination.pitch && c.source == ConnectionSource.keyNumber && c.control == ConnectionSource.none
                && c.sourceCurve == 0 && !c.sourceBipolar && !c.sourceInvert {
                v = c.scale * (effectiveKey - region.pointee.unityNote) / 128
            } else {
                guard let x = value(c, s) else { continue }
                v = x
            }
            switch d {
            case ConnectionDestination.pitch: t.pitchCents += v
            case ConnectionDestination.gain: t.gainCentibels += v
            case ConnectionDestination.pan: t.panPermille += v
            case ConnectionDestination.reverb: t.reverbPermille += v
            case ConnectionDestination.chorus: t.chorusPermille += v
            case ConnectionDestination.filterCutoff: t.filterCutoffCents += v
            case ConnectionDestination.filterQ: t.filterQCentibels += v
            case ConnectionDestination.eg1DelayTime: t.eg1DelayTimecents += v
            case ConnectionDestination.eg1AttackTime: t.eg1AttackTimecents += v
            case ConnectionDestination.eg1HoldTime: t.eg1HoldTimecents += v
            case ConnectionDestination.eg1DecayTime: t.eg1DecayTimecents += v
            case ConnectionDestination.eg1SustainLevel: t.eg1SustainPermille += v
            case ConnectionDestination.eg1ReleaseTime: t.eg1ReleaseTimecents += v
            case ConnectionDestination.eg1ShutdownTime: t.eg1ShutdownTimecents += v
            case ConnectionDestination.eg2DelayTime: t.eg2DelayTimecents += v
            case ConnectionDestination.eg2AttackTime: t.eg2AttackTimecents += v
            case ConnectionDestination.eg2HoldTime: t.eg2HoldTimecents += v
            case ConnectionDestination.eg2DecayTime: t.eg2DecayTimecents += v
            case ConnectionDestination.eg2SustainLevel: t.eg2SustainPermille += v
            case ConnectionDestination.eg2ReleaseTime: t.eg2ReleaseTimecents += v
            case ConnectionDestination.lfoFrequency: t.lfoFrequencyCents += v
            case ConnectionDestination.lfoStartDelay: t.lfoDelayTimecents += v
            case ConnectionDestination.vibratoFrequency: t.vibratoFrequencyCents += v
            case ConnectionDestination.vibratoStartDelay: t.vibratoDelayTimecents += v
            default: break
            }
        }
        t.pitchCents += region.pointee.fineTuneCents
        t.gainCentibels += region.pointee.sampleGainCentibels
        t.panPermille += region.pointee.channelPanPermille
        return t
    }

    @inline(__always) static func isModulator(_ source: UInt16) -> Bool {
        source == ConnectionSource.lfo || source == ConnectionSource.vibrato
            || source == ConnectionSource.eg2 || source == ConnectionSource.eg1
    }

    /// A modulator connection contributes its control × scale as a depth; the voice supplies
    /// the modulator's output (LFOs ±1, EG2 0…1) at control rate.
    private static func addDepth(_ c: CompiledConnection, _ s: SourceValues, into d: inout ModulationDepths) {
        var ctl = 1.0
        if c.control != ConnectionSource.none {
            guard let (y, r2) = s.raw(c.control) else { return }
            ctl = applyTransform(y, range: r2, curve: c.controlCurve, bipolar: c.controlBipolar, invert: c.controlInvert)
        }
        // An inverted source flips the modulator's sign (bipolar LFO) or runs it 1 → 0 (EG2);
        // curves on modulators are treated as linear.
        let depth = Float(ctl * c.scale) * (c.sourceInvert ? -1 : 1)
        switch (c.source, c.destination) {
        case (ConnectionSource.lfo, ConnectionDestination.pitch): d.lfoToPitchCents += depth
        case (ConnectionSource.vibrato, ConnectionDestination.pitch): d.vibratoToPitchCents += depth
        case (ConnectionSource.eg2, ConnectionDestination.pitch): d.eg2ToPitchCents += depth
        case (ConnectionSource.lfo, ConnectionDestination.gain): d.lfoToGainCentibels += depth
        case (ConnectionSource.vibrato, ConnectionDestination.gain): d.vibratoToGainCentibels += depth
        case (ConnectionSource.lfo, ConnectionDestination.filterCutoff): d.lfoToCutoffCents += depth
        case (ConnectionSource.vibrato, ConnectionDestination.filterCutoff): d.vibratoToCutoffCents += depth
        case (ConnectionSource.eg2, ConnectionDestination.filterCutoff): d.eg2ToCutoffCents += depth
        default: break
        }
    }

    /// Timecents → seconds; the "absolute zero" lScale (−32768 tc) gives ≈ 0.
    @inline(__always) static func seconds(timecents: Double) -> Double {
        timecents <= -20_000 ? 0 : pow(2, timecents / 1200)
    }
}
