#if canImport(Glibc)
import Glibc
#endif

// Small, deterministic signal helpers for the generated resources. Everything here is plain
// Double arithmetic plus Glibc's sin/cos/exp/log2/pow, so the same build gives the same bytes.

let twoPi = 2.0 * Double.pi

/// A 64-bit linear congruential generator (Knuth's MMIX constants). Each sound seeds its own.
struct LCG {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func nextUInt32() -> UInt32 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt32(truncatingIfNeeded: state >> 32)
    }

    /// Uniform in [-1, 1).
    mutating func bipolar() -> Double { Double(nextUInt32()) / 2_147_483_648.0 - 1.0 }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(nextUInt32()) / 4_294_967_296.0 }
}

/// MIDI note (fractional) of a frequency.
func midiNote(ofFrequency hz: Double) -> Double { 69.0 + 12.0 * log2(hz / 440.0) }

/// Frequency of a MIDI note.
func frequency(ofNote note: Double) -> Double { 440.0 * pow(2.0, (note - 69.0) / 12.0) }

/// The unity note and fine tune (cents) that make a sample recorded at `hz` play in tune:
/// the unity note is the nearest key and the fine tune corrects the rest.
func tuning(forFrequency hz: Double) -> (unityNote: Int, fineTuneCents: Int) {
    let m = midiNote(ofFrequency: hz)
    let unity = Int(m.rounded())
    return (unity, Int(((Double(unity) - m) * 100.0).rounded()))
}

/// sin(2π · bin · n / length), computed from the integer phase so that the value is exactly
/// periodic in `length` samples (bit-identical loop samples).
@inline(__always)
func periodicSine(bin: Int, n: Int, length: Int, phase: Double = 0) -> Double {
    let k = (bin % length) * (n % length) % length
    return sin(twoPi * Double(k) / Double(length) + phase)
}

/// A decaying transient that is exactly 0 from `end` on: exponential with time constant
/// `tau` samples, shifted and scaled so it starts at 1 and reaches 0 at `end`.
@inline(__always)
func fadingExp(_ n: Int, tau: Double, end: Int) -> Double {
    guard n < end else { return 0 }
    let tail = exp(-Double(end) / tau)
    return (exp(-Double(n) / tau) - tail) / (1.0 - tail)
}

/// One-pole low-pass coefficient for a cutoff in Hz.
func onePoleCoefficient(cutoff: Double, sampleRate: Double) -> Double {
    1.0 - exp(-twoPi * cutoff / sampleRate)
}

/// In-place one-pole low-pass.
func lowPass(_ x: inout [Double], cutoff: Double, sampleRate: Double) {
    let a = onePoleCoefficient(cutoff: cutoff, sampleRate: sampleRate)
    var y = 0.0
    for i in x.indices {
        y += a * (x[i] - y)
        x[i] = y
    }
}

/// In-place one-pole high-pass (input minus its low-passed self).
func highPass(_ x: inout [Double], cutoff: Double, sampleRate: Double) {
    let a = onePoleCoefficient(cutoff: cutoff, sampleRate: sampleRate)
    var y = 0.0
    for i in x.indices {
        y += a * (x[i] - y)
        x[i] -= y
    }
}

/// An RBJ-cookbook biquad (direct form I).
struct Biquad {
    var b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
    var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

    enum Kind { case lowPass, highPass, bandPass }

    init(_ kind: Kind, frequency: Double, q: Double, sampleRate: Double) {
        let w = twoPi * min(frequency, sampleRate * 0.49) / sampleRate
        let cw = cos(w), alpha = sin(w) / (2.0 * q)
        let a0 = 1.0 + alpha
        switch kind {
        case .lowPass:
            b0 = (1 - cw) / 2; b1 = 1 - cw; b2 = (1 - cw) / 2
        case .highPass:
            b0 = (1 + cw) / 2; b1 = -(1 + cw); b2 = (1 + cw) / 2
        case .bandPass:  // constant 0 dB peak gain
            b0 = alpha; b1 = 0; b2 = -alpha
        }
        a1 = -2 * cw
        a2 = 1 - alpha
        b0 /= a0; b1 /= a0; b2 /= a0; a1 /= a0; a2 /= a0
    }

    @inline(__always)
    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2 = x1; x1 = x
        y2 = y1; y1 = y
        return y
    }

    mutating func process(_ buffer: inout [Double]) {
        for i in buffer.indices { buffer[i] = process(buffer[i]) }
    }
}

/// Filters a buffer as if it repeated forever (runs the filter over it several times and keeps
/// the last pass), so a noise loop stays seamless at its wrap point.
func circularFilter(_ buffer: inout [Double], _ filter: Biquad, passes: Int = 3) {
    var f = filter
    var out = buffer
    for _ in 0..<passes {
        for i in buffer.indices { out[i] = f.process(buffer[i]) }
    }
    buffer = out
}

/// White noise from an LCG.
func whiteNoise(count: Int, seed: UInt64) -> [Double] {
    var rng = LCG(seed: seed)
    return (0..<count).map { _ in rng.bipolar() }
}

/// Removes the mean.
func removeDC(_ x: inout [Double]) {
    guard !x.isEmpty else { return }
    let mean = x.reduce(0, +) / Double(x.count)
    for i in x.indices { x[i] -= mean }
}

/// Linear fade to 0 over the last `samples` samples (one-shots end in silence, no click).
func fadeOutTail(_ x: inout [Double], samples: Int) {
    let n = min(samples, x.count)
    guard n > 0 else { return }
    for i in 0..<n {
        x[x.count - n + i] *= Double(n - 1 - i) / Double(n)
    }
}

/// Linear fade-in over the first `samples` samples.
func fadeIn(_ x: inout [Double], samples: Int) {
    let n = min(samples, x.count)
    guard n > 0 else { return }
    for i in 0..<n { x[i] *= Double(i) / Double(n) }
}

/// 16-bit little-endian PCM, scaled so the largest magnitude sits at `peak` of full scale.
func pcm16(_ x: [Double], peak: Double = 0.891) -> [UInt8] {
    var maxAbs = 0.0
    for v in x { maxAbs = max(maxAbs, abs(v)) }
    let scale = maxAbs > 0 ? peak * 32767.0 / maxAbs : 0
    var out: [UInt8] = []
    out.reserveCapacity(x.count * 2)
    for v in x {
        let s = Int16(clamping: Int((v * scale).rounded()))
        let u = UInt16(bitPattern: s)
        out.append(UInt8(truncatingIfNeeded: u))
        out.append(UInt8(truncatingIfNeeded: u >> 8))
    }
    return out
}
