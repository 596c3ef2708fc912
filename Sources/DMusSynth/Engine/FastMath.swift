/// Cheap, deterministic replacements for `sinf` and `exp2f` at control rate, where every
/// sounding voice evaluates two LFOs and a pitch ratio each interval (with libm these calls
/// were 7 % of a full render). Plain arithmetic: the same bits on every machine.
enum FastMath {
    /// sin(2π·cycles) for any finite `cycles`; absolute error below 4e-6.
    @inline(__always) static func sine(cycles x: Float) -> Float {
        // −0.5 ≤ t < 0.5. Truncation is floor for the (usual) non-negative phases, and no
        // libm call: Float.rounded is a function call on baseline x86-64 (no SSE4.1).
        let shifted = x + 0.5
        var t = shifted >= 0 && shifted < 8_388_608 ? x - Float(Int32(shifted)) : x - (shifted).rounded(.down)
        if t > 0.25 { t = 0.5 - t } else if t < -0.25 { t = -0.5 - t }
        let u2 = t * t
        // Taylor series of sin(2πt) to t⁹ on |t| ≤ ¼ (|2πt| ≤ π/2).
        return t * (6.2831853 + u2 * (-41.341702 + u2 * (81.605249 + u2 * (-76.705859 + u2 * 42.058694))))
    }

    /// 2^x for −126 ≤ x ≤ 126; relative error below 2e-7 (0.0004 cents as a pitch ratio).
    @inline(__always) static func exp2(_ x: Float) -> Float {
        let x = max(-126, min(126, x))
        let i = Int32(x + 126.5) - 126                 // round half up, no libm call
        let n = Float(i)                               // |x − n| ≤ ½
        let f = (x - n) * 0.69314718                  // ln 2 · fraction
        // e^f to f⁶ (|f| ≤ 0.347).
        let p = 1 + f * (1 + f * (0.5 + f * (0.16666667 + f * (0.041666668 + f * (0.0083333333 + f * 0.0013888889)))))
        return p * Float(bitPattern: UInt32(truncatingIfNeeded: i &+ 127) << 23)
    }
}
