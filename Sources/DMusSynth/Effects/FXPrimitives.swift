#if canImport(Glibc)
import Glibc
#endif

// Small building blocks shared by the send effects. Everything here is real-time safe: no
// allocation, no locks, bounded work. Hot-loop helpers are `@inline(__always)` free functions
// over plain values so the loops never touch class properties (reference/swift-audio.md §5).

/// Values whose magnitude is below this are stored as exact zero. Every write into effect state
/// (delay lines, filter states) goes through `fxFlush`, so no state can decay into the subnormal
/// range (Float subnormals start at 1.2e-38; 1e-20 is −400 dBFS, far below anything audible).
/// Explicit flushing keeps the output deterministic and independent of the CPU's FTZ/DAZ mode.
let fxFlushThreshold: Float = 1e-20

/// Flush tiny values to zero (branch-free select in release builds).
@inline(__always) func fxFlush(_ x: Float) -> Float {
    abs(x) < fxFlushThreshold ? 0 : x
}

/// Input sanitiser for the send buses: NaN and ±Inf become 0 and the level is limited to
/// ±`fxInputLimit` (+36 dBFS) so no upstream fault can put non-finite or absurd values into a
/// feedback loop. Tiny values are flushed like state.
let fxInputLimit: Float = 64
@inline(__always) func fxSanitize(_ x: Float) -> Float {
    // `!(a < b)` is true for NaN, so NaN lands in the first branch.
    let m = abs(x)
    if !(m < fxInputLimit) { return x.isNaN ? 0 : (x > 0 ? fxInputLimit : -fxInputLimit) }
    return m < fxFlushThreshold ? 0 : x
}

/// A linear gain ramp evaluated per sample. `set(target:over:)` is called per block or on a
/// parameter change; `next()` in the hot loop.
struct FXRamp {
    var value: Float
    var target: Float
    var step: Float = 0
    var remaining: Int = 0

    init(_ v: Float) { value = v; target = v }

    mutating func set(target t: Float, over samples: Int) {
        target = t
        if samples <= 0 || t == value { value = t; remaining = 0; step = 0; return }
        remaining = samples
        step = (t - value) / Float(samples)
    }

    @inline(__always) mutating func next() -> Float {
        if remaining > 0 {
            value += step
            remaining -= 1
            if remaining == 0 { value = target }
        }
        return value
    }

    var isSettled: Bool { remaining == 0 }
}

/// One-pole low-pass coefficient for `y += k·(x − y)` with a −3 dB point near `hz`
/// (exact impulse-invariant mapping; `hz` ≥ Nyquist gives k = 1, i.e. no filtering).
func fxOnePoleCoefficient(cutoffHz hz: Double, sampleRate fs: Double) -> Float {
    guard hz.isFinite, hz > 0, hz < 0.49 * fs else { return 1 }
    return Float(1 - exp(-2 * Double.pi * hz / fs))
}

/// GS "Pre-LPF" 0…7 (reverb and chorus): 0 is off, each step lowers the cut-off by 0.6 octave
/// from 16 kHz (3 → 4.6 kHz, 4 → 3.0 kHz, 7 → 870 Hz). Our own mapping: Roland documents only
/// "higher values cut more".
func fxPreLowpassCoefficient(_ value: Int, sampleRate fs: Double) -> Float {
    let v = min(max(value, 0), 7)
    if v == 0 { return 1 }
    return fxOnePoleCoefficient(cutoffHz: 16_000 * pow(2, -0.6 * Double(v)), sampleRate: fs)
}

/// A damping filter for a feedback loop: `y = a·x + p·y₁` (one-pole low-pass with gain).
/// Designed so that |H| equals `gainAtReference` at `referenceHz` (the band where RT60 is
/// specified) and the ratio |H(highHz)| / |H(0)| equals `highRatio`.
/// Returns (a, p); p = 0 when no damping is wanted. The DC gain a/(1−p) is kept below 1.
func fxDampingFilter(gainAtReference g: Double, referenceHz: Double, highRatio r: Double,
                     highHz: Double, sampleRate fs: Double) -> (a: Float, p: Float) {
    let gain = min(max(g.isFinite ? g : 0, 0), 0.9999)
    var p = 0.0
    let ratio = min(max(r.isFinite ? r : 1, 0.01), 1)
    let wh = 2 * Double.pi * min(highHz, 0.45 * fs) / fs
    if ratio < 0.9999 {
        // (1−p)² = r²(1 − 2p cos w + p²)  →  (1−r²)p² − 2(1 − r² cos w)p + (1−r²) = 0
        let r2 = ratio * ratio
        let A = 1 - r2, B = 1 - r2 * cos(wh)
        let disc = max(B * B - A * A, 0)
        p = (B - disc.squareRoot()) / A
        p = min(max(p, 0), 0.999)
    }
    // Magnitude of (1−p)/(1 − p e^{-jw}) at the reference frequency.
    let wr = 2 * Double.pi * referenceHz / fs
    let magRef = (1 - p) / (1 - 2 * p * cos(wr) + p * p).squareRoot()
    var dcGain = gain / max(magRef, 1e-9)
    dcGain = min(dcGain, 0.9999)
    return (Float(dcGain * (1 - p)), Float(p))
}

/// Deterministic 32-bit LCG (Numerical Recipes constants) for the few pseudo-random choices
/// (sign patterns); never used per sample.
struct FXRandom {
    var state: UInt32
    init(seed: UInt32) { state = seed }
    mutating func next() -> UInt32 {
        state = state &* 1_664_525 &+ 1_013_904_223
        return state
    }
}

/// Smallest prime ≥ n (n ≥ 2) not contained in `used[0..<usedCount]`. Bounded trial division:
/// delay lengths are below 2^17, so at most ~360 divisions per candidate.
func fxPrime(atLeast n: Int, excluding used: UnsafePointer<Int>, count usedCount: Int) -> Int {
    var c = max(n, 2)
    while true {
        if fxIsPrime(c) {
            var taken = false
            for i in 0..<usedCount where used[i] == c { taken = true; break }
            if !taken { return c }
        }
        c += 1
    }
}

func fxIsPrime(_ n: Int) -> Bool {
    if n < 2 { return false }
    if n < 4 { return true }
    if n % 2 == 0 { return false }
    var d = 3
    while d * d <= n {
        if n % d == 0 { return false }
        d += 2
    }
    return true
}

/// Smallest power of two ≥ n.
func fxPowerOfTwo(atLeast n: Int) -> Int {
    var p = 1
    while p < n { p <<= 1 }
    return p
}
