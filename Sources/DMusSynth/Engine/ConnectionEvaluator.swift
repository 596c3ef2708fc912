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
            default: break
            }
        }
        t.pitchCents += region.pointee.fineTuneCents
        t.gainCentibels += region.pointee.sampleGainCentibels
        return t
    }

    /// Timecents → seconds; the "absolute zero" lScale (−32768 tc) gives ≈ 0.
    @inline(__always) static func seconds(timecents: Double) -> Double {
        timecents <= -20_000 ? 0 : pow(2, timecents / 1200)
    }
}
