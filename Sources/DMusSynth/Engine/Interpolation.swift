#if canImport(Glibc)
import Glibc
#endif

/// Sample interpolation: how the oscillator reads between stored frames.
public enum Interpolation: String, Sendable, CaseIterable {
    /// 2-point linear: cheapest, audible aliasing and dulling on transposed samples.
    case linear
    /// 4-point cubic Hermite (Catmull–Rom): the default, as FluidSynth's and TiMidity++'s.
    case cubic
    /// 8-point Blackman-windowed sinc: the high-quality mode.
    case sinc
}

/// The windowed-sinc kernel, tabulated once per stream (off the real-time thread):
/// `phases` fractional positions × 8 taps, taps for frames idx−3 … idx+4.
struct SincTable {
    static let taps = 8
    static let phases = 256
    let coefficients: UnsafeMutablePointer<Float>

    init() {
        coefficients = .allocate(capacity: SincTable.phases * SincTable.taps)
        for p in 0..<SincTable.phases {
            let frac = Double(p) / Double(SincTable.phases)
            var sum = 0.0
            var row = [Double](repeating: 0, count: SincTable.taps)
            for t in 0..<SincTable.taps {
                let x = Double(t - 3) - frac            // distance from the read position
                let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
                let w = x / 4.0                          // window over ±4 frames
                let window = abs(w) >= 1 ? 0 : 0.42 + 0.5 * cos(Double.pi * w) + 0.08 * cos(2 * Double.pi * w)
                row[t] = sinc * window
                sum += row[t]
            }
            for t in 0..<SincTable.taps { coefficients[p * SincTable.taps + t] = Float(row[t] / sum) }  // unity DC gain
        }
    }

    func free() { coefficients.deallocate() }
}
