#if canImport(Glibc)
import Glibc
#endif

/// The DLS2 2-pole resonant low-pass (reference/dls-synthesis.md §4.8): cutoff in absolute
/// cents (the corner where the −12 dB/octave asymptote meets the pass band), resonance as the
/// ratio of peak to DC gain in dB, DC lowered by half the resonance so the peak rises by the
/// other half. Realised as a biquad whose Q gives exactly that peak/DC ratio.
struct LowPassFilter {
    var b0: Float = 1, b1: Float = 0, b2: Float = 0, a1: Float = 0, a2: Float = 0
    var x1: Float = 0, x2: Float = 0, y1: Float = 0, y2: Float = 0

    /// Frequency below which the filter is considered open (bypassed).
    static func bypassHz(sampleRate: Double) -> Double { min(20_000, 0.45 * sampleRate) }

    static func hz(cents: Double) -> Double { 440 * pow(2, (cents - 6900) / 1200) }

    /// Q for a resonance peak `peakDB` above DC (0 dB → Butterworth, Q = 1/√2).
    static func q(resonanceDB: Double) -> Double {
        let p = pow(10, max(0, min(22.5, resonanceDB)) / 20)
        let p2 = p * p
        return ((p2 + (p2 * p2 - p2).squareRoot()) / 2).squareRoot()
    }

    /// DC gain that lowers the pass band by half the resonance (10^(−Q_dB/40)).
    static func dcGain(resonanceDB: Double) -> Double { pow(10, -max(0, min(22.5, resonanceDB)) / 40) }

    /// Coefficients for a cutoff in absolute cents. Single precision throughout: this runs
    /// once per control interval for every filtered voice, so it must be cheap.
    @inline(__always)
    mutating func setCoefficients(cutoffCents: Float, halfOverQ: Float, dcGain: Float, sampleRate: Float) {
        let hz = 440 * exp2f((cutoffCents - 6900) * (1.0 / 1200))
        let f = min(max(hz, 5), 0.45 * sampleRate)
        let w = 2 * Float.pi * f / sampleRate
        let alpha = sinf(w) * halfOverQ
        let c = cosf(w)
        let inv = 1 / (1 + alpha)
        b1 = (1 - c) * inv * dcGain
        b0 = b1 * 0.5
        b2 = b0
        a1 = -2 * c * inv
        a2 = (1 - alpha) * inv
    }

    /// Direct form I: only `− a1·y[n−1]` sits on the sample-to-sample dependency chain (one
    /// multiply-add), where the transposed form II needs two; the filter is latency-bound, so
    /// this nearly halves its cost.
    @inline(__always) mutating func process(_ x: Float) -> Float {
        let t = b0 * x + b1 * x1 + b2 * x2 - a2 * y2
        let y = t - a1 * y1
        x2 = x1; x1 = x
        y2 = y1; y1 = y
        return y
    }

    mutating func flushDenormals() {
        if abs(y1) < 1e-20 { y1 = 0 }
        if abs(y2) < 1e-20 { y2 = 0 }
        if abs(x1) < 1e-20 { x1 = 0 }
        if abs(x2) < 1e-20 { x2 = 0 }
    }
}
