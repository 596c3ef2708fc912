/// The oscillator's readers. `read` interpolates one output frame; `run` fills a block of
/// frames whose reads all stay inside the wave (no loop wrap), which is where nearly all the
/// time goes: linear and cubic evaluate eight frames at once in SIMD lanes (the fetches are
/// scalar, the arithmetic is not), sinc stays scalar.
protocol Interpolator {
    /// Frames needed after the read position (for the loop-wrap test).
    static var reach: Int { get }
    static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float
    static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                            loopStart: Int, loopEnd: Int) -> Float
    /// Writes `count` frames to `out` starting at `phase` (32.32 fixed point) and advances it.
    /// Every read must lie inside the allocation (the caller bounds `count`).
    static func run(_ f: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
                    _ phase: inout UInt64, _ increment: UInt64, _ sinc: UnsafePointer<Float>)
}

/// The fractional part of a 32.32 phase as a Float in [0, 1). 24 bits: exact in a Float, and
/// the Int32 → Float conversion is a single instruction in SIMD lanes, unlike UInt32's.
@inline(__always) func phaseFraction(_ p: UInt64) -> Float {
    Float(Int32(truncatingIfNeeded: (p & 0xFFFF_FFFF) >> 8)) * (1.0 / 16_777_216.0)
}

@inline(__always) private func wrap(_ i: Int, _ start: Int, _ end: Int) -> Int { i >= end ? i - (end - start) : i }

extension Interpolator {
    @inline(__always)
    static func run(_ f: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
                    _ phase: inout UInt64, _ increment: UInt64, _ sinc: UnsafePointer<Float>) {
        runScalar(f, out, from: 0, to: count, &phase, increment, sinc)
    }

    /// Frames `start..<end` one at a time (the whole block for sinc, the tail for the others).
    @inline(__always)
    static func runScalar(_ f: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, from start: Int, to end: Int,
                          _ phase: inout UInt64, _ increment: UInt64, _ sinc: UnsafePointer<Float>) {
        var p = phase
        for k in start..<max(start, end) {
            out[k] = read(f, Int(truncatingIfNeeded: p >> 32), phaseFraction(p), sinc)
            p &+= increment
        }
        phase = p
    }
}

/// Eight consecutive fractions: the low 32 phase bits advance by the increment's low bits
/// (mod 2³², the carries go to the integer part, which this does not need).
@inline(__always) private func fractions8(_ p: UInt64, _ increment: UInt64) -> SIMD8<Float> {
    let low = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: p))
        &+ SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7) &* UInt32(truncatingIfNeeded: increment)
    return SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: low &>> 8)) * (1.0 / 16_777_216.0)
}

enum Linear: Interpolator {
    static var reach: Int { 1 }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        let a = f[i]
        return a + (f[i + 1] - a) * frac
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        let a = f[i]
        return a + (f[wrap(i + 1, loopStart, loopEnd)] - a) * frac
    }
    @inline(__always)
    static func run(_ f: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
                    _ phase: inout UInt64, _ increment: UInt64, _ sinc: UnsafePointer<Float>) {
        var p = phase
        var k = 0
        while k + 8 <= count {
            let t = fractions8(p, increment)
            var a = SIMD8<Float>(), b = SIMD8<Float>()
            for j in 0..<8 {
                let s = f + Int(truncatingIfNeeded: p >> 32)
                a[j] = s[0]; b[j] = s[1]
                p &+= increment
            }
            UnsafeMutableRawPointer(out + k).storeBytes(of: a + (b - a) * t, as: SIMD8<Float>.self)
            k += 8
        }
        phase = p
        runScalar(f, out, from: k, to: count, &phase, increment, sinc)
    }
}

/// 4-point cubic Hermite (Catmull–Rom).
enum Cubic: Interpolator {
    static var reach: Int { 2 }
    @inline(__always) static func hermite(_ xm1: Float, _ x0: Float, _ x1: Float, _ x2: Float, _ t: Float) -> Float {
        let c1 = 0.5 * (x1 - xm1)
        let c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2
        let c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1)
        return ((c3 * t + c2) * t + c1) * t + x0
    }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        hermite(f[i - 1], f[i], f[i + 1], f[i + 2], frac)
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        hermite(f[i - 1], f[i], f[wrap(i + 1, loopStart, loopEnd)], f[wrap(i + 2, loopStart, loopEnd)], frac)
    }
    @inline(__always)
    static func run(_ f: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
                    _ phase: inout UInt64, _ increment: UInt64, _ sinc: UnsafePointer<Float>) {
        var p = phase
        var k = 0
        let raw = UnsafeRawPointer(f)
        while k + 8 <= count {
            let t = fractions8(p, increment)
            // Each frame's four taps are adjacent: one unaligned load per frame, then a
            // transpose into tap vectors (far cheaper than 32 single-lane inserts).
            var r = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(),
                     SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
            @inline(__always) func taps(_ p: UInt64) -> SIMD4<Float> {
                raw.loadUnaligned(fromByteOffset: 4 * (Int(truncatingIfNeeded: p >> 32) - 1), as: SIMD4<Float>.self)
            }
            r.0 = taps(p); p &+= increment
            r.1 = taps(p); p &+= increment
            r.2 = taps(p); p &+= increment
            r.3 = taps(p); p &+= increment
            r.4 = taps(p); p &+= increment
            r.5 = taps(p); p &+= increment
            r.6 = taps(p); p &+= increment
            r.7 = taps(p); p &+= increment
            let xm1 = SIMD8<Float>(r.0[0], r.1[0], r.2[0], r.3[0], r.4[0], r.5[0], r.6[0], r.7[0])
            let x0 = SIMD8<Float>(r.0[1], r.1[1], r.2[1], r.3[1], r.4[1], r.5[1], r.6[1], r.7[1])
            let x1 = SIMD8<Float>(r.0[2], r.1[2], r.2[2], r.3[2], r.4[2], r.5[2], r.6[2], r.7[2])
            let x2 = SIMD8<Float>(r.0[3], r.1[3], r.2[3], r.3[3], r.4[3], r.5[3], r.6[3], r.7[3])
            let c1 = 0.5 * (x1 - xm1)
            let c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2
            let c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1)
            let y = ((c3 * t + c2) * t + c1) * t + x0
            UnsafeMutableRawPointer(out + k).storeBytes(of: y, as: SIMD8<Float>.self)
            k += 8
        }
        phase = p
        runScalar(f, out, from: k, to: count, &phase, increment, sinc)
    }
}

/// 8-point windowed sinc (the table is `SincTable`).
enum Sinc: Interpolator {
    static var reach: Int { 4 }
    @inline(__always) static func read(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>) -> Float {
        let row = sinc + Int(frac * Float(SincTable.phases)) * SincTable.taps
        let b = f + (i - 3)
        var acc: Float = 0
        for k in 0..<SincTable.taps { acc += b[k] * row[k] }
        return acc
    }
    @inline(__always) static func readWrapped(_ f: UnsafePointer<Float>, _ i: Int, _ frac: Float, _ sinc: UnsafePointer<Float>,
                                              loopStart: Int, loopEnd: Int) -> Float {
        let row = sinc + Int(frac * Float(SincTable.phases)) * SincTable.taps
        var acc: Float = 0
        for k in 0..<SincTable.taps { acc += f[wrap(i - 3 + k, loopStart, loopEnd)] * row[k] }
        return acc
    }
}
