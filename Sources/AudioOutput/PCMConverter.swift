/// Float32 → integer PCM conversion, in one place, so every output that produces integer
/// samples (the ALSA S16_LE path, the WAV/FLAC 16-bit and 24-bit writers) yields the same values
/// for the same floats.
///
/// Rule (16-bit): `s = x · 32768`, rounded to nearest with ties to even (IEEE default, the
/// same as `lrintf`), then clipped to [-32768, 32767]. So `+1.0 → 32767`, `−1.0 → −32768`,
/// `0.5 → 16384`. NaN becomes 0, ±∞ clip. 24-bit is the same with 8,388,608 and
/// [-8388608, 8388607]. No dither yet.
///
/// It is a value type with `mutating` conversion methods on purpose: deterministic TPDF dither
/// (a later change) will keep its generator state here, and each output owns one converter.
/// Conversion allocates nothing and is safe on the real-time thread.
public struct PCMConverter: Sendable {
    /// TPDF dither of ±1 LSB on the 16-bit path (the sum of two uniform values), from a fixed
    /// seed so offline renders stay byte-identical. Off by default.
    public var dither: Bool
    @usableFromInline var ditherState: UInt32 = 0x2545_F491

    public init(dither: Bool = false) { self.dither = dither }

    /// Next uniform value in [0, 1) (xorshift32: cheap, deterministic, allocation-free).
    @inlinable @inline(__always)
    mutating func nextUniform() -> Float {
        var x = ditherState
        x ^= x << 13; x ^= x >> 17; x ^= x << 5
        ditherState = x
        return Float(x >> 8) * (1.0 / 16_777_216.0)
    }

    // MARK: Scalar rules

    /// One Float32 sample (full scale ±1.0) to Int16.
    @inlinable @inline(__always)
    public static func int16(fromFloat x: Float) -> Int16 {
        var v = (x * 32768).rounded(.toNearestOrEven)
        v = v.isNaN ? 0 : v
        v = v < -32768 ? -32768 : v
        v = v > 32767 ? 32767 : v
        return Int16(v)
    }

    /// One Float32 sample to a 24-bit value in [-8388608, 8388607] (right-aligned in an Int32).
    @inlinable @inline(__always)
    public static func int24(fromFloat x: Float) -> Int32 {
        // Scaling by a power of two is exact in Float, and every integer in range fits
        // Float's 24-bit significand, so Float arithmetic gives the exact rounded value.
        var v = (x * 8_388_608).rounded(.toNearestOrEven)
        v = v.isNaN ? 0 : v
        v = v < -8_388_608 ? -8_388_608 : v
        v = v > 8_388_607 ? 8_388_607 : v
        return Int32(v)
    }

    // MARK: Buffer conversion (real-time safe)

    /// Converts `count` samples (not frames) to Int16.
    @inlinable
    public mutating func convert(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Int16>) {
        var i = 0
        if dither {
            while i < count {
                let noise = (nextUniform() - nextUniform()) * (1.0 / 32768.0)   // TPDF, ±1 LSB
                destination[i] = PCMConverter.int16(fromFloat: source[i] + noise)
                i &+= 1
            }
            return
        }
        while i < count {
            destination[i] = PCMConverter.int16(fromFloat: source[i])
            i &+= 1
        }
    }

    /// One Float32 sample to a full-scale Int32 (×2^31, clipped).
    @inlinable @inline(__always)
    public static func int32(fromFloat x: Float) -> Int32 {
        let v = Double(x) * 2_147_483_648
        if v.isNaN { return 0 }
        if v >= 2_147_483_647 { return Int32.max }
        if v <= -2_147_483_648 { return Int32.min }
        return Int32(v.rounded(.toNearestOrEven))
    }

    /// Converts `count` samples to full-scale Int32 (`sf_write_int` for 32-bit files).
    @inlinable
    public mutating func convert(_ source: UnsafePointer<Float>, count: Int, intoInt32 destination: UnsafeMutablePointer<Int32>) {
        var i = 0
        while i < count {
            destination[i] = PCMConverter.int32(fromFloat: source[i])
            i &+= 1
        }
    }

    /// Converts `count` samples to 24-bit values placed in the top 24 bits of an Int32
    /// (`value << 8`), the layout libsndfile's `sf_write_int` expects for a 24-bit file.
    @inlinable
    public mutating func convert(_ source: UnsafePointer<Float>, count: Int, intoInt24MSBAligned destination: UnsafeMutablePointer<Int32>) {
        var i = 0
        while i < count {
            destination[i] = PCMConverter.int24(fromFloat: source[i]) << 8
            i &+= 1
        }
    }

    // MARK: Allocating conveniences (tests, tools; not for the real-time thread)

    /// The Int16 samples for `samples`.
    public mutating func int16Samples(_ samples: [Float]) -> [Int16] {
        var out = [Int16](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if let s = src.baseAddress, let d = dst.baseAddress { convert(s, count: src.count, into: d) }
            }
        }
        return out
    }

    /// The bytes of S16_LE / WAV PCM16 data for `samples`: what ALSA receives and what a 16-bit
    /// WAV's data chunk holds.
    public mutating func int16LittleEndianBytes(_ samples: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * 2)
        for v in int16Samples(samples) {
            let u = UInt16(bitPattern: v)
            out.append(UInt8(truncatingIfNeeded: u))
            out.append(UInt8(truncatingIfNeeded: u >> 8))
        }
        return out
    }

    /// The 24-bit values (right-aligned) for `samples`.
    public mutating func int24Samples(_ samples: [Float]) -> [Int32] {
        samples.map(PCMConverter.int24(fromFloat:))
    }
}
