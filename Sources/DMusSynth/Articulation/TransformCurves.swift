#if canImport(Glibc)
import Glibc
#endif

/// The DLS transforms on a normalised input (reference/dls-synthesis.md §2.5). `x` is the raw
/// value and `range` its raw range R (128 for 7-bit sources, 16384 for 14-bit).
@inline(__always)
func applyTransform(_ x: Double, range: Double, curve: UInt8, bipolar: Bool, invert: Bool) -> Double {
    let maxValue = range * 127 / 128
    var v = invert ? maxValue - x : x
    if v < 0 { v = 0 }
    if !bipolar {
        return unipolarCurve(v, range: range, maxValue: maxValue, curve: curve)
    }
    switch curve {
    case 1, 2:
        // Mirrored about the centre, each half taking the curve over the half range.
        let centred = 2 * v - maxValue
        let f = unipolarCurve(abs(centred), range: maxValue, maxValue: maxValue, curve: curve)
        return centred < 0 ? -f : f
    default:
        return 2 * unipolarCurve(v, range: range, maxValue: maxValue, curve: curve) - 1
    }
}

@inline(__always)
private func unipolarCurve(_ x: Double, range: Double, maxValue: Double, curve: UInt8) -> Double {
    switch curve {
    case 1:  // concave
        if x >= maxValue * (1 - 0.003981071705534972) { return 1 }   // 1 − 10^−2.4
        return -(5.0 / 12.0) * log10(1 - x / maxValue)
    case 2:  // convex
        if x <= maxValue * 0.003981071705534972 { return 0 }
        return 1 + (5.0 / 12.0) * log10(x / maxValue)
    case 3:  // switch
        return x < range / 2 ? 0 : 1
    default:
        return x / range
    }
}
