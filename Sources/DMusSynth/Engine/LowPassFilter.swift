#if canImport(Glibc)
import Glibc
#endif

/// The DLS2 2-pole resonant low-pass (reference/dls-synthesis.md §4.8): cutoff in absolute
/// cents (the corner where the −12 dB/octave asymptote meets the pass band), resonance as the
/// ratio of peak to DC gain in dB, DC lowered by half the resonance so the peak rises by the
/// other half. Realised as a biquad whose Q gives exactly that peak/DC ratio.
///
/// A single biquad is one long dependency chain (each output needs the previous one), so run
/// frame by frame it is latency-bound. `process(block:)` instead computes eight frames at
/// once in closed form — the zero-state response of the eight inputs (a lower-triangular
/// Toeplitz product with the impulse response) plus the response to the two previous outputs —
/// leaving one short chain per eight frames. The block matrices are refreshed with the
/// coefficients, once per control interval at most.
struct LowPassFilter {
    var b0: Float = 1, b1: Float = 0, b2: Float = 0, a1: Float = 0, a2: Float = 0
    var x1: Float = 0, x2: Float = 0, y1: Float = 0, y2: Float = 0
    /// Column j of the block matrix: the impulse response delayed by j frames.
    var h0 = SIMD8<Float>(1, 0, 0, 0, 0, 0, 0, 0), h1 = SIMD8<Float>(0, 1, 0, 0, 0, 0, 0, 0)
    var h2 = SIMD8<Float>(0, 0, 1, 0, 0, 0, 0, 0), h3 = SIMD8<Float>(0, 0, 0, 1, 0, 0, 0, 0)
    var h4 = SIMD8<Float>(0, 0, 0, 0, 1, 0, 0, 0), h5 = SIMD8<Float>(0, 0, 0, 0, 0, 1, 0, 0)
    var h6 = SIMD8<Float>(0, 0, 0, 0, 0, 0, 1, 0), h7 = SIMD8<Float>(0, 0, 0, 0, 0, 0, 0, 1)
    /// The block's response to y[n−1] = 1 and to y[n−2] = 1.
    var fromY1 = SIMD8<Float>(), fromY2 = SIMD8<Float>()

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
        let hz = 440 * FastMath.exp2((cutoffCents - 6900) * (1.0 / 1200))
        let f = min(max(hz, 5), 0.45 * sampleRate)
        // w = 2πf/rate. 1 − cos w = 2 sin²(w/2) keeps its precision at low cutoffs, where
        // cos w is within a few ulps of 1 (and no libm call).
        let halfSine = FastMath.sine(cycles: 0.5 * f / sampleRate)
        let oneMinusCos = 2 * halfSine * halfSine
        let c = 1 - oneMinusCos
        let alpha = FastMath.sine(cycles: f / sampleRate) * halfOverQ
        let inv = 1 / (1 + alpha)
        b1 = oneMinusCos * inv * dcGain
        b0 = b1 * 0.5
        b2 = b0
        a1 = -2 * c * inv
        a2 = (1 - alpha) * inv
        updateBlockMatrices()
    }

    @inline(__always) private mutating func updateBlockMatrices() {
        var h = SIMD8<Float>(), p = SIMD8<Float>(), q = SIMD8<Float>()
        // g[k] = −a1·g[k−1] − a2·g[k−2], from three starting conditions.
        var (hm1, hm2): (Float, Float) = (0, 0), (pm1, pm2): (Float, Float) = (1, 0), (qm1, qm2): (Float, Float) = (0, 1)
        for k in 0..<8 {
            let hk = (k == 0 ? 1 : 0) - a1 * hm1 - a2 * hm2
            let pk = -a1 * pm1 - a2 * pm2
            let qk = -a1 * qm1 - a2 * qm2
            h[k] = hk; p[k] = pk; q[k] = qk
            (hm2, hm1) = (hm1, hk); (pm2, pm1) = (pm1, pk); (qm2, qm1) = (qm1, qk)
        }
        let z: Float = 0
        h0 = h
        h1 = SIMD8(z, h[0], h[1], h[2], h[3], h[4], h[5], h[6])
        h2 = SIMD8(z, z, h[0], h[1], h[2], h[3], h[4], h[5])
        h3 = SIMD8(z, z, z, h[0], h[1], h[2], h[3], h[4])
        h4 = SIMD8(z, z, z, z, h[0], h[1], h[2], h[3])
        h5 = SIMD8(z, z, z, z, z, h[0], h[1], h[2])
        h6 = SIMD8(z, z, z, z, z, z, h[0], h[1])
        h7 = SIMD8(z, z, z, z, z, z, z, h[0])
        fromY1 = p; fromY2 = q
    }

    /// Filters `count` frames of `x` into `y` (distinct buffers). `x[-1]` and `x[-2]` must
    /// be readable and hold this filter's `x1` and `x2` (the caller keeps two frames of history
    /// in front of the block).
    @inline(__always)
    mutating func process(block x: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        var o1 = y1, o2 = y2
        let raw = UnsafeMutableRawPointer(x)
        while k + 8 <= count {
            let xs = raw + 4 * k
            let x0 = xs.loadUnaligned(as: SIMD8<Float>.self)
            let xm1 = (xs - 4).loadUnaligned(as: SIMD8<Float>.self)
            let xm2 = (xs - 8).loadUnaligned(as: SIMD8<Float>.self)
            let t = b0 * x0 + b1 * xm1 + b2 * xm2
            var u = h0 * t[0] + h1 * t[1]
            u += h2 * t[2] + h3 * t[3]
            u += h4 * t[4] + h5 * t[5]
            u += h6 * t[6] + h7 * t[7]
            let out = u + fromY1 * o1 + fromY2 * o2
            UnsafeMutableRawPointer(y + k).storeBytes(of: out, as: SIMD8<Float>.self)
            o1 = out[7]; o2 = out[6]
            k += 8
        }
        y1 = o1; y2 = o2
        if k > 0 { x1 = x[k - 1]; x2 = x[k - 2] }
        while k < count {
            y[k] = process(x[k])
            k += 1
        }
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
